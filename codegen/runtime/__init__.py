"""Kubernetes semantics that generated code imports (validation, defaulting, pruning, CEL).

The names below are loaded on first use: the compiler imports small pydantic-free modules of
this package (`pointer`, `meta_names`), which must not load the validator and pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codegen.runtime.errors import ErrorType, FieldError, InvalidResourceError
    from codegen.runtime.quantity import Quantity
    from codegen.runtime.validation import (
        MISSING,
        CelHook,
        FieldValidation,
        SchemaValidator,
        ValidationResult,
    )

_MODULES = {
    "ErrorType": "codegen.runtime.errors",
    "FieldError": "codegen.runtime.errors",
    "InvalidResourceError": "codegen.runtime.errors",
    "Quantity": "codegen.runtime.quantity",
    "MISSING": "codegen.runtime.validation",
    "CelHook": "codegen.runtime.validation",
    "FieldValidation": "codegen.runtime.validation",
    "SchemaValidator": "codegen.runtime.validation",
    "ValidationResult": "codegen.runtime.validation",
}

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


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'codegen.runtime' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
