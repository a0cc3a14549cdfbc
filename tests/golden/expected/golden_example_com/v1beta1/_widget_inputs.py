# generated from fixtures/gadgets.yaml by codegen — do not edit.
# `pulumi.get` returns Any. Not `# type: ignore[no-any-return]` per getter: mypy builds that
# message (the whole nested TypedDict type) even when it is ignored, which takes it tens of GB on
# PodSpec-sized CRDs.
# mypy: no-warn-return-any
from __future__ import annotations

import builtins as _builtins
from collections.abc import Mapping
from typing import NotRequired, TypedDict

import pulumi

__all__ = [
    "WidgetSpecArgs",
    "WidgetSpecArgsDict",
]


class WidgetSpecArgsDict(TypedDict):
    """Input of `spec`."""

    gadget_ref: NotRequired[pulumi.Input[_builtins.str | None]]

    labels: NotRequired[pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.str]] | None]]


@pulumi.input_type
class WidgetSpecArgs:
    def __init__(
        __self__,
        *,
        gadget_ref: pulumi.Input[_builtins.str | None] = None,
        labels: pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.str]] | None] = None,
    ) -> None:
        """Input of `spec`."""
        if gadget_ref is not None:
            pulumi.set(__self__, "gadget_ref", gadget_ref)
        if labels is not None:
            pulumi.set(__self__, "labels", labels)

    @_builtins.property
    @pulumi.getter(name="gadgetRef")
    def gadget_ref(self) -> pulumi.Input[_builtins.str | None]:
        return pulumi.get(self, "gadget_ref")

    @gadget_ref.setter
    def gadget_ref(self, value: pulumi.Input[_builtins.str | None]) -> None:
        pulumi.set(self, "gadget_ref", value)

    @_builtins.property
    @pulumi.getter(name="labels")
    def labels(self) -> pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.str]] | None]:
        return pulumi.get(self, "labels")

    @labels.setter
    def labels(
        self, value: pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.str]] | None]
    ) -> None:
        pulumi.set(self, "labels", value)
