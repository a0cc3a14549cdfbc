"""The strfmt formats the server enforces, version gating, and resource.Quantity."""

from __future__ import annotations

import pytest

from codegen.runtime.formats import get_unrecognized_formats, supported_formats_at, validates
from codegen.runtime.quantity import ERR_FORMAT_WRONG, ERR_SUFFIX, Quantity, QuantityError
from codegen.runtime.validation import validate_schema


@pytest.mark.parametrize(
    ("fmt", "value", "valid"),
    [
        ("duration", "1h30m", True),
        ("duration", "1.5s", True),
        ("duration", "3 days", True),
        ("duration", "PT1H", False),  # ISO 8601 is not Go syntax
        ("date-time", "2014-12-15T08:00:00.000Z", True),
        ("date-time", "1972-12-31T24:40:00.000Z", False),
        ("date", "2000-02-29", True),
        ("date", "2100-02-29", False),
        ("byte", "aGVsbG8=", True),
        ("byte", "aGVsbG8", False),
        ("uri", "http://example.com/a?b", True),
        ("uri", "example.com", False),
        ("email", "a@b.example", True),
        ("email", "a@b@c", False),
        ("hostname", "www.example.org", True),
        ("hostname", "-www.example.org", False),
        ("ipv4", "192.168.1.01", True),
        ("ipv4", "1.2.3", False),
        ("ipv6", "::ffff:1.2.3.4", True),
        ("ipv6", "1.2.3.4", False),
        ("cidr", "10.0.0.0/8", True),
        ("cidr", "10.0.0.0/33", False),
        ("mac", "00:1a:2b:3c:4d:5e", True),
        ("mac", "00:1a:2b", False),
        ("uuid", "051FE46F-224A-544A-AF5E-C946D53D98B6", True),
        ("uuid4", "051fe46f-224a-544a-af5e-c946d53d98b6", False),
        ("k8s-short-name", "a-1", True),
        ("k8s-long-name", "a..b", False),
        ("bsonobjectid", "507f1f77bcf86cd799439011", True),
        ("not-a-format", "anything", False),
    ],
)
def test_validates(fmt: str, value: str, valid: bool) -> None:
    assert validates(fmt, value) is valid


def test_format_errors_and_unknown_formats_in_schemas() -> None:
    schema = {
        "type": "object",
        "properties": {
            "d": {"type": "string", "format": "duration"},
            "u": {"type": "string", "format": "my-custom-format"},
        },
    }
    assert validate_schema(schema, {"d": "1h", "u": "whatever"}) == []
    (err,) = validate_schema(schema, {"d": "P1D"})
    assert str(err) == 'd: Invalid value: "P1D": d in body must be of type duration: "P1D"'
    assert err.reason == "FieldValueTypeInvalid"


def test_k8s_name_formats_gated_by_version() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "string", "format": "k8s-short-name"}}}
    assert validate_schema(schema, {"n": "A_"}, compatibility_version="1.33") == []
    assert validate_schema(schema, {"n": "A_"}, compatibility_version="1.34") != []
    assert get_unrecognized_formats({"type": "string", "format": "k8s-short-name"}, "1.33") == [
        "k8s-short-name"
    ]
    assert "k8sshortname" in supported_formats_at("1.34")


def test_quantity_parse_and_canonical() -> None:
    assert str(Quantity.parse("1.5k")) == "1500"
    assert str(Quantity.parse("0.2G")) == "200M"
    assert str(Quantity.parse("12Mi")) == "12Mi"
    assert str(Quantity.parse("1e-12")) == "1e-9"  # rounded up to a nano
    assert Quantity.parse("200M") == Quantity.parse("0.2G")
    assert Quantity.parse("50M") < Quantity.parse("50Mi")
    assert Quantity.parse("50k").add(Quantity.parse("20")) == Quantity.parse("50.02k")
    assert Quantity.parse("50k").sub(Quantity.parse("100k")).as_integer() == -50000
    assert Quantity.parse("1Gi").as_integer() == 2**30
    assert Quantity.parse("100m").as_integer() is None
    assert not Quantity.parse("9999999999999999999999999999999999999G").is_integer()
    assert Quantity.parse("50.703k").as_approximate_float() == 50703.0
    assert Quantity.parse("-1Ki").sign == -1


@pytest.mark.parametrize(("text", "message"), [("10Mo", ERR_FORMAT_WRONG), ("10Mm", ERR_SUFFIX)])
def test_quantity_errors(text: str, message: str) -> None:
    with pytest.raises(QuantityError) as exc:
        Quantity.parse(text)
    assert str(exc.value) == message
