"""Issue #5: validation throughput with CEL on and off.

ModelServing (crd/, 4 rules, one a transition rule skipped on create) on a few valid instances,
and gateway-api HTTPRoute (a CEL-heavy corpus CRD) on its corpus instances. "Off" is the same
generated model with the CEL hook of its validator switched off; everything else is identical.
"""

from __future__ import annotations

import copy
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from bench._common import (
    GeneratedCache,
    Options,
    Table,
    fmt_ratio,
    fmt_time,
    heading,
    load_single_document,
    median,
    note,
    package_name,
    repeat,
)
from bench.preview_speed import spec

NAME = "cel"
HTTPROUTE = "crds/gateway-api/httproutes.gateway.networking.k8s.io.yaml"


def count_rules(node: Any) -> int:
    if isinstance(node, dict):
        own = node.get("x-kubernetes-validations")
        return (len(own) if isinstance(own, list) else 0) + sum(
            count_rules(v) for v in node.values()
        )
    if isinstance(node, list):
        return sum(count_rules(v) for v in node)
    return 0


def _modelserving_documents() -> list[dict[str, Any]]:
    documents = []
    for index in range(6):
        body = spec(index)
        if index % 2:
            del body["autoscaling"]
        documents.append(
            {
                "apiVersion": "ai.example.com/v1",
                "kind": "ModelServing",
                "metadata": {"name": f"ms-{index}", "namespace": "ml"},
                "spec": body,
            }
        )
    return documents


def _check(model: Any, document: Any) -> Callable[[], bool]:
    from pydantic import ValidationError

    def call() -> bool:
        try:
            model.model_validate(document, context={"field_validation": "Strict"})
        except ValidationError:
            return False
        return True

    return call


def _measure(label: str, model: Any, documents: Sequence[Any], budget: float, table: Table) -> None:
    from codegen.runtime.cel_hook import cel_hook

    binding = model.k8s_binding()
    schema = binding.sidecar.schema
    started = time.perf_counter()
    cel_hook(schema, root_is_resource=True)
    compile_seconds = time.perf_counter() - started
    validator = binding.validator
    _check(model, documents[0])()  # first use out of the way
    on: list[float] = []
    off: list[float] = []
    accepted = {True: 0, False: 0}
    saved = validator.cel
    for document in documents:
        call = _check(model, copy.deepcopy(document))
        accepted[True] += call()
        on.append(median(repeat(call, budget=budget)))
        validator.cel = None
        try:
            accepted[False] += call()
            off.append(median(repeat(call, budget=budget)))
        finally:
            validator.cel = saved
    on_total, off_total = sum(on), sum(off)
    table.add(
        label,
        f"{len(documents)} ({accepted[True]} / {accepted[False]} valid)",
        count_rules(schema),
        fmt_time(compile_seconds),
        fmt_time(median(off)),
        fmt_time(median(on)),
        f"{len(off) / off_total:,.0f}" if off_total else "n/a",
        f"{len(on) / on_total:,.0f}" if on_total else "n/a",
        fmt_ratio(on_total / off_total) if off_total else "n/a",
        f"{100 * (on_total - off_total) / on_total:.0f}%" if on_total else "n/a",
    )


def run(opts: Options) -> None:
    heading("5. issue #5: validation with CEL on and off")
    budget = 0.01 if opts.quick else 0.1
    table = Table(
        "model_validate (Strict), median per instance; instances/s = count / sum of medians",
        [
            "CRD",
            "instances (valid on/off)",
            "CEL rules",
            "CEL compile",
            "off",
            "on",
            "inst/s off",
            "inst/s on",
            "on / off",
            "CEL share",
        ],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from generated.ai_example_com.v1.models import ModelServing

        _measure("ModelServing (crd/)", ModelServing, _modelserving_documents(), budget, table)
        if opts.has_corpus:
            cache = GeneratedCache(opts.cache)
            name = package_name(HTTPROUTE)
            entries = cache.ensure(name, [opts.corpus / HTTPROUTE], opts.corpus)
            cache.activate()
            from codegen.corpus.expected import read_expected

            rows = [r for r in read_expected(opts.corpus) if r.crd == HTTPROUTE]
            import importlib

            for entry in entries:
                documents = [
                    d
                    for r in rows
                    if r.version == entry.version
                    for d in [load_single_document(opts.corpus / r.instance)]
                    if d is not None
                ]
                if not documents:
                    continue
                model = getattr(importlib.import_module(entry.models_module), entry.root_class)
                _measure(f"HTTPRoute {entry.version} (corpus)", model, documents, budget, table)
            cache.forget(name)
        else:
            note("corpus not found: HTTPRoute skipped")
    table.print()
    note(
        "CEL compile: compiling every rule of the CRD once (the first validation of a kind pays it)"
    )
    print(flush=True)
