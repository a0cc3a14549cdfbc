"""The load stage's shortcuts give exactly what the plain ways give.

- YAML: documents built straight from the parser's events against the exact way (composed
  nodes, then construction), forced by making every document fall back;
- structural checks: the `_plain` shortcut (a node's own checks skipped) against running every
  check on every node, over real CRDs and seeded mutations of them.
"""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
import yaml

from codegen import structural_checks, yamlio
from codegen.structural_checks import check_structural_schema
from tests.helpers import REPO, SHARED

_STREAMS = [
    "a: 1\nb: [x, 'y', 2.5, true, null, ~, 0x1F, 1_000, 0o17, 2024-01-01, =]\nc: |\n  text\n",
    "true: 1\n1.5: x\n2.0: y\n3: z\n'4': w\n",
    "---\na: 1\n---\n---\nb: {c: [d, {e: f}]}\n...\n",
    "'just a string'\n",
    "plain\n",
    "",
    "[1, [2, [3, {}]], []]\n",
    "a: " + "[" * (yamlio.MAX_DEPTH - 2) + "]" * (yamlio.MAX_DEPTH - 2) + "\n",
    "a: " + "[" * (yamlio.MAX_DEPTH - 1) + "]" * (yamlio.MAX_DEPTH - 1) + "\n",
    "a: " + "[" * (yamlio.MAX_DEPTH - 2) + "1" + "]" * (yamlio.MAX_DEPTH - 2) + "\n",
    "a: " + "[" * (yamlio.MAX_DEPTH - 1) + "1" + "]" * (yamlio.MAX_DEPTH - 1) + "\n",
    "a: " + "[" * (yamlio.MAX_DEPTH + 5) + "]" * (yamlio.MAX_DEPTH + 5) + "\n",
    # Left to the exact way, alone or in the middle of a stream (the documents before stay).
    "a: &v x\nb: [*v, *v]\n",
    "a: 1\n---\nb: &x {k: 1}\nc:\n  <<: *x\n---\nd: 2\n---\ne: [*x]\n",
    "a: 1\n---\nb: !!str 12\nc: !custom x\n---\nd: 2\n",
    "a: 1\n---\nb: {c: 1, c: 2}\n---\nd: 2\n",
    "a: 1\n---\n? [1]\n: 2\n",
    "a: 1\n---\n~: 1\n",
    "a: 1\n---\nb: .nan\n",
    "a: 1\n---\nb: !!binary aGVsbG8=\n",
    "a: 1\n---\nb: [1\n",
    "a: 1\n---\nb: 2\n  c: 3\n",
    "a: 1\n--- x\n--- [\n",
    "a: 1\nb: *nowhere\n",
    "a: &x 1\nb: &x 2\n",
]


def _outcome(text: str) -> Any:
    """Every document read before the end or the first error, then the error."""
    read: list[Any] = []
    try:
        for document in yamlio.load_documents(text):
            read.append((document.index, document.line, repr(document.value)))
    except yamlio.YamlError as exc:
        return read, ("error", exc.message, exc.line, exc.column)
    return read, None


