# generated from fixtures/gadgets.yaml by codegen — do not edit.
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._gadget_models import (
        Gadget,
        GadgetSpec,
        GadgetSpecA,
        GadgetSpecAB,
        GadgetSpecABC,
        GadgetSpecABC2,
        GadgetSpecPorts,
    )
    from ._widget_models import (
        Widget,
        WidgetSpec,
        WidgetStatus,
    )

# Each name is imported from its module on first use, so one kind of a large group loads alone.
_EXPORTS: dict[str, str] = {
    "Gadget": "._gadget_models",
    "GadgetSpec": "._gadget_models",
    "GadgetSpecA": "._gadget_models",
    "GadgetSpecAB": "._gadget_models",
    "GadgetSpecABC": "._gadget_models",
    "GadgetSpecABC2": "._gadget_models",
    "GadgetSpecPorts": "._gadget_models",
    "Widget": "._widget_models",
    "WidgetSpec": "._widget_models",
    "WidgetStatus": "._widget_models",
}

__all__ = [
    "Gadget",
    "GadgetSpec",
    "GadgetSpecA",
    "GadgetSpecAB",
    "GadgetSpecABC",
    "GadgetSpecABC2",
    "GadgetSpecPorts",
    "Widget",
    "WidgetSpec",
    "WidgetStatus",
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
