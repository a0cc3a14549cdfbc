"""`fieldPath` of a validation rule: parse it and check it names a field of the schema.

Grammar (as the API server accepts it): a sequence of `.name` or `['name']` (Go escapes inside
the quotes). A step selects a property, or a key when the node is a map; lists are not entered.
The result is rendered like field.Path: `a.b`, `foo[key]`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{3}|.)", re.DOTALL)
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


class FieldPathError(ValueError):
    pass


@dataclass(frozen=True)
class Step:
    name: str
    is_key: bool  # map key (rendered [name]) rather than a property (rendered .name)


def parse_field_path(text: str, schema: Mapping[str, Any]) -> tuple[Step, ...]:
    steps: list[Step] = []
    node: Mapping[str, Any] | None = schema
    pos = 0
    while pos < len(text):
        if text[pos] == ".":
            end = pos + 1
            while end < len(text) and text[end] not in ".[":
                end += 1
            if end == pos + 1 and end == len(text):
                raise FieldPathError("unexpected end of JSON path")
            name, pos = text[pos + 1 : end], end
        elif text[pos] == "[":
            name, pos = _quoted(text, pos + 1)
        else:
            raise FieldPathError(f"expected [ or . but got: {text[pos:]}")
        step, node = _select(node, name)
        steps.append(step)
    return tuple(steps)


def render(steps: tuple[Step, ...], base: str = "") -> str:
    out = base
    for step in steps:
        out = f"{out}[{step.name}]" if step.is_key else (f"{out}.{step.name}" if out else step.name)
    return out


def _quoted(text: str, pos: int) -> tuple[str, int]:
    if pos >= len(text):
        raise FieldPathError("unexpected end of JSON path")
    if text[pos] != "'":
        raise FieldPathError(f"expected single quoted string but got {text[pos]}")
    end = pos + 1
    while end < len(text) and text[end] != "'":
        end += 2 if text[end] == "\\" else 1
    if end + 1 >= len(text) or text[end + 1] != "]":
        raise FieldPathError("unexpected end of JSON path")
    raw = text[pos + 1 : end]
    return _ESCAPE.sub(_unescape, raw), end + 2


def _unescape(match: re.Match[str]) -> str:
    seq = match.group(1)
    if seq[0] in "xu" and len(seq) > 1:
        return chr(int(seq[1:], 16))
    if seq[0].isdigit() and len(seq) == 3:
        return chr(int(seq, 8))
    return _SIMPLE.get(seq, seq)


def _select(node: Mapping[str, Any] | None, name: str) -> tuple[Step, Mapping[str, Any] | None]:
    if node is not None:
        props = node.get("properties")
        if props:
            if name in props:
                return Step(name, False), props[name]
        elif isinstance(node.get("additionalProperties"), Mapping):
            return Step(name, True), node["additionalProperties"]
    raise FieldPathError("does not refer to a valid field")
