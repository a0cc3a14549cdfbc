"""A bad CRD yields every problem with its file and path, exit 2, and no output change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from codegen.load import LoadError, load_crd_text
from tests.helpers import REPO, crd, write_crds


def _bad_crd() -> dict:
    return crd(
        {
            "type": "object",
            "properties": {
                "untyped": {"description": "no type"},
                "tags": {"type": "array", "uniqueItems": True, "items": {"type": "string"}},
                "ref": {"$ref": "#/definitions/x"},
                "name": {"type": "string", "pattern": "([a-z"},
            },
        }
    )


def test_every_problem_is_reported_with_its_path() -> None:
    text = yaml.safe_dump(_bad_crd(), sort_keys=False)
    try:
        load_crd_text(text, "crd/bad.yaml")
    except LoadError as exc:
        messages = [str(p) for p in exc.problems]
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("a bad CRD loaded")
    base = "spec.validation.openAPIV3Schema.properties[spec].properties"
    lines = text.splitlines()

    def at(key: str) -> str:
        """Where a problem is reported: on the line of the deepest key of its path there is."""
        line = next(n for n, text in enumerate(lines, 1) if text.strip().startswith(key))
        return f"crd/bad.yaml:{line}: {base}"

    assert any(m.startswith(f"{at('untyped:')}[untyped].type: Required value") for m in messages)
    assert any(m.startswith(f"{at('uniqueItems:')}[tags].uniqueItems: Forbidden") for m in messages)
    assert any(m.startswith(f"{at('$ref:')}[ref].$ref: Forbidden") for m in messages), messages
    assert any(m.startswith(f"{at('pattern:')}[name].pattern: Invalid value") for m in messages)


def test_missing_sections_are_reported_together() -> None:
    document = {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "x.example.com"},
        "spec": {"scope": "Sideways", "names": {}},
    }
    try:
        load_crd_text(yaml.safe_dump(document), "x.yaml")
    except LoadError as exc:
        paths = {p.path for p in exc.problems}
    else:  # pragma: no cover
        raise AssertionError("accepted")
    assert {
        "spec.group",
        "spec.scope",
        "spec.names.kind",
        "spec.names.plural",
        "spec.versions",
    } <= paths


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(LoadError, match="invalid YAML") as caught:
        load_crd_text("a: [1\n", "y.yaml")
    assert caught.value.problems[0].line is not None


def test_crds_in_a_list_load_as_kubectl_applies_them() -> None:
    """`kubectl get crd -o yaml` writes a `kind: List`; an item with neither kind nor apiVersion
    takes the list's apiVersion and its kind without `List`."""
    good = crd({"type": "object", "properties": {"size": {"type": "integer"}}})
    bare = {k: v for k, v in good.items() if k not in ("apiVersion", "kind")}
    listed = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinitionList"}
    (loaded,) = load_crd_text(yaml.safe_dump({**listed, "items": [bare]}), "crd/list.yaml")
    assert loaded.kind == good["spec"]["names"]["kind"]
    text = yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": [good, "x"]})
    with pytest.raises(LoadError) as caught:
        load_crd_text(text, "crd/list.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "crd/list.yaml:1: cannot decode: json: cannot unmarshal string into Go value of type "
        "map[string]interface {}"
    ]


def test_cli_exits_2_and_leaves_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    out.mkdir()
    (out / "keep.py").write_text("# previous output\n", encoding="utf-8")
    (out / ".codegen-manifest.json").write_text("{}", encoding="utf-8")  # generated here
    crd_dir = write_crds(tmp_path / "crd", _bad_crd())
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "generate", "--crd-dir", str(crd_dir), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "uniqueItems" in result.stderr and "$ref" in result.stderr and "pattern" in result.stderr
    assert "Traceback" not in result.stderr
    assert "re2.cc" not in result.stderr  # RE2's own log of the bad pattern: noise
    assert sorted(p.name for p in out.iterdir()) == [".codegen-manifest.json", "keep.py"]
    assert (out / "keep.py").read_text(encoding="utf-8") == "# previous output\n"


def test_an_empty_crd_folder_is_an_error_not_an_empty_tree(tmp_path: Path) -> None:
    (tmp_path / "crd").mkdir()
    out = tmp_path / "generated"
    out.mkdir()
    (out / "keep.py").write_text("# previous output\n", encoding="utf-8")
    (out / ".codegen-manifest.json").write_text("{}", encoding="utf-8")  # generated here
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "codegen",
            "generate",
            "--crd-dir",
            str(tmp_path / "crd"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 2
    assert "no CRD files" in result.stderr
    assert (out / "keep.py").exists()


def test_a_cel_rule_that_does_not_compile_fails_generation_with_its_path(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"replicas": {"type": "integer"}},
        "x-kubernetes-validations": [
            {"rule": "self.replicas >= 0"},
            {"rule": "self.replicaz > 1", "message": "typo in the rule"},
        ],
    }
    crd_dir = write_crds(tmp_path / "crd", crd(schema))
    out = tmp_path / "generated"
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "generate", "--crd-dir", str(crd_dir), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "spec.validation.openAPIV3Schema" in result.stderr
    assert "replicaz" in result.stderr
    assert "x-kubernetes-validations[1]" in result.stderr
    assert not out.exists()


def test_a_linked_file_is_read_once_and_a_dangling_link_is_reported(tmp_path: Path) -> None:
    from codegen.load import crd_files, load_crds

    folder = write_crds(tmp_path / "crd", crd({"type": "object"}))
    (folder / "alias.yaml").symlink_to("crd0.yaml")
    assert [p.name for p in crd_files([folder])] == ["alias.yaml"]
    assert len(load_crds([folder])) == 1  # not "Widget.example.com is also defined in ..."
    (folder / "gone.yaml").symlink_to("missing.yaml")
    with pytest.raises(LoadError) as caught:
        load_crds([folder])
    assert [p.message.split(":")[0] for p in caught.value.problems] == ["cannot read"]


def test_another_object_among_the_crds_is_one_clear_problem() -> None:
    kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
    with pytest.raises(LoadError) as caught:
        load_crd_text(kustomization, "crd/kustomization.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "crd/kustomization.yaml:1: not a CustomResourceDefinition (kind 'Kustomization', "
        "apiVersion 'kustomize.config.k8s.io/v1beta1'); only CRDs are compiled"
    ]
    with pytest.raises(LoadError) as caught:
        load_crd_text("nameReference: []\n", "crd/kustomizeconfig.yaml")
    assert [p.message for p in caught.value.problems] == [
        "not a CustomResourceDefinition (no apiVersion or kind); only CRDs are compiled"
    ]
    v1beta1 = "apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\n"
    with pytest.raises(LoadError) as caught:
        load_crd_text(v1beta1, "crd/old.yaml")
    assert caught.value.problems[0].message.startswith('must be "apiextensions.k8s.io/v1"')


def test_a_json_stream_of_crds_is_read_whole_as_kubectl_reads_it() -> None:
    import json

    widget, gadget = crd({"type": "object"}), crd({"type": "object"}, kind="Gadget")
    text = json.dumps(widget, indent=2) + "\n" + json.dumps(gadget, indent=2) + "\n"
    assert [c.kind for c in load_crd_text(text, "crd/x.yaml")] == ["Widget", "Gadget"]
    with pytest.raises(LoadError) as caught:
        load_crd_text(text + '{"apiVersion": ', "crd/x.yaml")
    assert caught.value.problems[0].message.startswith("invalid JSON: line")
