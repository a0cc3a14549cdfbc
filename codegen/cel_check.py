"""Generation-time check of CEL rules: a rule that does not compile is a CRD problem.

The runtime compiles the same rules once more when a generated class is first used; checking
here means a broken rule fails `generate` with its path instead of failing a deployment later.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from codegen.load import CrdDocument, Problem

_RULES = "x-kubernetes-validations"


def rule_schema(schema: Any) -> Any | None:
    """The part of `schema` that compiling its rules needs; None when no node has rules.

    `CelValidator.compile` derives a CEL declaration for every node it walks, rules or not,
    which on a large CRD (argo Workflow: 10,000 nodes, 38 rules) costs seconds. What a rule
    compiles against is its own node only (the node's schema, declaration and path), and the
    struct types registered, in walk order, by the nodes that have rules. So every node with
    rules is kept whole, with its ancestors (their path), and every subtree without rules is
    left out: the compile sees the same rules at the same paths in the same order, and reports
    the same errors. A node with `allOf` (whose fragments add rules to it and to its
    children) and any shape the walk would not expect are kept whole, unchanged.
    """
    if not isinstance(schema, Mapping):
        return schema
    if _RULES in schema or "allOf" in schema:
        return schema
    pruned: dict[str, Any] | None = None
    properties = schema.get("properties")
    if properties is not None:
        if not isinstance(properties, Mapping):
            return schema
        kept: dict[str, Any] = {}
        for name, child in properties.items():
            if not isinstance(child, Mapping):
                return schema
            below = rule_schema(child)
            if below is not None:
                kept[name] = below
        if kept:
            pruned = {key: value for key, value in schema.items() if key not in _CHILDREN}
            pruned["properties"] = kept
    for key in ("additionalProperties", "items"):
        child = schema.get(key)
        if isinstance(child, Mapping):
            below = rule_schema(child)
            if below is not None:
                if pruned is None:
                    pruned = {k: value for k, value in schema.items() if k not in _CHILDREN}
                pruned[key] = below
    return pruned


_CHILDREN = frozenset({"properties", "additionalProperties", "items"})


def rule_problems(crds: Sequence[CrdDocument]) -> list[Problem]:
    """Every rule of every version that does not compile, with file and path."""
    problems: list[Problem] = []
    for crd in crds:
        for index, version in enumerate(crd.versions):
            schema = rule_schema(version.schema)
            if schema is None:
                if _RULES in json.dumps(version.schema):
                    # The key only as a name or in a text: nothing to compile, but the full
                    # compile ran here before, and its struct-type package numbering (which
                    # a later version's type errors name) must stay as it was.
                    from codegen.runtime.cel import CelValidator

                    CelValidator.compile({"type": "object"}, root_is_resource=True)
                continue
            from codegen.runtime.cel import CelCompileError, CelValidator  # only when needed

            try:
                CelValidator.compile(schema, root_is_resource=True)
            except CelCompileError as exc:
                base = f"spec.versions[{index}].schema.openAPIV3Schema"
                for path, message in exc.errors:
                    problems.append(
                        Problem(crd.source, f"{base}: {path}" if path else base, message)
                    )
    return problems
