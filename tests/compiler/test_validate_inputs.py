"""`codegen validate` pairs `--old` objects by identity and flattens lists, as kubectl and the
API server do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codegen import cli, yamlio
from tests.helpers import crd, write_crds

IMMUTABLE = {
    "type": "object",
    "properties": {"size": {"type": "integer", "maximum": 5}},
    "x-kubernetes-validations": [{"rule": "self == oldSelf", "message": "immutable"}],
}


def _widget(name: str, size: int) -> dict[str, object]:
    return {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": name},
        "spec": {"size": size},
    }


def _write(path: Path, *documents: object) -> None:
    path.write_text("---\n".join(yamlio.dump(d) for d in documents), encoding="utf-8")


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_crds(tmp_path / "crd", crd(IMMUTABLE))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_old_objects_pair_with_their_namesakes(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(folder / "old.yaml", _widget("a", 1), _widget("b", 2))
    _write(folder / "new.yaml", _widget("b", 2), _widget("a", 1))  # reordered, unchanged
    assert cli.main(["validate", "--crd", "crd", "--old", "old.yaml", "new.yaml"]) == 0
    _write(folder / "new.yaml", _widget("b", 3), _widget("a", 1))
    assert cli.main(["validate", "--crd", "crd", "--old", "old.yaml", "new.yaml"]) == 1
    out = capsys.readouterr().out
    assert '"b" is invalid' in out and "immutable" in out and '"a" is valid' in out


def test_a_new_object_without_a_namesake_is_a_create(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(folder / "old.yaml", _widget("a", 1), _widget("b", 2))
    _write(folder / "new.yaml", _widget("c", 4))
    assert cli.main(["validate", "--crd", "crd", "--old", "old.yaml", "new.yaml"]) == 0


def test_list_items_are_checked_one_by_one(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        folder / "list.yaml",
        {"apiVersion": "v1", "kind": "List", "items": [_widget("ok", 1), _widget("big", 9)]},
    )
    assert cli.main(["validate", "--crd", "crd", "list.yaml"]) == 1
    out = capsys.readouterr().out
    assert '"ok" is valid' in out and '"big" is invalid' in out


def test_list_items_are_named_by_their_place_in_the_list(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--output json` gives each item its document and its place in `items`; a document of
    its own has no item place."""
    stray = {"apiVersion": "example.com/v1", "kind": "Gadget", "metadata": {"name": "s"}}
    items = [_widget("ok", 1), _widget("big", 9), stray]
    _write(
        folder / "list.yaml",
        _widget("alone", 1),
        {"apiVersion": "v1", "kind": "List", "items": items},
    )
    assert cli.main(["validate", "--crd", "crd", "--output", "json", "list.yaml"]) == 1
    verdicts = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(v["index"], v["item"], v["valid"]) for v in verdicts] == [
        (0, None, True),
        (1, 0, True),
        (1, 1, False),
        (1, 2, False),
    ]
    assert cli.main(["validate", "--crd", "crd", "list.yaml"]) == 1
    assert "list.yaml: document 1, items[2]: no CRD given" in capsys.readouterr().out


