"""FieldError / InvalidResourceError render byte-for-byte like Go's field.Error and kubectl."""

from __future__ import annotations

import pickle

import pytest

from codegen.runtime.errors import (
    OMITTED,
    ErrorType,
    FieldError,
    InvalidResourceError,
    go_format_float,
    go_quote,
)


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        (-1, "-1"),
        (0.9, "0.9"),
        (1.0, "1"),
        (1e6, "1e+06"),
        (123456.0, "123456"),
        (1.5e-5, "1.5e-05"),
        (0.0001, "0.0001"),
        (True, "true"),
        ("x", '"x"'),
        ('a"b\\c\n', '"a\\"b\\\\c\\n"'),
        ("ünï", '"ünï"'),
        (None, '"null"'),
        ({"b": 1, "a": "x"}, 'map[string]interface {}{"a":"x", "b":1}'),
        (["a", 1, None], '[]interface {}{"a", 1, interface {}(nil)}'),
    ],
)
def test_values_render_like_go(value: object, rendered: str) -> None:
    err = FieldError(ErrorType.INVALID, "spec.x", "bad", value)
    assert str(err) == f"spec.x: Invalid value: {rendered}: bad"


def test_types_without_value_and_nil_path() -> None:
    assert str(FieldError(ErrorType.REQUIRED, "spec.a")) == "spec.a: Required value"
    assert (
        str(FieldError(ErrorType.TOO_LONG, "f", "may not be more than 2 bytes", "abc"))
        == "f: Too long: may not be more than 2 bytes"
    )
    assert str(FieldError(ErrorType.INVALID, None, "x", "")) == '<nil>: Invalid value: "": x'
    assert str(FieldError(ErrorType.INVALID, "f", "failed rule: x")) == (
        "f: Invalid value: failed rule: x"
    )
    assert FieldError(ErrorType.INVALID, "f").bad_value is OMITTED


def test_reasons_and_texts() -> None:
    assert ErrorType.TYPE_INVALID.reason == "FieldValueTypeInvalid"
    assert ErrorType.TYPE_INVALID.text == "Invalid value"
    assert ErrorType.NOT_SUPPORTED.text == "Unsupported value"
    assert ErrorType.from_name("TooMany") is ErrorType.TOO_MANY
    e = FieldError(ErrorType.DUPLICATE, "spec.l[1]", "", "a")
    assert e.reason == "FieldValueDuplicate"
    assert str(e) == 'spec.l[1]: Duplicate value: "a"'


def test_go_quote_and_floats() -> None:
    assert go_quote("\x01\t") == '"\\x01\\t"'
    assert go_format_float(2147483648.0) == "2.147483648e+09"
    assert go_format_float(10145709240540254000.0, "f") == "10145709240540254000"
    assert go_format_float(-0.0) == "-0"


def test_kubectl_rendering_single_and_many() -> None:
    one = FieldError(
        ErrorType.INVALID,
        "spec.replicas",
        "spec.replicas in body should be greater than or equal to 0",
        -1,
    )
    err = InvalidResourceError("ModelServing", "ai.example.com", "llama", [one])
    assert str(err) == (
        'ModelServing.ai.example.com "llama" is invalid: spec.replicas: Invalid value: -1: '
        "spec.replicas in body should be greater than or equal to 0"
    )
    two = FieldError(ErrorType.REQUIRED, "spec.image")
    err2 = InvalidResourceError("ModelServing", "ai.example.com", "llama", [one, two, one])
    assert str(err2).endswith(
        "is invalid: [spec.replicas: Invalid value: -1: spec.replicas in body should be greater "
        "than or equal to 0, spec.image: Required value]"
    )
    assert isinstance(err2, ValueError)
    assert err2.causes == (one, two, one)
    assert str(pickle.loads(pickle.dumps(err2))) == str(err2)
    assert str(InvalidResourceError("Foo", "", "x", [])) == 'Foo "x" is invalid'
