"""The helpers the fast paths call per value give what their plain definitions give.

`_strict_copy`, `_plain_copy`, `would_prune` and `_holds` are written as loops with the scalar
case inline (they run from Rust or the walk for every value); each is checked here against the
straightforward recursive definition it replaced, on random JSON-ish values, non-JSON values
and schemas with properties, additionalProperties, items and preserve-unknown.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from pydantic_core import PydanticCustomError

from codegen.runtime import fused, gate, pruning
from codegen.runtime.metadata import OBJECT_META_FIELDS
from codegen.runtime.pruning import JSON_SCALARS, META_FIELDS
from codegen.runtime.structural import Node, compile_schema

_KEYS = ("a", "b", "c", "name", "metadata", "kind", "spec")


class _Odd:
    """Not JSON: every helper must treat it as such."""


def _value(rnd: random.Random, depth: int = 0) -> Any:
    pick = rnd.random()
    if depth < 4 and pick < 0.3:
        out: dict[Any, Any] = {rnd.choice(_KEYS): _value(rnd, depth + 1) for _ in range(3)}
        if rnd.random() < 0.05:
            out[1] = "x"  # a key that is not a string
        return out
    if depth < 4 and pick < 0.5:
        return [_value(rnd, depth + 1) for _ in range(rnd.randrange(4))]
    return rnd.choice(("s", 1, 1.5, True, None, 2**70, _Odd(), ("t",), {"nested": [1]}))


# ---------------------------------------------------------------- reference definitions


def _ref_strict_copy(v: Any) -> Any:
    t = type(v)
    if t is dict:
        out = {}
        for k, x in v.items():
            if type(k) is not str:
                raise PydanticCustomError("k8s_gate", "refused")
            out[k] = _ref_strict_copy(x)
        return out
    if t is list:
        return [_ref_strict_copy(x) for x in v]
    if t in JSON_SCALARS:
        return v
    raise PydanticCustomError("k8s_gate", "refused")


def _ref_plain_json(x: Any) -> bool:
    t = type(x)
    if t is dict:
        return all(type(k) is str and _ref_plain_json(v) for k, v in x.items())
    if t is list:
        return all(_ref_plain_json(v) for v in x)
    return t in JSON_SCALARS


def _ref_would_prune(x: Any, node: Node | None, *, kept: bool = False) -> bool:
    if node is not None and node.preserve_unknown:
        kept = True
    t = type(x)
    if node is None:
        if kept:
            return not _ref_plain_json(x)
        if t is dict:
            return bool(x)
        if t is list:
            return any(_ref_would_prune(v, None) for v in x)
        return t not in JSON_SCALARS
    if t is dict:
        props = node.properties
        ap_present = node.additional_allows is not None
        for k, v in x.items():
            if type(k) is not str:
                return True
            if node.embedded and k in META_FIELDS:
                if not _ref_plain_json(v):
                    return True
                if k == "metadata" and type(v) is dict and not OBJECT_META_FIELDS.issuperset(v):
                    return True
                continue
            sub = props.get(k) if props else None
            if sub is not None:
                if _ref_would_prune(v, sub):
                    return True
            elif ap_present:
                if _ref_would_prune(v, node.additional):
                    return True
            elif not kept or not _ref_plain_json(v):
                return True
        return False
    if t is list:
        return any(_ref_would_prune(v, node.items, kept=kept) for v in x)
    return t not in JSON_SCALARS


def _ref_holds(node: Node, keys: Any) -> bool:
    return (
        all(k in keys for k in node.required)
        and all(_ref_holds(b, keys) for b in node.all_of)
        and (not node.any_of or any(_ref_holds(b, keys) for b in node.any_of))
        and (not node.one_of or sum(_ref_holds(b, keys) for b in node.one_of) == 1)
        and (node.not_ is None or not _ref_holds(node.not_, keys))
    )


def _outcome(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return ("ok", fn(*args, **kwargs))
    except PydanticCustomError:
        return "refused"


# ---------------------------------------------------------------- tests


def test_strict_copy_copies_json_and_refuses_the_rest() -> None:
    rnd = random.Random(7)
    for _ in range(3000):
        value = _value(rnd)
        got = _outcome(gate._strict_copy, value)
        assert got == _outcome(_ref_strict_copy, value)
        if got != "refused" and type(value) in (dict, list):
            assert got[1] is not value  # a copy, never the input


def test_plain_copy_is_the_wire_copy() -> None:
    rnd = random.Random(11)
    for _ in range(3000):
        value = _value(rnd)
        if not _ref_plain_json(value):
            continue  # the walk translates those (`to_wire`) first
        copied = fused._plain_copy(value)
        assert copied == value
        assert type(value) not in (dict, list) or copied is not value


_SCHEMAS: tuple[dict[str, Any], ...] = (
    {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "object"}}},
    {"type": "object", "additionalProperties": {"type": "integer"}},
    {"type": "object", "additionalProperties": True, "properties": {"c": {"type": "array"}}},
    {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
    {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
    {
        "type": "object",
        "x-kubernetes-preserve-unknown-fields": True,
        "properties": {"spec": {"type": "object", "properties": {"a": {"type": "string"}}}},
    },
    {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
    {"type": "array"},
    {
        "type": "object",
        "x-kubernetes-embedded-resource": True,
        "properties": {"spec": {"type": "object"}},
    },
)


@pytest.mark.parametrize("index", range(len(_SCHEMAS)))
def test_would_prune_matches_its_definition(index: int) -> None:
    node = compile_schema(_SCHEMAS[index])
    assert node is not None
    rnd = random.Random(index)
    for _ in range(2000):
        value = _value(rnd)
        for target in (node, None):
            for kept in (False, True):
                assert pruning.would_prune(value, target, kept=kept) == _ref_would_prune(
                    value, target, kept=kept
                ), (value, kept)


def test_presence_branches_hold_as_defined() -> None:
    schema = {
        "type": "object",
        "properties": {k: {"type": "string"} for k in _KEYS},
        "required": ["a"],
        "oneOf": [{"required": ["b"]}, {"required": ["c"]}],
        "anyOf": [{"required": ["name"]}, {"not": {"required": ["kind"]}}],
        "allOf": [{"not": {"required": ["spec", "metadata"]}}],
    }
    node = compile_schema(schema)
    assert node is not None
    rnd = random.Random(3)
    for _ in range(2000):
        keys = {k for k in _KEYS if rnd.random() < 0.5}
        assert gate._holds(node, keys) == _ref_holds(node, keys), keys
