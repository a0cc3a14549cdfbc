"""Typed use of the generated classes; type-checked (mypy --strict) by test_typecheck.py.

Never executed by the tests: it only has to type-check, so a wrong annotation in generated
code shows up as a mypy error here.
"""

from __future__ import annotations

import pulumi

from generated.ai_example_com.v1 import (
    ModelServing,
    ModelServingSpecArgs,
    ModelServingSpecArgsDict,
    ModelServingSpecAutoscalingArgs,
    ModelServingSpecModelArgs,
)
from generated.ai_example_com.v1.models import ModelServingSpec


def build() -> list[ModelServing]:
    typed = ModelServingSpecArgs(
        model=ModelServingSpecModelArgs(name="llama", format="vllm", storage_uri="hf://meta/llama"),
        image="vllm/vllm-openai:v0.6",
        replicas=2,
        autoscaling=ModelServingSpecAutoscalingArgs(max_replicas=4, metric="rps"),
        resources={"gpus": 1, "limits": {"nvidia.com/gpu": 1}},
    )
    as_dict: ModelServingSpecArgsDict = {
        "model": {"name": "iris", "format": "sklearn", "storage_uri": "s3://models/iris"},
        "image": "seldonio/sklearnserver:1.18",
        "env": [{"name": "WORKERS", "value": "2"}],
    }
    return [ModelServing("llama", spec=typed), ModelServing("iris", spec=as_dict)]


def replicas_of(spec: ModelServingSpec) -> int:
    return spec.replicas if spec.replicas is not None else 0


def optional_values(config: pulumi.Config, replicas: pulumi.Output[int | None]) -> ModelServing:
    """Optional fields take None, also inside an Input, as pulumi-kubernetes types them."""
    as_dict: ModelServingSpecArgsDict = {
        "model": {"name": "iris", "format": "sklearn", "storage_uri": "s3://models/iris"},
        "image": "seldonio/sklearnserver:1.18",
        "replicas": config.get_int("replicas"),
    }
    typed = ModelServingSpecArgs(
        model=ModelServingSpecModelArgs(name="iris", format="sklearn", storage_uri="s3://m/i"),
        image="seldonio/sklearnserver:1.18",
        replicas=replicas,
    )
    ModelServing("typed", spec=typed)
    return ModelServing("iris", spec=as_dict)


def outputs(resource: ModelServing) -> pulumi.Output[str]:
    """The resource's outputs are typed attributes (named as in the manifest)."""
    resource.spec.apply(lambda spec: spec)
    return resource.metadata.apply(lambda meta: str(meta["name"]))
