"""Cost limits, the data sizes a cost reads, and the estimate from a rule's tokens.

The cost of a rule with a checked AST is cel-go's runtime cost (`runtime_cost`); the token plan
below is the fallback for an expression the engine could not check.

The engine exposes no cost tracking, so the cost is estimated from the rule's tokens with the
actual sizes of the data it iterates: every identifier, select, index, operator and call costs
1 (literals and logical operators 0, as in cel-go's runtime cost model), and a comprehension
costs the size of its range times its body. Unknown ranges count as the largest collection in
the data. This bounds the real work, which is what the API server's budget protects.

One call is priced by its arguments, as cel-go's `costCall` prices it, because a rule can run
over the limit with it alone: `x.matches('re')` costs ceil((1 + len(x)) * 0.1) *
ceil(len(re) * 0.25), with x a path from `self`, `oldSelf` or a comprehension's variable (its
actual length, element by element) and the regex a literal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .static_cost import REGEX_LENGTH, STRING_TRAVERSAL
from .tokens import Token, matching_close, receiver_start, string_value

PER_CALL_LIMIT = 1_000_000
RUNTIME_BUDGET = 10_000_000  # per custom resource, as the API server's RuntimeCELCostBudget

MACROS = frozenset(
    {"all", "exists", "exists_one", "existsOne", "map", "filter", "transformList",
     "transformMap", "transformMapEntry", "sortBy"}
)  # fmt: skip
_FREE = frozenset({"&&", "||", "?", ":", "(", ")", ",", "{", "}", "]", ".", ".?", "in"})


class SizeOracle:
    """Sizes of the values a range expression can denote, from the variables' actual data."""

    def __init__(self, variables: Mapping[str, Any]) -> None:
        self._variables = variables
        self._largest: int | None = None

    @property
    def variables(self) -> Mapping[str, Any]:
        return self._variables

    def largest(self) -> int:
        if self._largest is None:
            self._largest = max((_largest(v) for v in self._variables.values()), default=0)
        return self._largest


class Receiver:
    """How one macro's receiver is sized, decided once from its tokens: a literal list or
    `lists.range(n)` by its length, a variable or a select of one by the value's actual size,
    anything else as the largest collection in the data."""

    __slots__ = ("const", "head", "names", "tokens")

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        texts = [t.text for t in tokens]
        self.const: int | None = None
        self.head: str | None = None
        self.names: tuple[str, ...] = ()
        if texts and texts[0] == "[":
            self.const = _literal_list_size(tokens)
        elif (
            texts[:4] == ["lists", ".", "range", "("] and tokens[4:5] and tokens[4].kind == "number"
        ):
            self.const = int(tokens[4].text, 0)
        elif texts and all(texts[i] == "." for i in range(1, len(texts), 2)):
            self.head = texts[0]
            self.names = tuple(texts[2::2])

    def size(self, sizes: SizeOracle, bound: Mapping[str, Any] | None = None) -> int:
        if self.const is not None:
            return self.const
        found, value = _resolved(self.head, self.names, sizes, bound)
        return _size(value) if found else sizes.largest()

    def value(self, sizes: SizeOracle, bound: Mapping[str, Any] | None) -> Any:
        """The collection it denotes, or None when that is not known from the data."""
        if self.const is not None:
            return None
        return _resolved(self.head, self.names, sizes, bound)[1]


def _resolved(
    head: str | None, names: tuple[str, ...], sizes: SizeOracle, bound: Mapping[str, Any] | None
) -> tuple[bool, Any]:
    """(found, value) of the path `head.names...` in the comprehension variables `bound`, then
    in the rule's variables."""
    if head is None:
        return False, None
    if bound is not None and head in bound:
        value = bound[head]
    elif head in sizes._variables:
        value = sizes._variables[head]
    else:
        return False, None
    for name in names:
        value = value.get(name) if isinstance(value, Mapping) else None
    return True, value


class SizedCall:
    """`path.matches('literal')`: cel-go's cost of the call, from the path's actual string."""

    __slots__ = ("head", "names", "regex_cost")

    def __init__(self, head: str, names: tuple[str, ...], regex: str) -> None:
        self.head = head
        self.names = names
        self.regex_cost = math.ceil(len(regex) * REGEX_LENGTH)

    def extra(self, sizes: SizeOracle, bound: Mapping[str, Any] | None) -> int:
        """What it costs beyond the unit counted for every call (0 when the string is unknown)."""
        found, value = _resolved(self.head, self.names, sizes, bound)
        if not found or not isinstance(value, str):
            return 0
        string_cost = math.ceil((1 + len(value)) * STRING_TRAVERSAL)
        return max(string_cost * self.regex_cost - 1, 0)


def _sized_call(tokens: list[Token], dot: int, hi: int) -> SizedCall | None:
    """The `matches` call whose `.` is at `dot`, when its receiver is a path and its argument a
    string literal."""
    if not (
        dot + 4 < hi
        and tokens[dot + 1].text == "matches"
        and tokens[dot + 2].text == "("
        and tokens[dot + 3].kind == "string"
        and tokens[dot + 4].text == ")"
    ):
        return None
    regex = string_value(tokens[dot + 3])
    receiver = Receiver(tokens[receiver_start(tokens, dot) : dot])
    if regex is None or receiver.head is None:
        return None
    return SizedCall(receiver.head, receiver.names, regex)


