"""The type of a plain (unquoted) YAML scalar as kubectl sees it.

kubectl, and the API server for YAML bodies, turn YAML into JSON with sigs.k8s.io/yaml, whose
resolver is go-yaml v2's (YAML 1.1 with its own choices), not PyYAML's:

- `y`, `Y`, `n`, `N` are booleans too (besides yes/no/on/off/true/false in three casings);
- integers are Go's ``strconv.ParseInt(text without "_", 0, 64)``: `0x1F`, `0o17`, `017`,
  `0b101`, prefixes in either case; a positive one up to 2^64 - 1 still fits (``ParseUint``);
- floats need no dot or exponent sign (`1e3`, `-.5`, `1.`; an integer out of range or with a
  leading zero, `09`, is a float); one past float64's range (`1e400`) is a string;
- sexagesimal numbers (`1:30`) are strings, as are timestamps (go-yaml keeps them as text when
  decoding into an untyped value).
"""

from __future__ import annotations

import math
import re
from typing import Final

__all__ = ["BOOLS", "go_float", "go_int", "tag_of"]

_PREFIX: Final = "tag:yaml.org,2002:"
STR: Final = _PREFIX + "str"
INT: Final = _PREFIX + "int"
FLOAT: Final = _PREFIX + "float"
BOOL: Final = _PREFIX + "bool"
NULL: Final = _PREFIX + "null"
MERGE: Final = _PREFIX + "merge"

BOOLS: Final = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE"), True),
    **dict.fromkeys(("on", "On", "ON"), True),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "false", "False", "FALSE"), False),
    **dict.fromkeys(("off", "Off", "OFF"), False),
}
_NULLS: Final = frozenset(("", "~", "null", "Null", "NULL"))
_SPECIAL_FLOATS: Final = {
    **dict.fromkeys((".nan", ".NaN", ".NAN"), float("nan")),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), float("inf")),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), float("-inf")),
}
# strconv.ParseInt's syntax with base 0 (a sign, then a prefixed or a plain number)
_INT: Final = re.compile(r"([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)")
_DOT_FLOAT: Final = re.compile(r"\.[0-9]+(?:[eE][-+]?[0-9]+)?")  # ParseFloat after a "."
_YAML_STYLE_FLOAT: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_BASES: Final = {"x": 16, "o": 8, "b": 2}


def tag_of(text: str) -> str:
    """go-yaml v2's ``resolve`` for a plain scalar: the tag of the value it decodes to."""
    if text in _NULLS:
        return NULL
    if text in BOOLS:
        return BOOL
    if text in _SPECIAL_FLOATS:
        return FLOAT
    if text == "<<":
        return MERGE
    first = text[0]
    if first == ".":
        return FLOAT if _DOT_FLOAT.fullmatch(text) and _in_range(text) else STR
    if first in "+-0123456789":
        if go_int(text) is not None:
            return INT
        plain = text.replace("_", "")
        if _YAML_STYLE_FLOAT.fullmatch(plain) and _in_range(plain):
            return FLOAT
    return STR


def _in_range(text: str) -> bool:
    """Whether ParseFloat takes the float text without a range error: one past float64's
    largest (`1e400`) is refused, and go-yaml then keeps the scalar as a string."""
    return not math.isinf(float(text))


def go_int(text: str) -> int | None:
    """The integer go-yaml decodes `text` to (None: not one it takes as an integer)."""
    match = _INT.fullmatch(text.replace("_", ""))
    if match is None:
        return None
    sign, digits = match.groups()
    if len(digits) > 1 and digits[0] == "0":
        base = _BASES.get(digits[1].lower())
        value = int(digits, 8) if base is None else int(digits[2:], base)  # 017: octal
    else:
        value = int(digits)
    value = -value if sign == "-" else value
    if -(2**63) <= value < 2**63:
        return value
    if not sign and value < 2**64:  # ParseUint, which takes no sign
        return value
    return None


def go_float(text: str) -> float | None:
    """The float go-yaml decodes `text` to (None: not one it takes as a float)."""
    special = _SPECIAL_FLOATS.get(text)
    if special is not None:
        return special
    if text.startswith("."):
        return float(text) if _DOT_FLOAT.fullmatch(text) and _in_range(text) else None
    plain = text.replace("_", "")
    return float(plain) if _YAML_STYLE_FLOAT.fullmatch(plain) and _in_range(plain) else None


def float_value(text: str) -> float:
    """The float go-yaml decodes `text` to under !!float (an integer text included); `text`
    must be one (see `tagged_kind`)."""
    value = go_float(text)
    if value is None:
        integer = go_int(text)
        assert integer is not None, text
        value = float(integer)
    return value


TIMESTAMP: Final = _PREFIX + "timestamp"
BINARY: Final = _PREFIX + "binary"
# The time.Parse layouts go-yaml v2 tries (parseTimestamp), as one pattern: a date alone, or
# with a time after `T`/`t` and a zone (Z or +hh:mm), or after one space and no zone.
_TIMESTAMP: Final = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?(?:Z|[-+][0-9]{2}:[0-9]{2})"
    r"| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?)?"
)


class TagError(ValueError):
    """A scalar its explicit tag cannot have, in go-yaml's words."""


def short_tag(tag: str) -> str:
    return f"!!{tag.removeprefix(_PREFIX)}" if tag.startswith(_PREFIX) else tag


def tagged_kind(tag: str, text: str) -> str:
    """The tag go-yaml v2 decodes a scalar under when `tag` is explicit (`resolve`): the tag
    itself when the text is one of its values; !!float for an integer text under !!float;
    raises TagError otherwise. !!str and !!binary take any text."""
    if tag in (STR, BINARY):
        return tag
    found = tag_of(text) if text else NULL
    if tag == TIMESTAMP and _TIMESTAMP.fullmatch(text):
        return TIMESTAMP
    if found == tag or (tag == FLOAT and found == INT):
        return tag
    raise TagError(f"cannot decode {short_tag(found)} `{text}` as a {short_tag(tag)}")


def float_key(value: float) -> str:
    """A float mapping key as sigs.k8s.io/yaml writes it into JSON: go-yaml's
    `strconv.FormatFloat(key, 'g', -1, 32)`, the shortest text of the float32 nearest it."""
    import math
    import struct

    try:
        single = struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        single = math.copysign(math.inf, value)
    if math.isnan(single):
        return ".nan"
    if math.isinf(single):
        return ".inf" if single > 0 else "-.inf"
    if single == 0:
        return "-0" if math.copysign(1.0, single) < 0 else "0"
    for digits in range(1, 10):  # the shortest that reads back as the same float32
        text = f"{single:.{digits - 1}e}"
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == single:
            break
    mantissa, exponent_text = text.split("e")
    exponent = int(exponent_text)
    sign = "-" if mantissa.startswith("-") else ""
    figures = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    if exponent < -4 or exponent >= 6:  # %e for the shortest form, as strconv decides
        head = figures[0] + (f".{figures[1:]}" if len(figures) > 1 else "")
        return f"{sign}{head}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    if exponent < 0:
        return f"{sign}0.{'0' * (-exponent - 1)}{figures}"
    whole = figures[: exponent + 1].ljust(exponent + 1, "0")
    rest = figures[exponent + 1 :]
    return f"{sign}{whole}.{rest}" if rest else f"{sign}{whole}"
