# generated from crd/modelserving.yaml by codegen — do not edit.
"""
API version ai.example.com/v1.
- ModelServing (storage version)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._inputs import (
        ModelServingSpecArgs,
        ModelServingSpecArgsDict,
        ModelServingSpecAutoscalingArgs,
        ModelServingSpecAutoscalingArgsDict,
        ModelServingSpecCanaryArgs,
        ModelServingSpecCanaryArgsDict,
        ModelServingSpecEnvArgs,
        ModelServingSpecEnvArgsDict,
        ModelServingSpecModelArgs,
        ModelServingSpecModelArgsDict,
        ModelServingSpecResourcesArgs,
        ModelServingSpecResourcesArgsDict,
    )
    from .model_serving import (
        ModelServing,
    )

# Each name is imported from its module on first use, so one kind of a large group loads alone.
_EXPORTS: dict[str, str] = {
    "ModelServingSpecArgs": "._inputs",
    "ModelServingSpecArgsDict": "._inputs",
    "ModelServingSpecAutoscalingArgs": "._inputs",
    "ModelServingSpecAutoscalingArgsDict": "._inputs",
    "ModelServingSpecCanaryArgs": "._inputs",
    "ModelServingSpecCanaryArgsDict": "._inputs",
    "ModelServingSpecEnvArgs": "._inputs",
    "ModelServingSpecEnvArgsDict": "._inputs",
    "ModelServingSpecModelArgs": "._inputs",
    "ModelServingSpecModelArgsDict": "._inputs",
    "ModelServingSpecResourcesArgs": "._inputs",
    "ModelServingSpecResourcesArgsDict": "._inputs",
    "ModelServing": ".model_serving",
}

__all__ = [
    "ModelServing",
    "ModelServingSpecArgs",
    "ModelServingSpecArgsDict",
    "ModelServingSpecAutoscalingArgs",
    "ModelServingSpecAutoscalingArgsDict",
    "ModelServingSpecCanaryArgs",
    "ModelServingSpecCanaryArgsDict",
    "ModelServingSpecEnvArgs",
    "ModelServingSpecEnvArgsDict",
    "ModelServingSpecModelArgs",
    "ModelServingSpecModelArgsDict",
    "ModelServingSpecResourcesArgs",
    "ModelServingSpecResourcesArgsDict",
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
