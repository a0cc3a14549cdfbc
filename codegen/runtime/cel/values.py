"""Convert an unstructured object into the values a rule sees, guided by the node's DeclType.

Struct fields get their escaped names and a null field is absent (`has()` is false); map and list
entries keep nulls. Formatted strings become timestamps, durations and bytes.

The API server converts lazily (apiserver/pkg/cel/common/values.go): a field's value is
converted when a rule reads it, and a value that does not convert (a `format: byte` string in
the standard base64 alphabet, which passes the format check but not strfmt.Base64's URL
decoding; a date-time strfmt.ParseDateTime refuses; data of the wrong type) is an error only
for the rules that read it. Here the conversion is eager, so such a value becomes an
`Unconvertible` message carrying the server's error text, and `convert` says whether there is
one: the rules then run a program that fails, with that text, where the value is read
(`unconvertible.guard`).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from typing import Any

from google.protobuf import message

from codegen.runtime.formats import strfmt_duration
from codegen.runtime.scalars import go_type

from . import go_time
from .decl import DeclNode
from .pool import UNCONVERTIBLE_TYPE, unconvertible_class


class InvalidData(Exception):
    pass


def convert(node: DeclNode | None, value: Any) -> tuple[Any, bool]:
    """The CEL value of `value` and whether an unconvertible value is in it (at any depth)."""
    if value is None:
        return None, False
    if node is None:
        return value, False
    found: list[bool] = []
    try:
        result = _CONVERTERS[node.kind](node, value, found)
    except InvalidData as exc:
        return unconvertible(str(exc)), True
    return result, bool(found)


def to_cel(node: DeclNode | None, value: Any) -> Any:
    """`convert`'s value (unconvertible parts as `Unconvertible` messages)."""
    return convert(node, value)[0]


def unconvertible(text: str) -> message.Message:
    return unconvertible_class()(message=text)


def is_unconvertible(value: Any) -> bool:
    return isinstance(value, message.Message) and value.DESCRIPTOR.full_name == UNCONVERTIBLE_TYPE


def _convert(node: DeclNode | None, value: Any, found: list[bool]) -> Any:
    if value is None or node is None:
        return value
    try:
        return _CONVERTERS[node.kind](node, value, found)
    except InvalidData as exc:
        found.append(True)
        return unconvertible(str(exc))


def _object(node: DeclNode, value: Any, found: list[bool]) -> dict[str, Any]:
    if type(value) is not dict and not isinstance(value, Mapping):
        raise InvalidData("invalid data, expected a map for the provided schema with type=object")
    known = node.known_names
    result: dict[str, Any] = {}
    for f in node.fields:
        item = value.get(f.json_name)
        if item is not None:
            result[f.cel_name] = _convert(f.node, item, found)
    # fields CEL cannot name (unknown, untyped, unescapable) still take part in equality
    for k, v in value.items():
        if k not in known and k not in result:
            result[k] = v
    return result


def _map(node: DeclNode, value: Any, found: list[bool]) -> dict[str, Any]:
    if type(value) is not dict and not isinstance(value, Mapping):
        raise InvalidData("invalid data, expected a map for the provided schema with type=object")
    return {k: _element(node.element, v, found) for k, v in value.items()}


def _list(node: DeclNode, value: Any, found: list[bool]) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidData("invalid data, expected an array for the provided schema with type=array")
    return [_element(node.element, v, found) for v in value]


def _element(node: DeclNode | None, value: Any, found: list[bool]) -> Any:
    if value is None and node is not None and not node.nullable:
        found.append(True)
        return unconvertible("invalid data, got null for schema with nullable=false")
    return _convert(node, value, found)


