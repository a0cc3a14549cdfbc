"""Kubernetes semantics that generated code imports (validation, defaulting, pruning, CEL)."""

from codegen.runtime.errors import ErrorType, FieldError, InvalidResourceError
from codegen.runtime.quantity import Quantity
from codegen.runtime.validation import (
    MISSING,
    CelHook,
    FieldValidation,
    SchemaValidator,
    ValidationResult,
)

__all__ = [
    "MISSING",
    "CelHook",
    "ErrorType",
    "FieldError",
    "FieldValidation",
    "InvalidResourceError",
    "Quantity",
    "SchemaValidator",
    "ValidationResult",
]
