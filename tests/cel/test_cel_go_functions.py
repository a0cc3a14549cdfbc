"""Library functions as cel-go (at the API server's versions) has them where the engine's
differ: the strings extension's index functions, `matches` with Go's regexp syntax, the lists
library's checked `sum`, checked conversions' error texts, and no string `reverse` (strings
version 2)."""

from __future__ import annotations

from typing import Any

import pytest
from cel_expr_python import cel

from codegen.runtime.cel import CelCompileError, CelValidator
from codegen.runtime.cel.environment import check_env
from codegen.runtime.cel.pool import new_pool
from codegen.runtime.cel.rules import CompileFailure, EvaluationError, compile_expression


def evaluate(expr: str, self_value: Any = None) -> Any:
    compiled = compile_expression(
        expr, check_env(new_pool(), cel.Type.DYN), optional_old_self=False
    )
    return compiled.evaluate({"self": self_value})


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("'abcde'.substring(0, 5)", "abcde"),  # the engine refuses an end equal to the size
        ("'abc'.substring(3)", ""),
        ("'héllo'.substring(1, 3)", "él"),  # code points
        ("'abc'.charAt(3)", ""),
        ("'abc'.indexOf('', 10)", 10),  # an empty search string: the offset as given
        ("'abc'.lastIndexOf('', 10)", 10),
        ("'abc'.lastIndexOf('')", 3),
        ("'abc'.indexOf('c', 3)", -1),  # at or past the end: not found
        ("'abc'.lastIndexOf('a', 5)", -1),
        ("''.indexOf('a')", -1),
        ("'abcabc'.lastIndexOf('bc')", 4),
        ("'abcabc'.lastIndexOf('bc', 3)", 1),
        ("'a'.lastIndexOf('abc', 0)", -1),
        ("'héllo'.indexOf('l')", 2),
    ],
)
def test_string_index_functions(expr: str, value: Any) -> None:
    assert evaluate(expr) == value


@pytest.mark.parametrize(
    ("expr", "error"),
    [
        ("'abc'.charAt(4)", "index out of range: 4"),
        ("'abc'.charAt(-1)", "index out of range: -1"),
        ("'abc'.substring(4)", "index out of range: 4"),
        ("'abc'.substring(2, 1)", "invalid substring range. start: 2, end: 1"),
        ("'abc'.substring(-1, 2)", "index out of range: -1"),
        ("'abc'.substring(1, 9)", "index out of range: 9"),
        ("'abc'.indexOf('a', -1)", "index out of range: -1"),
        ("''.lastIndexOf('a')", "index out of range: -1"),  # from offset len - 1
        ("[9223372036854775807, 1].sum()", "integer overflow"),
        ("[-9223372036854775807, -2].sum()", "integer overflow"),
        ("[18446744073709551615u, 1u].sum()", "unsigned integer overflow"),
        ("[duration('2562047h'), duration('2562047h')].sum()", "integer overflow"),
        ("uint(-1.5)", "unsigned integer overflow"),
        ("uint(-1)", "unsigned integer overflow"),
        ("int(1e20)", "integer overflow"),
        ("int(18446744073709551615u)", "integer overflow"),
    ],
)
def test_runtime_errors_read_as_cel_go(expr: str, error: str) -> None:
    with pytest.raises(EvaluationError) as caught:
        evaluate(expr)
    assert str(caught.value) == error


def test_sums_within_range_are_exact() -> None:
    assert evaluate("[9223372036854775807u, 1u].sum()") == 2**63
    assert evaluate("[9223372036854775806, 1, -1].sum()") == 9223372036854775806
    with pytest.raises(EvaluationError):  # partial sums are checked, as Int.Add does
        evaluate("[9223372036854775807, 1, -1].sum()")


