# generated from crd/modelserving.yaml by codegen — do not edit.
from ._inputs import (
    ModelServingSpecArgs as ModelServingSpecArgs,
    ModelServingSpecArgsDict as ModelServingSpecArgsDict,
)
from .model_serving import (
    ModelServing as ModelServing,
)
