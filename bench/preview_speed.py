"""A stack's preview under Pulumi mocks: N typed ModelServing vs untyped CustomResource.

The same N specs (camelCase dicts) are registered either through the generated
`generated.ai_example_com.v1.ModelServing` (validated against the CRD before registering) or
through `pulumi_kubernetes.apiextensions.CustomResource` (no validation). The time covers the
whole program run with `pulumi.runtime.set_mocks(..., preview=True)`: construction, validation
and every registration answered by the mocks.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

from bench._common import Options, Table, fmt_ratio, fmt_time, heading, median, note

NAME = "preview"
FORMATS = ("sklearn", "onnx", "pytorch", "xgboost")


class _Mocks:
    """Echo inputs back as outputs, as a create does; no calls are expected."""

    def new_resource(self, args: Any) -> tuple[str, dict[Any, Any]]:
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: Any) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        return {}, None


def spec(index: int) -> dict[str, Any]:
    return {
        "model": {
            "name": f"model-{index}",
            "format": FORMATS[index % len(FORMATS)],
            "storageUri": f"s3://models/model-{index}/v1",
        },
        "image": "docker.io/seldonio/sklearnserver:1.18.1",
        "replicas": 1 + index % 3,
        "port": 8080,
        "env": [{"name": "WORKERS", "value": str(1 + index % 4)}],
        "resources": {
            "requests": {"cpu": "500m", "memory": "1Gi"},
            "limits": {"cpu": "1", "memory": "2Gi"},
        },
        "autoscaling": {"minReplicas": 1, "maxReplicas": 4, "metric": "cpu", "target": 70},
    }


def _typed(count: int) -> Callable[[], None]:
    from generated.ai_example_com.v1 import ModelServing

    def program() -> None:
        for i in range(count):
            # camelCase dicts, as stack configuration gives them; the resource accepts them too.
            body: Any = spec(i)
            ModelServing(f"ms-{i}", metadata={"name": f"ms-{i}", "namespace": "ml"}, spec=body)

    return program


def _untyped(count: int) -> Callable[[], None]:
    from pulumi_kubernetes.apiextensions import CustomResource

    def program() -> None:
        for i in range(count):
            CustomResource(
                f"ms-{i}",
                api_version="ai.example.com/v1",
                kind="ModelServing",
                metadata={"name": f"ms-{i}", "namespace": "ml"},
                spec=spec(i),
            )

    return program


def _preview(program: Callable[[], None]) -> float:
    import pulumi
    from pulumi.runtime import mocks

    class Mocks(_Mocks, pulumi.runtime.Mocks):
        pass

    pulumi.runtime.set_mocks(Mocks(), project="bench", stack="bench", preview=True)
    started = time.perf_counter()
    mocks.test(program)()  # type: ignore[no-untyped-call]
    return time.perf_counter() - started


def run(opts: Options) -> None:
    heading("4. Pulumi preview (mocks): typed ModelServing vs untyped CustomResource")
    sizes = (10, 100) if opts.quick else (10, 100, 1000)
    reps = {10: 5, 100: 3, 1000: 2}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _preview(_typed(2))  # imports and first-use compile (sidecar, schema, CEL) out of the way
        _preview(_untyped(2))
        table = Table(
            "whole program under mocks, preview=True (median of runs, typed and untyped interleaved)",
            [
                "N",
                "untyped CustomResource",
                "typed ModelServing",
                "typed / untyped",
                "validation per instance",
            ],
        )
        for count in sizes:
            typed: list[float] = []
            untyped: list[float] = []
            for _ in range(1 if opts.quick and count >= 100 else reps[count]):
                untyped.append(_preview(_untyped(count)))
                typed.append(_preview(_typed(count)))
            t, u = median(typed), median(untyped)
            table.add(count, fmt_time(u), fmt_time(t), fmt_ratio(t / u), fmt_time((t - u) / count))
    table.print()
    note(
        "'validation per instance' = (typed - untyped) / N: what the typed class adds per resource"
    )
    print(flush=True)
