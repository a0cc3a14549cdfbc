# generated from crd/modelserving.yaml by codegen — do not edit.
# `pulumi.get` returns Any. Not `# type: ignore[no-any-return]` per getter: mypy builds that
# message (the whole nested TypedDict type) even when it is ignored, which takes it tens of GB on
# PodSpec-sized CRDs.
# mypy: no-warn-return-any
from __future__ import annotations

import builtins as _builtins
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NotRequired, TypedDict

import pulumi

__all__ = [
    "ModelServingSpecArgs",
    "ModelServingSpecArgsDict",
    "ModelServingSpecAutoscalingArgs",
    "ModelServingSpecAutoscalingArgsDict",
    "ModelServingSpecCanaryArgs",
    "ModelServingSpecCanaryArgsDict",
    "ModelServingSpecEnvArgs",
    "ModelServingSpecEnvArgsDict",
    "ModelServingSpecModelArgs",
    "ModelServingSpecModelArgsDict",
    "ModelServingSpecResourcesArgs",
    "ModelServingSpecResourcesArgsDict",
]


class ModelServingSpecArgsDict(TypedDict):
    """The desired state of the model server."""

    model: pulumi.Input[ModelServingSpecModelArgsDict]
    """The model to serve."""

    image: pulumi.Input[_builtins.str]
    """Container image of the serving runtime."""

    image_pull_policy: NotRequired[pulumi.Input[Literal["Always", "IfNotPresent", "Never"] | None]]

    replicas: NotRequired[pulumi.Input[_builtins.int | None]]
    """Number of serving replicas when autoscaling is off."""

    autoscaling: NotRequired[pulumi.Input[ModelServingSpecAutoscalingArgsDict | None]]
    """Horizontal autoscaling between minReplicas and maxReplicas."""

    resources: NotRequired[pulumi.Input[ModelServingSpecResourcesArgsDict | None]]
    """Compute resources of each replica."""

    port: NotRequired[pulumi.Input[_builtins.int | None]]

    protocol: NotRequired[pulumi.Input[Literal["http", "grpc"] | None]]

    env: NotRequired[pulumi.Input[Sequence[pulumi.Input[ModelServingSpecEnvArgsDict]] | None]]
    """Environment variables of the serving container."""

    canary: NotRequired[pulumi.Input[ModelServingSpecCanaryArgsDict | None]]
    """A canary revision that receives part of the traffic."""

    runtime_config: NotRequired[pulumi.Input[Mapping[_builtins.str, pulumi.Input[Any]] | None]]
    """Free-form settings passed to the serving runtime as-is."""

    node_selector: NotRequired[
        pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.str]] | None]
    ]