def _int(node: DeclNode, value: Any, found: list[bool]) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidData(f"invalid data, expected int, got {go_type(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidData(f"invalid data, expected int, got {go_type(value)}")
        return int(value)
    return value


def _double(node: DeclNode, value: Any, found: list[bool]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidData(f"invalid data, expected float, got {go_type(value)}")
    return float(value)


def _bool(node: DeclNode, value: Any, found: list[bool]) -> bool:
    if not isinstance(value, bool):
        raise InvalidData(f"invalid data, expected bool, got {go_type(value)}")
    return value


def _string(node: DeclNode, value: Any, found: list[bool] | None = None) -> str:
    if not isinstance(value, str):
        raise InvalidData(f"invalid data, expected string, got {go_type(value)}")
    return value


def _bytes(node: DeclNode, value: Any, found: list[bool]) -> bytes:
    """strfmt.Base64's UnmarshalText: base64.URLEncoding (padded); the format check itself wants
    the standard alphabet, so `+` and `/` pass it and fail here, as on the server."""
    text = _string(node, value)
    decoded = go_url_base64_decode(text)
    if isinstance(decoded, int):
        raise InvalidData(
            f"Invalid byte formatted string {text}: illegal base64 data at input byte {decoded}"
        )
    return decoded


_URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_DECODE = {ord(c): i for i, c in enumerate(_URL_ALPHABET)}


_URL_BASE64 = re.compile(r"(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?")


def go_url_base64_decode(text: str) -> bytes | int:
    """Go's base64.URLEncoding.DecodeString: the bytes, or the offset of its CorruptInputError
    (line breaks are skipped; padding is required; bits after the last byte are ignored)."""
    joined = text.replace("\r", "").replace("\n", "") if "\n" in text or "\r" in text else text
    if _URL_BASE64.fullmatch(joined):  # well formed: the C decoder gives Go's bytes
        return base64.urlsafe_b64decode(joined)
    src = text.encode("utf-8", "surrogateescape")
    out = bytearray()
    si, n = 0, len(src)
    while si < n:
        quantum: list[int] = []
        while len(quantum) < 4:
            if si == n:
                if not quantum:
                    return bytes(out)
                return si - len(quantum)  # padding is required
            c = src[si]
            si += 1
            if c in _DECODE:
                quantum.append(_DECODE[c])
                continue
            if c in (0x0A, 0x0D):
                continue
            if c != 0x3D:  # '='
                return si - 1
            # padding: only after two or three characters
            if len(quantum) < 2:
                return si - 1
            if len(quantum) == 2:
                while si < n and src[si] in (0x0A, 0x0D):
                    si += 1
                if si == n:
                    return n
                if src[si] != 0x3D:
                    return si - 1
                si += 1
            while si < n and src[si] in (0x0A, 0x0D):
                si += 1
            if si < n:
                return si  # trailing garbage
            break
        value = 0
        for digit in (*quantum, 0, 0, 0)[:4]:
            value = value << 6 | digit
        out.extend(value.to_bytes(3, "big")[: len(quantum) - 1])
    return bytes(out)


def _timestamp(node: DeclNode, value: Any, found: list[bool]) -> Any:
    """`format: date` is time.Parse("2006-01-02"); `date-time` strfmt.ParseDateTime, which
    returns the error of the last layout it tries."""
    text = _string(node, value)
    if node.string_format == "date":
        error = go_time.go_parse_error(go_time.DATE_LAYOUT, text)
        if error is None:
            return go_time.date_value(text)
        raise InvalidData(f"Invalid date formatted string {text}: {error}")
    try:
        return go_time.strfmt_datetime_value(text)
    except ValueError:
        error = go_time.go_parse_error(go_time.SORTABLE_DATETIME_LAYOUT, text)
    if error is None:
        error = f"parsing time {go_time.go_time_quote(text)}: cannot parse"
    raise InvalidData(f"Invalid date-time formatted string {text}: {error}")


def _duration(node: DeclNode, value: Any, found: list[bool]) -> Any:
    text = _string(node, value)
    nanos = strfmt_duration(text)
    if nanos is None:
        raise InvalidData(f"Invalid duration {text}: unable to parse {text} as duration")
    # Go's time.Duration arithmetic wraps around (the Scala-like forms add without a check)
    nanos = (nanos + (1 << 63)) % (1 << 64) - (1 << 63)
    return go_time.duration_from_nanos(nanos)


def _dyn(node: DeclNode, value: Any, found: list[bool]) -> Any:
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
    "timestamp": _timestamp,
    "duration": _duration,
    "dyn": _dyn,
}
