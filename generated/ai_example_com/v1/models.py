# generated from crd/modelserving.yaml by codegen — do not edit.

from __future__ import annotations

from typing import Annotated, Any, Literal

from codegen.runtime.meta import ObjectMeta
from codegen.runtime.model import K8sModel
from pydantic import ConfigDict, Field, StrictInt, StrictStr


class ModelServingSpecModel(K8sModel):
    """
    The model to serve.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    name: Annotated[StrictStr, Field(max_length=63)]
    """
    Model name, a DNS-1123 label.
    """
    format: Literal[
        "onnx", "pytorch", "tensorflow", "sklearn", "xgboost", "huggingface", "triton", "vllm"
    ]
    """
    Serialization format of the model; selects the serving runtime.
    """
    storage_uri: Annotated[StrictStr, Field(alias="storageUri")]
    """
    Where the model artifacts live.
    """
    version: StrictStr | None = None
    """
    Model version or revision.
    """


class ModelServingSpecAutoscaling(K8sModel):
    """
    Horizontal autoscaling between minReplicas and maxReplicas.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    min_replicas: Annotated[StrictInt | None, Field(alias="minReplicas", ge=0)] = 1
    max_replicas: Annotated[StrictInt, Field(alias="maxReplicas", ge=1)]
    metric: Literal["cpu", "memory", "concurrency", "rps"] | None = "concurrency"
    target: Annotated[StrictInt | None, Field(ge=1)] = None
    """
    Target value of the metric per replica.
    """


class ModelServingSpecResources(K8sModel):
    """
    Compute resources of each replica.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    requests: dict[str, StrictInt | StrictStr] | None = None
    limits: dict[str, StrictInt | StrictStr] | None = None
    gpus: Annotated[StrictInt | None, Field(ge=0)] = 0


class ModelServingSpecEnv(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    name: Annotated[StrictStr, Field(min_length=1)]
    value: StrictStr | None = None


class ModelServingSpecCanary(K8sModel):
    """
    A canary revision that receives part of the traffic.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    image: Annotated[StrictStr, Field(min_length=1)]
    traffic_percent: Annotated[StrictInt, Field(alias="trafficPercent", ge=0, le=99)]


class ModelServingStatusConditions(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    type: StrictStr
    status: Literal["True", "False", "Unknown"]
    reason: StrictStr | None = None
    message: StrictStr | None = None
    last_transition_time: Annotated[StrictStr | None, Field(alias="lastTransitionTime")] = None


class ModelServingSpec(K8sModel):
    """
    The desired state of the model server.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    model: ModelServingSpecModel
    """
    The model to serve.
    """
    image: Annotated[StrictStr, Field(min_length=1)]
    """
    Container image of the serving runtime.
    """
    image_pull_policy: Annotated[
        Literal["Always", "IfNotPresent", "Never"] | None, Field(alias="imagePullPolicy")
    ] = "IfNotPresent"
    replicas: Annotated[StrictInt | None, Field(ge=0)] = 1
    """
    Number of serving replicas when autoscaling is off.
    """
    autoscaling: ModelServingSpecAutoscaling | None = None
    """
    Horizontal autoscaling between minReplicas and maxReplicas.
    """
    resources: ModelServingSpecResources | None = None
    """
    Compute resources of each replica.
    """
    port: Annotated[StrictInt | None, Field(ge=1, le=65535)] = 8080
    protocol: Literal["http", "grpc"] | None = "http"
    env: list[ModelServingSpecEnv] | None = None
    """
    Environment variables of the serving container.
    """
    canary: ModelServingSpecCanary | None = None
    """
    A canary revision that receives part of the traffic.
    """
    runtime_config: Annotated[dict[str, Any] | None, Field(alias="runtimeConfig")] = None
    """
    Free-form settings passed to the serving runtime as-is.
    """
    node_selector: Annotated[dict[str, StrictStr] | None, Field(alias="nodeSelector")] = None


class ModelServingStatus(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    replicas: StrictInt | None = None
    ready_replicas: Annotated[StrictInt | None, Field(alias="readyReplicas")] = None
    selector: StrictStr | None = None
    url: StrictStr | None = None
    observed_generation: Annotated[StrictInt | None, Field(alias="observedGeneration")] = None
    conditions: list[ModelServingStatusConditions] | None = None


class ModelServing(K8sModel):
    """
    ModelServing serves a machine-learning model behind a scalable, autoscaled HTTP or gRPC endpoint.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        arbitrary_types_allowed=True,
    )
    api_version: Annotated[Literal["ai.example.com/v1"], Field(alias="apiVersion")]
    kind: Literal["ModelServing"]
    metadata: ObjectMeta | None = None
    spec: ModelServingSpec | None = None
    """
    The desired state of the model server.
    """
    status: ModelServingStatus | None = None
