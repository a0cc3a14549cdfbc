# generated from crd/modelserving.yaml by codegen — do not edit.
from __future__ import annotations

import builtins as _builtins
from typing import TYPE_CHECKING, Any

import pulumi
from codegen.runtime.pulumi_resource import TypedCustomResource
from pulumi_kubernetes import meta as _meta
from typing_extensions import deprecated

if TYPE_CHECKING:  # annotations only: importing the resource loads neither Args nor models
    from ._inputs import (
        ModelServingSpecArgs,
        ModelServingSpecArgsDict,
    )

__all__ = ["ModelServing"]


# category=None: type checkers that report deprecations (mypy --enable-error-code
# deprecated, pyright reportDeprecated) flag uses; the runtime warns once per validation.
@deprecated(
    "ai.example.com/v1alpha1 ModelServing is deprecated; use ai.example.com/v1", category=None
)
class ModelServing(TypedCustomResource):
    """
    ModelServing (ai.example.com/v1alpha1).

    apiVersion: ai.example.com/v1alpha1, kind: ModelServing; validated against crd/modelserving.yaml
    before it is registered.

    The API server stores ModelServing as v1 (converted).

    Deprecated: ai.example.com/v1alpha1 ModelServing is deprecated; use ai.example.com/v1
    """

    API_VERSION = "ai.example.com/v1alpha1"
    KIND = "ModelServing"
    # outputs, named as in the manifest (set by the Pulumi SDK once registered)
    spec: pulumi.Output[Any]

    def __init__(
        __self__,
        resource_name: _builtins.str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        metadata: pulumi.Input[_meta.v1.ObjectMetaArgs | _meta.v1.ObjectMetaArgsDict | None] = None,
        spec: pulumi.Input[ModelServingSpecArgs | ModelServingSpecArgsDict | None] = None,
    ) -> None:
        from . import models as _models  # loaded on first use: large for big CRDs

        super().__init__(
            resource_name,
            opts,
            model=_models.ModelServing,
            inputs={
                "metadata": metadata,
                "spec": spec,
            },
        )
