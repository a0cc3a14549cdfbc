"""One `x-kubernetes-validations` entry: compiled once, evaluated many times."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cel_expr_python import cel

from codegen.runtime.errors import ErrorType

from . import list_semantics, optional_calls, unconvertible
from .checked_ast import CheckedAst
from .cost import PER_CALL_LIMIT, CostPlan, SizeOracle
from .decl import DeclNode
from .environment import OLD_SELF_PRESENT, OLD_SELF_VALUE, eval_env
from .errors_text import checker_error, engine_error
from .field_path import Step
from .overrides import specialize
from .runtime_cost import RuntimeCost
from .static_checks import format_errors, homogeneous_literal_errors, literal_errors
from .strings_go import go_trim_space
from .tokens import Token, tokenize

log = logging.getLogger(__name__)

_REASONS = {
    "FieldValueInvalid": ErrorType.INVALID,
    "FieldValueRequired": ErrorType.REQUIRED,
    "FieldValueForbidden": ErrorType.FORBIDDEN,
    "FieldValueDuplicate": ErrorType.DUPLICATE,
}
_OPTIONAL_OLD_SELF = f"({OLD_SELF_PRESENT} ? optional.of({OLD_SELF_VALUE}) : optional.none())"
MAX_MESSAGE_LENGTH = 5120


class CompileFailure(Exception):
    pass


@dataclass(frozen=True)
class Expression:
    """A CEL expression type-checked against the schema and planned in the evaluation env."""

    source: str
    program: Any  # cel.Expression
    tokens: tuple[Token, ...]
    uses_old_self: bool
    # The checked expression as planned (serialized), for `guarded_program`; None when the
    # engine could not check it.
    checked: bytes | None = None
    # The static type of the result (cel-go's spelling), "" when unchecked.
    result_type: str = ""

    def cost(self, sizes: SizeOracle, ceiling: int = PER_CALL_LIMIT) -> int:
        """What evaluating it with the data of `sizes` costs on the API server (any figure
        above `ceiling` when it costs more): cel-go's runtime cost, worked out on the checked
        AST (`runtime_cost`); from the tokens when the engine could not check it."""
        runtime = self.runtime_cost
        if runtime is None:
            return self.cost_plan.cost(sizes)
        return runtime(sizes.variables, sizes.largest, ceiling)

    @cached_property
    def runtime_cost(self) -> RuntimeCost | None:
        return None if self.checked is None else RuntimeCost(CheckedAst.decode(self.checked))

    @cached_property
    def cost_plan(self) -> CostPlan:
        """The cost plan of the tokens, built once (only the data-dependent sizes vary)."""
        return CostPlan.build(list(self.tokens))

    @cached_property
    def guarded_program(self) -> Any:
        """The program for data holding a value the server cannot convert (see
        `unconvertible`): reading that value fails with the server's text."""
        if self.checked is None:
            return self.program
        ast = CheckedAst.decode(self.checked)
        unconvertible.guard(ast)
        return eval_env().deserialize(ast.parsed())

    def evaluate(self, variables: Mapping[str, Any], *, unconvertible_data: bool = False) -> Any:
        """The result value; raises EvaluationError with the API server's wording.
        `unconvertible_data`: the variables hold a value the server cannot convert."""
        program = self.guarded_program if unconvertible_data else self.program
        try:
            if type(variables) is Bindings:
                result = program.eval(activation=variables.activation())
            else:
                result = program.eval(data=dict(variables))
        except Exception as exc:  # the engine raises for some runtime failures
            raise EvaluationError(engine_error(str(exc))) from None
        if result.type() == cel.Type.ERROR:
            raise EvaluationError(engine_error(str(result.value())))
        return result.value()


class EvaluationError(Exception):
    pass


class Bindings(dict[str, Any]):
    """Variables shared by several evaluations (the rules of one node, their messages).

    The engine converts the data of an activation on its first evaluation and keeps it, so
    one activation per node converts `self` once instead of once per rule.
    """

    __slots__ = ("_activation",)
    _activation: Any

    def activation(self) -> Any:
        try:
            return self._activation
        except AttributeError:
            self._activation = eval_env().Activation(data=dict(self))
            return self._activation


