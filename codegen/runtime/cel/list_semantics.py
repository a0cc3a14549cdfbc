"""Equality, `+` and `in` on schema lists with `x-kubernetes-list-type: set` or `map`.

On the API server a list with list-type `set` or `map` is not a plain CEL list
(`apiserver/pkg/cel/common/values.go`): `==` ignores element order (a set compares its elements,
a map list the entries with the same key), `X + Y` merges (a set appends the elements of `Y`
not in `X`; a map list replaces the entries of `X` with the entries of `Y` with the same key
and appends the others), and the result is again such a list. Objects, maps and atomic lists
holding such lists compare them the same way. As in cel-go, the left operand decides: `==`
dispatches on it, `in` compares each element of the list (the left operand of `Equal`).

The engine's lists are plain lists, so `rewrite` finds, in the checked AST, the `==`, `!=`,
`+` and `in` calls whose deciding operand is a value of such a schema node (`self`, `oldSelf`,
their fields, elements and map values, comprehension variables over them, merged lists) and
routes them to hidden functions implemented here, passing the node's shape as a JSON constant.

The checker sees a list or map nested in a list or map as dyn (protobuf has no such field);
`type_errors` reports the `==`/`!=` whose operand types cel-go (which knows the schema type
there) rejects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from cel_expr_python import cel

from . import checked_ast as ca
from .decl import DeclNode
from .escaping import escape
from .library import LibFunction, LibOverload, LibraryError
from .static_checks import _located as located

T = cel.Type
EQUALS = "@k8s.listTypeEquals"
NOT_EQUALS = "@k8s.listTypeNotEquals"
ADD = "@k8s.listTypeAdd"
CONTAINS = "@k8s.listTypeContains"
FOUND_IN = "@k8s.listTypeFoundIn"
_ROOTS = frozenset({"self", "oldSelf", "__oldSelfValue"})  # environment.OLD_SELF_VALUE
_SCALAR_NAMES = {
    "timestamp": "google.protobuf.Timestamp",
    "duration": "google.protobuf.Duration",
}

# Shapes (JSON): None: plain CEL equality; {"s": 1}: set list; {"m": [key lookups], "e": elem}:
# map list; {"l": elem}: atomic list; {"o": {field: shape}}: object; {"d": value}: map.
Shape = Any


def shape(node: DeclNode | None) -> Shape:
    """What of `node`'s values compares differently from plain CEL values (None: nothing)."""
    if node is None:
        return None
    if node.kind == "list":
        if node.list_type == "set":
            return {"s": 1}
        element = shape(node.element)
        if node.list_type == "map":
            return {"m": [_key_lookup(k) for k in node.map_keys], "e": element}
        return None if element is None else {"l": element}
    if node.kind == "map":
        element = shape(node.element)
        return None if element is None else {"d": element}
    if node.kind == "object":
        fields = {f.cel_name: s for f in node.fields if (s := shape(f.node)) is not None}
        return {"o": fields} if fields else None
    return None


def _key_lookup(name: str) -> str | None:
    """The key under which a map-list key property is read from an element.

    The API server reads the escaped name from the unstructured (JSON-named) element, so a key
    property whose name CEL escapes reads as null; an inaccessible one keeps its JSON name.
    """
    escaped = escape(name)
    return name if escaped is None or escaped == name else None


# --------------------------------------------------------------------------- runtime


@lru_cache(maxsize=512)
def _decode(text: str) -> Shape:
    return json.loads(text)


def _no_overload() -> LibraryError:
    return LibraryError("no such overload")


