"""`python -m bench`: run the benchmarks in sequence, each printing its table and ratios."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench._common import (
    DEFAULT_CORPUS,
    ROOT,
    Options,
    cpu_count,
    default_cache,
    heading,
    machine_line,
    note,
)

# name -> (module, what it measures); run in this order.
BENCHMARKS: dict[str, tuple[str, str]] = {
    "codegen": (
        "bench.codegen_speed",
        "corpus compile vs datamodel-code-generator, vs cdk8s import",
    ),
    "validation": (
        "bench.validation_speed",
        "instances/s vs dmcg models, jsonschema, fastjsonschema, jsonschema-rs",
    ),
    "import": ("bench.import_speed", "cold import of a generated kind vs pulumi_kubernetes"),
    "preview": ("bench.preview_speed", "Pulumi preview (mocks) typed vs untyped CustomResource"),
    "cel": ("bench.cel_speed", "issue #5: validation with CEL on and off"),
}
# Not run by default: someone else's comparison of CEL engines, run as its own script.
EXTRA = {"cel-engines": "bench/bench_cel_engines.py: CEL engines side by side (correctness, speed)"}


def _runner(name: str) -> Callable[[Options], None]:
    module = importlib.import_module(BENCHMARKS[name][0])
    runner: Callable[[Options], None] = module.run
    return runner


def _cel_engines() -> None:
    heading("extra: CEL engines (bench/bench_cel_engines.py)")
    script = ROOT / "bench" / "bench_cel_engines.py"
    if not script.exists():
        note("bench/bench_cel_engines.py not found; skipped")
        return
    subprocess.run([sys.executable, str(script)], cwd=ROOT, check=False)


def build_parser() -> argparse.ArgumentParser:
    listing = "\n".join(f"  {k:<12} {v[1]}" for k, v in BENCHMARKS.items())
    listing += "\n" + "\n".join(f"  {k:<12} {v} (only with --only)" for k, v in EXTRA.items())
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=f"Benchmarks, side by side with the alternatives.\n\n{listing}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick", action="store_true", help="small samples, short timing budgets (~2 min)"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=[*BENCHMARKS, *EXTRA],
        metavar="NAME",
        help="run only NAME (repeatable)",
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared CRD corpus")
    parser.add_argument(
        "--cache", type=Path, default=None, help="cache folder (default ~/.cache/crdc-bench)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, cpu_count()),
        help="worker processes for the corpus compile",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.list:
        for name, (_, what) in BENCHMARKS.items():
            print(f"{name:<12} {what}")
        for name, what in EXTRA.items():
            print(f"{name:<12} {what} (only with --only)")
        return 0
    opts = Options(
        quick=bool(args.quick),
        corpus=Path(args.corpus).resolve(),
        cache=Path(args.cache) if args.cache else default_cache(),
        jobs=int(args.jobs),
    )
    opts.cache.mkdir(parents=True, exist_ok=True)
    selected = list(args.only) if args.only else list(BENCHMARKS)
    print(f"machine: {machine_line()}")
    print(
        f"mode: {'quick' if opts.quick else 'full'}; corpus: {opts.corpus}; cache: {opts.cache}",
        flush=True,
    )
    started = time.perf_counter()
    for name in selected:
        begun = time.perf_counter()
        if name in EXTRA:
            _cel_engines()
        else:
            _runner(name)(opts)
        print(f"[{name}: {time.perf_counter() - begun:.0f} s]", flush=True)
    print(f"\nall benchmarks: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
