"""Integers Pulumi cannot send exactly are refused, naming the field, before anything is sent.

Pulumi's Python SDK serializes every number as a protobuf `number_value` (a float64), so an
integer beyond ±2^53 would reach the API server as another value (2^53 + 1 as 2^53, and 2^63 - 1
as 2^63, which an int64 field refuses). The value validated must be the value sent."""

from __future__ import annotations

from typing import Any

import pulumi_kubernetes as k8s
import pytest

from codegen.runtime.errors import InvalidResourceError, UnsendableResourceError
from codegen.runtime.pulumi_resource import MAX_EXACT_INTEGER, inexact_integers
from generated.ai_example_com.v1 import ModelServing
from tests.stack.conftest import MODEL_SERVING, good_spec, in_chain, of_type, run, run_expecting
from tests.stack.test_outputs import unknown_config_maps


def _serving(runtime_config: Any) -> None:
    ModelServing("big", spec=good_spec() | {"runtimeConfig": runtime_config})


@pytest.mark.parametrize(
    ("number", "arrives"),
    [
        (2**53 + 1, 2**53),
        (2**63 - 1, 2**63),
        (-(2**53) - 1, -(2**53)),
    ],
    ids=["2^53+1", "int64-max", "-2^53-1"],
)
def test_an_integer_beyond_2_53_fails_construction_naming_the_field(
    preview: bool, number: int, arrives: int
) -> None:
    error, mocks = run_expecting(
        UnsendableResourceError, lambda: _serving({"seed": number}), preview=preview
    )
    assert isinstance(error, InvalidResourceError)  # reported wherever invalid resources are
    message = str(error)
    assert message.startswith(
        'ModelServing.ai.example.com "big" cannot be sent exactly through Pulumi: '
        f"spec.runtimeConfig.seed: Invalid value: {number}: "
    ), message
    assert "float64" in message and f"would arrive as {arrives}" in message
    assert "kubectl" in message
    assert [c.field for c in error.causes] == ["spec.runtimeConfig.seed"]
    assert of_type(mocks, MODEL_SERVING) == {}


def test_every_such_integer_is_named_with_its_path(preview: bool) -> None:
    config = {"a": [1, 2**60, {"b": -(2**62)}], "c": {"d": 2**53 + 2}}
    error, _ = run_expecting(UnsendableResourceError, lambda: _serving(config), preview=preview)
    assert [c.field for c in error.causes] == [
        "spec.runtimeConfig.a[1]",
        "spec.runtimeConfig.a[2].b",
        "spec.runtimeConfig.c.d",
    ]


def test_integers_within_2_53_are_sent_unchanged(preview: bool) -> None:
    config = {"max": MAX_EXACT_INTEGER, "min": -MAX_EXACT_INTEGER, "flag": True, "ratio": 1e300}
    sent = of_type(run(lambda: _serving(config), preview=preview), MODEL_SERVING)["big"]
    got = sent.inputs["spec"]["runtimeConfig"]
    assert (int(got["max"]), int(got["min"])) == (2**53, -(2**53))
    assert got["flag"] is True and got["ratio"] == 1e300


def test_a_resolved_output_beyond_2_53_fails_the_resource_in_update() -> None:
    def program() -> None:
        config_map = k8s.core.v1.ConfigMap("release", metadata={"name": "r"}, data={"k": "v"})
        seed = config_map.data.apply(lambda _: 2**63 - 1)
        _serving({"seed": seed})

    # preview: the value is unknown, so nothing can be said yet
    mocks = run(program, preview=True, unknown=unknown_config_maps)
    assert "big" in of_type(mocks, MODEL_SERVING)

    with pytest.raises(BaseException) as caught:
        run(program, preview=False)
    error = in_chain(caught.value, UnsendableResourceError)
    assert error is not None, caught.value
    assert "While processing resource: 'big'" in str(caught.value)
    assert [c.field for c in error.causes] == ["spec.runtimeConfig.seed"]


def test_known_errors_come_before_unsendable_integers(preview: bool) -> None:
    def program() -> None:
        spec = good_spec() | {"replicas": -1, "runtimeConfig": {"seed": 2**63 - 1}}
        ModelServing("big", spec=spec)

    error, _ = run_expecting(InvalidResourceError, program, preview=preview)
    assert not isinstance(error, UnsendableResourceError)
    assert [c.field for c in error.causes] == ["spec.replicas", ".spec.replicas"]


def test_inexact_integers_walks_in_document_order() -> None:
    value = {"x": [2**54, 1, True], "y": {"z": -(2**54)}, "w": 2.0**60}
    assert inexact_integers(value) == [(("x", 0), 2**54), (("y", "z"), -(2**54))]


def test_nulls_in_maps_are_validated_as_pulumi_sends_them(
    preview: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A null object member never arrives (the provider reads with SkipNulls); list items do."""
    import codegen.runtime.pulumi_resource as pulumi_resource

    validated: list[Any] = []
    real_checked = pulumi_resource.checked

    def recording(binding: Any, name: str, body: dict[str, Any], mode: Any) -> dict[str, Any]:
        validated.append(body["spec"]["runtimeConfig"])
        return real_checked(binding, name, body, mode)

    monkeypatch.setattr(pulumi_resource, "checked", recording)
    config = {"a": None, "b": {"c": None, "d": [None, "x"]}}
    mocks = run(lambda: _serving(config), preview=preview)
    sent = of_type(mocks, MODEL_SERVING)["big"].inputs["spec"]["runtimeConfig"]
    assert sent == {"b": {"d": [None, "x"]}}
    assert validated == [sent]
