"""What every benchmark shares: options, timing, tables, the corpus, and caches.

Caches live outside the repository (``$CRDC_BENCH_CACHE``, default ``~/.cache/crdc-bench``):
generated packages keyed by the compiler's own source digest (so a changed compiler never
reuses stale output), plain datamodel-code-generator modules, and the cdk8s CLI.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE_FORMAT = "bench-cache-2"  # bump when what GeneratedCache stores changes
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def default_cache() -> Path:
    explicit = os.environ.get("CRDC_BENCH_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "crdc-bench"


@dataclass(frozen=True)
class Options:
    quick: bool
    corpus: Path
    cache: Path
    jobs: int

    @property
    def has_corpus(self) -> bool:
        return (self.corpus / "EXPECTED.tsv").is_file() and (self.corpus / "crds").is_dir()


# --------------------------------------------------------------------------- machine


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def machine_line() -> str:
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at start"
    return (
        f"{cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}{load}"
    )


# --------------------------------------------------------------------------- timing


def repeat(
    fn: Callable[[], object], *, budget: float, min_reps: int = 3, max_reps: int = 2000
) -> list[float]:
    """Call `fn` until `budget` seconds have passed (at least `min_reps` times); each call's time."""
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < max_reps:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= min_reps and time.perf_counter() - started >= budget:
            break
    return times


def median(values: Iterable[float]) -> float:
    data = list(values)
    return statistics.median(data) if data else float("nan")


def fmt_time(seconds: float) -> str:
    if seconds != seconds:  # NaN
        return "n/a"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def fmt_ratio(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return "n/a"
    return f"{value:.2f}×" if value < 100 else f"{value:.0f}×"


def target(label: str, ok: bool, detail: str) -> str:
    return f"  target {label}: {'met' if ok else 'MISSED'} ({detail})"


# --------------------------------------------------------------------------- output


class Table:
    """A small aligned text table; cells are strings, numbers right-aligned."""

    def __init__(self, title: str, headers: Sequence[str]) -> None:
        self.title = title
        self.headers = list(headers)
        self.rows: list[list[str]] = []

    def add(self, *cells: object) -> None:
        self.rows.append([str(c) for c in cells])

    def render(self) -> str:
        widths = [len(h) for h in self.headers]
        for row in self.rows:
            for i, cell in enumerate(row):
                widths[i] = max(widths[i], len(cell))

        def line(cells: Sequence[str]) -> str:
            out = []
            for i, cell in enumerate(cells):
                numeric = bool(re.match(r"^[-+]?[\d.,]+( ?[%×a-zµ/]+)?$", cell)) or cell == "n/a"
                out.append(cell.rjust(widths[i]) if numeric and i > 0 else cell.ljust(widths[i]))
            return "  ".join(out).rstrip()

        parts = [self.title, line(self.headers), line(["-" * w for w in widths])]
        parts.extend(line(row) for row in self.rows)
        return "\n".join(parts)

    def print(self) -> None:
        print(self.render(), flush=True)
        print(flush=True)


def heading(text: str) -> None:
    print(flush=True)
    print(f"== {text} " + "=" * max(0, 76 - len(text)), flush=True)


def note(text: str) -> None:
    print(f"  {text}", flush=True)


# --------------------------------------------------------------------------- corpus


def corpus_crds(corpus: Path) -> list[str]:
    from codegen.corpus.expected import crd_files

    return crd_files(corpus)


def load_single_document(path: Path) -> Any | None:
    """The one YAML document of an instance file, decoded as the compiler's tools do."""
    from codegen.yamlio import YamlError, load_documents

    try:
        documents = [
            d.value for d in load_documents(path.read_text(encoding="utf-8")) if d.value is not None
        ]
    except (OSError, UnicodeDecodeError, YamlError):
        return None
    return documents[0] if len(documents) == 1 else None


# --------------------------------------------------------------------------- generated packages


def codegen_digest() -> str:
    """Digest of the compiler's sources: a cache key that changes whenever the compiler does."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    base = ROOT / "codegen"
    for path in sorted(base.rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".j2", ".json")
            and "__pycache__" not in path.parts
        ):
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(package_version("datamodel-code-generator").encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class KindEntry:
    api_version: str
    kind: str
    version: str
    models_module: str  # absolute module name
    resource_module: str
    root_class: str
    source: str
    dmcg_input: str  # file (in the package folder) holding the JSON Schema we feed dmcg


def package_name(label: str) -> str:
    return "bp_" + re.sub(r"[^0-9a-zA-Z]+", "_", label).strip("_").lower()


def kind_entries(package: Any, name: str) -> list[tuple[KindEntry, dict[str, Any]]]:
    """Each kind of the package with the JSON Schema `emit_models` hands datamodel-code-generator."""
    from codegen.emit_models import json_schema
    from codegen.layout import kind_modules

    entries: list[tuple[KindEntry, dict[str, Any]]] = []
    for group in package.groups:
        for ver in group.versions:
            for kind in ver.kinds:
                base = f"{name}.{group.package}.{ver.package}"
                modules = kind_modules(ver, kind)
                entry = KindEntry(
                    api_version=kind.api_version,
                    kind=kind.kind,
                    version=ver.name,
                    models_module=f"{base}.{modules.models_module}",
                    resource_module=f"{base}.{kind.module}",
                    root_class=kind.root.class_name,
                    source=kind.source,
                    dmcg_input=f"bench-dmcg-input/{group.package}.{ver.package}.{kind.module}.json",
                )
                entries.append((entry, json_schema(kind)))
    return entries


class GeneratedCache:
    """Generated packages under `<cache>/ours/<compiler digest>/<package>`, importable."""

    def __init__(self, cache: Path) -> None:
        self.root = cache / "ours" / codegen_digest()

    def _index(self, name: str) -> Path:
        return self.root / name / "bench-index.json"

    def activate(self) -> None:
        importlib.invalidate_caches()
        if str(self.root) not in sys.path:
            sys.path.insert(0, str(self.root))

    def lookup(self, name: str) -> list[KindEntry] | None:
        index = self._index(name)
        if not index.is_file():
            return None
        return [KindEntry(**entry) for entry in json.loads(index.read_text(encoding="utf-8"))]

    def store(self, name: str, files: dict[str, str], package: Any) -> list[KindEntry]:
        from codegen.write import write_tree

        pairs = kind_entries(package, name)
        folder = self.root / name
        write_tree(files, folder)
        for entry, schema in pairs:
            target = folder / entry.dmcg_input
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
        entries = [entry for entry, _ in pairs]
        self._index(name).write_text(
            json.dumps([e.__dict__ for e in entries], indent=1), encoding="utf-8"
        )
        return entries

    def dmcg_input(self, name: str, entry: KindEntry) -> str:
        return (self.root / name / entry.dmcg_input).read_text(encoding="utf-8")

    def ensure(self, name: str, crd_paths: Sequence[Path], relative_to: Path) -> list[KindEntry]:
        """The kinds of the package compiled from `crd_paths` (compiled now if not cached)."""
        found = self.lookup(name)
        if found is not None:
            return found
        from codegen.layout import package_files
        from codegen.load import load_crds
        from codegen.parse import build_package
        from codegen.write import format_sources

        package = build_package(load_crds(crd_paths, relative_to=relative_to))
        return self.store(name, format_sources(package_files(package)), package)

    def forget(self, name: str) -> None:
        """Drop the package's modules (and their sidecars) from this process."""
        from codegen.runtime import binding

        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]
            binding._cache.pop(module, None)
