"""Scalars as the server decodes them, and Go RE2 patterns."""

from __future__ import annotations

import re

import pytest

from codegen.runtime.regex import RegexError, compile_go_regex, go_regex_error, search
from codegen.runtime.scalars import accepts_integer, json_type, normalize_integer
from codegen.runtime.validation import SchemaValidator, validate_schema

INT = {"type": "object", "properties": {"n": {"type": "integer"}}}


@pytest.mark.parametrize("value", [1, 1.0, 1e3, -7.0, 2**53 - 1])
def test_integer_accepts_whole_numbers(value: object) -> None:
    assert validate_schema(INT, {"n": value}) == []


@pytest.mark.parametrize(
    ("value", "got"), [(1.5, "number"), ("1", "string"), (True, "boolean"), (None, "null")]
)
def test_integer_rejects_everything_else(value: object, got: str) -> None:
    errors = [str(e) for e in validate_schema(INT, {"n": value})]
    assert f'n: Invalid value: "{got}": n in body must be of type integer: "{got}"' in errors


def test_number_accepts_ints_but_no_strings_or_bools() -> None:
    num = {"type": "object", "properties": {"x": {"type": "number"}}}
    assert validate_schema(num, {"x": 3}) == []
    assert validate_schema(num, {"x": "3"}) != []
    assert validate_schema(num, {"x": False}) != []
    assert json_type(True) == "boolean" and json_type(2**70) == "number"
    assert accepts_integer(3.0) and not accepts_integer(True)


def test_whole_floats_normalised_in_the_returned_value() -> None:
    sv = SchemaValidator(INT, root=False)
    obj = {"n": 3.0}
    result = sv.validate(obj)
    assert result.value == {"n": 3} and type(result.value["n"]) is int
    assert type(obj["n"]) is float  # the caller's object is untouched
    assert normalize_integer(2.5) == 2.5


def test_int32_range_checked_from_1_36() -> None:
    schema = {"type": "object", "properties": {"i": {"type": "integer", "format": "int32"}}}
    errors = [str(e) for e in validate_schema(schema, {"i": 2**31})]
    assert errors == [
        '<nil>: Invalid value: "": Checked value must be of type integer with format int32 in i'
    ]
    assert validate_schema(schema, {"i": 2**31}, compatibility_version="1.35") == []


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("abc(?i)def", "abcDEF", True),  # inline flag mid-pattern: Python re rejects it
        (r"^\pL+$", "héllo", True),  # Unicode class without braces
        (r"^[[:alpha:]]+$", "abc", True),  # POSIX class
        ("b", "abc", True),  # unanchored
        ("^b", "abc", False),
        ("a$", "a\n", False),  # $ is end of text, not before a final newline
        ("^[$]x$", "$x", True),  # $ inside a class is a literal
        (r"\Qa.b\E", "a.b", True),
    ],
)
def test_go_re2_semantics(pattern: str, text: str, matches: bool) -> None:
    assert search(pattern, text) is matches


def test_python_re_rejects_what_re2_accepts() -> None:
    with pytest.raises(re.error):
        re.compile("abc(?i)def")
    assert go_regex_error("abc(?i)def") is None


def test_invalid_patterns_carry_go_error_text() -> None:
    assert go_regex_error("+") == (
        "error parsing regexp: missing argument to repetition operator: `+`"
    )
    assert go_regex_error("a**") == "error parsing regexp: invalid nested repetition operator: `**`"
    assert go_regex_error("(") == "error parsing regexp: missing closing ): `(`"
    with pytest.raises(RegexError):
        compile_go_regex(r"a\C")
    assert compile_go_regex("x+") is compile_go_regex("x+")  # cached


def test_invalid_pattern_in_schema_reports_like_the_server() -> None:
    schema = {"type": "object", "properties": {"f": {"type": "string", "pattern": "+"}}}
    (err,) = validate_schema(schema, {"f": "foo"})
    assert str(err) == (
        'f: Invalid value: "foo": f in body should match \'+, but pattern is invalid: '
        "error parsing regexp: missing argument to repetition operator: `+`'"
    )
