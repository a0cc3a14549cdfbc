# generated from crd/modelserving.yaml by codegen — do not edit.
from __future__ import annotations

import builtins as _builtins
from typing import Literal, NotRequired, TypedDict

import pulumi

__all__ = [
    "ModelServingSpecArgs",
    "ModelServingSpecArgsDict",
]


class ModelServingSpecArgsDict(TypedDict):
    """Input of `spec`."""

    model_uri_: pulumi.Input[_builtins.str]
    """Where the model artifacts live."""

    model_format_: NotRequired[pulumi.Input[Literal["onnx", "pytorch", "sklearn"]]]

    image: pulumi.Input[_builtins.str]

    replicas: NotRequired[pulumi.Input[_builtins.int]]


@pulumi.input_type
class ModelServingSpecArgs:
    def __init__(
        __self__,
        *,
        model_uri_: pulumi.Input[_builtins.str],
        image: pulumi.Input[_builtins.str],
        model_format_: pulumi.Input[Literal["onnx", "pytorch", "sklearn"]] | None = None,
        replicas: pulumi.Input[_builtins.int] | None = None,
    ) -> None:
        """Input of `spec`."""
        pulumi.set(__self__, "model_uri_", model_uri_)
        pulumi.set(__self__, "image", image)
        if model_format_ is not None:
            pulumi.set(__self__, "model_format_", model_format_)
        if replicas is not None:
            pulumi.set(__self__, "replicas", replicas)

    @_builtins.property
    @pulumi.getter(name="modelUri")
    def model_uri_(self) -> pulumi.Input[_builtins.str]:
        """Where the model artifacts live."""
        return pulumi.get(self, "model_uri_")  # type: ignore[no-any-return]

    @model_uri_.setter
    def model_uri_(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "model_uri_", value)

    @_builtins.property
    @pulumi.getter(name="modelFormat")
    def model_format_(self) -> pulumi.Input[Literal["onnx", "pytorch", "sklearn"]] | None:
        return pulumi.get(self, "model_format_")  # type: ignore[no-any-return]

    @model_format_.setter
    def model_format_(
        self, value: pulumi.Input[Literal["onnx", "pytorch", "sklearn"]] | None
    ) -> None:
        pulumi.set(self, "model_format_", value)

    @_builtins.property
    @pulumi.getter(name="image")
    def image(self) -> pulumi.Input[_builtins.str]:
        return pulumi.get(self, "image")  # type: ignore[no-any-return]

    @image.setter
    def image(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "image", value)

    @_builtins.property
    @pulumi.getter(name="replicas")
    def replicas(self) -> pulumi.Input[_builtins.int] | None:
        return pulumi.get(self, "replicas")  # type: ignore[no-any-return]

    @replicas.setter
    def replicas(self, value: pulumi.Input[_builtins.int] | None) -> None:
        pulumi.set(self, "replicas", value)
