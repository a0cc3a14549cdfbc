"""What CEL sees for formatted strings: the API server converts them with kube-openapi's strfmt
(``UnstructuredToVal``), which is looser or stricter than the format check in places."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.runtime.cel import CelValidator
from codegen.runtime.formats import strfmt_duration

_HOUR = 3600 * 10**9


def _errors(fmt: str, rule: str, value: Any, old: Any = None) -> list[str]:
    schema = {
        "type": "object",
        "properties": {
            "v": {"type": "string", "format": fmt, "x-kubernetes-validations": [{"rule": rule}]}
        },
    }
    validator = CelValidator.compile(schema, root_is_resource=False)
    if old is None:
        errors, _ = validator.validate({"v": value}, path="spec")
    else:
        errors, _ = validator.validate({"v": value}, {"v": old}, path="spec")
    return [str(e) for e in errors]


@pytest.mark.parametrize(
    ("text", "hours"),
    [("1h30m", 1.5), ("2d", 48), ("1w", 168), ("3 days", 72), ("1 hour 30 min", 1.5)],
)
def test_durations_in_go_and_scala_syntax(text: str, hours: float) -> None:
    assert strfmt_duration(text) == int(hours * _HOUR)
    assert _errors("duration", f"self == duration('{int(hours * 60)}m')", text) == []


def test_a_duration_that_is_none_fails_the_rule_with_the_servers_text() -> None:
    assert strfmt_duration("soon") is None
    [error] = _errors("duration", "self > duration('1h')", "soon")
    assert "Invalid duration soon: unable to parse soon as duration evaluating rule" in error


def test_equal_durations_in_other_units_pass_a_transition_rule() -> None:
    assert _errors("duration", "self == oldSelf", "1d", old="24h") == []
    assert _errors("duration", "self == oldSelf", "25h", old="1d") != []


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-01T10:00:00Z",
        "2024-01-01T10:00:00.5+01:00",
        "2024-01-01T10:00:00.123+0100",  # milliseconds, offset without a colon
        "2024-01-01T10:00:00",  # local time
        "2024-01-01 10:00:00",  # a space for the T
        "2024-01-01T10:00Z",  # minutes only
        "2024-01-01T10:00",
    ],
)
def test_date_times_strfmt_reads(text: str) -> None:
    assert _errors("date-time", "self > timestamp('2023-01-01T00:00:00Z')", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-01t10:00:00z",  # Go matches T and Z as written
        "2024-01-01T10:00:00+0100",  # no colon: only with 3 or 6 fraction digits
        "2024-01-01T10:00:60Z",  # no leap second
        "2024-02-30T10:00:00Z",
    ],
)
def test_date_times_strfmt_refuses(text: str) -> None:
    """values.go: "Invalid date-time formatted string %s: %v" with the error of the last layout
    strfmt.ParseDateTime tries, "2006-01-02 15:04:05"."""
    [error] = _errors("date-time", "self > timestamp('2023-01-01T00:00:00Z')", text)
    rest = text[10:]
    assert (
        f'Invalid date-time formatted string {text}: parsing time "{text}" as '
        f'"2006-01-02 15:04:05": cannot parse "{rest}" as " " evaluating rule' in error
    )


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("2024-13-01", 'parsing time "2024-13-01": month out of range'),
        ("2024-02-30", 'parsing time "2024-02-30": day out of range'),
        ("2024-1-01", 'parsing time "2024-1-01" as "2006-01-02": cannot parse "1-01" as "01"'),
        ("2024-01-01x", 'parsing time "2024-01-01x": extra text: "x"'),
        ("24-01-01", 'parsing time "24-01-01" as "2006-01-02": cannot parse "24-01-01" as "2006"'),
    ],
)
def test_dates_time_parse_refuses_with_gos_error(text: str, wanted: str) -> None:
    [error] = _errors("date", "self > timestamp('2023-01-01T00:00:00Z')", text)
    assert f"Invalid date formatted string {text}: {wanted} evaluating rule" in error


def test_bytes_are_url_safe_base64() -> None:
    assert _errors("byte", "size(self) == 3", "ab-_") == []
    [error] = _errors("byte", "size(self) == 3", "ab+/")
    assert "Invalid byte formatted string ab+/: illegal base64 data at input byte 2" in error
    assert _errors("byte", "string(self) == 'hello'", "aGVs\nbG8=") == []  # line breaks skipped


def test_a_duration_literal_that_is_empty_is_a_compile_error_not_a_crash() -> None:
    """cel-go's duration() is time.ParseDuration, which refuses an empty string."""
    from codegen.runtime.cel import CelCompileError

    schema = {
        "type": "object",
        "x-kubernetes-validations": [{"rule": "duration('') > duration('1s')"}],
    }
    with pytest.raises(CelCompileError):
        CelValidator.compile(schema, root_is_resource=False)