def test_a_list_in_a_list_stops_the_document_as_kubectl_does(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cli-runtime's FlattenListVisitor sees an item with an `items` array as a list, but
    meta.ExtractList cannot read it (the item was decoded as an *Unstructured object): the
    whole document fails before any of its items is sent. (kubectl 1.32 prints the same.)"""
    for nested in ([_widget("c", 1)], []):
        inner = {"apiVersion": "v1", "kind": "List", "items": nested}
        outer = {"apiVersion": "v1", "kind": "List", "items": [_widget("a", 1), inner]}
        _write(folder / "nested.yaml", outer)
        assert cli.main(["validate", "--crd", "crd", "nested.yaml"]) == 1
        assert capsys.readouterr().out == (
            "nested.yaml: *unstructured.Unstructured is not a list: no Items field in this object\n"
        )
    # an item whose `items` is not an array is an object, sent as it is
    odd = {**_widget("b", 1), "items": {"x": 1}}
    _write(folder / "odd.yaml", {"apiVersion": "v1", "kind": "List", "items": [odd]})
    assert cli.main(["validate", "--crd", "crd", "odd.yaml"]) == 1
    assert 'Widget.example.com "b" is invalid' in capsys.readouterr().out  # `items` unknown


def test_any_object_with_root_items_is_a_list_as_kubectl_decodes_it(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """apimachinery's unstructured decoder: a root `items` key makes a list whatever the kind;
    only its items are applied, and one without kind and apiVersion takes the list's."""
    bare = {"metadata": {"name": "bare"}, "spec": {"size": 9}}  # kind Widget, from WidgetList
    items = [_widget("a", 1), bare]
    _write(
        folder / "list.yaml", {"apiVersion": "example.com/v1", "kind": "WidgetList", "items": items}
    )
    assert cli.main(["validate", "--crd", "crd", "list.yaml"]) == 1
    out = capsys.readouterr().out
    assert '"a" is valid' in out and 'Widget.example.com "bare" is invalid' in out
    # the object itself is never sent: its own invalid spec is not looked at
    _write(folder / "own.yaml", {**_widget("own", 9), "items": [_widget("a", 1)]})
    assert cli.main(["validate", "--crd", "crd", "own.yaml"]) == 0
    assert '"own"' not in capsys.readouterr().out
    _write(folder / "null.yaml", {**_widget("own", 9), "items": None})  # an empty list
    assert cli.main(["validate", "--crd", "crd", "null.yaml"]) == 0


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ("x", "json: cannot unmarshal string into Go struct field decodeList.items of type "),
        ([{"kind": "Widget"}, 5], "json: cannot unmarshal number into Go value of type map"),
    ],
)
def test_list_items_that_do_not_decode_are_one_error(
    folder: Path, capsys: pytest.CaptureFixture[str], items: object, message: str
) -> None:
    _write(folder / "bad.yaml", {**_widget("w", 1), "items": items})
    assert cli.main(["validate", "--crd", "crd", "bad.yaml"]) == 1
    out = capsys.readouterr().out
    assert f'bad.yaml: unable to decode "bad.yaml": {message}' in out, out


def test_an_unserved_version_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    document = crd(IMMUTABLE)
    old = {**document["spec"]["versions"][0], "name": "v1beta1", "served": False, "storage": False}
    document["spec"]["versions"].append(old)
    write_crds(tmp_path / "crd", document)
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "old.yaml", {**_widget("w", 1), "apiVersion": "example.com/v1beta1"})
    assert cli.main(["validate", "--crd", "crd", "old.yaml"]) == 1
    out = capsys.readouterr().out
    assert 'no matches for kind "Widget" in version "example.com/v1beta1"' in out, out
    assert "served: false" in out


def test_files_may_follow_options_as_kubectl_takes_them(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(folder / "a.yaml", _widget("a", 1))
    _write(folder / "b.yaml", _widget("b", 9))
    argv = ["validate", "a.yaml", "--crd", "crd", "--output", "json", "b.yaml"]
    assert cli.main(argv) == 1
    out = capsys.readouterr().out
    assert out.index('"a"') < out.index('"b"')  # both checked, in the order given
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["validate", "--crd", "crd", "a.yaml", "--no-such-flag", "b.yaml"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --no-such-flag" in capsys.readouterr().err


def test_folders_are_read_as_kubectl_reads_them(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "manifests" / "nested").mkdir(parents=True)
    _write(folder / "manifests" / "top.yaml", _widget("top", 1))
    _write(folder / "manifests" / "nested" / "deep.yaml", _widget("deep", 9))
    (folder / "manifests" / "notes.txt").write_text("not a manifest", encoding="utf-8")
    assert cli.main(["validate", "--crd", "crd", "manifests"]) == 0  # kubectl -f: no subfolders
    assert '"deep"' not in capsys.readouterr().out
    assert cli.main(["validate", "--crd", "crd", "-R", "manifests"]) == 1  # kubectl -R -f
    out = capsys.readouterr().out
    assert '"top" is valid' in out and '"deep" is invalid' in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": None}, 'Object \'Kind\' is missing in \'{"apiVersion":"v1","items":[{'),
        (
            {"apiVersion": 5},
            "json: cannot unmarshal number into Go struct field "
            "metadataOnlyObject.apiVersion of type string",
        ),
        (
            {"metadata": 5},
            "json: cannot unmarshal number into Go struct field "
            "metadataOnlyObject.metadata of type v1.ObjectMeta",
        ),
    ],
)
def test_a_list_kubectl_cannot_decode_is_refused_whole(
    folder: Path, capsys: pytest.CaptureFixture[str], change: dict[str, object], message: str
) -> None:
    """The list object is decoded first (kind, then cli-runtime's metadata-only object): when
    that fails, none of its items is sent (checked against kubectl 1.32)."""
    document = {"apiVersion": "v1", "kind": "List", "items": [_widget("a", 1)], **change}
    _write(folder / "list.yaml", {k: v for k, v in document.items() if v is not None})
    assert cli.main(["validate", "--crd", "crd", "list.yaml"]) == 1
    out = capsys.readouterr().out
    assert message in out and '"a" is valid' not in out
    # a null `items` is an empty list, but the list itself is still decoded
    _write(
        folder / "list.yaml",
        {**{k: v for k, v in document.items() if v is not None}, "items": None},
    )
    assert cli.main(["validate", "--crd", "crd", "list.yaml"]) == 1
    assert message.split("'{")[0] in capsys.readouterr().out


