"""Cold import of one generated kind from the largest API group, vs pulumi_kubernetes.

The corpus CRDs of the largest group (argoproj.io: Argo CD, Rollouts and Workflows) are
compiled into one package, as a user would, so each version holds many kinds. Every sample is
a fresh interpreter (the trees are byte-compiled first, as `make generate` does, and one
untimed run comes before the samples); the time is taken with
perf_counter around the import statement only, so interpreter start is excluded:

- "own": the dependencies (pydantic, pulumi, pulumi_kubernetes, codegen.runtime) are imported
  first, untimed; what remains is the cost of the generated modules themselves;
- "cold": nothing imported before; the import pulls its dependencies in too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench._common import (
    ROOT,
    GeneratedCache,
    KindEntry,
    Options,
    Table,
    fmt_ratio,
    fmt_time,
    heading,
    median,
    note,
    target,
)

NAME = "import"
GROUP = "argoproj.io"
PACKAGE = "bp_group_argoproj_io"
MODEL_DEPS = ("pydantic", "codegen.runtime.model")
RESOURCE_DEPS = (*MODEL_DEPS, "pulumi", "pulumi_kubernetes", "codegen.runtime.pulumi_resource")

_PROBE = r"""
import importlib, json, sys, time, warnings
sys.path[:0] = json.loads(sys.argv[1])
for name in json.loads(sys.argv[2]):
    importlib.import_module(name)
target = sys.argv[3]
started = time.perf_counter()
module = importlib.import_module(target)
imported = time.perf_counter() - started
result = {"import": imported, "modules": len(sys.modules)}
if len(sys.argv) > 5:
    from pydantic import ValidationError
    model = getattr(module, sys.argv[4])
    document = json.loads(sys.argv[5])
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model.model_validate(document)
        except ValidationError:
            pass
    result["first_validation"] = time.perf_counter() - started
