"""CEL type conversions the way cel-go converts, where the engine (absl) differs.

- `int|uint|double|bool|duration|timestamp(string)` parse with Go's strconv / time rules
  (`go_parse`): the argument is wrapped, `int(x)` -> `int(@k8s.go.int(x))`, and the wrapper
  turns a string into the exact value (or fails with cel-go's conversion error) and hands any
  other value through, so the engine's own conversion of non-strings is untouched.
- `string(duration|timestamp)` prints as Go does: the engine's text is rewritten afterwards,
  `string(d)` -> `@k8s.go.text(string(d), d)` (the second argument only tells the kind; the
  engine hands durations and timestamps to Python with microsecond precision, the text is
  exact).

The rewritten calls keep their ids, so the checked types and overloads still describe them;
the wrappers get fresh ids and `static_cost` looks through them (names starting `WRAPPER`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from cel_expr_python import cel
from google.protobuf import duration_pb2, timestamp_pb2, wrappers_pb2

from . import checked_ast as ca
from . import go_parse
from .library import LibFunction, LibOverload, LibraryError, to_engine

T = cel.Type
WRAPPER = "@k8s.go."
_TEXT = f"{WRAPPER}text"
_DURATION = "google.protobuf.Duration"
_TIMESTAMP = "google.protobuf.Timestamp"


def _failed(target: str) -> LibraryError:
    return LibraryError(f"type conversion error from 'string' to '{target}'")


def _to_int(text: str) -> Any:
    value = go_parse.parse_int(text)
    if value is None:
        raise _failed("int")
    return value


def _to_uint(text: str) -> Any:
    value = go_parse.parse_uint(text)
    if value is None:
        raise _failed("uint")
    return wrappers_pb2.UInt64Value(value=value)  # the engine reads it as a uint


def _to_double(text: str) -> Any:
    value = go_parse.parse_float(text)
    if value is None:
        raise _failed("double")
    return value


def _to_bool(text: str) -> Any:
    value = go_parse.parse_bool(text)
    if value is None:
        raise _failed("bool")
    return value


def _to_duration(text: str) -> Any:
    from codegen.runtime.formats import go_parse_duration  # time.ParseDuration

    nanos = go_parse_duration(text)
    if nanos is None:
        raise _failed(_DURATION)
    seconds, rest = divmod(abs(nanos), 1_000_000_000)
    sign = -1 if nanos < 0 else 1
    return duration_pb2.Duration(seconds=sign * seconds, nanos=sign * rest)


def _to_timestamp(text: str) -> Any:
    parsed = go_parse.parse_rfc3339(text)
    if parsed is None:
        raise _failed(_TIMESTAMP)
    if isinstance(parsed, str):
        return text  # a form cel-go releases disagree on: the engine's verdict, as before
    return timestamp_pb2.Timestamp(seconds=parsed[0], nanos=parsed[1])


_PARSERS: dict[str, Callable[[str], Any]] = {
    "int": _to_int,
    "uint": _to_uint,
    "double": _to_double,
    "bool": _to_bool,
    "duration": _to_duration,
    "timestamp": _to_timestamp,
}


def _passing(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return parse(value)
        if isinstance(value, int) and not isinstance(value, bool) and value > go_parse.INT64_MAX:
            return wrappers_pb2.UInt64Value(value=value)  # a uint the engine handed over
        return to_engine(value)

    return convert


def _go_text(text: str, value: Any) -> str:
    if isinstance(value, datetime.timedelta):
        return go_parse.go_duration_text(go_parse.duration_nanos(text))
    if isinstance(value, datetime.datetime):
        return go_parse.go_timestamp_text(text)
    return text


def functions() -> list[LibFunction]:
    wrappers = [
        LibFunction(
            f"{WRAPPER}{name}",
            (LibOverload(f"k8s_go_{name}", (T.DYN,), T.DYN, _passing(parse)),),
        )
        for name, parse in _PARSERS.items()
    ]
    text = LibFunction(_TEXT, (LibOverload("k8s_go_text", (T.STRING, T.DYN), T.STRING, _go_text),))
    return [*wrappers, text]


def rewrite(expr: Any, overloads: tuple[str, ...], fresh: Callable[[], int]) -> None:
    """Rewrite one call in place when it is a conversion cel-go does differently."""
    call = expr.call_expr
    if len(call.args) != 1 or call.HasField("target"):
        return
    if call.function in _PARSERS and any(o.startswith("string_to_") for o in overloads):
        _wrap_arg(call, f"{WRAPPER}{call.function}", fresh)
    elif call.function == "string" and (
        "duration_to_string" in overloads or "timestamp_to_string" in overloads
    ):
        _wrap_result(expr, fresh)


def _wrap_arg(call: Any, wrapper: str, fresh: Callable[[], int]) -> None:
    inner = ca.new("Expr")
    inner.id = fresh()
    inner.call_expr.function = wrapper
    inner.call_expr.args.add().CopyFrom(call.args[0])
    call.args[0].CopyFrom(inner)


def _wrap_result(expr: Any, fresh: Callable[[], int]) -> None:
    """`string(x)` -> `@k8s.go.text(string(x), x)`: the engine's call keeps its id (so its
    checked type and overloads), the wrapper and the copy of `x` get fresh ids."""
    conversion = ca.new("Expr")
    conversion.CopyFrom(expr)
    kind = ca.new("Expr")
    kind.CopyFrom(expr.call_expr.args[0])
    for sub, _ in ca.walk(kind):
        sub.id = fresh()
        if ca.kind(sub) == "struct_expr":
            for entry in sub.struct_expr.entries:
                entry.id = fresh()
    expr.Clear()
    expr.id = fresh()
    expr.call_expr.function = _TEXT
    expr.call_expr.args.add().CopyFrom(conversion)
    expr.call_expr.args.add().CopyFrom(kind)
