"""The API server's estimated cost of a rule, and its refusal of CRDs whose rules cost too much.

When a CRD is created, apiextensions-apiserver estimates every `x-kubernetes-validations` rule's
worst-case cost with cel-go's static cost estimator (`checker/cost.go`) and the Kubernetes
library's call costs (`k8s.io/apiserver/pkg/cel/library/cost.go`), sizing strings, lists and maps
from the schema (`k8s.io/apiserver/pkg/cel/common/schemas.go`: `maxLength` × 4, `maxItems`,
`maxProperties`, a string enum's longest value, else as many as fit in a 3 MiB request). A rule
costs its estimate times the number of times it can run: the product of the `maxItems` /
`maxProperties` of the lists and maps above it, or when one is unbounded, as many copies of the
node as fit in a request (`compilation.go` `maxCardinality`). apiextensions `validation.go`
refuses a rule (or messageExpression) over 10,000,000 and a schema whose rules total more than
100,000,000.

This module walks the checked AST the engine produced (types and resolved overloads, see
`checked_ast`) the way cel-go's coster walks its own, so the estimates are the server's wherever
the two checkers agree on types. It is used at generation time only (`codegen.cel_check`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import checked_ast as ca
from .conversions import WRAPPER
from .decl import with_type_meta
from .escaping import escape
from .formats_lib import EVAL_NAMED, EVAL_VALIDATE
from .list_semantics import ADD, CONTAINS, EQUALS, FOUND_IN, NOT_EQUALS

MAX = 2**64 - 1  # Go's math.MaxUint64: an unknown size or an overflowing cost
STATIC_ESTIMATED_COST_LIMIT = 10_000_000  # validation.go StaticEstimatedCostLimit
STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000  # validation.go StaticEstimatedCRDCostLimit
MAX_REQUEST_SIZE_BYTES = 3 * 1024 * 1024  # k8s.io/apiserver/pkg/apis/cel MaxRequestSizeBytes

# k8s.io/apiserver/pkg/cel/limits.go
_MAX_DURATION_SIZE_JSON = 32
_MAX_DATETIME_SIZE_JSON = 32
_MIN_DURATION_SIZE_JSON = 3
_JSON_DATE_SIZE = 12
_MIN_DATETIME_SIZE_JSON = 21
_MIN_STRING_SIZE = 2
_MIN_BOOL_SIZE = 4
_MIN_NUMBER_SIZE = 1

# cel-go common/cost.go
STRING_TRAVERSAL = 0.1
REGEX_LENGTH = 0.25
MAX_NAME_FORMAT_REGEX_SIZE = 128  # k8s.io/apiserver/pkg/cel/limits.go
LIST_CREATE = 10
MAP_CREATE = 30
STRUCT_CREATE = 40

_ACCUMULATORS = frozenset({"__result__", "@result"})
# Calls `list_semantics` rewrote (one more constant argument) and `overrides` renamed.
LIST_TYPE_CALLS = frozenset({EQUALS, NOT_EQUALS, ADD, CONTAINS, FOUND_IN})

Size = tuple[int, int]  # (min, max), as cel-go's SizeEstimate and CostEstimate
UNKNOWN: Size = (0, MAX)
_ONE: Size = (1, 1)
_ZERO: Size = (0, 0)


# --------------------------------------------------------------------------- arithmetic


def _add(a: Size, b: Size) -> Size:
    return min(a[0] + b[0], MAX), min(a[1] + b[1], MAX)


def _mul(a: Size, b: Size) -> Size:
    return min(a[0] * b[0], MAX), min(a[1] * b[1], MAX)


def _union(a: Size, b: Size) -> Size:
    return min(a[0], b[0]), max(a[1], b[1])


def _by_factor(value: int, factor: float) -> int:
    """cel-go multiplyByCostFactor: the float product rounded up, saturating."""
    x = float(value)
    if x > 0 and factor > 0 and x > float(MAX) / factor:
        return MAX
    product = math.ceil(x * factor)
    return MAX if product >= 2**64 else int(product)


def _factor(size: Size, factor: float) -> Size:
    return _by_factor(size[0], factor), _by_factor(size[1], factor)


# --------------------------------------------------------------------------- schema sizes


class SizeNode:
    """What the server's DeclType knows about sizes (MaxElements, MinSerializedSize), worked
    out lazily: a rule only reaches the nodes its expression selects, and a node's minimal
    size only depends on its required properties."""

    def __init__(
        self,
        schema: Mapping[str, Any],
        is_resource: bool,
        memo: dict[tuple[int, bool], SizeNode | None],
    ) -> None:
        self._memo = memo
        if is_resource:
            schema = with_type_meta(schema)
        self.schema = schema
        self.kind = "dyn" if schema.get("x-kubernetes-int-or-string") else schema.get("type")

    def _child(self, schema: Any) -> SizeNode | None:
        if not isinstance(schema, Mapping):
            return None
        return size_node(schema, bool(schema.get("x-kubernetes-embedded-resource")), self._memo)

    @cached_property
    def elem(self) -> SizeNode | None:
        """List items or map values."""
        if self.kind == "array":
            return self._child(self.schema.get("items"))
        if self.kind == "object" and isinstance(self.schema.get("additionalProperties"), Mapping):
            return self._child(self.schema["additionalProperties"])
        return None

    @property
    def key(self) -> SizeNode | None:
        return _MAP_KEY if self.is_map else None

    @cached_property
    def is_map(self) -> bool:
        return self.kind == "object" and isinstance(
            self.schema.get("additionalProperties"), Mapping
        )

    @cached_property
    def _fields(self) -> dict[str, Any]:
        if self.kind != "object" or self.is_map:
            return {}
        out = {}
        for name, prop in (self.schema.get("properties") or {}).items():
            cel_name = escape(name)
            if cel_name is not None:
                out[cel_name] = prop
        return out

    def field(self, name: str) -> SizeNode | None:
        if self.kind != "object" or self.is_map:
            return None
        return self._child(self._fields.get(name))

    @cached_property
    def max_elements(self) -> int:
        schema, request = self.schema, MAX_REQUEST_SIZE_BYTES - 2
        max_length = schema.get("maxLength")
        if self.kind == "dyn":
            return _non_negative(max_length) * 4 if max_length is not None else request
        if self.kind == "array":
            if schema.get("maxItems") is not None:
                return _non_negative(schema["maxItems"])
            assert self.elem is not None
            return request // (self.elem.min_size + 1)
        if self.is_map:
            if schema.get("maxProperties") is not None:
                return _non_negative(schema["maxProperties"])
            assert self.elem is not None
            return request // (self.elem.min_size + 6)
        if self.kind != "string":
            return 0
        fmt = schema.get("format")
        if fmt == "byte":
            return _non_negative(max_length) if max_length is not None else request
        if fmt in _FORMAT_MAX:
            return _FORMAT_MAX[fmt]
        if max_length is not None:
            return _non_negative(max_length) * 4
        if schema.get("enum"):
            names = [v for v in schema["enum"] if isinstance(v, str)]
            return max((len(v.encode("utf-8", "surrogatepass")) for v in names), default=0)
        return request

    @cached_property
    def min_size(self) -> int:
        if self.kind == "dyn":
            return 1
        if self.kind in ("array",) or self.is_map:
            return 2
        if self.kind == "object":
            size = 2
            required = set(self.schema.get("required") or ())
            for name, prop in (self.schema.get("properties") or {}).items():
                if name in required and isinstance(prop, Mapping) and prop.get("default") is None:
                    child = self._child(prop)
                    if child is not None:
                        size += len(name) + child.min_size + 4
            return size
        if self.kind == "string":
            return _FORMAT_MIN.get(str(self.schema.get("format")), _MIN_STRING_SIZE)
        return _MIN_BOOL_SIZE if self.kind == "boolean" else _MIN_NUMBER_SIZE


_FORMAT_MAX = {"duration": _MAX_DURATION_SIZE_JSON, "date": _JSON_DATE_SIZE,
               "date-time": _MAX_DATETIME_SIZE_JSON}  # fmt: skip
_FORMAT_MIN = {"duration": _MIN_DURATION_SIZE_JSON, "date": _JSON_DATE_SIZE,
               "date-time": _MIN_DATETIME_SIZE_JSON}  # fmt: skip


def _non_negative(value: Any) -> int:
    return max(int(value), 0)


def size_node(
    schema: Mapping[str, Any], is_resource: bool, memo: dict[tuple[int, bool], SizeNode | None]
) -> SizeNode | None:
    """`SchemaDeclType` reduced to sizes (None: not visible to CEL)."""
    key = (id(schema), is_resource)
    if key not in memo:
        memo[key] = SizeNode(schema, is_resource, memo) if _visible(schema, memo) else None
    return memo[key]


def _visible(schema: Mapping[str, Any], memo: dict[tuple[int, bool], SizeNode | None]) -> bool:
    """SchemaDeclType returns a type: lists and maps of visible values, objects, scalars."""
    if schema.get("x-kubernetes-int-or-string"):
        return True
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items")
        return isinstance(items, Mapping) and _visible(items, memo)
    if kind == "object":
        additional = schema.get("additionalProperties")
        return not isinstance(additional, Mapping) or _visible(additional, memo)
    return kind in ("string", "boolean", "number", "integer")


def max_cardinality(min_size: int) -> int:
    """compilation.go maxCardinality: copies of a node that fit in one request."""
    return MAX_REQUEST_SIZE_BYTES // (min_size + 1)


# apiservercel.StringType, a map's key type: its MaxElements is never set (0)
_MAP_KEY = SizeNode({"type": "string", "maxLength": 0}, False, {})


# --------------------------------------------------------------------------- the coster


@dataclass
class _Local:
    path: tuple[str, ...]
    size: Size | None
    entry: _Entry | None


@dataclass(frozen=True)
class _Entry:
    """cel-go entrySizeEstimate: sizes of a literal's (or derived) keys and values."""

    container: str  # list | map
    key: Size
    val: Size


