# generated from fixtures/gadgets.yaml by codegen — do not edit.
"""
API version golden.example.com/v1beta1.
- Gadget (storage version)
- Widget (storage version)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._gadget_inputs import (
        GadgetSpecAArgs,
        GadgetSpecAArgsDict,
        GadgetSpecABArgs,
        GadgetSpecABArgsDict,
        GadgetSpecABC2Args,
        GadgetSpecABC2ArgsDict,
        GadgetSpecABCArgs,
        GadgetSpecABCArgsDict,
        GadgetSpecArgs,
        GadgetSpecArgsDict,
        GadgetSpecPortsArgs,
        GadgetSpecPortsArgsDict,
    )
    from ._widget_inputs import (
        WidgetSpecArgs,
        WidgetSpecArgsDict,
    )
    from .gadget import (
        Gadget,
    )
    from .widget import (
        Widget,
    )

# Each name is imported from its module on first use, so one kind of a large group loads alone.
_EXPORTS: dict[str, str] = {
    "GadgetSpecAArgs": "._gadget_inputs",
    "GadgetSpecAArgsDict": "._gadget_inputs",
    "GadgetSpecABArgs": "._gadget_inputs",
    "GadgetSpecABArgsDict": "._gadget_inputs",
    "GadgetSpecABC2Args": "._gadget_inputs",
    "GadgetSpecABC2ArgsDict": "._gadget_inputs",
    "GadgetSpecABCArgs": "._gadget_inputs",
    "GadgetSpecABCArgsDict": "._gadget_inputs",
    "GadgetSpecArgs": "._gadget_inputs",
    "GadgetSpecArgsDict": "._gadget_inputs",
    "GadgetSpecPortsArgs": "._gadget_inputs",
    "GadgetSpecPortsArgsDict": "._gadget_inputs",
    "WidgetSpecArgs": "._widget_inputs",
    "WidgetSpecArgsDict": "._widget_inputs",
    "Gadget": ".gadget",
    "Widget": ".widget",
}

__all__ = [
    "Gadget",
    "GadgetSpecAArgs",
    "GadgetSpecAArgsDict",
    "GadgetSpecABArgs",
    "GadgetSpecABArgsDict",
    "GadgetSpecABC2Args",
    "GadgetSpecABC2ArgsDict",
    "GadgetSpecABCArgs",
    "GadgetSpecABCArgsDict",
    "GadgetSpecArgs",
    "GadgetSpecArgsDict",
    "GadgetSpecPortsArgs",
    "GadgetSpecPortsArgsDict",
    "Widget",
    "WidgetSpecArgs",
    "WidgetSpecArgsDict",
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