@pytest.mark.parametrize(
    ("pattern", "error"),
    [
        ("a\\Cb", "error parsing regexp: invalid escape sequence: `\\C`"),  # RE2 has \\C, Go not
        ("(", "error parsing regexp: missing closing ): `(`"),
        ("a**", "error parsing regexp: invalid nested repetition operator: `**`"),
    ],
)
def test_matches_uses_gos_regexp(pattern: str, error: str) -> None:
    with pytest.raises(EvaluationError) as caught:
        evaluate("'aXb'.matches(self)", pattern)
    assert str(caught.value) == error
    with pytest.raises(EvaluationError) as caught:
        evaluate("matches('aXb', self)", pattern)
    assert str(caught.value) == error
    with pytest.raises(EvaluationError) as caught:
        evaluate("'aXb'.find(self) == ''", pattern)
    assert str(caught.value) == f"Illegal regex: {error}"
    assert evaluate("'aXb'.matches(self)", "a.b") is True


def _compile_error(rule: str) -> str:
    prop: dict[str, Any] = {"type": "string", "x-kubernetes-validations": [{"rule": rule}]}
    schema = {"type": "object", "properties": {"v": prop}}
    with pytest.raises(CelCompileError) as caught:
        CelValidator.compile(schema, root_is_resource=False)
    return str(caught.value)


def test_string_reverse_is_not_declared_at_strings_version_2() -> None:
    assert _compile_error("self.reverse() == self").endswith(
        "compilation failed: ERROR: <input>:1:13: found no matching overload for 'reverse' "
        "applied to 'string.()'\n | self.reverse() == self\n | ............^"
    )
    assert evaluate("[1, 2].reverse() == [2, 1]") is True  # lists keep theirs


@pytest.mark.parametrize(
    ("rule", "message", "column"),
    [
        ("self.matches('a\\\\Cb')", "invalid matches argument", 14),
        ("timestamp('2020-13-01T00:00:00Z') > timestamp(self)", "invalid timestamp argument", 11),
        ("duration('1d') > duration(self)", "invalid duration argument", 10),
    ],
)
def test_literal_validators_name_the_function_and_show_the_source(
    rule: str, message: str, column: int
) -> None:
    assert _compile_error(rule).endswith(
        f"compilation failed: ERROR: <input>:1:{column}: {message}\n | {rule}\n"
        f" | {'.' * (column - 1)}^"
    )


def test_a_find_literal_gets_gos_regexp_text() -> None:
    with pytest.raises(CompileFailure) as caught:
        evaluate("'ab'.find('(') == ''")
    assert str(caught.value) == (
        "program instantiation failed: error parsing regexp: missing closing ): `(`"
    )


# ------------------------------------------------- string.format (the legacy formatter)


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("'%d %s %%'.format([1, 'a'])", "1 a %"),
        ("'%.2f'.format([1234.5])", "1,234.50"),
        ("'%f'.format(['NaN'])", "NaN"),  # the three special strings pass %f and %e
        ("'%x %X %o %b %b'.format(['hi', 255, 8, -5, true])", "6869 FF 10 -101 1"),
    ],
)
def test_format_clauses(expr: str, value: str) -> None:
    assert evaluate(expr) == value


@pytest.mark.parametrize(
    ("args", "template", "error"),
    [
        # runtime checks, on values the validator cannot see (a variable's list)
        (["a"], "%d", "error during formatting: decimal clause can only be used on integers, "
         "was given string"),
        ([1.5], "%d", "error during formatting: decimal clause can only be used on integers, "
         "was given double"),
        ([1], "%.2f", "error during formatting: fixed-point clause can only be used on doubles, "
         "was given int"),
        ([1], "%e", "error during formatting: scientific clause can only be used on doubles, "
         "was given int"),
        ([1], "%q", 'could not parse formatting clause: unrecognized formatting clause "q"'),
        ([1], "%.f", "could not parse formatting clause: error while parsing precision: error "
         'while converting precision to integer: strconv.Atoi: parsing "": invalid syntax'),
        ([1], "%.3", "could not parse formatting clause: error while parsing precision: could "
         "not find end of precision specifier"),
        (["a"], "%s %s", "index 1 out of range"),
        ([1], "abc%", "unexpected end of string"),
        ([], "abc%", "index 0 out of range"),
    ],
)  # fmt: skip
def test_format_runtime_errors(args: list[Any], template: str, error: str) -> None:
    with pytest.raises(EvaluationError) as caught:
        evaluate(f"{template!r}.format(self) == ''", args)
    assert str(caught.value) == error


