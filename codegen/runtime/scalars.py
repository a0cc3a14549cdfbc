"""JSON scalar semantics of the API server (Go's decoded ``interface{}`` values).

The server decodes JSON numbers into ``int64`` when they fit and ``float64`` otherwise, and never
coerces strings or booleans.  Python values map as: ``bool`` -> boolean, ``int`` inside the int64
range -> integer (``int64``), any other ``int`` or ``float`` -> number (``float64``).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping
from typing import Any, Final

from codegen.runtime.errors import go_format_float

__all__ = [
    "INT32_MAX",
    "INT32_MIN",
    "INT64_MAX",
    "INT64_MIN",
    "accepts_integer",
    "accepts_number",
    "go_format_of",
    "go_type",
    "go_v",
    "is_float64_json_integer",
    "is_int64",
    "json_type",
    "json_type_name",
    "normalize_integer",
    "sent_number",
    "value_in_range",
]

INT32_MIN: Final = -(1 << 31)
INT32_MAX: Final = (1 << 31) - 1
INT64_MIN: Final = -(1 << 63)
INT64_MAX: Final = (1 << 63) - 1
_MAX_JSON_FLOAT: Final = float((1 << 53) - 1)
_EPSILON: Final = 1e-9
_MIN_SUBNORMAL: Final = 5e-324


def is_int64(v: Any) -> bool:
    """True for a Python ``int`` (not ``bool``) that Go would decode as ``int64``."""
    return type(v) is int and INT64_MIN <= v <= INT64_MAX


_FAST_TYPES: Final[dict[type, str]] = {
    str: "string",
    bool: "boolean",
    float: "number",
    dict: "object",
    list: "array",
}


def json_type(v: Any) -> str:
    """The JSON schema type kube-openapi infers for a decoded value (``schemaInfoForType``)."""
    fast = _FAST_TYPES.get(type(v))
    if fast is not None:
        return fast
    if v is None:
        return "null"
    t = type(v)
    if t is str:
        return "string"
    if t is bool:
        return "boolean"
    if t is int:
        return "integer" if INT64_MIN <= v <= INT64_MAX else "number"
    if t is float:
        return "number"
    if isinstance(v, dict):
        return "object"
    if isinstance(v, list):
        return "array"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer" if INT64_MIN <= v <= INT64_MAX else "number"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, tuple):
        return "array"
    return "object"


def go_format_of(v: Any) -> str:
    """The strfmt format kube-openapi infers from a Go value: ``int64``/``float64``/``""``."""
    jt = json_type(v)
    if jt == "integer":
        return "int64"
    if jt == "number":
        return "float64"
    return ""


def is_float64_json_integer(f: float) -> bool:
    """``swag.IsFloat64AJSONInteger``: a float the JSON-schema integer type accepts.

    Whole numbers within +-(2**53-1), plus (a go-openapi quirk) positive values whose
    fractional part is below a relative epsilon of 1e-9.
    """
    if math.isnan(f) or math.isinf(f) or f < -_MAX_JSON_FLOAT or f > _MAX_JSON_FLOAT:
        return False
    if f.is_integer():
        return True
    if f < 0:
        # Go's uint64(negative float) is garbage on amd64: never close to f.
        return False
    g = float(math.trunc(f))
    diff = abs(f - g)
    if g == 0 or diff < _MIN_SUBNORMAL:
        return diff < _EPSILON * _MIN_SUBNORMAL
    return diff / min(abs(f) + abs(g), 1.7976931348623157e308) < _EPSILON


def accepts_integer(v: Any) -> bool:
    """``type: integer`` as the server checks it: int64, or a float that is a JSON integer."""
    t = type(v)
    if t is int:
        return INT64_MIN <= v <= INT64_MAX or is_float64_json_integer(float(v))
    if t is float:
        return is_float64_json_integer(v)
    return False


def accepts_number(v: Any) -> bool:
    """``type: number``: any int or float (never a bool or a numeric string)."""
    t = type(v)
    return t is int or t is float


# Go's `%T` of a decoded JSON value, by its JSON type (an integer past int64 decodes as a
# float64).
_GO_TYPES: Final = {
    "null": "<nil>",
    "boolean": "bool",
    "integer": "int64",
    "number": "float64",
    "string": "string",
    "object": "map[string]interface {}",
    "array": "[]interface {}",
}


def go_type(value: Any) -> str:
    """`%T` of a decoded JSON value."""
    return _GO_TYPES[json_type(value)]


# encoding/json's names of JSON types in `json: cannot unmarshal X into ...` (UnmarshalTypeError)
_UNMARSHAL_NAMES: Final = {
    "boolean": "bool",
    "integer": "number",
    "number": "number",
    "string": "string",
    "array": "array",
    "object": "object",
    "null": "null",
}


def json_type_name(v: Any) -> str:
    """The JSON type of a value as Go's `json: cannot unmarshal X into ...` names it."""
    return _UNMARSHAL_NAMES[json_type(v)]


