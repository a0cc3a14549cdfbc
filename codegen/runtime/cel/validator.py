"""CelValidator: every x-kubernetes-validations rule of a schema, compiled once, evaluated at the
node that declares it, with ratcheting on update and a cost budget per validation."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from codegen.runtime.errors import OMITTED, ErrorType, FieldError, go_quote

from . import decl
from .cost import PER_CALL_LIMIT, RUNTIME_BUDGET, SizeOracle
from .environment import check_env
from .field_path import FieldPathError, Step, parse_field_path, render
from .rules import (
    Bindings,
    CompileFailure,
    EvaluationError,
    Expression,
    Rule,
    compile_expression,
    reason_of,
    rule_error_string,
    rule_message_or_default,
    usable_message,
)
from .struct_types import StructTypes
from .tokens import tokenize
from .values import convert

Schema = Mapping[str, Any]
log = logging.getLogger(__name__)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()
_BUDGET_EXHAUSTED = (
    "validation failed due to running out of cost budget, no further validation rules will be run"
)
_MESSAGE_BUDGET_EXHAUSTED = (
    "messageExpression evaluation failed due to running out of cost budget, no further "
    "validation rules will be run"
)


class CelCompileError(ValueError):
    """Rules that do not compile, each with the path of the schema node that declares it."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{p}: {m}" for p, m in errors))


@dataclass
class _Node:
    schema: Schema
    decl: decl.DeclNode | None
    path: str  # schema position, for compile errors: spec.ports[*].name
    rule_specs: list[Mapping[str, Any]] = field(default_factory=list)
    rules: list[Rule | str] = field(default_factory=list)  # str: a deferred compile error
    properties: dict[str, _Node] = field(default_factory=dict)
    additional: _Node | None = None
    items: _Node | None = None
    any_rules: bool = True  # this node or one below has rules (set by `_mark`)

    @property
    def type_name(self) -> str:
        return str(self.schema.get("type", ""))

    def has_rules(self) -> bool:
        children = [*self.properties.values(), self.additional, self.items]
        return bool(self.rules) or any(c is not None and c.has_rules() for c in children)


@dataclass
class _Run:
    remaining: int
    per_call_limit: int
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stopped: bool = False
    ratchet: bool = True  # an unchanged value's failures are warnings (WithRatcheting)


class CelValidator:
    """Compiled once per schema; `validate` is cheap and thread-safe (no shared mutable state)."""

    def __init__(self, root: _Node, cost_budget: int, per_call_limit: int) -> None:
        self._root = root
        self.cost_budget = cost_budget
        self.per_call_limit = per_call_limit
        self.has_rules = _mark(root)

    @classmethod
    def compile(
        cls,
        schema: Schema,
        *,
        root_is_resource: bool = True,
        cost_budget: int | None = None,
        per_call_limit: int | None = None,
        defer_compile_errors: bool = False,
    ) -> CelValidator:
        """Compile every rule; CelCompileError lists all that fail (unless deferred, in which
        case they are reported by `validate`, as the API server does for stored CRDs)."""
        types = StructTypes()
        root = _build(schema, [], "", types, None, is_resource=root_is_resource)
        failures: list[tuple[str, str]] = []
        _compile_rules(root, types, failures)
        if failures and not defer_compile_errors:
            raise CelCompileError(failures)
        budget = RUNTIME_BUDGET if cost_budget is None else cost_budget
        return cls(root, budget, PER_CALL_LIMIT if per_call_limit is None else per_call_limit)

    def validate(
        self, obj: Any, old: Any = MISSING, *, path: str = ""
    ) -> tuple[list[FieldError], list[str]]:
        """Errors and ratcheting warnings; `old` (the stored object) makes it an update."""
        run = _Run(self.cost_budget, self.per_call_limit)
        _visit(self._root, obj, old, path, run, is_root=True)
        return run.errors, run.warnings

    @property
    def root(self) -> _Node:
        """The compiled schema's root node (`properties`, `items`, `schema`, `any_rules`)."""
        return self._root

    def validate_node(
        self,
        node: _Node,
        obj: Any,
        old: Any = MISSING,
        *,
        path: str = "",
        budget: int,
        is_root: bool = False,
        ratchet: bool = True,
    ) -> tuple[list[FieldError], list[str], int]:
        """`validate` of the value `obj` at `node` (of this validator's tree), as a validator
        built for that node alone (the API server's check of a CRD's default values), with
        `budget` left of a cost budget shared by several calls. Returns the errors, the
        warnings and the budget left: negative when the budget ran out or a rule went over
        the per-call limit, after which the server evaluates nothing more. Without `ratchet`,
        a value equal to `old` fails as any other (a call without WithRatcheting)."""
        run = _Run(budget, self.per_call_limit, ratchet=ratchet)
        _visit(node, obj, old, path, run, is_root=is_root)
        return run.errors, run.warnings, -1 if run.stopped else run.remaining