@pulumi.input_type
class ModelServingSpecArgs:
    def __init__(
        __self__,
        *,
        model: pulumi.Input[ModelServingSpecModelArgs | ModelServingSpecModelArgsDict],
        image: pulumi.Input[_builtins.str],
        image_pull_policy: pulumi.Input[Literal["Always", "IfNotPresent", "Never"] | None] = None,
        replicas: pulumi.Input[_builtins.int | None] = None,
        autoscaling: pulumi.Input[
            ModelServingSpecAutoscalingArgs | ModelServingSpecAutoscalingArgsDict | None
        ] = None,
        resources: pulumi.Input[
            ModelServingSpecResourcesArgs | ModelServingSpecResourcesArgsDict | None
        ] = None,
        port: pulumi.Input[_builtins.int | None] = None,
        protocol: pulumi.Input[Literal["http", "grpc"] | None] = None,
        env: pulumi.Input[
            Sequence[pulumi.Input[ModelServingSpecEnvArgs | ModelServingSpecEnvArgsDict]] | None
        ] = None,
        canary: pulumi.Input[
            ModelServingSpecCanaryArgs | ModelServingSpecCanaryArgsDict | None
        ] = None,
        runtime_config: pulumi.Input[Mapping[_builtins.str, pulumi.Input[Any]] | None] = None,
        node_selector: pulumi.Input[
            Mapping[_builtins.str, pulumi.Input[_builtins.str]] | None
        ] = None,
    ) -> None:
        """The desired state of the model server."""
        pulumi.set(__self__, "model", model)
        pulumi.set(__self__, "image", image)
        if image_pull_policy is not None:
            pulumi.set(__self__, "image_pull_policy", image_pull_policy)
        if replicas is not None:
            pulumi.set(__self__, "replicas", replicas)
        if autoscaling is not None:
            pulumi.set(__self__, "autoscaling", autoscaling)
        if resources is not None:
            pulumi.set(__self__, "resources", resources)
        if port is not None:
            pulumi.set(__self__, "port", port)
        if protocol is not None:
            pulumi.set(__self__, "protocol", protocol)
        if env is not None:
            pulumi.set(__self__, "env", env)
        if canary is not None:
            pulumi.set(__self__, "canary", canary)
        if runtime_config is not None:
            pulumi.set(__self__, "runtime_config", runtime_config)
        if node_selector is not None:
            pulumi.set(__self__, "node_selector", node_selector)

    @_builtins.property
    @pulumi.getter(name="model")
    def model(self) -> pulumi.Input[ModelServingSpecModelArgs | ModelServingSpecModelArgsDict]:
        """The model to serve."""
        return pulumi.get(self, "model")

    @model.setter
    def model(
        self, value: pulumi.Input[ModelServingSpecModelArgs | ModelServingSpecModelArgsDict]
    ) -> None:
        pulumi.set(self, "model", value)

    @_builtins.property
    @pulumi.getter(name="image")
    def image(self) -> pulumi.Input[_builtins.str]:
        """Container image of the serving runtime."""
        return pulumi.get(self, "image")

    @image.setter
    def image(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "image", value)

    @_builtins.property
    @pulumi.getter(name="imagePullPolicy")
    def image_pull_policy(self) -> pulumi.Input[Literal["Always", "IfNotPresent", "Never"] | None]:
        return pulumi.get(self, "image_pull_policy")

    @image_pull_policy.setter
    def image_pull_policy(
        self, value: pulumi.Input[Literal["Always", "IfNotPresent", "Never"] | None]
    ) -> None:
        pulumi.set(self, "image_pull_policy", value)

    @_builtins.property
    @pulumi.getter(name="replicas")
    def replicas(self) -> pulumi.Input[_builtins.int | None]:
        """Number of serving replicas when autoscaling is off."""
        return pulumi.get(self, "replicas")

    @replicas.setter
    def replicas(self, value: pulumi.Input[_builtins.int | None]) -> None:
        pulumi.set(self, "replicas", value)

    @_builtins.property
    @pulumi.getter(name="autoscaling")
    def autoscaling(
        self,
    ) -> pulumi.Input[ModelServingSpecAutoscalingArgs | ModelServingSpecAutoscalingArgsDict | None]:
        """Horizontal autoscaling between minReplicas and maxReplicas."""
        return pulumi.get(self, "autoscaling")

    @autoscaling.setter
    def autoscaling(
        self,
        value: pulumi.Input[
            ModelServingSpecAutoscalingArgs | ModelServingSpecAutoscalingArgsDict | None
        ],
    ) -> None:
        pulumi.set(self, "autoscaling", value)

    @_builtins.property
    @pulumi.getter(name="resources")
    def resources(
        self,
    ) -> pulumi.Input[ModelServingSpecResourcesArgs | ModelServingSpecResourcesArgsDict | None]:
        """Compute resources of each replica."""
        return pulumi.get(self, "resources")

    @resources.setter
    def resources(
        self,
        value: pulumi.Input[
            ModelServingSpecResourcesArgs | ModelServingSpecResourcesArgsDict | None
        ],
    ) -> None:
        pulumi.set(self, "resources", value)

    @_builtins.property
    @pulumi.getter(name="port")
    def port(self) -> pulumi.Input[_builtins.int | None]:
        return pulumi.get(self, "port")

    @port.setter
    def port(self, value: pulumi.Input[_builtins.int | None]) -> None:
        pulumi.set(self, "port", value)

    @_builtins.property
    @pulumi.getter(name="protocol")
    def protocol(self) -> pulumi.Input[Literal["http", "grpc"] | None]:
        return pulumi.get(self, "protocol")

    @protocol.setter
    def protocol(self, value: pulumi.Input[Literal["http", "grpc"] | None]) -> None:
        pulumi.set(self, "protocol", value)

    @_builtins.property
    @pulumi.getter(name="env")
    def env(
        self,
    ) -> pulumi.Input[
        Sequence[pulumi.Input[ModelServingSpecEnvArgs | ModelServingSpecEnvArgsDict]] | None
    ]:
        """Environment variables of the serving container."""
        return pulumi.get(self, "env")

    @env.setter
    def env(
        self,
        value: pulumi.Input[
            Sequence[pulumi.Input[ModelServingSpecEnvArgs | ModelServingSpecEnvArgsDict]] | None
        ],
    ) -> None:
        pulumi.set(self, "env", value)

    @_builtins.property
    @pulumi.getter(name="canary")
    def canary(
        self,
    ) -> pulumi.Input[ModelServingSpecCanaryArgs | ModelServingSpecCanaryArgsDict | None]:
        """A canary revision that receives part of the traffic."""
        return pulumi.get(self, "canary")

    @canary.setter
    def canary(
        self,
        value: pulumi.Input[ModelServingSpecCanaryArgs | ModelServingSpecCanaryArgsDict | None],
    ) -> None:
        pulumi.set(self, "canary", value)

    @_builtins.property
    @pulumi.getter(name="runtimeConfig")
    def runtime_config(self) -> pulumi.Input[Mapping[_builtins.str, pulumi.Input[Any]] | None]:
        """Free-form settings passed to the serving runtime as-is."""
        return pulumi.get(self, "runtime_config")

    @runtime_config.setter
    def runtime_config(
        self, value: pulumi.Input[Mapping[_builtins.str, pulumi.Input[Any]] | None]
    ) -> None:
        pulumi.set(self, "runtime_config", value)

    @_builtins.property
    @pulumi.getter(name="nodeSelector")
    def node_selector(
        self,
    ) -> pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.str]] | None]:
        return pulumi.get(self, "node_selector")

    @node_selector.setter
    def node_selector(
        self, value: pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.str]] | None]
    ) -> None:
        pulumi.set(self, "node_selector", value)


