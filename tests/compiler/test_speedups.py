"""The generation speed-ups give exactly what the plain ways give (issue #6).

- YAML: the fast construction against PyYAML's own (forced by a document it leaves alone);
- the sidecar's JSON writer against `json.dumps(indent=1)`;
- the forked models worker against rendering in-process, and its fallbacks;
- ruff in batches (in the background, piped per file) against one batch of everything;
- the CEL check on the rule-bearing part of a schema against the whole schema;
- shape numbers (hash-consing) and the ObjectMeta names written out in `layout`.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen import emit_models, models_worker, write, yamlio
from codegen.compile import compile_tree
from codegen.layout import OBJECT_META_NAMES, dumps_indented, package_files
from codegen.load import load_crds
from codegen.parse import build_package
from codegen.shapes import ShapeIndex
from codegen.write import FormatError, FormatStream, Formatting, format_sources
from tests.helpers import REPO

_DOCUMENTS = [
    "a: 1\nb: [x, 'y', 2.5, true, null, ~, 0x1F, 1_000, 0o17, 2024-01-01, =]\n",
    "k: yes\nl: On\nm: NULL\nn: ''\no: !!str 12\np: !!float 1\nq: !!int '12'\n",
    "true: 1\n1.5: x\n2.0: y\n3: z\n",
    "---\na: 1\n---\n---\nb: {c: [d, {e: f}]}\n...\n",
    "'just a string'\n",
    "[1, [2, [3, {}]], []]\n",
    "a: {" + ", ".join(f"k{i}: {i}" for i in range(50)) + "}\n",
    "a: " + "[" * (yamlio.MAX_DEPTH - 2) + "]" * (yamlio.MAX_DEPTH - 2) + "\n",
    # An aliased scalar is the same value wherever it is used: no need for the exact way.
    "a: &v x\nb: [*v, *v]\n*v : 1\nc: &n 2\nd: *n\n",
]
# Left to PyYAML's construction (anchors, merge keys, tags, bad keys, nesting past the limit).
_SLOW_OR_BAD = [
    "a: &x [1, 2]\nb: *x\n",
    "a: &x {k: 1}\nb:\n  <<: *x\n  c: 2\n",
    "a: &a [*a]\n",
    "a: {b: 1, b: 2}\n",
    "x: {c: {d: 1, d: 2}}\ny: {e: 1, e: 1}\n",
    "1: a\n'1': b\n",
    "? [1]\n: 2\n",
    "~: 1\n",
    "a: .nan\n",
    "a: !!binary aGVsbG8=\n",
    "a: !custom x\n",
    "a: !!bool maybe\n",
    "a: " + "[" * (yamlio.MAX_DEPTH + 5) + "]" * (yamlio.MAX_DEPTH + 5) + "\n",
]


def _outcome(text: str) -> Any:
    try:
        return [(d.index, d.line, repr(d.value)) for d in yamlio.load_documents(text)]
    except yamlio.YamlError as exc:
        return ("error", exc.message, exc.line, exc.column)
    except Exception as exc:  # the same crash either way is fine too
        return ("crash", type(exc).__name__)


@pytest.mark.parametrize("text", _DOCUMENTS + _SLOW_OR_BAD)
def test_fast_yaml_construction_matches_pyyaml(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _outcome(text)

    def slow_only(loader: Any, node: Any) -> Any:
        raise yamlio._Fallback

    monkeypatch.setattr(yamlio, "_fast_construct", slow_only)
    assert fast == _outcome(text)


@pytest.mark.parametrize("text", _DOCUMENTS)
def test_plain_documents_take_the_fast_path(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_slow_path(self: Any, node: Any) -> Any:
        raise AssertionError("PyYAML construction used")

    monkeypatch.setattr(yamlio._StrictLoader, "construct_document", no_slow_path)
    list(yamlio.load_documents(text))


def test_every_crd_of_the_repository_loads_as_pyyaml_loads_it() -> None:
    for path in sorted((REPO / "crd").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        values = [d.value for d in yamlio.load_documents(text)]
        assert json.dumps(values) == json.dumps(list(yaml.safe_load_all(text)))


def test_the_collector_is_restored() -> None:
    import gc

    list(yamlio.load_documents("a: 1\n"))
    assert gc.isenabled()
    with pytest.raises(yamlio.YamlError):
        list(yamlio.load_documents("a: [1\n"))
    assert gc.isenabled()


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": [], "b": {}, "c": [{}], "d": {"e": [1, [2, [3]]]}},
        'quote " backslash \\ é \u2028 \ud800 \x00',
        [1.5, 1e300, -0.0, 10**30, True, False, None, "x"],
        [math.nan, math.inf],
        {1: "non-string key"},
        ("tuple", ["inside"]),
    ],
)
def test_indented_json_matches_the_standard_library(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_the_sidecar_of_the_committed_tree_is_byte_identical() -> None:
    path = REPO / "generated" / "ai_example_com" / "v1" / "models.schema.json"
    text = path.read_text(encoding="utf-8")
    assert dumps_indented(json.loads(text)) + "\n" == text


def _kinds() -> list[Any]:
    package = build_package(load_crds([REPO / "crd"], relative_to=REPO))
    return [
        kind for group in package.groups for version in group.versions for kind in version.kinds
    ]


def test_the_models_worker_renders_what_the_process_renders() -> None:
    kinds = _kinds()
    worker = models_worker.ModelsWorker.start()
    assert worker is not None
    try:
        worker.submit([emit_models.models_job(kind, "# h") for kind in kinds])
        remote = [worker.result(index) for index in range(len(kinds))]
    finally:
        worker.close()
    assert remote == [emit_models.models_source(kind, "# h") for kind in kinds]


def test_a_worker_that_cannot_answer_leaves_the_work_to_the_process(tmp_path: Path) -> None:
    worker = models_worker.ModelsWorker.start()
    assert worker is not None
    worker.close()  # killed before it was given anything: every result is missing
    assert worker.result(0) is None
    with_dead_worker = compile_tree([REPO / "crd"], relative_to=REPO, models=worker)
    assert with_dead_worker == compile_tree([REPO / "crd"], relative_to=REPO)


def test_a_failing_job_is_rendered_again_here() -> None:
    worker = models_worker.ModelsWorker.start()
    assert worker is not None
    try:
        worker.submit([("not json", "X", {}, "# h")])
        assert worker.result(0) is None
    finally:
        worker.close()


# --------------------------------------------------------------------------- ruff batches


def _unformatted_tree() -> dict[str, str]:
    return package_files(build_package(load_crds([REPO / "crd"], relative_to=REPO)))


def _streamed(files: dict[str, str], *, tree: Iterable[str] = ()) -> dict[str, str]:
    """`files` formatted through one ruff pipe each, as compile streams the models modules."""
    stream = FormatStream(files, tree=tree)
    try:
        for path, text in files.items():
            stream.send(path, text)
    except BaseException:
        stream.close()
        raise
    return stream.result()


def test_formatting_in_batches_gives_what_one_batch_gives() -> None:
    files = _unformatted_tree()
    whole = format_sources(files)
    models = {p: t for p, t in files.items() if p.endswith("models.py")}
    others = {p: t for p, t in files.items() if p not in models}
    assert models and others
    background = Formatting(others, tree=files)
    piped = _streamed(models, tree=files)
    assert {**background.result(), **piped} == whole
    assert _streamed(others, tree=files) == {p: whole[p] for p in others}


def test_a_ruff_failure_is_reported_either_way() -> None:
    for format_them in (format_sources, _streamed):
        with pytest.raises(FormatError, match="ruff format failed"):
            format_them({"x.py": "def (:\n"})
    assert format_sources({"a.json": "{}"}) == {"a.json": "{}"}


def test_scratch_folders_go_to_memory_unless_tmpdir_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str | None] = []
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(prefix: str, dir: str | None = None) -> str:
        made.append(dir)
        return str(real_mkdtemp(prefix=prefix, dir=tmp_path))

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(write, "_memory_folder", lambda: "/memory")
    assert format_sources({"x.py": "x=1\n"}) == {"x.py": "x = 1\n"}
    assert made == ["/memory"]

    # full (or unwritable): the files go to tempfile's default folder instead
    real_write = write._write

    def write_fails_in_memory(root: Path, files: dict[str, str]) -> None:
        if made[-1] == "/memory":
            raise OSError(28, "No space left on device")
        real_write(root, files)

    made.clear()
    monkeypatch.setattr(write, "_write", write_fails_in_memory)
    assert format_sources({"x.py": "x=1\n"}) == {"x.py": "x = 1\n"}
    assert made == ["/memory", None]
    assert list(tmp_path.iterdir()) == []  # both removed


def test_tmpdir_keeps_scratch_folders_where_it_says(monkeypatch: pytest.MonkeyPatch) -> None:
    write._memory_folder.cache_clear()
    try:
        monkeypatch.setenv("TMPDIR", "/somewhere")
        assert write._memory_folder() is None
        monkeypatch.delenv("TMPDIR")
        write._memory_folder.cache_clear()
        expected = "/dev/shm" if Path("/dev/shm").is_dir() else None
        assert write._memory_folder() == expected
    finally:
        write._memory_folder.cache_clear()


# --------------------------------------------------------------------------- CEL check

_RULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "spec": {
            "type": "object",
            "properties": {
                "plain": {"type": "object", "properties": {"a": {"type": "string"}}},
                "items": {
                    "type": "array",
                    "maxItems": 4,
                    "items": {
                        "type": "object",
                        "properties": {
                            "x": {"type": "integer"},
                            "y": {"type": "integer"},
                            "deep": {
                                "type": "object",
                                "properties": {"z": {"type": "string", "maxLength": 3}},
                                "x-kubernetes-validations": [
                                    {"rule": "self.z.size() > 0"},
                                    {"rule": "self.nope == 1"},
                                ],
                            },
                        },
                        "x-kubernetes-validations": [{"rule": "self.x < self.y"}],
                    },
                },
                "fragments": {
                    "type": "object",
                    "properties": {"p": {"type": "string"}},
                    "allOf": [{"x-kubernetes-validations": [{"rule": "self.p + 1"}]}],
                },
                "map": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "properties": {"v": {"type": "boolean"}},
                        "x-kubernetes-validations": [{"rule": "self.v || self == 2"}],
                    },
                },
            },
        },
        "status": {"type": "object", "properties": {"s": {"type": "string"}}},
    },
}


def _compile_errors(schema: Any) -> list[tuple[str, str]]:
    import re

    from codegen.runtime.cel import CelCompileError, CelValidator

    try:
        CelValidator.compile(schema, root_is_resource=True)
    except CelCompileError as exc:  # struct types are numbered per compile: crd1, crd2...
        return [(path, re.sub(r"\bcrd\d+\.", "crdN.", message)) for path, message in exc.errors]
    return []


def test_rules_compile_against_their_own_node_only() -> None:
    """A node's CEL type is built only where it has rules (codegen.runtime.cel.validator); each
    rule still sees its own node's fields, with the same errors at the same paths."""
    errors = _compile_errors(_RULE_SCHEMA)
    assert [path for path, _ in errors] == [
        "spec.items[*].deep.x-kubernetes-validations[1]",
        "spec.fragments.x-kubernetes-validations[0]",
        "spec.map[*].x-kubernetes-validations[0]",
    ]
    assert "undefined field 'nope'" in errors[0][1]
    assert "applied to '(string, int)'" in errors[1][1]
    assert re.search(r"applied to '\(crdN\.Object\d+, int\)'", errors[2][1])


