"""Lists with x-kubernetes-list-type set/map: order-insensitive `==`, merging `+` (values.go)."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.runtime.cel import CelValidator
from codegen.runtime.cel.environment import OLD_SELF_VALUE
from codegen.runtime.cel.list_semantics import _ROOTS

STR = {"type": "string"}
SET = {"type": "array", "items": STR, "x-kubernetes-list-type": "set"}
MAP_LIST = {
    "type": "array",
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["k"],
    "items": {"type": "object", "properties": {"k": STR, "v": STR}},
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "s1": SET,
        "s2": SET,
        "atomic": {"type": "array", "items": STR},
        "m1": MAP_LIST,
        "nested": {"type": "array", "items": MAP_LIST},
        "obj": {"type": "object", "properties": {"tags": SET}},
        "mapOfSets": {"type": "object", "additionalProperties": SET},
    },
}
OBJ = {
    "s1": ["a", "b", "c"],
    "s2": ["a", "c", "b"],
    "atomic": ["a", "b", "c"],
    "m1": [{"k": "a", "v": "1"}, {"k": "b", "v": "2"}],
    "nested": [
        [{"k": "a", "v": "1"}, {"k": "b", "v": "2"}],
        [{"k": "b", "v": "2"}, {"k": "a", "v": "1"}],
        [{"k": "b", "v": "3"}],
    ],
    "obj": {"tags": ["x", "y"]},
    "mapOfSets": {"p": ["x", "y"]},
}
OLD = {**OBJ, "obj": {"tags": ["y", "x"]}, "mapOfSets": {"p": ["y", "x"]}, "s1": ["c", "a", "b"]}


def errors(rule: str, old: Any = None) -> list[str]:
    schema = {**SCHEMA, "x-kubernetes-validations": [{"rule": rule}]}
    validator = CelValidator.compile(schema, root_is_resource=False, defer_compile_errors=True)
    found, _ = (
        validator.validate(OBJ, path="spec")
        if old is None
        else validator.validate(OBJ, old, path="spec")
    )
    return [str(e) for e in found]


@pytest.mark.parametrize(
    "rule",
    [
        "self.s1 == ['c', 'b', 'a']",
        "self.s1 == self.s2",
        "!(self.s1 != self.s2)",
        "self.s1 != ['a', 'b']",
        "self.atomic != ['c', 'b', 'a']",  # atomic lists keep their order
        "['c', 'b', 'a'] != self.s1",  # a plain list on the left decides
        "self.s1 + self.s2 == ['a', 'b', 'c'] && size(self.s1 + self.s2) == 3",
        "(self.s1 + ['c', 'd'])[3] == 'd' && size(self.s1 + ['c', 'd']) == 4",
        "self.atomic + ['a'] != self.atomic",
        "self.m1 == [self.m1[1], self.m1[0]]",
        "self.nested[0] == self.nested[1]",
        "self.nested[0] != self.nested[2]",
        "self.nested[0] + self.nested[2] == [{'k': 'a', 'v': '1'}, {'k': 'b', 'v': '3'}]",
        "(self.nested[2] + self.nested[0])[0].v == '2'",
        "self.nested[1] in self.nested && self.nested[0] in [self.nested[1]]",
        "self.nested.all(l, l == self.nested[0] || size(l) == 1)",
        "self.nested.exists(i, l, i == 1 && l == self.nested[0])",
        "self.s1.all(x, x in self.s2)",
    ],
)
def test_set_and_map_lists_follow_the_api_server(rule: str) -> None:
    assert errors(rule) == []


@pytest.mark.parametrize(
    "rule",
    [
        "self.obj == oldSelf.obj",  # fields holding sets compare as sets
        "self.mapOfSets == oldSelf.mapOfSets",
        "self.s1 == oldSelf.s1",
        "self == oldSelf",
    ],
)
def test_values_holding_sets_compare_unordered(rule: str) -> None:
    assert errors(rule, OLD) == []


def test_map_list_compared_with_a_map_does_not_compile() -> None:
    (error,) = errors("self.nested[0] == {'k': 'a', 'v': '1'}")
    assert (
        "found no matching overload for '_==_' applied to '(list(object), map(string, string))'"
        in error
    )
    (error,) = errors("self.nested[0][0] != 1")
    assert "found no matching overload for '_!=_' applied to '(object, int)'" in error


def test_map_list_keys_the_api_server_cannot_read_are_null() -> None:
    """values.go reads escaped key names from the JSON-named element: `k.` is always null."""
    schema = {
        "type": "object",
        "properties": {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["k."],
                "items": {"type": "object", "properties": {"k.": STR, "v": STR}},
            },
        },
        "x-kubernetes-validations": [{"rule": "self.l != [self.l[1], self.l[0]]"}],
    }
    obj = {"l": [{"k.": "a", "v": "1"}, {"k.": "b", "v": "2"}]}
    validator = CelValidator.compile(schema, root_is_resource=False)
    assert validator.validate(obj, path="spec")[0] == []


def test_root_names_match_the_environment() -> None:
    assert OLD_SELF_VALUE in _ROOTS
