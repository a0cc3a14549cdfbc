"""Issue #7.3: malformed input is a clear error naming the file; generate stays atomic."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen import cli
from codegen.yamlio import MAX_DEPTH, MAX_EXPANDED_NODES, YamlError, load_documents
from tests.helpers import crd

GOOD = crd({"type": "object", "properties": {"replicas": {"type": "integer", "minimum": 0}}})
GOOD_TEXT = yaml.safe_dump(GOOD, sort_keys=False)

# Nine anchors, each nine times the previous: 9**9 nodes once expanded.
BOMB = "".join(
    f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join([f'*{chr(96 + i)}'] * 9) if i else ', '.join(['x'] * 9)}]\n"
    for i in range(9)
)


def _with(path: str, value: Any, *, delete: bool = False) -> dict[str, Any]:
    """GOOD with the dotted `path` set to `value` (or deleted)."""
    document = copy.deepcopy(GOOD)
    node: Any = document
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    for key in keys[:-1]:
        node = node[key]
    if delete:
        del node[keys[-1]]
    else:
        node[keys[-1]] = value
    return document


def _dump(document: Any) -> str:
    return yaml.safe_dump(document, sort_keys=False)


SPEC_SCHEMA = "spec.versions.0.schema.openAPIV3Schema.properties.spec"

# name -> (CRD file text, fragments the error must contain)
BAD_CRDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "syntax": (GOOD_TEXT + "extra: [1, 2\n", ("bad.yaml:", "invalid YAML")),
    "tab_indent": ("apiVersion: v1\nkind:\n\tx: 1\n", ("bad.yaml:3:1:", "invalid YAML")),
    # kubectl keeps a repeated key's last value: here a kind that is no CRD's
    "duplicate_key": (GOOD_TEXT + "kind: Again\n", ("bad.yaml:", 'kind: must be "CustomResource')),
    "alias_bomb": (BOMB, ("bad.yaml:1:1:", f"more than {MAX_EXPANDED_NODES} nodes")),
    "recursive_alias": ("&a [*a]\n", ("bad.yaml:1:", "an alias refers to a node that contains it")),
    "too_deep": (
        "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
        ("nested deeper than",),
    ),
    "list_document": ("- 1\n- 2\n", ("bad.yaml:1:", "must be a YAML mapping, got list")),
    "scalar_document": ("just text\n", ("bad.yaml:1:", "must be a YAML mapping, got str")),
    "second_document_scalar": (GOOD_TEXT + "---\n42\n", ("bad.yaml:", "got int")),
    "no_spec": (_dump(_with("spec", None, delete=True)), ("bad.yaml:1: spec: Required value",)),
    "no_names": (_dump(_with("spec.names", None, delete=True)), ("spec.names: Required value",)),
    "no_versions": (
        _dump(_with("spec.versions", None, delete=True)),
        ("spec.versions: Required value",),
    ),
    "no_schema": (
        _dump(_with("spec.versions.0.schema", None, delete=True)),
        ("openAPIV3Schema: Required value",),
    ),
    "no_group": (_dump(_with("spec.group", None, delete=True)), ("spec.group: Required value",)),
    "wrong_kind": (
        _dump(_with("kind", "Deployment")),
        ('kind: must be "CustomResourceDefinition"',),
    ),
    "nan": (
        GOOD_TEXT.replace("minimum: 0", "minimum: .nan"),
        ("invalid YAML", "not a JSON number"),
    ),
    "null_key": (GOOD_TEXT.replace("replicas:", "~:"), ("invalid YAML", "mapping key None")),
    "binary": (
        GOOD_TEXT.replace("type: integer", "type: !!binary not*base64"),
        ("bad.yaml:", "!!binary value contains invalid base64 data"),
    ),
    "required_not_list": (
        _dump(_with(f"{SPEC_SCHEMA}.required", "replicas")),
        ("required: must be a list of strings",),
    ),
    "description_not_string": (
        _dump(_with(f"{SPEC_SCHEMA}.description", 5)),
        ("spec].description: must be a string",),
    ),
    "bound_not_number": (
        _dump(_with(f"{SPEC_SCHEMA}.properties.replicas.minimum", "0")),
        ("minimum: must be a number",),
    ),
    "length_not_integer": (
        _dump(_with(f"{SPEC_SCHEMA}.properties.replicas.maxLength", 1.5)),
        ("maxLength: must be a 64-bit integer",),
    ),
    "enum_not_list": (
        _dump(_with(f"{SPEC_SCHEMA}.properties.replicas.enum", 3)),
        ("enum: must be a list",),
    ),
    "nullable_not_bool": (
        _dump(_with(f"{SPEC_SCHEMA}.properties.replicas.nullable", "yes")),
        ("nullable: must be a boolean",),
    ),
    "rule_message_not_string": (
        _dump(
            _with(f"{SPEC_SCHEMA}.x-kubernetes-validations", [{"rule": "true", "message": ["no"]}])
        ),
        ("x-kubernetes-validations[0].message: must be a string",),
    ),
    # read as kubectl reads it: each invalid byte is U+FFFD, and the text is no mapping
    "not_utf8": ("\udcff", ("bad.yaml:1:", "must be a YAML mapping, got str")),
}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _write_bad(folder: Path, text: str) -> Path:
    path = folder / "bad.yaml"
    if text == "\udcff":
        path.write_bytes(b"\xc3(not utf-8")
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as cwd, with crd/good.yaml compiled into generated/."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crd").mkdir()
    (tmp_path / "crd" / "good.yaml").write_text(GOOD_TEXT, encoding="utf-8")
    assert cli.main(["generate", "--crd-dir", "crd", "--out", "generated"]) == 0
    return tmp_path


@pytest.mark.parametrize("case", sorted(BAD_CRDS))
def test_bad_crd_is_a_clear_error_and_leaves_generated_untouched(
    case: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, fragments = BAD_CRDS[case]
    before = _snapshot(workspace / "generated")
    capsys.readouterr()
    _write_bad(workspace / "crd", text)
    for extra in ([], ["--check"]):
        code = cli.main(["generate", "--crd-dir", "crd", "--out", "generated", *extra])
        captured = capsys.readouterr()
        assert code == 2, captured
        assert "Traceback" not in captured.err
        assert "nothing was generated" in captured.err
        assert "crd/bad.yaml" in captured.err, captured.err
        for fragment in fragments:
            assert fragment in captured.err, (fragment, captured.err)
        assert "crd/good.yaml" not in captured.err
        assert _snapshot(workspace / "generated") == before


def test_every_bad_file_is_reported_at_once(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "crd" / "a.yaml").write_text("- not a crd\n", encoding="utf-8")
    (workspace / "crd" / "b.yaml").write_text("x: [\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["generate", "--crd-dir", "crd", "--out", "generated"]) == 2
    err = capsys.readouterr().err
    assert "crd/a.yaml:1: a CRD must be a YAML mapping" in err
    assert "crd/b.yaml:2:1: invalid YAML" in err


def test_syntax_error_names_line_and_column(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "crd" / "bad.yaml").write_text("a: 1\nb: {c: 2\nd: 3\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["generate", "--crd-dir", "crd", "--out", "generated"]) == 2
    err = capsys.readouterr().err
    assert "crd/bad.yaml:3:2: invalid YAML:" in err, err


def test_a_repeated_key_keeps_its_last_value_with_a_warning_naming_both_lines(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """kubectl's go-yaml (not strict) keeps the last value and the server never sees the key
    twice: the CRD is generated, and the repetition is pointed out."""
    text = GOOD_TEXT.replace("  scope: Namespaced\n", "  scope: Cluster\n  scope: Namespaced\n")
    assert text != GOOD_TEXT
    (workspace / "crd" / "good.yaml").write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["generate", "--crd-dir", "crd", "--out", "generated"]) == 0
    err = capsys.readouterr().err
    line = text.splitlines().index("  scope: Namespaced") + 1
    assert f'line {line}: duplicate key "scope" (first at line {line - 1})' in err, err


def test_numeric_and_string_twins_are_one_key() -> None:
    """sigs.k8s.io/yaml turns `1:` into the key "1": `1` and `"1"` are the same key."""
    (document,) = load_documents('{1: a, "1": b}\n')
    assert document.value == {"1": "b"}
    assert [note.split(":", 1)[1] for note in document.notes] == [
        ' duplicate key "1" (first at line 1): its last value is used, as kubectl reads the file'
    ]


@pytest.mark.parametrize(
    ("text", "documents"),
    [
        # go-yaml reads the first document of a piece: what follows `...` is never looked at
        ("a: 1\n...\nb: [unclosed\n", [(1, {"a": 1})]),
        # each piece is a stream of its own, so a byte order mark may start it
        ("a: 1\n---\n\ufeffb: 2\n", [(1, {"a": 1}), (3, {"b": 2})]),
        # a run of separators makes no empty piece; the one that starts a piece stays in it
        ("---\n---\na: 1\n---\n", [(2, None), (3, {"a": 1})]),
        ("--- # first\r\na: 1\r\n---   \r\nb: 2\r\n", [(2, {"a": 1}), (4, {"b": 2})]),
        ("a: |\n  ---\n  x\n", [(1, {"a": "---\nx\n"})]),  # indented: not a separator
        ("# a comment only\n", [(1, None)]),
        ("", []),
    ],
)
def test_a_stream_is_cut_into_documents_as_kubectl_cuts_it(
    text: str, documents: list[tuple[int, Any]]
) -> None:
    """apimachinery's YAMLReader cuts the stream at lines starting with `---`, then go-yaml
    reads each piece on its own."""
    assert [(d.line, d.value) for d in load_documents(text)] == documents


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("--- {a: 1}\n", (1, 1), "invalid Yaml document separator: {a: 1}"),
        ("a: 1\n----\nb: 2\n", (2, 1), "invalid Yaml document separator: -"),
        ("a: 1\n---\nb: [\n", (4, 1), "did not find expected node content"),
    ],
)
def test_errors_in_later_pieces_name_the_line_in_the_file(
    text: str, where: tuple[int, int], message: str
) -> None:
    with pytest.raises(YamlError) as caught:
        list(load_documents(text))
    assert (caught.value.line, caught.value.column) == where
    assert message in caught.value.message


def test_repeated_keys_in_a_later_piece_are_named_by_their_lines_in_the_file() -> None:
    first, second = load_documents("a: 1\n---\nb: 1\nb: 2\n")
    assert (first.notes, second.value) == ((), {"b": 2})
    assert second.notes[0].startswith('line 4: duplicate key "b" (first at line 3)')


def test_two_crds_for_the_same_kind_name_both_files(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = copy.deepcopy(GOOD)
    twin["spec"]["versions"][0]["name"] = "v2"
    (workspace / "crd" / "twin.yaml").write_text(_dump(twin), encoding="utf-8")
    before = _snapshot(workspace / "generated")
    capsys.readouterr()
    assert cli.main(["generate", "--crd-dir", "crd", "--out", "generated"]) == 2
    err = capsys.readouterr().err
    assert "crd/twin.yaml" in err and "also defined in crd/good.yaml" in err, err
    assert _snapshot(workspace / "generated") == before


def test_deep_but_legal_schema_still_generates(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The nesting limit leaves room for real schemas: a 90-level object tree compiles."""
    node: dict[str, Any] = {"type": "string"}
    for _ in range(90):
        node = {"type": "object", "properties": {"n": node}}
    (workspace / "crd" / "good.yaml").write_text(json.dumps(crd(node)), encoding="utf-8")
    assert cli.main(["generate", "--crd-dir", "crd", "--out", "generated"]) == 0, (
        capsys.readouterr().err
    )


