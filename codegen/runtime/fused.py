"""The API server's decode steps and schema validation in one schema-directed walk.

:class:`~codegen.runtime.validation.SchemaValidator` replays the server's order as separate
passes over a copy of the object (translate Python names, copy, prune unknown fields, drop
non-nullable nulls, default, normalise integers, validate).  Each of those steps only looks at a
node's own value and its children, so one walk can do them all: it builds the new object as it
goes, reports pruned paths and schema errors in the order the separate passes would, and uses
per-node flags computed at compile time (:func:`codegen.runtime.structural._fused_flags`) to
accept most values without calling the general validator.

Whatever the walk does not handle itself (combinators, enums, bounds on objects, odd types, or
values that are not plain JSON) it hands to the reference passes for that subtree, which are
local: the result is identical to the separate passes.  ``tests/runtime/test_fused.py`` checks
that on every corpus instance and on mutated copies of them.
"""

from __future__ import annotations

from typing import Any, Final

from codegen.runtime.defaulting import apply_defaults, deep_copy_json, prune_non_nullable_nulls
from codegen.runtime.metadata import OBJECT_META_FIELDS
from codegen.runtime.pruning import META_FIELDS, _Ctx, _prune, _skip_prune
from codegen.runtime.scalars import INT64_MAX, INT64_MIN, normalize_integer
from codegen.runtime.structural import Node
from codegen.runtime.validation import (
    _CODE_REQUIRED,
    _IN,
    _KErr,
    _normalize_ints,
    _Res,
    _slice_bounds,
    _validate,
)
from codegen.runtime.wire import NameNode, to_wire

__all__ = ["Walk", "walk_root"]

# Pruning modes, as pruning.py walks: `_prune` (normal), `_skip_prune` (below
# x-kubernetes-preserve-unknown-fields) and not pruned at all (apiVersion/kind/metadata of an
# embedded resource, which `_prune` steps over).
_NORMAL: Final = 0
_SKIP: Final = 1
_NONE: Final = 2

_EMPTY: Final[dict[str, Node]] = {}
_SCALARS: Final = (str, int, float, bool, type(None))


class Walk:
    """What one walk collects: pruned paths and kube-openapi errors (in validation order)."""

    __slots__ = ("res", "unknown")

    def __init__(self) -> None:
        self.unknown: list[str] = []
        self.res = _Res()


def _plain_copy(v: Any) -> Any:
    """``deep_copy_json(to_wire(v, None))``, fast for plain JSON."""
    t = type(v)
    if t is dict:
        return {k: _plain_copy(x) for k, x in v.items()}
    if t is list:
        return [_plain_copy(x) for x in v]
    if t in _SCALARS:
        return v
    return deep_copy_json(to_wire(v, None))


def _verbatim(v: Any, names: NameNode | None) -> Any:
    """A value the walk keeps as it is (no schema below it)."""
    if names is None:
        return _plain_copy(v)
    return deep_copy_json(to_wire(v, names))


def _translate(x: dict[Any, Any], names: NameNode) -> dict[Any, Any]:
    """Python names to JSON names at one level (``to_wire``'s key mapping, children untouched)."""
    props = names.properties
    py = names.py_names
    out: dict[Any, Any] = {}
    for key, item in x.items():
        if props and key in props:
            out[key] = item
        else:
            out[py.get(key, key) if isinstance(key, str) else key] = item
    return out


def _fallback(node: Node, v: Any, names: NameNode | None, path: str, mode: int, w: Walk) -> Any:
    """The reference passes, on one subtree."""
    value = deep_copy_json(to_wire(v, names))
    if mode != _NONE:
        ctx = _Ctx(True)
        if mode == _NORMAL:
            _prune(value, node, path, ctx, False)
        else:
            _skip_prune(value, node, path, ctx, False)
        w.unknown.extend(ctx.paths)
    prune_non_nullable_nulls(value, node)
    apply_defaults(value, node)
    value = _normalize_ints(value, node)
    _validate(node, value, path, w.res)
    return value


def _prune_only(node: Node, v: Any, names: NameNode | None, path: str, mode: int, w: Walk) -> None:
    """Report the unknown fields of a value that is dropped afterwards (``status``)."""
    if mode == _NONE:
        return
    value = deep_copy_json(to_wire(v, names))
    ctx = _Ctx(True)
    if mode == _NORMAL:
        _prune(value, node, path, ctx, False)
    else:
        _skip_prune(value, node, path, ctx, False)
    w.unknown.extend(ctx.paths)


def _default(node: Node, path: str, w: Walk, *, further: bool) -> Any:
    """A default put in place (deep-copied; a property default is itself defaulted further)."""
    value = deep_copy_json(node.default)
    if further:
        apply_defaults(value, node)
    value = _normalize_ints(value, node)
    _validate(node, value, path, w.res)
    return value


def _value(node: Node, v: Any, names: NameNode | None, path: str, mode: int, w: Walk) -> Any:
    """The processed value of a present, non-null `v` at `node`."""
    t = type(v)
    if t is str:
        if not node.fx_str:
            _validate(node, v, path, w.res)
        return v
    if t is dict:
        if node.fx_obj:
            return _walk_dict(node, v, names, path, mode, w, False, False)
        return _fallback(node, v, names, path, mode, w)
    if t is list:
        if node.fx_list:
            return _walk_list(node, v, names, path, mode, w)
        return _fallback(node, v, names, path, mode, w)
    if t is float and node.int_norm:
        v = normalize_integer(v)
        t = type(v)
    if t is int:
        if not (node.fx_int and INT64_MIN <= v <= INT64_MAX):
            _validate(node, v, path, w.res)
        return v
    if t is bool:
        if not node.fx_bool:
            _validate(node, v, path, w.res)
        return v
    if t is float:
        if not node.fx_float:
            _validate(node, v, path, w.res)
        return v
    return _fallback(node, v, names, path, mode, w)


