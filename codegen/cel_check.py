"""Generation-time check of CEL rules: a rule that does not compile is a CRD problem, and so are
the rules the API server refuses although they compile (`transition_problems`, and rules whose
estimated cost is over its limits: `static_cost`) and a default value that fails the rules (the
API server evaluates them on defaults).

The runtime compiles the same rules once more when a generated class is first used; checking
here means a broken rule fails `generate` with its path instead of failing a deployment later.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from codegen.default_checks import default_rule_errors
from codegen.load import CheckableVersion, CrdDocument, CrdVersion, Problem, checkable_versions
from codegen.runtime.errors import go_quote, go_value


def _nowhere(node_path: str) -> bool:
    return False


def rule_problems(crds: Sequence[CrdDocument]) -> list[Problem]:
    """Every rule of every version that does not compile, with file and path."""
    return version_rule_problems(checkable_versions(crds))


def version_rule_problems(versions: Iterable[CheckableVersion]) -> list[Problem]:
    """`rule_problems` of versions given with their file and the paths of their schemas' other
    problems (`LoadError.checkable`): the rules at and above those are not compiled."""
    problems: list[Problem] = []
    for source, version, elsewhere, place in versions:
        found = [
            Problem(source, path, message) for path, message in _rule_problems(version, elsewhere)
        ]
        problems.extend(place(found) if place is not None and found else found)
    return problems


def _rule_problems(
    version: CrdVersion, elsewhere: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The problems of a version's rules, as the server finds them. ValidateDefaults first: the
    rules are evaluated on the schema's defaults (one that does not compile is an error where a
    default reaches it), and a default they refuse is the only rule problem reported (the
    server then compiles no rule for its own checks). Else each rule that does not compile
    and, of those that do, what validation.go refuses (`transition_problems`) and their
    estimated costs. With `elsewhere` (the schema's
    other problems), only the rules of nodes with no problem at or below them count."""
    if not version.reports_schema:
        return []  # the same schema as the first version's: checked once, with it
    if "x-kubernetes-validations" not in json.dumps(version.schema):
        return []
    try:
        return _found_rule_problems(version, elsewhere)
    except Exception:
        if not elsewhere:
            raise
        return []  # refused already: what its rules add is reported if it can be found


