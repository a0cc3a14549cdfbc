"""Go-compatible parsing of the string formats CEL sees as timestamps and durations.

Durations are parsed by `codegen.runtime.formats` (Go's time.ParseDuration and kube-openapi's
strfmt.ParseDuration); `date-time` is RFC 3339 as the API server accepts it. Results are
protobuf well-known types because that is what the CEL engine accepts as timestamp/duration
values (nanosecond precision).
"""

from __future__ import annotations

import calendar
import re

from google.protobuf import duration_pb2, timestamp_pb2

_MIN_DURATION_NANOS, _MAX_DURATION_NANOS = -(1 << 63), (1 << 63) - 1  # Go's int64

_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})?"
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def duration_from_nanos(nanos: int) -> duration_pb2.Duration:
    """A duration value from nanoseconds (`codegen.runtime.formats` parses the text)."""
    if not _MIN_DURATION_NANOS <= nanos <= _MAX_DURATION_NANOS:
        raise ValueError(f"duration out of range: {nanos}ns")
    seconds, rest = divmod(abs(nanos), 1_000_000_000)
    sign = -1 if nanos < 0 else 1
    return duration_pb2.Duration(seconds=sign * seconds, nanos=sign * rest)


def _timestamp(seconds: int, nanos: int) -> timestamp_pb2.Timestamp:
    return timestamp_pb2.Timestamp(seconds=seconds, nanos=nanos)


def datetime_value(text: str) -> timestamp_pb2.Timestamp:
    """A timestamp from RFC 3339 date-time text (offset optional, as strfmt accepts)."""
    match = _DATETIME.fullmatch(text)
    if match is None:
        raise ValueError(f"invalid date-time {text!r}")
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    _check_calendar(year, month, day, hour, minute, second, text)
    frac = match.group(7) or ""
    nanos = int((frac + "000000000")[:9]) if frac else 0
    offset = 0
    zone = match.group(8)
    if zone and zone not in ("Z", "z"):
        digits = zone[1:].replace(":", "")
        offset = (int(digits[:2]) * 60 + int(digits[2:])) * 60
        offset = -offset if zone[0] == "-" else offset
    epoch = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)) - offset
    return _timestamp(epoch, nanos)


def date_value(text: str) -> timestamp_pb2.Timestamp:
    """Midnight UTC of an RFC 3339 full-date."""
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"invalid date {text!r}")
    year, month, day = (int(g) for g in match.groups())
    _check_calendar(year, month, day, 0, 0, 0, text)
    return _timestamp(calendar.timegm((year, month, day, 0, 0, 0, 0, 0, 0)), 0)


def _check_calendar(
    year: int, month: int, day: int, hour: int, minute: int, second: int, text: str
) -> None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"invalid date {text!r}")
    if hour > 23 or minute > 59 or second > 60:
        raise ValueError(f"invalid time {text!r}")


# kube-openapi strfmt.ParseDateTime tries these Go layouts in turn (RFC 3339 with and without
# fractions, the same without a colon in the offset, local times, minutes only, a space for the
# T). Go matches the literals exactly (an upper-case T and Z) and reads a fraction after the
# seconds in any layout that has them; `.000`/`.000000` layouts want exactly that many digits.
_STRFMT_DATETIME = (
    re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})"),
    re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})[.,](\d{3}|\d{6})(Z|[+-]\d{4})"),
    re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?()"),
    re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})()()(Z?)"),
)


def strfmt_datetime_value(text: str) -> timestamp_pb2.Timestamp:
    """The timestamp CEL sees for a `format: date-time` string (strfmt.ParseDateTime; the empty
    string is the Unix epoch)."""
    if text == "":
        return _timestamp(0, 0)
    for layout in _STRFMT_DATETIME:
        match = layout.fullmatch(text)
        if match is not None:
            break
    else:
        raise ValueError(f"invalid date-time {text!r}")
    year, month, day, hour, minute = (int(g) for g in match.groups()[:5])
    second = int(match.group(6) or 0)
    _check_calendar(year, month, day, hour, minute, second, text)
    if second > 59:  # Go's time.Parse has no leap second
        raise ValueError(f"invalid time {text!r}")
    frac = match.group(7) or ""
    nanos = int((frac + "000000000")[:9]) if frac else 0
    zone = match.group(8)
    offset = 0
    if zone and zone != "Z":
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 24 or minutes > 59:
            raise ValueError(f"invalid time zone {text!r}")
        offset = (hours * 60 + minutes) * 60
        offset = -offset if zone[0] == "-" else offset
    epoch = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)) - offset
    return _timestamp(epoch, nanos)