def _hashable(value: Any) -> Any:
    """A dictionary key standing for a value the way a Go map key would (typed, by value)."""
    if isinstance(value, dict):
        return ("map", tuple(sorted((str(k), _hashable(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("list", tuple(_hashable(v) for v in value))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", value)
    try:
        hash(value)
    except TypeError:
        return ("other", repr(value))
    return (type(value).__name__, value)


def _map_key(element: Any, lookups: list[str | None]) -> Any:
    if not isinstance(element, dict):
        return ("invalid", id(element))  # never equal to another element's key
    return tuple(_hashable(element.get(k)) if k is not None else None for k in lookups)


def equals(left: Any, right: Any, shape_: Shape) -> bool:
    if shape_ is None:
        return _plain_equals(left, right)
    if left is None or right is None:
        return left is right
    if "s" in shape_:
        if not isinstance(left, list) or not isinstance(right, list):
            raise _no_overload()
        if len(left) != len(right):
            return False
        members = {_hashable(e) for e in left}
        return all(_hashable(e) in members for e in right)
    if "m" in shape_:
        if not isinstance(left, list) or not isinstance(right, list):
            raise _no_overload()
        if len(left) != len(right):
            return False
        lookups, element = shape_["m"], shape_["e"]
        by_key = {_map_key(e, lookups): e for e in left}
        for item in right:
            found = by_key.get(_map_key(item, lookups), by_key)
            if found is by_key or not equals(found, item, element):
                return False
        return True
    if "l" in shape_:
        if not isinstance(left, list) or not isinstance(right, list):
            raise _no_overload()
        return len(left) == len(right) and all(
            equals(a, b, shape_["l"]) for a, b in zip(left, right, strict=True)
        )
    if not isinstance(left, Mapping) or not isinstance(right, Mapping):
        raise _no_overload()
    if len(left) != len(right):
        return False
    fields = shape_.get("o")
    for key, value in left.items():
        if key not in right:
            return False
        inner = shape_["d"] if fields is None else fields.get(key)
        if not equals(value, right[key], inner):
            return False
    return True


def _plain_equals(left: Any, right: Any) -> bool:
    """CEL equality of plain values (bool is not a number)."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(
            _plain_equals(a, b) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return len(left) == len(right) and all(
            k in right and _plain_equals(v, right[k]) for k, v in left.items()
        )
    return bool(left == right)


def add(left: Any, right: Any, shape_: Shape) -> list[Any]:
    if not isinstance(left, list) or not isinstance(right, list):
        raise _no_overload()
    if shape_ is not None and "s" in shape_:
        members = {_hashable(e) for e in left}
        merged = list(left)
        for item in right:
            key = _hashable(item)
            if key not in members:
                members.add(key)
                merged.append(item)
        return merged
    if shape_ is not None and "m" in shape_:
        lookups = shape_["m"]
        merged = list(left)
        positions = {_map_key(e, lookups): i for i, e in enumerate(left)}
        for item in right:
            position = positions.get(_map_key(item, lookups))
            if position is None:
                merged.append(item)
            else:
                merged[position] = item
        return merged
    return [*left, *right]


def contains(value: Any, items: Any, element: Shape, *, value_decides: bool = False) -> bool:
    if isinstance(items, Mapping) and value_decides:  # `in` a map literal: key membership
        try:
            return value in items
        except TypeError:
            return False
    if not isinstance(items, list):
        raise _no_overload()
    failure: LibraryError | None = None
    for item in items:
        try:
            if equals(value, item, element) if value_decides else equals(item, value, element):
                return True
        except LibraryError as exc:
            failure = failure or exc
    if failure is not None:
        raise failure
    return False


def functions() -> list[LibFunction]:
    def impl(name: str, fn: Callable[..., Any], first: Any, result: Any) -> LibFunction:
        overload_id = name.replace("@", "").replace(".", "_")
        return LibFunction(name, (LibOverload(overload_id, (first, T.DYN, T.STRING), result, fn),))

    any_list = T.List(T.DYN)
    return [
        impl(EQUALS, lambda a, b, s: equals(a, b, _decode(s)), T.DYN, T.BOOL),
        impl(NOT_EQUALS, lambda a, b, s: not equals(a, b, _decode(s)), T.DYN, T.BOOL),
        impl(ADD, lambda a, b, s: add(a, b, _decode(s)), any_list, any_list),
        impl(CONTAINS, lambda a, b, s: contains(a, b, _decode(s)), T.DYN, T.BOOL),
        impl(
            FOUND_IN,
            lambda a, b, s: contains(a, b, _decode(s), value_decides=True),
            T.DYN,
            T.BOOL,
        ),
    ]


# --------------------------------------------------------------------------- compile time


class _Analysis:
    """Which schema node each sub-expression's value comes from (None: not a schema value)."""

    def __init__(self, ast: ca.CheckedAst, root: DeclNode | None) -> None:
        self.ast = ast
        self.root = root
        self.origins: dict[int, DeclNode] = {}
        if root is not None:
            self._visit(ast.root, {})

    def _visit(self, expr: Any, scope: dict[str, DeclNode | None]) -> DeclNode | None:
        origin = self._origin(expr, scope)
        if origin is not None:
            self.origins[expr.id] = origin
        return origin

    def _origin(self, expr: Any, scope: dict[str, DeclNode | None]) -> DeclNode | None:
        kind = ca.kind(expr)
        if kind == "ident_expr":
            name = str(expr.ident_expr.name)
            if name in scope:
                return scope[name]
            return self.root if name in _ROOTS else None
        if kind == "select_expr":
            select = expr.select_expr
            base = self._visit(select.operand, scope)
            if select.test_only or base is None:
                return None
            if base.kind == "map":
                return base.element
            if base.kind == "object":
                return next((f.node for f in base.fields if f.cel_name == select.field), None)
            return None
        if kind == "call_expr":
            call = expr.call_expr
            target = self._visit(call.target, scope) if call.HasField("target") else None
            args = [self._visit(a, scope) for a in call.args]
            return _call_origin(str(call.function), target, args)
        if kind == "comprehension_expr":
            self._comprehension(expr.comprehension_expr, scope)
            return None
        for child in ca.children(expr):
            self._visit(child, scope)
        return None

    def _comprehension(self, c: Any, scope: dict[str, DeclNode | None]) -> None:
        source = self._visit(c.iter_range, scope)
        self._visit(c.accu_init, scope)
        inner = dict(scope)
        inner[str(c.accu_var)] = None
        first, second = str(c.iter_var), str(c.iter_var2)
        element = source.element if source is not None and source.kind != "object" else None
        if second:  # two variables: index or key, then element or value
            inner[first] = None
            inner[second] = element
        else:  # one variable: a list's element, a map's key
            inner[first] = element if source is not None and source.kind == "list" else None
        self._visit(c.loop_condition, inner)
        self._visit(c.loop_step, inner)
        outer = dict(scope)
        outer[str(c.accu_var)] = None
        self._visit(c.result, outer)


def _call_origin(
    function: str, target: DeclNode | None, args: list[DeclNode | None]
) -> DeclNode | None:
    if function == "_[_]" and len(args) == 2 and args[0] is not None:
        return args[0].element if args[0].kind in ("list", "map") else None
    if function == "_+_" and len(args) == 2 and args[0] is not None and args[0].kind == "list":
        return args[0]  # the API server's list `+` keeps the left list's schema
    if function == "_?_:_" and len(args) == 3 and args[1] is args[2]:
        return args[1]
    return None


def _type_kind(t: Any) -> str | None:
    which = t.WhichOneof("type_kind")
    if which == "list_type":
        return "list"
    if which == "map_type":
        return "map"
    if which == "message_type":
        return "object"
    if which in ("primitive", "well_known"):
        return ca.type_name(t)
    return None


def _node_kind(node: DeclNode) -> str | None:
    if node.kind in ("list", "map", "object"):
        return node.kind
    if node.kind == "dyn":
        return None
    return _SCALAR_NAMES.get(node.kind, node.kind)


def _node_type_name(node: DeclNode | None) -> str:
    if node is None or node.kind == "dyn":
        return "dyn"
    if node.kind == "list":
        return f"list({_node_type_name(node.element)})"
    if node.kind == "map":
        return f"map(string, {_node_type_name(node.element)})"
    return _SCALAR_NAMES.get(node.kind, node.kind)


def type_errors(ast: ca.CheckedAst, root: DeclNode | None, source: str) -> list[str]:
    """`==`/`!=` of a schema value the checker sees as dyn with a value of another kind."""
    analysis = _Analysis(ast, root)
    found = []
    for expr, _ in ca.walk(ast.root):
        if ca.kind(expr) != "call_expr" or expr.call_expr.function not in ("_==_", "_!=_"):
            continue
        call = expr.call_expr
        if len(call.args) != 2:
            continue
        kinds, names, degraded = [], [], False
        for arg in call.args:
            checked = ast.types.get(arg.id)
            node = analysis.origins.get(arg.id)
            if checked is not None and checked.WhichOneof("type_kind") != "dyn":
                kinds.append(_type_kind(checked))
                names.append(ca.type_name(checked))
            elif node is not None:
                degraded = True
                kinds.append(_node_kind(node))
                names.append(_node_type_name(node))
            else:
                kinds.append(None)
        if degraded and None not in kinds and kinds[0] != kinds[1]:
            text = (
                f"found no matching overload for '{call.function}' applied to "
                f"'({names[0]}, {names[1]})'"
            )
            found.append((expr.id, text))
    found.sort(key=lambda item: ast.positions.get(item[0], 0))
    return [located(ast, source, expr_id, text) for expr_id, text in found]


def rewrite(ast: ca.CheckedAst, root: DeclNode | None) -> None:
    """Route `==`, `!=`, `+`, `in` on set/map-list values to the functions above (in place)."""
    analysis = _Analysis(ast, root)
    if not analysis.origins:
        return
    next_id = [max((e.id for e, _ in ca.walk(ast.root)), default=0) + 1]
    for expr, _ in list(ca.walk(ast.root)):
        if ca.kind(expr) != "call_expr":
            continue
        call = expr.call_expr
        if len(call.args) != 2 or call.HasField("target"):
            continue
        function = str(call.function)
        left = analysis.origins.get(call.args[0].id)
        right = analysis.origins.get(call.args[1].id)
        replacement, shape_ = None, None
        if function in ("_==_", "_!=_") and left is not None:
            shape_ = shape(left)
            replacement = EQUALS if function == "_==_" else NOT_EQUALS
        elif function == "_+_" and left is not None and left.list_type in ("set", "map"):
            shape_ = shape(left)
            replacement = ADD
        elif function == "@in" and right is not None and right.kind == "list":
            shape_ = shape(right.element)  # a schema list compares its elements to the value
            replacement = CONTAINS
        elif function == "@in" and left is not None and right is None:
            shape_ = shape(left)  # a plain list: the value compares itself to the elements
            replacement = FOUND_IN
        if replacement is None or shape_ is None:
            continue
        call.function = replacement
        constant = call.args.add()
        next_id[0] += 1
        constant.id = next_id[0]
        constant.const_expr.string_value = json.dumps(shape_, sort_keys=True)
