"""Go's text <-> value conversions that cel-go's `int()`, `uint()`, `double()`, `bool()`,
`timestamp()` and `string()` use, where the engine (absl) parses or prints differently.

cel-go common/types/string.go `String.ConvertToType` is `strconv.ParseInt(s, 10, 64)`,
`ParseUint(s, 10, 64)`, `ParseFloat(s, 64)`, `ParseBool(s)` and `time.Parse(time.RFC3339, s)`,
failing unless `err == nil`; duration.go prints `FormatFloat(d.Seconds(), 'f', -1, 64) + "s"`
and timestamp.go `t.Format(time.RFC3339Nano)`. The parsers return None for an error.
"""

from __future__ import annotations

import calendar
import math
import re
from decimal import Decimal

_INT64_MIN, INT64_MAX, _UINT64_MAX = -(1 << 63), (1 << 63) - 1, (1 << 64) - 1
_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
# strconv.ParseFloat's syntax (readFloat): a hex mantissa needs a p exponent; underscores are
# checked separately (underscoreOK); special() takes inf/infinity (signed) and nan, any case.
_DEC_FLOAT = re.compile(r"[+-]?(?:[0-9_]+(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][+-]?[0-9][0-9_]*)?")
_HEX_FLOAT = re.compile(
    r"[+-]?0[xX](?:[0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?|\.[0-9a-fA-F_]+)[pP][+-]?[0-9][0-9_]*"
)
_SPECIAL = re.compile(r"(?i:([+-]?)(inf|infinity)|(nan))")
# Every RFC 3339 reading of time.Parse that the cel-go releases agree on: fixed-width fields,
# '.' fraction, 'T', 'Z' or a +hh:mm offset.
_STRICT_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})"
)
# Forms the releases disagree on (older: plain time.Parse; newer: a strict RFC 3339 gate
# first): lower-case t/z, second 60, ',' fraction, one-digit hour, offsets of 24h or 60min.
_DISPUTED_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?"
    r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_MIN_UNIX, _MAX_UNIX = -62135596800, 253402300799  # 0001-01-01 .. 9999-12-31T23:59:59Z


def parse_int(s: str) -> int | None:
    """strconv.ParseInt(s, 10, 64): an optional sign and ASCII digits, nothing else."""
    digits = s[1:] if s[:1] in ("+", "-") else s
    value = parse_uint(digits)
    if value is None:
        return None
    value = -value if s[:1] == "-" else value
    return value if _INT64_MIN <= value <= INT64_MAX else None


def parse_uint(s: str) -> int | None:
    """strconv.ParseUint(s, 10, 64): ASCII digits only (no sign, space or underscore)."""
    if not s or not (s.isascii() and s.isdigit()):
        return None
    value = int(s)
    return value if value <= _UINT64_MAX else None


def parse_bool(s: str) -> bool | None:
    return True if s in _TRUE else False if s in _FALSE else None


def parse_float(s: str) -> float | None:
    """strconv.ParseFloat(s, 64); out of range (ErrRange, +-Inf) is an error too."""
    special = _SPECIAL.fullmatch(s)
    if special is not None:
        if special.group(3):
            return math.nan
        return -math.inf if special.group(1) == "-" else math.inf
    hexa = _HEX_FLOAT.fullmatch(s) is not None
    if not hexa and _DEC_FLOAT.fullmatch(s) is None:
        return None
    if not _underscores_ok(s):
        return None
    text = s.replace("_", "")
    try:
        value = float.fromhex(text) if hexa else float(text)
    except (OverflowError, ValueError):
        return None
    return None if math.isinf(value) else value


def _underscores_ok(s: str) -> bool:
    """strconv.underscoreOK: '_' only between digits, or between a base prefix and a digit."""
    if s[:1] in ("+", "-"):
        s = s[1:]
    saw, i, hexa = "^", 0, False
    if len(s) >= 2 and s[0] == "0" and s[1] in "bBoOxX":
        saw, i, hexa = "0", 2, s[1] in "xX"
    for ch in s[i:]:
        if ch.isdigit() or (hexa and ch.lower() in "abcdef"):
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def parse_rfc3339(s: str) -> tuple[int, int] | str | None:
    """time.Parse(time.RFC3339, s) as (unix seconds, nanos); "disputed" for the forms whose
    verdict depends on the cel-go release (left to the engine); None when it fails (a value
    outside years 1..9999 fails too: cel-go's "timestamp overflow")."""
    match = _STRICT_TIME.fullmatch(s)
    if match is None:
        return "disputed" if _DISPUTED_TIME.fullmatch(s) else None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    zone = match.group(8)
    off_h, off_m = (0, 0) if zone == "Z" else (int(zone[1:3]), int(zone[4:6]))
    if hour > 23 or minute > 59 or off_h > 24 or off_m > 60:
        return None
    if off_h > 23 or off_m > 59:
        return "disputed"  # time.Parse's offset check is hh <= 24, mm <= 60; the gate's 23, 59
    if second > 59:
        return "disputed" if second == 60 else None
    if not 1 <= month <= 12 or not 1 <= day <= _days_in(year, month):
        return None
    if year == 0:
        return None  # time.Parse reads year 0; cel-go refuses it as out of range
    offset = (off_h * 60 + off_m) * 60 * (-1 if zone[0] == "-" else 1)
    unix = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)) - offset
    if not _MIN_UNIX <= unix <= _MAX_UNIX:
        return None
    fraction = match.group(7) or ""
    return unix, int((fraction + "000000000")[:9])


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return (31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def go_duration_text(nanos: int) -> str:
    """strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s" (Seconds() is a float64 sum)."""
    whole = abs(nanos) // 1_000_000_000 * (-1 if nanos < 0 else 1)
    seconds = float(whole) + float(nanos - whole * 1_000_000_000) / 1e9
    return format_shortest_fixed(seconds) + "s"


def format_shortest_fixed(value: float) -> str:
    """strconv.FormatFloat(value, 'f', -1, 64): the shortest round-trip digits, no exponent."""
    if value == 0:
        return "0"
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def duration_nanos(engine_text: str) -> int:
    """Nanoseconds of the engine's protobuf-JSON duration text ("-1.500s")."""
    return int(Decimal(engine_text.removesuffix("s")).scaleb(9))


def go_timestamp_text(engine_text: str) -> str:
    """t.Format(time.RFC3339Nano) from the engine's UTC text: the fraction loses its trailing
    zeros ("...00.500Z" -> "...00.5Z")."""
    head, dot, fraction = engine_text.removesuffix("Z").partition(".")
    fraction = fraction.rstrip("0")
    return f"{head}.{fraction}Z" if dot and fraction else f"{head}Z"