def _mark(node: _Node) -> bool:
    """Set `any_rules` on every node below (the visitor skips subtrees without rules)."""
    below = False
    for child in (*node.properties.values(), node.additional, node.items):
        if child is not None and _mark(child):
            below = True
    node.any_rules = bool(node.rules) or below
    return node.any_rules


# --------------------------------------------------------------------------- compile


def _expand(fragments: list[Schema]) -> list[Schema]:
    """allOf value validations apply to the same node, recursively."""
    out: list[Schema] = []
    for f in fragments:
        out.append(f)
        out.extend(_expand(list(f.get("allOf") or [])))
    return out


def _build(
    schema: Schema,
    fragments: list[Schema],
    path: str,
    types: StructTypes,
    seen: decl.DeclNode | None,
    *,
    is_resource: bool = False,
) -> _Node:
    """`seen`: this node's CEL type as part of the type of a node above that has rules."""
    sources = _expand([schema, *fragments])
    specs = [spec for source in sources for spec in source.get("x-kubernetes-validations") or []]
    # Only a node with rules needs its CEL type, built from its whole subtree (for every node,
    # that would cost the schema's size times its depth); below, it is looked up in that type
    if specs and seen is None:
        seen = decl.build(schema, is_resource=is_resource)
    node = _Node(schema, seen if specs else None, path or "<root>")
    node.rule_specs.extend(specs)
    if node.rule_specs:
        types.cel_type(node.decl)  # register the struct messages before the pool is built
    for name, child in (schema.get("properties") or {}).items():
        extra = [s["properties"][name] for s in sources[1:] if name in (s.get("properties") or {})]
        node.properties[name] = _build(
            child, extra, f"{path}.{name}" if path else name, types, _field_type(seen, name)
        )
    for key, suffix in (("additionalProperties", "[*]"), ("items", "[*]")):
        child = schema.get(key)
        if isinstance(child, Mapping):
            extra = [s[key] for s in sources[1:] if isinstance(s.get(key), Mapping)]
            inner = seen.element if seen is not None and seen.kind == _CONTAINER[key] else None
            built = _build(child, extra, f"{path}{suffix}", types, inner)
            if key == "items":
                node.items = built
            else:
                node.additional = built
    return node


_CONTAINER: Final = {"items": "list", "additionalProperties": "map"}


def _field_type(seen: decl.DeclNode | None, name: str) -> decl.DeclNode | None:
    if seen is None or seen.kind != "object":
        return None
    return seen.field_types.get(name)


def _compile_rules(node: _Node, types: StructTypes, failures: list[tuple[str, str]]) -> None:
    envs: list[Any] = []

    def env(optional: bool) -> Any:
        if not envs:
            names = _identifiers(node.rule_specs)
            if names is None:  # a character the lexer does not know: the whole type
                pool, self_type = types.pool(), types.cel_type(node.decl)
            else:
                pool, self_type = types.selectable(node.decl, names)
            envs.append(check_env(pool, self_type))
        return envs[0]

    for index, spec in enumerate(node.rule_specs):
        where = f"{node.path}.x-kubernetes-validations[{index}]"
        try:
            rule = _compile_rule(spec, node.schema, env, node.decl)
        except CompileFailure as exc:
            failures.append((where, str(exc)))
            node.rules.append(str(exc))
            continue
        if rule.message_error is not None:
            failures.append((where, rule.message_error))
        node.rules.append(rule)
    for child in (*node.properties.values(), node.additional, node.items):
        if child is not None:
            _compile_rules(child, types, failures)


def _identifiers(specs: list[Mapping[str, Any]]) -> frozenset[str] | None:
    """Every identifier in a node's rules and message expressions (None: one has a character
    outside CEL's plain syntax, such as a backquoted field name)."""
    names: set[str] = set()
    for spec in specs:
        for key in ("rule", "messageExpression"):
            for token in tokenize(str(spec.get(key) or "")):
                if token.kind == "other":
                    return None
                if token.kind == "ident":
                    names.add(token.text)
    return frozenset(names)


_RULE_COMPILE_ERROR = "rule compile error: "