def _variables(tokens: list[Token], open_index: int, close: int) -> tuple[str, ...]:
    """The iteration variables a macro's arguments start with (`x,` or `k, v,`)."""
    names: list[str] = []
    i = open_index + 1
    while i + 1 < close and tokens[i].kind == "ident" and tokens[i + 1].text == ",":
        names.append(tokens[i].text)
        i += 2
    return tuple(names)


class CostPlan:
    """The cost of a token range with everything that does not depend on the data folded:
    the unit costs outside macros summed, its calls priced by their arguments (`SizedCall`),
    and per macro its receiver, iteration variables and body's plan."""

    __slots__ = ("macros", "priced_by_data", "sized", "static")

    def __init__(
        self,
        static: int,
        macros: tuple[tuple[Receiver, tuple[str, ...], CostPlan], ...],
        sized: tuple[SizedCall, ...] = (),
    ) -> None:
        self.static = static
        self.macros = macros
        self.sized = sized
        # whether its cost depends on its variables' values, not only their sizes
        self.priced_by_data: bool = bool(sized) or any(b.priced_by_data for _, _, b in macros)

    @classmethod
    def build(cls, tokens: list[Token], lo: int = 0, hi: int | None = None) -> CostPlan:
        hi = len(tokens) if hi is None else hi
        static = 0
        macros: list[tuple[Receiver, tuple[str, ...], CostPlan]] = []
        sized: list[SizedCall] = []
        i = lo
        while i < hi:
            tok = tokens[i]
            if (
                tok.text == "."
                and i + 2 < hi
                and tokens[i + 1].text in MACROS
                and tokens[i + 2].text == "("
            ):
                start = receiver_start(tokens, i)
                close = min(matching_close(tokens, i + 2), hi)
                variables = _variables(tokens, i + 2, close)
                body = cls.build(tokens, i + 3, close)
                macros.append((Receiver(tokens[start:i]), variables, body))
                i = close + 1
                continue
            if tok.text == ".":
                call = _sized_call(tokens, i, hi)
                if call is not None:
                    sized.append(call)
            static += _unit_cost(tokens, i)
            i += 1
        return cls(static, tuple(macros), tuple(sized))

    def cost(self, sizes: SizeOracle, bound: Mapping[str, Any] | None = None) -> int:
        """Unit costs and priced calls, plus per macro 1 + receiver size × (body cost + 1),
        the body priced element by element when its cost depends on them."""
        cost = self.static
        for call in self.sized:
            cost += call.extra(sizes, bound)
        for receiver, variables, body in self.macros:
            collection = receiver.value(sizes, bound) if body.priced_by_data else None
            if isinstance(collection, (list, Mapping)) and variables:
                cost += 1 + sum(
                    body.cost(sizes, {**(bound or {}), **_binding(variables, collection, item)}) + 1
                    for item in _elements(collection)
                )
            else:
                cost += 1 + receiver.size(sizes, bound) * (body.cost(sizes, bound) + 1)
        return cost


def _elements(collection: list[Any] | Mapping[str, Any]) -> list[Any]:
    if isinstance(collection, Mapping):
        return list(collection.items())
    return list(enumerate(collection))


def _binding(variables: tuple[str, ...], collection: Any, item: Any) -> dict[str, Any]:
    """The iteration variables for one element: a list's value (or index and value), a map's
    key (or key and value)."""
    first, second = item
    if len(variables) == 1:
        return {variables[0]: first if isinstance(collection, Mapping) else second}
    return {variables[0]: first, variables[1]: second}


def _unit_cost(tokens: list[Token], i: int) -> int:
    tok = tokens[i]
    if tok.kind in ("string", "number") or tok.text in _FREE:
        return 0
    if tok.text in ("[", "[?"):
        prev = tokens[i - 1] if i else None
        is_index = prev is not None and (prev.kind == "ident" or prev.text in (")", "]"))
        return 1 if is_index else 0  # a literal list of constants is folded
    if tok.kind == "ident" and tok.text in ("true", "false", "null"):
        return 0
    return 1


def _literal_list_size(tokens: list[Token]) -> int:
    depth, count, empty = 0, 1, True
    for tok in tokens[1:]:
        if tok.text in ("(", "[", "{", "[?"):
            depth += 1
        elif tok.text in (")", "]", "}"):
            if depth == 0:
                break
            depth -= 1
        elif tok.text == "," and depth == 0:
            count += 1
        empty = False
    return 0 if empty else count


_SIZED = frozenset({list, dict, str, bytes})


def _size(value: Any) -> int:
    if type(value) in _SIZED:
        return len(value)
    return len(value) if isinstance(value, list | Mapping | str | bytes) else 1


def _largest(value: Any) -> int:
    t = type(value)
    if t is dict or (t is not list and isinstance(value, Mapping)):
        return max([len(value), *(_largest(v) for v in value.values())])
    if t is list or isinstance(value, list):
        return max([len(value), *(_largest(v) for v in value)])
    return _size(value)
