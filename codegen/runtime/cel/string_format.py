"""`string.format` as cel-go's strings library formats, for the clauses the engine gets wrong.

cel-go formats `%e` with golang.org/x/text's message printer (locale en_US), which writes the
exponent the CLDR way: `'%e'.format([3.14])` is `3.140000×10⁰⁰`, not `3.140000e+00`. The
checked AST routes `format` calls whose literal format string has an `%e` clause here (see
`overrides.specialize`); every other `format` call stays with the engine.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal
from typing import Any

from .library import LibraryError

_CLAUSE = re.compile(r"%(?:\.(\d+))?([a-zA-Z%])|%")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
SCIENTIFIC = re.compile(r"%(?:\.\d+)?e")


def format_string(template: str, args: list[Any]) -> str:
    out: list[str] = []
    pos = 0
    index = 0
    for match in _CLAUSE.finditer(template):
        out.append(template[pos : match.start()])
        pos = match.end()
        verb = match.group(2)
        if verb is None:
            raise LibraryError(
                'could not parse formatting clause: unrecognized formatting clause "%"'
            )
        if verb == "%":
            out.append("%")
            continue
        if index >= len(args):
            raise LibraryError(f"index {index} out of range")
        precision = int(match.group(1)) if match.group(1) is not None else None
        out.append(_clause(verb, precision, args[index]))
        index += 1
    out.append(template[pos:])
    return "".join(out)


def _clause(verb: str, precision: int | None, arg: Any) -> str:
    if verb == "s":
        return _as_string(arg)
    if verb == "e":
        return _scientific(_number(arg, "scientific"), 6 if precision is None else precision)
    if verb == "f":
        value = _number(arg, "fixed-point")
        special = _special(value)
        return special or f"{value:.{6 if precision is None else precision}f}"
    if verb == "d":
        return str(_integer(arg, "decimal"))
    if verb in "box":
        base = {"b": "b", "o": "o", "x": "x"}[verb]
        if verb == "x" and isinstance(arg, str | bytes):
            raw = arg.encode() if isinstance(arg, str) else arg
            return raw.hex()
        value = _integer(arg, "integer")
        return ("-" if value < 0 else "") + format(abs(value), base)
    if verb == "X":
        if isinstance(arg, str | bytes):
            raw = arg.encode() if isinstance(arg, str) else arg
            return raw.hex().upper()
        value = _integer(arg, "integer")
        return ("-" if value < 0 else "") + format(abs(value), "X")
    raise LibraryError(
        f'could not parse formatting clause: unrecognized formatting clause "{verb}"'
    )


def _number(arg: Any, what: str) -> float:
    if isinstance(arg, bool) or not isinstance(arg, int | float):
        raise LibraryError(f"error during formatting: {what} clause can only be used on numbers")
    return float(arg)


def _integer(arg: Any, what: str) -> int:
    if isinstance(arg, bool) or not isinstance(arg, int):
        raise LibraryError(f"error during formatting: {what} clause can only be used on integers")
    return arg


def _special(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return ""


def _scientific(value: float, precision: int) -> str:
    special = _special(value)
    if special:
        return special
    mantissa, _, exponent = f"{value:.{precision}e}".partition("e")
    exp = int(exponent)
    digits = f"{'-' if exp < 0 else ''}{abs(exp):02d}".translate(_SUPERSCRIPT)
    return f"{mantissa}×10{digits}"


def _as_string(arg: Any) -> str:
    if arg is None:
        return "null"
    if isinstance(arg, bool):
        return "true" if arg else "false"
    if isinstance(arg, str):
        return arg
    if isinstance(arg, bytes):
        return arg.decode("utf-8", errors="replace")
    if isinstance(arg, int):
        return str(arg)
    if isinstance(arg, float):
        return _go_float(arg)
    if isinstance(arg, datetime.timedelta):
        micros = (arg.days * 86400 + arg.seconds) * 1_000_000 + arg.microseconds
        return f"{Decimal(micros).scaleb(-6).normalize():f}s"
    if isinstance(arg, datetime.datetime):
        aware = arg if arg.tzinfo else arg.replace(tzinfo=datetime.UTC)
        text = aware.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f").rstrip("0")
        return text.rstrip(".") + "Z"
    if isinstance(arg, list):
        return "[" + ", ".join(_as_string(v) for v in arg) + "]"
    if isinstance(arg, dict):
        items = sorted((_as_string(k), _as_string(v)) for k, v in arg.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    raise LibraryError(
        f"error during formatting: string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given {type(arg).__name__}"
    )


def _go_float(value: float) -> str:
    """strconv.FormatFloat(value, 'g', -1, 64): shortest digits, an exponent from 1e6 or <1e-4."""
    special = _special(value)
    if special:
        return {"Infinity": "+Inf", "-Infinity": "-Inf"}.get(special, special)
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    exp = len(digits) + int(exponent) - 1
    prefix = "-" if sign else ""
    if exp < -4 or exp >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    return prefix + format(Decimal(repr(abs(value))).normalize(), "f")