def _compile_rule(
    spec: Mapping[str, Any], schema: Schema, env: Any, self_decl: decl.DeclNode | None
) -> Rule:
    optional = bool(spec.get("optionalOldSelf"))
    source = str(spec.get("rule", ""))
    try:
        expression = compile_expression(
            source, env(optional), optional_old_self=optional, decl=self_decl
        )
    except CompileFailure as exc:
        raise CompileFailure(f"{_RULE_COMPILE_ERROR}{exc}") from None
    if expression.result_type not in ("", "bool"):
        # compilation.go: the output type must be bool itself (a dyn rule, such as `self` on an
        # int-or-string, is refused)
        raise CompileFailure(f"{_RULE_COMPILE_ERROR}cel expression must evaluate to a bool")
    message_expression: Expression | None = None
    message_error: str | None = None
    if spec.get("messageExpression"):
        try:
            message_expression = compile_expression(
                str(spec["messageExpression"]),
                env(optional),
                optional_old_self=optional,
                decl=self_decl,
            )
        except CompileFailure as exc:
            message_error = f"messageExpression compile error: {exc}"
    steps: tuple[Step, ...] = ()
    if spec.get("fieldPath"):
        try:
            steps = parse_field_path(str(spec["fieldPath"]), schema)
        except FieldPathError as exc:
            raise CompileFailure(f"fieldPath {spec['fieldPath']!r}: {exc}") from None
    return Rule(
        rule=source,
        expression=expression,
        message=spec.get("message"),
        message_expression=message_expression,
        reason=reason_of(spec.get("reason")),
        field_path=steps,
        optional_old_self=optional,
        message_error=message_error,
    )


# --------------------------------------------------------------------------- validate