def _found_rule_problems(
    version: CrdVersion, elsewhere: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    from codegen.runtime.cel import CelValidator  # only when needed
    from codegen.runtime.cel.static_cost import cost_problems
    from codegen.structural_checks import rules_blocked_at

    base = version.schema_path
    validator = CelValidator.compile(
        version.schema, root_is_resource=True, defer_compile_errors=True
    )
    # ValidateDefaults runs the rules on the defaults whether or not they all compile: one
    # that does not is a "rule compile error" wherever a default reaches it.
    defaults = default_rule_errors(version.schema, base, validator)
    if defaults:
        return [(error.field or base, error.body()) for error in defaults]
    blocked = rules_blocked_at(elsewhere) if elsewhere else _nowhere
    problems = compile_problems(validator.root, base, blocked)
    problems.extend(transition_problems(validator.root, base, blocked))
    # the API server refuses rules whose estimated worst-case cost is over its limits
    problems.extend(cost_problems(validator.root, base, blocked))
    return problems


def transition_problems(
    root: Any, base: str, blocked: Callable[[str], bool] = _nowhere
) -> list[tuple[str, str]]:
    """What apiextensions validation.go refuses in rules that compile, with its paths and texts:
    a messageExpression that is not a string, `oldSelf` on the items of a list that is not a
    `map` list or anywhere below them (no old value can be correlated there), and
    `optionalOldSelf` on a rule without `oldSelf`."""
    problems: list[tuple[str, str]] = []

    def visit(node: Any, path: str, uncorrelatable: str | None) -> None:
        own = [] if blocked(path) else list(node.schema.get("x-kubernetes-validations") or [])
        for index, (spec, rule) in enumerate(zip(own, node.rules, strict=False)):
            if isinstance(rule, str):
                continue  # does not compile: `compile_problems` reports it
            where = f"{path}.x-kubernetes-validations[{index}]"
            message_type = rule.message_expression.result_type if rule.message_expression else ""
            if message_type not in ("", "string"):  # dyn too: compilation.go wants StringType
                problems.append(
                    (
                        f"{where}.messageExpression",
                        f"Invalid value: {_go_validation_rule(spec)}: "
                        "messageExpression must evaluate to a string",
                    )
                )
            if rule.is_transition:
                if uncorrelatable is not None:
                    problems.append(
                        (
                            f"{where}.rule",
                            f"Invalid value: {go_quote(str(spec.get('rule', '')))}: oldSelf "
                            "cannot be used on the uncorrelatable portion of the schema within "
                            f"{uncorrelatable}",
                        )
                    )
            elif spec.get("optionalOldSelf") is not None:
                problems.append(
                    (
                        f"{where}.optionalOldSelf",
                        f"Invalid value: {go_value(spec['optionalOldSelf'])}: "
                        "may not be set if oldSelf is not used in rule",
                    )
                )
        for name, child in node.properties.items():
            visit(child, f"{path}.properties[{name}]", uncorrelatable)
        if node.additional is not None:
            visit(node.additional, f"{path}.additionalProperties", uncorrelatable)
        if node.items is not None:
            # only the items of a `map` list correlate with the old list's
            correlated = node.schema.get("x-kubernetes-list-type") == "map"
            visit(node.items, f"{path}.items", uncorrelatable or (None if correlated else path))

    visit(root, base, None)
    return problems


# How the compiler words a rule that does not compile, and how the server words it
# (apiextensions' cel/compilation.go details, reported by validation.go as field.Invalid of the
# whole ValidationRule at `.rule` or `.messageExpression`).
_COMPILE_FAILURES = (
    ("rule compile error: ", "rule", ""),
    (
        "messageExpression compile error: compilation failed: ",
        "messageExpression",
        "messageExpression compilation failed: ",
    ),
)


# CELSchemaContext.TypeInfo on a node common.SchemaDeclType gives no type (no `type`, not an
# int-or-string: preserve-unknown-fields alone does not make one), as validation.go words it.
_NO_CEL_TYPE = (
    "Internal error: internal error: failed to construct type information for "
    "x-kubernetes-validations rules: unable to convert structural schema to CEL declarations"
)


def _has_cel_type(schema: Mapping[str, Any]) -> bool:
    return bool(schema.get("type")) or schema.get("x-kubernetes-int-or-string") is True


def compile_problems(
    root: Any, base: str, blocked: Callable[[str], bool] = _nowhere
) -> list[tuple[str, str]]:
    """Every rule that does not compile (deferred by `CelValidator.compile`), with the
    server's path and text; none of the nodes `blocked` says the server does not compile."""
    problems: list[tuple[str, str]] = []

    def visit(node: Any, path: str) -> None:
        own = [] if blocked(path) else list(node.schema.get("x-kubernetes-validations") or [])
        if own and not _has_cel_type(node.schema):
            problems.append((f"{path}.x-kubernetes-validations", _NO_CEL_TYPE))
            own = []  # the server compiles none of them
        for index, (spec, compiled) in enumerate(zip(own, node.rules, strict=False)):
            rule = compiled if isinstance(compiled, str) else compiled.message_error
            if rule is None:
                continue
            where = f"{path}.x-kubernetes-validations[{index}]"
            for prefix, key, detail in _COMPILE_FAILURES:
                if rule.startswith(prefix):
                    text = f"{detail}{rule.removeprefix(prefix)}"
                    problems.append(
                        (f"{where}.{key}", f"Invalid value: {_go_validation_rule(spec)}: {text}")
                    )
                    break
            else:
                problems.append((where, rule))
        for name, child in node.properties.items():
            visit(child, f"{path}.properties[{name}]")
        for key, child in (("additionalProperties", node.additional), ("items", node.items)):
            if child is not None:
                visit(child, f"{path}.{key}")

    visit(root, base)
    return problems


def _go_validation_rule(spec: Mapping[str, Any]) -> str:
    """`%#v` of an apiextensions.ValidationRule, as field.Invalid prints it (a set pointer field
    prints its address there, which is the process's own; a placeholder stands for it)."""

    def pointer(go_type: str, key: str) -> str:
        return f"({go_type})(nil)" if spec.get(key) is None else f"({go_type})(0xc000000000)"

    def text(key: str) -> str:
        return go_quote(str(spec.get(key) or ""))

    return (
        f"apiextensions.ValidationRule{{Rule:{text('rule')}, Message:{text('message')}, "
        f"MessageExpression:{text('messageExpression')}, "
        f"Reason:{pointer('*apiextensions.FieldValueErrorReason', 'reason')}, "
        f"FieldPath:{text('fieldPath')}, OptionalOldSelf:{pointer('*bool', 'optionalOldSelf')}}}"
    )