_FORMAT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "i": {"type": "integer"},
        "d": {"type": "number"},
        "s": {"type": "string"},
        "o": {"type": "object", "properties": {"x": {"type": "string"}}},
    },
}


def _format_compile_error(rule: str) -> str | None:
    schema = {**_FORMAT_SCHEMA, "x-kubernetes-validations": [{"rule": rule}]}
    try:
        CelValidator.compile(schema, root_is_resource=False)
    except CelCompileError as exc:
        return str(exc).split("compilation failed: ", 1)[1]
    return None


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        ("'%d and %s'.format([self.i, self.s]) != ''", None),
        ("'%.2f'.format([self.d]) != ''", None),
        ("'%d'.format(dyn([self.d])) != ''", None),  # not a list literal: checked when run
        ("'%d'.format([dyn(self.d)]) != ''", None),  # dyn passes
        ("'%d'.format([self.d]) != ''",
         "ERROR: <input>:1:18: error during formatting: decimal clause can only be used on "
         "integers, was given double\n | '%d'.format([self.d]) != ''\n | .................^"),
        ("'%.2f'.format([self.i]) != ''",
         "ERROR: <input>:1:20: error during formatting: fixed-point clause can only be used on "
         "doubles, was given int\n | '%.2f'.format([self.i]) != ''\n | ...................^"),
        ("'%s %s'.format([self.i]) != ''",
         "ERROR: <input>:1:15: index 1 out of range\n | '%s %s'.format([self.i]) != ''\n"
         " | ..............^"),
        ("'%s'.format([self.i, self.s]) != ''",
         "ERROR: <input>:1:12: too many arguments supplied to string.format (expected 1, got 2)"
         "\n | '%s'.format([self.i, self.s]) != ''\n | ...........^"),
        ("'%q'.format([1]) != ''",
         "ERROR: <input>:1:12: could not parse formatting clause: unrecognized formatting "
         "clause \"q\"\n | '%q'.format([1]) != ''\n | ...........^"),
    ],
)  # fmt: skip
def test_literal_format_calls_are_checked_when_the_rule_compiles(
    rule: str, error: str | None
) -> None:
    found = _format_compile_error(rule)
    if error is None:
        assert found is None
    else:
        assert found == error


def test_an_object_argument_is_refused_by_the_string_clause() -> None:
    found = _format_compile_error("'%s'.format([[1, self.o]]) != ''")
    assert found is not None
    assert found.startswith(
        "ERROR: <input>:1:22: error during formatting: string clause can only be used on "
        "strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, "
        "was given "
    )


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("isSemver('1.2-rc', true)", False),  # a short version cannot carry pre-release data
        ("isSemver('1.2+b1', true)", False),
        ("isSemver('v1.2', true)", True),
        ("semver('01.02.03', true) == semver('1.2.3')", True),
        ("isSemver('1.2.3-rc.1', true)", True),
    ],
)
def test_semver_normalisation_as_semverlib(expr: str, value: bool) -> None:
    assert evaluate(expr) is value


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        # a dyn receiver keeps both overloads: the value picks cel-go's string function or
        # the lists library's
        ("dyn('abc').indexOf('') == 0 && dyn('') .lastIndexOf('') == 0", True),
        ("dyn(['a', 'b']).indexOf('b') == 1", True),
        ("dyn('abcabc').lastIndexOf('bc') == 4", True),
        ("dyn([1, 2, 1]).lastIndexOf(1) == 2", True),
    ],
)
def test_index_functions_on_dyn_receivers(expr: str, value: bool) -> None:
    assert evaluate(expr) is value


def test_an_index_function_on_a_dyn_string_errs_as_cel_go() -> None:
    with pytest.raises(EvaluationError) as caught:
        evaluate("self.lastIndexOf('a') == 0", "")  # searched from offset -1
    assert str(caught.value) == "index out of range: -1"
