"""Reading a value the API server cannot convert is an error, for the rules that read it only.

The API server converts an object's data to CEL values lazily (apiserver/pkg/cel/common/
values.go): a field is converted when a rule selects it (`self.data`, and `has(self.data)` too,
which looks the field up the same way), a list element or map value when it is indexed or
iterated, a whole value when it is compared or handed to a function. A value that does not
convert is then a CEL error there, and like any error it is absorbed by `||`, `&&`, `?:` and the
`all`/`exists` macros when the result does not depend on it: `!has(self.data) || has(self.name)`
holds for an object with a name whatever its data.

`values.convert` turns such a value into an `Unconvertible` message with the server's text.
`guard` rewrites a checked expression so that every place where the server would convert a value
fails with that text when the value is one: identifiers of data (`self`, `oldSelf`, comprehension
variables), field selections, `has()`, indexing, optional selection and indexing; and the
aggregate arguments of calls that compare or inspect their contents. The rewritten program only
runs when the data holds an unconvertible value, so the common case costs nothing.

Known approximations: comparing or inspecting a list, map or object that holds an unconvertible
value fails even where the server stops before reaching it (lists of different sizes compare
unequal without converting; `x in list` holds when another element matches).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from cel_expr_python import cel

from . import checked_ast as ca
from .library import LibFunction, LibOverload, LibraryError
from .pool import UNCONVERTIBLE_TYPE

T = cel.Type
FAIL = "@k8s.unconvertible"
CHECK_DEEP = "@k8s.convertibleThroughout"
_PACKAGE, _MESSAGE = UNCONVERTIBLE_TYPE.rsplit(".", 1)
_DATA_ROOTS = frozenset({"self", "oldSelf", "__oldSelfValue"})  # environment.OLD_SELF_VALUE
# Calls that do not look at the contents of their aggregate arguments: logic, presence and
# size, building and unwrapping optionals, list concatenation (the server's lists append the
# unconverted data), and the calls `guard` itself handles or inserts.
_PASS_THROUGH = frozenset(
    {
        "_&&_",
        "_||_",
        "_?_:_",
        "!_",
        "@not_strictly_false",
        "not_strictly_false",
        "size",
        "_+_",
        "dyn",
        "optional.of",
        "optional.none",
        "value",
        "hasValue",
        "orValue",
        "or",
        "_[_]",
        "_[?_]",
        "_?._",
        "cel.@mapInsert",
        FAIL,
        CHECK_DEEP,
    }
)
_OPTIONAL_ACCESS = frozenset({"_[?_]", "_?._"})
_SCALAR_KINDS = frozenset({"primitive", "well_known", "wrapper", "null", "type"})


def _fail(value: Any) -> Any:
    raise LibraryError(str(getattr(value, "message", value)))


def _unconvertible_in(value: Any) -> Iterator[Any]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list | tuple):
            stack.extend(reversed(item))
        elif getattr(getattr(item, "DESCRIPTOR", None), "full_name", None) == UNCONVERTIBLE_TYPE:
            yield item


def _check_deep(value: Any) -> bool:
    for item in _unconvertible_in(value):
        _fail(item)
    return True


def functions() -> list[LibFunction]:
    return [
        LibFunction(FAIL, (LibOverload("k8s_unconvertible", (T.DYN,), T.DYN, _fail),)),
        LibFunction(
            CHECK_DEEP, (LibOverload("k8s_convertible_throughout", (T.DYN,), T.BOOL, _check_deep),)
        ),
    ]


class _Builder:
    def __init__(self, ast: ca.CheckedAst) -> None:
        self.ast = ast
        self.next_id = max((e.id for e, _ in ca.walk(ast.root)), default=0) + 1
        self.names = 0

    def fresh(self) -> int:
        self.next_id += 1
        return self.next_id

    def var(self) -> str:
        self.names += 1
        return f"@unconvertible{self.names}"

    def expr(self) -> Any:
        e = ca.new("Expr")
        e.id = self.fresh()
        return e

    def ident(self, name: str) -> Any:
        e = self.expr()
        e.ident_expr.name = name
        return e

    def const(self, **value: Any) -> Any:
        e = self.expr()
        for key, v in value.items():
            setattr(e.const_expr, key, v)
        return e

    def call(self, function: str, *args: Any, target: Any = None) -> Any:
        e = self.expr()
        e.call_expr.function = function
        if target is not None:
            e.call_expr.target.CopyFrom(target)
        for arg in args:
            e.call_expr.args.add().CopyFrom(arg)
        return e

    def select(self, operand: Any, field: str) -> Any:
        e = self.expr()
        e.select_expr.operand.CopyFrom(operand)
        e.select_expr.field = field
        return e

    def copy(self, expr: Any) -> Any:
        e = ca.new("Expr")
        e.CopyFrom(expr)
        for sub, _ in ca.walk(e):
            sub.id = self.fresh()
            if ca.kind(sub) == "struct_expr":
                for entry in sub.struct_expr.entries:
                    entry.id = self.fresh()
        return e

    def bind(self, init: Any, body: Callable[[str], Any]) -> Any:
        """`cel.bind(v, init, body(v))`, as the bind macro expands."""
        name = self.var()
        e = self.expr()
        c = e.comprehension_expr
        c.iter_var = "#unused"
        c.iter_range.CopyFrom(self.expr_list())
        c.accu_var = name
        c.accu_init.CopyFrom(init)
        c.loop_condition.CopyFrom(self.const(bool_value=False))
        c.loop_step.CopyFrom(self.ident(name))
        c.result.CopyFrom(body(name))
        return e

    def expr_list(self) -> Any:
        e = self.expr()
        e.list_expr.SetInParent()
        return e

    def is_unconvertible(self, value: Any) -> Any:
        kind = self.select(self.ident(_PACKAGE), _MESSAGE)
        return self.call("_==_", self.call("type", value), kind)

    def checked(self, value: Any) -> Any:
        """`value`, or the error an unconvertible value stands for."""

        def body(v: str) -> Any:
            return self.call(
                "_?_:_",
                self.is_unconvertible(self.ident(v)),
                self.call(FAIL, self.ident(v)),
                self.ident(v),
            )

        return self.bind(value, body)

    def checked_optional(self, value: Any) -> Any:
        """An optional whose value, when present, is checked."""

        def body(v: str) -> Any:
            present = self.call("hasValue", target=self.ident(v))
            inner = self.call("value", target=self.ident(v))
            test = self.call("_&&_", present, self.is_unconvertible(inner))
            fail = self.call(FAIL, self.call("value", target=self.ident(v)))
            return self.call("_?_:_", test, fail, self.ident(v))

        return self.bind(value, body)

    def checked_throughout(self, value: Any) -> Any:
        """`value`, or the error of the first unconvertible value inside it."""

        def body(v: str) -> Any:
            test = self.call(CHECK_DEEP, self.ident(v))
            return self.call("_?_:_", test, self.ident(v), self.ident(v))

        return self.bind(value, body)

    def presence(self, test_only: Any) -> Any:
        """`has(x.f)`: false when absent, the error when x.f does not convert, else true."""
        sel = test_only.select_expr
        read = self.select(self.copy(sel.operand), sel.field)

        def body(v: str) -> Any:
            return self.call(
                "_?_:_",
                self.is_unconvertible(self.ident(v)),
                self.call(FAIL, self.ident(v)),
                self.const(bool_value=True),
            )

        return self.call("_?_:_", test_only, self.bind(read, body), self.const(bool_value=False))


def _aggregate(t: Any) -> bool:
    """A type whose values can hold data (None: unknown, e.g. a node added by a rewrite)."""
    if t is None:
        return True
    return t.WhichOneof("type_kind") not in _SCALAR_KINDS


def guard(ast: ca.CheckedAst) -> None:
    """Rewrite `ast` in place (see the module docstring)."""
    builder = _Builder(ast)
    _rewrite(ast.root, builder, frozenset())


def _rewrite(expr: Any, b: _Builder, scope: frozenset[str]) -> None:
    kind = ca.kind(expr)
    replacement = None
    if kind == "ident_expr":
        name = expr.ident_expr.name
        if name in _DATA_ROOTS or name in scope:
            replacement = b.checked(_snapshot(expr))
    elif kind == "select_expr":
        _rewrite(expr.select_expr.operand, b, scope)
        if expr.select_expr.test_only:
            replacement = b.presence(_snapshot(expr))
        else:
            replacement = b.checked(_snapshot(expr))
    elif kind == "call_expr":
        call = expr.call_expr
        function = call.function
        arg_types = [b.ast.types.get(a.id) for a in call.args]
        target_type = b.ast.types.get(call.target.id) if call.HasField("target") else None
        if call.HasField("target"):
            _rewrite(call.target, b, scope)
        for arg in call.args:
            _rewrite(arg, b, scope)
        if function not in _PASS_THROUGH:
            if call.HasField("target") and _aggregate(target_type):
                call.target.CopyFrom(b.checked_throughout(_snapshot(call.target)))
            for arg, t in zip(call.args, arg_types, strict=True):
                if _aggregate(t):
                    arg.CopyFrom(b.checked_throughout(_snapshot(arg)))
        if function == "_[_]":
            replacement = b.checked(_snapshot(expr))
        elif function in _OPTIONAL_ACCESS:
            replacement = b.checked_optional(_snapshot(expr))
    elif kind == "list_expr":
        for element in expr.list_expr.elements:
            _rewrite(element, b, scope)
    elif kind == "struct_expr":
        for entry in expr.struct_expr.entries:
            if entry.HasField("map_key"):
                _rewrite(entry.map_key, b, scope)
            _rewrite(entry.value, b, scope)
    elif kind == "comprehension_expr":
        c = expr.comprehension_expr
        _rewrite(c.iter_range, b, scope)
        outer = scope - {c.accu_var}
        _rewrite(c.accu_init, b, outer)
        inner = outer | {c.iter_var} | ({c.iter_var2} if c.iter_var2 else set())
        _rewrite(c.loop_condition, b, inner - {c.accu_var})
        _rewrite(c.loop_step, b, inner - {c.accu_var})
        _rewrite(c.result, b, outer)
    if replacement is not None:
        expr.CopyFrom(replacement)


def _snapshot(expr: Any) -> Any:
    e = ca.new("Expr")
    e.CopyFrom(expr)
    return e
