"""Behaviour of CelValidator: rule semantics the API server defines."""

from __future__ import annotations

import time
from typing import Any

import pytest

from codegen.runtime.cel import CelCompileError, CelValidator
from codegen.runtime.errors import ErrorType


def obj_schema(rules: list[dict[str, Any]], **props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props, "x-kubernetes-validations": rules}


INT = {"type": "integer"}
STR = {"type": "string"}


def check(
    schema: dict[str, Any], obj: Any, old: Any = None, **kw: Any
) -> tuple[list[Any], list[str]]:
    validator = CelValidator.compile(schema, root_is_resource=False, **kw)
    if old is None:
        return validator.validate(obj, path="spec")
    return validator.validate(obj, old, path="spec")


def test_failing_rule_reports_message_at_the_declaring_node() -> None:
    schema = obj_schema(
        [],
        replicas={
            **INT,
            "x-kubernetes-validations": [{"rule": "self >= 1", "message": "at least one"}],
        },
    )
    errors, _ = check(schema, {"replicas": 0})
    assert [str(e) for e in errors] == ["spec.replicas: Invalid value: 0: at least one"]


def test_passing_rule_gives_no_error() -> None:
    errors, warnings = check(
        obj_schema([{"rule": "self.a < self.b"}], a=INT, b=INT), {"a": 1, "b": 2}
    )
    assert (errors, warnings) == ([], [])


def test_default_message_names_the_rule_and_omits_object_values() -> None:
    errors, _ = check(obj_schema([{"rule": "self.a == 2"}], a=INT), {"a": 1})
    assert str(errors[0]) == "spec: Invalid value: failed rule: self.a == 2"


def test_message_expression_wins_and_falls_back_when_unusable() -> None:
    schema = obj_schema(
        [
            {"rule": "false", "messageExpression": "'got ' + string(self.a)"},
            {"rule": "false", "message": "static", "messageExpression": "''"},
        ],
        a=INT,
    )
    errors, _ = check(schema, {"a": 7})
    assert [e.detail for e in errors] == ["got 7", "static"]


def test_reason_and_field_path() -> None:
    schema = obj_schema(
        [{"rule": "self.a != 1", "reason": "FieldValueForbidden", "fieldPath": ".a"}], a=INT
    )
    errors, _ = check(schema, {"a": 1})
    assert (errors[0].type, errors[0].field) == (ErrorType.FORBIDDEN, "spec.a")


def test_transition_rule_runs_only_on_update() -> None:
    schema = obj_schema([{"rule": "self.a >= oldSelf.a", "message": "no shrinking"}], a=INT)
    assert check(schema, {"a": 1})[0] == []
    assert [e.detail for e in check(schema, {"a": 1}, {"a": 2})[0]] == ["no shrinking"]


def test_optional_old_self_is_none_on_create() -> None:
    schema = obj_schema(
        [{"rule": "!oldSelf.hasValue() || self.a == oldSelf.value().a", "optionalOldSelf": True}],
        a=INT,
    )
    assert check(schema, {"a": 1})[0] == []
    assert len(check(schema, {"a": 1}, {"a": 2})[0]) == 1


def test_unchanged_invalid_value_is_ratcheted_to_a_warning() -> None:
    schema = obj_schema(
        [], name={**STR, "x-kubernetes-validations": [{"rule": "self.size() < 3"}]}, other=INT
    )
    errors, warnings = check(schema, {"name": "long", "other": 2}, {"name": "long", "other": 1})
    assert errors == []
    assert warnings == ['spec.name: Invalid value: "long": failed rule: self.size() < 3']


def test_compile_errors_are_all_reported_with_their_path() -> None:
    schema = obj_schema(
        [{"rule": "self.nope == 1"}],
        spec={**INT, "x-kubernetes-validations": [{"rule": "self == 'x'"}]},
    )
    with pytest.raises(CelCompileError) as info:
        CelValidator.compile(schema)
    paths = [p for p, _ in info.value.errors]
    messages = " ".join(m for _, m in info.value.errors)
    assert paths == ["<root>.x-kubernetes-validations[0]", "spec.x-kubernetes-validations[0]"]
    assert "undefined field 'nope'" in messages
    assert "no matching overload for '_==_' applied to '(int, string)'" in messages


def test_runaway_rule_is_stopped_by_the_cost_limit() -> None:
    schema = obj_schema(
        [{"rule": "self.items.all(x, self.items.all(y, self.items.all(z, x + y + z >= 0)))"}],
        items={"type": "array", "items": INT},
    )
    started = time.perf_counter()
    errors, _ = check(schema, {"items": list(range(2000))})
    assert time.perf_counter() - started < 2
    assert "call cost exceeds limit" in errors[0].detail


