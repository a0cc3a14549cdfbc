"""`python -m codegen.corpus --corpus ../shared/corpus [--jobs N] [--mypy all|auto|none]`.

Exit status: 0 when every CRD was compiled (or refused with a LoadError) and imports, even if
some instance verdicts differ from the labels (they are reported); 1 when the compiler crashed,
generated code failed to import, or mypy itself failed; 0 with a message when the corpus is
absent.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from codegen.corpus.expected import Expectation, crd_files, read_expected
from codegen.corpus.outcome import CrdOutcome, Stage
from codegen.corpus.report import TypeCheck, failures, summary
from codegen.corpus.typecheck import typecheck
from codegen.corpus.worker import CrdJob, run_crd

# Worker processes are recycled now and then: generated modules of big CRDs hold memory.
_TASKS_PER_WORKER = 8


def _package_name(index: int, crd: str) -> str:
    stem = Path(crd).parent.name + "_" + Path(crd).name.split(".")[0]
    return f"c{index:03d}_" + re.sub(r"[^0-9a-zA-Z]+", "_", stem).strip("_").lower()


def _jobs(corpus: Path, out_root: Path, only: str | None) -> list[CrdJob]:
    expected: dict[str, list[Expectation]] = {}
    for row in read_expected(corpus):
        expected.setdefault(row.crd, []).append(row)
    jobs = []
    for index, crd in enumerate(crd_files(corpus)):
        if only and only not in crd:
            continue
        jobs.append(
            CrdJob(corpus, crd, out_root, _package_name(index, crd), tuple(expected.get(crd, ())))
        )
    unknown = sorted(set(expected) - {j.crd for j in jobs})
    if unknown and not only:
        print(
            f"warning: EXPECTED.tsv names CRDs that are not in the corpus: {', '.join(unknown)}",
            file=sys.stderr,
        )
    # Largest first, so the two workers finish together.
    return sorted(jobs, key=lambda j: (corpus / j.crd).stat().st_size, reverse=True)


def _generate_all(jobs: Sequence[CrdJob], workers: int) -> list[CrdOutcome]:
    outcomes: list[CrdOutcome] = []
    if workers <= 1:
        for job in jobs:
            outcomes.append(run_crd(job))
            _progress(outcomes[-1], len(outcomes), len(jobs))
        return outcomes
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(workers, maxtasksperchild=_TASKS_PER_WORKER) as pool:
        for outcome in pool.imap_unordered(run_crd, jobs, chunksize=1):
            outcomes.append(outcome)
            _progress(outcome, len(outcomes), len(jobs))
    return outcomes


def _progress(outcome: CrdOutcome, done: int, total: int) -> None:
    mismatched = sum(not i.matches for i in outcome.instances)
    print(
        f"[{done:>3}/{total}] {outcome.stage:<9} {outcome.seconds:6.2f}s  {outcome.crd}"
        + (f"  ({mismatched}/{len(outcome.instances)} instances differ)" if mismatched else "")
        + ("  (only with --allow-nonstructural)" if outcome.nonstructural else ""),
        file=sys.stderr,
        flush=True,
    )


def _typecheck(
    outcomes: Sequence[CrdOutcome], out_root: Path, args: argparse.Namespace
) -> TypeCheck | None:
    """mypy --strict: `all` packages, or (`auto`) those under --mypy-max-bytes plus the
    --mypy-sample largest up to --mypy-sample-max-bytes; mypy needs minutes of CPU and gigabytes
    of memory for each multi-megabyte package."""
    if args.mypy == "none":
        return None
    candidates = sorted((o for o in outcomes if o.imported), key=lambda o: o.bytes, reverse=True)
    if args.mypy == "auto":
        small = [o for o in candidates if o.bytes <= args.mypy_max_bytes]
        large = [
            o for o in candidates if args.mypy_max_bytes < o.bytes <= args.mypy_sample_max_bytes
        ][: args.mypy_sample]
        candidates = large + small
    started = time.perf_counter()
    print(
        f"mypy --strict on {len(candidates)} generated package(s)...", file=sys.stderr, flush=True
    )
    # The multi-megabyte packages take mypy most of the memory of a CI machine (over 10 GB for
    # argo's Workflow): they are checked alone, after the others ran in parallel batches.
    big = [o.package for o in candidates if o.bytes > args.mypy_max_bytes]
    rest = [o.package for o in candidates if o.bytes <= args.mypy_max_bytes]
    sizes = {o.package: o.bytes for o in candidates}
    errors, crash, too_large = typecheck(out_root, rest, max(1, args.jobs), sizes)
    for package in big:
        more, more_crash, more_large = typecheck(out_root, [package], 1, sizes)
        errors.update(more)
        too_large.extend(more_large)
        crash = "\n".join(c for c in (crash, more_crash) if c)
    by_package = {o.package: o.crd for o in candidates}
    skipped = set(too_large)
    return TypeCheck(
        checked=tuple(o.crd for o in candidates if o.package not in skipped),
        too_large=tuple(o.crd for o in candidates if o.package in skipped),
        errors={by_package.get(p, p): lines for p, lines in errors.items()},
        crash=crash,
        seconds=time.perf_counter() - started,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m codegen.corpus", description=__doc__)
    parser.add_argument(
        "--corpus",
        default="../shared/corpus",
        help="corpus folder (crds/, instances/, EXPECTED.tsv)",
    )
    parser.add_argument(
        "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes"
    )
    parser.add_argument(
        "--mypy",
        choices=("all", "auto", "none"),
        default="all",
        help="type-check every generated package; or (auto) those up to --mypy-max-bytes and "
        "the --mypy-sample largest beyond it; or none",
    )
    parser.add_argument("--mypy-max-bytes", type=int, default=1_000_000, help="see --mypy auto")
    parser.add_argument("--mypy-sample", type=int, default=1, help="see --mypy auto")
    parser.add_argument(
        "--mypy-sample-max-bytes",
        type=int,
        default=2_000_000,
        help="--mypy auto samples packages up to this size: mypy needs ~20 GB of memory for "
        "argo's 4.7 MB Workflow package, more than a CI machine can spare (check those with "
        "--mypy all on a larger machine)",
    )

    parser.add_argument("--only", default=None, help="only CRD files whose path contains this text")
    parser.add_argument(
        "--keep", default=None, help="generate into this folder and keep it (default: a temp dir)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "EXPECTED.tsv").is_file() or not (corpus / "crds").is_dir():
        print(f"corpus not found at {corpus} (needs crds/ and EXPECTED.tsv); skipping.")
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="codegen-corpus-") as tmp:
        out_root = Path(args.keep).resolve() if args.keep else Path(tmp)
        out_root.mkdir(parents=True, exist_ok=True)
        jobs = _jobs(corpus.resolve(), out_root, args.only)
        outcomes = sorted(_generate_all(jobs, max(1, args.jobs)), key=lambda o: o.crd)
        types = _typecheck(outcomes, out_root, args)
    print(summary(outcomes, types, time.perf_counter() - started))
    detail = failures(outcomes, types)
    if detail:
        print()
        print(detail)
    broken = [o for o in outcomes if o.stage in (Stage.CRASHED, Stage.GENERATED)]
    return 1 if broken or (types is not None and types.crash) else 0