class ModelServingSpecModelArgsDict(TypedDict):
    """The model to serve."""

    name: pulumi.Input[_builtins.str]
    """Model name, a DNS-1123 label."""

    format: pulumi.Input[
        Literal[
            "onnx", "pytorch", "tensorflow", "sklearn", "xgboost", "huggingface", "triton", "vllm"
        ]
    ]
    """Serialization format of the model; selects the serving runtime."""

    storage_uri: pulumi.Input[_builtins.str]
    """Where the model artifacts live."""

    version: NotRequired[pulumi.Input[_builtins.str | None]]
    """Model version or revision."""


@pulumi.input_type
class ModelServingSpecModelArgs:
    def __init__(
        __self__,
        *,
        name: pulumi.Input[_builtins.str],
        format: pulumi.Input[
            Literal[
                "onnx",
                "pytorch",
                "tensorflow",
                "sklearn",
                "xgboost",
                "huggingface",
                "triton",
                "vllm",
            ]
        ],
        storage_uri: pulumi.Input[_builtins.str],
        version: pulumi.Input[_builtins.str | None] = None,
    ) -> None:
        """The model to serve."""
        pulumi.set(__self__, "name", name)
        pulumi.set(__self__, "format", format)
        pulumi.set(__self__, "storage_uri", storage_uri)
        if version is not None:
            pulumi.set(__self__, "version", version)

    @_builtins.property
    @pulumi.getter(name="name")
    def name(self) -> pulumi.Input[_builtins.str]:
        """Model name, a DNS-1123 label."""
        return pulumi.get(self, "name")

    @name.setter
    def name(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "name", value)

    @_builtins.property
    @pulumi.getter(name="format")
    def format(
        self,
    ) -> pulumi.Input[
        Literal[
            "onnx", "pytorch", "tensorflow", "sklearn", "xgboost", "huggingface", "triton", "vllm"
        ]
    ]:
        """Serialization format of the model; selects the serving runtime."""
        return pulumi.get(self, "format")

    @format.setter
    def format(
        self,
        value: pulumi.Input[
            Literal[
                "onnx",
                "pytorch",
                "tensorflow",
                "sklearn",
                "xgboost",
                "huggingface",
                "triton",
                "vllm",
            ]
        ],
    ) -> None:
        pulumi.set(self, "format", value)

    @_builtins.property
    @pulumi.getter(name="storageUri")
    def storage_uri(self) -> pulumi.Input[_builtins.str]:
        """Where the model artifacts live."""
        return pulumi.get(self, "storage_uri")

    @storage_uri.setter
    def storage_uri(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "storage_uri", value)

    @_builtins.property
    @pulumi.getter(name="version")
    def version(self) -> pulumi.Input[_builtins.str | None]:
        """Model version or revision."""
        return pulumi.get(self, "version")

    @version.setter
    def version(self, value: pulumi.Input[_builtins.str | None]) -> None:
        pulumi.set(self, "version", value)