def go_v(value: Any) -> str:
    """`%v` of a decoded JSON value: maps with sorted keys, `[a b]` lists."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if INT64_MIN <= value <= INT64_MAX else go_format_float(float(value))
    if isinstance(value, float):
        return go_format_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "map[" + " ".join(f"{k}:{go_v(value[k])}" for k in sorted(value)) + "]"
    return "[" + " ".join(go_v(item) for item in value) + "]"


def sent_number(value: float) -> int | float:
    """The number the API server reads for a float64 that kubectl or Pulumi's provider sends:
    Go's JSON encoder writes it with its shortest digits and, below 1e21, without an exponent
    (`2.0` as `2`, 2^62 as `4611686018427388000`), and the server decodes a text that fits an
    int64 as one."""
    if not (math.isfinite(value) and value.is_integer() and abs(value) < 1e21):
        return value
    whole = int(go_format_float(value, "f"))
    return whole if INT64_MIN <= whole <= INT64_MAX else value


def normalize_integer(v: Any) -> Any:
    """A whole-number float at an ``integer`` node as the int the server reads for it
    (`sent_number`: -2^63 is sent as `-9223372036854776000`, a float64 there); others unchanged."""
    return sent_number(v) if type(v) is float else v


def _string_rep(v: Any) -> str:
    """``swag.FormatInt64`` / ``swag.FormatFloat64`` (``'f'`` format, shortest)."""
    if json_type(v) == "integer":
        return str(v)
    return go_format_float(float(v), "f")


def _parse_float32(s: str) -> bool:
    try:
        x = float(s)
    except ValueError:
        return False
    try:
        struct.pack("<f", x)
    except OverflowError:
        return False
    return True


_INT_RANGES: Final = {
    "int32": (INT32_MIN, INT32_MAX),
    "uint32": (0, (1 << 32) - 1),
    "uint64": (0, (1 << 64) - 1),
}


def value_in_range(v: Any, type_name: str, fmt: str) -> bool:
    """kube-openapi ``IsValueValidAgainstRange``: does ``v`` fit ``type_name``/``fmt``?

    The value is formatted as Go does (``FormatInt64`` / ``FormatFloat64``) and parsed back with
    ``ParseInt``/``ParseUint``/``ParseFloat(…, 32)``; written here without the round trip.
    """
    if type_name == "integer":
        t = type(v)
        n: int
        if t is int and INT64_MIN <= v <= INT64_MAX:
            n = int(v)
        elif t is float or t is int:
            f = float(v)
            if not (math.isfinite(f) and f.is_integer()):
                return False
            n = int(go_format_float(f, "f"))  # its shortest digits: -2^63 is -9223372036854776000
        else:
            return False
        lo, hi = _INT_RANGES.get(fmt, (INT64_MIN, INT64_MAX))
        return bool(lo <= n <= hi)
    if fmt not in ("float", "float32"):
        return True
    s = _string_rep(v)
    return _parse_float32(s)