def _child_path(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _visit(
    node: _Node, value: Any, old: Any, path: str, run: _Run, *, is_root: bool = False
) -> None:
    if value is None or run.stopped:
        return
    if node.rules:
        _evaluate_rules(node, value, old, path, run)
    if type(value) is dict or isinstance(value, Mapping):
        old_map = old if type(old) is dict or isinstance(old, Mapping) else {}
        for name, child in node.properties.items():
            if child.any_rules and name in value:
                # apiVersion/kind of the object itself are never ratcheted
                correlated = name in old_map and not (is_root and name in ("apiVersion", "kind"))
                _visit(
                    child,
                    value[name],
                    old_map[name] if correlated else MISSING,
                    _child_path(path, name),
                    run,
                )
        if node.additional is not None and node.additional.any_rules:
            for key, item in value.items():
                _visit(node.additional, item, old_map.get(key, MISSING), f"{path}[{key}]", run)
    elif isinstance(value, list) and node.items is not None and node.items.any_rules:
        for index, item in enumerate(value):
            _visit(
                node.items,
                item,
                _correlate(node.schema, value, old, index),
                f"{path}[{index}]",
                run,
            )


def _correlate(schema: Schema, value: list[Any], old: Any, index: int) -> Any:
    """The old list element that corresponds to value[index], or MISSING."""
    if not isinstance(old, list):
        return MISSING
    item = value[index]
    list_type = schema.get("x-kubernetes-list-type")
    if list_type == "map":
        keys = schema.get("x-kubernetes-list-map-keys") or []
        if isinstance(item, Mapping):
            wanted = [item.get(k) for k in keys]
            for candidate in old:
                if isinstance(candidate, Mapping) and [candidate.get(k) for k in keys] == wanted:
                    return candidate
        return MISSING
    # any other list (set, atomic, no list type) is not correlated item by item
    # (common.CorrelatedObject): only when the whole list is unchanged
    return old[index] if _same(value, old) else MISSING


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(type(a) is type(b) and a == b) or (
        isinstance(a, int | float) and isinstance(b, int | float) and a == b
    )


def _evaluate_rules(node: _Node, value: Any, old: Any, path: str, run: _Run) -> None:
    type_name = node.type_name
    # Values the server cannot convert fail the rules that read them only (`unconvertible`).
    self_value, unconvertible = convert(node.decl, value)
    has_old = old is not MISSING and old is not None
    old_value = None
    if has_old:
        old_value, old_unconvertible = convert(node.decl, old)
        unconvertible = unconvertible or old_unconvertible
    unchanged = run.ratchet and has_old and _same(value, old)
    at = path or None  # a rule at the root of a validation: the server's nil path, "<nil>"
    # one engine activation (and the data sizes the cost reads) per variable set
    bindings: dict[bool, tuple[Bindings, SizeOracle]] = {}
    for rule in node.rules:
        if run.stopped:
            return
        if isinstance(rule, str):
            if rule.startswith(_RULE_COMPILE_ERROR):  # else its fieldPath: the server runs it
                run.errors.append(FieldError(ErrorType.INVALID, at, rule, type_name))
            continue
        if rule.is_transition and not has_old and not rule.optional_old_self:
            continue  # transition rules only run on update
        bound = bindings.get(rule.optional_old_self)
        if bound is None:
            variables = Bindings(rule.variables(self_value, old_value, has_old))
            bound = bindings[rule.optional_old_self] = (variables, SizeOracle(variables))
        variables, sizes = bound
        if not _charge(rule.expression, sizes, rule, at, type_name, run, "rule"):
            return
        try:
            result = rule.expression.evaluate(variables, unconvertible_data=unconvertible)
        except EvaluationError as exc:
            if str(exc) == ITERATION_CAP:
                run.warnings.append(_not_evaluated(rule, path))
                continue
            detail = _evaluation_error(str(exc), rule)
            run.errors.append(FieldError(ErrorType.INVALID, at, detail, type_name))
            continue
        if result is True:
            continue
        message = _message(rule, variables, sizes, at, type_name, run, unconvertible)
        if message is None:
            return
        error = _failure(rule, value, type_name, path, message)
        if unchanged and not rule.is_transition:
            run.warnings.append(str(error))  # ratcheting: an unchanged value may stay invalid
        else:
            run.errors.append(error)


# The engine stops an evaluation after 10,000 loop iterations; cel-go has no such cap (only the
# cost limits above, checked before evaluating). Such a rule is left unchecked, with a warning.
ITERATION_CAP = "Iteration budget exceeded"


def _not_evaluated(rule: Rule, path: str) -> str:
    return (
        f"{path or '<nil>'}: rule not checked here: {rule_error_string(rule)!r} loops more than "
        "10,000 times, which this tool's CEL engine does not evaluate (the API server will)"
    )


def _evaluation_error(text: str, rule: Rule) -> str:
    """The detail of a rule whose evaluation failed (apiextensions `validateExpressions`)."""
    if text.startswith("no such overload"):
        return (
            f"'{text}': call arguments did not match a supported operator, function or macro "
            f"signature for rule: {rule_error_string(rule)}"
        )
    return f"{text} evaluating rule: {rule_error_string(rule)}"


def _charge(
    expression: Expression,
    sizes: SizeOracle,
    rule: Rule,
    at: str | None,
    type_name: str,
    run: _Run,
    what: str,
) -> bool:
    cost = expression.cost(sizes, run.per_call_limit)
    # apiextensions `validateExpressions` checks the cost against the budget left before it
    # looks at the evaluation's error (the per-call limit cancels it just past the limit).
    if cost > run.remaining:
        detail = _BUDGET_EXHAUSTED if what == "rule" else _MESSAGE_BUDGET_EXHAUSTED
        run.errors.append(FieldError(ErrorType.INVALID, at, detail, type_name))
        run.stopped = True
        return False
    if cost > run.per_call_limit:
        if what == "rule":
            detail = (
                "'operation cancelled: actual cost limit exceeded': no further validation rules "
                f"will be run due to call cost exceeds limit for rule: {rule_error_string(rule)}"
            )
        else:
            detail = (
                "no further validation rules will be run due to call cost exceeds limit for "
                f"messageExpression: {go_quote(expression.source)}"
            )
        run.errors.append(FieldError(ErrorType.INVALID, at, detail, type_name))
        run.stopped = True
        return False
    run.remaining -= cost
    return True


def _message(
    rule: Rule,
    variables: Mapping[str, Any],
    sizes: SizeOracle,
    at: str | None,
    type_name: str,
    run: _Run,
    unconvertible: bool,
) -> str | None:
    """The detail of a rule that evaluated to false (None: the budget ran out)."""
    fallback = rule_message_or_default(rule)
    expression = rule.message_expression
    if expression is None:
        return fallback
    if not _charge(expression, sizes, rule, at, type_name, run, "messageExpression"):
        return None
    try:
        text = usable_message(expression.evaluate(variables, unconvertible_data=unconvertible))
    except EvaluationError as exc:  # the server logs it at klog V(2) and falls back
        log.debug("messageExpression evaluation failed due to: %s", exc)
        return fallback
    return text if text is not None else fallback


def _failure(rule: Rule, value: Any, type_name: str, path: str, detail: str) -> FieldError:
    # at the root of a validation, without a fieldPath: the server's nil path, "<nil>"
    target = (render(rule.field_path, path) if rule.field_path else path) or None
    shown = OMITTED if rule.field_path or type_name in ("object", "array") else value
    if rule.reason is ErrorType.DUPLICATE:
        return FieldError(rule.reason, target, "", shown)  # field.Duplicate: no detail
    return FieldError(rule.reason, target, detail, shown)
