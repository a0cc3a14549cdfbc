# generated from crd/modelserving.yaml by codegen — do not edit.
from ._inputs import (
    ModelServingSpecArgs as ModelServingSpecArgs,
    ModelServingSpecArgsDict as ModelServingSpecArgsDict,
    ModelServingSpecAutoscalingArgs as ModelServingSpecAutoscalingArgs,
    ModelServingSpecAutoscalingArgsDict as ModelServingSpecAutoscalingArgsDict,
    ModelServingSpecCanaryArgs as ModelServingSpecCanaryArgs,
    ModelServingSpecCanaryArgsDict as ModelServingSpecCanaryArgsDict,
    ModelServingSpecEnvArgs as ModelServingSpecEnvArgs,
    ModelServingSpecEnvArgsDict as ModelServingSpecEnvArgsDict,
    ModelServingSpecModelArgs as ModelServingSpecModelArgs,
    ModelServingSpecModelArgsDict as ModelServingSpecModelArgsDict,
    ModelServingSpecResourcesArgs as ModelServingSpecResourcesArgs,
    ModelServingSpecResourcesArgsDict as ModelServingSpecResourcesArgsDict,
)
from .model_serving import (
    ModelServing as ModelServing,
)
