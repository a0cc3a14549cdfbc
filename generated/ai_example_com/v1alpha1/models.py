# generated from crd/modelserving.yaml by codegen — do not edit.

from __future__ import annotations

from typing import Annotated, Literal

from codegen.runtime.meta import ObjectMeta
from codegen.runtime.model import K8sModel
from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr


class ModelServingSpec(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    model_uri: Annotated[StrictStr, Field(alias="modelUri")]
    """
    Where the model artifacts live.
    """
    model_format: Annotated[
        Literal["onnx", "pytorch", "sklearn"] | None, Field(alias="modelFormat")
    ] = None
    image: Annotated[StrictStr, Field(min_length=1)]
    replicas: Annotated[StrictInt | None, Field(ge=0)] = 1


class ModelServingStatus(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    ready: StrictBool | None = None


class ModelServing(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        arbitrary_types_allowed=True,
    )
    api_version: Annotated[Literal["ai.example.com/v1alpha1"], Field(alias="apiVersion")]
    kind: Literal["ModelServing"]
    metadata: ObjectMeta | None = None
    spec: ModelServingSpec | None = None
    status: ModelServingStatus | None = None