# ---------------------------------------------------------------------------------- validate

VALID = {
    "apiVersion": "example.com/v1",
    "kind": "Widget",
    "metadata": {"name": "ok"},
    "spec": {"replicas": 1},
}
INVALID = {**VALID, "spec": {"replicas": -1}}

# file name -> (text, fragment of that file's problem verdict or None when it has none)
INPUTS: dict[str, tuple[str, str | None]] = {
    "a_valid.yaml": (_dump(VALID), None),
    "b_syntax.yaml": (
        _dump(VALID) + "---\nspec: [1,\n",
        f"invalid YAML: line {len(_dump(VALID).splitlines()) + 3}, column 1",  # at the end of the file
    ),
    "c_duplicate.yaml": (_dump(VALID) + "kind: Widget\n", None),  # the last value, noted
    "d_bomb.yaml": (BOMB, f"more than {MAX_EXPANDED_NODES} nodes"),
    "e_list.yaml": ("- 1\n", "not an object but list"),
    "f_scalar.yaml": ("hello\n", "not an object but str"),
    "g_no_kind.yaml": ("apiVersion: example.com/v1\n", "apiVersion and kind must be set"),
    "h_unknown_kind.yaml": (
        "apiVersion: x/v1\nkind: Z\n",  # not `Y`: kubectl reads that as a boolean
        'no CRD given for apiVersion "x/v1", kind "Z"',
    ),
    "i_bad.json": ("{nope", "invalid JSON: line 1, column 2"),
    "j_duplicate.json": ('{"kind": "Widget", "kind": "Widget"}', "apiVersion and kind must be"),
    "k_nan.json": ('{"spec": {"replicas": NaN}}', "NaN is not a JSON number"),
    "l_not_utf8.yaml": ("\udcff", "not an object but str"),  # U+FFFD and text, as kubectl
    "m_deep.yaml": (
        "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
        "nested deeper than",
    ),
    "n_deep.json": ("[" * 5000 + "]" * 5000, "invalid YAML"),  # no `{`: read as YAML
    "o_invalid.yaml": (_dump(INVALID), None),
    "p_valid.json": (json.dumps(VALID), None),
}


