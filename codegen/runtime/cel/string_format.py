"""`string.format` as cel-go's strings library (version 2, the legacy formatter of
ext/formatting.go) formats; every `format` call is routed here (`overrides.specialize`), and
its static validator (`stringFormatValidator`) checks literal calls at compile time
(`static_checks.format_errors`), with the same clause parser and type rules.

- the clauses take the types cel-go's take: `%d` ints, `%f`/`%e` doubles (and the strings
  "NaN", "Infinity", "-Infinity"), `%b` ints and bools, `%x` ints, strings and bytes, `%o`
  ints; anything else fails with cel-go's text (`error during formatting: ...`);
- `%e`: cel-go formats with golang.org/x/text's message printer (locale en_US), which writes
  the exponent the CLDR way: `'%e'.format([3.14])` is `3.140000×10⁰⁰`, not `3.140000e+00`;
- `%f`: the same printer formats with the locale's decimal pattern, which groups thousands
  (`#,##0.###`): `'%.2f'.format([1234.5])` is `1,234.50`;
- `%s`: a double is `string(double)` (shortest digits), durations and timestamps print as
  `string()` does in Go; inside a list or map (formatList / formatMap) strings and bytes are
  quoted (`%q`), doubles are `%.6f`, durations and timestamps `duration("1.5s")`.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Any

from cel_expr_python import cel

from codegen.runtime.errors import go_quote

from . import go_parse
from .library import LibraryError

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SPECIAL_DOUBLES = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
DEFAULT_PRECISION = 6


class ClauseError(Exception):
    """A clause given a value of the wrong type: `formatError` (the text without its wrapping)."""


def parse_clause(text: str) -> tuple[int, str, int | None]:
    """parseFormattingClause on `text` (after the `%`): (characters read, verb, precision).
    Raises LibraryError with the wrapped text cel-go's runtime and validator print."""
    i, precision = 0, None
    if text[:1] == ".":
        i = 1
        while True:
            if i >= len(text):
                raise _unparsable(
                    "error while parsing precision: could not find end of precision specifier"
                )
            if not ("0" <= text[i] <= "9"):
                break
            i += 1
        if i == 1:
            raise _unparsable(
                "error while parsing precision: error while converting precision to integer: "
                'strconv.Atoi: parsing "": invalid syntax'
            )
        precision = int(text[1:i])
    verb = text[i]
    if verb not in "sdfebxXo":
        raise _unparsable(f'unrecognized formatting clause "{verb}"')
    return i + 1, verb, precision


def _unparsable(reason: str) -> LibraryError:
    return LibraryError(f"could not parse formatting clause: {reason}")


def walk_template(template: str, size: int, clause: Any) -> str:
    """parseFormatString: `clause(index, verb, precision)` for each clause, with its checks
    in cel-go's order (the argument fetched first, then the end of the string)."""
    out: list[str] = []
    i = index = 0
    while i < len(template):
        if template[i] != "%":
            out.append(template[i])
            i += 1
            continue
        if template[i + 1 : i + 2] == "%":
            out.append("%")
            i += 2
            continue
        if index >= size:
            raise LibraryError(f"index {index} out of range")
        if i + 1 >= len(template):
            raise LibraryError("unexpected end of string")
        read, verb, precision = parse_clause(template[i + 1 :])
        try:
            out.append(clause(index, verb, precision))
        except ClauseError as exc:
            raise LibraryError(f"error during formatting: {exc}") from None
        i += 1 + read
        index += 1
    return "".join(out)


def format_string(template: str, args: list[Any]) -> str:
    """`template.format(args)` as the legacy formatter (strings library version 2) prints it."""
    return walk_template(
        template, len(args), lambda index, verb, precision: _clause(verb, precision, args[index])
    )


# The types each clause takes (cel-go's stringFormatter and stringFormatChecker), and its text
# for any other: `<text>, was given <type name>`.
CLAUSE_TYPES = {
    "d": (("int", "uint"), "decimal clause can only be used on integers"),
    "f": (("double", "string"), "fixed-point clause can only be used on doubles"),
    "e": (("double", "string"), "scientific clause can only be used on doubles"),
    "b": (("int", "uint", "bool"), "only integers and bools can be formatted as binary"),
    "x": (
        ("int", "uint", "string", "bytes"),
        "only integers, byte buffers, and strings can be formatted as hex",
    ),
    "o": (("int", "uint"), "octal clause can only be used on integers"),
}
CLAUSE_TYPES["X"] = CLAUSE_TYPES["x"]
STRING_CLAUSE = (
    "string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, "
    "types, durations, and timestamps"
)


def _refused(verb: str, arg: Any) -> ClauseError:
    return ClauseError(f"{CLAUSE_TYPES[verb][1]}, was given {value_type_name(arg)}")


def _clause(verb: str, precision: int | None, arg: Any) -> str:
    if verb == "s":
        return _as_string(arg)
    kind = value_type_name(arg)
    if verb in "fe":
        if kind == "double":
            value = float(arg)
        elif kind == "string" and arg in _SPECIAL_DOUBLES:
            value = _SPECIAL_DOUBLES[arg]
        else:
            raise _refused(verb, arg)
        places = DEFAULT_PRECISION if precision is None else precision
        if verb == "e":
            return _scientific(value, places)
        return _special(value) or f"{value:,.{places}f}"
    if kind not in CLAUSE_TYPES[verb][0]:
        raise _refused(verb, arg)
    if verb == "d":
        return str(arg)
    if verb == "b" and kind == "bool":
        return "1" if arg else "0"
    if verb in "xX" and kind in ("string", "bytes"):
        raw = arg.encode() if isinstance(arg, str) else bytes(arg)
        return raw.hex().upper() if verb == "X" else raw.hex()
    return ("-" if arg < 0 else "") + format(abs(arg), verb)  # Python's b, o, x, X are Go's


def value_type_name(arg: Any) -> str:
    """cel-go's TypeName() of a runtime value (the engine hands ints and uints over alike)."""
    if arg is None:
        return "null_type"
    if isinstance(arg, bool):
        return "bool"
    if isinstance(arg, int):
        return "int"
    if isinstance(arg, float):
        return "double"
    if isinstance(arg, str):
        return "string"
    if isinstance(arg, bytes | bytearray):
        return "bytes"
    if isinstance(arg, list):
        return "list"
    if isinstance(arg, dict):
        return "map"
    if isinstance(arg, datetime.timedelta):
        return "google.protobuf.Duration"
    if isinstance(arg, datetime.datetime):
        return "google.protobuf.Timestamp"
    if isinstance(arg, cel.Type):
        return "type"
    return type(arg).__name__


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
        f"error during formatting: {STRING_CLAUSE}, was given {value_type_name(arg)}"
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
