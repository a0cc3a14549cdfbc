"""The engine's checked AST (`cel.expr.CheckedExpr`), readable and rewritable from Python.

cel-expr-python hands out a compiled expression only as a serialized `google.protobuf.Any`
holding a `cel.expr.CheckedExpr`, and takes one back with `Env.deserialize`. Decoding it gives
what cel-go's AST validators and Kubernetes rely on: the type of every sub-expression and the
overload each call resolved to. That is how the API server's compile-time checks the engine
lacks (homogeneous aggregate literals) are done, and how a call whose result depends on a static
type the runtime cannot see (`sum()` of an empty `list(duration)`) is routed to the right
implementation before the expression is handed, as a parsed expression, to the evaluation env.

Only the fields used here are declared; protobuf keeps the others as unknown fields, so a
decoded and re-encoded expression loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory

_F = descriptor_pb2.FieldDescriptorProto
_PACKAGE = "cel.expr"
CHECKED_URL = f"type.googleapis.com/{_PACKAGE}.CheckedExpr"
PARSED_URL = f"type.googleapis.com/{_PACKAGE}.ParsedExpr"

# message -> [(field name, number, type, label, type name)]
_OPT, _REP = _F.LABEL_OPTIONAL, _F.LABEL_REPEATED
_MSG, _STR, _I64, _I32, _BOOL, _ENUM = (
    _F.TYPE_MESSAGE,
    _F.TYPE_STRING,
    _F.TYPE_INT64,
    _F.TYPE_INT32,
    _F.TYPE_BOOL,
    _F.TYPE_ENUM,
)
_U64, _DBL, _BYTES = _F.TYPE_UINT64, _F.TYPE_DOUBLE, _F.TYPE_BYTES
_FieldSpec = tuple[str, int, int, int, str]
_MESSAGES: dict[str, list[_FieldSpec]] = {
    "Empty": [],
    "Constant": [
        ("null_value", 1, _ENUM, _OPT, "NullValue"),
        ("bool_value", 2, _BOOL, _OPT, ""),
        ("int64_value", 3, _I64, _OPT, ""),
        ("uint64_value", 4, _U64, _OPT, ""),
        ("double_value", 5, _DBL, _OPT, ""),
        ("string_value", 6, _STR, _OPT, ""),
        ("bytes_value", 7, _BYTES, _OPT, ""),
    ],
    "Ident": [("name", 1, _STR, _OPT, "")],
    "Select": [
        ("operand", 1, _MSG, _OPT, "Expr"),
        ("field", 2, _STR, _OPT, ""),
        ("test_only", 3, _BOOL, _OPT, ""),
    ],
    "Call": [
        ("target", 1, _MSG, _OPT, "Expr"),
        ("function", 2, _STR, _OPT, ""),
        ("args", 3, _MSG, _REP, "Expr"),
    ],
    "CreateList": [
        ("elements", 1, _MSG, _REP, "Expr"),
        ("optional_indices", 2, _I32, _REP, ""),
    ],
    "Entry": [
        ("id", 1, _I64, _OPT, ""),
        ("field_key", 2, _STR, _OPT, ""),
        ("map_key", 3, _MSG, _OPT, "Expr"),
        ("value", 4, _MSG, _OPT, "Expr"),
        ("optional_entry", 5, _BOOL, _OPT, ""),
    ],
    "CreateStruct": [
        ("message_name", 1, _STR, _OPT, ""),
        ("entries", 2, _MSG, _REP, "Entry"),
    ],
    "Comprehension": [
        ("iter_var", 1, _STR, _OPT, ""),
        ("iter_range", 2, _MSG, _OPT, "Expr"),
        ("accu_var", 3, _STR, _OPT, ""),
        ("accu_init", 4, _MSG, _OPT, "Expr"),
        ("loop_condition", 5, _MSG, _OPT, "Expr"),
        ("loop_step", 6, _MSG, _OPT, "Expr"),
        ("result", 7, _MSG, _OPT, "Expr"),
        ("iter_var2", 8, _STR, _OPT, ""),
    ],
    "Expr": [
        ("id", 2, _I64, _OPT, ""),
        ("const_expr", 3, _MSG, _OPT, "Constant"),
        ("ident_expr", 4, _MSG, _OPT, "Ident"),
        ("select_expr", 5, _MSG, _OPT, "Select"),
        ("call_expr", 6, _MSG, _OPT, "Call"),
        ("list_expr", 7, _MSG, _OPT, "CreateList"),
        ("struct_expr", 8, _MSG, _OPT, "CreateStruct"),
        ("comprehension_expr", 9, _MSG, _OPT, "Comprehension"),
    ],
    "ListType": [("elem_type", 1, _MSG, _OPT, "Type")],
    "MapType": [("key_type", 1, _MSG, _OPT, "Type"), ("value_type", 2, _MSG, _OPT, "Type")],
    "AbstractType": [
        ("name", 1, _STR, _OPT, ""),
        ("parameter_types", 2, _MSG, _REP, "Type"),
    ],
    "Type": [
        ("dyn", 1, _MSG, _OPT, "Empty"),
        ("null", 2, _ENUM, _OPT, "NullValue"),
        ("primitive", 3, _ENUM, _OPT, "PrimitiveType"),
        ("wrapper", 4, _ENUM, _OPT, "PrimitiveType"),
        ("well_known", 5, _ENUM, _OPT, "WellKnownType"),
        ("list_type", 6, _MSG, _OPT, "ListType"),
        ("map_type", 7, _MSG, _OPT, "MapType"),
        ("message_type", 9, _STR, _OPT, ""),
        ("type_param", 10, _STR, _OPT, ""),
        ("type", 11, _MSG, _OPT, "Type"),
        ("error", 12, _MSG, _OPT, "Empty"),
        ("abstract_type", 14, _MSG, _OPT, "AbstractType"),
    ],
    "Reference": [
        ("name", 1, _STR, _OPT, ""),
        ("overload_id", 3, _STR, _REP, ""),
    ],
    "SourceInfo": [
        ("syntax_version", 1, _STR, _OPT, ""),
        ("location", 2, _STR, _OPT, ""),
        ("line_offsets", 3, _I32, _REP, ""),
        ("positions", 4, _MSG, _REP, "PositionsEntry"),
        ("macro_calls", 5, _MSG, _REP, "MacroCallsEntry"),
    ],
    "PositionsEntry": [("key", 1, _I64, _OPT, ""), ("value", 2, _I32, _OPT, "")],
    "MacroCallsEntry": [("key", 1, _I64, _OPT, ""), ("value", 2, _MSG, _OPT, "Expr")],
    "ReferenceMapEntry": [("key", 1, _I64, _OPT, ""), ("value", 2, _MSG, _OPT, "Reference")],
    "TypeMapEntry": [("key", 1, _I64, _OPT, ""), ("value", 2, _MSG, _OPT, "Type")],
    "CheckedExpr": [
        ("reference_map", 2, _MSG, _REP, "ReferenceMapEntry"),
        ("type_map", 3, _MSG, _REP, "TypeMapEntry"),
        ("expr", 4, _MSG, _OPT, "Expr"),
        ("source_info", 5, _MSG, _OPT, "SourceInfo"),
        ("expr_version", 6, _STR, _OPT, ""),
    ],
    "ParsedExpr": [
        ("expr", 2, _MSG, _OPT, "Expr"),
        ("source_info", 3, _MSG, _OPT, "SourceInfo"),
    ],
}
_ENUMS = {
    "NullValue": ["NULL_VALUE"],
    "PrimitiveType": ["PRIMITIVE_TYPE_UNSPECIFIED", "BOOL", "INT64", "UINT64", "DOUBLE", "STRING", "BYTES"],
    "WellKnownType": ["WELL_KNOWN_TYPE_UNSPECIFIED", "ANY", "TIMESTAMP", "DURATION"],
}  # fmt: skip
_ONEOFS = {
    "Constant": ("constant_kind", 1, 7),
    "Expr": ("expr_kind", 3, 9),
    "Type": ("type_kind", 1, 14),
    "Entry": ("key_kind", 2, 3),
}  # message -> (oneof, first and last field number): presence of a zero value is kept
# Map entries are declared as plain repeated messages: same wire format, simpler access.
_PRIMITIVES = {1: "bool", 2: "int", 3: "uint", 4: "double", 5: "string", 6: "bytes"}
_WELL_KNOWN = {1: "any", 2: "google.protobuf.Timestamp", 3: "google.protobuf.Duration"}


@cache
def _classes() -> dict[str, Any]:
    # Private names: the engine's own `cel.expr` messages may live in the default pool.
    file = descriptor_pb2.FileDescriptorProto(
        name="k8s_cel_checked_ast.proto", package=f"k8s_{_PACKAGE}", syntax="proto3"
    )
    for name, values in _ENUMS.items():
        enum = file.enum_type.add(name=name)
        for number, value in enumerate(values):
            enum.value.add(name=f"{name.upper()}_{value}", number=number)
    for name, fields in _MESSAGES.items():
        msg = file.message_type.add(name=name)
        oneof = _ONEOFS.get(name)
        if oneof:
            msg.oneof_decl.add(name=oneof[0])
        for field_name, number, kind, label, type_name in fields:
            spec = msg.field.add(name=field_name, number=number, type=kind, label=label)
            if oneof and oneof[1] <= number <= oneof[2]:
                spec.oneof_index = 0
            if type_name:
                spec.type_name = f".k8s_{_PACKAGE}.{type_name}"
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)  # type: ignore[no-untyped-call]
    found = pool.FindFileByName(file.name).message_types_by_name  # type: ignore[no-untyped-call]
    return {name: message_factory.GetMessageClass(found[name]) for name in _MESSAGES}


def new(name: str) -> Any:
    return _classes()[name]()


@dataclass
class CheckedAst:
    """A decoded CheckedExpr with its type and reference maps as dictionaries."""

    proto: Any  # CheckedExpr
    types: dict[int, Any]
    overloads: dict[int, tuple[str, ...]]
    positions: dict[int, int]

    @classmethod
    def decode(cls, serialized: bytes) -> CheckedAst:
        wrapper = any_pb2.Any()
        wrapper.ParseFromString(serialized)
        if wrapper.type_url != CHECKED_URL:
            raise ValueError(f"not a checked expression: {wrapper.type_url}")
        proto = new("CheckedExpr")
        proto.ParseFromString(wrapper.value)
        return cls(
            proto,
            {e.key: e.value for e in proto.type_map},
            {e.key: tuple(e.value.overload_id) for e in proto.reference_map},
            {e.key: e.value for e in proto.source_info.positions},
        )

    @property
    def root(self) -> Any:
        return self.proto.expr

    def serialized(self) -> bytes:
        """The (possibly rewritten) checked expression, as `decode` reads it."""
        wrapper = any_pb2.Any(type_url=CHECKED_URL, value=self.proto.SerializeToString())
        return wrapper.SerializeToString()

    def result_type(self) -> str:
        """The type of the whole expression, as cel-go writes it ("" when unknown)."""
        t = self.types.get(self.root.id)
        return "" if t is None else type_name(t)

    def parsed(self) -> bytes:
        """The (possibly rewritten) expression as a serialized Any(ParsedExpr)."""
        parsed = new("ParsedExpr")
        parsed.expr.CopyFrom(self.proto.expr)
        parsed.source_info.CopyFrom(self.proto.source_info)
        wrapper = any_pb2.Any(type_url=PARSED_URL, value=parsed.SerializeToString())
        return wrapper.SerializeToString()

    def location(self, expr_id: int, source: str) -> tuple[int, int]:
        """1-based line and column (in code points) of an expression, as cel-go reports."""
        offset = self.positions.get(expr_id, 0)
        before = source[:offset]
        line = before.count("\n") + 1
        return line, offset - (before.rfind("\n") + 1) + 1


def walk(expr: Any, parents: tuple[Any, ...] = ()) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Every sub-expression, pre-order, with its ancestors (outermost first)."""
    yield expr, parents
    inner = (*parents, expr)
    for child in children(expr):
        yield from walk(child, inner)


