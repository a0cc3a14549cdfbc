"""Convert an unstructured object into the values a rule sees, guided by the node's DeclType.

Struct fields get their escaped names and a null field is absent (`has()` is false); map and list
entries keep nulls. Formatted strings become timestamps, durations and bytes. Data that does not
fit the schema raises InvalidData with the API server's message.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from typing import Any

from codegen.runtime.formats import strfmt_duration

from . import go_time
from .decl import DeclNode


class InvalidData(Exception):
    pass


def to_cel(node: DeclNode | None, value: Any) -> Any:
    if value is None:
        return None
    if node is None:
        return value
    convert = _CONVERTERS[node.kind]
    return convert(node, value)


def to_cel_fields(node: DeclNode | None, value: Any) -> tuple[Any, dict[str, str]]:
    """Like `to_cel`, but an object's fields are converted one by one, as the API server
    converts them when a rule selects them: a field whose data does not fit its schema is
    left out and its message returned (by CEL field name, in schema order), so that only the
    rules selecting it fail, each with that field's message."""
    if value is None or node is None or node.kind != "object" or not isinstance(value, Mapping):
        return to_cel(node, value), {}
    invalid: dict[str, str] = {}
    result: dict[str, Any] = {}
    for f in node.fields:
        item = value.get(f.json_name)
        if item is None:
            continue
        try:
            result[f.cel_name] = to_cel(f.node, item)
        except InvalidData as exc:
            invalid[f.cel_name] = str(exc)
    for k, v in value.items():
        if k not in node.known_names and k not in result:
            result[k] = v
    return result, invalid


def _object(node: DeclNode, value: Any) -> dict[str, Any]:
    if type(value) is not dict and not isinstance(value, Mapping):
        raise InvalidData("invalid data, expected a map for the provided schema with type=object")
    known = node.known_names
    result: dict[str, Any] = {}
    for f in node.fields:
        item = value.get(f.json_name)
        if item is not None:
            result[f.cel_name] = to_cel(f.node, item)
    # fields CEL cannot name (unknown, untyped, unescapable) still take part in equality
    for k, v in value.items():
        if k not in known and k not in result:
            result[k] = v
    return result


def _map(node: DeclNode, value: Any) -> dict[str, Any]:
    if type(value) is not dict and not isinstance(value, Mapping):
        raise InvalidData("invalid data, expected a map for the provided schema with type=object")
    return {k: _element(node.element, v) for k, v in value.items()}


def _list(node: DeclNode, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidData("invalid data, expected an array for the provided schema with type=array")
    return [_element(node.element, v) for v in value]


def _element(node: DeclNode | None, value: Any) -> Any:
    if value is None and node is not None and not node.nullable:
        raise InvalidData("invalid data, got null for schema with nullable=false")
    return to_cel(node, value)


def _int(node: DeclNode, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidData(f"invalid data, expected an integer, got {value!r}")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidData(f"invalid data, expected an integer, got {value!r}")
        return int(value)
    return value


def _double(node: DeclNode, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidData(f"invalid data, expected a number, got {value!r}")
    return float(value)


def _bool(node: DeclNode, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidData(f"invalid data, expected a boolean, got {value!r}")
    return value


def _string(node: DeclNode, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidData(f"invalid data, expected a string, got {value!r}")
    return value


def _bytes(node: DeclNode, value: Any) -> bytes:
    """strfmt.Base64's UnmarshalText: the URL-safe alphabet, padded (Go's decoder skips line
    breaks); the format check itself wants the standard alphabet, so `+` and `/` pass it and fail
    here, as on the server."""
    text = _string(node, value).replace("\r", "").replace("\n", "")
    try:
        if _URL_BASE64.fullmatch(text) is None:
            raise ValueError("illegal base64 data")
        return base64.b64decode(text.translate(_URL_TO_STANDARD), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidData(f"invalid data, expected base64 encoded bytes: {exc}") from None


_URL_BASE64 = re.compile(r"[A-Za-z0-9_-]*={0,2}")
_URL_TO_STANDARD = str.maketrans("-_", "+/")


def _date_or_date_time(text: str) -> Any:
    """`format: date` is Go's `2006-01-02`; `date-time` strfmt.ParseDateTime's layouts."""
    if len(text) == 10:  # no date-time layout is that short
        return go_time.date_value(text)
    return go_time.strfmt_datetime_value(text)


def _duration(text: str) -> Any:
    nanos = strfmt_duration(text)
    if nanos is None:
        raise ValueError(text)
    return go_time.duration_from_nanos(nanos)


def _parsed(parse: Any, what: str) -> Any:
    def convert(node: DeclNode, value: Any) -> Any:
        try:
            return parse(_string(node, value))
        except ValueError:
            raise InvalidData(f"invalid data, expected {what}, got {value!r}") from None

    return convert


def _dyn(node: DeclNode, value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidData(
            "invalid data, expected XIntOrString value to be either a string or integer"
        )
    return value


_CONVERTERS = {
    "object": _object,
    "map": _map,
    "list": _list,
    "int": _int,
    "double": _double,
    "bool": _bool,
    "string": _string,
    "bytes": _bytes,
    "timestamp": _parsed(_date_or_date_time, "a timestamp"),
    "duration": _parsed(_duration, "a duration"),
    "dyn": _dyn,
}
