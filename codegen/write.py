"""write: format generated sources with ruff, compare with disk, replace the tree atomically."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache"})
# Formatting is pinned here (not read from the user's config) so output bytes never depend
# on where the compiler runs.
_RUFF_COMMON = ["--isolated", "--line-length", "100", "--target-version", "py311"]


class FormatError(Exception):
    pass


def format_sources(files: Mapping[str, str]) -> dict[str, str]:
    """Sort imports and format every .py file with ruff in one batch; other files unchanged."""
    python = {path: text for path, text in files.items() if path.endswith((".py", ".pyi"))}
    if not python:
        return dict(files)
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    ruff = os.fsdecode(find_ruff_bin())
    with tempfile.TemporaryDirectory(prefix="codegen-fmt-") as tmp:
        root = Path(tmp)
        for path, text in python.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for args in (
            [
                "check",
                *_RUFF_COMMON,
                "--config",
                "lint.isort.combine-as-imports = true",
                "--select",
                "I,F401",
                "--fix",
                "--quiet",
                "--exit-zero",
                ".",
            ],
            ["format", *_RUFF_COMMON, "--quiet", "."],
        ):
            result = subprocess.run(
                [ruff, *args], cwd=root, capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                raise FormatError(f"ruff {args[0]} failed:\n{result.stderr or result.stdout}")
        formatted = {path: (root / path).read_text(encoding="utf-8") for path in python}
    return {path: formatted.get(path, text) for path, text in files.items()}


def read_tree(out: Path) -> dict[str, str]:
    """The files currently under `out` (caches excluded), as text keyed by relative path."""
    found: dict[str, str] = {}
    if not out.is_dir():
        return found
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out)
        if path.is_file() and not IGNORED_PARTS.intersection(relative.parts):
            found[relative.as_posix()] = path.read_text(encoding="utf-8", errors="surrogateescape")
    return found


@dataclass(frozen=True)
class Drift:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def describe(self) -> str:
        lines = [f"  new:     {p}" for p in self.added]
        lines += [f"  stale:   {p}" for p in self.removed]
        lines += [f"  changed: {p}" for p in self.changed]
        return "\n".join(lines)


def compare(files: Mapping[str, str], out: Path) -> Drift:
    current = read_tree(out)
    return Drift(
        added=tuple(sorted(set(files) - set(current))),
        removed=tuple(sorted(set(current) - set(files))),
        changed=tuple(sorted(p for p in files if p in current and current[p] != files[p])),
    )


def write_tree(files: Mapping[str, str], out: Path) -> None:
    """Replace `out` with exactly `files`: built beside it, then swapped in by rename."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would make the generated package private
    try:
        for path, text in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            retired.rmdir()
            out.rename(retired)
            try:
                staging.rename(out)
            except OSError:
                retired.rename(out)  # put the old tree back: never leave `out` missing
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
