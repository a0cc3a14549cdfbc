"""Regressions found by the real-world corpus: repeated subtrees, free-form getters, untyped
items, deprecated and storage versions, incremental generation."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from codegen import cli, incremental, yamlio
from codegen.load import LoadError, load_crd_text
from tests.helpers import crd, generate_package, import_module, write_crds

_LEAF = {"type": "object", "properties": {"fooBar": {"type": "string", "description": "Foo."}}}


def _twice(first_doc: str, second_doc: str) -> dict[str, Any]:
    a = {**copy.deepcopy(_LEAF), "description": first_doc}
    b = {**copy.deepcopy(_LEAF), "description": second_doc}
    return {"type": "object", "properties": {"a": a, "b": {"type": "array", "items": b}}}


def test_identical_subtrees_share_one_class_and_keep_python_names_everywhere(
    tmp_path: Path,
) -> None:
    package, files = generate_package(tmp_path, crd(_twice("First holder.", "Second holder.")))
    models = files["example_com/v1/models.py"]
    assert "class WidgetSpecA(" in models
    assert "class WidgetSpecB" not in models
    sidecar = json.loads(files["example_com/v1/models.schema.json"])
    assert sidecar["names"]["/properties/spec/properties/a"] == {"foo_bar": "fooBar"}
    assert sidecar["names"]["/properties/spec/properties/b/items"] == {"foo_bar": "fooBar"}
    module = import_module(package, "example_com.v1.models")
    body = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}
    widget = module.Widget.model_validate({**body, "spec": {"b": [{"foo_bar": "x"}]}})
    assert widget.spec.b[0].foo_bar == "x"
    assert type(widget.spec.b[0]) is module.WidgetSpecA


def test_subtrees_differing_below_their_top_stay_distinct(tmp_path: Path) -> None:
    schema = _twice("A.", "B.")
    schema["properties"]["b"]["items"]["properties"]["fooBar"]["description"] = "Other."
    _, files = generate_package(tmp_path, crd(schema))
    models = files["example_com/v1/models.py"]
    assert "class WidgetSpecA(" in models and "class WidgetSpecB(" in models


def test_getters_carry_no_type_ignore_and_the_module_turns_off_warn_return_any(
    tmp_path: Path,
) -> None:
    schema = {
        "type": "object",
        "properties": {
            "values": {"x-kubernetes-preserve-unknown-fields": True},
            "name": {"type": "string"},
        },
    }
    _, files = generate_package(tmp_path, crd(schema))
    inputs = files["example_com/v1/_inputs.py"]
    getters = inputs.split('return pulumi.get(self, "')
    by_field = {chunk.split('"', 1)[0]: chunk.split("\n", 1)[0] for chunk in getters[1:]}
    assert "type: ignore" not in by_field["values"]
    assert "type: ignore" not in by_field["name"]
    # per module, not per getter: mypy would build each ignored message (see inputs.py.j2)
    head = inputs.split("from __future__", 1)[0]
    assert "# mypy: no-warn-return-any" in head


def test_untyped_array_items_are_reported_like_the_api_server() -> None:
    document = crd({"type": "object", "properties": {"children": {"type": "array", "items": {}}}})
    with pytest.raises(LoadError) as caught:
        load_crd_text(json.dumps(document), "x.yaml")
    assert (
        "properties[children].items.type: Required value: must not be empty for specified array items"
        in str(caught.value)
    )


def _two_versions() -> dict[str, Any]:
    document = crd({"type": "object", "properties": {"size": {"type": "integer"}}}, version="v1")
    stored = document["spec"]["versions"][0]
    old = {**copy.deepcopy(stored), "name": "v1beta1", "storage": False, "deprecated": True}
    old["deprecationWarning"] = "v1beta1 Widget is going away; use v1"
    document["spec"]["versions"].append(old)
    return document


def test_deprecated_version_is_marked_and_storage_version_named(tmp_path: Path) -> None:
    package, _ = generate_package(tmp_path, _two_versions())
    resource = import_module(package, "example_com.v1beta1.widget").Widget
    assert resource.__deprecated__ == "v1beta1 Widget is going away; use v1"
    assert "The API server stores Widget as v1" in (resource.__doc__ or "")
    stored = import_module(package, "example_com.v1.widget").Widget
    assert not hasattr(stored, "__deprecated__")
    assert "v1 is the storage version" in (stored.__doc__ or "")
    index = import_module(package, "example_com.v1beta1").__doc__ or ""
    assert "stored as v1" in index and "deprecated: v1beta1 Widget is going away" in index
    models = import_module(package, "example_com.v1beta1.models")
    with pytest.warns(DeprecationWarning, match="going away"):
        models.Widget.model_validate(
            {"apiVersion": "example.com/v1beta1", "kind": "Widget", "metadata": {"name": "w"}}
        )


def test_without_its_own_text_a_deprecated_version_says_what_the_server_says(
    tmp_path: Path,
) -> None:
    # the server's default names the newest served version that is not deprecated, and the
    # docstrings, the sidecar and the Python warning all carry that one text
    document = _two_versions()
    del document["spec"]["versions"][1]["deprecationWarning"]
    package, _ = generate_package(tmp_path, document)
    expected = "example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget"
    resource = import_module(package, "example_com.v1beta1.widget").Widget
    assert resource.__deprecated__ == expected
    assert f"deprecated: {expected}" in (
        import_module(package, "example_com.v1beta1").__doc__ or ""
    )
    models = import_module(package, "example_com.v1beta1.models")
    with pytest.warns(DeprecationWarning) as caught:
        models.Widget.model_validate(
            {"apiVersion": "example.com/v1beta1", "kind": "Widget", "metadata": {"name": "w"}}
        )
    assert [str(w.message) for w in caught] == [expected]


# Incremental generation ----------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_crds(tmp_path / "crd", crd(_twice("A.", "B.")), crd(_LEAF, kind="Gadget"))
    assert cli.main(["generate"]) == 0
    return tmp_path


def test_nothing_changed_means_no_compilation(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import codegen.compile

    def fail(*_args: object, **_kwargs: object) -> dict[str, str]:
        raise AssertionError("compiled although nothing changed")

    monkeypatch.setattr(codegen.compile, "compile_tree", fail)
    assert cli.main(["generate"]) == 0
    assert (workspace / "generated" / incremental.MANIFEST).is_file()


def test_a_compiler_change_recompiles_once_then_trusts_the_manifest_again(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import codegen.compile

    manifest = workspace / "generated" / incremental.MANIFEST
    os.utime(manifest, (0, 0))  # older than every compiler source, as after a fresh clone
    assert incremental.read_manifest(workspace / "generated") is None
    assert cli.main(["generate"]) == 0  # full compile: same output, manifest confirmed
    assert incremental.read_manifest(workspace / "generated") is not None

    def fail(*_args: object, **_kwargs: object) -> dict[str, str]:
        raise AssertionError("compiled again although nothing changed")

    monkeypatch.setattr(codegen.compile, "compile_tree", fail)
    assert cli.main(["generate"]) == 0


def test_a_runtime_change_also_distrusts_the_manifest(workspace: Path) -> None:
    # the runtime's CEL compiler, cost estimate and regexp checks decide which CRDs are refused
    import os
    import time

    manifest = workspace / "generated" / incremental.MANIFEST
    assert incremental.read_manifest(workspace / "generated") is not None
    source = Path(incremental.__file__).parent / "runtime" / "cel" / "regex_ext.py"
    stat = source.stat()
    try:
        later = time.time() + 60
        os.utime(manifest, (later, later))
        os.utime(source, (later + 1, later + 1))
        assert incremental.read_manifest(workspace / "generated") is None
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_changing_one_crd_regenerates_only_its_kinds(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import codegen.compile
    from codegen import layout

    rendered: list[str] = []
    original = layout.kind_other_files

    def counting(group: Any, version: Any, kind: Any, *rest: Any) -> dict[str, str]:
        rendered.append(kind.kind)
        return original(group, version, kind, *rest)

    monkeypatch.setattr("codegen.compile.kind_other_files", counting)
    write_crds(
        workspace / "crd",
        crd(_twice("A.", "B."), kind="Widget"),
        crd({**_LEAF, "maxProperties": 3}, kind="Gadget"),
    )
    assert cli.main(["generate"]) == 0
    assert rendered == ["Gadget"]
    fresh = codegen.compile.compile_tree([workspace / "crd"], relative_to=workspace)
    assert cli.main(["generate", "--check"]) == 0
    on_disk = {p: (workspace / "generated" / p).read_text(encoding="utf-8") for p in fresh}
    assert on_disk == fresh


def test_only_the_changed_crd_is_checked_again(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files of the manifest, with the bytes it recorded, were checked in full by this
    compiler: an incremental run reads them but checks (schema, defaults, rules) only the
    changed one, which is still refused when it is wrong."""
    import codegen.cel_check
    import codegen.structural_checks

    checked_schemas: list[str] = []
    checked_rules: list[str] = []
    walk = codegen.structural_checks.check_structural_schema
    rules = codegen.cel_check.rule_problems

    def counting_schema(schema: Any, *args: Any, **kwargs: Any) -> Any:
        checked_schemas.append(str(sorted(schema.get("properties", {}).get("spec", {}))))
        return walk(schema, *args, **kwargs)

    def counting_rules(crds: Any) -> Any:
        checked_rules.extend(crd.kind for crd in crds)
        return rules(crds)

    monkeypatch.setattr(codegen.structural_checks, "check_structural_schema", counting_schema)
    monkeypatch.setattr("codegen.compile.rule_problems", counting_rules)
    ruled = {**_LEAF, "x-kubernetes-validations": [{"rule": "true"}]}
    write_crds(workspace / "crd", crd(_twice("A.", "B.")), crd(ruled, kind="Gadget"))
    assert cli.main(["generate"]) == 0
    assert len(checked_schemas) == 1 and checked_rules == ["Gadget"]
    # a broken change is refused as in a full run, and nothing is written
    broken = {**_LEAF, "x-kubernetes-validations": [{"rule": "self.nope"}]}
    write_crds(workspace / "crd", crd(_twice("A.", "B.")), crd(broken, kind="Gadget"))
    before = (workspace / "generated" / incremental.MANIFEST).read_text(encoding="utf-8")
    assert cli.main(["generate"]) == 2
    assert (workspace / "generated" / incremental.MANIFEST).read_text(encoding="utf-8") == before
    # back to the bytes of the manifest: nothing to do; `--check` trusts nothing
    checked_rules.clear()
    write_crds(workspace / "crd", crd(_twice("A.", "B.")), crd(ruled, kind="Gadget"))
    assert cli.main(["generate"]) == 0
    assert checked_rules == []
    assert cli.main(["generate", "--check"]) == 0
    assert sorted(checked_rules) == ["Gadget", "Widget"]


