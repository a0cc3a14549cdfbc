"""The corpus runner judges each instance as the server reads a manifest: fields by their CRD
names only, in the row's field validation mode (the optional `fv` column); a version the CRD
does not serve is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codegen.corpus import cli as corpus_cli
from codegen.yamlio import dump
from tests.helpers import crd


def _resource(spec: dict[str, object]) -> dict[str, object]:
    return {
        "apiVersion": "example.com/v1",
        "kind": "Thing",
        "metadata": {"name": "t"},
        "spec": spec,
    }


def _demo_corpus(corpus: Path, schema: dict[str, Any]) -> Path:
    """A corpus folder with one CRD (kind Thing, spec `schema`); returns its instances folder."""
    (corpus / "crds" / "demo").mkdir(parents=True)
    (corpus / "crds" / "demo" / "things.yaml").write_text(
        dump(crd(schema, kind="Thing", group="example.com")), encoding="utf-8"
    )
    instances = corpus / "instances" / "demo"
    instances.mkdir(parents=True)
    return instances


@pytest.mark.slow
def test_python_names_are_unknown_fields_and_the_fv_column_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    schema = {
        "type": "object",
        "required": ["clientID"],
        "properties": {"clientID": {"type": "string"}},
    }
    instances = _demo_corpus(corpus, schema)
    cases = {
        "camel.yaml": ({"clientID": "a"}, "Strict", "accept"),
        "snake.yaml": ({"client_id": "a"}, "Strict", "reject"),
        "both.yaml": ({"clientID": "a", "client_id": "a"}, "Strict", "reject"),
        "typo-ignored.yaml": ({"clientID": "a", "clientId": "b"}, "Ignore", "accept"),
        "typo-strict.yaml": ({"clientID": "a", "clientId": "b"}, "", "reject"),
    }
    rows = ["instance\tcrd\tversion\tfv\texpected\treason"]
    for name, (spec, mode, expected) in cases.items():
        (instances / name).write_text(dump(_resource(spec)), encoding="utf-8")
        rows.append(f"instances/demo/{name}\tcrds/demo/things.yaml\tv1\t{mode}\t{expected}\t")
    # a file starting with `{` is a JSON stream, as kubectl reads it (the second object is not
    # YAML's concern: read as YAML, only the first would be seen)
    stream = json.dumps(_resource({"clientID": "a"})) + json.dumps(_resource({"clientID": 1}))
    (instances / "stream.yaml").write_text(stream, encoding="utf-8")
    rows.append("instances/demo/stream.yaml\tcrds/demo/things.yaml\tv1\t\treject\t")
    # a version the CRD does not serve: kubectl finds no match, so the server never takes it
    rows.append("instances/demo/camel.yaml\tcrds/demo/things.yaml\tv9\t\treject\t")
    (corpus / "EXPECTED.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    status = corpus_cli.main(["--corpus", str(corpus), "--jobs", "1", "--mypy", "none"])
    out = capsys.readouterr().out
    assert status == 0, out
    line = next(line for line in out.splitlines() if "instances as labelled (all)" in line)
    assert line.split("instances as labelled (all)")[1].split() == ["7", "/", "7"], out


@pytest.mark.slow
def test_list_items_are_the_objects_and_metadata_refusals_are_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    schema = {"type": "object", "properties": {"size": {"type": "integer", "maximum": 5}}}
    instances = _demo_corpus(corpus, schema)
    files = {
        # kubectl sends a list's items, not the list
        "list-ok.yaml": {"apiVersion": "v1", "kind": "List", "items": [_resource({"size": 1})]},
        "list-bad.yaml": {"apiVersion": "v1", "kind": "List", "items": [_resource({"size": 9})]},
        # a list in a list: kubectl cannot extract the inner list's items, nothing is sent
        "nested-bad.yaml": {
            "apiVersion": "v1",
            "kind": "List",
            "items": [{"apiVersion": "v1", "kind": "List", "items": [_resource({"size": 1})]}],
        },
        # labelled valid by a check that does not read ObjectMeta: refused, and explained
        "nameless.yaml": {"apiVersion": "example.com/v1", "kind": "Thing", "spec": {"size": 1}},
    }
    rows = ["instance\tcrd\tversion\texpected\treason"]
    for name, document in files.items():
        (instances / name).write_text(dump(document), encoding="utf-8")
        expected = "reject" if name.endswith("-bad.yaml") else "accept"
        rows.append(f"instances/demo/{name}\tcrds/demo/things.yaml\tv1\t{expected}\t")
    (corpus / "EXPECTED.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    status = corpus_cli.main(["--corpus", str(corpus), "--jobs", "1", "--mypy", "none"])
    out = capsys.readouterr().out
    assert status == 0, out

    def counted(label: str) -> list[str]:
        line = next(line for line in out.splitlines() if label in line)
        return line.split(label)[1].split()

    assert counted("instances as labelled (all)") == ["3", "/", "4"], out
    assert "nested-bad.yaml" not in out  # refused, as labelled
    assert counted("differing, for metadata only") == ["1", "/", "4"], out
    assert "nameless.yaml [v1]: expected accept; got rejected: metadata.name: Required" in out