def children(expr: Any) -> list[Any]:
    kind = _kind(expr)
    if kind == "select_expr":
        return [expr.select_expr.operand]
    if kind == "call_expr":
        call = expr.call_expr
        return ([call.target] if call.HasField("target") else []) + list(call.args)
    if kind == "list_expr":
        return list(expr.list_expr.elements)
    if kind == "struct_expr":
        out = []
        for entry in expr.struct_expr.entries:
            if entry.HasField("map_key"):
                out.append(entry.map_key)
            out.append(entry.value)
        return out
    if kind == "comprehension_expr":
        c = expr.comprehension_expr
        return [c.iter_range, c.accu_init, c.loop_condition, c.loop_step, c.result]
    return []


def _kind(expr: Any) -> str | None:
    kind: str | None = expr.WhichOneof("expr_kind")
    return kind


def kind(expr: Any) -> str | None:
    return _kind(expr)


def type_name(t: Any) -> str:
    """A type the way cel-go's FormatCELType writes it."""
    which = _type_kind(t)
    if which == "dyn":
        return "dyn"
    if which == "null":
        return "null"
    if which == "primitive":
        return _PRIMITIVES.get(t.primitive, "unknown")
    if which == "wrapper":
        return f"wrapper({_PRIMITIVES.get(t.wrapper, 'unknown')})"
    if which == "well_known":
        return _WELL_KNOWN.get(t.well_known, "unknown")
    if which == "list_type":
        return f"list({type_name(t.list_type.elem_type)})"
    if which == "map_type":
        return f"map({type_name(t.map_type.key_type)}, {type_name(t.map_type.value_type)})"
    if which == "message_type":
        return str(t.message_type)
    if which == "type_param":
        return str(t.type_param)
    if which == "type":
        return f"type({type_name(t.type)})" if t.type.ByteSize() else "type"
    if which == "error":
        return "*error*"
    if which == "abstract_type":
        params = [type_name(p) for p in t.abstract_type.parameter_types]
        name = str(t.abstract_type.name)
        return f"{name}({', '.join(params)})" if params else name
    return "dyn"


