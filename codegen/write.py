"""write: format generated sources with ruff, compare with disk, replace the tree atomically."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
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


@cache  # the search looks at several folders
def _ruff() -> str:
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    return os.fsdecode(find_ruff_bin())


def _write(root: Path, files: Mapping[str, str]) -> None:
    made: set[Path] = set()
    for path, text in files.items():
        target = root / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(text, encoding="utf-8")


@cache
def _memory_folder() -> str | None:
    """A memory-backed folder for ruff's scratch folders, unless TMPDIR names another place.

    Every run writes, reads and removes one or two folders of files: on a disk the directory
    operations alone cost tens of milliseconds per CRD (half the formatting time of a small
    one), in memory next to nothing."""
    if os.environ.get("TMPDIR"):
        return None
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def _folder(tree: Iterable[str], files: Mapping[str, str]) -> Path:
    """A new folder laid out as the whole output (see `Formatting`): `files` written, every
    other Python path of `tree` an empty file. In memory when it can be (`_memory_folder`),
    else, or when that is full (containers often give it 64 MB), in tempfile's default."""
    layout = {p: "" for p in sorted({p for p in tree if _is_python(p)})}
    layout.update(files)
    memory = _memory_folder()
    if memory is not None:
        with contextlib.suppress(OSError):
            return _written_folder(memory, layout)
    return _written_folder(None, layout)


_orphans_checked: list[bool] = []  # once per process

# Every scratch folder from its creation to its removal, so that `remove_scratch` can clean up
# after a run stopped (by a signal: an exception) before the folder's owner held it.
_SCRATCH: set[Path] = set()


def _scratch_prefix(name: str) -> str:
    """A scratch folder's name prefix, carrying this process's id (see `remove_orphans`)."""
    return f"{name}-{os.getpid()}-"