def test_folder_entries_are_taken_as_filepath_walk_gives_them(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Links are not followed but read as files (a link to a folder or to nothing fails to
    read), a file named `.yaml` is a manifest, and a folder holding none given before any
    file stops the run as kubectl stops it (checked against kubectl 1.32)."""
    import os

    manifests = folder / "manifests"
    (manifests / "sub").mkdir(parents=True)
    _write(manifests / ".yaml", _widget("dot", 1))
    _write(manifests / "sub" / "a.yaml", _widget("a", 1))
    os.symlink(manifests / "sub", manifests / "linked.yaml")
    os.symlink(manifests / "gone", manifests / "broken.yml")
    from codegen.validate_cmd import input_files

    assert [p.name for p in input_files([manifests])] == [".yaml", "broken.yml", "linked.yaml"]
    assert cli.main(["validate", "--crd", "crd", "manifests"]) == 1
    out = capsys.readouterr().out
    assert '"dot" is valid' in out and "broken.yml: cannot read" in out
    assert "linked.yaml: cannot read" in out
    (folder / "empty").mkdir()
    assert cli.main(["validate", "--crd", "crd", "empty", "manifests/.yaml"]) == 2
    assert "error reading [empty]: recognized file extensions are [.json .yaml .yml]" in (
        capsys.readouterr().err
    )
    assert cli.main(["validate", "--crd", "crd", "manifests/.yaml", "empty"]) == 0


def test_files_are_decoded_as_kubectl_reads_them(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON when the text starts with `{` (a stream of objects), whatever the file's name, else
    YAML; a byte order mark dropped, UTF-16 decoded, invalid UTF-8 bytes read as U+FFFD."""
    import json

    (folder / "stream.yaml").write_text(
        json.dumps(_widget("a", 1)) + "\n" + json.dumps(_widget("b", 2)), encoding="utf-8"
    )
    (folder / "yaml.json").write_text(yamlio.dump(_widget("c", 3)), encoding="utf-8")
    (folder / "bom.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(_widget("d", 4)).encode())
    (folder / "utf16.yaml").write_bytes(
        b"\xff\xfe" + yamlio.dump(_widget("e", 5)).encode("utf-16-le")
    )
    latin = yamlio.dump(_widget("f", 1)).replace("kind: Widget", "kind: Widget # caf\udce9")
    (folder / "latin.yaml").write_bytes(latin.encode("utf-8", "surrogateescape"))
    files = ["stream.yaml", "yaml.json", "bom.json", "utf16.yaml", "latin.yaml"]
    assert cli.main(["validate", "--crd", "crd", *files]) == 0
    out = capsys.readouterr().out
    assert [line.split('"')[1] for line in out.splitlines()] == ["a", "b", "c", "d", "e", "f"]


def test_a_repeated_key_is_read_as_kubectl_reads_it_with_a_warning(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = yamlio.dump(_widget("a", 9)) + "spec: {size: 1}\n"  # the last value counts
    (folder / "twice.yaml").write_text(text, encoding="utf-8")
    (folder / "twice.json").write_text(
        '{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "b"},'
        ' "spec": {"size": 9}, "spec": {"size": 2}}',
        encoding="utf-8",
    )
    assert cli.main(["validate", "--crd", "crd", "twice.yaml", "twice.json"]) == 0
    err = capsys.readouterr().err
    assert 'duplicate key "spec" (first at line' in err
    assert 'Warning: duplicate key "spec": its last value is used' in err


def test_pairing_settles_the_namespace_as_kubectl_does(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """kubectl gives a namespaced object without a namespace the default one, and drops a
    cluster-scoped object's: the stored object is found by that identity."""

    def placed(name: str, size: int, namespace: str) -> dict[str, object]:
        widget = _widget(name, size)
        widget["metadata"] = {"name": name, "namespace": namespace}
        return widget

    _write(folder / "old.yaml", placed("a", 1, "default"), placed("a", 2, "other"))
    _write(folder / "new.yaml", _widget("a", 3))  # default/a, changed
    assert cli.main(["validate", "--crd", "crd", "--old", "old.yaml", "new.yaml"]) == 1
    assert "immutable" in capsys.readouterr().out
    cluster = crd(IMMUTABLE)
    cluster["spec"]["scope"] = "Cluster"
    write_crds(folder / "crd", cluster)
    _write(folder / "old.yaml", _widget("a", 1), _widget("b", 2))
    _write(folder / "new.yaml", placed("a", 1, "default"))  # the namespace is dropped: a, same
    assert cli.main(["validate", "--crd", "crd", "--old", "old.yaml", "new.yaml"]) == 0


def test_an_object_without_a_name_or_generate_name_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ValidateObjectMetaAccessor on create: a manifest must name its object (the server fills a
    name from generateName first); only Pulumi's resources are named for them."""
    nameless = {"apiVersion": "example.com/v1", "kind": "Widget", "spec": {"size": 1}}
    _write(folder / "nameless.yaml", nameless)
    assert cli.main(["validate", "--crd", "crd", "nameless.yaml"]) == 1
    assert "metadata.name: Required value: name or generateName is required" in (
        capsys.readouterr().out
    )
    _write(folder / "generated.yaml", {**nameless, "metadata": {"generateName": "w-"}})
    assert cli.main(["validate", "--crd", "crd", "generated.yaml"]) == 0
    assert 'Widget.example.com "w-" is valid' in capsys.readouterr().out  # not ""
    big = {**nameless, "metadata": {"generateName": "w-"}, "spec": {"size": 9}}
    _write(folder / "generated.yaml", big)
    assert cli.main(["validate", "--crd", "crd", "generated.yaml"]) == 1
    assert 'Widget.example.com "w-" is invalid' in capsys.readouterr().out


def test_a_nameless_object_paired_with_the_one_old_object_is_its_update(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An update takes what the manifest leaves out of the metadata from the old object, the
    name included: the create-time "name or generateName is required" does not apply."""
    _write(folder / "old.yaml", _widget("a", 1))
    nameless = {"apiVersion": "example.com/v1", "kind": "Widget", "spec": {"size": 1}}
    _write(folder / "new.yaml", nameless)
    assert cli.main(["validate", "--crd", "crd", "--old", "old.yaml", "new.yaml"]) == 0, (
        capsys.readouterr().out
    )


def test_a_generated_name_is_what_the_rules_see_on_create(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """rest.BeforeCreate names the object from generateName (cut to 58 characters, 5 random
    ones added) before anything is validated: rules on metadata.name see that name."""
    document = crd({"type": "object", "properties": {"size": {"type": "integer"}}})
    root = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    root["x-kubernetes-validations"] = [
        {"rule": "self.metadata.name.startsWith('w-')", "message": "w- names only"},
        {"rule": "self.metadata.name.size() <= 63", "message": "too long"},
    ]
    write_crds(tmp_path / "crd", document)
    monkeypatch.chdir(tmp_path)
    base = {"apiVersion": "example.com/v1", "kind": "Widget", "spec": {"size": 1}}
    _write(tmp_path / "ok.yaml", {**base, "metadata": {"generateName": "w-" + "a" * 70}})
    assert cli.main(["validate", "--crd", "crd", "ok.yaml"]) == 0, capsys.readouterr().out
    _write(tmp_path / "other.yaml", {**base, "metadata": {"generateName": "v-"}})
    assert cli.main(["validate", "--crd", "crd", "other.yaml"]) == 1
    assert "w- names only" in capsys.readouterr().out
    _write(tmp_path / "bad.yaml", {**base, "metadata": {"generateName": "Wx-"}})
    assert cli.main(["validate", "--crd", "crd", "bad.yaml"]) == 1
    out = capsys.readouterr().out  # the prefix and the name made from it, as the server says
    assert 'metadata.generateName: Invalid value: "Wx-"' in out
    assert 'metadata.name: Invalid value: "Wx-xxxxx"' in out


def test_a_model_reads_a_generated_name_as_validate_does(tmp_path: Path) -> None:
    """A manifest given to a generated model names its object from generateName before the
    schema sees it, as `validate` does (held-out sweep 37: an enum on metadata.name)."""
    from tests.helpers import generate_package, import_module

    document = crd({"type": "object"})
    root = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    root["properties"]["metadata"] = {
        "type": "object",
        "properties": {"name": {"type": "string", "enum": ["only"]}},
    }
    package, _ = generate_package(tmp_path, document)
    model = import_module(package, "example_com.v1.models").Widget
    body = {"apiVersion": "example.com/v1", "kind": "Widget", "spec": {}}
    manifest = {"field_validation": "Strict", "manifest": True}
    model.model_validate({**body, "metadata": {"name": "only"}}, context=manifest)
    with pytest.raises(ValueError, match=r"metadata\.name"):
        model.model_validate({**body, "metadata": {"generateName": "only-"}}, context=manifest)