@pytest.mark.parametrize("text", _STREAMS)
def test_documents_read_from_events_match_the_exact_way(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _outcome(text)

    def exact_only(loader: Any, plain: Any, slashes: Any = None) -> Any:
        raise yamlio._Fallback

    monkeypatch.setattr(yamlio, "_read_events", exact_only)
    assert fast == _outcome(text)


@pytest.mark.parametrize("text", _STREAMS[:10])
def test_plain_documents_are_read_from_events(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_exact_way(loader: Any) -> Any:
        raise AssertionError("read the exact way")

    monkeypatch.setattr(yamlio, "_read_document", no_exact_way)
    assert _outcome(text)[1] is None


def test_a_stream_falls_back_only_from_the_document_that_needs_it() -> None:
    text = "a: 1\n---\nb: &x {k: 1}\nc: *x\n---\nd: [2]\n"
    documents = list(yamlio.load_documents(text))
    assert [d.value for d in documents] == list(yaml.safe_load_all(text))
    assert [(d.index, d.line) for d in documents] == [(0, 1), (1, 3), (2, 6)]


# --------------------------------------------------------------------------- structural checks


def _real_schemas() -> list[Any]:
    files = sorted((REPO / "crd").glob("*.yaml")) + sorted((REPO / "tests").rglob("*.yaml"))
    cert_manager = SHARED / "corpus/crds/cert-manager"
    files += sorted(cert_manager.glob("*.yaml")) if cert_manager.is_dir() else []
    schemas = []
    for path in files:
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if isinstance(document, dict) and document.get("kind") == "CustomResourceDefinition":
                schemas += [v["schema"]["openAPIV3Schema"] for v in document["spec"]["versions"]]
    return schemas


def _checked(schema: Any) -> Any:
    try:
        return check_structural_schema(schema)
    except Exception as exc:  # the same crash either way is fine too
        return type(exc).__name__


def _all_checks(schema: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(structural_checks, "_plain", lambda node, value_validation: False)
        return _checked(schema)


# Values that break one rule or another, set on random nodes of real schemas.
_KEYS = [
    *structural_checks._PLAIN,
    *structural_checks._UNSUPPORTED,
    "$schema",
    "pattern",
    "uniqueItems",
    "maxLength",
    "minimum",
    "exclusiveMinimum",
    "not",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-validations",
]
_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    2**64,
    1.5,
    "",
    "object",
    "array",
    "string",
    "map",
    "set",
    "granular",
    "[",
    [],
    ["a"],
    [1],
    [{"rule": "self.a"}],
    [{"rule": " "}],
    {},
    {"type": "string"},
    {"a": {}},
    {"metadata": {"type": "object", "properties": {"x": {}}}},
]


def _mutated(schema: Any, rng: random.Random) -> Any:
    schema = copy.deepcopy(schema)
    nodes: list[dict[str, Any]] = []
    stack = [schema]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            nodes.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    for _ in range(rng.randint(1, 3)):
        node = rng.choice(nodes)
        if node and rng.random() < 0.3:
            del node[rng.choice(list(node))]
        else:
            node[rng.choice(_KEYS)] = copy.deepcopy(rng.choice(_VALUES))
    return schema


def test_the_plain_shortcut_hides_no_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    schemas = _real_schemas()
    assert schemas
    for schema in schemas:
        assert _checked(schema) == _all_checks(schema, monkeypatch)
    rng = random.Random(7)
    reported = 0
    for _ in range(600):
        schema = _mutated(rng.choice(schemas), rng)
        problems = _checked(schema)
        assert problems == _all_checks(schema, monkeypatch)
        reported += isinstance(problems, list) and bool(problems)
    assert reported > 200  # the mutations do break rules


def test_problem_paths_are_spelled_in_full() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": {"anyOf": [{"type": "string"}, {"not": 1}]},
                },
            },
            "b": {"type": "object", "properties": {"c": {"type": "array", "items": {}}}},
            "metadata": {"type": "object", "properties": {"labels": {"type": "object"}}},
        },
        "additionalProperties": "no",
    }
    base = ".properties[a].items.additionalProperties"
    assert check_structural_schema(schema) == [
        (f"{base}.type", "Required value: must not be empty for specified object fields"),
        (f"{base}.anyOf[0].type", "Forbidden: must be empty to be structural"),
        (f"{base}.anyOf[1].not", "must be a schema object"),
        (
            ".properties[b].properties[c].items.type",
            ("Required value: must not be empty for specified array items"),
        ),
        (".properties[metadata].properties[labels]", "Forbidden: must not be specified"),
        (
            ".properties[metadata]",
            "Forbidden: must not specify anything other than name and generateName, but "
            "metadata is implicitly specified",
        ),
        (".additionalProperties", "must be a boolean or a schema"),
    ]
