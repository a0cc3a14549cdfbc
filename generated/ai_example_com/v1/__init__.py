# generated from crd/modelserving.yaml by codegen — do not edit.
"""
API version ai.example.com/v1.
- ModelServing (storage version)
"""

from __future__ import annotations

from typing import Any

from codegen.runtime.lazy import exported_names, resolve

# Names resolve on first use (see codegen.runtime.lazy); `__init__.pyi` lists them for typing.
_EXACT: dict[str, str] = {
    "ModelServing": ".model_serving",
}
_BY_PREFIX: dict[str, str] = {
    "ModelServing": "._inputs",
}


def __getattr__(name: str) -> Any:
    return resolve(__name__, __package__ or __name__, name, globals(), _EXACT, _BY_PREFIX)


def __dir__() -> list[str]:
    return exported_names(__file__)
