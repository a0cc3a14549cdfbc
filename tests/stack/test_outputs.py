"""Outputs anywhere: known parts checked at construction, unknown ones when they resolve."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pytest

from codegen.runtime.errors import InvalidResourceError
from generated.ai_example_com.v1 import ModelServing, ModelServingSpecArgs
from stack.offline import RecordingMocks, run_offline
from tests.stack.conftest import (
    MODEL_SERVING,
    exception_chain,
    good_spec,
    in_chain,
    loose,
    of_type,
    run,
    run_expecting,
)
from tests.stack.test_validation import HAS_CEL

CONFIG_MAP = "kubernetes:core/v1:ConfigMap"


def unknown_config_maps(registration: Any) -> bool:
    """In preview, a ConfigMap's outputs stay unknown (as a not-yet-created resource's)."""
    return bool(registration.type == CONFIG_MAP)


def image_from_config_map(image: str) -> pulumi.Output[str]:
    """An image that comes from another resource's output."""
    config_map = k8s.core.v1.ConfigMap(
        "release", metadata={"name": "release"}, data={"image": image}
    )
    return config_map.data.apply(lambda data: data["image"])


def test_unknown_image_gives_no_error_in_preview_and_the_known_parts_are_sent() -> None:
    def program() -> None:
        spec = good_spec() | {"image": image_from_config_map("")}  # invalid, but unknown in preview
        ModelServing("llm", spec=spec)

    mocks = run(program, preview=True, unknown=unknown_config_maps)
    sent = of_type(mocks, MODEL_SERVING)["llm"].inputs["spec"]
    assert sent["model"] == {
        "name": "iris",
        "format": "sklearn",
        "storageUri": "s3://models/iris/v1",
    }
    assert (sent["replicas"], sent["port"], sent["imagePullPolicy"]) == (1, 8080, "IfNotPresent")
    assert isinstance(sent.get("image"), pulumi.output.Unknown)


def test_resolved_valid_image_is_sent(preview: bool) -> None:
    def program() -> None:
        ModelServing(
            "llm", spec=good_spec() | {"image": image_from_config_map("vllm/vllm-openai:v0.6.3")}
        )

    sent = of_type(run(program, preview=preview), MODEL_SERVING)["llm"].inputs["spec"]
    assert sent["image"] == "vllm/vllm-openai:v0.6.3"
    assert sent["replicas"] == 1


def test_resolved_invalid_image_fails_the_resource_in_update() -> None:
    def program() -> None:
        ModelServing("llm", spec=good_spec() | {"image": image_from_config_map("")})

    mocks = RecordingMocks()
    with pytest.raises(ValueError) as caught:
        run_offline(program, preview=False, mocks=mocks)
    # Pulumi names the resource it could not register, then gives the kubectl-style errors.
    assert "While processing resource: 'llm'" in str(caught.value)
    error = in_chain(caught.value, InvalidResourceError)
    assert error is not None
    assert str(error).startswith('ModelServing.ai.example.com "llm" is invalid: spec.image: ')
    assert [c.field for c in error.causes] == ["spec.image"]
    assert of_type(mocks, MODEL_SERVING) == {}
    assert "release" in of_type(mocks, CONFIG_MAP)


def test_known_errors_fail_at_construction_even_next_to_unknowns(preview: bool) -> None:
    def program() -> None:
        spec = good_spec() | {"image": image_from_config_map("img:1"), "replicas": -1}
        ModelServing("llm", spec=spec)

    error, mocks = run_expecting(
        InvalidResourceError, program, preview=preview, unknown=unknown_config_maps
    )
    assert isinstance(error, InvalidResourceError)
    # the schema's minimum, then the scale subresource's own check (with its path's dot)
    assert [c.field for c in error.causes] == ["spec.replicas", ".spec.replicas"]
    assert of_type(mocks, MODEL_SERVING) == {}


def test_a_misspelled_field_holding_an_output_is_still_an_error() -> None:
    def program() -> None:
        ModelServing("llm", spec=good_spec() | {"imagez": image_from_config_map("img:1")})

    error, _ = run_expecting(
        InvalidResourceError, program, preview=True, unknown=unknown_config_maps
    )
    assert "spec.imagez" in str(error)


