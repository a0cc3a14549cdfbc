"""Generation-time check of CEL rules: a rule that does not compile is a CRD problem.

The runtime compiles the same rules once more when a generated class is first used; checking
here means a broken rule fails `generate` with its path instead of failing a deployment later.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from codegen.load import CrdDocument, Problem


def rule_problems(crds: Sequence[CrdDocument]) -> list[Problem]:
    """Every rule of every version that does not compile, with file and path."""
    problems: list[Problem] = []
    for crd in crds:
        for index, version in enumerate(crd.versions):
            if "x-kubernetes-validations" not in json.dumps(version.schema):
                continue
            from codegen.runtime.cel import CelCompileError, CelValidator  # only when needed

            try:
                CelValidator.compile(version.schema, root_is_resource=True)
            except CelCompileError as exc:
                base = f"spec.versions[{index}].schema.openAPIV3Schema"
                for path, message in exc.errors:
                    problems.append(
                        Problem(crd.source, f"{base}: {path}" if path else base, message)
                    )
    return problems
