"""Declaring Kubernetes CEL library functions once, for both environments.

Each library module lists `LibFunction`s with precise overloads. The checking environment gets
those declarations verbatim (so `['a'].sum()` is a compile error, as on the API server). The
evaluation environment needs one Python implementation per *runtime* signature (the engine
dispatches on value kinds, so `sum(list(int))` and `sum(list(double))` are one slot), so
overloads sharing a runtime signature are merged into a dispatcher that picks by Python type.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cel_expr_python import cel
from google.protobuf import duration_pb2, timestamp_pb2

Impl = Callable[..., Any]
Accept = type | tuple[type, ...] | None


class LibraryError(Exception):
    """A library function failed at runtime; the text is the API server's error text."""


@dataclass(frozen=True)
class LibOverload:
    overload_id: str
    params: tuple[cel.Type, ...]
    result: cel.Type
    impl: Impl
    accepts: tuple[Accept, ...] = ()  # Python types per argument, for runtime dispatch
    member: bool = False
    message_types: tuple[str, ...] = field(default=())  # full names per argument (or "")

    def matches(self, args: Sequence[Any]) -> bool:
        for i, arg in enumerate(args):
            accept = self.accepts[i] if i < len(self.accepts) else None
            if accept is not None and not isinstance(arg, accept):
                return False
            wanted = self.message_types[i] if i < len(self.message_types) else ""
            if wanted and getattr(getattr(arg, "DESCRIPTOR", None), "full_name", None) != wanted:
                return False
        return True


@dataclass(frozen=True)
class LibFunction:
    name: str
    overloads: tuple[LibOverload, ...]


def merged(functions: Sequence[LibFunction]) -> list[LibFunction]:
    """One entry per function name (several libraries overload e.g. isLessThan)."""
    by_name: dict[str, list[LibOverload]] = {}
    for fn in functions:
        by_name.setdefault(fn.name, []).extend(fn.overloads)
    return [LibFunction(name, tuple(overloads)) for name, overloads in by_name.items()]


def check_declarations(functions: Sequence[LibFunction]) -> list[cel.FunctionDecl]:
    """Precise declarations for type-checking (implementations never run there)."""
    functions = merged(functions)
    return [
        cel.FunctionDecl(
            fn.name,
            [
                cel.Overload(o.overload_id, o.result, list(o.params), is_member=o.member)
                for o in fn.overloads
            ],
        )
        for fn in functions
    ]


def _runtime_kind(t: cel.Type) -> str:
    return "message" if t.is_message() else t.name().split("(")[0].split("<")[0].lower()


def eval_declarations(functions: Sequence[LibFunction]) -> list[cel.FunctionDecl]:
    """One overload per runtime signature, returning dyn, dispatching to the right impl."""
    functions = merged(functions)
    decls = []
    for fn in functions:
        groups: dict[tuple[bool, tuple[str, ...]], list[LibOverload]] = {}
        for o in fn.overloads:
            key = (o.member, tuple(_runtime_kind(p) for p in o.params))
            groups.setdefault(key, []).append(o)
        overloads = [
            cel.Overload(
                group[0].overload_id,
                cel.Type.DYN,
                list(group[0].params),
                is_member=group[0].member,
                impl=_dispatcher(fn.name, group),
            )
            for group in groups.values()
        ]
        decls.append(cel.FunctionDecl(fn.name, overloads))
    return decls


def _dispatcher(name: str, group: list[LibOverload]) -> Impl:
    def dispatch(*args: Any) -> Any:
        for overload in group:
            if overload.matches(args):
                return to_engine(overload.impl(*args))
        raise LibraryError(f"no such overload: {name}")

    return dispatch


def to_engine(value: Any) -> Any:
    """Python results the engine cannot take back as-is (it hands us datetime/timedelta)."""
    if isinstance(value, datetime.datetime):
        ts = timestamp_pb2.Timestamp()
        ts.FromDatetime(value)
        return ts
    if isinstance(value, datetime.timedelta):
        du = duration_pb2.Duration()
        du.FromTimedelta(value)
        return du
    if isinstance(value, list):
        return [to_engine(v) for v in value]
    return value