def test_unknown_list_element_cannot_cause_a_false_duplicate_but_is_checked_when_known() -> None:
    def spec() -> Any:
        env_value = image_from_config_map("x").apply(lambda _: {"name": "WORKERS", "value": "4"})
        return good_spec() | {"env": [{"name": "WORKERS", "value": "2"}, env_value]}

    def program() -> None:
        ModelServing("llm", spec=spec())

    mocks = run(program, preview=True, unknown=unknown_config_maps)
    assert "llm" in of_type(mocks, MODEL_SERVING)
    error, mocks = run_expecting(InvalidResourceError, program, preview=False)
    assert "spec.env[1]: Duplicate value" in str(error)
    assert of_type(mocks, MODEL_SERVING) == {}


def test_whole_nested_objects_may_be_outputs(preview: bool) -> None:
    def program() -> None:
        autoscaling = pulumi.Output.from_input({"max_replicas": 3})
        ModelServing(
            "llm",
            spec=ModelServingSpecArgs(
                model=good_spec()["model"], image="img:1", autoscaling=loose(autoscaling)
            ),
        )

    sent = of_type(run(program, preview=preview), MODEL_SERVING)["llm"].inputs["spec"]
    # Resolved snake_case keys are translated and the defaults below the Output applied.
    assert sent["autoscaling"] == {"maxReplicas": 3, "minReplicas": 1, "metric": "concurrency"}


def test_output_namespace_and_secret_values_are_kept(preview: bool) -> None:
    def program() -> None:
        ns = k8s.core.v1.Namespace("ml", metadata={"name": "ml"})
        env = [{"name": "TOKEN", "value": pulumi.Output.secret("s3cr3t")}]
        ModelServing(
            "llm",
            metadata={"name": "llm", "namespace": ns.metadata.name},
            spec=good_spec() | {"env": env},
        )

    registration = of_type(run(program, preview=preview), MODEL_SERVING)["llm"]
    assert registration.inputs["metadata"] == {"name": "llm", "namespace": "ml"}
    assert registration.inputs["spec"]["env"] == [{"name": "TOKEN", "value": "s3cr3t"}]
    assert registration.secrets == ("spec",)  # the secret stays secret (Pulumi marks its property)


@pytest.mark.skipif(not HAS_CEL, reason="codegen.runtime.cel (CEL rules) is not importable yet")
def test_cel_rule_over_an_unknown_value_waits_for_it() -> None:
    def program() -> None:
        model = image_from_config_map("x").apply(
            lambda _: {"name": "m", "format": "vllm", "storageUri": "hf://org/m"}
        )
        ModelServing("llm", spec=loose({"model": model, "image": "img:1"}))  # vllm needs gpus > 0

    mocks = run(program, preview=True, unknown=unknown_config_maps)
    assert "llm" in of_type(mocks, MODEL_SERVING)
    error, _ = run_expecting(InvalidResourceError, program, preview=False)
    assert "spec.resources.gpus" in str(error)


@pytest.mark.skipif(not HAS_CEL, reason="codegen.runtime.cel (CEL rules) is not importable yet")
def test_a_rule_reading_an_unknown_sibling_is_not_evaluated_early() -> None:
    """minReplicas <= maxReplicas is reported at minReplicas (known) but reads maxReplicas (unknown)."""

    def program(max_replicas: int) -> None:
        unknown_max = image_from_config_map("x").apply(lambda _: max_replicas)
        spec = good_spec() | {"autoscaling": {"minReplicas": 2, "maxReplicas": unknown_max}}
        ModelServing("llm", spec=spec)

    mocks = run(lambda: program(1), preview=True, unknown=unknown_config_maps)
    assert "llm" in of_type(mocks, MODEL_SERVING)
    sent = of_type(run(lambda: program(5), preview=False), MODEL_SERVING)["llm"].inputs["spec"]
    assert sent["autoscaling"] == {"minReplicas": 2, "maxReplicas": 5, "metric": "concurrency"}
    error, mocks = run_expecting(InvalidResourceError, lambda: program(1), preview=False)
    assert [c.field for c in error.causes] == ["spec.autoscaling.minReplicas"]
    assert of_type(mocks, MODEL_SERVING) == {}


