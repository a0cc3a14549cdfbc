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


# --------------------------------------------------------------------------- time.Parse errors

# The layouts whose errors the API server shows for a value CEL cannot convert: `format: date`
# is time.Parse("2006-01-02"), and strfmt.ParseDateTime returns the error of the last layout it
# tries, "2006-01-02 15:04:05". Each is (literal prefix, std element) chunks, as Go's
# nextStdChunk splits them.
DATE_LAYOUT = "2006-01-02"
SORTABLE_DATETIME_LAYOUT = "2006-01-02 15:04:05"
RFC3339_LAYOUT = "2006-01-02T15:04:05Z07:00"  # metav1.Time's time.Parse(time.RFC3339)
_CHUNKS = {
    DATE_LAYOUT: (("", "2006"), ("-", "01"), ("-", "02")),
    SORTABLE_DATETIME_LAYOUT: (
        ("", "2006"),
        ("-", "01"),
        ("-", "02"),
        (" ", "15"),
        (":", "04"),
        (":", "05"),
    ),
    RFC3339_LAYOUT: (
        ("", "2006"),
        ("-", "01"),
        ("-", "02"),
        ("T", "15"),
        (":", "04"),
        (":", "05"),
        ("", "Z07:00"),
    ),
}


def go_time_quote(text: str) -> str:
    """The time package's `quote`: non-ASCII and control bytes as \\xNN, '"' and '\\' escaped."""
    out = ['"']
    for ch in text:
        if ch >= "\x80" or ch < " ":
            out.extend(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogateescape"))
        else:
            out.append("\\" + ch if ch in '"\\' else ch)
    out.append('"')
    return "".join(out)


def _getnum(value: str, fixed: bool) -> tuple[int, str] | None:
    if not value[:1].isdigit() or not value[:1].isascii():
        return None
    if not (len(value) > 1 and "0" <= value[1] <= "9"):
        return None if fixed else (int(value[0]), value[1:])
    return int(value[:2]), value[2:]


def _skip(value: str, prefix: str) -> tuple[str, bool]:
    while prefix:
        if prefix[0] == " ":
            if value and value[0] != " ":
                return value, False
            prefix, value = prefix.lstrip(" "), value.lstrip(" ")
            continue
        if not value or value[0] != prefix[0]:
            return value, False
        prefix, value = prefix[1:], value[1:]
    return value, True


def go_parse_error(layout: str, text: str) -> str | None:
    """The error of Go's time.Parse(layout, text) for the layouts above (None: it parses)."""

    def cannot(value: str, element: str) -> str:
        return (
            f"parsing time {go_time_quote(text)} as {go_time_quote(layout)}: "
            f"cannot parse {go_time_quote(value)} as {go_time_quote(element)}"
        )

    def message(detail: str) -> str:
        return f"parsing time {go_time_quote(text)}{detail}"

    value = text
    year = month = day = -1
    for prefix, element in _CHUNKS[layout]:
        value, ok = _skip(value, prefix)
        if not ok:
            return cannot(value, prefix)
        hold = value
        range_error = ""
        if element == "2006":
            if len(value) < 4 or not ("0" <= value[0] <= "9"):
                return cannot(hold, element)
            digits, value = value[:4], value[4:]
            if not (digits.isascii() and digits.isdigit()):
                return cannot(hold, element)
            year = int(digits)
            continue
        if element == "Z07:00":
            zone = _zone_error(value)
            if zone is None:
                return cannot(hold, element)
            value, range_error = zone
            if range_error:
                return message(f": {range_error} out of range")
            continue
        got = _getnum(value, element != "15")
        if got is None:
            return cannot(hold, element)
        number, value = got
        if element == "01":
            month = number
            if not 1 <= number <= 12:
                range_error = "month"
        elif element == "02":
            day = number
        elif element == "15":
            range_error = "" if number < 24 else "hour"
        elif element == "04":
            range_error = "" if number < 60 else "minute"
        elif element == "05":
            if number >= 60:
                range_error = "second"
            elif len(value) >= 2 and value[0] in ".," and "0" <= value[1] <= "9":
                n = 2
                while n < len(value) and "0" <= value[n] <= "9":
                    n += 1
                value = value[n:]  # a fraction the layout does not spell is still read
        if range_error:
            return message(f": {range_error} out of range")
    if value:
        return message(f": extra text: {go_time_quote(value)}")
    if not 1 <= day <= _days_in(month, year):
        return message(": day out of range")
    return None


def _zone_error(value: str) -> tuple[str, str] | None:
    """Go's `Z07:00` element: (what follows it, its range error), None when it does not read.
    Offsets of 24 hours or 60 minutes are read: "some people do write" them."""
    if value[:1] == "Z":
        return value[1:], ""
    if len(value) < 6 or value[3] != ":" or value[0] not in "+-":
        return None
    hours, minutes = _getnum(value[1:3], True), _getnum(value[4:6], True)
    if hours is None or minutes is None:
        return None
    if hours[0] > 24:
        return value[6:], "time zone offset hour"
    return value[6:], "time zone offset minute" if minutes[0] > 60 else ""


# A text time.Parse(time.RFC3339) reads (`go_parse_error` says which): the hour may have one digit,
# the fraction a comma.
_GO_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|([+-])(\d{2}):(\d{2}))",
    re.ASCII,
)


def go_rfc3339(text: str) -> tuple[int, int] | None:
    """time.Parse(time.RFC3339, text) as (Unix seconds, nanoseconds); None when it fails."""
    if go_parse_error(RFC3339_LAYOUT, text) is not None:
        return None
    match = _GO_RFC3339.fullmatch(text)
    if match is None:  # pragma: no cover - go_parse_error accepted a form this does not spell
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    offset = 0
    if match.group(8) != "Z":
        offset = (int(match.group(10)) * 60 + int(match.group(11))) * 60
        offset = -offset if match.group(9) == "-" else offset
    nanos = int(((match.group(7) or "") + "000000000")[:9])
    # Python's calendar starts at year 1, Go's at 0: year 0 is read 400 years (one Gregorian
    # cycle of 146097 days) later.
    cycle = 400 if year == 0 else 0
    unix = calendar.timegm((year + cycle, month, day, hour, minute, second, 0, 0, 0))
    return unix - cycle * 146097 * 86400 // 400 - offset, nanos


def _days_in(month: int, year: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month] if 1 <= month <= 12 else 31