def _owner_gone(folder: Path, name: str) -> bool:
    """Whether `folder` (named by `_scratch_prefix(name)`) belongs to a process that is gone."""
    pid = folder.name[len(name) + 1 :].partition("-")[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def remove_orphans(parent: Path, name: str) -> None:
    """Remove the scratch folders `name`-<pid>-* in `parent` of processes that are gone: only
    a run killed outright (SIGKILL, a crash of the machine) leaves them."""
    with contextlib.suppress(OSError):
        for folder in parent.glob(f"{glob.escape(name)}-*"):
            if folder.is_dir() and not folder.is_symlink() and _owner_gone(folder, name):
                shutil.rmtree(folder, ignore_errors=True)


_SCRATCH_NAME = "codegen-fmt"


def _written_folder(parent: str | None, files: Mapping[str, str]) -> Path:
    if not _orphans_checked:
        _orphans_checked.append(True)
        remove_orphans(Path(parent or tempfile.gettempdir()), _SCRATCH_NAME)
    with _signals_held():  # created and recorded, or neither
        root = Path(tempfile.mkdtemp(prefix=_scratch_prefix(_SCRATCH_NAME), dir=parent))
        _SCRATCH.add(root)
    try:
        _write(root, files)
    except BaseException:
        _remove(root)
        raise
    return root


def _remove(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    if not root.exists():  # else a process still writes there: see `remove_scratch`
        _SCRATCH.discard(root)


def remove_scratch(patience: float = 2.0) -> None:
    """Remove the scratch folders still there (none, unless the run was stopped).

    A ruff started just as the run was stopped (its start cut short: never waited for) can
    still write into its folder for a moment, so a folder is tried again until it is gone."""
    deadline = time.monotonic() + patience
    while _SCRATCH:
        for root in list(_SCRATCH):
            _remove(root)
        if not _SCRATCH or time.monotonic() > deadline:
            return
        time.sleep(0.02)


def _batch_script(ruff: str) -> str:
    """Both commands on the folder the shell runs in, one after the other."""
    check, fmt = (
        f"{shlex.join([ruff, *args, '.'])} >{log}.out 2>{log}.err"
        for args, log in ((_CHECK, _CHECK_LOG), (_FORMAT, _FORMAT_LOG))
    )
    return f"{check} || exit 101\n{fmt} || exit 102\n"


class Formatting:
    """ruff (imports sorted, unused ones dropped, then formatted) on a batch of files, started
    when this is created and running on its own; `result()` waits and returns the files.

    Whatever is rendered early is formatted while the rest is rendered (the models), and
    nothing in this process (no thread wanting the GIL) has to act until the result is read.
    Both commands run on the batch's folder, one after the other, from one shell.

    Import sorting looks at the folder it runs in (a folder or module named like an import is
    first-party; a file's package is found through its `__init__.py` files), so every batch
    runs in a folder laid out as the whole output: `tree` lists every path of it, and those
    not in the batch are there as empty files.
    """

    def __init__(self, files: Mapping[str, str], *, tree: Iterable[str] = ()) -> None:
        self._files = dict(files)
        self._root: Path | None = None
        self._shell: subprocess.Popen[bytes] | None = None
        python = {p: text for p, text in self._files.items() if _is_python(p)}
        if not python:
            return
        self._root = _folder(tree, python)
        try:
            self._shell = subprocess.Popen(
                ["/bin/sh", "-c", _batch_script(_ruff())],
                cwd=self._root,
                stdin=subprocess.DEVNULL,
            )
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Wait for ruff to finish and remove its folder, leaving the result unread (on error)."""
        if self._shell is not None:
            self._shell.wait()
        if self._root is not None:
            _remove(self._root)
            self._root = None

    def result(self) -> dict[str, str]:
        """The batch, Python files formatted (raises FormatError if ruff failed)."""
        root = self._root
        if root is None:
            return dict(self._files)
        try:
            code = self._shell.wait() if self._shell is not None else 0
            if code == 101:
                raise _failure(root, "check", _CHECK_LOG)
            if code == 102:
                raise _failure(root, "format", _FORMAT_LOG)
            if code != 0:
                raise FormatError(f"ruff failed: exit status {code}")
            formatted = {
                path: (root / path).read_text(encoding="utf-8")
                for path in self._files
                if _is_python(path)
            }
        finally:
            self.close()
        return {path: formatted.get(path, text) for path, text in self._files.items()}


def _failure(root: Path, which: str, log: str) -> FormatError:
    out, err = (
        (root / f"{log}{suffix}").read_text(errors="replace")
        if (root / f"{log}{suffix}").exists()
        else ""
        for suffix in (".out", ".err")
    )
    return FormatError(f"ruff {which} failed:\n{err or out}")


def _pipe_script(ruff: str, index: int, path: str, *, check_first: bool = True) -> str:
    """`ruff check --fix - | ruff format -` on standard input, for file `path`; exit status
    101 when the first command failed, else the second's. Without `check_first`, only
    `ruff format -`."""
    stdin = ["--stdin-filename", path, "-"]
    check, fmt = (shlex.join([ruff, *args, *stdin]) for args in (_CHECK, _FORMAT))
    if not check_first:
        return f"exec {fmt} >.codegen-out-{index} 2>{_FORMAT_LOG}-{index}.err\n"
    failed = f"{_CHECK_LOG}-{index}.failed"
    return (
        f"{{ {check} 2>{_CHECK_LOG}-{index}.err || : >{failed}; }}"
        f" | {fmt} >.codegen-out-{index} 2>{_FORMAT_LOG}-{index}.err\n"
        f"status=$?\ntest -e {failed} && exit 101\nexit $status\n"
    )


class FormatStream:
    """`ruff check --fix - | ruff format -` on each file of `paths`, the second command fed by
    the first as it writes, each file given its text (`send`) as soon as it is rendered: ruff
    works on a file while the next one is rendered (best for the few large models modules,
    rendered last). Each file's commands are started one file ahead, before its text exists,
    so that their start, too, overlaps the rendering; a shell starts them, so this process
    starts one (small) process per file. `tree` as `Formatting`'s.

    `sort_imports`, when given, stands in for `ruff check`: it returns a text with its imports
    as the check would leave them, or None, and then the check runs on that file first (in
    this process's turn: its text is known only then)."""

    def __init__(
        self,
        paths: Iterable[str],
        *,
        tree: Iterable[str] = (),
        sort_imports: Callable[[str], str | None] | None = None,
    ) -> None:
        self._paths = list(paths)
        self._sort_imports = sort_imports
        self._python = [path for path in self._paths if _is_python(path)]
        self._index = {path: index for index, path in enumerate(self._python)}
        self._texts: dict[str, str] = {}
        self._shells: list[subprocess.Popen[bytes]] = []
        self._root: Path | None = None
        if not self._python:
            return
        self._ruff = _ruff()
        self._root = _folder([*tree, *self._paths], {})
        try:
            self._start(0)
        except BaseException:
            self.close()
            raise

    def _start(self, index: int) -> None:
        """Start the commands of every file up to `index` (included) not started yet."""
        while len(self._shells) <= min(index, len(self._python) - 1):
            started = len(self._shells)
            script = _pipe_script(
                self._ruff,
                started,
                self._python[started],
                check_first=self._sort_imports is None,
            )
            self._shells.append(
                subprocess.Popen(["/bin/sh", "-c", script], cwd=self._root, stdin=subprocess.PIPE)
            )

    def send(self, path: str, text: str) -> None:
        """Give `path` (one of `paths`) its text; ruff starts on it at once."""
        self._texts[path] = text
        index = self._index.get(path)
        if index is None:
            return
        # The next file's commands first: a process starts faster while the other core is idle.
        self._start(index + 1)
        if self._sort_imports is not None:
            text = self._checked(path, text)
        stdin = self._shells[index].stdin
        assert stdin is not None
        with contextlib.suppress(BrokenPipeError), stdin:  # ruff quit: `result` says why
            stdin.write(text.encode("utf-8"))

    def _checked(self, path: str, text: str) -> str:
        """`text` with its imports sorted: by `sort_imports`, else by ruff's check."""
        assert self._sort_imports is not None and self._root is not None
        ready = self._sort_imports(text)
        if ready is not None:
            return ready
        done = subprocess.run(
            [self._ruff, *_CHECK, "--stdin-filename", path, "-"],
            cwd=self._root,
            input=text.encode("utf-8"),
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip()
            raise FormatError(f"ruff check failed:\n{err or done.returncode}")
        return done.stdout.decode("utf-8")

    def close(self) -> None:
        """Wait for ruff to finish and remove its folder, leaving the result unread (on error)."""
        for shell in self._shells:
            if shell.stdin is not None:
                with contextlib.suppress(OSError):
                    shell.stdin.close()
            shell.wait()
        if self._root is not None:
            _remove(self._root)
            self._root = None

    def result(self) -> dict[str, str]:
        """Every file of `paths`, Python files formatted (raises FormatError if ruff failed)."""
        missing = [path for path in self._paths if path not in self._texts]
        if missing:
            self.close()
            raise ValueError(f"never given a text: {', '.join(missing)}")
        root = self._root
        if root is None:
            return {path: self._texts[path] for path in self._paths}
        formatted: dict[str, str] = {}
        try:
            for index, (path, shell) in enumerate(zip(self._python, self._shells, strict=True)):
                code = shell.wait()
                if code == 101:
                    raise _failure(root, "check", f"{_CHECK_LOG}-{index}")
                if code != 0:
                    raise _failure(root, "format", f"{_FORMAT_LOG}-{index}")
                formatted[path] = (root / f".codegen-out-{index}").read_text(encoding="utf-8")
        finally:
            self.close()
        return {path: formatted.get(path, self._texts[path]) for path in self._paths}


def format_sources(files: Mapping[str, str], *, tree: Iterable[str] = ()) -> dict[str, str]:
    """Sort imports and format every .py file with ruff in one batch; other files unchanged.

    `tree`: the paths of the whole output when `files` is only part of it."""
    return Formatting(files, tree=tree).result()


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

    def describe(self, foreign: Collection[str] = ()) -> str:
        """One line per path; `foreign`: stale files the tool did not write (it will not
        delete them: whoever added them moves them)."""
        lines = [f"  new:     {p}" for p in self.added]
        lines += [
            f"  foreign: {p} (not written by this tool: move it out; generate will not delete it)"
            if p in foreign
            else f"  stale:   {p}"
            for p in self.removed
        ]
        lines += [f"  changed: {p}" for p in self.changed]
        return "\n".join(lines)


def compare(files: Mapping[str, str], current: Mapping[str, str]) -> Drift:
    """How `files` differ from `current`, what the output folder holds (`read_tree`)."""
    return Drift(
        added=tuple(sorted(set(files) - set(current))),
        removed=tuple(sorted(set(current) - set(files))),
        changed=tuple(sorted(p for p in files if p in current and current[p] != files[p])),
    )


def write_tree(files: Mapping[str, str], out: Path) -> None:
    """Replace `out` with exactly `files`: built beside it, then swapped in as one step.

    A file whose bytes did not change is the same file (hard-linked from the old tree: same
    inode and modification time), and so are the byte-code caches of its module, so that a
    change to one CRD does not look like a change to every module to tools that watch them.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    for kind in ("new", "old"):
        remove_orphans(out.parent, f".{out.name}.{kind}")
    staging = Path(tempfile.mkdtemp(prefix=_scratch_prefix(f".{out.name}.new"), dir=out.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would make the generated package private
    previous = out if out.is_dir() else None
    try:
        kept: set[str] = set()
        for path, text in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if previous is not None and _link_unchanged(previous / path, target, text):
                kept.add(path)
            else:
                target.write_text(text, encoding="utf-8", newline="\n")
        if previous is not None:
            _keep_byte_code(previous, staging, kept)
        if out.exists():
            with _signals_held():  # never stopped between the two renames of the fallback
                if not _exchange(staging, out):  # else staging now holds the old tree
                    _replace_by_renames(staging, out)
        else:
            staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _link_unchanged(old: Path, new: Path, text: str) -> bool:
    """Hard-link `old` as `new` if it holds exactly `text` (False where it cannot be linked)."""
    try:
        if not old.is_file() or old.is_symlink() or old.read_bytes() != text.encode("utf-8"):
            return False
        os.link(old, new)
    except OSError:  # a file system without hard links, or a file that went away
        return False
    return True


def _keep_byte_code(old: Path, new: Path, kept: Iterable[str]) -> None:
    """Link the byte-code caches of the kept modules into the new tree (a cache records its
    source's modification time and size, which a hard link keeps)."""
    stems: dict[str, set[str]] = {}
    for path in kept:
        if path.endswith(".py"):
            folder, _, name = path.rpartition("/")
            stems.setdefault(folder, set()).add(name[: -len(".py")])
    for folder, names in stems.items():
        cache_folder = old / folder / "__pycache__"
        if not cache_folder.is_dir():
            continue
        for cached in cache_folder.iterdir():
            if cached.suffix == ".pyc" and cached.name.split(".", 1)[0] in names:
                target = new / folder / "__pycache__" / cached.name
                with contextlib.suppress(OSError):  # only a cache: compiled again if missing
                    target.parent.mkdir(exist_ok=True)
                    os.link(cached, target)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux `renameat2` with RENAME_EXCHANGE), so that a kill at
    any moment leaves one of the two trees in place; False where the platform, its C library
    or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library without it
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    at_cwd, rename_exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _replace_by_renames(staging: Path, out: Path) -> None:
    """`out` moved aside, `staging` renamed to `out`, the old tree removed (where the swap
    cannot be one step: a moment without `out` that only SIGKILL can cut)."""
    retired = Path(tempfile.mkdtemp(prefix=_scratch_prefix(f".{out.name}.old"), dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except OSError:
        retired.rename(out)  # put the old tree back: never leave `out` missing
        raise
    shutil.rmtree(retired, ignore_errors=True)


_STOPPING_SIGNALS = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Signals that stop a run (Ctrl-C, SIGTERM, SIGHUP: exceptions in this program) wait
    until the block is done, where the platform can hold them."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    previous = mask(signal.SIG_BLOCK, _STOPPING_SIGNALS)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)
