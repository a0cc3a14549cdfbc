"""The platform stack: the ModelServing CRD, a namespace, and the model servers of the team.

Every ModelServing is authored with the classes generated from crd/modelserving.yaml (or listed
in the stack configuration under `modelServings`) and checked against the CRD when it is
constructed: a misspelt field or an out-of-range value fails `pulumi preview` with its field
path, and nothing of the invalid instance is registered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from codegen.runtime.errors import InvalidResourceError
from generated.ai_example_com.v1 import (
    ModelServing,
    ModelServingSpecArgs,
    ModelServingSpecArgsDict,
    ModelServingSpecAutoscalingArgs,
    ModelServingSpecCanaryArgs,
    ModelServingSpecEnvArgs,
    ModelServingSpecModelArgs,
    ModelServingSpecResourcesArgs,
)
from stack.autoscaler import autoscaler_for
from stack.crds import CRD_DIR, CrdDocument, crd_documents, deploy_crd

PROJECT = "modelserving-platform"
DEFAULT_NAMESPACE = "ml-serving"
CONFIG_ENTRY_KEYS = frozenset({"name", "labels", "annotations", "spec"})

SpecInput = pulumi.Input[ModelServingSpecArgs | ModelServingSpecArgsDict] | Mapping[str, Any]


@dataclass(frozen=True)
class Serving:
    """One ModelServing instance to deploy: its name, extra labels/annotations, and spec."""

    name: str
    spec: SpecInput
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    origin: str = "stack/program.py"


@dataclass
class Deployment:
    """What `build()` registered, for exports, tests, and the offline renderer."""

    crds: dict[str, k8s.apiextensions.v1.CustomResourceDefinition]
    namespace: k8s.core.v1.Namespace
    servings: dict[str, ModelServing]
    autoscalers: dict[str, k8s.autoscaling.v2.HorizontalPodAutoscaler]


class InvalidStackError(ValueError):
    """Several invalid instances: every one of them, each with all its field errors."""

    def __init__(self, errors: Sequence[InvalidResourceError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


class InvalidConfigError(ValueError):
    """A `modelServings` configuration entry that is not {name, spec, labels?, annotations?}."""


def team_servings() -> list[Serving]:
    """The model servers of the ML platform team, written with the generated classes."""
    llm = ModelServingSpecArgs(
        model=ModelServingSpecModelArgs(
            name="llama-3-1-8b-instruct",
            format="vllm",
            storage_uri="hf://meta-llama/Llama-3.1-8B-Instruct",
            version="0e9e39f",
        ),
        image="vllm/vllm-openai:v0.6.3",
        replicas=2,
        port=8000,
        resources=ModelServingSpecResourcesArgs(
            gpus=1,
            requests={"cpu": "8", "memory": "48Gi"},
            limits={"cpu": "8", "memory": "48Gi"},
        ),
        env=[ModelServingSpecEnvArgs(name="VLLM_WORKER_MULTIPROC_METHOD", value="spawn")],
        runtime_config={"maxModelLen": 8192, "gpuMemoryUtilization": 0.9, "tensorParallelSize": 1},
        node_selector={"nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB"},
    )
    fraud: ModelServingSpecArgsDict = {
        "model": {
            "name": "fraud-detector",
            "format": "sklearn",
            "storage_uri": "s3://ml-models-prod/fraud/v7",
        },
        "image": "docker.io/seldonio/sklearnserver:1.18.1",
        "autoscaling": {"min_replicas": 2, "max_replicas": 10, "metric": "cpu", "target": 70},
        "resources": {
            "requests": {"cpu": "500m", "memory": "1Gi"},
            "limits": {"cpu": 1, "memory": "2Gi"},
        },
        "env": [{"name": "SKLEARN_WORKERS", "value": "2"}],
    }
    classifier = ModelServingSpecArgs(
        model={
            "name": "resnet50",
            "format": "onnx",
            "storage_uri": "oci://registry.example.com/models/resnet50:2.1",
        },
        image="nvcr.io/nvidia/tritonserver:24.08-py3",
        protocol="grpc",
        port=8001,
        canary=ModelServingSpecCanaryArgs(
            image="nvcr.io/nvidia/tritonserver:24.10-py3", traffic_percent=10
        ),
        autoscaling=ModelServingSpecAutoscalingArgs(
            min_replicas=1, max_replicas=6, metric="rps", target=200
        ),
    )
    return [
        Serving("llama", llm, labels={"ai.example.com/accelerator": "gpu"}),
        Serving("fraud-detector", fraud),
        Serving(
            "image-classifier",
            classifier,
            annotations={"ai.example.com/canary-owner": "vision-team"},
        ),
    ]


def config_servings(config: pulumi.Config) -> list[Serving]:
    """Instances listed in the stack configuration (`pulumi config set --path modelServings[0].name x`)."""
    entries = config.get_object("modelServings")
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise InvalidConfigError(
            "stack config modelServings: must be a list of {name, spec, labels, annotations}"
        )
    servings: list[Serving] = []
    for index, entry in enumerate(entries):
        where = f"stack config modelServings[{index}]"
        if not isinstance(entry, Mapping):
            raise InvalidConfigError(f"{where}: must be an object with name and spec")
        unknown = sorted(set(entry) - CONFIG_ENTRY_KEYS)
        if unknown:
            raise InvalidConfigError(
                f"{where}: unknown key(s) {', '.join(unknown)}; expected {sorted(CONFIG_ENTRY_KEYS)}"
            )
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise InvalidConfigError(f"{where}.name: a non-empty string is required")
        spec = entry.get("spec")
        if not isinstance(spec, Mapping):
            raise InvalidConfigError(f"{where}.spec: an object is required")
        servings.append(
            Serving(
                name,
                dict(spec),
                labels=dict(entry.get("labels") or {}),
                annotations=dict(entry.get("annotations") or {}),
                origin=where,
            )
        )
    return servings


def crd_for(
    crds: Mapping[tuple[str, str], k8s.apiextensions.v1.CustomResourceDefinition],
    api_version: str,
    kind: str,
) -> k8s.apiextensions.v1.CustomResourceDefinition:
    group = api_version.split("/", 1)[0]
    found = crds.get((group, kind))
    if found is None:
        raise LookupError(f"no CRD in crd/ defines {kind}.{group}")
    return found


def build(
    config: pulumi.Config | None = None,
    crd_dir: Path = CRD_DIR,
    servings: Sequence[Serving] | None = None,
) -> Deployment:
    """Register everything; raise InvalidResourceError (or InvalidStackError) for invalid instances."""
    config = config if config is not None else pulumi.Config()
    documents: list[CrdDocument] = list(crd_documents(crd_dir))
    crds = {document.name: deploy_crd(document) for document in documents}
    by_kind = {(document.group, document.kind): crds[document.name] for document in documents}
    crd = crd_for(by_kind, ModelServing.API_VERSION, ModelServing.KIND)

    namespace_name = config.get("namespace") or DEFAULT_NAMESPACE
    namespace = k8s.core.v1.Namespace(
        namespace_name,
        metadata={"name": namespace_name, "labels": {"app.kubernetes.io/part-of": PROJECT}},
    )

    wanted = (
        list(servings) if servings is not None else [*team_servings(), *config_servings(config)]
    )
    seen: dict[str, str] = {}
    for serving in wanted:
        if serving.name in seen:
            raise InvalidConfigError(
                f"{serving.origin}: ModelServing {serving.name!r} is already defined by {seen[serving.name]}"
            )
        seen[serving.name] = serving.origin

    deployed: dict[str, ModelServing] = {}
    autoscalers: dict[str, k8s.autoscaling.v2.HorizontalPodAutoscaler] = {}
    errors: list[InvalidResourceError] = []
    for serving in wanted:
        try:
            resource = deploy_serving(serving, namespace, crd)
        except InvalidResourceError as error:
            errors.append(error)
            continue
        deployed[serving.name] = resource
        hpa = autoscaler_for(resource, serving.name, namespace.metadata.name)
        if hpa is not None:
            autoscalers[serving.name] = hpa
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InvalidStackError(errors)

    pulumi.export("crdNames", sorted(crds))
    pulumi.export("namespace", namespace.metadata.name)
    pulumi.export("modelServings", sorted(deployed))
    pulumi.export("autoscalers", sorted(autoscalers))
    return Deployment(crds=crds, namespace=namespace, servings=deployed, autoscalers=autoscalers)


def deploy_serving(
    serving: Serving,
    namespace: k8s.core.v1.Namespace,
    crd: k8s.apiextensions.v1.CustomResourceDefinition,
) -> ModelServing:
    """One validated ModelServing in `namespace`, after its CRD."""
    labels = {
        "app.kubernetes.io/name": serving.name,
        "app.kubernetes.io/part-of": PROJECT,
        "app.kubernetes.io/managed-by": "pulumi",
        **serving.labels,
    }
    metadata: dict[str, Any] = {
        "name": serving.name,
        "namespace": namespace.metadata.name,
        "labels": labels,
    }
    if serving.annotations:
        metadata["annotations"] = dict(serving.annotations)
    options = pulumi.ResourceOptions(depends_on=[crd])
    if _autoscaled(serving.spec):
        # The HPA owns spec.replicas through the scale subresource; don't fight it on `pulumi up`.
        options = pulumi.ResourceOptions.merge(
            options, pulumi.ResourceOptions(ignore_changes=["spec.replicas"])
        )
    return ModelServing(serving.name, options, metadata=metadata, spec=serving.spec)  # type: ignore[arg-type]


def _autoscaled(spec: Any) -> bool:
    if isinstance(spec, Mapping):
        return spec.get("autoscaling") is not None
    return getattr(spec, "autoscaling", None) is not None
