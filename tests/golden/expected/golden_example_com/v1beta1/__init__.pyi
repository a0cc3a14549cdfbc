# generated from fixtures/gadgets.yaml by codegen — do not edit.
from ._gadget_inputs import (
    GadgetSpecAArgs as GadgetSpecAArgs,
    GadgetSpecAArgsDict as GadgetSpecAArgsDict,
    GadgetSpecABArgs as GadgetSpecABArgs,
    GadgetSpecABArgsDict as GadgetSpecABArgsDict,
    GadgetSpecABC2Args as GadgetSpecABC2Args,
    GadgetSpecABC2ArgsDict as GadgetSpecABC2ArgsDict,
    GadgetSpecABCArgs as GadgetSpecABCArgs,
    GadgetSpecABCArgsDict as GadgetSpecABCArgsDict,
    GadgetSpecArgs as GadgetSpecArgs,
    GadgetSpecArgsDict as GadgetSpecArgsDict,
    GadgetSpecPortsArgs as GadgetSpecPortsArgs,
    GadgetSpecPortsArgsDict as GadgetSpecPortsArgsDict,
)
from ._widget_inputs import (
    WidgetSpecArgs as WidgetSpecArgs,
    WidgetSpecArgsDict as WidgetSpecArgsDict,
)
from .gadget import (
    Gadget as Gadget,
)
from .widget import (
    Widget as Widget,
)
