"""Field paths the API server reads from a CRD: a rule's `fieldPath` and a selectable field's
`jsonPath`. One parser for both, as apiextensions' `ValidFieldPath` is one function.

Grammar, as the server's scanner reads it: `.name` or `['name']` steps (the second only where
array notation is allowed). The scanner cuts the text at `.`, `[` and `]`, except inside a
single-quoted token, which ends at the first `'` not right after a backslash. A step selects a
property where the node has properties, else a key where it has additionalProperties; lists
are not entered. The result is rendered like field.Path: `a.b`, `foo[key]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# The escapes `unescapeSingleQuote` knows; `\` before anything else (but a line break, which
# its `\\.` does not match) is an error.
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {
    "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
    "'": "'", "\\": "\\",
}  # fmt: skip
_DELIMITERS = ".[]"


class FieldPathError(ValueError):
    pass


@dataclass(frozen=True)
class Step:
    name: str
    is_key: bool  # map key (rendered [name]) rather than a property (rendered .name)


def parse_field_path(
    text: str, schema: Mapping[str, Any], *, allow_array_notation: bool = True
) -> tuple[Step, ...]:
    """The steps `text` names from `schema`; FieldPathError with the server's reason."""
    return resolve_field_path(text, schema, allow_array_notation=allow_array_notation)[0]


def resolve_field_path(
    text: str, schema: Mapping[str, Any], *, allow_array_notation: bool = True
) -> tuple[tuple[Step, ...], Mapping[str, Any] | None]:
    """(steps, schema node reached) of `text`; None as the node when the last step was a key
    of `additionalProperties: true|false`, which leaves no schema."""
    steps: list[Step] = []
    node: Mapping[str, Any] | None = schema
    tokens = _tokens(text)
    for token in tokens:
        if token == "[":
            if not allow_array_notation:
                raise FieldPathError("array notation is not allowed")
            quoted = next(tokens, None)
            if quoted is None:
                raise FieldPathError("unexpected end of JSON path")
            if len(quoted) < 2 or quoted[0] != "'" or quoted[-1] != "'":
                raise FieldPathError(f"expected single quoted string but got {quoted}")
            step, node = _select(node, _unescape(quoted[1:-1]))
            steps.append(step)
            close = next(tokens, None)
            if close is None:
                raise FieldPathError("unexpected end of JSON path")
            if close != "]":
                raise FieldPathError(f"expected ] but got {close}")
        elif token == ".":
            name = next(tokens, None)
            if name is None:
                raise FieldPathError("unexpected end of JSON path")
            step, node = _select(node, name)
            steps.append(step)
        else:
            raise FieldPathError(f"expected [ or . but got: {token}")
    return tuple(steps), node


def render(steps: tuple[Step, ...], base: str = "") -> str:
    out = base
    for step in steps:
        out = f"{out}[{step.name}]" if step.is_key else (f"{out}.{step.name}" if out else step.name)
    return out


def _tokens(text: str) -> Iterator[str]:
    """The server's scanner: a delimiter alone, a quoted token (delimiters inside kept; one
    never closed runs to the end), or the text up to the next delimiter."""
    pos, end_of_text = 0, len(text)
    while pos < end_of_text:
        if text[pos] == "'":
            end = pos + 1
            while end < end_of_text and not (text[end] == "'" and text[end - 1] != "\\"):
                end += 1
            yield text[pos : end + 1]
            pos = end + 1
        elif text[pos] in _DELIMITERS:
            yield text[pos]
            pos += 1
        else:
            end = pos
            while end < end_of_text and text[end] not in _DELIMITERS:
                end += 1
            yield text[pos:end]
            pos = end


def _unescape(quoted: str) -> str:
    bad: list[str] = []

    def replace(match: re.Match[str]) -> str:
        char = match.group(1)
        if char in _ESCAPES:
            return _ESCAPES[char]
        bad.append(match.group(0))
        return ""

    unescaped = _ESCAPE.sub(replace, quoted)
    if bad:  # Go keeps the last one it met
        raise FieldPathError(f"invalid string literal: invalid escape char {bad[-1]}")
    return unescaped


def _select(node: Mapping[str, Any] | None, name: str) -> tuple[Step, Mapping[str, Any] | None]:
    if node is not None:
        props = node.get("properties")
        if props:  # the structural schema keeps no empty properties
            if name in props:
                return Step(name, False), props[name]
        elif "additionalProperties" in node and node["additionalProperties"] is not None:
            more = node["additionalProperties"]
            return Step(name, True), (more if isinstance(more, Mapping) else None)
    raise FieldPathError("does not refer to a valid field")
