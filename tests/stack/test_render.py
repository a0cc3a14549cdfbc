"""`python -m stack.render`: every resource as Kubernetes YAML, deterministic, valid, ints kept ints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generated.ai_example_com.v1 import models
from stack.crds import CRD_DIR
from stack.manifests import restore_ints
from stack.render import main, render_manifests, write_manifests
from tests.helpers import REPO


def _tree(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_render_is_byte_for_byte_deterministic(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path / "a")]) == 0
    assert main(["--out", str(tmp_path / "b")]) == 0
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert first == second
    assert list(first) == [
        "00-customresourcedefinition-modelservings.ai.example.com.yaml",
        "10-namespace-ml-serving.yaml",
        "20-modelserving-ml-serving-churn-scorer.yaml",  # from stack/Pulumi.dev.yaml
        "20-modelserving-ml-serving-fraud-detector.yaml",
        "20-modelserving-ml-serving-image-classifier.yaml",
        "20-modelserving-ml-serving-llama.yaml",
        "30-horizontalpodautoscaler-ml-serving-fraud-detector.yaml",
        "30-horizontalpodautoscaler-ml-serving-image-classifier.yaml",
    ]


def _documents(directory: Path) -> dict[str, dict[str, Any]]:
    return {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.yaml"))
    }


def test_rendered_yaml_validates_against_the_crd_with_defaults_and_ints(tmp_path: Path) -> None:
    write_manifests(render_manifests(), tmp_path)
    documents = _documents(tmp_path)
    servings = {d["metadata"]["name"]: d for d in documents.values() if d["kind"] == "ModelServing"}
    assert set(servings) == {"llama", "fraud-detector", "image-classifier", "churn-scorer"}
    for document in servings.values():
        # The generated model runs the API server's checks; it raises on any error.
        model = models.ModelServing.model_validate(document)
        assert model.spec is not None
        assert type(document["spec"]["replicas"]) is int
        assert type(document["spec"]["port"]) is int
        assert document["spec"]["imagePullPolicy"] == "IfNotPresent" or document["spec"][
            "imagePullPolicy"
        ] in ("Always", "Never")
    fraud = servings["fraud-detector"]["spec"]
    assert (
        fraud["resources"]["limits"]["cpu"] == 1
        and type(fraud["resources"]["limits"]["cpu"]) is int
    )
    assert type(fraud["autoscaling"]["minReplicas"]) is int
    llama = servings["llama"]["spec"]
    assert llama["runtimeConfig"] == {
        "maxModelLen": 8192,
        "gpuMemoryUtilization": 0.9,
        "tensorParallelSize": 1,
    }
    assert type(llama["runtimeConfig"]["maxModelLen"]) is int
    hpa = documents["30-horizontalpodautoscaler-ml-serving-fraud-detector.yaml"]
    assert (
        type(hpa["spec"]["minReplicas"]) is int
        and hpa["spec"]["scaleTargetRef"]["kind"] == "ModelServing"
    )


def test_rendered_crd_is_the_source_file(tmp_path: Path) -> None:
    write_manifests(render_manifests(), tmp_path)
    rendered = yaml.safe_load(
        (tmp_path / "00-customresourcedefinition-modelservings.ai.example.com.yaml").read_text(
            encoding="utf-8"
        )
    )
    source = yaml.safe_load((CRD_DIR / "modelserving.yaml").read_text(encoding="utf-8"))
    assert rendered == source
    assert "63" in yaml.safe_dump(rendered) and "63.0" not in yaml.safe_dump(rendered)


def test_stale_files_are_removed_and_others_kept(tmp_path: Path) -> None:
    (tmp_path / "99-old.yaml").write_text("stale", encoding="utf-8")
    (tmp_path / "README.txt").write_text("mine", encoding="utf-8")
    write_manifests(render_manifests(config={}), tmp_path)
    names = {p.name for p in tmp_path.iterdir()}
    assert "99-old.yaml" not in names and "README.txt" in names
    assert (
        "20-modelserving-ml-serving-churn-scorer.yaml" not in names
    )  # no config: no config instances


def test_restore_ints_follows_the_schema() -> None:
    schema = {
        "type": "object",
        "properties": {"n": {"type": "integer"}, "x": {"type": "number"}, "s": {"type": "string"}},
    }
    assert restore_ints({"n": 3.0, "x": 2.0, "s": "3", "free": 4.0, "half": 0.5}, schema) == {
        "n": 3,
        "x": 2.0,
        "s": "3",
        "free": 4,
        "half": 0.5,
    }
    restored = restore_ints({"n": 3.0, "x": 2.0}, schema)
    assert type(restored["n"]) is int and type(restored["x"]) is float


def test_invalid_config_makes_render_fail_with_the_path(tmp_path: Path, capsys: Any) -> None:
    config = tmp_path / "Pulumi.bad.yaml"
    config.write_text(
        "config:\n  modelserving-platform:modelServings:\n    - name: broken\n"
        "      spec: {image: i, model: {name: m, format: onnx, storageUri: 's3://b/m'}, replicas: -1}\n",
        encoding="utf-8",
    )
    assert main(["--out", str(tmp_path / "out"), "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert (
        'ModelServing.ai.example.com "broken" is invalid: [spec.replicas: Invalid value: -1' in err
    )
    assert not (tmp_path / "out").exists()


def test_make_render_command_runs_without_pulumi_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "stack.render", "--out", str(tmp_path / "render")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "123"},
    )
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "render").glob("*.yaml"))) == 8
