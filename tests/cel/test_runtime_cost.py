"""The runtime cost of a rule, as cel-go's cost tracker counts it while the server evaluates it.

Each case gives a rule, data and the cost worked out by hand from cel-go's
`interpreter/runtimecost.go` (`Observe`, `costCall`) and Kubernetes' `library/cost.go`
(`CallCost`): an identifier or a field qualifier costs 1, literals 0 (constant lists are folded
by OptOptimize), `&&`/`||`/`?:` nothing of their own, `all` 3 per element besides its predicate
(the loop condition and the accumulator), and size-dependent calls by their arguments' sizes.
The per-call limit is the behaviour that shows it: the rule passes at exactly its cost and is
stopped one unit below.
"""

from __future__ import annotations

from typing import Any

import pytest

from codegen.runtime.cel import CelValidator

INT = {"type": "integer"}
STR = {"type": "string"}
INTS = {"type": "array", "items": INT}
STRS = {"type": "array", "items": STR}


def _errors(props: dict[str, Any], rule: str, data: dict[str, Any], limit: int) -> list[str]:
    schema = {"type": "object", "properties": props, "x-kubernetes-validations": [{"rule": rule}]}
    validator = CelValidator.compile(schema, root_is_resource=False, per_call_limit=limit)
    errors, _ = validator.validate(data, path="spec")
    return [e.detail for e in errors]


CASES = [
    # self 1 + .s 1 + contains ceil(1000 * 0.1) * ceil(2 * 0.1)
    ({"s": STR}, "self.s.contains('ab') || true", {"s": "x" * 1000}, 102),
    # startsWith is priced by the receiver (cel-go before #1351): 2 + 2 + ceil(300 * 0.1) + `!`
    ({"s": STR, "p": STR}, "!self.s.startsWith(self.p)", {"s": "a" * 300, "p": "b" * 9}, 35),
    # string equality: ceil(min(len) * 0.1); `+` of strings: ceil((m + n) * 0.1)
    (
        {"a": STR, "b": STR},
        "self.a + self.b != self.a",
        {"a": "x" * 55, "b": "y" * 45},
        2 + 2 + 10 + 2 + 6,
    ),
    # all: range 2, per element loop condition 2 + accumulator 1 + (x 1 + `>` 1), result 1
    ({"l": INTS}, "self.l.all(x, x > 0)", {"l": [1, 2, 3, 4, 5]}, 2 + 5 * 5 + 1),
    # all stops at the first false element: 2 + 2 * 5, the loop condition of the 3rd, result 1
    ({"l": INTS}, "!self.l.all(x, x > 0)", {"l": [1, 0, 3, 4, 5]}, 2 + 2 * 5 + 2 + 1 + 1),
    # exists_one: no loop condition; the predicate, +2 on a match (`__result__ + 1`, an
    # accumulator resolved by the conditional attribute costs nothing); result `== 1` 2
    ({"l": INTS}, "self.l.exists_one(x, x == 3)", {"l": [1, 2, 3, 4, 5]}, 2 + 5 * 2 + 2 + 2),
    # map: per element accumulator 1 + list literal 10 + (x 1 + `*` 1) + list `+` 1
    ({"l": INTS}, "self.l.map(x, x * 2).size() > 0", {"l": [1, 2, 3, 4, 5]}, 2 + 5 * 14 + 1 + 2),
    # `in` on a list costs its size; a constant list is folded into a constant (0)
    ({"l": INTS}, "3 in self.l && !(7 in [1, 2])", {"l": list(range(50))}, 2 + 50 + 2 + 1),
    # `||` stops at a true term: has() costs its operand only, `!` 1
    ({"x": STR}, "!has(self.x) || self.x.contains('a')", {}, 2),
    # the library: lowerAscii ceil(n * 0.1), sum one per element; `!=` of the empty string
    # costs ceil(0 * 0.1) = 0
    (
        {"s": STR, "l": INTS},
        "self.s.lowerAscii() != '' && self.l.sum() >= 0",
        {"s": "A" * 100, "l": [1] * 30},
        2 + 10 + 0 + 2 + 30 + 1,
    ),
    # validate() with a named format: ceil((1 + n) * 0.1) * ceil(30 * 0.25) for dns1123Label
    (
        {"s": STR},
        "!format.named('dns1123Label').value().validate(self.s).hasValue()",
        {"s": "a" * 59},
        1 + 1 + 2 + 6 * 8 + 1 + 1,
    ),
]


@pytest.mark.parametrize(("props", "rule", "data", "cost"), CASES)
def test_a_rule_runs_at_exactly_its_runtime_cost(
    props: dict[str, Any], rule: str, data: dict[str, Any], cost: int
) -> None:
    assert _errors(props, rule, data, cost) == []
    stopped = _errors(props, rule, data, cost - 1)
    assert len(stopped) == 1 and "call cost exceeds limit" in stopped[0], stopped


def test_a_long_loop_is_priced_without_walking_every_element() -> None:
    """A loop whose first elements cost alike, with no value deciding anything, is charged as
    many times over; 9,000 elements of 5 each, plus the range and the result."""
    data = {"l": list(range(1, 9_001))}
    assert _errors({"l": INTS}, "self.l.all(x, x > 0)", data, 45_003) == []
    assert _errors({"l": INTS}, "self.l.all(x, x > 0)", data, 45_002) != []


def test_the_budget_left_is_checked_before_the_per_call_limit() -> None:
    """apiextensions looks at the cost against the budget left first: a rule over the per-call
    limit that also exceeds what is left reports the budget."""
    schema = {
        "type": "object",
        "properties": {"a": INT, "s": STR},
        "x-kubernetes-validations": [{"rule": "self.a > 0"}, {"rule": "self.s.contains('ab')"}],
    }
    data = {"a": 1, "s": "x" * 1000}  # costs 3, then 102

    def detail(budget: int) -> str:
        validator = CelValidator.compile(
            schema, root_is_resource=False, per_call_limit=50, cost_budget=budget
        )
        (error,) = validator.validate(data, path="spec")[0]
        return error.detail

    assert "running out of cost budget" in detail(100)  # 97 left < 102
    assert "call cost exceeds limit" in detail(200)  # 197 left: the per-call limit, 50