def test_matches_costs_by_the_lengths_of_its_string_and_regex() -> None:
    """cel-go's costCall: ceil((1 + len(s)) * 0.1) * ceil(len(re) * 0.25), element by element:
    20 values of 16384 characters against a 128-character regex are 20 * 1639 * 32 = 1,048,960,
    over the 1M per-call limit; 8000 characters are half that."""
    regex = "^" + "[a-z]?" * 20 + "[a-z]*$"
    assert len(regex) == 128
    schema = obj_schema(
        [{"rule": f"self.values.all(v, v.s.matches('{regex}'))"}],
        values={"type": "array", "items": {"type": "object", "properties": {"s": STR}}},
    )
    over = {"values": [{"s": "a" * 16384} for _ in range(20)]}
    errors, _ = check(schema, over)
    assert [e.type for e in errors] == [ErrorType.INVALID]
    assert "call cost exceeds limit" in errors[0].detail
    assert check(schema, {"values": [{"s": "a" * 8000} for _ in range(20)]})[0] == []
    # a string the cost cannot see (not a path) costs the unit it always did
    literal = obj_schema([{"rule": f"'{'a' * 16384}'.matches('{regex}')"}])
    assert check(literal, {})[0] == []


def test_budget_exhaustion_stops_further_rules() -> None:
    schema = obj_schema([{"rule": "self.a > 0"}, {"rule": "self.a > 1"}], a=INT)
    errors, _ = check(schema, {"a": 0}, cost_budget=4)
    assert len(errors) == 2
    assert "running out of cost budget" in errors[1].detail


@pytest.mark.parametrize(
    "rule",
    [
        "quantity(self.mem).isGreaterThan(quantity('1Gi')) && quantity('1G') == quantity('1000M')",
        "isIP(self.ip) && ip(self.ip).family() == 4 && cidr('10.0.0.0/8').containsIP(self.ip)",
        "url(self.site).getHostname() == 'example.com' && isURL(self.site)",
        "semver(self.version).isLessThan(semver('2.0.0'))",
        "format.dns1123Label().validate(self.label) == optional.none()",
        "self.label.find('[0-9]+') == '42' && self.nums.isSorted() && self.nums.sum() == 6",
        "sets.contains(self.nums, [1]) && self.label.split('-').size() == 2",
    ],
)
def test_kubernetes_libraries(rule: str) -> None:
    schema = obj_schema(
        [{"rule": rule}],
        mem=STR,
        ip=STR,
        site=STR,
        version=STR,
        label=STR,
        nums={"type": "array", "items": INT},
    )
    obj = {
        "mem": "2Gi", "ip": "10.1.2.3", "site": "https://example.com/x", "version": "1.2.3",
        "label": "app-42", "nums": [1, 2, 3],
    }  # fmt: skip
    assert check(schema, obj)[0] == []


def test_a_rule_at_the_root_is_reported_at_a_nil_path() -> None:
    # strategy.go validates with a nil path: field.Error prints it as "<nil>"
    schema = obj_schema(
        [{"rule": "self.a != 1", "message": "a must not be 1"}, {"rule": "self.b == 'x'"}],
        a=INT,
        b=STR,
    )
    validator = CelValidator.compile(schema, root_is_resource=False)
    errors, _ = validator.validate({"a": 1}, path="")
    assert [str(e) for e in errors] == [
        "<nil>: Invalid value: a must not be 1",
        "<nil>: Invalid value: \"object\": no such key: b evaluating rule: self.b == 'x'",
    ]
    fielded = obj_schema([{"rule": "self.a != 1", "fieldPath": ".a"}], a=INT)
    errors, _ = CelValidator.compile(fielded, root_is_resource=False).validate({"a": 1}, path="")
    assert [e.field for e in errors] == ["a"]


def test_set_items_are_not_correlated_for_ratcheting() -> None:
    # common.CorrelatedObject correlates only map-list items: a changed set's old item is
    # checked again (the whole list unchanged still ratchets)
    item_rule = {**STR, "x-kubernetes-validations": [{"rule": "self.startsWith('ok')"}]}
    schema = obj_schema(
        [], tags={"type": "array", "x-kubernetes-list-type": "set", "items": item_rule}
    )
    errors, warnings = check(schema, {"tags": ["bad", "ok2"]}, {"tags": ["bad"]})
    assert [e.field for e in errors] == ["spec.tags[0]"]
    errors, warnings = check(schema, {"tags": ["bad"]}, {"tags": ["bad"]})
    assert errors == [] and len(warnings) == 1
