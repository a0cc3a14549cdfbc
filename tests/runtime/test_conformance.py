"""The shared conformance suite passes for the areas this package owns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from codegen.conformance.runner import run_areas

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO.parent / "shared" / "conformance"
OWN_AREAS = ("schema", "defaulting", "pruning", "listtype", "formats")
#: case ids that are known not to pass (none).
EXPECTED_FAILURES: dict[str, set[str]] = {area: set() for area in OWN_AREAS}

pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason="../shared/conformance not present")


def test_own_areas_pass() -> None:
    for report in run_areas(SUITE, OWN_AREAS):
        failing = {r.name for r in report.failures}
        assert report.total > 0, report.area
        assert failing == EXPECTED_FAILURES[report.area], (report.area, report.failures)
        assert report.passed == report.total - len(EXPECTED_FAILURES[report.area]), report.note


def test_cli_prints_one_line_per_area() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "codegen.conformance", "--root", str(SUITE), "--area", "pruning"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout
    assert out.strip() == "conformance pruning: 11/11"


def test_cli_skips_without_suite(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "codegen.conformance", "--root", str(tmp_path / "absent")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode == 0 and "skipping" in proc.stdout
