"""The texts of rule failures, as apiextensions-apiserver's validation.go builds them:
`ruleErrorString` (the message when set) after an evaluation error, `evalMessageExpression`
(TrimSpace, byte length, line feeds), `fieldErrorForReason` (Duplicate has no detail), and the
library's conversion errors."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from cel_expr_python import cel

from codegen.runtime.cel import CelValidator
from codegen.runtime.cel.environment import check_env
from codegen.runtime.cel.pool import new_pool
from codegen.runtime.cel.rules import EvaluationError, compile_expression

STR = {"type": "string"}


def failures(schema: dict[str, Any], obj: Any) -> list[str]:
    validator = CelValidator.compile(schema, root_is_resource=False)
    errors, _ = validator.validate(obj, path="spec.f")
    return [str(e) for e in errors]


def on_string(**rule: Any) -> dict[str, Any]:
    return {**STR, "x-kubernetes-validations": [rule]}


def evaluate(expr: str) -> Any:
    compiled = compile_expression(
        expr, check_env(new_pool(), cel.Type.DYN), optional_old_self=False
    )
    return compiled.evaluate({})


def test_an_evaluation_error_names_the_rules_message_when_set() -> None:
    schema = {
        "type": "object",
        "properties": {"a": STR, "b": STR},
        "x-kubernetes-validations": [
            {"rule": "self.a == self.b", "message": " a and b must match "}
        ],
    }
    assert failures(schema, {"a": "x"}) == [
        'spec.f: Invalid value: "object": no such key: b evaluating rule: a and b must match'
    ]
    del schema["x-kubernetes-validations"][0]["message"]
    schema["x-kubernetes-validations"][0]["rule"] = "  self.a == self.b\n"
    assert failures(schema, {"a": "x"}) == [
        'spec.f: Invalid value: "object": no such key: b evaluating rule: self.a == self.b'
    ]


def test_a_runtime_overload_error_gets_the_servers_explanation() -> None:
    schema = {
        "type": "object",
        "properties": {"v": {"x-kubernetes-int-or-string": True}},
        "x-kubernetes-validations": [{"rule": "self.v + 1 > 0", "message": "m"}],
    }
    assert failures(schema, {"v": "a"}) == [
        "spec.f: Invalid value: \"object\": 'no such overload': call arguments did not match a "
        "supported operator, function or macro signature for rule: m"
    ]


def test_the_message_is_trimmed() -> None:
    schema = on_string(rule="self != 'bad'", message="\t must not be bad ")
    assert failures(schema, "bad") == ['spec.f: Invalid value: "bad": must not be bad']


@pytest.mark.parametrize(
    ("expression", "wanted"),
    [
        ("'  got ' + self + '  '", "got bad"),  # strings.TrimSpace
        ("'a\\rb'", "a\rb"),  # only a line feed is a line break there
        ("'a\\nb'", "fallback"),
        ("' \\t '", "fallback"),
        ("'" + "\u00e9" * 2561 + "'", "fallback"),  # 5122 bytes > 5120, in 2561 characters
        ("'" + "\u00e9" * 2560 + "'", "\u00e9" * 2560),
    ],
    ids=["trimmed", "carriage-return", "line-feed", "blank", "too-long", "longest"],
)
def test_message_expression_results_as_the_server_shows_them(expression: str, wanted: str) -> None:
    schema = on_string(rule="self != 'bad'", message="fallback", messageExpression=expression)
    assert failures(schema, "bad") == [f"spec.f: Invalid value: {_go_quoted('bad')}: {wanted}"]


def _go_quoted(text: str) -> str:
    return '"' + text + '"'


def test_falling_back_from_a_message_expression_is_silent(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server logs why at klog V(2) only."""
    schema = on_string(rule="self != 'bad'", message="fallback", messageExpression="' '")
    with caplog.at_level(logging.INFO):
        assert failures(schema, "bad") == ['spec.f: Invalid value: "bad": fallback']
    assert caplog.records == []
    assert capsys.readouterr().err == ""


def test_a_duplicate_reason_has_no_detail() -> None:
    """fieldErrorForReason: field.Duplicate(fldPath, value)."""
    schema = on_string(rule="self != 'bad'", message="not shown", reason="FieldValueDuplicate")
    assert failures(schema, "bad") == ['spec.f: Duplicate value: "bad"']


def test_string_of_bytes_that_are_not_utf8() -> None:
    """cel-go Bytes.ConvertToType(StringType)."""
    schema = {
        "type": "string",
        "format": "byte",
        "x-kubernetes-validations": [{"rule": "string(self) != ''", "message": "empty"}],
    }
    assert failures(schema, "wyg=") == [
        'spec.f: Invalid value: "string": invalid UTF-8 in bytes, cannot convert to string '
        "evaluating rule: empty"
    ]


def test_cidr_refuses_ipv4_mapped_ipv6_prefixes() -> None:
    """library/cidr.go parseCIDR: `netip.Prefix.Addr().Is4In6()` is refused (as ip() does)."""
    assert evaluate("isCIDR('::ffff:10.0.0.0/104')") is False
    assert evaluate("isCIDR('fd00::/8')") is True
    with pytest.raises(EvaluationError) as info:
        evaluate("cidr('::ffff:10.0.0.0/104').prefixLength() > 0")
    assert str(info.value) == (
        "network address parse error during conversion from string: "
        'IPv4-mapped IPv6 address "::ffff:10.0.0.0/104" is not allowed'
    )
    with pytest.raises(EvaluationError):
        evaluate("cidr('10.0.0.0/8').containsCIDR('::ffff:10.0.0.0/104')")
