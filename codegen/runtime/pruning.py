"""Pruning of unknown fields (apiextensions ``pruning.PruneWithOptions``).

Mutates the value in place and returns the pruned field paths, sorted as the server sorts them
(``spec.x``, ``spec.list[1].y``, additionalProperties keys as ``.key``).  Nothing below
``x-kubernetes-preserve-unknown-fields`` is pruned, but its known children are still walked;
embedded resources (and the resource root) keep ``apiVersion``, ``kind`` and ``metadata``.
"""

from __future__ import annotations

from typing import Any, Final

from codegen.runtime.structural import Node, compile_schema

__all__ = ["META_FIELDS", "prune"]

META_FIELDS: Final = frozenset({"apiVersion", "kind", "metadata"})
_EMPTY: Final[dict[str, object]] = {}


class _Ctx:
    __slots__ = ("paths", "track")

    def __init__(self, track: bool) -> None:
        self.track = track
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


def _skip_prune(x: Any, node: Node | None, path: str, ctx: _Ctx, embedded_root: bool) -> None:
    if node is None:
        return
    if isinstance(x, dict):
        embedded = node.embedded or embedded_root
        props = node.properties
        ap_present = node.additional_allows is not None
        for k in list(x):
            if embedded and k in META_FIELDS:
                continue
            sub = props.get(k) if props else None
            if sub is not None:
                _prune(x[k], sub, _child(path, k), ctx, False)
            elif ap_present:
                _prune(x[k], node.additional, _child(path, k), ctx, False)
    elif isinstance(x, list):
        for i, v in enumerate(x):
            _skip_prune(v, node.items, f"{path}[{i}]", ctx, False)


def prune(
    x: Any,
    node: Node | None,
    *,
    is_resource_root: bool = False,
    track_paths: bool = True,
    path_prefix: str = "",
) -> list[str]:
    """Prune ``x`` in place against ``node``; return the sorted pruned paths."""
    if is_resource_root and node is None:
        node = compile_schema(_EMPTY)
    ctx = _Ctx(track_paths)
    _prune(x, node, path_prefix, ctx, is_resource_root)
    ctx.paths.sort()
    return ctx.paths
