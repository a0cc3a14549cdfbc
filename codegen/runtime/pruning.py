"""Pruning of unknown fields (apiextensions ``pruning.PruneWithOptions``).

Mutates the value in place and returns the pruned field paths, sorted as the server sorts them
(``spec.x``, ``spec.list[1].y``, additionalProperties keys as ``.key``).  Nothing below
``x-kubernetes-preserve-unknown-fields`` is pruned, but its known children are still walked;
embedded resources (and the resource root) keep ``apiVersion``, ``kind`` and ``metadata``; an
embedded resource's ``metadata`` then loses the keys ObjectMeta does not know (the server's
coercion, which follows pruning).
"""

from __future__ import annotations

from typing import Any, Final

from codegen.runtime.metadata import OBJECT_META_FIELDS, prune_object_meta
from codegen.runtime.structural import Node, compile_schema

__all__ = ["JSON_SCALARS", "META_FIELDS", "prune", "would_prune"]

META_FIELDS: Final = frozenset({"apiVersion", "kind", "metadata"})
JSON_SCALARS: Final = frozenset((str, int, float, bool, type(None)))  # immutable, too
_EMPTY: Final[dict[str, object]] = {}


class _Ctx:
    __slots__ = ("coerce", "paths", "track")

    def __init__(self, track: bool, *, coerce: bool = True) -> None:
        self.track = track
        self.coerce = coerce  # embedded resources' metadata too (see `_prune_embedded_meta`)
        self.paths: list[str] = []

    def record(self, parent: str, key: str) -> None:
        if self.track:
            self.paths.append(f"{parent}.{key}" if parent else key)


def _child(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _prune(x: Any, node: Node | None, path: str, ctx: _Ctx, embedded_root: bool) -> None:
    if node is not None and node.preserve_unknown:
        _skip_prune(x, node, path, ctx, embedded_root)
        return
    if isinstance(x, dict):
        if node is None:
            for k in list(x):
                ctx.record(path, k)
                del x[k]
            return
        embedded = node.embedded or embedded_root
        props = node.properties
        ap_present = node.additional_allows is not None
        ap = node.additional
        for k in list(x):
            if embedded and k in META_FIELDS:
                if k == "metadata" and node.embedded and ctx.coerce:
                    _prune_embedded_meta(x[k], path, ctx)
                continue
            sub = props.get(k) if props else None
            if sub is not None:
                _prune(x[k], sub, _child(path, k), ctx, False)
            elif ap_present:
                _prune(x[k], ap, _child(path, k), ctx, False)
            else:
                if k not in META_FIELDS or path:
                    ctx.record(path, k)
                del x[k]
    elif isinstance(x, list):
        items = node.items if node is not None else None
        for i, v in enumerate(x):
            _prune(v, items, f"{path}[{i}]", ctx, False)


def _prune_embedded_meta(meta: Any, path: str, ctx: _Ctx) -> None:
    """An embedded resource's metadata loses what ObjectMeta does not know: not pruning itself,
    but ``objectmeta.Coerce``, which the server runs right after it (a round trip through
    ObjectMeta), so both are one walk here."""
    if type(meta) is dict:
        paths = prune_object_meta(meta, _child(path, "metadata"))
        if ctx.track:
            ctx.paths.extend(paths)


def _skip_prune(x: Any, node: Node | None, path: str, ctx: _Ctx, embedded_root: bool) -> None:
    if node is None:
        return
    if isinstance(x, dict):
        embedded = node.embedded or embedded_root
        props = node.properties
        ap_present = node.additional_allows is not None
        for k in list(x):
            if embedded and k in META_FIELDS:
                if k == "metadata" and node.embedded and ctx.coerce:
                    _prune_embedded_meta(x[k], path, ctx)
                continue
            sub = props.get(k) if props else None
            if sub is not None:
                _prune(x[k], sub, _child(path, k), ctx, False)
            elif ap_present:
                _prune(x[k], node.additional, _child(path, k), ctx, False)
    elif isinstance(x, list):
        for i, v in enumerate(x):
            _skip_prune(v, node.items, f"{path}[{i}]", ctx, False)


def would_prune(x: Any, node: Node | None, *, kept: bool = False) -> bool:
    """Whether pruning `x` at `node` would record anything (`_prune` at a non-root path, without
    the copy it needs); True as well for anything but plain JSON, which the caller cannot judge
    without translating it first. `kept`: below x-kubernetes-preserve-unknown-fields, where
    unknown keys stay and known ones are still looked into (`_skip_prune`)."""
    if node is not None and node.preserve_unknown:
        kept = True
    t = type(x)
    if node is None:  # no schema here: every key unknown, unless kept
        if kept:
            return not _plain_json(x)
        if t is dict:
            return bool(x)
        if t is list:
            return any(would_prune(v, None) for v in x)
        return t not in JSON_SCALARS
    if t is dict:
        props = node.properties
        ap_present = node.additional_allows is not None
        for k, v in x.items():
            if type(k) is not str:
                return True
            if node.embedded and k in META_FIELDS:
                if not _plain_json(v):
                    return True
                if k == "metadata" and type(v) is dict and not OBJECT_META_FIELDS.issuperset(v):
                    return True
                continue
            sub = props.get(k) if props else None
            if sub is not None or ap_present:
                # a JSON scalar never prunes, whatever its schema: no call for it
                if type(v) not in JSON_SCALARS and would_prune(
                    v, sub if sub is not None else node.additional
                ):
                    return True
            elif not kept or not _plain_json(v):
                return True
        return False
    if t is list:
        items = node.items
        for v in x:  # noqa: SIM110 - a loop, not any(): no generator frame per list
            if type(v) not in JSON_SCALARS and would_prune(v, items, kept=kept):
                return True
        return False
    return t not in JSON_SCALARS


def _plain_json(x: Any) -> bool:
    t = type(x)
    if t is dict:
        return all(type(k) is str and _plain_json(v) for k, v in x.items())
    if t is list:
        return all(_plain_json(v) for v in x)
    return t in JSON_SCALARS


def prune(
    x: Any,
    node: Node | None,
    *,
    is_resource_root: bool = False,
    track_paths: bool = True,
    path_prefix: str = "",
    coerce_metadata: bool = True,
) -> list[str]:
    """Prune ``x`` in place against ``node``; return the sorted pruned paths.

    `coerce_metadata`: embedded resources' ``metadata`` lose the keys ObjectMeta does not know,
    as the server's coercion right after pruning does (False: pruning alone)."""
    if is_resource_root and node is None:
        node = compile_schema(_EMPTY)
    ctx = _Ctx(track_paths, coerce=coerce_metadata)
    _prune(x, node, path_prefix, ctx, is_resource_root)
    ctx.paths.sort()
    return ctx.paths