class ModelServingSpecAutoscalingArgsDict(TypedDict):
    """Horizontal autoscaling between minReplicas and maxReplicas."""

    min_replicas: NotRequired[pulumi.Input[_builtins.int | None]]

    max_replicas: pulumi.Input[_builtins.int]

    metric: NotRequired[pulumi.Input[Literal["cpu", "memory", "concurrency", "rps"] | None]]

    target: NotRequired[pulumi.Input[_builtins.int | None]]
    """Target value of the metric per replica."""


@pulumi.input_type
class ModelServingSpecAutoscalingArgs:
    def __init__(
        __self__,
        *,
        max_replicas: pulumi.Input[_builtins.int],
        min_replicas: pulumi.Input[_builtins.int | None] = None,
        metric: pulumi.Input[Literal["cpu", "memory", "concurrency", "rps"] | None] = None,
        target: pulumi.Input[_builtins.int | None] = None,
    ) -> None:
        """Horizontal autoscaling between minReplicas and maxReplicas."""
        pulumi.set(__self__, "max_replicas", max_replicas)
        if min_replicas is not None:
            pulumi.set(__self__, "min_replicas", min_replicas)
        if metric is not None:
            pulumi.set(__self__, "metric", metric)
        if target is not None:
            pulumi.set(__self__, "target", target)

    @_builtins.property
    @pulumi.getter(name="minReplicas")
    def min_replicas(self) -> pulumi.Input[_builtins.int | None]:
        return pulumi.get(self, "min_replicas")

    @min_replicas.setter
    def min_replicas(self, value: pulumi.Input[_builtins.int | None]) -> None:
        pulumi.set(self, "min_replicas", value)

    @_builtins.property
    @pulumi.getter(name="maxReplicas")
    def max_replicas(self) -> pulumi.Input[_builtins.int]:
        return pulumi.get(self, "max_replicas")

    @max_replicas.setter
    def max_replicas(self, value: pulumi.Input[_builtins.int]) -> None:
        pulumi.set(self, "max_replicas", value)

    @_builtins.property
    @pulumi.getter(name="metric")
    def metric(self) -> pulumi.Input[Literal["cpu", "memory", "concurrency", "rps"] | None]:
        return pulumi.get(self, "metric")

    @metric.setter
    def metric(
        self, value: pulumi.Input[Literal["cpu", "memory", "concurrency", "rps"] | None]
    ) -> None:
        pulumi.set(self, "metric", value)

    @_builtins.property
    @pulumi.getter(name="target")
    def target(self) -> pulumi.Input[_builtins.int | None]:
        """Target value of the metric per replica."""
        return pulumi.get(self, "target")

    @target.setter
    def target(self, value: pulumi.Input[_builtins.int | None]) -> None:
        pulumi.set(self, "target", value)


class ModelServingSpecResourcesArgsDict(TypedDict):
    """Compute resources of each replica."""

    requests: NotRequired[
        pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.int | _builtins.str]] | None]
    ]

    limits: NotRequired[
        pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.int | _builtins.str]] | None]
    ]

    gpus: NotRequired[pulumi.Input[_builtins.int | None]]


