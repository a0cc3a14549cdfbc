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

from . import list_semantics, optional_calls
from .checked_ast import CheckedAst, kind, walk
from .cost import CostPlan, SizeOracle
from .decl import DeclNode
from .environment import OLD_SELF_PRESENT, OLD_SELF_VALUE, eval_env
from .errors_text import checker_error, engine_error
from .field_path import Step
from .overrides import specialize
from .static_checks import homogeneous_literal_errors, literal_errors
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
    # The fields of `self` the expression selects; None when it uses `self` as a whole.
    self_fields: frozenset[str] | None = None

    def cost(self, sizes: SizeOracle) -> int:
        return self.cost_plan.cost(sizes)

    @cached_property
    def cost_plan(self) -> CostPlan:
        """The cost plan of the tokens, built once (only the data-dependent sizes vary)."""
        return CostPlan.build(list(self.tokens))

    def evaluate(self, variables: Mapping[str, Any]) -> Any:
        """The result value; raises EvaluationError with the API server's wording."""
        try:
            if type(variables) is Bindings:
                result = self.program.eval(activation=variables.activation())
            else:
                result = self.program.eval(data=dict(variables))
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
    if ast is not None:
        invalid = homogeneous_literal_errors(ast, runnable) or list_semantics.type_errors(
            ast, decl, runnable
        )
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
    return Expression(source, program, tuple(tokens), uses_old_self, _self_fields(ast))


def _self_fields(ast: CheckedAst | None) -> frozenset[str] | None:
    if ast is None:
        return None
    fields = set()
    for expr, parents in walk(ast.root):
        if kind(expr) != "ident_expr" or expr.ident_expr.name != "self":
            continue
        parent = parents[-1] if parents else None
        if parent is None or kind(parent) != "select_expr":
            return None
        fields.add(str(parent.select_expr.field))
    return frozenset(fields)


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

    @property
    def is_transition(self) -> bool:
        return self.expression.uses_old_self

    @property
    def display(self) -> str:
        return self.rule.strip()

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
    """A messageExpression result the API server would show, or None (it then falls back)."""
    if not isinstance(value, str):
        log.warning("messageExpression evaluation failed due to: must evaluate to a string")
        return None
    if not value.strip():
        log.warning("messageExpression should evaluate to a non-empty string")
        return None
    if len(value) > MAX_MESSAGE_LENGTH:
        log.warning("messageExpression beyond allowable length of %d", MAX_MESSAGE_LENGTH)
        return None
    if "\n" in value or "\r" in value:
        log.warning("messageExpression should not contain line breaks")
        return None
    return value
