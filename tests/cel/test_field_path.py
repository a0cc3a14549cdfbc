"""Field paths as apiextensions' `ValidFieldPath` reads them: one parser for a rule's
`fieldPath` and a selectable field's `jsonPath`, with the server's scanner and its reasons."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.runtime.cel.field_path import (
    FieldPathError,
    parse_field_path,
    render,
    resolve_field_path,
)

_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "spec": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "a.b": {"type": "string"},
                "it's": {"type": "string"},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "closed": {"type": "object", "additionalProperties": False},
                "ports": {"type": "array", "items": {"type": "integer"}},
            },
        },
    },
}


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        (".spec.name", "spec.name"),
        (".spec['a.b']", "spec.a.b"),
        (".spec['it\\'s']", "spec.it's"),
        (".spec.it's", "spec.it's"),  # a quote inside a name does not start a quoted token
        (".spec.labels.x", "spec.labels[x]"),
        (".spec.labels['x.y']", "spec.labels[x.y]"),
        (".spec.labels['t\\tb']", "spec.labels[t\tb]"),
        (".spec.closed.any", "spec.closed[any]"),  # additionalProperties: false is a map too
        (".spec.ports", "spec.ports"),
        ("", ""),
    ],
)
def test_valid_paths_render_like_field_path(text: str, rendered: str) -> None:
    assert render(parse_field_path(text, _SCHEMA)) == rendered


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("spec", "expected [ or . but got: spec"),
        (".spec.", "unexpected end of JSON path"),
        (".spec[", "unexpected end of JSON path"),
        (".spec['name'", "unexpected end of JSON path"),
        (".spec[name]", "expected single quoted string but got name"),
        (".spec['name'.x", "expected ] but got ."),
        (".spec['q\\x']", "invalid string literal: invalid escape char \\x"),
        # the quote after a backslash does not close the token, which then runs to the end
        (".spec['name\\\\']", "expected single quoted string but got 'name\\\\']"),
        (".spec.missing", "does not refer to a valid field"),
        (".spec.ports.x", "does not refer to a valid field"),  # lists are not entered
        (".spec.closed.any.deeper", "does not refer to a valid field"),
        # `..` makes "." the name of a key, then the next name has no delimiter before it
        (".spec.labels..x", "expected [ or . but got: x"),
    ],
)
def test_invalid_paths_give_the_servers_reason(text: str, reason: str) -> None:
    with pytest.raises(FieldPathError) as caught:
        parse_field_path(text, _SCHEMA)
    assert str(caught.value) == reason


def test_array_notation_can_be_refused_and_the_node_is_returned() -> None:
    with pytest.raises(FieldPathError, match=r"^array notation is not allowed$"):
        resolve_field_path(".spec['name']", _SCHEMA, allow_array_notation=False)
    steps, node = resolve_field_path(".spec.labels.k", _SCHEMA, allow_array_notation=False)
    assert (render(steps), node) == ("spec.labels[k]", {"type": "string"})
    assert resolve_field_path(".spec.closed.k", _SCHEMA)[1] is None