def test_an_invalid_secret_is_not_shown_in_the_error() -> None:
    """Pulumi never shows a secret in plain text: neither does the error it fails with."""
    secret_uri = "ftp://deploy:hunter2@models.example.com/iris"

    def program() -> None:
        spec = good_spec()
        spec["model"]["storageUri"] = pulumi.Output.secret(secret_uri)
        ModelServing("llm", spec=spec)

    with pytest.raises(ValueError) as caught:
        run_offline(program, preview=False, mocks=RecordingMocks())
    error = in_chain(caught.value, InvalidResourceError)
    assert error is not None and [c.field for c in error.causes] == ["spec.model.storageUri"]
    assert 'Invalid value: "[secret]"' in str(error)
    # nothing in the chain carries it either
    assert not [e for e in exception_chain(caught.value) if "hunter2" in str(e)]


def test_a_coroutine_input_is_awaited_once(preview: bool) -> None:
    """Pulumi takes any awaitable as an Input; both passes read the one result."""

    async def replicas() -> int:
        return 3

    def program() -> None:
        ModelServing("llm", spec=good_spec() | {"replicas": replicas()})

    sent = of_type(run(program, preview=preview), MODEL_SERVING)["llm"].inputs["spec"]
    assert sent["replicas"] == 3


def test_a_known_cel_violation_beside_an_unknown_value_fails_preview() -> None:
    """A CEL rule that reads none of the unknown values is still run in preview: autoscaling's
    bounds do not depend on the image."""

    def program() -> None:
        spec = good_spec() | {
            "image": image_from_config_map("vllm/vllm-openai:v0.6.3"),
            "autoscaling": {"minReplicas": 5, "maxReplicas": 2},
        }
        ModelServing("llm", spec=spec)

    error, _ = run_expecting(
        InvalidResourceError, program, preview=True, unknown=unknown_config_maps
    )
    assert "autoscaling.minReplicas must be less than or equal to" in str(error)


def test_a_cel_rule_reading_an_unknown_value_waits_for_it_in_preview() -> None:
    """The vllm rule reads `resources.gpus`: unknown in preview, it is not judged."""

    def program() -> None:
        spec = good_spec()
        spec["model"]["format"] = "vllm"
        spec["resources"] = {"gpus": image_from_config_map("1").apply(int)}
        ModelServing("llm", spec=spec)

    mocks = run(program, preview=True, unknown=unknown_config_maps)
    assert "llm" in of_type(mocks, MODEL_SERVING)


def test_known_duplicates_beside_an_unknown_list_item_fail_preview() -> None:
    """Two known env items named WORKERS are a duplicate whatever the third turns out to be."""

    def program() -> None:
        third = image_from_config_map("x").apply(lambda _: {"name": "OTHER", "value": "1"})
        env = [{"name": "WORKERS", "value": "2"}, {"name": "WORKERS", "value": "4"}, third]
        ModelServing("llm", spec=good_spec() | {"env": env})

    error, mocks = run_expecting(
        InvalidResourceError, program, preview=True, unknown=unknown_config_maps
    )
    assert "spec.env[1]: Duplicate value" in str(error)
    assert of_type(mocks, MODEL_SERVING) == {}


def test_an_unknown_value_outside_the_map_key_keeps_its_item_in_the_uniqueness_check() -> None:
    def program() -> None:
        value = image_from_config_map("x").apply(lambda _: "2")
        env = [{"name": "WORKERS", "value": value}, {"name": "WORKERS", "value": "4"}]
        ModelServing("llm", spec=good_spec() | {"env": env})

    error, _ = run_expecting(
        InvalidResourceError, program, preview=True, unknown=unknown_config_maps
    )
    assert "spec.env[1]: Duplicate value" in str(error)


def test_an_unknown_map_key_cannot_cause_a_false_duplicate_in_preview() -> None:
    """Item 0's name is unknown: whether it repeats item 1's is known only when it resolves."""

    def program(name: str) -> None:
        unknown_name = image_from_config_map("x").apply(lambda _: name)
        env = [{"name": unknown_name, "value": "2"}, {"name": "WORKERS", "value": "4"}]
        ModelServing("llm", spec=good_spec() | {"env": env})

    mocks = run(lambda: program("WORKERS"), preview=True, unknown=unknown_config_maps)
    assert "llm" in of_type(mocks, MODEL_SERVING)
    mocks = run(lambda: program("OTHER"), preview=False)
    assert "llm" in of_type(mocks, MODEL_SERVING)
    error, _ = run_expecting(InvalidResourceError, lambda: program("WORKERS"), preview=False)
    assert "spec.env[1]: Duplicate value" in str(error)