@pulumi.input_type
class ModelServingSpecResourcesArgs:
    def __init__(
        __self__,
        *,
        requests: pulumi.Input[
            Mapping[_builtins.str, pulumi.Input[_builtins.int | _builtins.str]] | None
        ] = None,
        limits: pulumi.Input[
            Mapping[_builtins.str, pulumi.Input[_builtins.int | _builtins.str]] | None
        ] = None,
        gpus: pulumi.Input[_builtins.int | None] = None,
    ) -> None:
        """Compute resources of each replica."""
        if requests is not None:
            pulumi.set(__self__, "requests", requests)
        if limits is not None:
            pulumi.set(__self__, "limits", limits)
        if gpus is not None:
            pulumi.set(__self__, "gpus", gpus)

    @_builtins.property
    @pulumi.getter(name="requests")
    def requests(
        self,
    ) -> pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.int | _builtins.str]] | None]:
        return pulumi.get(self, "requests")

    @requests.setter
    def requests(
        self,
        value: pulumi.Input[
            Mapping[_builtins.str, pulumi.Input[_builtins.int | _builtins.str]] | None
        ],
    ) -> None:
        pulumi.set(self, "requests", value)

    @_builtins.property
    @pulumi.getter(name="limits")
    def limits(
        self,
    ) -> pulumi.Input[Mapping[_builtins.str, pulumi.Input[_builtins.int | _builtins.str]] | None]:
        return pulumi.get(self, "limits")

    @limits.setter
    def limits(
        self,
        value: pulumi.Input[
            Mapping[_builtins.str, pulumi.Input[_builtins.int | _builtins.str]] | None
        ],
    ) -> None:
        pulumi.set(self, "limits", value)

    @_builtins.property
    @pulumi.getter(name="gpus")
    def gpus(self) -> pulumi.Input[_builtins.int | None]:
        return pulumi.get(self, "gpus")

    @gpus.setter
    def gpus(self, value: pulumi.Input[_builtins.int | None]) -> None:
        pulumi.set(self, "gpus", value)


class ModelServingSpecEnvArgsDict(TypedDict):
    """Input of `spec.env`."""

    name: pulumi.Input[_builtins.str]

    value: NotRequired[pulumi.Input[_builtins.str | None]]


@pulumi.input_type
class ModelServingSpecEnvArgs:
    def __init__(
        __self__,
        *,
        name: pulumi.Input[_builtins.str],
        value: pulumi.Input[_builtins.str | None] = None,
    ) -> None:
        """Input of `spec.env`."""
        pulumi.set(__self__, "name", name)
        if value is not None:
            pulumi.set(__self__, "value", value)

    @_builtins.property
    @pulumi.getter(name="name")
    def name(self) -> pulumi.Input[_builtins.str]:
        return pulumi.get(self, "name")

    @name.setter
    def name(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "name", value)

    @_builtins.property
    @pulumi.getter(name="value")
    def value(self) -> pulumi.Input[_builtins.str | None]:
        return pulumi.get(self, "value")

    @value.setter
    def value(self, value: pulumi.Input[_builtins.str | None]) -> None:
        pulumi.set(self, "value", value)


class ModelServingSpecCanaryArgsDict(TypedDict):
    """A canary revision that receives part of the traffic."""

    image: pulumi.Input[_builtins.str]

    traffic_percent: pulumi.Input[_builtins.int]


@pulumi.input_type
class ModelServingSpecCanaryArgs:
    def __init__(
        __self__,
        *,
        image: pulumi.Input[_builtins.str],
        traffic_percent: pulumi.Input[_builtins.int],
    ) -> None:
        """A canary revision that receives part of the traffic."""
        pulumi.set(__self__, "image", image)
        pulumi.set(__self__, "traffic_percent", traffic_percent)

    @_builtins.property
    @pulumi.getter(name="image")
    def image(self) -> pulumi.Input[_builtins.str]:
        return pulumi.get(self, "image")

    @image.setter
    def image(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "image", value)

    @_builtins.property
    @pulumi.getter(name="trafficPercent")
    def traffic_percent(self) -> pulumi.Input[_builtins.int]:
        return pulumi.get(self, "traffic_percent")

    @traffic_percent.setter
    def traffic_percent(self, value: pulumi.Input[_builtins.int]) -> None:
        pulumi.set(self, "traffic_percent", value)
