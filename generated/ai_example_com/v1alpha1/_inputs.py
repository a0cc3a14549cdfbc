# generated from crd/modelserving.yaml by codegen — do not edit.
# `pulumi.get` returns Any. Not `# type: ignore[no-any-return]` per getter: mypy builds that
# message (the whole nested TypedDict type) even when it is ignored, which takes it tens of GB on
# PodSpec-sized CRDs.
# mypy: no-warn-return-any
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

    model_uri: pulumi.Input[_builtins.str]
    """Where the model artifacts live."""

    model_format: NotRequired[pulumi.Input[Literal["onnx", "pytorch", "sklearn"] | None]]

    image: pulumi.Input[_builtins.str]

    replicas: NotRequired[pulumi.Input[_builtins.int | None]]


@pulumi.input_type
class ModelServingSpecArgs:
    def __init__(
        __self__,
        *,
        model_uri: pulumi.Input[_builtins.str],
        image: pulumi.Input[_builtins.str],
        model_format: pulumi.Input[Literal["onnx", "pytorch", "sklearn"] | None] = None,
        replicas: pulumi.Input[_builtins.int | None] = None,
    ) -> None:
        """Input of `spec`."""
        pulumi.set(__self__, "model_uri", model_uri)
        pulumi.set(__self__, "image", image)
        if model_format is not None:
            pulumi.set(__self__, "model_format", model_format)
        if replicas is not None:
            pulumi.set(__self__, "replicas", replicas)

    @_builtins.property
    @pulumi.getter(name="modelUri")
    def model_uri(self) -> pulumi.Input[_builtins.str]:
        """Where the model artifacts live."""
        return pulumi.get(self, "model_uri")

    @model_uri.setter
    def model_uri(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "model_uri", value)

    @_builtins.property
    @pulumi.getter(name="modelFormat")
    def model_format(self) -> pulumi.Input[Literal["onnx", "pytorch", "sklearn"] | None]:
        return pulumi.get(self, "model_format")

    @model_format.setter
    def model_format(
        self, value: pulumi.Input[Literal["onnx", "pytorch", "sklearn"] | None]
    ) -> None:
        pulumi.set(self, "model_format", value)

    @_builtins.property
    @pulumi.getter(name="image")
    def image(self) -> pulumi.Input[_builtins.str]:
        return pulumi.get(self, "image")

    @image.setter
    def image(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "image", value)

    @_builtins.property
    @pulumi.getter(name="replicas")
    def replicas(self) -> pulumi.Input[_builtins.int | None]:
        return pulumi.get(self, "replicas")

    @replicas.setter
    def replicas(self, value: pulumi.Input[_builtins.int | None]) -> None:
        pulumi.set(self, "replicas", value)
