"""What one evaluation of a rule costs on the API server, worked out from the data it runs on.

cel-go counts the cost of every step as it evaluates a rule (`interpreter/runtimecost.go`): an
identifier, a field or index qualifier and most calls cost 1, a list literal 10 and a map
literal 30 (0 when all their parts are constants, which `OptOptimize` folds), `&&`, `||`, `?:`
and comprehensions nothing of their own; calls whose work grows with their arguments are priced
by the arguments' actual sizes (`costCall`, and Kubernetes' `library/cost.go` `CallCost` for its
library), e.g. `s.contains(t)` costs ceil(0.1·len(s))·ceil(0.1·len(t)). The API server stops a
rule past 1,000,000 and an object's rules past 10,000,000 in total.

The engine here counts nothing, so `RuntimeCost` walks the checked AST (types and overloads, see
`checked_ast`) in cel-go's evaluation order with the rule's variables, following values as far as
the prices and the control flow need them: `&&`/`||` stop at a known deciding term, a ternary
takes the branch its known condition picks, a comprehension runs over the actual elements and
stops when its loop condition turns false (`all` at a false element). A value it does not follow
(most call results) is unknown: a priced call then takes the largest size in the data, both
terms of a logical operator and the costlier branch of a ternary are counted, so the cost is the
server's whenever the values it depends on are followed, and otherwise an upper bound.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Mapping
from typing import Any

from codegen.runtime import regex

from . import checked_ast as ca
from .conversions import WRAPPER
from .environment import OLD_SELF_PRESENT, OLD_SELF_VALUE
from .static_cost import (
    COMPARISONS,
    LIBRARY_TYPES,
    LIST_CREATE,
    LIST_TYPE_CALLS,
    MAP_CREATE,
    MAX_NAME_FORMAT_REGEX_SIZE,
    REGEX_LENGTH,
    STRING_TRAVERSAL,
    STRUCT_CREATE,
    is_bind,
    library_name,
    routed_optional,
    unwrapped,
)
from .strings_go import go_trim_space

_BIG = 100_000  # a list or string result longer than this is followed by its size only
_SAMPLE, _LONG = 32, 256  # a loop over more than _LONG elements may extrapolate _SAMPLE of them
# library/format.go ConstantFormats: the MaxRegexSize `validate` is priced with (others: 128)
_FORMAT_REGEX_SIZE = {
    "dns1123Label": 30, "dns1123Subdomain": 60, "dns1035Label": 30, "qualifiedName": 60,
    "portName": 20, "dns1123LabelPrefix": 30, "dns1123SubdomainPrefix": 60,
    "dns1035LabelPrefix": 30, "labelValue": 40,
}  # fmt: skip
_TRAVERSALS = frozenset({"isSorted", "sum", "max", "min", "indexOf", "lastIndexOf"})
_STRING_PASSES = frozenset({"url", "lowerAscii", "upperAscii", "substring", "trim",
                            "jsonpatch.escapeKey", "cidr", "isIP", "isCIDR", "quantity",
                            "isQuantity", "semver", "isSemver"})  # fmt: skip


class _Unknown:
    """A value not followed."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


class Sized:
    """A string or list whose size is known and whose content is not followed."""

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        self.size = size


