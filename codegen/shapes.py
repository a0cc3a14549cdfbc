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

Key = Any  # an int for an object or array (its number in the index), a tuple for a scalar


class ShapeIndex:
    """Numbers the distinct shapes of schema nodes: equal numbers, equal shapes.

    Each object or array is reduced once (memoized by identity) to a tuple of its keys and its
    children's keys, and that tuple is numbered in a table (hash-consing): equality is exact,
    and comparing two subtrees costs one dict lookup whatever their size. A scalar is its
    type with its value (its repr for floats, so that 0.0 and -0.0 stay apart), so 1, 1.0
    and True are three shapes.
    """

    def __init__(self) -> None:
        numbers: dict[tuple[Any, ...], int] = {}
        memo: dict[int, int] = {}
        keep: list[Any] = []  # keeps memoized nodes alive so ids stay unique

        # A closure over the tables (no attribute lookups): it runs once per schema value.
        def key(value: Any) -> Key:
            kind = value.__class__
            if kind is str or kind is int or kind is bool or value is None:
                return (kind, value)
            canonical: tuple[Any, ...]
            if kind is dict:
                found = memo.get(id(value))
                if found is not None:
                    return found
                canonical = ("o", *[(name, key(value[name])) for name in sorted(value)])
            elif kind is list:
                found = memo.get(id(value))
                if found is not None:
                    return found
                canonical = ("a", *[key(item) for item in value])
            elif kind is float:
                return (kind, repr(value))
            elif isinstance(value, Mapping):
                return key(dict(value))
            else:
                return (kind.__name__, repr(value))
            number = numbers.get(canonical)
            if number is None:
                number = numbers[canonical] = len(numbers)
            memo[id(value)] = number
            keep.append(value)
            return number

        self._numbers = numbers
        self._key = key

    def object_key(self, node: Mapping[str, Any]) -> Key:
        """Equal for two object nodes that can share one generated class."""
        key = self._key
        canonical = (
            "o",
            *[(name, key(node[name])) for name in sorted(node) if name != "description"],
        )
        number = self._numbers.get(canonical)
        if number is None:
            number = self._numbers[canonical] = len(self._numbers)
        return number
