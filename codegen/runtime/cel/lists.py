"""Kubernetes `lists` library: isSorted, sum, min, max, indexOf, lastIndexOf.

(The CEL `lists` extension — sort, slice, flatten, distinct, range, ... — comes with the engine.)
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from cel_expr_python import cel

from .library import LibFunction, LibOverload, LibraryError

T = cel.Type
_COMPARABLE: dict[str, cel.Type] = {
    "int": T.INT,
    "uint": T.UINT,
    "double": T.DOUBLE,
    "bool": T.BOOL,
    "string": T.STRING,
    "bytes": T.BYTES,
    "duration": T.DURATION,
    "timestamp": T.TIMESTAMP,
}
_SUMMABLE: dict[str, cel.Type] = {
    "int": T.INT,
    "uint": T.UINT,
    "double": T.DOUBLE,
    "duration": T.DURATION,
}


def _is_sorted(items: list[Any]) -> bool:
    return all(a <= b for a, b in itertools.pairwise(items))


_INT64 = (-(2**63), 2**63 - 1)
_DURATION_MICROS = (-(2**63) // 1000, (2**63 - 1) // 1000)  # Go's int64 nanoseconds


def sum_of(items: list[Any], *, unsigned: bool = False) -> Any:
    """The library's sum: each partial sum added as cel-go adds (`Int.Add` and `Duration.Add`
    fail on int64 overflow, `Uint.Add` past uint64); doubles never fail. The engine hands uints
    over as Python ints: `unsigned` says the list is a `list(uint)` (see `overrides`)."""
    if not items:
        return 0
    if isinstance(items[0], datetime.timedelta):
        total = datetime.timedelta()
        for item in items:
            total += item
            micros = (total.days * 86400 + total.seconds) * 1_000_000 + total.microseconds
            if not _DURATION_MICROS[0] <= micros <= _DURATION_MICROS[1]:
                raise LibraryError("integer overflow")
        return total
    if any(isinstance(i, float) for i in items):
        return float(sum(items))
    low, high = (0, 2**64 - 1) if unsigned else _INT64
    running = 0
    for item in items:
        running += item
        if not low <= running <= high:
            raise LibraryError("unsigned integer overflow" if unsigned else "integer overflow")
    return running


def _extreme(name: str, pick: Any) -> Any:
    def impl(items: list[Any]) -> Any:
        if not items:
            raise LibraryError(f"{name} called on empty list")
        return pick(items)

    return impl


def index_of(items: list[Any], value: Any) -> int:
    return next((i for i, item in enumerate(items) if _equal(item, value)), -1)


def last_index_of(items: list[Any], value: Any) -> int:
    found = [i for i, item in enumerate(items) if _equal(item, value)]
    return found[-1] if found else -1


def _equal(a: Any, b: Any) -> bool:
    # CEL equality: bool is not a number, even though Python says True == 1.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def _per_type(
    name: str, types: dict[str, cel.Type], impl: Any, result_is_element: bool, result: cel.Type
) -> LibFunction:
    return LibFunction(
        name,
        tuple(
            LibOverload(
                f"list_{key}_{name}",
                (T.List(t),),
                t if result_is_element else result,
                impl,
                member=True,
            )
            for key, t in types.items()
        ),
    )


def functions() -> list[LibFunction]:
    any_list = T.List(T.DYN)
    return [
        _per_type("isSorted", _COMPARABLE, _is_sorted, False, T.BOOL),
        _per_type("sum", _SUMMABLE, sum_of, True, T.DYN),
        _per_type("min", _COMPARABLE, _extreme("min", min), True, T.DYN),
        _per_type("max", _COMPARABLE, _extreme("max", max), True, T.DYN),
        LibFunction(
            "indexOf",
            (LibOverload("list_indexOf", (any_list, T.DYN), T.INT, index_of, member=True),),
        ),
        LibFunction(
            "lastIndexOf",
            (
                LibOverload(
                    "list_lastIndexOf", (any_list, T.DYN), T.INT, last_index_of, member=True
                ),
            ),
        ),
    ]