@pytest.fixture
def validate_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pytest.importorskip("codegen.runtime.validation")
    monkeypatch.setenv("CRDC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crd.yaml").write_text(GOOD_TEXT, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (text, _) in INPUTS.items():
        if text == "\udcff":
            (folder / name).write_bytes(b"\xc3(not utf-8")
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_validate_reports_each_malformed_file_and_checks_the_rest(
    validate_inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["validate", "--crd", "crd.yaml", "--output", "json", "in"])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err
    verdicts = [json.loads(line) for line in captured.out.splitlines()]
    by_file: dict[str, list[dict[str, Any]]] = {}
    for verdict in verdicts:
        by_file.setdefault(verdict["file"].removeprefix("in/"), []).append(verdict)
    assert set(by_file) == set(INPUTS)
    for name, (_, fragment) in INPUTS.items():
        messages = " | ".join(c["message"] for v in by_file[name] for c in v["causes"])
        if fragment is not None:
            assert fragment in messages, (name, messages)
            assert not all(v["valid"] for v in by_file[name])
    assert [v["valid"] for v in by_file["a_valid.yaml"]] == [True]
    assert [v["valid"] for v in by_file["p_valid.json"]] == [True]
    # The valid document before the syntax error still gets its verdict.
    assert [v["valid"] for v in by_file["b_syntax.yaml"]] == [True, False]
    [invalid] = by_file["o_invalid.yaml"]
    assert not invalid["valid"] and [c["field"] for c in invalid["causes"]] == ["spec.replicas"]


def test_validate_text_output_names_every_file(
    validate_inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["validate", "--crd", "crd.yaml", "in"]) == 1
    out = capsys.readouterr().out
    for name in INPUTS:
        assert f"in/{name}: " in out, name


def test_validate_with_a_bad_crd_exits_2_naming_it(
    validate_inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("bad.yaml").write_text(GOOD_TEXT + "kind: Again\n", encoding="utf-8")
    assert cli.main(["validate", "--crd", "bad.yaml", "in/a_valid.yaml"]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:" in err and "CustomResourceDefinition" in err and "Traceback" not in err


def test_validate_with_a_bad_old_object_exits_2(
    validate_inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        cli.main(
            ["validate", "--crd", "crd.yaml", "--old", "in", "in/a_valid.yaml"]  # a folder
        )
        == 2
    )
    assert "--old in: cannot read" in capsys.readouterr().err