def _counting_rules(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import codegen.cel_check

    checked: list[str] = []
    rules = codegen.cel_check.rule_problems

    def counting(crds: Any) -> Any:
        checked.extend(crd.kind for crd in crds)
        return rules(crds)

    monkeypatch.setattr("codegen.compile.rule_problems", counting)
    return checked


def test_files_are_trusted_only_with_this_compilers_record_of_this_manifest(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manifest made by another build (its fingerprint differs) or edited by hand matches
    no record of this compiler: every CRD file is checked again, once."""
    from codegen import checked

    ruled = {**_LEAF, "x-kubernetes-validations": [{"rule": "true"}]}
    write_crds(workspace / "crd", crd(_twice("A.", "B.")), crd(ruled, kind="Gadget"))
    assert cli.main(["generate"]) == 0
    counted = _counting_rules(monkeypatch)
    bigger = {**ruled, "maxProperties": 4}
    write_crds(workspace / "crd", crd(_twice("A.", "B.")), crd(bigger, kind="Gadget"))
    real = checked.fingerprint()
    monkeypatch.setattr(checked, "fingerprint", lambda: "another build")
    assert cli.main(["generate"]) == 0
    assert sorted(counted) == ["Gadget", "Widget"]  # nothing trusted
    monkeypatch.setattr(checked, "fingerprint", lambda: real)
    counted.clear()
    manifest = workspace / "generated" / incremental.MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8") + " ", encoding="utf-8")
    write_crds(workspace / "crd", crd(_twice("A.", "B.")), crd(ruled, kind="Gadget"))
    assert cli.main(["generate"]) == 0
    assert sorted(counted) == ["Gadget", "Widget"]


def test_the_manifest_records_the_bytes_that_were_checked(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CRD file saved while a run goes on: the manifest records the bytes the run read and
    checked, so the next run sees the new bytes as changed and checks them."""
    import codegen.compile

    good = crd({**_LEAF, "maxProperties": 4}, kind="Gadget")
    bad = crd({**_LEAF, "x-kubernetes-validations": [{"rule": "self.nope("}]}, kind="Gadget")
    write_crds(workspace / "crd", crd(_twice("A.", "B.")), good)
    check = codegen.compile.check_rules

    def saved_meanwhile(crds: Any) -> None:
        check(crds)
        write_crds(workspace / "crd", crd(_twice("A.", "B.")), bad)

    monkeypatch.setattr(codegen.compile, "check_rules", saved_meanwhile)
    assert cli.main(["generate"]) == 0  # made from the good bytes
    monkeypatch.setattr(codegen.compile, "check_rules", check)
    assert cli.main(["generate"]) == 2  # the bad bytes: changed, checked, refused


def test_a_file_only_read_warns_again_when_its_kind_is_generated_again(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its warnings come with its generated files, as in a fresh run (held-out sweep 35)."""
    widget = crd(_twice("A.", "B."))
    widget["spec"]["bogusField"] = 1
    write_crds(workspace / "crd", widget, crd(_LEAF, kind="Gadget"))
    assert cli.main(["generate"]) == 0
    assert 'unknown field "spec.bogusField"' in capsys.readouterr().err
    write_crds(workspace / "crd", widget, crd({**_LEAF, "maxProperties": 2}, kind="Gadget"))
    assert cli.main(["generate"]) == 0
    assert "bogusField" not in capsys.readouterr().err  # only read, not generated again
    for module in (workspace / "generated" / "example_com" / "v1").glob("*widget*"):
        module.unlink()
    write_crds(workspace / "crd", widget, crd({**_LEAF, "maxProperties": 3}, kind="Gadget"))
    assert cli.main(["generate"]) == 0
    assert 'unknown field "spec.bogusField"' in capsys.readouterr().err


def test_a_file_only_read_notes_a_key_given_twice_only_when_generated_again(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The YAML reader's notes are warnings like the others: with the generated files."""
    widget = write_crds(workspace / "crd", crd(_twice("A.", "B."))) / "crd0.yaml"
    widget.write_text(widget.read_text(encoding="utf-8") + "kind: CustomResourceDefinition\n")
    gadget = workspace / "crd" / "crd1.yaml"  # the fixture's Gadget
    for maximum, noted in ((1, True), (2, False)):
        gadget.write_text(yamlio.dump(crd({**_LEAF, "maxProperties": maximum}, kind="Gadget")))
        assert cli.main(["generate"]) == 0
        assert ('duplicate key "kind"' in capsys.readouterr().err) is noted
    for module in (workspace / "generated" / "example_com" / "v1").glob("*widget*"):
        module.unlink()
    gadget.write_text(yamlio.dump(crd({**_LEAF, "maxProperties": 3}, kind="Gadget")))
    assert cli.main(["generate"]) == 0
    assert 'duplicate key "kind"' in capsys.readouterr().err


def test_a_hand_edited_output_file_is_regenerated(workspace: Path) -> None:
    target = workspace / "generated" / "example_com" / "v1" / "_widget_inputs.py"
    original = target.read_text(encoding="utf-8")
    target.write_text(original + "# edited\n", encoding="utf-8")
    assert cli.main(["generate", "--check"]) == 1
    assert cli.main(["generate"]) == 0
    assert target.read_text(encoding="utf-8") == original


def test_manifest_is_deterministic_and_checked(workspace: Path) -> None:
    manifest = workspace / "generated" / incremental.MANIFEST
    text = manifest.read_text(encoding="utf-8")
    manifest.unlink()
    assert cli.main(["generate", "--check"]) == 1
    assert cli.main(["generate"]) == 0
    assert manifest.read_text(encoding="utf-8") == text