def test_max_properties_counts_the_known_members_beside_an_unknown_one() -> None:
    """Nine known limits are too many (at most 8) whatever the unknown tenth is (preview counts
    the known ones); eight known ones and an unknown ninth are judged when it resolves."""

    def program(known: int) -> None:
        limits: dict[str, Any] = {f"example.com/r{i}": "1" for i in range(known)}
        limits["cpu"] = image_from_config_map("x").apply(lambda _: "2")
        spec = good_spec() | {"resources": {"limits": limits}}
        ModelServing("llm", spec=spec)

    error, _ = run_expecting(
        InvalidResourceError, lambda: program(9), preview=True, unknown=unknown_config_maps
    )
    assert "spec.resources.limits: Too many: 9: must have at most 8 items" in str(error)
    mocks = run(lambda: program(8), preview=True, unknown=unknown_config_maps)
    assert "llm" in of_type(mocks, MODEL_SERVING)
    error, _ = run_expecting(InvalidResourceError, lambda: program(8), preview=False)
    assert "spec.resources.limits: Too many" in str(error)


def test_a_known_output_beside_an_unknown_value_is_shown_in_preview() -> None:
    """As Pulumi shows an untyped resource's known values: replicas 3 in the preview's diff,
    although the image (so the checked whole) is still unknown."""

    def program() -> None:
        spec = good_spec() | {
            "replicas": pulumi.Output.from_input(3),
            "image": image_from_config_map("vllm/vllm-openai:v0.6.3"),
        }
        ModelServing("llm", spec=spec)

    mocks = run(program, preview=True, unknown=unknown_config_maps)
    sent = of_type(mocks, MODEL_SERVING)["llm"].inputs["spec"]
    assert sent["replicas"] == 3
    mocks = run(program, preview=False)
    assert of_type(mocks, MODEL_SERVING)["llm"].inputs["spec"]["replicas"] == 3


def test_a_known_output_holding_args_is_shown_in_the_crds_names() -> None:
    from generated.ai_example_com.v1 import ModelServingSpecAutoscalingArgs

    def program() -> None:
        autoscaling = ModelServingSpecAutoscalingArgs(min_replicas=1, max_replicas=3)
        spec = good_spec() | {
            "autoscaling": pulumi.Output.from_input(autoscaling),
            "image": image_from_config_map("vllm/vllm-openai:v0.6.3"),
        }
        ModelServing("llm", spec=spec)

    mocks = run(program, preview=True, unknown=unknown_config_maps)
    sent = of_type(mocks, MODEL_SERVING)["llm"].inputs["spec"]
    assert sent["autoscaling"] == {"minReplicas": 1, "maxReplicas": 3}


def test_an_optional_field_whose_output_resolves_to_none_is_left_out_and_defaulted() -> None:
    def program() -> None:
        replicas: pulumi.Output[int | None] = image_from_config_map("x").apply(lambda _: None)
        ModelServing("llm", spec=ModelServingSpecArgs(**loose(good_spec()), replicas=replicas))

    mocks = run(program, preview=False)
    assert of_type(mocks, MODEL_SERVING)["llm"].inputs["spec"]["replicas"] == 1  # the default


def test_a_secret_name_is_not_shown_in_the_errors_heading(preview: bool) -> None:
    def program() -> None:
        metadata = {"name": pulumi.Output.secret("hush-name-42")}
        spec = good_spec() | {"replicas": pulumi.Output.from_input(-1)}
        ModelServing("llm", metadata=metadata, spec=spec)

    error, _ = run_expecting(InvalidResourceError, program, preview=preview)
    assert 'ModelServing.ai.example.com "[secret]" is invalid: [spec.replicas' in str(error)
    assert not any("hush-name-42" in str(e) for e in exception_chain(error))


def test_the_scale_check_waits_for_unknown_replicas(preview: bool) -> None:
    """spec.replicas is the scale subresource's specReplicasPath: unknown in preview, it is
    checked (by the schema and by the scale check) when it resolves."""

    def program() -> None:
        replicas = image_from_config_map("x").apply(lambda _: -1)
        ModelServing("llm", spec=good_spec() | {"replicas": replicas})

    if preview:
        mocks = run(program, preview=True, unknown=unknown_config_maps)
        assert "llm" in of_type(mocks, MODEL_SERVING)
        return
    error, mocks = run_expecting(InvalidResourceError, program, preview=False)
    assert [c.field for c in error.causes] == ["spec.replicas", ".spec.replicas"]
    assert of_type(mocks, MODEL_SERVING) == {}
