"""The stack registers the CRD from its YAML file, a namespace, typed instances and their HPAs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

from codegen.runtime.errors import InvalidResourceError
from generated.ai_example_com.v1 import ModelServing
from stack import program
from stack.crds import CRD_DIR, REPO
from stack.program import InvalidConfigError, InvalidStackError, Serving, build
from tests.stack.conftest import MODEL_SERVING, good_spec, of_type, run, run_expecting

CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition"
HPA_TYPE = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
NAMESPACE_TYPE = "kubernetes:core/v1:Namespace"
TEAM = {"llama", "fraud-detector", "image-classifier"}

LLAMA_SPEC: dict[str, Any] = {
    "model": {
        "name": "llama-3-1-8b-instruct",
        "format": "vllm",
        "storageUri": "hf://meta-llama/Llama-3.1-8B-Instruct",
        "version": "0e9e39f",
    },
    "image": "vllm/vllm-openai:v0.6.3",
    "imagePullPolicy": "IfNotPresent",
    "replicas": 2,
    "port": 8000,
    "protocol": "http",
    "resources": {
        "gpus": 1,
        "requests": {"cpu": "8", "memory": "48Gi"},
        "limits": {"cpu": "8", "memory": "48Gi"},
    },
    "env": [{"name": "VLLM_WORKER_MULTIPROC_METHOD", "value": "spawn"}],
    "runtimeConfig": {"maxModelLen": 8192, "gpuMemoryUtilization": 0.9, "tensorParallelSize": 1},
    "nodeSelector": {"nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB"},
}


def test_registers_the_crd_exactly_as_the_yaml_file(preview: bool) -> None:
    mocks = run(build, preview=preview)
    crds = of_type(mocks, CRD_TYPE)
    source = yaml.safe_load((CRD_DIR / "modelserving.yaml").read_text(encoding="utf-8"))
    assert list(crds) == ["modelservings.ai.example.com"]
    # The wire format carries numbers as floats; 1.0 == 1, so equality still checks every value.
    assert crds["modelservings.ai.example.com"].inputs == source


def test_registers_the_namespace(preview: bool) -> None:
    mocks = run(build, preview=preview, config={"namespace": "models-dev"})
    namespaces = of_type(mocks, NAMESPACE_TYPE)
    assert list(namespaces) == ["models-dev"]
    assert namespaces["models-dev"].inputs["metadata"]["name"] == "models-dev"


def test_registers_each_instance_with_wire_spec_and_defaults(preview: bool) -> None:
    mocks = run(build, preview=preview)
    servings = of_type(mocks, MODEL_SERVING)
    assert set(servings) == TEAM
    for registration in servings.values():
        assert registration.inputs["apiVersion"] == "ai.example.com/v1"
        assert registration.inputs["kind"] == "ModelServing"
        assert registration.inputs["metadata"]["namespace"] == "ml-serving"
        assert registration.inputs["metadata"]["name"] == registration.name
    assert servings["llama"].inputs["spec"] == LLAMA_SPEC
    fraud = servings["fraud-detector"].inputs["spec"]
    assert fraud["autoscaling"] == {
        "minReplicas": 2,
        "maxReplicas": 10,
        "metric": "cpu",
        "target": 70,
    }
    assert fraud["resources"]["limits"] == {"cpu": 1, "memory": "2Gi"}
    # CRD defaults were applied to what is sent.
    assert (fraud["imagePullPolicy"], fraud["port"], fraud["protocol"], fraud["replicas"]) == (
        "IfNotPresent",
        8080,
        "http",
        1,
    )
    assert fraud["resources"]["gpus"] == 0
    classifier = servings["image-classifier"].inputs["spec"]
    assert classifier["canary"] == {
        "image": "nvcr.io/nvidia/tritonserver:24.10-py3",
        "trafficPercent": 10,
    }
    assert classifier["model"]["storageUri"].startswith("oci://")


def test_hpas_scale_the_model_servings_themselves(preview: bool) -> None:
    mocks = run(build, preview=preview)
    hpas = of_type(mocks, HPA_TYPE)
    assert set(hpas) == {"fraud-detector-hpa", "image-classifier-hpa"}
    fraud = hpas["fraud-detector-hpa"].inputs
    assert fraud["apiVersion"] == "autoscaling/v2"
    assert fraud["metadata"]["namespace"] == "ml-serving"
    assert fraud["spec"]["scaleTargetRef"] == {
        "apiVersion": "ai.example.com/v1",
        "kind": "ModelServing",
        "name": "fraud-detector",
    }
    assert (fraud["spec"]["minReplicas"], fraud["spec"]["maxReplicas"]) == (2, 10)
    assert fraud["spec"]["metrics"][0]["resource"] == {
        "name": "cpu",
        "target": {"type": "Utilization", "averageUtilization": 70},
    }
    classifier = hpas["image-classifier-hpa"].inputs["spec"]
    assert classifier["scaleTargetRef"]["name"] == "image-classifier"
    assert classifier["metrics"][0]["type"] == "Pods"


def test_instances_depend_on_the_crd(monkeypatch: pytest.MonkeyPatch) -> None:
    options: dict[str, pulumi.ResourceOptions] = {}

    class Recording(ModelServing):
        def __init__(
            self, name: str, opts: pulumi.ResourceOptions | None = None, **kwargs: Any
        ) -> None:
            assert opts is not None
            options[name] = opts
            super().__init__(name, opts, **kwargs)

    monkeypatch.setattr(program, "ModelServing", Recording)
    crds: list[Any] = []
    run(lambda: crds.append(build().crds["modelservings.ai.example.com"]), preview=True)
    assert set(options) == TEAM
    for name, opts in options.items():
        assert opts.depends_on == [crds[0]], name
    # Autoscaled instances leave spec.replicas to their HPA.
    assert options["fraud-detector"].ignore_changes == ["spec.replicas"]
    assert not options["llama"].ignore_changes


def test_exports_instance_and_crd_names(monkeypatch: pytest.MonkeyPatch) -> None:
    exported: dict[str, Any] = {}
    monkeypatch.setattr(pulumi, "export", lambda key, value: exported.setdefault(key, value))
    run(build, preview=True)
    assert exported["crdNames"] == ["modelservings.ai.example.com"]
    assert exported["modelServings"] == sorted(TEAM)
    assert exported["autoscalers"] == ["fraud-detector", "image-classifier"]


def test_config_instances_are_deployed_and_validated(preview: bool) -> None:
    spec = good_spec() | {"autoscaling": {"maxReplicas": 3}}
    mocks = run(
        build,
        preview=preview,
        config={"modelServings": [{"name": "iris", "labels": {"team": "a"}, "spec": spec}]},
    )
    servings = of_type(mocks, MODEL_SERVING)
    assert set(servings) == {*TEAM, "iris"}
    iris = servings["iris"].inputs
    assert iris["metadata"]["labels"]["team"] == "a"
    assert iris["spec"]["autoscaling"] == {
        "maxReplicas": 3,
        "minReplicas": 1,
        "metric": "concurrency",
    }
    assert "iris-hpa" in of_type(mocks, HPA_TYPE)


def test_an_invalid_config_instance_fails_with_its_path_and_is_not_registered(
    preview: bool,
) -> None:
    spec = good_spec() | {"replicas": -1}
    mocks_config = {"modelServings": [{"name": "iris", "spec": spec}]}
    from stack.offline import RecordingMocks, run_offline

    mocks = RecordingMocks()
    with pytest.raises(InvalidResourceError) as caught:
        run_offline(build, preview=preview, config=mocks_config, mocks=mocks)
    message = str(caught.value)
    assert message.startswith('ModelServing.ai.example.com "iris" is invalid: ')
    # the schema's minimum, then the scale subresource's check of the same field
    assert "spec.replicas: Invalid value: -1: spec.replicas in body should be greater" in message
    assert ".spec.replicas: Invalid value: -1: should be a non-negative integer" in message
    assert "iris" not in of_type(mocks, MODEL_SERVING)
    assert set(of_type(mocks, MODEL_SERVING)) == TEAM  # the valid ones are unaffected


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "x", "spec": {}, "specs": 1}, "unknown key(s) specs"),
        ({"spec": {}}, "modelServings[0].name"),
        ({"name": "x", "spec": "nope"}, "modelServings[0].spec"),
        ({"name": "llama", "spec": {}}, "already defined"),
    ],
)
def test_malformed_config_entries_are_rejected(entry: dict[str, Any], message: str) -> None:
    from stack.offline import RecordingMocks, run_offline

    with pytest.raises(InvalidConfigError, match=re.escape(message)):
        run_offline(build, preview=True, config={"modelServings": [entry]}, mocks=RecordingMocks())


def test_every_invalid_instance_is_reported_at_once() -> None:
    bad_a = good_spec() | {"replicas": -1}
    bad_b = good_spec() | {"port": 0}
    servings = [Serving("a", bad_a), Serving("b", bad_b), Serving("ok", good_spec())]
    error, mocks = run_expecting(InvalidStackError, lambda: build(servings=servings), preview=True)
    assert isinstance(error, InvalidStackError)
    assert [e.name for e in error.errors] == ["a", "b"]
    assert "spec.port" in str(error) and "spec.replicas" in str(error)
    assert set(of_type(mocks, MODEL_SERVING)) == {"ok"}


def test_team_servings_cover_gpu_autoscaling_and_canary() -> None:
    servings = {s.name: s for s in program.team_servings()}
    assert set(servings) == TEAM


def test_main_entry_point_runs_the_program_as_the_pulumi_cli_would() -> None:
    """The CLI runs stack/__main__.py with stack/ (not the repository) on sys.path."""
    import runpy
    import sys

    from stack.offline import STACK_DIR

    saved = list(sys.path)
    try:
        sys.path[:] = [str(STACK_DIR), *(p for p in saved if Path(p).resolve() != REPO)]
        mocks = run(
            lambda: runpy.run_path(str(STACK_DIR / "__main__.py"), run_name="__main__"),
            preview=True,
        )
    finally:
        sys.path[:] = saved
    assert set(of_type(mocks, MODEL_SERVING)) == TEAM
    assert set(of_type(mocks, CRD_TYPE)) == {"modelservings.ai.example.com"}


def test_the_declared_outputs_are_the_attributes_the_sdk_sets() -> None:
    declared = {
        name
        for klass in ModelServing.__mro__
        for name, hint in vars(klass).get("__annotations__", {}).items()
        if "pulumi.Output" in str(hint)
    }
    assert {"spec", "metadata", "kind", "apiVersion"} <= declared
    found: dict[str, bool] = {}

    def program() -> None:
        resource = ModelServing("llm", spec=good_spec())
        found.update(
            {name: isinstance(getattr(resource, name, None), pulumi.Output) for name in declared}
        )

    run(program, preview=False)
    assert found == dict.fromkeys(declared, True)
