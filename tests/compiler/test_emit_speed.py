"""The parse and emit speed-ups give exactly what the plain ways give.

- the kind's schema text, encoded on first read only, is the text (and repr) it always was;
- shape numbers computed from the root up front, and the plainness they report;
- the sidecar through pydantic-core's JSON encoder (plain schemas only) against the stdlib;
- the docstring layout check without `inspect.cleandoc` against the one with it;
- field names chosen without building a set per name against the way that did;
- the models modules formatted through pipes as each one is rendered.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from codegen import layout, naming, pyliteral
from codegen.compile import render_package
from codegen.ir import Kind
from codegen.layout import dumps_indented, dumps_plain_indented
from codegen.load import load_crds
from codegen.parse import build_package
from codegen.shapes import ShapeIndex
from codegen.write import FormatStream, format_sources
from tests.helpers import REPO, crd, write_crds


def _kinds(package: Any) -> list[Kind]:
    return [k for g in package.groups for v in g.versions for k in v.kinds]


def _package(tmp_path: Path, *documents: dict[str, Any]) -> Any:
    folder = write_crds(tmp_path / "crd", *documents)
    return build_package(load_crds([folder], relative_to=tmp_path))


_FLOATS = {"type": "object", "properties": {"r": {"type": "number", "minimum": 1e-07}}}


# --------------------------------------------------------------------------- schema text


def test_the_schema_text_is_encoded_only_when_read_and_is_the_same() -> None:
    kind = _kinds(build_package(load_crds([REPO / "crd"], relative_to=REPO)))[0]
    assert "schema_json" not in vars(kind)  # parsing did not encode it
    render_package(build_package(load_crds([REPO / "crd"], relative_to=REPO)))
    text = json.dumps(kind.schema, ensure_ascii=False, separators=(",", ":"))
    given_text = replace(kind, schema_json=text)
    # The incremental manifest's kind keys digest the repr: it must not change.
    assert repr(kind) == repr(given_text)
    assert kind.schema_json == text
    assert kind == given_text and hash(kind) == hash(given_text)
    assert replace(kind, schema_json="{}").schema_json == "{}"


# --------------------------------------------------------------------------- shapes


def _object_nodes(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict) and node["properties"]:
            found.append(node)
        for child in node.values():
            found += _object_nodes(child)
    elif isinstance(node, list):
        for child in node:
            found += _object_nodes(child)
    return found


def _holder(description: str, default: Any = 1) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": {"a": {"type": "integer", "default": default, "description": "d"}},
    }


def test_reducing_the_root_first_numbers_object_nodes_alike() -> None:
    repository = load_crds([REPO / "crd"], relative_to=REPO)[0].versions[0].schema
    schema = {
        "type": "object",
        "properties": {
            "x": _holder("one"),
            "y": _holder("two"),  # the same class: only its own description differs
            "z": _holder("one", default=1.0),
            "w": {"type": "array", "items": {**_holder("three"), "properties": {"x": _holder("")}}},
            "repository": repository,
        },
    }
    nodes = _object_nodes(schema)
    up_front, one_by_one = ShapeIndex(), ShapeIndex()
    assert up_front.add_tree(schema) is False  # the 1.0
    first = [up_front.object_key(node) for node in nodes]
    second = [one_by_one.object_key(node) for node in nodes]
    # Same partition of the nodes into shapes, whichever way the tree was reduced.
    assert [first.index(k) for k in first] == [second.index(k) for k in second]
    assert first[1] == first[2] == first[5] != first[3]


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        ({"a": [1, True, None, "x", {"b": []}]}, True),
        ({"a": [1, {"b": 1.0}]}, False),
        ({"a": 2**80}, True),
        ({"a": type("Text", (str,), {})("x")}, False),
        ({"a": [type("Number", (int,), {})(1)]}, False),
    ],
)
def test_a_tree_is_plain_without_floats_or_other_types(value: Any, plain: bool) -> None:
    assert ShapeIndex().add_tree(value) is plain


def test_parse_records_whether_a_schema_is_plain(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        crd({"type": "object", "properties": {"n": {"type": "integer", "maximum": 3}}}),
        crd(_FLOATS, kind="Gadget"),
    )
    assert {k.kind: k.schema_plain for k in _kinds(package)} == {"Widget": True, "Gadget": False}


# --------------------------------------------------------------------------- sidecar

_JSON_TEXT = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", '"', "\\", "\x00\x1f\x7f", "\u2028\u2029", "\U0001f600", "</script>", "\ud800"]
)
_PLAIN_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(min_value=2**64) | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_JSON_TEXT, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_PLAIN_JSON)
@example({"deep": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{"x": "\ud800"}]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})
@example({"empty": [{}, [], {"": [[]]}], "n": -(2**70)})
def test_the_plain_writer_matches_the_standard_library(value: Any) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=1)
    assert dumps_plain_indented(value) == expected
    assert dumps_indented(value) == expected


def test_floats_take_the_exact_way(tmp_path: Path) -> None:
    from pydantic_core import to_json

    # Why plain schemas only: pydantic-core writes some floats in another form.
    assert to_json(1e-07).decode() != json.dumps(1e-07)
    kind = _kinds(_package(tmp_path, crd(_FLOATS)))[0]
    assert not kind.schema_plain
    assert '"minimum": 1e-07' in layout.sidecar(kind)
    # Were it taken for plain, the fast writer would write the float differently.
    assert layout.sidecar(replace(kind, schema_plain=True)) != layout.sidecar(kind)


def test_the_sidecar_is_the_same_either_way() -> None:
    for kind in _kinds(build_package(load_crds([REPO / "crd"], relative_to=REPO))):
        assert kind.schema_plain
        assert layout.sidecar(kind) == layout.sidecar(replace(kind, schema_plain=False))


# --------------------------------------------------------------------------- docstrings


def _fits_with_cleandoc(text: str, indent: str) -> bool:
    """The check as it was: the layout read back through `inspect.cleandoc`."""
    if not text or text != text.strip() or text.startswith('"') or text.endswith('"'):
        return False
    if any(token in text for token in ('"""', "\\", "\t")):
        return False
    if not text.replace("\n", "").isprintable():
        return False
    lines = text.split("\n")
    if any(line != line.rstrip() for line in lines):
        return False
    laid_out = "\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines) + "\n" + indent
    return inspect.cleandoc(laid_out) == text


