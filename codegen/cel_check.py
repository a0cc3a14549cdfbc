"""Generation-time check of CEL rules: a rule that does not compile is a CRD problem, and so is
a default value that fails the rules (the API server evaluates them on defaults).

The runtime compiles the same rules once more when a generated class is first used; checking
here means a broken rule fails `generate` with its path instead of failing a deployment later.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from codegen.default_checks import default_rule_errors
from codegen.load import CrdDocument, Problem


def rule_problems(crds: Sequence[CrdDocument]) -> list[Problem]:
    """Every rule of every version that does not compile, with file and path."""
    problems: list[Problem] = []
    for crd in crds:
        for index, version in enumerate(crd.versions):
            if "x-kubernetes-validations" not in json.dumps(version.schema):
                continue
            from codegen.runtime.cel import CelCompileError, CelValidator  # only when needed

            base = f"spec.versions[{index}].schema.openAPIV3Schema"
            try:
                validator = CelValidator.compile(version.schema, root_is_resource=True)
            except CelCompileError as exc:
                for path, message in exc.errors:
                    problems.append(
                        Problem(crd.source, f"{base}: {path}" if path else base, message)
                    )
                continue
            # the API server evaluates the rules on the schema's default values too
            for error in default_rule_errors(version.schema, base, validator):
                problems.append(Problem(crd.source, error.field or base, error.body()))
    return problems
