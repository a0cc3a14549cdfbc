"""Structural identity of schema nodes, so one generated class serves every identical copy.

Real CRDs repeat whole subtrees: a Go type embedded in many places is expanded in full at
each (argo-workflows' Container appears hundreds of times; 2,109 object nodes, 346 distinct).
Two object nodes share a class when their schemas are equal except for their own top-level
`description` (which documents the *field* that holds them, and lands in the parent's field
docs instead). Everything else, nested descriptions included, must be equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Key = Any  # an int for an object or array (its number in the index), else a scalar's own key


class ShapeIndex:
    """Numbers the distinct shapes of schema nodes: equal numbers, equal shapes.

    Each object or array is reduced to a tuple of its keys and its children's keys, and that
    tuple is numbered in a table (hash-consing): equality is exact, and comparing two subtrees
    costs one dict lookup whatever their size. A string is its own key (no other key is a
    string); another scalar is its type with its value (its repr for floats, so that 0.0 and
    -0.0 stay apart), so 1, 1.0 and True are three shapes.

    A tree is reduced once, from the first node asked about: on the way, every object node
    (one with `properties`) is numbered a second time without its own `description`, and
    remembered by identity, so that `object_key` on a node below is a lookup.
    """

    def __init__(self) -> None:
        numbers: dict[tuple[Any, ...], int] = {}
        objects: dict[int, int] = {}
        keep: list[Any] = []  # keeps remembered nodes alive so ids stay unique
        unplain: list[Any] = []  # values met that are not plain (see `add_tree`)

        def number(canonical: tuple[Any, ...]) -> int:
            found = numbers.get(canonical)
            if found is None:
                found = numbers[canonical] = len(numbers)
            return found

        # A closure over the tables (no attribute lookups): it runs once per schema value.
        # Strings, most of a schema's values, are tested inline rather than passed to it.
        def key(value: Any) -> Key:
            kind = value.__class__
            if kind is dict:
                items = sorted(
                    [
                        (name, child if child.__class__ is str else key(child))
                        for name, child in value.items()
                    ]
                )
                if "properties" in value:
                    objects[id(value)] = number(
                        tuple([item for item in items if item[0] != "description"])
                    )
                    keep.append(value)
                return number(tuple(items))
            if kind is list:
                return number(
                    ("a", *[item if item.__class__ is str else key(item) for item in value])
                )
            if kind is str or value is None:
                return value
            if kind is bool or kind is int:
                return (kind, value)
            unplain.append(value)
            if kind is float:
                return (kind, repr(value))
            if isinstance(value, Mapping):
                return key(dict(value))
            return (kind.__name__, repr(value))

        self._objects = objects
        self._number = number
        self._key = key
        self._unplain = unplain

    def object_key(self, node: Mapping[str, Any]) -> Key:
        """Equal for two object nodes that can share one generated class."""
        found = self._objects.get(id(node))
        if found is not None:
            return found
        self._key(node)  # remembers the node (and those below) when it has properties
        found = self._objects.get(id(node))
        if found is not None:
            return found
        key = self._key
        return self._number(
            tuple(
                sorted(
                    [(name, key(child)) for name, child in node.items() if name != "description"]
                )
            )
        )

    def add_tree(self, root: Any) -> bool:
        """Reduce a whole tree up front (every `object_key` below it is then a lookup), and
        tell whether it is plain: dicts, lists, strings, ints, booleans and nulls only (no
        float, the one JSON value that encoders write differently: `1e-07`, `1e-7`)."""
        before = len(self._unplain)
        self._key(root)
        return len(self._unplain) == before