def compile_expression(
    source: str, check: Any, *, optional_old_self: bool, decl: DeclNode | None = None
) -> Expression:
    """Type-check in `check`, plan in the shared evaluation env; CompileFailure on error.

    `decl` is the schema node of `self` (list-type set/map semantics, see `list_semantics`).
    """
    static = literal_errors(source)
    if static:
        raise CompileFailure(static[0])
    tokens = tokenize(source)
    uses_old_self = any(
        t.text == "oldSelf" and (i == 0 or tokens[i - 1].text not in (".", ".?"))
        for i, t in enumerate(tokens)
    )
    # Optional values cannot cross the Python boundary: build them in CEL instead.
    runnable = optional_calls.rewrite(source)
    if optional_old_self and uses_old_self:
        runnable = re.sub(r"(?<![.\w?])oldSelf\b", _OPTIONAL_OLD_SELF, runnable)
    ast = None
    try:
        ast = CheckedAst.decode(check.compile(runnable).serialize())
    except Exception as exc:
        text = str(exc)
        if "ERROR: <input>" in text:  # a parse or type-check error (not a planning detail)
            raise CompileFailure(f"compilation failed: {checker_error(text)}") from None
    result_type = ast.result_type() if ast is not None else ""
    if ast is not None:
        invalid = [
            *homogeneous_literal_errors(ast, runnable),
            *format_errors(ast, runnable),
        ] or list_semantics.type_errors(ast, decl, runnable)
        if invalid:
            raise CompileFailure("compilation failed: " + "\n".join(invalid))
        specialize(ast)
        list_semantics.rewrite(ast, decl)
    try:  # already type-checked above; unchecked plans dispatch on runtime types (dyn self)
        if ast is not None:
            program = eval_env().deserialize(ast.parsed())
        else:
            program = eval_env().compile(runnable, disable_check=True)
    except Exception as exc:
        raise CompileFailure(f"compilation failed: {engine_error(str(exc))}") from None
    if ast is None:
        return Expression(source, program, tuple(tokens), uses_old_self)
    return Expression(source, program, tuple(tokens), uses_old_self, ast.serialized(), result_type)


@dataclass(frozen=True)
class Rule:
    """A compiled rule with its message, messageExpression, reason and fieldPath."""

    rule: str
    expression: Expression
    message: str | None = None
    message_expression: Expression | None = None
    reason: ErrorType = ErrorType.INVALID
    field_path: tuple[Step, ...] = field(default=())
    optional_old_self: bool = False
    # Its messageExpression's compile error, when only that failed: the server still runs
    # the rule (on a default, or a CRD stored before) and falls back to `message`.
    message_error: str | None = None

    @property
    def is_transition(self) -> bool:
        return self.expression.uses_old_self

    def variables(self, self_value: Any, old_value: Any, has_old: bool) -> dict[str, Any]:
        if self.optional_old_self:
            return {"self": self_value, OLD_SELF_VALUE: old_value, OLD_SELF_PRESENT: has_old}
        return {"self": self_value, "oldSelf": old_value}


def reason_of(text: str | None) -> ErrorType:
    if text is None:
        return ErrorType.INVALID
    try:
        return _REASONS[text]
    except KeyError:
        raise CompileFailure(f"unsupported reason {text!r}") from None


def usable_message(value: Any) -> str | None:
    """The text the API server shows for a messageExpression result (`evalMessageExpression`:
    Go's strings.TrimSpace, then at most 5120 bytes, no line feed, not empty), or None: it then
    falls back to the rule's message. The server logs why only at klog V(2): debug level here."""
    if not isinstance(value, str):
        log.debug("messageExpression failed to convert to string")
        return None
    text = go_trim_space(value)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_MESSAGE_LENGTH:
        log.debug("messageExpression beyond allowable length of %d", MAX_MESSAGE_LENGTH)
        return None
    if "\n" in text:
        log.debug("messageExpression should not contain line breaks")
        return None
    if not text:
        log.debug("messageExpression should evaluate to a non-empty string")
        return None
    return text


def rule_error_string(rule: Rule) -> str:
    """apiextensions `ruleErrorString`: the rule's message when set, else its source (trimmed)."""
    if rule.message:
        return go_trim_space(rule.message)
    return go_trim_space(rule.rule)


def rule_message_or_default(rule: Rule) -> str:
    """apiextensions `ruleMessageOrDefault`: the detail of a rule that evaluated to false."""
    if rule.message:
        return go_trim_space(rule.message)
    return f"failed rule: {rule_error_string(rule)}"
