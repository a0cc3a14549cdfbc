"""mypy --strict over generated packages, errors attributed to the package that has them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import codegen

OUTSIDE = "(outside the generated packages)"
_ERROR = re.compile(r"^(?P<path>[^:\s][^:]*\.pyi?):(?P<line>\d+):(?:\d+:)? error: (?P<message>.*)$")


def _config_args() -> list[str]:
    """The project's mypy configuration (pydantic plugin, overrides) when it is available."""
    config = Path(codegen.__file__).resolve().parent.parent / "pyproject.toml"
    if config.is_file():
        return ["--config-file", str(config), "--strict"]
    return ["--strict", "--ignore-missing-imports"]


# Address space per mypy process: some generated packages (kubeflow's TrainJob, argo's Workflow)
# make mypy grow past 8 GB; two unbounded lanes can exhaust a 24 GB machine and get the whole
# run killed. A package mypy cannot check within this is listed as too large, not failed.
MEMORY_LIMIT = 9 * 1024**3
# What a package gets when it is checked alone, after the parallel lanes are done.
MEMORY_LIMIT_ALONE = 18 * 1024**3


class OutOfMemory(Exception):
    """mypy ran out of its memory budget on these packages."""


def _memory_limiter(limit: int) -> Callable[[], None]:
    def limit_memory() -> None:  # pragma: no cover - runs in the child before exec
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return limit_memory


def _run(
    root: Path, packages: Sequence[str], cache: Path, limit: int = MEMORY_LIMIT
) -> tuple[dict[str, list[str]], str]:
    command = [
        sys.executable,
        "-m",
        "mypy",
        *_config_args(),
        "--cache-dir",
        str(cache),
        "--no-color-output",
        "--no-error-summary",
        "--show-error-codes",
        "--show-traceback",  # so that running out of memory is told from other failures
        *(f"-p{name}" for name in packages),
    ]
    # The project is installed editable (an import hook mypy cannot follow): point mypy at it.
    env = {**os.environ, "MYPYPATH": str(Path(codegen.__file__).resolve().parent.parent)}
    result = subprocess.run(
        command,
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        preexec_fn=_memory_limiter(limit) if hasattr(os, "fork") else None,
    )
    if result.returncode not in (0, 1) and "MemoryError" in result.stdout + result.stderr:
        raise OutOfMemory
    found: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        match = _ERROR.match(line)
        if match is None:
            continue
        parts = Path(match["path"]).parts
        top = parts[0] if parts[0] in packages else OUTSIDE
        found.setdefault(top, []).append(line)
    crashed = ""
    if result.returncode not in (0, 1) or (result.returncode == 1 and not found):
        crashed = (result.stderr or result.stdout).strip()[-2000:]
    return found, crashed


# mypy's memory grows with everything one process analyses (tens of GB for all the corpus
# packages at once): each lane checks its share in batches of this many packages, one after the
# other, sharing its cache so the dependencies are analysed once per lane.
BATCH_BYTES = 3_000_000


def _batches(packages: Sequence[str], sizes: Mapping[str, int]) -> list[list[str]]:
    batches: list[list[str]] = []
    current: list[str] = []
    total = 0
    for name in packages:
        size = sizes.get(name, 0)
        if current and total + size > BATCH_BYTES:
            batches.append(current)
            current, total = [], 0
        current.append(name)
        total += size
    if current:
        batches.append(current)
    return batches


def typecheck(
    root: Path, packages: Sequence[str], jobs: int, sizes: Mapping[str, int] | None = None
) -> tuple[dict[str, list[str]], str, list[str]]:
    """Errors per top-level package; mypy's own failure text (empty if none); the packages mypy
    could not check even alone within MEMORY_LIMIT_ALONE.

    Packages are shared among `jobs` lanes checked in parallel, each with its own cache, in
    batches of about BATCH_BYTES of generated code (`sizes`: bytes per package); a batch that
    runs out of memory is checked again one package at a time.
    """
    if not packages:
        return {}, "", []
    lanes = [list(packages[index::jobs]) for index in range(max(1, jobs))]
    lanes = [lane for lane in lanes if lane]

    def run_lane(pair: tuple[int, list[str]]) -> list[tuple[dict[str, list[str]], str, list[str]]]:
        index, lane = pair
        cache = root / f".mypy_cache_{index}"
        done: list[tuple[dict[str, list[str]], str, list[str]]] = []
        for batch in _batches(lane, sizes or {}):
            try:
                found, crashed = _run(root, batch, cache)
                done.append((found, crashed, []))
                continue
            except OutOfMemory:
                pass
            for package in batch if len(batch) > 1 else ():
                try:
                    found, crashed = _run(root, [package], cache)
                    done.append((found, crashed, []))
                except OutOfMemory:
                    done.append(({}, "", [package]))
            if len(batch) == 1:
                done.append(({}, "", batch))
        return done

    with ThreadPoolExecutor(max_workers=len(lanes)) as pool:
        results = [r for lane in pool.map(run_lane, enumerate(lanes)) for r in lane]
    errors: dict[str, list[str]] = {}
    crashes: list[str] = []
    too_large: list[str] = []
    for found, crashed, skipped in results:
        errors.update(found)
        too_large.extend(skipped)
        if crashed:
            crashes.append(crashed)
    still: list[str] = []
    for package in too_large:  # one at a time, with the machine to itself
        try:
            found, crashed = _run(root, [package], root / ".mypy_cache_alone", MEMORY_LIMIT_ALONE)
        except OutOfMemory:
            still.append(package)
            continue
        errors.update(found)
        if crashed:
            crashes.append(crashed)
    return errors, "\n".join(crashes), still