def _walk_dict(
    node: Node,
    x: dict[Any, Any],
    names: NameNode | None,
    path: str,
    mode: int,
    w: Walk,
    embedded_root: bool,
    drop_status: bool,
) -> dict[Any, Any]:
    if mode == _NORMAL and node.preserve_unknown:
        mode = _SKIP
    name_props: dict[str, NameNode | None] | None = None
    name_values: NameNode | None = None
    if names is not None:
        if names.py_names and not names.py_names.keys().isdisjoint(x):
            x = _translate(x, names)
        name_props = names.properties
        name_values = names.values
    props = node.properties or _EMPTY
    ap = node.additional
    ap_present = node.additional_allows is not None
    embedded = node.embedded or embedded_root
    prefix = f"{path}." if path else ""
    child_mode = _NONE if mode == _NONE else _NORMAL
    out: dict[Any, Any] = {}
    for k, v in x.items():
        sub = props.get(k)
        from_props = sub is not None
        k_mode = child_mode
        if embedded and k in META_FIELDS:
            k_mode = _NONE
            if sub is None:
                sub = ap
        elif sub is None:
            if ap_present:
                sub = ap
            elif mode == _NORMAL:
                if k not in META_FIELDS or path:
                    w.unknown.append(prefix + k)
                continue
        cnames = None
        if name_props is not None:
            cnames = name_props[k] if k in name_props else name_values
        if sub is None:
            out[k] = _verbatim(v, cnames)
            continue
        cpath = prefix + k
        if drop_status and k == "status":
            # pruned (its unknown fields are reported), then dropped before validation
            if v is not None and type(v) not in _SCALARS:
                _prune_only(sub, v, cnames, cpath, k_mode, w)
            continue
        if v is None:
            if sub.drop_null:
                continue
            if sub.default_null:
                out[k] = _default(sub, cpath, w, further=from_props)
                continue
            out[k] = None
            if not sub.fx_null:
                _validate(sub, None, cpath, w.res)
            continue
        t = type(v)
        if t is str:
            if not sub.fx_str:
                _validate(sub, v, cpath, w.res)
            out[k] = v
        elif t is dict and sub.fx_obj:
            out[k] = _walk_dict(sub, v, cnames, cpath, k_mode, w, False, False)
        else:
            out[k] = _value(sub, v, cnames, cpath, k_mode, w)
    for k, prop in node.default_props:
        if k not in out and not (drop_status and k == "status"):
            out[k] = _default(prop, prefix + k, w, further=True)
    res = w.res
    for k in node.required:
        if k not in out:
            res.add(_KErr(_CODE_REQUIRED, f"{path}.{k}", f"{path}.{k} in {_IN} is required"))
    return out


def _walk_list(
    node: Node, x: list[Any], names: NameNode | None, path: str, mode: int, w: Walk
) -> list[Any]:
    if mode == _NORMAL and node.preserve_unknown:
        mode = _SKIP
    items = node.items
    assert items is not None
    inames = names.items if names is not None else None
    out: list[Any] = []
    for i, v in enumerate(x):
        if v is None:
            if items.default_null:
                out.append(_default(items, f"{path}[{i}]", w, further=False))
                continue
            out.append(None)
            if not items.fx_null:
                _validate(items, None, f"{path}[{i}]", w.res)
            continue
        t = type(v)
        if t is str and items.fx_str:
            out.append(v)
        elif t is dict and items.fx_obj:
            out.append(_walk_dict(items, v, inames, f"{path}[{i}]", mode, w, False, False))
        else:
            out.append(_value(items, v, inames, f"{path}[{i}]", mode, w))
    if node.min_items is not None or node.max_items is not None:
        _slice_bounds(node, out, path, w.res)
    return out


def can_walk(node: Node, obj: Any, path: str) -> bool:
    """Whether :func:`walk_root` handles this object (else: the reference passes)."""
    return type(obj) is dict and node.fx_obj and not (path == "" and node.additional is not None)


def walk_root(
    node: Node,
    obj: dict[Any, Any],
    names: NameNode | None,
    path: str,
    *,
    resource_root: bool,
    drop_status: bool,
) -> tuple[dict[Any, Any], list[str], Walk]:
    """Process a whole object: (new value, unknown ``metadata`` paths, the walk's results).

    ``walk.unknown`` comes unsorted; the caller sorts it as the server does.
    """
    w = Walk()
    meta_unknown: list[str] = []
    if resource_root:
        meta_names: NameNode | None = None
        if names is not None:
            if names.py_names and not names.py_names.keys().isdisjoint(obj):
                obj = _translate(obj, names)
                names = NameNode(names.properties, {}, names.items, names.values)
            props = names.properties
            meta_names = props["metadata"] if "metadata" in props else names.values
            if meta_names is not None:
                # metadata is translated here, before unknown ObjectMeta fields are dropped
                names = NameNode({**props, "metadata": None}, {}, names.items, names.values)
        meta = obj.get("metadata")
        if meta is not None:
            if type(meta) is not dict or meta_names is not None:
                meta = deep_copy_json(to_wire(meta, meta_names))
            if type(meta) is dict:
                unknown = sorted(k for k in meta if k not in OBJECT_META_FIELDS)
                if unknown:
                    meta = {k: v for k, v in meta.items() if k in OBJECT_META_FIELDS}
                    meta_unknown = [f"metadata.{k}" for k in unknown]
            obj = {**obj, "metadata": meta}
    value = _walk_dict(node, obj, names, path, _NORMAL, w, resource_root, drop_status)
    return value, meta_unknown, w
