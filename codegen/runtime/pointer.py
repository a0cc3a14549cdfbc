"""JSON pointers (RFC 6901) into a CRD schema: how the compiler names nodes for the runtime."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def escape(segment: str) -> str:
    """One pointer segment for a property name (`~` and `/` escaped)."""
    return segment.replace("~", "~0").replace("/", "~1")


def segments(pointer: str) -> list[str]:
    """`/properties/a~1b/items` -> `["properties", "a/b", "items"]`."""
    return [raw.replace("~1", "/").replace("~0", "~") for raw in pointer.split("/")[1:]]


def resolve(schema: Any, pointer: str) -> Any:
    """The value at `pointer` (raises KeyError/TypeError if it is not there)."""
    node = schema
    for segment in segments(pointer):
        node = node[segment]
    return node


def node_at(schema: Mapping[str, Any], pointer: str) -> dict[str, Any]:
    """The schema node at `pointer`, or `{}` when the value there is not a node."""
    node = resolve(schema, pointer)
    return node if isinstance(node, dict) else {}
