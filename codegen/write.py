"""write: format generated sources with ruff, compare with disk, replace the tree atomically."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache"})
# Formatting is pinned here (not read from the user's config) so output bytes never depend
# on where the compiler runs. No cache: every run formats fresh files in a fresh folder.
_RUFF_COMMON = ["--isolated", "--no-cache", "--line-length", "100", "--target-version", "py311"]
# Imports sorted (and unused ones dropped), then formatted.
_CHECK = [
    "check",
    *_RUFF_COMMON,
    "--config",
    "lint.isort.combine-as-imports = true",
    "--select",
    "I,F401",
    "--fix",
    "--quiet",
    "--exit-zero",
]
_FORMAT = ["format", *_RUFF_COMMON, "--quiet"]
# Not Python files, so ruff leaves them alone; no generated path starts with a dot.
_CHECK_LOG, _FORMAT_LOG = ".codegen-ruff-check", ".codegen-ruff-format"


class FormatError(Exception):
    pass


def _is_python(path: str) -> bool:
    return path.endswith((".py", ".pyi"))


class Formatting:
    """ruff (imports sorted, unused ones dropped, then formatted) on a batch of files, started
    when this is created and running on its own; `result()` waits and returns the files.

    Whatever is rendered early is formatted while the rest is rendered (the models), and
    nothing in this process (no thread wanting the GIL) has to act until the result is read.
    Two ways, same output: by default both commands run on the batch's folder, one after the
    other, from one shell (best for many files); `piped` gives each file its own pair of
    commands, reading standard input, the second fed by the first as it writes (best for the
    few large models modules that are formatted last, while nothing else is left to do).

    Import sorting looks at the folder it runs in (a folder or module named like an import is
    first-party; a file's package is found through its `__init__.py` files), so every batch
    runs in a folder laid out as the whole output: `tree` lists every path of it, and those
    not in the batch are there as empty files.
    """

    def __init__(
        self, files: Mapping[str, str], *, tree: Iterable[str] = (), piped: bool = False
    ) -> None:
        self._files = dict(files)
        self._python = [path for path in self._files if _is_python(path)]
        self._root: Path | None = None
        self._shell: subprocess.Popen[bytes] | None = None
        self._pipes: list[tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]] = []
        if not self._python:
            return
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        ruff = os.fsdecode(find_ruff_bin())
        self._root = root = Path(tempfile.mkdtemp(prefix="codegen-fmt-"))
        try:
            layout = {p: "" for p in sorted({p for p in tree if _is_python(p)})}
            if not piped:
                layout.update((p, self._files[p]) for p in self._python)
            else:
                layout.update((p, "") for p in self._python)
                layout.update(
                    (f".codegen-in-{i}", self._files[p]) for i, p in enumerate(self._python)
                )
            made: set[Path] = set()
            for path, text in layout.items():
                target = root / path
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                target.write_text(text, encoding="utf-8")
            if piped:
                for index, path in enumerate(self._python):
                    self._pipes.append(self._pipe(ruff, root, index, path))
            else:
                check, fmt = (
                    f"{shlex.join([ruff, *args, '.'])} >{log}.out 2>{log}.err"
                    for args, log in ((_CHECK, _CHECK_LOG), (_FORMAT, _FORMAT_LOG))
                )
                self._shell = subprocess.Popen(
                    ["/bin/sh", "-c", f"{check} || exit 101\n{fmt} || exit 102\n"],
                    cwd=root,
                    stdin=subprocess.DEVNULL,
                )
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _pipe(
        ruff: str, root: Path, index: int, path: str
    ) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]:
        """`ruff check --fix - | ruff format -` on one file, its text read from a file."""
        stdin = ["--stdin-filename", path, "-"]
        with (
            open(root / f".codegen-in-{index}", "rb") as source,
            open(root / f"{_CHECK_LOG}-{index}.err", "wb") as check_err,
            open(root / f".codegen-out-{index}", "wb") as out,
            open(root / f"{_FORMAT_LOG}-{index}.err", "wb") as format_err,
        ):
            check = subprocess.Popen(
                [ruff, *_CHECK, *stdin],
                cwd=root,
                stdin=source,
                stdout=subprocess.PIPE,
                stderr=check_err,
            )
            pipe = check.stdout
            assert pipe is not None
            try:
                fmt = subprocess.Popen(
                    [ruff, *_FORMAT, *stdin], cwd=root, stdin=pipe, stdout=out, stderr=format_err
                )
            except BaseException:
                check.kill()
                check.wait()
                raise
            finally:
                pipe.close()  # the format command holds the pipe now
        return check, fmt

    def close(self) -> None:
        """Wait for ruff to finish and remove its folder, leaving the result unread (on error)."""
        if self._shell is not None:
            self._shell.wait()
        for check, fmt in self._pipes:
            check.wait()
            fmt.wait()
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def _failure(self, which: str, log: str) -> FormatError:
        assert self._root is not None
        out, err = (
            (self._root / f"{log}{suffix}").read_text(errors="replace")
            if (self._root / f"{log}{suffix}").exists()
            else ""
            for suffix in (".out", ".err")
        )
        return FormatError(f"ruff {which} failed:\n{err or out}")

    def result(self) -> dict[str, str]:
        """The batch, Python files formatted (raises FormatError if ruff failed)."""
        root = self._root
        if root is None:
            return dict(self._files)
        try:
            formatted: dict[str, str] = {}
            if self._shell is not None:
                code = self._shell.wait()
                if code == 101:
                    raise self._failure("check", _CHECK_LOG)
                if code == 102:
                    raise self._failure("format", _FORMAT_LOG)
                if code != 0:
                    raise FormatError(f"ruff failed: exit status {code}")
                formatted = {
                    path: (root / path).read_text(encoding="utf-8") for path in self._python
                }
            pipes = zip(self._python, self._pipes, strict=False)  # none unless piped
            for index, (path, (check, fmt)) in enumerate(pipes):
                if check.wait() != 0:
                    raise self._failure("check", f"{_CHECK_LOG}-{index}")
                if fmt.wait() != 0:
                    raise self._failure("format", f"{_FORMAT_LOG}-{index}")
                formatted[path] = (root / f".codegen-out-{index}").read_text(encoding="utf-8")
        finally:
            self.close()
        return {path: formatted.get(path, text) for path, text in self._files.items()}


def format_sources(
    files: Mapping[str, str], *, tree: Iterable[str] = (), piped: bool = False
) -> dict[str, str]:
    """Sort imports and format every .py file with ruff in one batch; other files unchanged.

    `tree`: the paths of the whole output when `files` is only part of it; `piped`: one pair
    of ruff commands per file (see `Formatting`)."""
    return Formatting(files, tree=tree, piped=piped).result()


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
