"""Construction fails on an invalid spec, naming the resource and every field path; nothing is registered."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

import pulumi_kubernetes as k8s
import pytest

from codegen.runtime.errors import InvalidResourceError
from generated.ai_example_com.v1 import (
    ModelServing,
    ModelServingSpecArgs,
    ModelServingSpecEnvArgs,
    ModelServingSpecModelArgs,
)
from tests.stack.conftest import MODEL_SERVING, good_spec, loose, of_type, run, run_expecting

HAS_CEL = importlib.util.find_spec("codegen.runtime.cel") is not None


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(spec: dict[str, Any]) -> None:
        node = spec
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value

    return mutate


def _env(spec: dict[str, Any]) -> None:
    spec["env"] = [{"name": "WORKERS", "value": "2"}, {"name": "WORKERS", "value": "4"}]


CASES: list[Any] = [
    pytest.param(_set(("replicaz",), 3), "spec.replicaz", "", id="misspelled-field"),
    pytest.param(_set(("replicas",), "3"), "spec.replicas", "Invalid value", id="string-replicas"),
    pytest.param(
        _set(("replicas",), -1),
        "spec.replicas",
        "Invalid value: -1: spec.replicas in body should be greater than or equal to 0",
        id="negative-replicas",
    ),
    pytest.param(
        _set(("model", "format"), "keras"),
        "spec.model.format",
        'Unsupported value: "keras"',
        id="unknown-format",
    ),
    pytest.param(
        _set(("model", "storageUri"), "ftp://models/iris"),
        "spec.model.storageUri",
        'Invalid value: "ftp://models/iris"',
        id="bad-storage-uri",
    ),
    pytest.param(
        _set(("autoscaling",), {"minReplicas": 5, "maxReplicas": 2}),
        "spec.autoscaling.minReplicas",
        "autoscaling.minReplicas must be less than or equal to autoscaling.maxReplicas",
        id="cel-min-above-max",
        marks=pytest.mark.skipif(
            not HAS_CEL, reason="codegen.runtime.cel (CEL rules) is not importable yet"
        ),
    ),
    pytest.param(_env, "spec.env[1]", "Duplicate value", id="duplicate-env-name"),
]


@pytest.mark.parametrize(("mutate", "path", "detail"), CASES)
def test_invalid_spec_fails_construction_and_registers_nothing(
    preview: bool, mutate: Callable[[dict[str, Any]], None], path: str, detail: str
) -> None:
    spec = good_spec()
    mutate(spec)
    ns: list[k8s.core.v1.Namespace] = []

    def program() -> None:
        ns.append(k8s.core.v1.Namespace("ml", metadata={"name": "ml"}))
        ModelServing("bad", metadata={"name": "bad", "namespace": "ml"}, spec=spec)

    error, mocks = run_expecting(InvalidResourceError, program, preview=preview)
    assert isinstance(error, InvalidResourceError)
    message = str(error)
    assert message.startswith('ModelServing.ai.example.com "bad" is invalid: ')
    assert any(cause.field == path for cause in error.causes), message
    cause = next(str(c) for c in error.causes if c.field == path)
    assert cause.startswith(f"{path}: ") and detail in cause, cause
    assert cause in message
    assert of_type(mocks, MODEL_SERVING) == {}
    assert [r.name for r in mocks.registrations] == ["ml"]  # everything before it went through


def test_all_errors_are_reported_at_once() -> None:
    spec = good_spec() | {"replicas": -1, "port": 70000, "replicaz": 1}

    def program() -> None:
        ModelServing("many", spec=spec)

    error, _ = run_expecting(InvalidResourceError, program, preview=True)
    assert isinstance(error, InvalidResourceError)
    fields = {cause.field for cause in error.causes}
    assert {"spec.replicas", "spec.port", "spec.replicaz"} <= fields


def test_unnamed_resource_is_validated_under_its_resource_name() -> None:
    def program() -> None:
        ModelServing("Not_A_DNS_Name", spec=good_spec())

    error, _ = run_expecting(InvalidResourceError, program, preview=True)
    assert "metadata.name" in str(error)


def test_args_argsdict_and_mixtures_are_accepted(preview: bool) -> None:
    def program() -> None:
        ModelServing(
            "typed",
            spec=ModelServingSpecArgs(
                model=ModelServingSpecModelArgs(
                    name="iris", format="sklearn", storage_uri="s3://m/iris"
                ),
                image="img:1",
                env=[ModelServingSpecEnvArgs(name="A", value="1")],
            ),
        )
        ModelServing(
            "mixed",
            spec=ModelServingSpecArgs(
                model={"name": "iris", "format": "sklearn", "storage_uri": "s3://m/iris"},
                image="img:1",
                autoscaling={"max_replicas": 4},
            ),
        )
        ModelServing(
            "snake",
            spec={
                "model": {"name": "iris", "format": "onnx", "storage_uri": "gs://m/iris"},
                "image": "img:1",
                "image_pull_policy": "Always",
            },
        )

    servings = of_type(run(program, preview=preview), MODEL_SERVING)
    assert servings["typed"].inputs["spec"]["model"]["storageUri"] == "s3://m/iris"
    assert servings["typed"].inputs["spec"]["env"] == [{"name": "A", "value": "1"}]
    assert servings["mixed"].inputs["spec"]["autoscaling"] == {
        "maxReplicas": 4,
        "minReplicas": 1,
        "metric": "concurrency",
    }
    assert servings["snake"].inputs["spec"]["imagePullPolicy"] == "Always"
    assert "metadata" not in servings["typed"].inputs or "name" not in (
        servings["typed"].inputs["metadata"] or {}
    )


def test_a_snake_case_typo_is_an_unknown_field() -> None:
    def program() -> None:
        ModelServing(
            "typo",
            spec=loose(
                {"model": {"name": "m", "format": "onnx", "storage_ur": "s3://b/m"}, "image": "i"}
            ),
        )

    error, _ = run_expecting(InvalidResourceError, program, preview=True)
    assert isinstance(error, InvalidResourceError)
    fields = {cause.field for cause in error.causes}
    assert "spec.model.storage_ur" in fields
    assert "spec.model.storageUri" in fields  # and the required one is missing


def test_an_unnamed_resource_is_checked_with_the_name_pulumi_gives_it() -> None:
    """pulumi-kubernetes names it `<resource name>-<8 hex digits>`: a resource name ending in
    `-` makes a valid name, one of 250 characters does not (253 at most)."""
    mocks = run(lambda: ModelServing("web-", spec=good_spec()), preview=True)
    assert "web-" in of_type(mocks, MODEL_SERVING)
    long_name = "a" * 250

    def program() -> None:
        ModelServing(long_name, spec=good_spec())

    error, _ = run_expecting(InvalidResourceError, program, preview=True)
    assert [c.field for c in error.causes] == ["metadata.name"]
    assert f'"{long_name}-xxxxxxxx"' in str(error)


def test_a_field_given_by_both_its_names_is_refused() -> None:
    from codegen.runtime.wire import AmbiguousNameError

    spec = good_spec() | {"autoscaling": {"minReplicas": 1, "maxReplicas": 3, "max_replicas": 5}}

    def program() -> None:
        ModelServing("llm", spec=spec)

    error, _ = run_expecting(AmbiguousNameError, program, preview=True)
    assert str(error) == (
        'spec.autoscaling: "maxReplicas" and "max_replicas" both set the field "maxReplicas": '
        "give only one"
    )


def test_a_generate_name_is_checked_as_the_name_the_server_makes_and_sent_as_given(
    preview: bool,
) -> None:
    """The API server names an object with only a generateName before it validates it: the
    check sees that name (a placeholder for its random part), and what is sent has none."""
    from pulumi_kubernetes.meta.v1 import ObjectMetaArgs

    def program() -> None:
        ModelServing("gen", metadata=ObjectMetaArgs(generate_name="ms-"), spec=good_spec())

    sent = of_type(run(program, preview=preview), MODEL_SERVING)["gen"].inputs["metadata"]
    assert sent == {"generateName": "ms-"}

    def bad() -> None:
        ModelServing("bad", metadata=ObjectMetaArgs(generate_name="Ms-x-"), spec=good_spec())

    error, _ = run_expecting(InvalidResourceError, bad, preview=True)
    assert [c.field for c in error.causes] == ["metadata.generateName", "metadata.name"]
    assert '"Ms-x-xxxxx"' in str(error) and 'ModelServing.ai.example.com "Ms-x-"' in str(error)