print(json.dumps(result))
"""


@dataclass(frozen=True)
class Probe:
    label: str
    module: str
    deps: tuple[str, ...]
    model_class: str = ""
    document: str = ""


def _sample(probe: Probe, paths: Sequence[str], reps: int) -> tuple[float, float | None, int]:
    """Median import seconds, median first-validation seconds, modules loaded (one warm-up run first)."""
    args = [
        sys.executable,
        "-c",
        _PROBE,
        json.dumps(list(paths)),
        json.dumps(list(probe.deps)),
        probe.module,
    ]
    if probe.model_class:
        args += [probe.model_class, probe.document]
    imports: list[float] = []
    firsts: list[float] = []
    modules = 0
    for rep in range(reps + 1):
        result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{probe.module}: {result.stderr.strip().splitlines()[-1:]}")
        data = json.loads(result.stdout.strip().splitlines()[-1])
        if rep == 0:
            continue  # writes the .pyc files
        imports.append(float(data["import"]))
        modules = int(data["modules"])
        if "first_validation" in data:
            firsts.append(float(data["first_validation"]))
    return median(imports), (median(firsts) if firsts else None), modules


def _group_package(opts: Options, cache: GeneratedCache) -> list[KindEntry]:
    from codegen.load import LoadError, load_crds

    files = sorted((opts.corpus / "crds").rglob(f"*.{GROUP}.yaml"))
    found = cache.lookup(PACKAGE)
    if found is not None:
        return found
    good = []
    for file in files:
        try:
            load_crds([file], relative_to=opts.corpus)
        except LoadError:
            continue
        good.append(file)
    return cache.ensure(PACKAGE, good, opts.corpus)


def _sidecar_size(cache: GeneratedCache, entry: KindEntry) -> int:
    relative = Path(*entry.models_module.split(".")).with_suffix(".schema.json")
    return (cache.root / relative).stat().st_size


def run(opts: Options) -> None:
    heading("3. cold import of one generated kind (largest group) vs pulumi_kubernetes")
    reps = 2 if opts.quick else 3
    cache = GeneratedCache(opts.cache)
    paths = [str(cache.root), str(ROOT)]
    probes: list[Probe] = []
    largest = smallest = None
    if opts.has_corpus:
        entries = _group_package(opts, cache)
        versions = {(e.api_version) for e in entries}
        by_size = sorted(entries, key=lambda e: _sidecar_size(cache, e))
        smallest, largest = by_size[0], by_size[-1]
        note(
            f"group {GROUP}: {len(entries)} kinds in {len(versions)} version(s), compiled together; "
            f"largest kind {largest.kind} ({_sidecar_size(cache, largest) // 1024} KB schema), "
            f"small kind {smallest.kind} ({_sidecar_size(cache, smallest) // 1024} KB)"
        )
        for entry, size_label in ((largest, "largest"), (smallest, "small")):
            document = json.dumps(
                {"apiVersion": entry.api_version, "kind": entry.kind, "metadata": {"name": "x"}}
            )
            probes += [
                Probe(
                    f"{entry.kind} ({size_label}) models, own",
                    entry.models_module,
                    MODEL_DEPS,
                    entry.root_class,
                    document,
                ),
                Probe(
                    f"{entry.kind} ({size_label}) resource + args, own",
                    entry.resource_module,
                    RESOURCE_DEPS,
                ),
                Probe(
                    f"{entry.kind} ({size_label}) resource + args, cold", entry.resource_module, ()
                ),
            ]
    else:
        note(f"corpus not found at {opts.corpus}; only ModelServing and pulumi_kubernetes measured")
    probes += [
        Probe(
            "ModelServing (crd/) resource + args, own",
            "generated.ai_example_com.v1.model_serving",
            RESOURCE_DEPS,
        ),
        Probe(
            "pulumi_kubernetes apps.v1.Deployment, own",
            "pulumi_kubernetes.apps.v1.Deployment",
            ("pulumi", "pulumi_kubernetes"),
        ),
        Probe(
            "pulumi_kubernetes apps.v1.Deployment, cold", "pulumi_kubernetes.apps.v1.Deployment", ()
        ),
    ]
    # As `make generate` does: byte-compile the generated trees and the runtime, so the
    # samples read .pyc files even where PYTHONDONTWRITEBYTECODE keeps the warm-up from
    # writing them.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "compileall",
            "-q",
            str(cache.root),
            str(ROOT / "codegen"),
            str(ROOT / "generated"),
        ],
        check=False,
        capture_output=True,
    )
    table = Table(
        f"import time, median of {reps} fresh processes (perf_counter around the import; interpreter start excluded)",
        ["what", "import", "vs Deployment (own)", "modules loaded", "first validation"],
    )
    results: dict[str, float] = {}
    for probe in probes:
        try:
            seconds, first, modules = _sample(probe, paths, reps)
        except RuntimeError as exc:
            table.add(probe.label, f"failed: {str(exc)[:80]}", "", "", "")
            continue
        results[probe.label] = seconds
        table.add(
            probe.label,
            fmt_time(seconds),
            "",
            modules,
            fmt_time(first) if first is not None else "",
        )
    deployment = results.get("pulumi_kubernetes apps.v1.Deployment, own")
    if deployment:
        for row in table.rows:
            if row[0] in results:
                row[2] = fmt_ratio(results[row[0]] / deployment)
    table.print()
    note(
        "first validation: sidecar read, schema compile and CEL compile on the first model_validate"
    )
    if largest is not None and smallest is not None:
        # The resource module loads the models on first use: the kind's import is the larger
        # of the two (the models module, for a kind of any size).
        def kind_import(kind: str, role: str) -> float:
            rows = (f"{kind} ({role}) models, own", f"{kind} ({role}) resource + args, own")
            return max(results.get(row, float("nan")) for row in rows)

        big = kind_import(largest.kind, "largest")
        small = kind_import(smallest.kind, "small")
        print(
            target(
                "largest kind ≤0.5 s",
                big <= 0.5,
                f"{fmt_time(big)} for {largest.kind}'s models, generated modules only",
            )
        )
        print(
            target(
                "small kind of a large group ≤50 ms",
                small <= 0.05,
                f"{fmt_time(small)} for {smallest.kind}'s models",
            )
        )
    print(flush=True)
