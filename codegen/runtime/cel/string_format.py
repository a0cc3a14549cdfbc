"""`string.format` as cel-go's strings library (version 2, the legacy formatter of
ext/formatting.go) formats, for the clauses the engine gets wrong.

- `%e`: cel-go formats with golang.org/x/text's message printer (locale en_US), which writes
  the exponent the CLDR way: `'%e'.format([3.14])` is `3.140000×10⁰⁰`, not `3.140000e+00`;
- `%f`: the same printer formats with the locale's decimal pattern, which groups thousands
  (`#,##0.###`): `'%.2f'.format([1234.5])` is `1,234.50`;
- `%s`: a double is `string(double)` (shortest digits), durations and timestamps print as
  `string()` does in Go; inside a list or map (formatList / formatMap) strings and bytes are
  quoted (`%q`), doubles are `%.6f`, durations and timestamps `duration("1.5s")`.

The checked AST routes `format` calls whose literal format string has such a clause here (see
`overrides.specialize`); every other `format` call stays with the engine.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal
from typing import Any

from cel_expr_python import cel

from codegen.runtime.errors import go_quote

from . import go_parse
from .library import LibraryError

_CLAUSE = re.compile(r"%(?:\.(\d+))?([a-zA-Z%])|%")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
ROUTED = re.compile(r"%(?:\.\d+)?[efs]")  # the clauses routed here


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
        return special or f"{value:,.{6 if precision is None else precision}f}"
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
    """FormatString: what `%s` prints for a value."""
    if arg is None:
        return "null"
    if isinstance(arg, bool):
        return "true" if arg else "false"
    if isinstance(arg, str):
        return arg
    if isinstance(arg, bytes | bytearray):
        try:
            return arg.decode("utf-8")
        except UnicodeDecodeError:
            raise LibraryError(
                "error during formatting: invalid UTF-8 in bytes, cannot convert to string"
            ) from None
    if isinstance(arg, int):
        return str(arg)
    if isinstance(arg, float):
        return _go_float(arg)
    if isinstance(arg, datetime.timedelta):
        # the engine hands durations over with microsecond precision
        micros = (arg.days * 86400 + arg.seconds) * 1_000_000 + arg.microseconds
        return go_parse.go_duration_text(micros * 1000)
    if isinstance(arg, datetime.datetime):
        aware = arg if arg.tzinfo else arg.replace(tzinfo=datetime.UTC)
        text = aware.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
        return go_parse.go_timestamp_text(text + "Z")
    if isinstance(arg, cel.Type):
        return _type_name(arg.name())
    if isinstance(arg, list):
        return "[" + ", ".join(_member(v) for v in arg) + "]"
    if isinstance(arg, dict):
        return _format_map(arg)
    raise LibraryError(
        f"error during formatting: string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given {type(arg).__name__}"
    )


_TYPE_NAMES = {
    "DURATION": "google.protobuf.Duration",
    "TIMESTAMP": "google.protobuf.Timestamp",
    "NULL": "null_type",
}


def _type_name(engine_name: str) -> str:
    """cel-go's name of a type value ("list", not the engine's "LIST<DYN>")."""
    base = engine_name.split("<")[0]
    if base in _TYPE_NAMES:
        return _TYPE_NAMES[base]
    return base.lower() if base.isupper() else base


def _member(value: Any) -> str:
    """formatList's clauseForType + quoteForCEL: a list or map member as a CEL literal."""
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, bytes | bytearray):
        return "b" + go_quote(_as_string(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return go_quote(_go_float(value))  # Go's %.6f: NaN, +Inf, -Inf
        return f"{value:.6f}"
    if isinstance(value, datetime.timedelta):
        return f"duration({go_quote(_as_string(value))})"
    if isinstance(value, datetime.datetime):
        return f"timestamp({go_quote(_as_string(value))})"
    return _as_string(value)


def _format_map(arg: dict[Any, Any]) -> str:
    """formatMap: `{key:value, ...}` sorted by the printed key."""
    pairs = []
    for key, value in arg.items():
        if not isinstance(key, str | bool | int):
            raise LibraryError(
                "error during formatting: no formatting function for map key of type "
                + type(key).__name__
            )
        pairs.append((_member(key), _member(value)))
    return "{" + ", ".join(f"{k}:{v}" for k, v in sorted(pairs, key=lambda p: p[0])) + "}"


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
