"""CEL `x-kubernetes-validations` evaluated like the Kubernetes API server.

`CelValidator.compile(schema)` compiles every rule of a schema once (type-checked against the
schema, with the Kubernetes CEL libraries); `validate(obj, old)` returns field errors and
ratcheting warnings.
"""

from .validator import MISSING, CelCompileError, CelValidator

__all__ = ["MISSING", "CelCompileError", "CelValidator"]
