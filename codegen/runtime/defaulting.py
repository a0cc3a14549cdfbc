"""Structural defaulting (apiextensions ``defaulting.Default`` and ``PruneNonNullableNullsWithoutDefaults``).

Both mutate the given (already copied) value in place, exactly like the server:

- a property's default applies when the key is missing, or its value is null and the property is
  not nullable; no parent object is created unless it has a default of its own;
- ``items`` and ``additionalProperties`` defaults replace non-nullable nulls;
- defaults are deep-copied and themselves defaulted further, an item's or additional
  property's too (since Kubernetes 1.20 Go re-reads the element it replaced).
"""

from __future__ import annotations

import copy
from typing import Any

from codegen.runtime.structural import Node

__all__ = ["apply_defaults", "deep_copy_json", "prune_non_nullable_nulls"]


def deep_copy_json(v: Any) -> Any:
    """A fast deep copy of a JSON-like value (dicts, lists, scalars)."""
    t = type(v)
    if t is dict:
        return {k: deep_copy_json(x) for k, x in v.items()}
    if t is list:
        return [deep_copy_json(x) for x in v]
    if t in (str, int, float, bool) or v is None:
        return v
    if isinstance(v, dict):
        return {k: deep_copy_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [deep_copy_json(x) for x in v]
    return copy.deepcopy(v)


def _non_nullable_null(x: Any, node: Node | None) -> bool:
    return x is None and node is not None and not node.nullable and node.has_default


def apply_defaults(x: Any, node: Node | None) -> None:
    """``defaulting.Default(x, s)``: fill in defaults below ``x`` in place."""
    if node is None:
        return
    if isinstance(x, dict):
        props = node.properties
        if props:
            for k, prop in props.items():
                if not prop.has_default:
                    continue
                if k not in x or _non_nullable_null(x[k], prop):
                    x[k] = deep_copy_json(prop.default)
        ap = node.additional
        for k, v in list(x.items()):
            sub = props.get(k) if props else None
            if sub is not None:
                apply_defaults(v, sub)
            elif ap is not None:
                if _non_nullable_null(v, ap):
                    x[k] = v = deep_copy_json(ap.default)
                apply_defaults(v, ap)
    elif isinstance(x, list):
        items = node.items
        for i, v in enumerate(x):
            if _non_nullable_null(v, items):
                assert items is not None
                x[i] = v = deep_copy_json(items.default)
            apply_defaults(v, items)


def _schema_for_field(field: str, node: Node | None) -> Node | None:
    if node is None:
        return None
    props = node.properties
    if props is not None:
        sub = props.get(field)
        if sub is not None:
            return sub
    return node.additional


def prune_non_nullable_nulls(x: Any, node: Node | None) -> None:
    """Drop null values of non-nullable fields that have no default (map keys only)."""
    if isinstance(x, dict):
        for k in list(x):
            sub = _schema_for_field(k, node)
            v = x[k]
            if v is None and sub is not None and not sub.nullable and not sub.has_default:
                del x[k]
            else:
                prune_non_nullable_nulls(v, sub)
    elif isinstance(x, list):
        items = node.items if node is not None else None
        for v in x:
            prune_non_nullable_nulls(v, items)
