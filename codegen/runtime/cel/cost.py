"""Cost of a rule evaluation, estimated before it runs, so a runaway rule cannot hang.

The engine exposes no cost tracking, so the cost is estimated from the rule's tokens with the
actual sizes of the data it iterates: every identifier, select, index, operator and call costs
1 (literals and logical operators 0, as in cel-go's runtime cost model), and a comprehension
costs the size of its range times its body. Unknown ranges count as the largest collection in
the data. This bounds the real work, which is what the API server's budget protects.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .tokens import Token, matching_close, receiver_start

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

    def size(self, sizes: SizeOracle) -> int:
        if self.const is not None:
            return self.const
        variables = sizes._variables
        if self.head is not None and self.head in variables:
            value = variables[self.head]
            for name in self.names:
                value = value.get(name) if isinstance(value, Mapping) else None
            return _size(value)
        return sizes.largest()


class CostPlan:
    """The cost of a token range with everything that does not depend on the data folded:
    the unit costs outside macros summed, and per macro its receiver and its body's plan."""

    __slots__ = ("macros", "static")

    def __init__(self, static: int, macros: tuple[tuple[Receiver, CostPlan], ...]) -> None:
        self.static = static
        self.macros = macros

    @classmethod
    def build(cls, tokens: list[Token], lo: int = 0, hi: int | None = None) -> CostPlan:
        hi = len(tokens) if hi is None else hi
        static = 0
        macros: list[tuple[Receiver, CostPlan]] = []
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
                macros.append((Receiver(tokens[start:i]), cls.build(tokens, i + 3, close)))
                i = close + 1
                continue
            static += _unit_cost(tokens, i)
            i += 1
        return cls(static, tuple(macros))

    def cost(self, sizes: SizeOracle) -> int:
        """Unit costs, plus per macro 1 + receiver size × (body cost + 1)."""
        cost = self.static
        for receiver, body in self.macros:
            cost += 1 + receiver.size(sizes) * (body.cost(sizes) + 1)
        return cost


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