class Opaque:
    """A value cel-go does not size (timestamps, durations, library objects): size 1."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind


class _Over(Exception):
    """The cost passed the ceiling: the exact figure no longer matters."""


def _ceil(value: float) -> int:
    return math.ceil(value)


def _traversal(value: Any) -> int:
    """library/cost.go traversalCost: a string's bytes × 0.1 (truncated), a list or map the sum
    over its elements (keys and values), anything else 1."""
    if isinstance(value, str):
        return int(len(value.encode("utf-8", "surrogatepass")) * STRING_TRAVERSAL)
    if isinstance(value, bytes):
        return int(len(value) * STRING_TRAVERSAL)
    if isinstance(value, list):
        return sum(_traversal(item) for item in value)
    if isinstance(value, Mapping):
        return sum(_traversal(k) + _traversal(v) for k, v in value.items())
    if isinstance(value, Sized):
        return value.size
    return 1


class RuntimeCost:
    """The runtime cost of one checked expression, for any variables (see the module doc)."""

    def __init__(self, ast: ca.CheckedAst) -> None:
        self._ast = ast
        self._opaque: dict[int, str] = {}  # expression id -> how its (data) value is typed
        for expr_id, t in ast.types.items():
            kind = t.WhichOneof("type_kind")
            if kind == "well_known":
                self._opaque[expr_id] = "time"
            elif kind == "primitive" and ca.type_name(t) == "bytes":
                self._opaque[expr_id] = "bytes"
            elif kind in ("message_type", "abstract_type") and ca.type_name(t) in LIBRARY_TYPES:
                self._opaque[expr_id] = "library"
        self._constants: dict[int, bool] = {}
        self._calls: dict[int, _CallInfo] = {}
        self._nodes: dict[int, tuple[Any, ...]] = {}  # expression id -> `_node`
        self._variables: Mapping[str, Any] = {}
        self._largest: Callable[[], int] = int
        self._ceiling = 0
        self._spent = 0
        self._decisions = 0  # how often a followed value steered the evaluation

    def __call__(
        self, variables: Mapping[str, Any], largest: Callable[[], int], ceiling: int
    ) -> int:
        """The cost of evaluating the expression with `variables`, or, past `ceiling`, of its
        steps up to the first that goes past it (the walk, as cel-go, stops there).
        `largest()` sizes what is not followed."""
        self._variables, self._largest, self._ceiling, self._spent = (
            variables,
            largest,
            ceiling,
            0,
        )
        try:
            return self._eval(self._ast.root, {})[1]
        except _Over:  # as cel-go cancels it: the cost of the steps up to the one past it
            return self._spent
        except RecursionError:  # pragma: no cover - the engine refuses such depth first
            return ceiling + 1

    # ------------------------------------------------------------------ values

    def _typed(self, value: Any, expr_id: int) -> Any:
        kind = self._opaque.get(expr_id)
        if kind is None or value is UNKNOWN:
            return value
        if kind == "bytes" and isinstance(value, str):  # format: byte, base64 in the data
            return Sized(len(value) * 3 // 4)
        return value if kind == "bytes" else Opaque(kind)

    def _size(self, value: Any) -> int:
        """cel-go actualSize: strings in code points, lists and maps by elements, else 1."""
        if isinstance(value, str | bytes | list | dict):
            return len(value)
        if isinstance(value, Sized):
            return value.size
        if value is UNKNOWN:
            return self._largest()
        return 1

    def _charge(self, cost: int) -> int:
        self._spent += cost
        if self._spent > self._ceiling:
            raise _Over
        return cost

    # ------------------------------------------------------------------ expressions

    def _eval(self, expr: Any, env: dict[str, Any]) -> tuple[Any, int]:
        expr_id = expr.id
        node = self._nodes.get(expr_id)
        if node is None:
            node = self._nodes[expr_id] = _node(expr)
        kind = node[0]
        if kind == "ident_expr":
            name = node[1]
            value = env[name] if name in env else self._variables.get(name, UNKNOWN)
            return self._typed(value, expr_id), self._charge(1)
        if kind == "select_expr":
            _, operand_expr, field, test_only = node
            operand, cost = self._eval(operand_expr, env)
            if test_only:  # Kubernetes: PresenceTestHasCost(false)
                if isinstance(operand, dict):
                    return field in operand, cost
                return UNKNOWN, cost
            value = operand.get(field, UNKNOWN) if isinstance(operand, dict) else UNKNOWN
            return self._typed(value, expr_id), cost + self._charge(1)
        if kind == "const_expr":
            return node[1], 0
        if kind == "call_expr":
            return self._call(expr, env)
        if kind == "list_expr":
            if self._constant(expr):
                return _literal(expr), 0
            values, cost = [], self._charge(LIST_CREATE)
            for element in expr.list_expr.elements:
                value, spent = self._eval(element, env)
                values.append(value)
                cost += spent
            return values, cost
        if kind == "struct_expr":
            return self._struct(expr, env)
        if kind == "comprehension_expr":
            return self._comprehension(expr, env)
        return UNKNOWN, 0

    def _constant(self, expr: Any) -> bool:
        """Whether cel-go's planner folds the literal into a constant (all parts constant)."""
        found = self._constants.get(expr.id)
        if found is None:
            kind = expr.WhichOneof("expr_kind")
            if kind == "const_expr":
                found = True
            elif kind == "list_expr":
                found = all(self._constant(e) for e in expr.list_expr.elements)
            elif kind == "struct_expr" and not expr.struct_expr.message_name:
                found = all(
                    self._constant(e.map_key) and self._constant(e.value)
                    for e in expr.struct_expr.entries
                )
            else:
                found = False
            self._constants[expr.id] = found
        return found

    def _struct(self, expr: Any, env: dict[str, Any]) -> tuple[Any, int]:
        struct = expr.struct_expr
        if not struct.message_name and self._constant(expr):
            return _literal(expr), 0
        cost = self._charge(STRUCT_CREATE if struct.message_name else MAP_CREATE)
        result: dict[Any, Any] = {}
        for entry in struct.entries:
            key: Any = entry.field_key
            if entry.HasField("map_key"):
                key, spent = self._eval(entry.map_key, env)
                cost += spent
            value, spent = self._eval(entry.value, env)
            cost += spent
            if isinstance(key, str | int | bool):
                result[key] = value
        return result, cost

    def _comprehension(self, expr: Any, env: dict[str, Any]) -> tuple[Any, int]:
        c = expr.comprehension_expr
        if is_bind(c):  # cel.bind(name, init, body)
            init, cost = self._eval(c.accu_init, env)
            value, spent = self._eval(c.result, {**env, c.accu_var: init})
            return value, cost + spent
        items, cost = self._eval(c.iter_range, env)
        accu, spent = self._eval(c.accu_init, env)
        cost += spent
        inner = dict(env)
        inner[c.accu_var] = accu
        over_map = isinstance(items, dict)  # one variable: a map's key, a list's element
        count = self._count(items)
        decisions = self._decisions
        steps: list[int] = []
        for index, (first, second) in enumerate(self._elements(items)):
            if c.iter_var2:
                inner[c.iter_var], inner[c.iter_var2] = first, second
            else:
                inner[c.iter_var] = first if over_map else second
            go_on, spent = self._eval(c.loop_condition, inner)
            if go_on is False:
                self._decisions += 1
                cost += spent
                break
            inner[c.accu_var], step = self._eval(c.loop_step, inner)
            steps.append(spent + step)
            if index + 1 == _SAMPLE and count > _LONG and self._uniform(steps, decisions):
                # The first elements all cost the same, and no value decided anything: the
                # rest cost as much (a long loop is not walked element by element).
                cost += self._charge_elements(count - _SAMPLE, steps[0])
                inner[c.accu_var] = _extrapolated(accu, inner[c.accu_var], count)
                break
        cost += sum(steps)
        value, spent = self._eval(c.result, inner)
        return value, cost + spent

    def _charge_elements(self, count: int, each: int) -> int:
        """`count` elements of `each`; past the ceiling, as cel-go stops: at the element that
        goes past it, not at the end of the loop."""
        if count * each > self._ceiling - self._spent and each > 0:
            self._charge(((self._ceiling - self._spent) // each + 1) * each)
        return self._charge(count * each)

    def _count(self, items: Any) -> int:
        if isinstance(items, list | dict):
            return len(items)
        return items.size if isinstance(items, Sized) else self._largest()

    def _uniform(self, steps: list[int], decisions: int) -> bool:
        return self._decisions == decisions and len(set(steps)) == 1

    def _elements(self, items: Any) -> Any:
        """(index or key, value) of each element a comprehension visits."""
        if isinstance(items, list):
            return enumerate(items)
        if isinstance(items, dict):
            return items.items()
        return ((UNKNOWN, UNKNOWN) for _ in range(self._count(items)))

    # ------------------------------------------------------------------ calls

    def _call(self, expr: Any, env: dict[str, Any]) -> tuple[Any, int]:
        info = self._calls.get(expr.id)
        if info is None:
            info = self._calls[expr.id] = _CallInfo(expr, self._ast.overloads.get(expr.id))
        form = info.form
        if form == _PLAIN:
            values: list[Any] = []
            cost = 0
            for arg in info.operands:  # the receiver first, as cel-go passes them
                value, spent = self._eval(arg, env)
                values.append(value)
                cost += spent
            result = _result(info.name, info.overload, values) if info.followed else UNKNOWN
            if info.priced:
                price = self._call_cost(info.name, info.overload, values, info.operands, result)
            else:
                price = 1
            return result, cost + self._charge(price)
        if form == _PASS:  # a wrapper the rewrites added: the wrapped call
            return self._eval(info.operands[0], env)
        if form == _CONDITIONAL:
            return self._conditional(info.operands, env)
        return self._logical(info.operands, form == _OR, env)

    def _logical(self, terms: Any, is_or: bool, env: dict[str, Any]) -> tuple[Any, int]:
        """cel-go evalOr/evalAnd: terms in order, stopping at the first deciding one."""
        cost = 0
        known = True
        for term in terms:
            value, spent = self._eval(term, env)
            cost += spent
            if value is is_or:  # true for ||, false for &&
                self._decisions += 1
                return is_or, cost
            if value is not (not is_or):
                known = False
        return (not is_or) if known else UNKNOWN, cost

    def _conditional(self, args: Any, env: dict[str, Any]) -> tuple[Any, int]:
        condition = args[0]
        if condition.WhichOneof("expr_kind") == "ident_expr" and (
            condition.ident_expr.name == OLD_SELF_PRESENT
        ):  # the optionalOldSelf rewrite of `oldSelf`: one identifier on the server
            present = self._variables.get(OLD_SELF_PRESENT)
            value = self._variables.get(OLD_SELF_VALUE, UNKNOWN) if present else UNKNOWN
            return value, self._charge(1)
        chosen, cost = self._eval(condition, env)
        if chosen is True or chosen is False:
            self._decisions += 1
            value, spent = self._branch(args[1] if chosen else args[2], env)
            return value, cost + spent
        # Unknown: both branches are worked out (within the ceiling); the costlier counts.
        before = self._spent
        a, cost_a = self._branch(args[1], env)
        self._spent = before
        b, cost_b = self._branch(args[2], env)
        self._spent = before + max(cost_a, cost_b)
        return _either(a, b), cost + max(cost_a, cost_b)

    def _branch(self, expr: Any, env: dict[str, Any]) -> tuple[Any, int]:
        """A ternary's branch: cel-go plans `?:` as a conditional attribute, which resolves a
        branch that is itself an attribute (`x`, `x.f`, `x[0]`) without observing it: free."""
        if not _is_attribute(expr):
            return self._eval(expr, env)
        before = self._spent
        value, _ = self._eval(expr, env)
        self._spent = before
        return value, 0

    def _call_cost(
        self, function: str, overload: str, values: list[Any], exprs: list[Any], result: Any
    ) -> int:
        """Kubernetes' library CallCost, then cel-go's costCall, for one call; `values` are the
        receiver (if any) then the arguments, as cel-go passes them."""
        size = self._size
        first = values[0] if values else UNKNOWN
        if function in _TRAVERSALS and values:
            return _traversal(first) if first is not UNKNOWN else self._largest()
        if function in _STRING_PASSES and values:  # the receiver or the one argument
            return _ceil(size(first) * STRING_TRAVERSAL)
        if function in ("replace", "split") and values:
            return _ceil(size(first) * 2 * STRING_TRAVERSAL)
        if function == "join" and values:
            return _ceil(size(result) * 2 * STRING_TRAVERSAL)
        if function in ("find", "findAll") and len(values) >= 2:
            text = _ceil((1 + size(values[0])) * STRING_TRAVERSAL)
            return text * _ceil(size(values[1]) * REGEX_LENGTH)
        if function == "ip" and values:
            if overload == "cidr_ip":
                return 1
            return _ceil(size(values[0]) * STRING_TRAVERSAL)
        if function == "ip.isCanonical" and values:
            return _ceil(size(values[0]) * 2 * STRING_TRAVERSAL)
        if function == "containsIP" and len(values) >= 2:
            cost = _ceil(2 * size(values[0]) * STRING_TRAVERSAL)
            if overload == "cidr_contains_ip_string":
                cost += _ceil(size(values[1]) * STRING_TRAVERSAL)
            return cost
        if function == "containsCIDR" and len(values) >= 2:
            cidr = size(values[0])
            cost = _ceil(2 * cidr * STRING_TRAVERSAL) + _ceil(cidr * STRING_TRAVERSAL) + 1
            if overload == "cidr_contains_cidr_string":
                cost += _ceil(size(values[1]) * STRING_TRAVERSAL)
            return cost
        if function == "validate" and len(values) >= 2:
            fmt = values[0]
            regex = MAX_NAME_FORMAT_REGEX_SIZE
            if isinstance(fmt, tuple) and fmt[0] == "format":
                regex = _FORMAT_REGEX_SIZE.get(fmt[1], MAX_NAME_FORMAT_REGEX_SIZE)
            text = _ceil((1 + size(values[1])) * STRING_TRAVERSAL)
            return text * _ceil(regex * REGEX_LENGTH)
        if function in ("_==_", "_!=_") and any(
            self._opaque.get(e.id) == "library" for e in exprs[:1]
        ):
            return 1
        # cel-go costCall
        if overload in (
            "starts_with_string", "ends_with_string", "string_to_bytes", "bytes_to_string",
            "strings_quote", "string_format",
        ):  # fmt: skip
            # the receiver's size: cel-go prices startsWith by its prefix only from v0.27 on
            # (cel-go#1351, June 2026), after Kubernetes 1.36's release
            return _ceil(size(first) * STRING_TRAVERSAL)
        if overload == "in_list" and len(values) == 2:
            return size(values[1])
        if overload in COMPARISONS and len(values) == 2:
            return _ceil(min(size(values[0]), size(values[1])) * STRING_TRAVERSAL)
        if overload in ("add_string", "add_bytes") and len(values) == 2:
            return _ceil((size(values[0]) + size(values[1])) * STRING_TRAVERSAL)
        if overload in ("matches", "matches_string") and len(values) == 2:
            text = _ceil((1 + size(values[0])) * STRING_TRAVERSAL)
            return text * _ceil(size(values[1]) * REGEX_LENGTH)
        if overload == "contains_string" and len(values) == 2:
            return _ceil(size(values[0]) * STRING_TRAVERSAL) * _ceil(
                size(values[1]) * STRING_TRAVERSAL
            )
        return 1


def _node(expr: Any) -> tuple[Any, ...]:
    """An expression's kind and, for the leaves walked most, what evaluating it reads."""
    kind = expr.WhichOneof("expr_kind")
    if kind == "ident_expr":
        return kind, str(expr.ident_expr.name)
    if kind == "select_expr":
        select = expr.select_expr
        return kind, select.operand, str(select.field), bool(select.test_only)
    if kind == "const_expr":
        return kind, _constant(expr.const_expr)
    return (kind,)


_PLAIN, _PASS, _CONDITIONAL, _AND, _OR = range(5)
# calls whose price depends on their arguments (see `_call_cost`); any other costs 1
_PRICED_NAMES = (
    _TRAVERSALS | _STRING_PASSES
    | {"replace", "split", "join", "find", "findAll", "ip", "ip.isCanonical", "containsIP",
       "containsCIDR", "validate", "_==_", "_!=_"}
)  # fmt: skip
_PRICED_OVERLOADS = COMPARISONS | {
    "starts_with_string", "ends_with_string", "string_to_bytes", "bytes_to_string",
    "strings_quote", "string_format", "in_list", "add_string", "add_bytes", "matches",
    "matches_string", "contains_string",
}  # fmt: skip
# calls whose result `_follow` works out
_FOLLOWED_NAMES = frozenset(
    {"size", "@not_strictly_false", "lowerAscii", "upperAscii", "trim", "format.named", "value",
     "orValue", "optional.of", "dyn", "join"}
)  # fmt: skip
_FOLLOWED_OVERLOADS = frozenset(
    {"add_string", "add_list", "equals", "not_equals", "logical_not", "in_list", "in_map",
     "starts_with_string", "ends_with_string", "contains_string", "matches", "matches_string",
     "index_list", "index_map"}
)  # fmt: skip


class _CallInfo:
    """What a call node's evaluation needs, worked out once per node."""

    __slots__ = ("followed", "form", "name", "operands", "overload", "priced")

    def __init__(self, expr: Any, overloads: tuple[str, ...] | None) -> None:
        call = expr.call_expr
        function = str(call.function)
        self.overload = (overloads or ("",))[0]
        self.name = library_name(function)
        self.priced = self.followed = False
        if function.startswith(WRAPPER) or routed_optional(call):
            self.form, self.operands = _PASS, [call.args[0]]
            return
        if function in ("_&&_", "_||_"):
            self.form, self.operands = (_OR if function == "_||_" else _AND), list(call.args)
            return
        if function == "_?_:_":
            self.form, self.operands = _CONDITIONAL, list(call.args)
            return
        args = [unwrapped(arg) for arg in call.args]
        if function in LIST_TYPE_CALLS:
            args = args[:2]  # the rewrite's trailing constant
        self.form = _PLAIN
        self.operands = [unwrapped(call.target), *args] if call.HasField("target") else args
        self.priced = self.name in _PRICED_NAMES or self.overload in _PRICED_OVERLOADS
        self.followed = (
            self.name in _FOLLOWED_NAMES
            or self.overload in _FOLLOWED_OVERLOADS
            or self.overload.startswith(("size_", "less_", "greater_"))
        )


def _constant(constant: Any) -> Any:
    which = constant.WhichOneof("constant_kind")
    if which is None or which == "null_value":
        return None
    value = getattr(constant, which)
    if which == "uint64_value":
        return int(value)
    return value


def _literal(expr: Any) -> Any:
    """The value of a literal made of constants only."""
    kind = expr.WhichOneof("expr_kind")
    if kind == "const_expr":
        return _constant(expr.const_expr)
    if kind == "list_expr":
        return [_literal(e) for e in expr.list_expr.elements]
    return {_literal(e.map_key): _literal(e.value) for e in expr.struct_expr.entries}


def _extrapolated(initial: Any, sampled: Any, count: int) -> Any:
    """The accumulator after `count` elements, from its value after the sample: a list grown
    by as much per element (map, filter); anything else is not followed."""
    if isinstance(initial, list) and isinstance(sampled, list | Sized):
        grown = _len(sampled) - len(initial)
        return Sized(len(initial) + grown * count // _SAMPLE)
    return UNKNOWN


def _is_attribute(expr: Any) -> bool:
    """Whether cel-go plans the expression as an attribute: a variable with field selections
    and constant indexes."""
    while True:
        kind = expr.WhichOneof("expr_kind")
        if kind == "ident_expr":
            return True
        if kind == "select_expr" and not expr.select_expr.test_only:
            expr = expr.select_expr.operand
        elif (
            kind == "call_expr"
            and expr.call_expr.function == "_[_]"
            and len(expr.call_expr.args) == 2
            and expr.call_expr.args[1].WhichOneof("expr_kind") == "const_expr"
        ):
            expr = expr.call_expr.args[0]
        else:
            return False


def _either(a: Any, b: Any) -> Any:
    """What an unknown ternary yields, as far as sizes go: the larger of two sized values."""
    if isinstance(a, str | list | Sized) and isinstance(b, str | list | Sized):
        return Sized(max(_len(a), _len(b)))
    return UNKNOWN


def _result(function: str, overload: str, values: list[Any]) -> Any:
    """The value of a call where it is simple to follow (sizes, strings, comparisons, the
    predicates rules branch on); UNKNOWN otherwise."""
    if any(v is UNKNOWN for v in values):
        return UNKNOWN
    try:
        return _follow(function, overload, values)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError, ZeroDivisionError):
        return UNKNOWN


def _follow(function: str, overload: str, values: list[Any]) -> Any:
    a: Any = values[0] if values else None
    b: Any = values[1] if len(values) > 1 else None
    if function == "size" or overload.startswith("size_"):
        return (
            len(a)
            if isinstance(a, str | bytes | list | dict)
            else (a.size if isinstance(a, Sized) else UNKNOWN)
        )
    if overload in ("add_string", "add_list"):
        if isinstance(a, Sized) or isinstance(b, Sized) or len(a) + len(b) > _BIG:
            return Sized(_len(a) + _len(b))
        return a + b
    if overload in ("equals", "not_equals"):
        if not _plain(a) or not _plain(b):
            return UNKNOWN
        numbers = (
            not isinstance(a, bool)
            and not isinstance(b, bool)
            and (isinstance(a, int | float) and isinstance(b, int | float))
        )
        same = a == b if numbers or type(a) is type(b) else False  # CEL: 1 != true, 1 == 1.0
        return same == (overload == "equals")
    if overload.startswith(("less_", "greater_")) and type(a) is type(b) and _plain(a):
        if overload.startswith("less_equals"):
            return a <= b
        if overload.startswith("greater_equals"):
            return a >= b
        return a < b if overload.startswith("less") else a > b
    if overload == "logical_not" and isinstance(a, bool):
        return not a
    if function == "@not_strictly_false":
        return a if isinstance(a, bool) else True
    if overload in ("in_list", "in_map") and _plain(a) and isinstance(b, list | dict):
        return a in b
    if overload == "starts_with_string" and isinstance(a, str):
        return a.startswith(b)
    if overload == "ends_with_string" and isinstance(a, str):
        return a.endswith(b)
    if overload == "contains_string" and isinstance(a, str):
        return b in a
    if overload in ("matches", "matches_string") and isinstance(a, str) and isinstance(b, str):
        return regex.search(b, a)
    if overload in ("index_list", "index_map") and isinstance(a, list | dict):
        return a[b]
    if function == "lowerAscii" and isinstance(a, str):
        return a.translate(_LOWER_ASCII)
    if function == "upperAscii" and isinstance(a, str):
        return a.translate(_UPPER_ASCII)
    if function == "trim" and isinstance(a, str):
        return go_trim_space(a)
    if function == "format.named" and isinstance(a, str):
        return ("format", a)
    if function in ("value", "orValue", "optional.of", "dyn") and values:
        return a
    if function == "join" and isinstance(a, list) and all(isinstance(x, str) for x in a):
        return (b if isinstance(b, str) else "").join(a)
    return UNKNOWN


_LOWER_ASCII = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_UPPER_ASCII = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _len(value: Any) -> int:
    return value.size if isinstance(value, Sized) else len(value)
