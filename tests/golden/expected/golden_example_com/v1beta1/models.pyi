# generated from fixtures/gadgets.yaml by codegen — do not edit.
from ._gadget_models import (
    Gadget as Gadget,
    GadgetSpec as GadgetSpec,
    GadgetSpecA as GadgetSpecA,
    GadgetSpecAB as GadgetSpecAB,
    GadgetSpecABC as GadgetSpecABC,
    GadgetSpecABC2 as GadgetSpecABC2,
    GadgetSpecPorts as GadgetSpecPorts,
)
from ._widget_models import (
    Widget as Widget,
    WidgetSpec as WidgetSpec,
    WidgetStatus as WidgetStatus,
)
