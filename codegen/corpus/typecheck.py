"""mypy --strict over generated packages, errors attributed to the package that has them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
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


def _run(root: Path, packages: Sequence[str], cache: Path) -> tuple[dict[str, list[str]], str]:
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
        *(f"-p{name}" for name in packages),
    ]
    # The project is installed editable (an import hook mypy cannot follow): point mypy at it.
    env = {**os.environ, "MYPYPATH": str(Path(codegen.__file__).resolve().parent.parent)}
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False, env=env)
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


def typecheck(root: Path, packages: Sequence[str], jobs: int) -> tuple[dict[str, list[str]], str]:
    """Errors per top-level package; second value: mypy's own failure text (empty if none).

    Packages are split into `jobs` batches checked in parallel, each with its own cache.
    """
    if not packages:
        return {}, ""
    batches = [list(packages[index::jobs]) for index in range(max(1, jobs))]
    batches = [b for b in batches if b]
    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        results = list(
            pool.map(
                lambda pair: _run(root, pair[1], root / f".mypy_cache_{pair[0]}"),
                enumerate(batches),
            )
        )
    errors: dict[str, list[str]] = {}
    crashes: list[str] = []
    for found, crashed in results:
        errors.update(found)
        if crashed:
            crashes.append(crashed)
    return errors, "\n".join(crashes)
