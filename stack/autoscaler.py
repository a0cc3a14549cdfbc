"""A HorizontalPodAutoscaler (autoscaling/v2) that scales a ModelServing through its scale subresource.

The ModelServing CRD declares `subresources.scale` (`.spec.replicas`), so the HPA targets the
custom resource itself; the operator behind the CRD turns replicas into pods.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from generated.ai_example_com.v1 import ModelServing

# What the platform uses when an instance names a metric but no target.
DEFAULT_TARGETS: dict[str, int] = {"cpu": 80, "memory": 80, "concurrency": 10, "rps": 100}
# Per-pod custom metrics exported by the serving runtime (through a metrics adapter).
POD_METRICS: dict[str, str] = {
    "concurrency": "modelserving_inflight_requests",
    "rps": "modelserving_requests_per_second",
}


def metric_spec(metric: str, target: int | None) -> dict[str, Any]:
    """The HPA metric for a ModelServing `autoscaling.metric` and `autoscaling.target`."""
    value = target if target is not None else DEFAULT_TARGETS[metric]
    if metric in ("cpu", "memory"):
        return {
            "type": "Resource",
            "resource": {
                "name": metric,
                "target": {"type": "Utilization", "averageUtilization": value},
            },
        }
    return {
        "type": "Pods",
        "pods": {
            "metric": {"name": POD_METRICS[metric]},
            "target": {"type": "AverageValue", "averageValue": str(value)},
        },
    }


def hpa_spec(name: str, autoscaling: Mapping[str, Any]) -> dict[str, Any]:
    """The HPA spec from a validated, defaulted `spec.autoscaling` (wire JSON)."""
    min_replicas = autoscaling.get("minReplicas", 1)
    if min_replicas < 1:
        # HPA needs minReplicas >= 1 unless the HPAScaleToZero feature gate is on.
        pulumi.log.warn(
            f"ModelServing {name}: autoscaling.minReplicas {min_replicas} raised to 1 for its HPA"
        )
        min_replicas = 1
    return {
        "scaleTargetRef": {
            "apiVersion": ModelServing.API_VERSION,
            "kind": ModelServing.KIND,
            "name": name,
        },
        "minReplicas": min_replicas,
        "maxReplicas": autoscaling["maxReplicas"],
        "metrics": [
            metric_spec(autoscaling.get("metric", "concurrency"), autoscaling.get("target"))
        ],
    }


def autoscaler_for(
    serving: ModelServing,
    name: str,
    namespace: pulumi.Input[str],
    opts: pulumi.ResourceOptions | None = None,
) -> k8s.autoscaling.v2.HorizontalPodAutoscaler | None:
    """The HPA of `serving` if its spec has `autoscaling`, else None.

    Built from what the ModelServing sends (validated, defaults applied), so the HPA and the
    resource can never disagree about minReplicas or the metric.
    """
    spec = serving.validated_body.get("spec")
    if not isinstance(spec, Mapping) or spec.get("autoscaling") is None:
        return None
    autoscaling: pulumi.Output[Any] = pulumi.Output.from_input(spec["autoscaling"])
    hpa: pulumi.Output[Any] = autoscaling.apply(lambda value: hpa_spec(name, value))
    return k8s.autoscaling.v2.HorizontalPodAutoscaler(
        f"{name}-hpa",
        metadata=k8s.meta.v1.ObjectMetaArgs(
            name=name, namespace=namespace, labels={"app.kubernetes.io/name": name}
        ),
        spec=hpa,
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[serving])),
    )
