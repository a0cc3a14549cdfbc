"""Where the engine (cel-cpp) differs from the API server's cel-go, the runtime follows cel-go."""

from __future__ import annotations

from typing import Any

import pytest
from cel_expr_python import cel

from codegen.runtime.cel import CelValidator
from codegen.runtime.cel.environment import check_env
from codegen.runtime.cel.errors_text import checker_error
from codegen.runtime.cel.pool import new_pool
from codegen.runtime.cel.rules import CompileFailure, compile_expression


def evaluate(expr: str) -> Any:
    compiled = compile_expression(
        expr, check_env(new_pool(), cel.Type.DYN), optional_old_self=False
    )
    return compiled.evaluate({})


def compile_error(expr: str) -> str:
    with pytest.raises(CompileFailure) as info:
        compile_expression(expr, check_env(new_pool(), cel.Type.DYN), optional_old_self=False)
    return str(info.value)


def rule_errors(schema: dict[str, Any], obj: Any, rule: str) -> list[str]:
    schema = {**schema, "x-kubernetes-validations": [{"rule": rule}]}
    validator = CelValidator.compile(schema, root_is_resource=False, defer_compile_errors=True)
    errors, _ = validator.validate(obj, path="root")
    return [str(e) for e in errors]


# ----------------------------------------------------------- HomogeneousAggregateLiterals


@pytest.mark.parametrize(
    ("expr", "wanted"),
    [
        (
            "[1, 'a', false].size() == 3",
            "ERROR: <input>:1:5: expected type 'int' but found 'string'",
        ),
        ('["d", 3].sort() == ["d"]', "ERROR: <input>:1:7: expected type 'string' but found 'int'"),
        ("{'k1': 'a', 'k2': 1}.size() == 2", "expected type 'string' but found 'int'"),
        ("{'k1': 1, 2: 1}.size() == 2", "expected type 'string' but found 'int'"),
        ("[[1], ['a']].size() == 2", "expected type 'list(int)' but found 'list(string)'"),
    ],
)
def test_mixed_aggregate_literals_do_not_compile(expr: str, wanted: str) -> None:
    assert wanted in compile_error(expr)


@pytest.mark.parametrize(
    "expr",
    [
        "'%d %s'.format([1, 'a']) == '1 a'",  # format is exempt, as in cel-go's strings library
        "['a', ?optional.none(), 'c'] == ['a', 'c']",  # an optional element counts as its value
        "{?'k': optional.of('v'), 'k2': 'v2'}.size() == 2",
        "[[], [1]].size() == 2",
    ],
)
def test_homogeneous_or_exempt_literals_compile(expr: str) -> None:
    assert evaluate(expr) is True


# ----------------------------------------------------------- calls routed by checked types


@pytest.mark.parametrize(
    "expr",
    [
        "[duration('1s')].sum() == duration('1s')",
        "dyn([]).sum() == 0",
        "[1.5, 2.0].sum() == 3.5",
    ],
)
def test_sum_keeps_working(expr: str) -> None:
    assert evaluate(expr) is True


def test_sum_of_an_empty_typed_list_is_that_types_zero() -> None:
    schema = {"type": "object", "properties": {"d": {"type": "array", "items": {"type": "string", "format": "duration"}}, "f": {"type": "array", "items": {"type": "number"}}}}  # fmt: skip
    assert rule_errors(schema, {"d": [], "f": []}, "self.d.sum() == duration('0')") == []
    assert rule_errors(schema, {"d": [], "f": []}, "type(self.f.sum()) == double") == []


def test_duration_milliseconds_are_the_whole_duration() -> None:
    assert evaluate("duration('1h2m3s4ms').getMilliseconds() == 3723004")
    assert evaluate("duration('-1.5ms').getMilliseconds() == -1")


