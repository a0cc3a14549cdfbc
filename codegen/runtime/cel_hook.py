"""Connects schema validation to CEL: the `CelHook` the validator calls after schema checks.

Rules are compiled once, when the hook is built (first use of a generated class); a rule that
does not compile raises `CelCompileError` naming its path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from codegen.runtime import validation
from codegen.runtime.cel import MISSING as CEL_MISSING
from codegen.runtime.cel import CelValidator
from codegen.runtime.errors import FieldError


class CelRules:
    """Every `x-kubernetes-validations` rule below one schema node, compiled."""

    __slots__ = ("compiled",)

    def __init__(self, schema: Mapping[str, Any], *, root_is_resource: bool) -> None:
        self.compiled = CelValidator.compile(schema, root_is_resource=root_is_resource)

    @property
    def has_rules(self) -> bool:
        return bool(self.compiled.has_rules)

    def validate(
        self, schema: Any, obj: Any, old: Any, path: str
    ) -> tuple[Sequence[FieldError], Sequence[str]]:
        del schema  # compiled at construction; the node is the same one
        previous = CEL_MISSING if old is validation.MISSING or old is None else old
        errors, warnings = self.compiled.validate(obj, previous, path=path)
        return errors, warnings


def cel_hook(schema: Mapping[str, Any], *, root_is_resource: bool) -> CelRules | None:
    """A hook for `schema`, or None when nothing below it has CEL rules."""
    rules = CelRules(schema, root_is_resource=root_is_resource)
    return rules if rules.has_rules else None