@dataclass
class _Arg:
    """cel-go AstNode: a sub-expression as estimators see it."""

    expr: Any
    path: tuple[str, ...]
    type: Any
    computed: Size | None


@dataclass
class _Coster:
    ast: ca.CheckedAst
    root: SizeNode | None
    paths: dict[int, tuple[str, ...]] = field(default_factory=dict)
    scopes: dict[str, list[_Local]] = field(default_factory=dict)
    sizes: dict[int, Size] = field(default_factory=dict)
    entries: dict[int, _Entry] = field(default_factory=dict)

    # ------------------------------------------------------------------ helpers

    def _type_kind(self, expr: Any) -> str:
        t = self.ast.types.get(expr.id)
        return "" if t is None else str(t.WhichOneof("type_kind") or "")

    def _peek(self, name: str) -> _Local | None:
        stack = self.scopes.get(name)
        return stack[-1] if stack else None

    def _push(self, name: str, local: _Local) -> None:
        self.scopes.setdefault(name, []).append(local)

    def _pop(self, name: str) -> None:
        stack = self.scopes.get(name)
        if stack:
            stack.pop()

    def _path(self, expr: Any) -> tuple[str, ...]:
        if ca.kind(expr) == "ident_expr":
            local = self._peek(expr.ident_expr.name)
            if local is not None:
                return local.path
        return self.paths.get(expr.id, ())

    def _estimate(self, path: tuple[str, ...] | None) -> Size | None:
        """apiextensions sizeEstimator.EstimateSize: walk the schema below the variable."""
        if not path or self.root is None:
            return None
        node: SizeNode | None = self.root
        for name in path[1:]:
            if node is None:
                return None
            if name in ("@items", "@values"):
                node = node.elem
            elif name == "@keys":
                node = node.key
            else:
                node = node.field(name)
        return None if node is None else (0, node.max_elements)

    def _size(self, expr: Any) -> Size | None:
        """cel-go computeSize."""
        if expr.id in self.sizes:
            return self.sizes[expr.id]
        literal = _literal_size(expr)
        if literal is not None:
            return literal
        estimated = self._estimate(self._path(expr))
        if estimated is not None:
            self.sizes[expr.id] = estimated
            return estimated
        if _is_scalar(self.ast.types.get(expr.id)):
            return _ONE
        if ca.kind(expr) == "ident_expr":
            local = self._peek(expr.ident_expr.name)
            if local is not None and local.size is not None:
                return local.size
        return None

    def _size_or_unknown(self, expr: Any) -> Size:
        size = self._size(expr)
        return UNKNOWN if size is None else size

    def _entry(self, expr: Any) -> _Entry | None:
        if expr.id in self.entries:
            return self.entries[expr.id]
        if ca.kind(expr) == "ident_expr":
            local = self._peek(expr.ident_expr.name)
            if local is not None:
                return local.entry
        return None

    def _arg(self, expr: Any) -> _Arg:
        path = self._path(expr)
        if path and path[0] in _ACCUMULATORS:
            path = ()
        return _Arg(expr, path, self.ast.types.get(expr.id), self._size(expr))

    def _arg_size(self, arg: _Arg) -> Size:
        """library.CostEstimator.sizeEstimate (and ext sets' estimateSize)."""
        if arg.computed is not None:
            return arg.computed
        estimated = self._estimate(arg.path)
        return UNKNOWN if estimated is None else estimated

    def _element(self, target: _Arg) -> _Arg | None:
        """library.CostEstimator.listElementNode."""
        params = _type_parameters(target.type)
        if not params:
            return None
        path = (*target.path, "@items") if target.path else ()
        return _Arg(None, path, params[0], None)

    # ------------------------------------------------------------------ expressions

    def cost(self, expr: Any) -> Size:
        kind = ca.kind(expr)
        if kind == "const_expr":
            return _ZERO
        if kind == "ident_expr":
            local = self._peek(expr.ident_expr.name)
            self.paths[expr.id] = local.path if local is not None else (expr.ident_expr.name,)
            return _ONE
        if kind == "select_expr":
            return self._select(expr)
        if kind == "call_expr":
            return self._call(expr)
        if kind == "list_expr":
            return self._list(expr)
        if kind == "struct_expr":
            return self._struct(expr)
        if kind == "comprehension_expr":
            return self._comprehension(expr)
        return _ZERO

    def _select(self, expr: Any) -> Size:
        select = expr.select_expr
        if select.test_only:
            # Kubernetes sets cel-go's PresenceTestHasCost(false): has() adds nothing
            return self.cost(select.operand)
        total = self.cost(select.operand)
        if self._type_kind(select.operand) in ("map_type", "message_type", "type_param"):
            total = _add(total, _ONE)
        self.paths[expr.id] = (*self._path(select.operand), select.field)
        return total

    def _call(self, expr: Any) -> Size:
        call = expr.call_expr
        function = str(call.function)
        if function.startswith(WRAPPER):  # `conversions` added it: the wrapped call's cost
            total = self.cost(call.args[0])
            self._copy_sizes(expr, call.args[0])
            return total
        args = [unwrapped(arg) for arg in call.args]
        if function in LIST_TYPE_CALLS:
            args = args[:2]  # the rewrite's trailing constant
        if routed_optional(call):
            total = self.cost(args[0])
            self._copy_sizes(expr, args[0])
            return total
        if function == "dyn" and len(args) == 1:
            arg_cost = self.cost(args[0])
            self._copy_sizes(expr, args[0])
            return _add(_ONE, arg_cost)
        arg_costs = []
        arg_nodes = []
        for arg in args:
            arg_costs.append(self.cost(arg))
            arg_nodes.append(self._arg(arg))
        overloads = self.ast.overloads.get(expr.id) or ()
        if not overloads:
            return _ZERO
        total = _ZERO
        target: _Arg | None = None
        if call.HasField("target"):
            total = self.cost(unwrapped(call.target))
            target = self._arg(unwrapped(call.target))
        function = library_name(function)
        fn_cost: Size = (MAX, 0)
        result: Size | None = None
        for overload in overloads:
            cost, size = self._function_cost(expr, function, overload, target, arg_nodes, arg_costs)
            fn_cost = _union(fn_cost, cost)
            if size is not None:
                result = size if result is None else _union(result, size)
            if overload in ("index_list", "index_map") and args:
                entry = self._entry(args[0])
                result = entry.val if entry is not None else None
                step = "@items" if overload == "index_list" else "@values"
                self.paths[expr.id] = (*self._path(args[0]), step)
            if result is None:
                result = self._size(expr)
        if result is not None:
            self.sizes[expr.id] = result
        return _add(total, fn_cost)

    def _copy_sizes(self, dst: Any, src: Any) -> None:
        size = self._size(src)
        if size is not None:
            self.sizes[dst.id] = size
        entry = self._entry(src)
        if entry is not None:
            self.entries[dst.id] = entry

    def _list(self, expr: Any) -> Size:
        elements = list(expr.list_expr.elements)
        total = _ZERO
        item: Size = (0, 0) if not elements else (MAX, 0)
        for element in elements:
            total = _add(total, self.cost(element))
            item = _union(item, self._size_or_unknown(element))
        self.entries[expr.id] = _Entry("list", _ONE, item)
        return _add(total, (LIST_CREATE, LIST_CREATE))

    def _struct(self, expr: Any) -> Size:
        struct = expr.struct_expr
        total = _ZERO
        if struct.message_name:
            for entry in struct.entries:
                total = _add(total, self.cost(entry.value))
            return _add(total, (STRUCT_CREATE, STRUCT_CREATE))
        entries = list(struct.entries)
        keys: Size = (0, 0) if not entries else (MAX, 0)
        values = keys
        for entry in entries:
            total = _add(total, self.cost(entry.map_key))
            total = _add(total, self.cost(entry.value))
            keys = _union(keys, self._size_or_unknown(entry.map_key))
            values = _union(values, self._size_or_unknown(entry.value))
        self.entries[expr.id] = _Entry("map", keys, values)
        return _add(total, (MAP_CREATE, MAP_CREATE))

    def _comprehension(self, expr: Any) -> Size:
        c = expr.comprehension_expr
        if is_bind(c):
            total = _add(self.cost(c.iter_range), self.cost(c.accu_init))
            self._push_local(c.accu_var, c.accu_init)
            total = _add(total, self.cost(c.result))
            self._pop(c.accu_var)
            self._copy_sizes(expr, c.result)
            return total
        total = _add(self.cost(c.iter_range), self.cost(c.accu_init))
        self._push_local(c.accu_var, c.accu_init)
        if c.iter_var2:
            self._push_iter(c.iter_var, c.iter_range, "key")
            self._push_iter(c.iter_var2, c.iter_range, "value")
        else:
            self._push_iter(c.iter_var, c.iter_range, "single")
        loop = self.cost(c.loop_condition)
        step = self.cost(c.loop_step)
        self._pop(c.iter_var)
        if c.iter_var2:
            self._pop(c.iter_var2)
        total = _add(total, self.cost(c.result))
        self._pop(c.accu_var)
        count = self._size_or_unknown(c.iter_range)
        total = _add(total, _mul(count, _add(step, loop)))
        init_kind = ca.kind(c.accu_init)
        if init_kind == "const_expr":
            size = self._size(c.accu_init)
            if size is not None:
                self.sizes[expr.id] = size
        elif init_kind == "list_expr" or (
            init_kind == "struct_expr" and not c.accu_init.struct_expr.message_name
        ):
            self.sizes[expr.id] = count
            entry = self._entry(c.loop_step)
            if entry is not None:
                self.entries[expr.id] = entry
        return total

    def _push_local(self, name: str, expr: Any) -> None:
        self._push(name, _Local(self._path(expr), self._size(expr), self._entry(expr)))

    def _push_iter(self, name: str, range_expr: Any, which: str) -> None:
        entry = self._entry(range_expr)
        container = entry.container if entry is not None else ""
        if not container:
            kind = self._type_kind(range_expr)
            container = {"list_type": "list", "map_type": "map"}.get(kind, "")
        is_list = container == "list"
        if which == "key":
            size = entry.key if entry is not None else None
            step = "@indices" if is_list else "@keys"
        elif which == "value":
            size = entry.val if entry is not None else None
            step = "@items" if is_list else "@values"
        else:
            size = None if entry is None else (entry.val if is_list else entry.key)
            step = "@items" if is_list else "@keys"
        self._push(name, _Local((*self._path(range_expr), step), size, None))

    # ------------------------------------------------------------------ calls

    def _function_cost(
        self,
        expr: Any,
        function: str,
        overload: str,
        target: _Arg | None,
        args: list[_Arg],
        arg_costs: list[Size],
    ) -> tuple[Size, Size | None]:
        arg_sum = _ZERO
        for c in arg_costs:
            arg_sum = _add(arg_sum, c)
        sets_factor = _SETS.get(function)
        if sets_factor is not None and len(args) == 2:
            product = _mul(self._arg_size(args[0]), self._arg_size(args[1]))
            return _add(_add(_factor(product, sets_factor), _ONE), arg_sum), None
        library = self._library_cost(function, overload, target, args)
        if library is not None:
            return _add(library[0], arg_sum), library[1]
        return self._standard_cost(expr, overload, target, args, arg_costs, arg_sum)

    def _library_cost(
        self, function: str, overload: str, target: _Arg | None, args: list[_Arg]
    ) -> tuple[Size, Size | None] | None:
        """k8s.io/apiserver/pkg/cel/library/cost.go EstimateCallCost."""
        size = self._arg_size
        if function in ("_==_", "_!=_") and any(
            _primitive_name(a.type) in LIBRARY_TYPES for a in args
        ):
            return _ONE, None  # kubernetes#126359: equality of library values is a unit cost
        if function in ("isSorted", "sum", "max", "min", "indexOf", "lastIndexOf"):
            if target is None:
                return None
            element = self._element(target)
            if element is None:  # a string (indexOf, lastIndexOf)
                return _factor(size(target), STRING_TRAVERSAL), None
            per_element = _ONE
            if _primitive_name(element.type) in ("string", "bytes"):
                per_element = _add(per_element, _factor(size(element), STRING_TRAVERSAL))
            return _mul(size(target), per_element), None
        if function == "url":
            return (_factor(size(args[0]), STRING_TRAVERSAL), None) if len(args) == 1 else None
        if function in ("lowerAscii", "upperAscii", "substring", "trim"):
            if target is None:
                return None
            sz = size(target)
            return _factor(sz, STRING_TRAVERSAL), sz
        if function == "replace":
            if target is None or len(args) < 2:
                return None
            return self._replace(size(target), size(args[0]), size(args[1]))
        if function == "split":
            if target is None:
                return None
            sz = size(target)
            most = sz[1]
            if len(args) > 1 and ca.kind(args[1].expr) == "const_expr":
                constant = args[1].expr.const_expr
                if constant.WhichOneof("constant_kind") == "int64_value":
                    most = constant.int64_value % 2**64
                elif constant.WhichOneof("constant_kind") == "uint64_value":
                    most = constant.uint64_value
            return _factor(sz, 2 * STRING_TRAVERSAL), (0, most)
        if function == "join":
            if target is None:
                return None
            count = size(target)
            joined: Size = _ZERO
            element = self._element(target)
            if element is not None:
                joined = _mul(count, size(element))
            if args:
                separators = (max(count[0] - 1, 0), max(count[1] - 1, 0))
                joined = _add(joined, _mul(size(args[0]), separators))
            return _factor(joined, STRING_TRAVERSAL), joined
        if function in ("find", "findAll"):
            if target is None or not args:
                return None
            sz = size(target)
            text = _factor(_add(sz, _ONE), STRING_TRAVERSAL)
            regex = _factor(size(args[0]), REGEX_LENGTH)
            return _mul(text, regex), (0, sz[1])
        if function in ("cidr", "isIP", "isCIDR", "quantity", "isQuantity"):
            if target is None or not args:
                return None
            return _factor(size(args[0]), STRING_TRAVERSAL), None
        if function == "ip":
            if target is not None and args:
                if overload == "cidr_ip":
                    return _ONE, None
                return _factor(size(args[0]), STRING_TRAVERSAL), None
            return (_ONE, None) if target is not None else None
        if function == "ip.isCanonical":
            if target is None or not args:
                return None
            return _factor(size(args[0]), 2 * STRING_TRAVERSAL), None
        if function in NOMINAL or function == "format.named":
            return _ONE, None
        if function == "validate":
            if target is None or not args:
                return None
            text = _factor(size(args[0]), STRING_TRAVERSAL)
            return _factor(text, MAX_NAME_FORMAT_REGEX_SIZE * REGEX_LENGTH), None
        if function in ("containsIP", "containsCIDR"):
            if target is None or not args:
                return None
            ip: Size = (4, 16)
            cost = _factor(_add(ip, ip), STRING_TRAVERSAL)
            if function == "containsCIDR":
                cost = _add(_add(cost, _factor(ip, STRING_TRAVERSAL)), _ONE)
            if overload in ("cidr_contains_ip_string", "cidr_contains_cidr_string"):
                cost = _add(cost, _factor(size(args[0]), STRING_TRAVERSAL))
            return cost, None
        return None

    @staticmethod
    def _replace(sz: Size, old: Size, new: Size) -> tuple[Size, Size | None]:
        if old[0] == 0:
            most_count = sz[1] + 1 if sz[1] < MAX else sz[1]
            most_kept = sz[1]
        elif new[1] <= old[0]:
            most_count, most_kept = 0, sz[1]
        else:
            most_count, most_kept = math.ceil(sz[1] / old[0]), 0
        if old[1] == 0:
            least_count = sz[0] + 1 if sz[0] < MAX else sz[0]
            least_kept = sz[0]
        elif old[1] <= new[0]:
            least_count, least_kept = 0, sz[0]
        else:
            least_count, least_kept = math.ceil(sz[0] / old[1]), 0
        result = _add(_mul((least_count, most_count), new), (least_kept, most_kept))
        return _factor(sz, 2 * STRING_TRAVERSAL), result

    def _standard_cost(
        self,
        expr: Any,
        overload: str,
        target: _Arg | None,
        args: list[_Arg],
        arg_costs: list[Size],
        arg_sum: Size,
    ) -> tuple[Size, Size | None]:
        """cel-go checker/cost.go functionCost, after the estimators had nothing to say."""
        computed = _computed
        if overload in ("string_to_bytes", "bytes_to_string", "strings_quote") and len(args) == 1:
            sz = computed(args[0])
            if overload == "string_to_bytes":
                result: Size = (sz[0], min(sz[1] * 4, MAX))
            elif overload == "bytes_to_string":
                result = (sz[0] // 4, sz[1])
            else:
                result = (min(sz[0] + 2, MAX), min(sz[1] * 2 + 2, MAX))
            return _add(_factor(sz, STRING_TRAVERSAL), arg_sum), result
        if overload in ("starts_with_string", "ends_with_string") and len(args) == 1:
            return _add(_factor(computed(args[0]), STRING_TRAVERSAL), arg_sum), None
        if overload == "in_list" and len(args) == 2:
            return _add(_factor(computed(args[1]), 1), arg_sum), None
        if overload == "matches_string" and target is not None and len(args) == 1:
            text = _factor(_add(computed(target), _ONE), STRING_TRAVERSAL)
            regex = _factor(computed(args[0]), REGEX_LENGTH)
            return _add(_mul(text, regex), arg_sum), None
        if overload == "contains_string" and target is not None and len(args) == 1:
            text = _factor(computed(target), STRING_TRAVERSAL)
            sub = _factor(computed(args[0]), STRING_TRAVERSAL)
            return _add(_mul(text, sub), arg_sum), None
        if overload in ("logical_or", "logical_and") and len(arg_costs) == 2:
            lhs, rhs = arg_costs
            return (lhs[0], _add(lhs, rhs)[1]), None
        if overload == "conditional" and len(args) == 3:
            size = _union(computed(args[1]), computed(args[2]))
            a, b = self._entry(args[1].expr), self._entry(args[2].expr)
            if a is not None and b is not None:
                self.entries[expr.id] = _Entry(
                    a.container, _union(a.key, b.key), _union(a.val, b.val)
                )
            return _add(arg_costs[0], _union(arg_costs[1], arg_costs[2])), size
        if overload in ("add_string", "add_bytes", "add_list") and len(args) == 2:
            size = _add(computed(args[0]), computed(args[1]))
            a, b = self._entry(args[0].expr), self._entry(args[1].expr)
            if a is not None and b is not None:
                self.entries[expr.id] = _Entry(
                    a.container, _union(a.key, b.key), _union(a.val, b.val)
                )
            if overload == "add_list":
                return _add(_ONE, arg_sum), size
            return _add(_factor(size, STRING_TRAVERSAL), arg_sum), size
        if overload in COMPARISONS and len(args) >= 2:
            smallest = min(computed(args[0])[1], computed(args[1])[1])
            low = 1 if smallest > 0 else 0
            return _add(_factor((low, smallest), STRING_TRAVERSAL), arg_sum), None
        return _add(_ONE, arg_sum), None


LIBRARY_TYPES = frozenset(
    {"net.IP", "net.CIDR", "kubernetes.Quantity", "kubernetes.URL", "kubernetes.NamedFormat",
     "kubernetes.Semver"}
)  # fmt: skip
_SETS = {"sets.contains": 1.0, "sets.intersects": 1.0, "sets.equivalent": 2.0}
NOMINAL = frozenset(
    {"masked", "prefixLength", "family", "isUnspecified", "isLoopback", "isLinkLocalMulticast",
     "isLinkLocalUnicast", "sign", "asInteger", "isInteger", "asApproximateFloat",
     "isGreaterThan", "isLessThan", "compareTo", "add", "sub"}
)  # fmt: skip
COMPARISONS = frozenset(
    {"less_string", "greater_string", "less_equals_string", "greater_equals_string",
     "less_bytes", "greater_bytes", "less_equals_bytes", "greater_equals_bytes",
     "equals", "not_equals"}
)  # fmt: skip


def _computed(arg: _Arg) -> Size:
    """cel-go sizeOrUnknown of an AstNode: its computed size only."""
    return UNKNOWN if arg.computed is None else arg.computed


def unwrapped(expr: Any) -> Any:
    """The call a `conversions` wrapper stands for (the wrapper has no checked type)."""
    while ca.kind(expr) == "call_expr" and expr.call_expr.function.startswith(WRAPPER):
        expr = expr.call_expr.args[0]
    return expr


# hidden functions `overrides` routes calls to -> the function the rule called
_ROUTED_NAMES = {
    "@k8s.charAt": "charAt",
    "@k8s.indexOf": "indexOf",
    "@k8s.indexOfAny": "indexOf",
    "@k8s.lastIndexOfAny": "lastIndexOf",
    "@k8s.lastIndexOf": "lastIndexOf",
    "@k8s.substring": "substring",
    "@k8s.matches": "matches",
    "@k8s.matchesGlobal": "matches",
    # `optional_calls` routes the format library's optional-returning calls
    EVAL_NAMED: "format.named",
    EVAL_VALIDATE: "validate",
}
# the wrapper `optional_calls` puts around them, which the rule does not call
OPTIONAL_WRAPPER = "optional.ofNonZeroValue"


def routed_optional(call: Any) -> bool:
    """Whether a call is `optional_calls`' wrapper around a routed format call (free)."""
    if call.function != OPTIONAL_WRAPPER or len(call.args) != 1:
        return False
    inner = call.args[0]
    return ca.kind(inner) == "call_expr" and inner.call_expr.function in (EVAL_NAMED, EVAL_VALIDATE)


def library_name(function: str) -> str:
    """The library function a call `overrides` renamed stands for."""
    if function.startswith("@k8s.sum."):
        return "sum"
    return _ROUTED_NAMES.get(function, function)


def _literal_size(expr: Any) -> Size | None:
    """cel-go computeExprSize."""
    kind = ca.kind(expr)
    if kind == "const_expr":
        which = expr.const_expr.WhichOneof("constant_kind")
        if which == "string_value":
            n = len(expr.const_expr.string_value)
        elif which == "bytes_value":
            n = len(expr.const_expr.bytes_value)
        elif which is None:
            return None
        else:
            n = 1
        return n, n
    if kind == "list_expr":
        n = len(expr.list_expr.elements)
        return n, n
    if kind == "struct_expr" and not expr.struct_expr.message_name:
        n = len(expr.struct_expr.entries)
        return n, n
    return None


def _primitive_name(t: Any) -> str:
    return "" if t is None else ca.type_name(t)


def _is_scalar(t: Any) -> bool:
    """cel-go isScalar: bool, double, duration, int, timestamp, uint (or an optional of one)."""
    if t is None:
        return False
    name = ca.type_name(t)
    if name in ("bool", "double", "int", "uint", "google.protobuf.Duration",
                "google.protobuf.Timestamp"):  # fmt: skip
        return True
    if t.WhichOneof("type_kind") == "abstract_type" and t.abstract_type.name == "optional_type":
        params = t.abstract_type.parameter_types
        return bool(params) and _is_scalar(params[0])
    return False


def _type_parameters(t: Any) -> list[Any]:
    if t is None:
        return []
    kind = t.WhichOneof("type_kind")
    if kind == "list_type":
        return [t.list_type.elem_type]
    if kind == "map_type":
        return [t.map_type.key_type, t.map_type.value_type]
    if kind == "abstract_type":
        return list(t.abstract_type.parameter_types)
    return []


def is_bind(c: Any) -> bool:
    """cel-go coster.isBind: `cel.bind` expands to a comprehension over an empty list."""
    cond = c.loop_condition
    return (
        ca.kind(c.iter_range) == "list_expr"
        and len(c.iter_range.list_expr.elements) == 0
        and ca.kind(cond) == "const_expr"
        and cond.const_expr.WhichOneof("constant_kind") == "bool_value"
        and not cond.const_expr.bool_value
        and c.accu_var != "__result__"
    )


def estimate_cost(checked: bytes, root: SizeNode | None) -> int:
    """The estimated worst-case cost (cel-go CostEstimate.Max) of a checked expression whose
    variables (`self`, `oldSelf`) have the sizes of `root`."""
    ast = ca.CheckedAst.decode(checked)
    return _Coster(ast, root).cost(ast.root)[1]


# --------------------------------------------------------------------------- the refusal


def cost_factor_text(cost: int, limit: int) -> str:
    """validation.go getCostErrorMessage's factor."""
    factor = cost / limit
    if factor > 100.0:
        return "more than 100x"
    if factor < 1.5:
        return f"{factor:f}x"
    return f"{factor:.1f}x"


def cost_error_message(cost_name: str, cost: int, limit: int) -> str:
    return (
        f"{cost_name} exceeds budget by factor of {cost_factor_text(cost, limit)} (try "
        "simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, "
        "maps, and strings are declared)"
    )


@dataclass
class RuleCost:
    path: str  # ...x-kubernetes-validations[i].rule (or .messageExpression)
    raw: int  # the expression's estimate
    cardinality: int  # the most times it can run (1 for a messageExpression)
    cost: int  # what counts against the limits


def rule_costs(
    root: Any, base: str, blocked: Callable[[str], bool] | None = None
) -> Iterator[RuleCost]:
    """Every compiled rule and messageExpression of a compiled schema (`CelValidator.root`),
    walked in the server's order, with its estimated cost (none of the nodes `blocked`)."""
    memo: dict[tuple[int, bool], SizeNode | None] = {}

    def visit(node: Any, path: str, cardinality: int | None, is_root: bool) -> Iterator[RuleCost]:
        own = list(node.schema.get("x-kubernetes-validations") or [])
        if blocked is not None and blocked(path):
            own = []
        if own:
            resource = is_root or bool(node.schema.get("x-kubernetes-embedded-resource"))
            sizes = size_node(node.schema, resource, memo)
            times = cardinality
            if times is None:
                times = max_cardinality(sizes.min_size) if sizes is not None else 1
            for index, rule in enumerate(node.rules[: len(own)]):
                if isinstance(rule, str) or rule.expression.checked is None:
                    continue
                where = f"{path}.x-kubernetes-validations[{index}]"
                raw = estimate_cost(rule.expression.checked, sizes)
                yield RuleCost(f"{where}.rule", raw, times, _times(raw, times))
                message = rule.message_expression
                if message is not None and message.checked is not None:
                    raw = estimate_cost(message.checked, sizes)
                    yield RuleCost(f"{where}.messageExpression", raw, 1, raw)
        for name in sorted(node.properties):
            child = node.properties[name]
            if child.any_rules:
                yield from visit(
                    child, f"{path}.properties[{name}]", _child(node.schema, cardinality), False
                )
        if node.additional is not None and node.additional.any_rules:
            child_card = _child(node.schema, cardinality)
            yield from visit(node.additional, f"{path}.additionalProperties", child_card, False)
        if node.items is not None and node.items.any_rules:
            yield from visit(node.items, f"{path}.items", _child(node.schema, cardinality), False)

    yield from visit(root, base, 1, True)


def _times(cost: int, cardinality: int) -> int:
    return 0 if cost == 0 else min(cost * cardinality, MAX)


def _child(parent: Mapping[str, Any], cardinality: int | None) -> int | None:
    """cel_validation.go childContext / extractMaxElements."""
    if cardinality is None:
        return None
    kind = parent.get("type")
    if kind == "object" and parent.get("additionalProperties") is not None:
        bound = parent.get("maxProperties")
    elif kind == "array":
        bound = parent.get("maxItems")
    else:
        return cardinality
    return None if bound is None else min(cardinality * _non_negative(bound), MAX)


def cost_problems(
    root: Any, base: str, blocked: Callable[[str], bool] | None = None
) -> list[tuple[str, str]]:
    """What validation.go refuses for cost, with its paths and texts; the rules of nodes
    `blocked` says the server does not compile count for nothing."""
    problems: list[tuple[str, str]] = []
    total = 0
    expensive: list[tuple[int, str]] = []
    for item in rule_costs(root, base, blocked):
        if item.cost > STATIC_ESTIMATED_COST_LIMIT:
            name = (
                "estimated rule cost"
                if item.path.endswith(".rule")
                else "estimated messageExpression cost"
            )
            text = cost_error_message(name, item.cost, STATIC_ESTIMATED_COST_LIMIT)
            problems.append((item.path, f"Forbidden: {text}"))
        total = min(total + item.cost, MAX)
        if item.cost >= STATIC_ESTIMATED_CRD_COST_LIMIT // 100:
            expensive.append((item.cost, item.path))
            expensive.sort(key=lambda e: -e[0])
            del expensive[4:]
    if total > STATIC_ESTIMATED_CRD_COST_LIMIT:
        for _, path in expensive:
            problems.append(
                (
                    path,
                    "Forbidden: contributed to estimated rule cost total exceeding cost limit "
                    "for entire OpenAPIv3 schema",
                )
            )
        text = cost_error_message(
            "x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema",
            total,
            STATIC_ESTIMATED_CRD_COST_LIMIT,
        )
        problems.append((base, f"Forbidden: {text}"))
    return problems
