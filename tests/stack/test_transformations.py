"""Pulumi transformations change a resource after its constructor: what they leave is checked."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from codegen.runtime.errors import InvalidResourceError
from generated.ai_example_com.v1 import ModelServing
from tests.stack.conftest import MODEL_SERVING, good_spec, of_type, run, run_expecting
from tests.stack.test_outputs import image_from_config_map, unknown_config_maps


def _changing(change: Any) -> Any:
    """A transformation that applies `change(props)` to ModelServings' properties (copies)."""

    def transformation(
        args: pulumi.ResourceTransformationArgs,
    ) -> pulumi.ResourceTransformationResult | None:
        if args.type_ != MODEL_SERVING:
            return None
        given: dict[str, Any] = dict(args.props)
        props = {
            **given,
            "spec": dict(given["spec"]),
            "metadata": dict(given.get("metadata") or {}),
        }
        change(props)
        return pulumi.ResourceTransformationResult(props, args.opts)

    return transformation


def _bad_label(props: dict[str, Any]) -> None:
    props["metadata"]["labels"] = {"cost-center": "R&D 42"}


def test_a_resource_transformation_that_makes_the_object_invalid_fails_it(preview: bool) -> None:
    def program() -> None:
        opts = pulumi.ResourceOptions(transformations=[_changing(_bad_label)])
        ModelServing("llm", opts, spec=good_spec())

    error, mocks = run_expecting(InvalidResourceError, program, preview=preview)
    assert 'metadata.labels: Invalid value: "R&D 42"' in str(error)
    assert of_type(mocks, MODEL_SERVING) == {}


def test_a_stack_transformation_is_checked_too(preview: bool) -> None:
    def program() -> None:
        pulumi.runtime.register_stack_transformation(
            _changing(lambda props: props["spec"].update(replicas=-1))
        )
        ModelServing("llm", spec=good_spec())

    error, mocks = run_expecting(InvalidResourceError, program, preview=preview)
    assert "spec.replicas: Invalid value: -1" in str(error)
    assert of_type(mocks, MODEL_SERVING) == {}


def test_the_object_is_judged_as_the_transformations_leave_it() -> None:
    """A spec without its image is completed by a transformation: valid, and defaulted."""
    spec = good_spec()
    del spec["image"]
    seen: list[dict[str, Any]] = []

    def complete(props: dict[str, Any]) -> None:
        seen.append(dict(props["spec"]))
        props["spec"]["image"] = "docker.io/seldonio/sklearnserver:1.18.1"

    def program() -> None:
        opts = pulumi.ResourceOptions(transformations=[_changing(complete)])
        ModelServing("llm", opts, spec=spec)

    mocks = run(program, preview=False)
    sent = of_type(mocks, MODEL_SERVING)["llm"].inputs["spec"]
    assert sent["image"] == "docker.io/seldonio/sklearnserver:1.18.1"
    assert sent["replicas"] == 1  # the CRD's default, applied after the transformation
    assert "replicas" not in seen[0]  # the transformation saw the object as written
    assert "storageUri" in seen[0]["model"]  # in the CRD's names


def test_an_output_a_transformation_adds_is_checked_when_it_resolves() -> None:
    def with_image(image: str) -> Any:
        def change(props: dict[str, Any]) -> None:
            props["spec"]["image"] = image_from_config_map(image)

        return _changing(change)

    def program(image: str) -> None:
        opts = pulumi.ResourceOptions(transformations=[with_image(image)])
        ModelServing("llm", opts, spec=good_spec())

    mocks = run(lambda: program(""), preview=True, unknown=unknown_config_maps)
    assert "llm" in of_type(mocks, MODEL_SERVING)
    error, mocks = run_expecting(InvalidResourceError, lambda: program(""), preview=False)
    assert "spec.image" in str(error)
    mocks = run(lambda: program("vllm/vllm-openai:v0.6.3"), preview=False)
    sent = of_type(mocks, MODEL_SERVING)["llm"].inputs["spec"]
    assert sent["image"] == "vllm/vllm-openai:v0.6.3"


def test_children_of_a_checked_resource_do_not_inherit_the_check() -> None:
    def program() -> None:
        opts = pulumi.ResourceOptions(transformations=[_changing(lambda props: None)])
        parent = ModelServing("llm", opts, spec=good_spec())
        k8s.core.v1.ConfigMap(
            "notes", pulumi.ResourceOptions(parent=parent), metadata={"name": "notes"}
        )
        inherited = parent._transformations or []
        assert [t for t in inherited if getattr(t, "__self__", None) is not None] == []

    mocks = run(program, preview=False)
    assert "notes" in of_type(mocks, "kubernetes:core/v1:ConfigMap")
    assert "llm" in of_type(mocks, MODEL_SERVING)
