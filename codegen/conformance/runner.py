"""Run the shared conformance suite (``../shared/conformance``) against ``codegen.runtime``.

``python -m codegen.conformance [--root DIR] [--area A ...] [-v] [--strict]`` prints, per area and
in a fixed order, ``conformance <area>: <passed>/<total>`` where ``total`` counts the entries
under ``cases:`` of the area's files and a case passes only when every expectation holds.

Areas are plug-ins: :data:`AREA_RUNNERS` maps an area name to a function ``(root) -> results``.
The ``cel`` and ``cel-library`` areas come from ``codegen.conformance.cel_cases`` (its
``cel_results`` / ``cel_library_results`` functions) when that module is importable; without it
they count as ``0/total``.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

__all__ = [
    "AREAS",
    "AREA_RUNNERS",
    "CaseResult",
    "count_cases",
    "default_root",
    "load_yaml",
    "main",
    "run_areas",
]

#: Areas in report order.
AREAS: tuple[str, ...] = (
    "schema",
    "defaulting",
    "pruning",
    "listtype",
    "formats",
    "cel",
    "cel-library",
)


@dataclass(frozen=True, slots=True)
class CaseResult:
    area: str
    test: str
    name: str
    passed: bool
    reason: str = ""


class CaseResultLike(Protocol):
    @property
    def area(self) -> str: ...
    @property
    def test(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def passed(self) -> bool: ...
    @property
    def reason(self) -> str: ...


AreaRunner = Callable[[Path], Iterable[CaseResultLike]]


class _Loader(yaml.SafeLoader):
    """SafeLoader that also reads ``1e+19`` (no dot) as a float, as YAML 1.2 does."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def load_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_Loader)
    return data if isinstance(data, dict) else {}


def default_root() -> Path:
    """``<repo>/../shared/conformance`` (the repository is the parent of ``codegen/``)."""
    repo = Path(__file__).resolve().parents[2]
    return (repo.parent / "shared" / "conformance").resolve()


def area_files(root: Path, area: str) -> list[Path]:
    d = root / area
    return sorted(d.glob("*.yaml")) if d.is_dir() else []


def count_cases(root: Path, area: str) -> int:
    total = 0
    for f in area_files(root, area):
        cases = load_yaml(f).get("cases")
        total += len(cases) if isinstance(cases, list) else 0
    return total


def _builtin_runners() -> dict[str, AreaRunner]:
    from codegen.conformance import areas

    return {
        "schema": areas.schema_results,
        "defaulting": areas.defaulting_results,
        "pruning": areas.pruning_results,
        "listtype": areas.listtype_results,
        "formats": areas.formats_results,
    }


def _plugin_runners() -> dict[str, AreaRunner]:
    """The CEL adapter's runners, if ``codegen.conformance.cel_cases`` is importable."""
    try:
        mod = importlib.import_module("codegen.conformance.cel_cases")
    except Exception:
        return {}
    found: dict[str, AreaRunner] = {}
    registry = getattr(mod, "AREA_RUNNERS", None)
    if isinstance(registry, Mapping):
        found.update({str(k): v for k, v in registry.items() if callable(v)})
    for area, attr in (("cel", "cel_results"), ("cel-library", "cel_library_results")):
        fn = getattr(mod, attr, None)
        if area not in found and callable(fn):
            found[area] = fn
    return found


#: area -> runner; filled lazily by :func:`runners` (plug-ins may add to it before a run).
AREA_RUNNERS: dict[str, AreaRunner] = {}


def runners() -> dict[str, AreaRunner]:
    if not AREA_RUNNERS:
        AREA_RUNNERS.update(_builtin_runners())
        for k, v in _plugin_runners().items():
            AREA_RUNNERS.setdefault(k, v)
    return AREA_RUNNERS


@dataclass(frozen=True, slots=True)
class AreaReport:
    area: str
    passed: int
    total: int
    failures: tuple[CaseResultLike, ...]
    note: str = ""

    @property
    def line(self) -> str:
        return f"conformance {self.area}: {self.passed}/{self.total}"


def run_area(root: Path, area: str) -> AreaReport:
    total = count_cases(root, area)
    runner = runners().get(area)
    if runner is None:
        return AreaReport(area, 0, total, (), f"no runner for area {area!r} (adapter missing)")
    try:
        results = list(runner(root))
    except Exception as e:
        return AreaReport(area, 0, total, (), f"runner crashed: {type(e).__name__}: {e}")
    passed = sum(1 for r in results if r.passed)
    failures = tuple(r for r in results if not r.passed)
    note = ""
    if len(results) != total:
        note = f"runner produced {len(results)} results for {total} cases"
    return AreaReport(area, min(passed, total), total, failures, note)


def run_areas(root: Path, areas: Iterable[str] = AREAS) -> list[AreaReport]:
    return [run_area(root, a) for a in areas]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen.conformance",
        description="Run the shared CRD-validation conformance suite.",
    )
    parser.add_argument(
        "--root", type=Path, default=None, help="suite folder (../shared/conformance)"
    )
    parser.add_argument(
        "--area", action="append", choices=AREAS, help="run only this area (repeatable)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list failing cases")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any case fails")
    args = parser.parse_args(argv)

    root: Path = args.root if args.root is not None else default_root()
    if not root.is_dir():
        print(f"conformance: suite not found at {root}; skipping")
        return 0
    selected = [a for a in AREAS if not args.area or a in args.area]
    failed = False
    for report in run_areas(root, selected):
        print(report.line)
        if report.passed != report.total:
            failed = True
        if args.verbose:
            if report.note:
                print(f"  note: {report.note}")
            for r in report.failures:
                print(f"  FAIL {r.test} {r.name}: {r.reason}")
    sys.stdout.flush()
    return 1 if failed and args.strict else 0
