# generated from fixtures/gadgets.yaml by codegen — do not edit.
"""
API version golden.example.com/v1beta1.
- Gadget (storage version)
- Widget (storage version)
"""

from __future__ import annotations

from typing import Any

from codegen.runtime.lazy import exported_names, resolve

# Names resolve on first use (see codegen.runtime.lazy); `__init__.pyi` lists them for typing.
_EXACT: dict[str, str] = {
    "Gadget": ".gadget",
    "Widget": ".widget",
}
_BY_PREFIX: dict[str, str] = {
    "Gadget": "._gadget_inputs",
    "Widget": "._widget_inputs",
}


def __getattr__(name: str) -> Any:
    return resolve(__name__, __package__ or __name__, name, globals(), _EXACT, _BY_PREFIX)


def __dir__() -> list[str]:
    return exported_names(__file__)
