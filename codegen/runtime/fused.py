"""The API server's decode steps and schema validation in one schema-directed walk.

:class:`~codegen.runtime.validation.SchemaValidator` replays the server's order as separate
passes over a copy of the object (translate Python names, copy, prune unknown fields, drop
non-nullable nulls, default, normalise integers, validate the schema, check list types).  Each
of those steps only looks at a node's own value and its children, so one walk can do them all: it
builds the new object as it goes, reports pruned paths, schema errors and list-type errors in the
order the separate passes would, and uses
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
from codegen.runtime.errors import FieldError
from codegen.runtime.listtype import list_own_errors, validate_list_value
from codegen.runtime.metadata import known_object_meta
from codegen.runtime.openapi_validation import (
    _CODE_REQUIRED,
    _IN,
    _KErr,
    _Res,
    _slice_bounds,
    _validate,
)
from codegen.runtime.pruning import JSON_SCALARS as _IMMUTABLE
from codegen.runtime.pruning import META_FIELDS, _Ctx, _prune, _skip_prune
from codegen.runtime.scalars import INT64_MAX, INT64_MIN, normalize_integer
from codegen.runtime.structural import Node
from codegen.runtime.validation import _normalize_ints
from codegen.runtime.wire import NameNode, json_keys, to_wire

__all__ = ["Walk", "can_walk", "walk_root"]

# Pruning modes, as pruning.py walks: `_prune` (normal), `_skip_prune` (below
# x-kubernetes-preserve-unknown-fields) and not pruned at all (apiVersion/kind/metadata of an
# embedded resource, which `_prune` steps over).
_NORMAL: Final = 0
_SKIP: Final = 1
_NONE: Final = 2

_EMPTY: Final[dict[str, Node]] = {}


class Walk:
    """What one walk collects: pruned paths, kube-openapi errors and list-type errors."""

    __slots__ = ("lt", "res", "unknown")

    def __init__(self) -> None:
        self.unknown: list[str] = []
        self.res = _Res()
        self.lt: list[FieldError] = []


def _plain_copy(v: Any) -> Any:
    """``deep_copy_json(to_wire(v, None))``, fast for plain JSON."""
    t = type(v)
    if t is dict:  # scalars kept inline: no call per leaf
        return {k: x if type(x) in _IMMUTABLE else _plain_copy(x) for k, x in v.items()}
    if t is list:
        return [x if type(x) in _IMMUTABLE else _plain_copy(x) for x in v]
    if t in _IMMUTABLE:
        return v
    return deep_copy_json(to_wire(v, None))


def _verbatim(v: Any, names: NameNode | None) -> Any:
    """A value the walk keeps as it is (no schema below it)."""
    if names is None:
        return _plain_copy(v)
    return deep_copy_json(to_wire(v, names))


# Paths: `path` is kube-openapi's (and pruning's) form, `lpath` the list-type check's
# (``field.Path``: additionalProperties keys as ``[key]``; "" at the root).  `lpath` is only
# kept up to date where the node has list types below it.


def _fallback(
    node: Node, v: Any, names: NameNode | None, path: str, lpath: str, mode: int, w: Walk
) -> Any:
    """The reference passes, on one subtree."""
    value = _pruned_copy(node, v, names, path, mode, w)
    prune_non_nullable_nulls(value, node)
    apply_defaults(value, node)
    return _normalized_and_checked(node, value, path, lpath, w)


def _pruned_copy(node: Node, v: Any, names: NameNode | None, path: str, mode: int, w: Walk) -> Any:
    """A wire copy of `v`, pruned as `mode` says; its unknown fields go to `w.unknown`."""
    value = deep_copy_json(to_wire(v, names))
    if mode != _NONE:
        ctx = _Ctx(True)
        if mode == _NORMAL:
            _prune(value, node, path, ctx, False)
        else:
            _skip_prune(value, node, path, ctx, False)
        w.unknown.extend(ctx.paths)
    return value


def _prune_only(node: Node, v: Any, names: NameNode | None, path: str, mode: int, w: Walk) -> None:
    """Report the unknown fields of a value that is dropped afterwards (``status``)."""
    if mode != _NONE:
        _pruned_copy(node, v, names, path, mode, w)


def _default(node: Node, path: str, lpath: str, w: Walk) -> Any:
    """A default put in place (deep-copied, and itself defaulted further)."""
    value = deep_copy_json(node.default)
    apply_defaults(value, node)
    return _normalized_and_checked(node, value, path, lpath, w)


def _normalized_and_checked(node: Node, value: Any, path: str, lpath: str, w: Walk) -> Any:
    """The last steps on a processed value: integers normalised, schema and list types checked."""
    value = _normalize_ints(value, node)
    _validate(node, value, path, w.res)
    if node.has_list_types:
        w.lt.extend(validate_list_value(lpath or None, node, value))
    return value


def _value(
    node: Node, v: Any, names: NameNode | None, path: str, lpath: str, mode: int, w: Walk
) -> Any:
    """The processed value of a present, non-null `v` at `node`."""
    t = type(v)
    if t is str:
        if not node.fx_str:
            q = node.q_str
            if q is None or not q(v):
                _validate(node, v, path, w.res)
        return v
    if t is dict:
        if node.fx_obj:
            return _walk_dict(node, v, names, path, lpath, mode, w, False, False)
        return _fallback(node, v, names, path, lpath, mode, w)
    if t is list:
        if node.fx_list:
            return _walk_list(node, v, names, path, lpath, mode, w)
        return _fallback(node, v, names, path, lpath, mode, w)
    if t is float and node.int_norm:
        v = normalize_integer(v)
        t = type(v)
    if t is int:
        if not (INT64_MIN <= v <= INT64_MAX and (node.fx_int or _q_int(node, v))):
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
    return _fallback(node, v, names, path, lpath, mode, w)


def _q_int(node: Node, v: int) -> bool:
    q = node.q_int
    return q is not None and q(v)


def _walk_dict(
    node: Node,
    x: dict[Any, Any],
    names: NameNode | None,
    path: str,
    lpath: str,
    mode: int,
    w: Walk,
    embedded_root: bool,
    drop_status: bool,
) -> dict[Any, Any]:
    # The common cases (a property holding a string, an int, a bool or an object) are handled
    # inline; `_value` takes the rest.  Paths are only built when something needs them.
    if mode == 0 and node.preserve_unknown:
        mode = _SKIP
    name_props: dict[str, NameNode | None] | None = None
    name_values: NameNode | None = None
    cnames: NameNode | None = None
    if names is not None:
        if names.py_names and not names.py_names.keys().isdisjoint(x):
            x = json_keys(x, names, path)
        name_props = names.properties
        name_values = names.values
    props = node.properties or _EMPTY
    embedded = node.embedded or embedded_root
    prefix = f"{path}." if path else ""
    child_mode = _NONE if mode == _NONE else _NORMAL
    res = w.res
    out: dict[Any, Any] = {}
    for k, v in x.items():
        sub = props.get(k)
        from_props = True
        k_mode = child_mode
        if embedded and k in META_FIELDS:
            k_mode = _NONE
            if k == "metadata" and node.embedded and mode != _NONE and type(v) is dict:
                v, unknown = known_object_meta(v, prefix + k)  # pruning's _prune_embedded_meta
                w.unknown.extend(unknown)
            if sub is None:
                from_props = False
                sub = node.additional
        elif sub is None:
            from_props = False
            if node.additional_allows is not None:
                sub = node.additional
            elif mode == 0:
                if k not in META_FIELDS or path:
                    w.unknown.append(prefix + k)
                continue
        if sub is None:
            if drop_status and k == "status":
                continue  # kept by a root that keeps unknown fields, then dropped
            if type(v) in _IMMUTABLE:
                out[k] = v
            else:
                out[k] = _verbatim(v, name_props.get(k, name_values) if name_props else None)
            continue
        if drop_status and k == "status":
            # pruned (its unknown fields are reported), then dropped before validation
            if v is not None and type(v) not in _IMMUTABLE:
                cnames = name_props.get(k, name_values) if name_props is not None else None
                _prune_only(sub, v, cnames, prefix + k, k_mode, w)
            continue
        t = type(v)
        if t is str:
            out[k] = v
            if not sub.fx_str:
                q = sub.q_str
                if q is None or not q(v):
                    _validate(sub, v, prefix + k, res)
            continue
        if t is int:
            out[k] = v
            if not (INT64_MIN <= v <= INT64_MAX and (sub.fx_int or _q_int(sub, v))):
                _validate(sub, v, prefix + k, res)
            continue
        if t is bool and sub.fx_bool:
            out[k] = v
            continue
        if v is None:
            if sub.drop_null:
                continue
            if sub.default_null:
                out[k] = _default(sub, prefix + k, _lchild(sub, lpath, k, from_props), w)
                continue
            out[k] = None
            if not sub.fx_null:
                _validate(sub, None, prefix + k, res)
            continue
        if name_props is not None:
            cnames = name_props.get(k, name_values)
        clpath = _lchild(sub, lpath, k, from_props) if sub.has_list_types else ""
        if t is dict and sub.fx_obj:
            out[k] = _walk_dict(sub, v, cnames, prefix + k, clpath, k_mode, w, False, False)
        else:
            out[k] = _value(sub, v, cnames, prefix + k, clpath, k_mode, w)
    for k, prop in node.default_props:
        if k not in out and not (drop_status and k == "status"):
            out[k] = _default(prop, prefix + k, _lchild(prop, lpath, k, True), w)
    for k in node.required:
        if k not in out:
            res.add(_KErr(_CODE_REQUIRED, f"{path}.{k}", f"{path}.{k} in {_IN} is required"))
    return out


def _lchild(node: Node, lpath: str, key: str, from_props: bool) -> str:
    """The list-type path of a child (``field.Path.Child`` / ``.Key``), when it needs one."""
    if not node.has_list_types:
        return ""
    if from_props:
        return f"{lpath}.{key}" if lpath else key
    return f"{lpath}[{key}]"


def _walk_list(
    node: Node, x: list[Any], names: NameNode | None, path: str, lpath: str, mode: int, w: Walk
) -> list[Any]:
    if mode == 0 and node.preserve_unknown:
        mode = _SKIP
    items = node.items
    assert items is not None
    inames = names.items if names is not None else None
    lt = w.lt
    mark = len(lt)
    track = items.has_list_types
    ilpath = ""
    fx_str = items.fx_str
    fx_obj = items.fx_obj
    out: list[Any] = []
    append = out.append
    for i, v in enumerate(x):
        t = type(v)
        if t is str and fx_str:
            append(v)
            continue
        if track:
            ilpath = f"{lpath}[{i}]"
        if t is dict and fx_obj:
            append(_walk_dict(items, v, inames, f"{path}[{i}]", ilpath, mode, w, False, False))
        elif v is None:
            if items.default_null:
                append(_default(items, f"{path}[{i}]", ilpath, w))
                continue
            append(None)
            if not items.fx_null:
                _validate(items, None, f"{path}[{i}]", w.res)
        else:
            append(_value(items, v, inames, f"{path}[{i}]", ilpath, mode, w))
    if node.min_items is not None or node.max_items is not None:
        _slice_bounds(node, out, path, w.res)
    if node.list_type in ("set", "map"):
        own = list_own_errors(lpath or None, node, out)
        if own:
            lt[mark:mark] = own
    return out


def can_walk(node: Node, obj: Any, path: str) -> bool:
    """Whether :func:`walk_root` handles this object (else: the reference passes)."""
    return (
        type(obj) is dict
        and node.fx_obj
        and node.fx_subtree
        and not (path == "" and node.additional is not None)
    )


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
                obj = json_keys(obj, names)
            meta_names, names, plain = _resource_names(names)
        meta = obj.get("metadata")
        if meta is not None:
            if type(meta) is not dict:
                meta = deep_copy_json(to_wire(meta, meta_names))
                if names is not None:
                    names = plain  # translated all the way down already
            elif meta_names is not None and meta_names.py_names:
                meta = json_keys(meta, meta_names, "metadata")
            if type(meta) is dict:
                meta, meta_unknown = known_object_meta(meta, "metadata")
            obj = {**obj, "metadata": meta}
    value = _walk_dict(node, obj, names, path, path, _NORMAL, w, resource_root, drop_status)
    return value, meta_unknown, w


_resource_cache: dict[int, tuple[NameNode, NameNode | None, NameNode, NameNode]] = {}


def _resource_names(names: NameNode) -> tuple[NameNode | None, NameNode, NameNode]:
    """Metadata's names, and the root's names for the walk (with metadata's, or with none).

    The root's keys and metadata's own keys are translated before the walk (unknown ObjectMeta
    fields are dropped by their JSON name); the walk must not translate them again.
    """
    hit = _resource_cache.get(id(names))
    if hit is not None and hit[0] is names:
        return hit[1], hit[2], hit[3]
    props = names.properties
    meta_names = props.get("metadata", names.values)
    walk_props: dict[str, NameNode | None] = dict(props)
    if meta_names is not None:
        walk_props["metadata"] = NameNode(
            meta_names.properties, {}, meta_names.items, meta_names.values
        )
    elif "metadata" not in props:
        walk_props["metadata"] = None
    walk_names = NameNode(walk_props, {}, names.items, names.values)
    plain = NameNode({**walk_props, "metadata": None}, {}, names.items, names.values)
    if len(_resource_cache) > 256:
        _resource_cache.clear()
    _resource_cache[id(names)] = (names, meta_names, walk_names, plain)
    return meta_names, walk_names, plain
