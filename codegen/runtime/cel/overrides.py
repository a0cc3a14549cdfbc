"""Calls the evaluation env routes to Python because the engine differs from cel-go there.

The checked AST tells which overload every call resolved to and the static type of every
argument; `specialize` rewrites the calls whose result depends on what the runtime cannot see
(the element type of an empty list) or where the engine's semantics differ from cel-go's, into
calls of hidden functions (names with `@`, which no rule can spell) declared only in the
evaluation env:

- `sum()` of an empty `list(double|uint|duration)` is that type's zero (not int 0);
- `duration.getMilliseconds()` is the whole duration in milliseconds (Go's `Milliseconds()`);
- `optional.ofNonZeroValue(timestamp)`: Go's zero time is 0001-01-01T00:00:00Z, not the epoch;
- `'...'.format(args)`: cel-go's legacy formatter (its clause types and texts, `×10⁰⁰`
  exponents, grouped thousands, doubles and quoting in lists; see `string_format`);
- conversions from strings and to text of durations and timestamps (see `conversions`);
- the strings extension's `charAt`, `indexOf`, `lastIndexOf` and `substring` (`strings_go`);
- `matches`: Go's regexp syntax and error texts (`regex_ext`).

`cel.@mapInsert`, the helper the two-variable comprehension macros (`transformMap`,
`transformMapEntry`) expand into, has a checker declaration in the engine but no runtime
implementation; it is provided here.
"""

from __future__ import annotations

import datetime
from typing import Any

from cel_expr_python import cel

from . import checked_ast as ca
from . import conversions, regex_ext, strings_go
from .library import LibFunction, LibOverload, LibraryError
from .lists import sum_of
from .string_format import format_string

T = cel.Type
MAP_INSERT = "cel.@mapInsert"
_SUM_ZERO: dict[str, Any] = {
    "double": 0.0,
    "uint": 0,  # the engine has no Python uint; int 0 compares equal to 0u
    "duration": datetime.timedelta(),
}
_SUM = "@k8s.sum."
_MILLISECONDS = "@k8s.durationMilliseconds"
_GO_ZERO_TIME = "@k8s.isGoZeroTime"
_FORMAT = "@k8s.format"
_EPOCH = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
# engine overload id -> the hidden function with cel-go's semantics
_ROUTED = {**strings_go.ROUTED, **regex_ext.ROUTED}


def _map_insert(target: dict[Any, Any], key: Any, value: Any) -> dict[Any, Any]:
    return _insert_all(target, {key: value})


def _insert_all(target: dict[Any, Any], entries: dict[Any, Any]) -> dict[Any, Any]:
    result = dict(target)
    for k, v in entries.items():
        if k in result:
            raise LibraryError(f"insert failed: key {_go_value(k)} already exists")
        result[k] = v
    return result


def _go_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _milliseconds(value: datetime.timedelta) -> int:
    micros = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    return micros // 1000 if micros >= 0 else -((-micros) // 1000)


def _is_go_zero_time(value: Any) -> bool:
    if isinstance(value, datetime.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
        return aware == _EPOCH
    return False


def functions() -> list[LibFunction]:
    any_map = T.Map(T.DYN, T.DYN)
    sums = [
        LibFunction(
            f"{_SUM}{key}",
            (
                LibOverload(
                    f"k8s_sum_{key}",
                    (T.List(T.DYN),),
                    T.DYN,
                    lambda items, zero=zero, key=key: (
                        sum_of(items, unsigned=key == "uint") if items else zero
                    ),
                    member=True,
                ),
            ),
        )
        for key, zero in _SUM_ZERO.items()
    ]
    return [
        *sums,
        *conversions.functions(),
        *strings_go.functions(),
        *regex_ext.matches_functions(),
        LibFunction(
            MAP_INSERT,
            (
                LibOverload("k8s_map_insert_kv", (any_map, T.DYN, T.DYN), T.DYN, _map_insert),
                LibOverload("k8s_map_insert_map", (any_map, any_map), T.DYN, _insert_all),
            ),
        ),
        LibFunction(
            _MILLISECONDS,
            (
                LibOverload(
                    "k8s_duration_milliseconds", (T.DURATION,), T.INT, _milliseconds, member=True
                ),
            ),
        ),
        LibFunction(
            _FORMAT,
            (
                LibOverload(
                    "k8s_string_format",
                    (T.STRING, T.List(T.DYN)),
                    T.STRING,
                    format_string,
                    member=True,
                ),
            ),
        ),
        LibFunction(
            _GO_ZERO_TIME,
            (LibOverload("k8s_is_go_zero_time", (T.TIMESTAMP,), T.BOOL, _is_go_zero_time),),
        ),
    ]


def specialize(ast: ca.CheckedAst) -> None:
    """Rewrite `ast` in place (see the module docstring)."""
    next_id = [max((e.id for e, _ in ca.walk(ast.root)), default=0) + 1]

    def fresh() -> int:
        next_id[0] += 1
        return next_id[0]

    for expr, _ in list(ca.walk(ast.root)):
        if ca.kind(expr) != "call_expr":
            continue
        call = expr.call_expr
        overloads = ast.overloads.get(expr.id, ())
        if call.function == "sum" and len(overloads) == 1:
            key = overloads[0].removeprefix("list_").removesuffix("_sum")
            if key in _SUM_ZERO:
                call.function = f"{_SUM}{key}"
        elif len(overloads) == 1 and overloads[0] in _ROUTED:
            call.function = _ROUTED[overloads[0]]
        elif frozenset(overloads) in strings_go.ROUTED_EITHER:
            call.function = strings_go.ROUTED_EITHER[frozenset(overloads)]
        elif call.function == "getMilliseconds" and overloads == ("duration_to_milliseconds",):
            call.function = _MILLISECONDS
        elif call.function == "format" and overloads == ("string_format",):
            call.function = _FORMAT
        elif (
            call.function == "optional.ofNonZeroValue"
            and len(call.args) == 1
            and ca.type_name(ast.types.get(call.args[0].id, ca.new("Type")))
            == "google.protobuf.Timestamp"
        ):
            _non_zero_timestamp(expr, fresh)
    # descendants first: a rewrite replaces the nodes below it by copies
    for expr, _ in reversed(list(ca.walk(ast.root))):
        if ca.kind(expr) == "call_expr":
            conversions.rewrite(expr, ast.overloads.get(expr.id, ()), fresh)


def _non_zero_timestamp(expr: Any, fresh: Any) -> None:
    """`optional.ofNonZeroValue(t)` -> `@k8s.isGoZeroTime(t) ? optional.none() : optional.of(t)`."""
    arg = expr.call_expr.args[0]
    test = ca.new("Expr")
    test.id = fresh()
    test.call_expr.function = _GO_ZERO_TIME
    test.call_expr.args.add().CopyFrom(arg)
    none = ca.new("Expr")
    none.id = fresh()
    none.call_expr.function = "optional.none"
    some = ca.new("Expr")
    some.id = fresh()
    some.call_expr.function = "optional.of"
    some.call_expr.args.add().CopyFrom(arg)
    _renumber(some.call_expr.args[0], fresh)
    expr.call_expr.function = "_?_:_"
    del expr.call_expr.args[:]
    for part in (test, none, some):
        expr.call_expr.args.add().CopyFrom(part)


def _renumber(expr: Any, fresh: Any) -> None:
    """Fresh ids for a copied sub-expression (the planner keys some state by id)."""
    for sub, _ in ca.walk(expr):
        sub.id = fresh()
        if ca.kind(sub) == "struct_expr":
            for entry in sub.struct_expr.entries:
                entry.id = fresh()
