"""--allow-nonstructural: untyped nodes become free-form instead of refusing the CRD.

Strict (the default) refuses a schema the API server refuses as non-structural, with every
problem and exit 2, and writes nothing. Lenient downgrades only the missing-type problems (a
property, array items or additionalProperties without a type, an array without items) to
warnings, treats those nodes as x-kubernetes-preserve-unknown-fields, and generates.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import io
import json
import re
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen import cli
from codegen.corpus import cli as corpus_cli
from codegen.load import LoadError, Problem, load_crd_text, load_crds
from codegen.structural_checks import check_structural_schema, relax_nonstructural
from tests.helpers import SHARED, crd, write_crds

BASE = "spec.validation.openAPIV3Schema.properties[spec].properties"

# Missing-type problems of every shape, beside typed fields that must stay strict.
SPEC: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 5},
        "anything": {"description": "no type at all"},
        "children": {"type": "array", "items": {}},
        "loose": {"type": "array"},
        "labels": {"type": "object", "additionalProperties": {}},
        # untyped with properties: any value; the properties are checked when it is an object
        "graph": {"properties": {"port": {"type": "integer"}, "mode": {"default": "m"}}},
        "nested": {
            "type": "object",
            "properties": {"count": {"type": "integer"}},
        },
    },
}
EXPECTED_PATHS = [
    f"{BASE}[anything].type",
    f"{BASE}[children].items.type",
    f"{BASE}[loose].items",
    f"{BASE}[labels].additionalProperties.type",
    f"{BASE}[graph].type",
    f"{BASE}[graph].properties[mode].type",
]


def _document(spec: dict[str, Any] | None = None) -> dict[str, Any]:
    return crd(copy.deepcopy(spec if spec is not None else SPEC))


def _generate(tmp_path: Path, *extra: str) -> tuple[int, str, Path]:
    """Run `codegen generate` in-process; (exit status, stderr, output folder)."""
    out = tmp_path / "out"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = cli.main(
            ["generate", "--crd-dir", str(tmp_path / "crd"), "--out", str(out), *extra]
        )
    return status, err.getvalue(), out


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _previous_output(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.py").write_text("# previous output\n", encoding="utf-8")
    (out / ".codegen-manifest.json").write_text("{}", encoding="utf-8")  # generated here
    return out


# --------------------------------------------------------------------------- load / checks


def test_strict_load_reports_every_missing_type_as_an_error() -> None:
    with pytest.raises(LoadError) as exc:
        load_crd_text(yaml.safe_dump(_document(), sort_keys=False), "crd/x.yaml")
    assert [p.path for p in exc.value.problems] == EXPECTED_PATHS


def test_lenient_load_downgrades_them_and_makes_the_nodes_free_form() -> None:
    relaxed: list[Problem] = []
    (document,) = load_crd_text(
        yaml.safe_dump(_document(), sort_keys=False), "crd/x.yaml", nonstructural=relaxed
    )
    assert [p.path for p in relaxed] == EXPECTED_PATHS
    assert all(p.file == "crd/x.yaml" for p in relaxed)
    assert relaxed[0].message == "Required value: must not be empty for specified object fields"
    (version,) = document.versions
    spec = version.schema["properties"]["spec"]["properties"]
    preserve = "x-kubernetes-preserve-unknown-fields"
    assert spec["anything"] == {"description": "no type at all", preserve: True}
    assert spec["children"]["items"] == {preserve: True}
    assert spec["loose"]["items"] == {preserve: True}
    assert spec["labels"]["additionalProperties"] == {preserve: True}
    assert spec["graph"][preserve] is True
    assert spec["graph"]["properties"]["mode"] == {"default": "m", preserve: True}
    assert spec["name"] == {"type": "string", "maxLength": 5}  # typed nodes untouched
    assert version.nonstructural == tuple(
        p.removeprefix("spec.validation.openAPIV3Schema").removesuffix(".type")
        for p in EXPECTED_PATHS
    )
    # the document as read is not modified
    raw = document.raw["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    assert raw["properties"]["spec"]["properties"]["children"]["items"] == {}
    assert check_structural_schema(version.schema) == []


def test_relax_leaves_every_other_node_and_the_input_alone() -> None:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "ios": {"x-kubernetes-int-or-string": True},
            "free": {"x-kubernetes-preserve-unknown-fields": True},
            "embedded": {"x-kubernetes-embedded-resource": True},  # stays an error
            "choice": {"type": "string", "anyOf": [{"maxLength": 3}, {"enum": ["a"]}]},
            "typed": {"type": "object", "properties": {"x": {"type": "string"}}},
        },
    }
    before = copy.deepcopy(schema)
    relaxed, paths = relax_nonstructural(schema)
    assert paths == ()
    assert relaxed == before and schema == before
    assert relaxed["properties"]["typed"] is schema["properties"]["typed"]


def test_a_problem_lenient_mode_cannot_downgrade_still_fails() -> None:
    spec = _document(
        {
            "type": "object",
            "properties": {
                "untyped": {},
                "tags": {"type": "array", "uniqueItems": True, "items": {"type": "string"}},
                "template": {"x-kubernetes-embedded-resource": True},
            },
        }
    )
    relaxed: list[Problem] = []
    with pytest.raises(LoadError) as exc:
        load_crd_text(yaml.safe_dump(spec, sort_keys=False), "crd/x.yaml", nonstructural=relaxed)
    errors = [p.path for p in exc.value.problems]
    assert f"{BASE}[tags].uniqueItems" in errors
    # an embedded resource without a type is not made free-form: both its problems remain
    assert errors.count(f"{BASE}[template].type") == 2
    assert f"{BASE}[untyped].type" not in errors
    assert [p.path for p in relaxed] == [f"{BASE}[untyped].type"]


def test_the_root_must_still_have_a_type() -> None:
    document = _document()
    del document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["type"]
    with pytest.raises(LoadError) as exc:
        load_crd_text(yaml.safe_dump(document, sort_keys=False), "crd/x.yaml", nonstructural=[])
    assert "spec.validation.openAPIV3Schema.type" in [p.path for p in exc.value.problems]


# --------------------------------------------------------------------------- generate command


def test_strict_generate_refuses_with_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    write_crds(tmp_path / "crd", _document())
    out = _previous_output(tmp_path)
    before = _snapshot(out)
    status, err, _ = _generate(tmp_path)
    assert status == 2, err
    assert "6 problem(s) in the CRDs; nothing was generated" in err
    for path in EXPECTED_PATHS:
        found = re.search(rf"crd0\.yaml:(\d+): {re.escape(path)}: Required value", err)
        assert found is not None and int(found.group(1)) > 1, err  # the line of the node
    assert "--allow-nonstructural" not in err and "warning" not in err
    assert _snapshot(out) == before


def test_lenient_generate_warns_with_paths_and_generates(tmp_path: Path) -> None:
    write_crds(tmp_path / "crd", _document())
    status, err, out = _generate(tmp_path, "--allow-nonstructural")
    assert status == 0, err
    assert "warning: 6 non-structural schema node(s) accepted with --allow-nonstructural" in err
    assert "the API server would refuse these CRDs as they are" in err
    for path in EXPECTED_PATHS:
        found = re.search(rf"crd0\.yaml:(\d+): {re.escape(path)}: Required value", err)
        assert found is not None and int(found.group(1)) > 1, err  # the line of the node
    assert (out / "example_com" / "v1" / "models.py").is_file()
    # a second lenient run: nothing to write, but the warnings are shown again
    status, again, _ = _generate(tmp_path, "--allow-nonstructural")
    assert status == 0 and again.count("Required value") == 6
    # a strict run never takes the leniently generated tree as up to date
    before = _snapshot(out)
    status, strict, _ = _generate(tmp_path)
    assert status == 2 and "nothing was generated" in strict
    assert _snapshot(out) == before
    status, _, _ = _generate(tmp_path, "--check")
    assert status == 2
    status, checked, _ = _generate(tmp_path, "--check", "--allow-nonstructural")
    assert status == 0, checked


def test_lenient_generate_with_a_real_error_fails_and_writes_nothing(tmp_path: Path) -> None:
    spec = copy.deepcopy(SPEC)
    spec["properties"]["name"]["pattern"] = "([a-z"
    write_crds(tmp_path / "crd", _document(spec))
    out = _previous_output(tmp_path)
    before = _snapshot(out)
    status, err, _ = _generate(tmp_path, "--allow-nonstructural")
    assert status == 2
    assert "1 problem(s) in the CRDs; nothing was generated" in err
    assert f"{BASE}[name].pattern: Invalid value" in err
    assert "warning: 6 non-structural schema node(s)" in err
    assert _snapshot(out) == before


# --------------------------------------------------------------------------- generated model


@pytest.fixture(scope="module")
def widget(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp_path = tmp_path_factory.mktemp("nonstructural")
    write_crds(tmp_path / "crd", _document())
    package = f"gen_ns_{uuid.uuid4().hex[:12]}"
    out = tmp_path / package
    status = cli.main(
        ["generate", "--crd-dir", str(tmp_path / "crd"), "--out", str(out), "--allow-nonstructural"]
    )
    assert status == 0
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    return importlib.import_module(f"{package}.example_com.v1.models").Widget


def _resource(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w"},
        "spec": spec,
    }


FREE_FORM = {
    "anything": {"deep": [1, "two", None, {"x": {"y": True}}]},
    "children": [{"name": "c", "children": [{"z": 1}]}, "text", 3, None, [1]],
    "loose": [{"a": {"b": []}}, 1.5, "s"],
    "labels": {"k": {"nested": 1}, "j": [1], "s": "v"},
}


@pytest.mark.parametrize("mode", ["Strict", "Warn", "Ignore"])
def test_free_form_nodes_accept_anything_and_prune_nothing(widget: Any, mode: str) -> None:
    model = widget.model_validate(_resource(FREE_FORM), context={"field_validation": mode})
    dumped = model.model_dump(by_alias=True, exclude_none=True, mode="json")["spec"]
    assert dumped == json.loads(json.dumps(FREE_FORM))
    values: list[Any] = ["a string", 7, [1, {"a": None}], {"x": {}}]
    for value in values:
        for name in ("anything", "graph"):
            widget.model_validate(_resource({name: value}))


def test_typed_fields_are_still_checked_and_pruned(widget: Any) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as exc:
        widget.model_validate(_resource({**FREE_FORM, "name": "toolong", "bogus": 1}))
    text = str(exc.value)
    assert "spec.name: Too long" in text
    assert 'unknown field "spec.bogus"' in text
    with pytest.raises(ValidationError, match=r"spec\.loose: Invalid value"):
        widget.model_validate(_resource({"loose": "not an array"}))
    with pytest.raises(ValidationError, match=r"spec\.nested\.count: Invalid value"):
        widget.model_validate(_resource({"nested": {"count": "1"}}))
    # the known properties of a free-form node still apply when its value is an object
    with pytest.raises(ValidationError, match=r"spec\.graph\.port: Invalid value"):
        widget.model_validate(_resource({"graph": {"port": "80"}}))
    graph = widget.model_validate(_resource({"graph": {"port": 80, "x": [1]}})).spec.graph
    assert graph == {"port": 80, "x": [1], "mode": "m"}  # defaulted, nothing pruned
    pruned = widget.model_validate(
        _resource({**FREE_FORM, "nested": {"count": 1, "extra": 2}, "bogus": 1}),
        context={"field_validation": "Ignore"},
    )
    dumped = pruned.model_dump(by_alias=True, exclude_none=True, mode="json")["spec"]
    assert "bogus" not in dumped and dumped["nested"] == {"count": 1}
    assert dumped["children"] == json.loads(json.dumps(FREE_FORM["children"]))


# --------------------------------------------------------------------------- validate command


def _validate(tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    from codegen.validate_cmd import run

    instance = tmp_path / "instance.yaml"
    instance.write_text(yaml.safe_dump(_resource(FREE_FORM)), encoding="utf-8")
    args = cli.build_parser().parse_args(
        ["validate", "--crd", str(tmp_path / "crd"), *extra, str(instance)]
    )
    out, err = io.StringIO(), io.StringIO()
    status = run(args, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_validate_command_refuses_strictly_and_accepts_leniently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRDC_CACHE_DIR", str(tmp_path / "cache"))
    write_crds(tmp_path / "crd", _document())
    status, _, err = _validate(tmp_path)
    assert status == 2 and "6 problem(s) in the CRDs" in err
    status, out, err = _validate(tmp_path, "--allow-nonstructural")
    assert status == 0, out + err
    assert "warning: 6 non-structural schema node(s)" in err
    # the cache entry the lenient run published is not used to skip the strict checks
    status, _, err = _validate(tmp_path)
    assert status == 2 and "6 problem(s) in the CRDs" in err


# --------------------------------------------------------------------------- corpus runner


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    lenient = _document()
    invalid = _document(
        {
            "type": "object",
            "properties": {
                "untyped": {},
                "tags": {"type": "array", "uniqueItems": True, "items": {"type": "string"}},
            },
        }
    )
    invalid["metadata"]["name"] = "gadgets.example.com"
    invalid["spec"]["names"] = {"kind": "Gadget", "plural": "gadgets", "singular": "gadget"}
    valid = _document({"type": "object", "properties": {"name": {"type": "string"}}})
    valid["metadata"]["name"] = "things.example.com"
    valid["spec"]["names"] = {"kind": "Thing", "plural": "things", "singular": "thing"}
    for name, document in (("a-lenient", lenient), ("b-invalid", invalid), ("c-valid", valid)):
        path = corpus / "crds" / "demo" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    instances = corpus / "instances" / "demo"
    instances.mkdir(parents=True)
    (instances / "free.yaml").write_text(yaml.safe_dump(_resource(FREE_FORM)), encoding="utf-8")
    (instances / "under.yaml").write_text(
        yaml.safe_dump(_resource({"children": [{"name": "c"}]})), encoding="utf-8"
    )
    (instances / "typo.yaml").write_text(yaml.safe_dump(_resource({"nme": "x"})), encoding="utf-8")
    rows = [
        "instance\tcrd\tversion\texpected\treason",
        "instances/demo/free.yaml\tcrds/demo/a-lenient.yaml\tv1\taccept\t",
        # a label that read `items: {}` as an empty schema: explained, not matched
        "instances/demo/under.yaml\tcrds/demo/a-lenient.yaml\tv1\treject-unknown-fields\t"
        ".spec.children[0].name",
        "instances/demo/typo.yaml\tcrds/demo/a-lenient.yaml\tv1\treject-unknown-fields\t.spec.nme",
        "instances/demo/free.yaml\tcrds/demo/b-invalid.yaml\tv1\taccept\t",
    ]
    (corpus / "EXPECTED.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return corpus


@pytest.mark.slow
def test_corpus_runner_retries_leniently_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path)
    status = corpus_cli.main(["--corpus", str(corpus), "--jobs", "1", "--mypy", "all"])
    out = capsys.readouterr().out
    assert status == 0, out
    lines = out.splitlines()

    def row(label: str) -> str:
        return next(line for line in lines if line.strip().startswith(label)).split(label)[1]

    assert row("CRDs generated").split() == ["2", "/", "3"]
    assert row("of them only --allow-nonstructural").split() == ["1", "/", "3"]
    assert row("CRDs refused as invalid (LoadError)").split() == ["1", "/", "3"]
    assert row("CRDs imported (every module)").split() == ["2", "/", "3"]
    assert row("CRDs type-clean (mypy --strict)").split() == ["2", "/", "2"]
    assert row("instances as labelled (all)").split() == ["2", "/", "4"]
    assert row("differing, under free-form nodes").split() == ["1", "/", "4"]
    assert (
        "crds/demo/a-lenient.yaml: generated only with --allow-nonstructural: "
        f"{EXPECTED_PATHS[0]}: Required value: must not be empty for specified object fields "
        "(+5 more)"
    ) in out
    invalid = out.split("crds/demo/b-invalid.yaml: invalid", 1)[1]
    assert "uniqueItems: Forbidden" in invalid.splitlines()[1] + invalid.splitlines()[2]
    assert "b-invalid.yaml: generated only" not in out
    explained = next(line for line in lines if "instances/demo/under.yaml" in line)
    assert "got accepted" in explained and "--allow-nonstructural made free-form" in explained


# --------------------------------------------------------------------------- the real case


SELDON = SHARED / "corpus/crds/seldon-core-v1/seldondeployments.machinelearning.seldon.io.yaml"


@pytest.mark.skipif(not SELDON.is_file(), reason="../shared/corpus is not available")
def test_seldon_base_crd_loads_only_leniently() -> None:
    with pytest.raises(LoadError) as exc:
        load_crds([SELDON])
    # its three versions share one schema: the server checks it once, as spec.validation
    assert [p.path.split(".openAPIV3Schema")[0] for p in exc.value.problems] == ["spec.validation"]
    relaxed: list[Problem] = []
    (document,) = load_crds([SELDON], nonstructural=relaxed)
    assert [str(p) for p in relaxed] == [str(p) for p in exc.value.problems]
    children = ".properties[spec].properties[predictors].items.properties[graph]"
    assert {v.nonstructural for v in document.versions} == {
        (f"{children}.properties[children].items",)
    }