def _type_kind(t: Any) -> str | None:
    kind: str | None = t.WhichOneof("type_kind")
    return kind


def equivalent(a: Any, b: Any) -> bool:
    """cel-go's Type.IsEquivalentType: same kind and parameters, type-parameter names ignored."""
    ka, kb = _type_kind(a), _type_kind(b)
    if ka != kb:
        return False
    if ka == "type_param":
        return True
    if ka == "list_type":
        return equivalent(a.list_type.elem_type, b.list_type.elem_type)
    if ka == "map_type":
        return equivalent(a.map_type.key_type, b.map_type.key_type) and equivalent(
            a.map_type.value_type, b.map_type.value_type
        )
    if ka == "abstract_type":
        pa, pb = a.abstract_type.parameter_types, b.abstract_type.parameter_types
        return (
            a.abstract_type.name == b.abstract_type.name
            and len(pa) == len(pb)
            and all(equivalent(x, y) for x, y in zip(pa, pb, strict=True))
        )
    if ka == "type":
        return equivalent(a.type, b.type)
    return bool(a.SerializeToString(deterministic=True) == b.SerializeToString(deterministic=True))


def optional_value_type(t: Any) -> Any:
    """T for optional_type(T), else t itself."""
    if _type_kind(t) == "abstract_type" and t.abstract_type.name == "optional_type":
        params = t.abstract_type.parameter_types
        if params:
            return params[0]
    return t
