"""Structural identity of schema nodes, so one generated class serves every identical copy.

Real CRDs repeat whole subtrees: a Go type embedded in many places is expanded in full at
each (argo-workflows' Container appears hundreds of times; 2,109 object nodes, 346 distinct).
Two object nodes share a class when their schemas are equal except for their own top-level
`description` (which documents the *field* that holds them, and lands in the parent's field
docs instead). Everything else, nested descriptions included, must be equal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any


class ShapeIndex:
    """Digests of schema nodes, computed bottom-up once per node (memoized by identity)."""

    def __init__(self) -> None:
        self._digests: dict[int, str] = {}
        self._keep: list[Any] = []  # keeps memoized nodes alive so ids stay unique

    def _digest(self, value: Any, *, skip_description: bool = False) -> str:
        if isinstance(value, Mapping):
            if not skip_description:
                cached = self._digests.get(id(value))
                if cached is not None:
                    return cached
            parts = [
                (key, self._digest(child))
                for key, child in sorted(value.items())
                if not (skip_description and key == "description")
            ]
            digest = _hash(["o", parts])
        elif isinstance(value, list):
            if not skip_description:
                cached = self._digests.get(id(value))
                if cached is not None:
                    return cached
            digest = _hash(["a", [self._digest(item) for item in value]])
        else:
            # Scalars need no hashing: the type name keeps 1, 1.0 and True apart.
            return f"{type(value).__name__}:{value!r}"
        if not skip_description:
            self._digests[id(value)] = digest
            self._keep.append(value)
        return digest

    def object_key(self, node: Mapping[str, Any]) -> str:
        """Equal for two object nodes that can share one generated class."""
        return self._digest(node, skip_description=True)


def _hash(value: Any) -> str:
    # repr of nested lists/tuples of str is unambiguous (quotes and escapes included).
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