# --------------------------------------------------------------------------- shapes, names


def test_shape_numbers_follow_structural_equality() -> None:
    index = ShapeIndex()

    def key(node: dict[str, Any]) -> Any:
        return index.object_key(node)

    base = {"type": "object", "properties": {"a": {"type": "integer", "default": 1}}}
    assert key(base) == key(
        {"properties": {"a": {"default": 1, "type": "integer"}}, "type": "object"}
    )
    assert key(base) == key({**base, "description": "documents the field, not the type"})
    nested = {
        "type": "object",
        "properties": {"a": {"type": "integer", "default": 1, "description": "d"}},
    }
    assert key(base) != key(nested)
    for other in (1.0, True, "1", None, [1]):
        assert key(base) != key(
            {"type": "object", "properties": {"a": {"type": "integer", "default": other}}}
        )
    assert key({"d": 0.0}) != key({"d": -0.0})


def test_object_meta_names_are_the_runtime_ones() -> None:
    from codegen.runtime.meta import ObjectMeta

    names = {name: f.alias for name, f in ObjectMeta.model_fields.items() if f.alias}
    assert dict(sorted(names.items())) == OBJECT_META_NAMES


def test_the_compiler_does_not_load_pydantic() -> None:
    """The command line's own process: pydantic (through the runtime) costs ~0.1 s there."""
    code = (
        "import sys, codegen.cli, codegen.compile, codegen.parse, codegen.layout; "
        "sys.exit('pydantic' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0
