"""`Model.model_validate` builds with the class's validator minus the nested wrap validators
(codegen.runtime.model._twin); every other entry point goes through the wrap validator. Both must
give the same model (values, types, nested classes and which fields count as set)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from generated.ai_example_com.v1 import models


def _state(value: Any) -> Any:
    """Everything observable of a model tree, nested classes and `model_fields_set` included."""
    if isinstance(value, BaseModel):
        return (
            type(value).__name__,
            sorted(value.model_fields_set),
            {k: _state(v) for k, v in value.__dict__.items()},
        )
    if isinstance(value, dict):
        return {k: _state(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_state(v) for v in value]
    return (type(value).__name__, value)


DOC: dict[str, Any] = {
    "apiVersion": "ai.example.com/v1",
    "kind": "ModelServing",
    "metadata": {"name": "demo", "labels": {"team": "ml"}},
    "spec": {
        "model": {"name": "llama", "format": "vllm", "storageUri": "s3://m/llama"},
        "image": "vllm/vllm-openai:v0.6.0",
        "resources": {"gpus": 1, "limits": {"cpu": "4"}},
        "autoscaling": {"minReplicas": 1, "maxReplicas": 4},
        "env": [{"name": "A", "value": "1"}, {"name": "B"}],
        "runtimeConfig": {"any": [1, {"x": None}]},
    },
}


@pytest.mark.parametrize(
    "doc",
    [
        DOC,
        {**DOC, "spec": {**DOC["spec"], "replicas": 2.0}},  # normalised by the walk
        {**DOC, "spec": {**DOC["spec"], "image_pull_policy": "Always"}},  # a Python name
        {k: v for k, v in DOC.items() if k != "metadata"},
    ],
)
def test_model_validate_equals_the_wrap_validator_path(doc: dict[str, Any]) -> None:
    direct = models.ModelServing.model_validate(copy.deepcopy(doc))
    wrapped = models.ModelServing(**copy.deepcopy(doc))  # __init__: the wrap validator
    assert _state(direct) == _state(wrapped)
    assert type(direct.spec) is models.ModelServingSpec
    assert direct.spec is not None and direct.spec.protocol == "http"  # defaulted


def test_errors_are_the_same_on_both_paths() -> None:
    bad = copy.deepcopy(DOC)
    bad["spec"]["replicas"] = -1
    bad["spec"]["env"].append({"name": "A"})
    messages = []
    for call in (models.ModelServing.model_validate, lambda d: models.ModelServing(**d)):
        with pytest.raises(ValidationError) as info:
            call(copy.deepcopy(bad))
        messages.append([e["msg"] for e in info.value.errors()])
    assert messages[0] == messages[1]
    assert any("spec.replicas" in m for m in messages[0])


def test_nested_class_validated_alone_still_gets_kubernetes_semantics() -> None:
    with pytest.raises(ValidationError, match=r"spec\.autoscaling\.maxReplicas"):
        models.ModelServingSpecAutoscaling.model_validate({"maxReplicas": 0})
    spec = models.ModelServingSpecAutoscaling.model_validate({"maxReplicas": 3})
    assert spec.metric == "concurrency"


def test_explicit_options_take_pydantics_own_path() -> None:
    strict = models.ModelServingSpecCanary.model_validate(
        {"image": "x", "trafficPercent": 5}, strict=True
    )
    assert strict.traffic_percent == 5


def test_the_one_pass_gate_of_a_class_with_cel_rules_waits_until_they_are_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from codegen.runtime.model import _PENDING

    cls = models.ModelServing
    validator = cls.k8s_binding().validator
    assert validator is not None and validator.node.has_cel and validator.cel is not None
    monkeypatch.setattr(cls, "__k8s_fast__", None)
    with_cel = cls.model_validate(copy.deepcopy(DOC))
    assert cls.__k8s_fast__.gate is _PENDING  # not built: CEL needs the processed dict
    monkeypatch.setattr(validator, "cel", None)
    without_cel = cls.model_validate(copy.deepcopy(DOC))
    gate = cls.__k8s_fast__.gate
    assert gate is not None and gate is not _PENDING
    assert _state(without_cel) == _state(with_cel)


def test_the_twin_is_built_on_the_third_two_pass_use_with_the_same_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cls = models.ModelServing
    monkeypatch.setattr(cls, "__k8s_twin__", None)
    monkeypatch.setattr(cls, "__k8s_twin_uses__", 0)
    doc = {**DOC, "spec": {**DOC["spec"], "replicas": 2.0}}  # not the gate's: the two-pass path
    results = [_state(cls.model_validate(copy.deepcopy(doc))) for _ in range(2)]
    assert cls.__dict__.get("__k8s_twin__") is None  # pydantic's own validator served
    results.append(_state(cls.model_validate(copy.deepcopy(doc))))
    assert cls.__dict__.get("__k8s_twin__") is not None
    assert results[0] == results[1] == results[2]
    with pytest.raises(ValidationError) as first:
        cls.model_validate({**DOC, "spec": {**DOC["spec"], "replicas": "x"}})
    monkeypatch.setattr(cls, "__k8s_twin__", None)
    monkeypatch.setattr(cls, "__k8s_twin_uses__", 0)
    with pytest.raises(ValidationError) as again:
        cls.model_validate({**DOC, "spec": {**DOC["spec"], "replicas": "x"}})
    assert first.value.errors() == again.value.errors()


def test_an_update_builds_the_model_of_what_ratcheting_let_through() -> None:
    """An unchanged invalid value is the server's to keep on an update: the model is built
    without pydantic's own constraints judging it again (held-out sweep 45)."""
    old = copy.deepcopy(DOC)
    old["spec"]["canary"] = {"image": "vllm/vllm-openai:v0.6.1", "trafficPercent": 150}
    new = copy.deepcopy(old)
    new["metadata"]["labels"] = {"team": "serving"}
    built = models.ModelServing.model_validate(new, context={"manifest": True, "old": old})
    assert built.spec is not None and built.spec.canary is not None
    assert built.spec.canary.traffic_percent == 150
    assert type(built.spec.canary).__name__ == "ModelServingSpecCanary"
    changed = copy.deepcopy(new)
    changed["spec"]["canary"]["trafficPercent"] = 160
    for refused, context in ((changed, {"old": old}), (new, {})):
        with pytest.raises(ValidationError, match="trafficPercent"):
            models.ModelServing.model_validate(refused, context={"manifest": True, **context})
