# generated from fixtures/gadgets.yaml by codegen — do not edit.

from __future__ import annotations

from typing import Annotated, Literal

from codegen.runtime.meta import ObjectMeta
from codegen.runtime.model import K8sModel
from pydantic import ConfigDict, Field, StrictBool, StrictStr


class WidgetSpec(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    gadget_ref: Annotated[StrictStr | None, Field(alias="gadgetRef")] = None
    labels: dict[str, StrictStr] | None = None


class WidgetStatus(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    ready: StrictBool | None = None


class Widget(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        arbitrary_types_allowed=True,
    )
    api_version: Annotated[Literal["golden.example.com/v1beta1"], Field(alias="apiVersion")]
    kind: Literal["Widget"]
    metadata: ObjectMeta | None = None
    spec: WidgetSpec | None = None
    status: WidgetStatus | None = None
