"""The API server's estimated-cost refusal of CRD rules (`codegen.runtime.cel.static_cost`).

Expected values are worked out from cel-go's checker/cost.go, the Kubernetes library's cost.go
and apiextensions' validation.go, or taken from the cluster-api port of the server's test
(clusterclass_variable_validation_test.go, "estimated rule cost exceeds budget").
"""

from __future__ import annotations

from typing import Any

import pytest

from codegen.cel_check import rule_problems
from codegen.load import load_crd_text
from codegen.runtime.cel import CelValidator
from codegen.runtime.cel.static_cost import (
    MAX,
    cost_factor_text,
    cost_problems,
    rule_costs,
)

BASE = "spec.validation.openAPIV3Schema"
HINT = (
    "(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, "
    "maps, and strings are declared)"
)


def _root(spec_properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"spec": {"type": "object", "properties": spec_properties}},
    }


def _costs(schema: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    validator = CelValidator.compile(schema)
    return {
        c.path.removeprefix(BASE): (c.raw, c.cardinality, c.cost)
        for c in rule_costs(validator.root, BASE)
    }


def _problems(schema: dict[str, Any]) -> list[tuple[str, str]]:
    return cost_problems(CelValidator.compile(schema).root, BASE)


def _rule(schema: dict[str, Any], *rules: str) -> dict[str, Any]:
    return {**schema, "x-kubernetes-validations": [{"rule": r} for r in rules]}


def test_unbounded_string_items_are_refused_per_rule_and_in_total() -> None:
    # cluster-api's port of the server test: an unbounded list of strings (maxLength 500000)
    # with `self.contains('keyword')` on the items, a map of 10000 strings (maxLength 2048)
    # with the same rule, and a cheap rule on an integer.
    schema = _root(
        {
            "array": {
                "type": "array",
                "items": _rule({"type": "string", "maxLength": 500000}, "self.contains('keyword')"),
            },
            "map": {
                "type": "object",
                "maxProperties": 10000,
                "additionalProperties": _rule(
                    {"type": "string", "maxLength": 2048}, "self.contains('keyword')"
                ),
            },
            "field": _rule({"type": "integer"}, "self > 50 && self < 100"),
        }
    )
    costs = _costs(schema)
    # contains: ceil(2000000 × 0.1) × ceil(7 × 0.1) + 1 for `self`; run once per item of a list
    # holding at most 3 MiB / (len('""') + 1) strings
    array = ".properties[spec].properties[array].items.x-kubernetes-validations[0].rule"
    assert costs[array] == (200001, 1048576, 200001 * 1048576)
    map_ = ".properties[spec].properties[map].additionalProperties.x-kubernetes-validations[0].rule"
    assert costs[map_] == (820 * 1 + 1, 10000, 8210000)
    field = ".properties[spec].properties[field].x-kubernetes-validations[0].rule"
    assert costs[field][2] < 10
    assert _problems(schema) == [
        (BASE + array, f"Forbidden: estimated rule cost exceeds budget by factor of more than 100x {HINT}"),
        (BASE + array, "Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema"),
        (BASE + map_, "Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema"),
        (BASE, "Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x " + HINT),
    ]  # fmt: skip


def test_nested_comprehension_over_unbounded_list_is_refused() -> None:
    # /tmp/heldout4 repro r02cost: the API server refuses this CRD with "more than 100x"
    schema = _root(
        {
            "l": _rule(
                {"type": "array", "items": {"type": "string"}},
                "self.all(x, self.all(y, x.contains(y)))",
            )
        }
    )
    problems = _problems(schema)
    assert problems[0] == (
        f"{BASE}.properties[spec].properties[l].x-kubernetes-validations[0].rule",
        f"Forbidden: estimated rule cost exceeds budget by factor of more than 100x {HINT}",
    )
    assert problems[-1][0] == BASE


def test_bounds_make_the_same_rule_acceptable() -> None:
    schema = _root(
        {
            "l": _rule(
                {"type": "array", "maxItems": 10, "items": {"type": "string", "maxLength": 10}},
                "self.all(x, self.all(y, x.contains(y)))",
            )
        }
    )
    assert _problems(schema) == []
    (raw, cardinality, cost), *_ = _costs(schema).values()
    # outer: 10 × (inner + 3 for the loop condition and step); inner: 10 × (contains + 3);
    # contains: ceil(40 × 0.1) × ceil(40 × 0.1) + the two identifiers
    inner = 10 * (4 * 4 + 2 + 3)
    assert raw == 1 + 1 + 10 * (1 + 1 + inner + 3)
    assert (cardinality, cost) == (1, raw)


def test_factor_formatting() -> None:
    assert cost_factor_text(14_750_000, 10_000_000) == "1.475000x"  # network-policy-api#324
    assert cost_factor_text(516_000_000, 10_000_000) == "51.6x"
    assert cost_factor_text(54_000_000, 10_000_000) == "5.4x"
    assert cost_factor_text(1_000_000_001, 10_000_000) == "more than 100x"
    assert cost_factor_text(MAX, 10_000_000) == "more than 100x"


def test_just_over_the_rule_limit() -> None:
    # a rule costing 2 on the items of a list: over the limit once the list can hold 5000001
    schema = _root(
        {
            "l": {
                "type": "array",
                "maxItems": 1_000_001,
                "items": _rule({"type": "string", "maxLength": 25}, "self.startsWith('abc')"),
            }
        }
    )
    ((raw, cardinality, cost),) = _costs(schema).values()
    assert raw == 1 + 1  # startsWith: ceil(3 × 0.1), plus `self`
    assert (cardinality, cost) == (1_000_001, 2_000_002)
    assert _problems(schema) == []
    schema["properties"]["spec"]["properties"]["l"]["maxItems"] = 6_000_000
    assert _problems(schema)[0][1] == (
        f"Forbidden: estimated rule cost exceeds budget by factor of 1.200000x {HINT}"
    )


@pytest.mark.parametrize(
    ("rule", "schema", "expected"),
    [
        # has() is free in Kubernetes (PresenceTestHasCost(false)); a select on an object 1
        ("has(self.a)", {"type": "object", "properties": {"a": {"type": "string"}}}, 1),
        # matches: ceil((4·10 + 1) × 0.1) × ceil(len(regex) × 0.25) + `self`
        ("self.matches('^a+$')", {"type": "string", "maxLength": 10}, 5 * 1 + 1),
        # an enum bounds a string by its longest value: equality min(5, 1) × 0.1
        ("self == 'x'", {"type": "string", "enum": ["a", "bbbbb"]}, 1 + 1),
        # equality of library values is a unit cost (kubernetes#126359)
        (
            "isCIDR(self) && cidr(self) == cidr(self).masked()",
            {"type": "string", "maxLength": 64},
            2 + 1 + 2 + 3,
        ),
        # validate(): ceil(ceil(4·10 × 0.1) × 128 × 0.25) for any format, format.named 1, value()
        # 1, hasValue() 1, `self` 1, `!` 1; optional_calls' wrappers cost nothing
        (
            "!format.named('dns1123Label').value().validate(self).hasValue()",
            {"type": "string", "maxLength": 10},
            4 * 32 + 1 + 1 + 1 + 1 + 1,
        ),
        # `in` a list: the list's size
        (
            "self.a in self.l",
            {
                "type": "object",
                "properties": {
                    "a": {"type": "string"},
                    "l": {"type": "array", "maxItems": 7, "items": {"type": "string"}},
                },
            },
            7 + 2 + 2,
        ),
    ],
)
def test_rule_estimates(rule: str, schema: dict[str, Any], expected: int) -> None:
    costs = _costs(_root({"f": _rule(schema, rule)}))
    assert next(iter(costs.values()))[0] == expected


CRD = """
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: r02costs.t.example.com}
spec:
  group: t.example.com
  scope: Namespaced
  names: {plural: r02costs, singular: r02cost, kind: R02cost, listKind: R02costList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              l:
                type: array
                items: {type: string}
                x-kubernetes-validations:
                - rule: self.all(x, self.all(y, x.contains(y)))
"""


def test_generation_time_check_reports_the_refusal() -> None:
    problems = rule_problems(load_crd_text(CRD, "r02cost.yaml"))
    paths = [p.path for p in problems]
    assert f"{BASE}.properties[spec].properties[l].x-kubernetes-validations[0].rule" in paths
    assert any("exceeds budget by factor of more than 100x" in p.message for p in problems)
    assert (
        rule_problems(
            load_crd_text(
                CRD.replace(
                    "items: {type: string}",
                    "maxItems: 5\n                items: {type: string, maxLength: 5}",
                ),
                "ok.yaml",
            )
        )
        == []
    )


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # `overrides` routes these calls to cel-go's definitions; they keep their library cost.
        # A maxLength 10 string is 40 units: `self` 1 + traversal ceil(40 × 0.1) + the equality
        ("self.substring(2) == 'x'", 1 + 4 + 1),
        ("self.indexOf('a') == 1", 1 + 4 + 1),
        ("self.lastIndexOf('a', 1) == 1", 1 + 4 + 1),
        ("self.charAt(1) == 'x'", 1 + 1 + 1),  # no estimator: a call's unit cost
        ("self.matches('^a+$')", 5 * 1 + 1),
    ],
)
def test_routed_calls_keep_their_cost(rule: str, expected: int) -> None:
    costs = _costs(_root({"f": _rule({"type": "string", "maxLength": 10}, rule)}))
    assert next(iter(costs.values()))[0] == expected


def test_every_routed_function_is_costed_as_the_one_it_replaces() -> None:
    from codegen.runtime.cel import overrides, static_cost

    hidden = set(overrides._ROUTED.values())
    assert hidden and all(not static_cost.library_name(h).startswith("@") for h in hidden)
