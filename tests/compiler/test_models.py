"""Behaviour of the generated models: names, strictness, defaults, round trip with the Args."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import ValidationError

from generated.ai_example_com.v1 import (
    ModelServingSpecArgs,
    ModelServingSpecAutoscalingArgs,
    ModelServingSpecModelArgs,
    ModelServingSpecResourcesArgs,
    models,
)


def _spec(**overrides: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "model": {"name": "llama", "format": "vllm", "storageUri": "hf://meta/llama-3"},
        "image": "vllm/vllm-openai:v0.6",
        "resources": {"gpus": 1},
    }
    spec.update(overrides)
    return spec


def test_camel_and_snake_names_are_both_accepted() -> None:
    camel = models.ModelServingSpec.model_validate(_spec(imagePullPolicy="Always"))
    snake = models.ModelServingSpec.model_validate(_spec(image_pull_policy="Always"))
    assert camel.image_pull_policy == snake.image_pull_policy == "Always"


def test_defaults_of_the_crd_are_applied() -> None:
    spec = models.ModelServingSpec.model_validate(_spec(autoscaling={"maxReplicas": 3}))
    assert (spec.replicas, spec.port, spec.protocol, spec.image_pull_policy) == (
        1,
        8080,
        "http",
        "IfNotPresent",
    )
    assert spec.autoscaling is not None
    assert (spec.autoscaling.min_replicas, spec.autoscaling.metric) == (1, "concurrency")
    assert spec.canary is None  # a missing parent object is not created


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"replicas": "1"}, "spec.replicas"),
        ({"replicas": True}, "spec.replicas"),
        ({"replicas": -1}, "spec.replicas"),
        ({"port": 70000}, "spec.port"),
        ({"protocol": "HTTP"}, "spec.protocol"),
        ({"replicaz": 2}, "spec.replicaz"),
        ({"image": ""}, "spec.image"),
    ],
)
def test_invalid_values_are_rejected_with_their_path(overrides: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        models.ModelServingSpec.model_validate(_spec(**overrides))
    assert path in str(caught.value)


def test_whole_float_is_an_integer_but_a_fraction_is_not() -> None:
    assert models.ModelServingSpec.model_validate(_spec(replicas=3.0)).replicas == 3
    with pytest.raises(ValidationError):
        models.ModelServingSpec.model_validate(_spec(replicas=1.5))


def test_root_model_has_fixed_api_version_and_kind() -> None:
    obj = models.ModelServing.model_validate(
        {
            "apiVersion": "ai.example.com/v1",
            "kind": "ModelServing",
            "metadata": {"name": "llama"},
            "spec": _spec(),
        }
    )
    assert obj.api_version == "ai.example.com/v1" and obj.kind == "ModelServing"
    with pytest.raises(ValidationError):
        models.ModelServing.model_validate(
            {
                "apiVersion": "ai.example.com/v2",
                "kind": "ModelServing",
                "metadata": {"name": "llama"},
                "spec": _spec(),
            }
        )


def test_args_wire_form_equals_the_model_dump() -> None:
    """What Pulumi would send for the Args equals the validated model's camelCase dump."""
    from pulumi.runtime.rpc import serialize_property

    args = ModelServingSpecArgs(
        model=ModelServingSpecModelArgs(
            name="llama", format="vllm", storage_uri="hf://meta/llama-3", version="3"
        ),
        image="vllm/vllm-openai:v0.6",
        image_pull_policy="IfNotPresent",
        replicas=2,
        port=8080,
        protocol="grpc",
        autoscaling=ModelServingSpecAutoscalingArgs(
            min_replicas=1, max_replicas=4, metric="rps", target=10
        ),
        resources=ModelServingSpecResourcesArgs(gpus=1, requests={"cpu": "4"}, limits={"cpu": "8"}),
        node_selector={"gpu": "a100"},
        runtime_config={"maxModelLen": 8192},
    )
    loop = asyncio.new_event_loop()  # not asyncio.run: that would unset the global loop pulumi uses
    try:
        wire = loop.run_until_complete(serialize_property(args, [], None))
    finally:
        loop.close()
    dumped = models.ModelServingSpec.model_validate(wire).model_dump(
        by_alias=True, exclude_unset=True
    )
    assert wire == dumped
