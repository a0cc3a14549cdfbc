"""Schema ratcheting on update (``CRDValidationRatcheting``, on by default since Kubernetes 1.30).

On an update, a schema error inside a value that is unchanged from the old object is dropped:
a CRD can tighten its schema without blocking updates that leave old values alone. A node's
old value is found by correlation, as the API server finds it (``common.CorrelatedObject``,
which schema and CEL ratcheting share since 1.30): an object's property by name, a ``map``
list's item by its keys; the items of any other list (``set``, ``atomic`` or no list type)
have none: only the whole list, unchanged, ratchets them. Equality is Go's ``DeepEqual`` of
the decoded JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from codegen.runtime.structural import Node

__all__ = ["ratchet"]

E = TypeVar("E")


def ratchet(
    errors: list[E],
    name: Callable[[E], str],
    node: Node,
    new: Any,
    old: Any,
    path: str,
    equal: Callable[[Any, Any], bool],
) -> list[E]:
    """`errors` without those whose path (`name`) lies in a value unchanged from `old`.

    Paths are written as the schema validation writes them (`spec.a[0].b`, with `path` the
    root's); `equal` is the decoded-JSON equality."""
    unchanged: set[str] = set()
    _collect(node, new, old, path, equal, unchanged)
    if not unchanged:
        return errors
    return [e for e in errors if not _inside(name(e), unchanged)]


def _inside(path: str, unchanged: set[str]) -> bool:
    """Whether `path` or one of its ancestors (cut before a `.` or a `[`) is unchanged."""
    if path in unchanged:
        return True
    for end in range(len(path) - 1, -1, -1):
        if path[end] in ".[" and path[:end] in unchanged:
            return True
    return "" in unchanged


def _collect(
    node: Node | None,
    new: Any,
    old: Any,
    path: str,
    equal: Callable[[Any, Any], bool],
    out: set[str],
) -> None:
    if equal(new, old):
        out.add(path)
        return
    if node is None:
        return
    if type(new) is dict and type(old) is dict:
        props = node.properties or {}
        prefix = f"{path}." if path else ""
        for key, value in new.items():
            if key not in old:
                continue
            sub = props.get(key)
            if sub is not None:
                _collect(sub, value, old[key], prefix + key, equal, out)
            elif node.additional is not None:
                _collect(node.additional, value, old[key], f"{path}.{key}", equal, out)
    elif type(new) is list and type(old) is list and node.items is not None:
        for index, item, before in _correlated(node, new, old, equal):
            _collect(node.items, item, before, f"{path}[{index}]", equal, out)


def _correlated(
    node: Node, new: list[Any], old: list[Any], equal: Callable[[Any, Any], bool]
) -> Iterable[tuple[int, Any, Any]]:
    """(index, new item, its old item) for the items of `new` that have an old one."""
    if node.list_type == "map" and node.list_map_keys:
        keys = node.list_map_keys

        def key_of(item: Any) -> tuple[Any, ...] | None:
            if type(item) is not dict:
                return None
            return tuple(repr(item.get(k)) for k in keys)  # repr: 1 and True differ

        before = {key_of(item): item for item in old}
        before.pop(None, None)
        for index, item in enumerate(new):
            found = before.get(key_of(item))
            if found is not None:
                yield index, item, found
