# generated from crd/modelserving.yaml by codegen — do not edit.
"""
API version ai.example.com/v1alpha1.
- ModelServing (stored as v1; deprecated: ai.example.com/v1alpha1 ModelServing is deprecated; use ai.example.com/v1)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._inputs import (
        ModelServingSpecArgs,
        ModelServingSpecArgsDict,
    )
    from .model_serving import (
        ModelServing,
    )

# Each name is imported from its module on first use, so one kind of a large group loads alone.
_EXPORTS: dict[str, str] = {
    "ModelServingSpecArgs": "._inputs",
    "ModelServingSpecArgsDict": "._inputs",
    "ModelServing": ".model_serving",
}

__all__ = [
    "ModelServing",
    "ModelServingSpecArgs",
    "ModelServingSpecArgsDict",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