@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(' \n\t\r\x0b\x0c\xa0\u2028\u3000"\\aé.-_'), max_size=14))
@example("a\n  b\n\nc")
@example("a \nb")
@example("a\n \nb")
def test_the_docstring_check_is_the_cleandoc_check(text: str) -> None:
    cleaned = text.strip()
    for indent in ("    ", ""):
        assert pyliteral._fits_triple_quotes(cleaned) == _fits_with_cleandoc(cleaned, indent)


# --------------------------------------------------------------------------- field names


def _field_names_with_sets(json_names: list[str]) -> dict[str, str]:
    """The way it was: a set of every name to avoid, built for each name."""
    taken: set[str] = set()
    result: dict[str, str] = {}
    for name in json_names:
        if naming._field_candidate(name) == name:
            result[name] = name
            taken.add(name)
    reserved_json = set(json_names)
    for name in json_names:
        if name in result:
            continue
        avoid = taken | (reserved_json - {name})
        candidate = naming._field_candidate(name)
        chosen, index = candidate, 2
        while chosen in avoid:
            chosen = f"{candidate}_{index}"
            index += 1
        result[name] = chosen
        taken.add(chosen)
    return {name: result[name] for name in json_names}


_NAME_PARTS = st.sampled_from(["a", "b", "A", "_", "2", "x_2", "class", "json", "-", "é"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_NAME_PARTS, min_size=1, max_size=4).map("".join), unique=True))
@example(["jwksUri", "jwks_uri", "jwks_uri_2", "jwksURI"])
@example(["a", "A", "a_2", "A_"])
def test_field_names_are_chosen_as_before(json_names: list[str]) -> None:
    assert naming.field_names(json_names) == _field_names_with_sets(json_names)


# --------------------------------------------------------------------------- ruff pipes


def _unformatted_tree() -> dict[str, str]:
    return layout.package_files(build_package(load_crds([REPO / "crd"], relative_to=REPO)))


def test_files_sent_one_by_one_are_formatted_as_in_one_batch() -> None:
    files = _unformatted_tree()
    whole = format_sources(files)
    paths = [*[p for p in files if p.endswith(".py")][:3], "py.typed"]
    stream = FormatStream(paths, tree=files)
    for path in reversed(paths):  # any order
        stream.send(path, files[path])
    assert stream.result() == {p: whole[p] for p in paths}


def test_the_next_pipe_starts_before_its_text_is_sent() -> None:
    stream = FormatStream(["a.py", "b.py", "c.py"])
    try:
        assert len(stream._shells) == 1  # started with the stream, waiting for its text
        stream.send("a.py", "import os\n")
        assert len(stream._shells) == 2
    finally:
        stream.close()


def test_a_file_never_sent_is_an_error() -> None:
    stream = FormatStream(["a.py", "b.py"])
    stream.send("a.py", "x = 1\n")
    with pytest.raises(ValueError, match=r"b\.py"):
        stream.result()


def test_each_models_module_is_formatted_as_soon_as_it_is_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from codegen.emit_models import models_source

    package = _package(tmp_path, crd(_FLOATS), crd(_FLOATS, version="v2", kind="Gadget"))
    events: list[str] = []
    send = FormatStream.send

    def recording_send(self: FormatStream, path: str, text: str) -> None:
        events.append(f"send {path.split('/')[-1]}")
        send(self, path, text)

    def recording_models(kind: Kind, header: str) -> str:
        events.append(f"render {kind.kind}")
        return models_source(kind, header)

    sidecar = layout.sidecar

    def recording_sidecar(kind: Kind) -> str:
        events.append(f"sidecar {kind.kind}")
        return sidecar(kind)

    monkeypatch.setattr(FormatStream, "send", recording_send)
    monkeypatch.setattr(layout, "sidecar", recording_sidecar)
    files = render_package(package, render_models=recording_models)
    # The sidecars (no ruff) last: rendered while ruff formats the last models module.
    assert events == [
        *("render Widget", "send models.py", "render Gadget", "send models.py"),
        *("sidecar Widget", "sidecar Gadget"),
    ]
    monkeypatch.setattr(layout, "sidecar", sidecar)
    assert files == format_sources(layout.package_files(package))
