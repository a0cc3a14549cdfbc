# generated from fixtures/gadgets.yaml by codegen — do not edit.
from __future__ import annotations

import builtins as _builtins
from typing import TYPE_CHECKING, Any

import pulumi
from codegen.runtime.pulumi_resource import TypedCustomResource
from pulumi_kubernetes import meta as _meta

if TYPE_CHECKING:  # annotations only: importing the resource loads neither Args nor models
    from ._gadget_inputs import (
        GadgetSpecArgs,
        GadgetSpecArgsDict,
    )

__all__ = ["Gadget"]


class Gadget(TypedCustomResource):
    """
    Gadget (golden.example.com/v1beta1).

    apiVersion: golden.example.com/v1beta1, kind: Gadget; validated against fixtures/gadgets.yaml
    before it is registered.

    v1beta1 is the storage version of this CRD.
    """

    API_VERSION = "golden.example.com/v1beta1"
    KIND = "Gadget"
    # outputs, named as in the manifest (set by the Pulumi SDK once registered)
    spec: pulumi.Output[Any]

    def __init__(
        __self__,
        resource_name: _builtins.str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        metadata: pulumi.Input[_meta.v1.ObjectMetaArgs | _meta.v1.ObjectMetaArgsDict | None] = None,
        spec: pulumi.Input[GadgetSpecArgs | GadgetSpecArgsDict | None] = None,
    ) -> None:
        from . import _gadget_models as _models  # loaded on first use: large for big CRDs

        super().__init__(
            resource_name,
            opts,
            model=_models.Gadget,
            inputs={
                "metadata": metadata,
                "spec": spec,
            },
        )