def test_non_zero_timestamp_uses_gos_zero_time() -> None:
    assert evaluate("optional.ofNonZeroValue(timestamp('0001-01-01T00:00:00Z')) == optional.none()")
    assert evaluate("optional.ofNonZeroValue(timestamp(0)).hasValue()")
    assert evaluate("optional.ofNonZeroValue(timestamp(5)).value() == timestamp(5)")
    assert evaluate("optional.ofNonZeroValue(0) == optional.none()")


def test_transform_map_runs() -> None:
    assert evaluate("{'a': 1, 'b': 2}.transformMap(k, v, v > 1, v + 1) == {'b': 3}")
    assert evaluate("{'a': 1}.transformMapEntry(k, v, {k + '2': v}) == {'a2': 1}")
    with pytest.raises(Exception, match="insert failed: key x already exists"):
        evaluate("{'a': 1, 'b': 2}.transformMapEntry(k, v, {'x': v}).size() == 1")


# ----------------------------------------------------------- cel-go's wording


@pytest.mark.parametrize(
    ("expr", "wanted"),
    [
        ("['a'].sum() == 'a'", "found no matching overload for 'sum' applied to 'list(string).()'"),
        ("'a'.startsWith(1)", "applied to 'string.(int)'"),
        ("1 == null", "found no matching overload for '_==_' applied to '(int, null)'"),
        ("'a' + null == 'a'", "applied to '(string, null)'"),
        ("self.true == 1", "Syntax error: mismatched input 'true' expecting IDENTIFIER"),
    ],
)
def test_checker_errors_use_cel_go_wording(expr: str, wanted: str) -> None:
    assert wanted in compile_error(expr)


def test_checker_rephrasings() -> None:
    text = "ERROR: <input>:1:1: expression of type 'list(int)' cannot be the operand of a select operation"
    assert "type 'list(int)' does not support field selection" in checker_error(text)
    text = "ERROR: <input>:1:3: expression of type 'int' cannot be the range of a comprehension"
    assert "cannot be range of a comprehension" in checker_error(text)


# ----------------------------------------------------------- invalid data


def test_invalid_field_fails_only_the_rules_reading_it() -> None:
    schema = {
        "type": "object",
        "properties": {
            "o": {"type": "object", "properties": {"f": {"type": "string"}}},
            "l": {"type": "array", "items": {"type": "string"}},
            "n": {"type": "integer"},
        },
    }
    obj = {"o": [], "l": {}, "n": 1}
    assert rule_errors(schema, obj, "self.n == 1") == []
    [error] = rule_errors(schema, obj, "has(self.l)")
    assert "expected an array for the provided schema with type=array" in error
    [error] = rule_errors(schema, obj, "has(self.o)")
    assert "expected a map for the provided schema with type=object" in error
    # the whole object: one of its fields' errors (the server compares in Go's map order)
    [error] = rule_errors(schema, obj, "self == self")
    assert "expected a map for the provided schema" in error or "expected an array" in error


# ----------------------------------------------------------- string.format %e


@pytest.mark.parametrize(
    ("expr", "wanted"),
    [
        ("'%e'.format([3.14])", "3.140000×10⁰⁰"),
        ("'%.2e'.format([-12345.0])", "-1.23×10⁰⁴"),
        ("'%e'.format([0.00123])", "1.230000×10⁻⁰³"),
        ("'%d %s %e %%'.format([1, 'a', 2.0])", "1 a 2.000000×10⁰⁰ %"),
        # formatList quotes strings (quoteForCEL: %q), as the legacy formatter does
        ("'%s %e'.format([[1, 'x'], 1.0])", '[1, "x"] 1.000000×10⁰⁰'),
        ("'%s %e'.format([1000000.0, 1.0])", "1e+06 1.000000×10⁰⁰"),
    ],
)
def test_scientific_format_matches_cel_go(expr: str, wanted: str) -> None:
    assert evaluate(expr) == wanted


def test_formats_without_scientific_clause_stay_with_the_engine() -> None:
    assert evaluate("'%d %s %f'.format([1, 'abc', 1.0])") == "1 abc 1.000000"
    assert evaluate("'%o %b %x'.format([8, 7, 255])") == "10 111 ff"
