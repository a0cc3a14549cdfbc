"""Generated code is a product: ruff-clean and mypy --strict clean, with a typed sample using it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO


def _tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=REPO, check=False
    )


def test_generated_code_is_ruff_clean() -> None:
    result = _tool("ruff", "check", "--no-cache", "generated", "tests/golden/expected")
    assert result.returncode == 0, result.stdout + result.stderr
    result = _tool("ruff", "format", "--check", "--no-cache", "generated", "tests/golden/expected")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("target", ["generated", "tests/typecheck/sample_usage.py"])
def test_mypy_strict_passes(target: str) -> None:
    result = _tool("mypy", "--strict", "--no-incremental", target)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_rejects_a_misspelled_field_in_an_args_dict(tmp_path: Path) -> None:
    bad = tmp_path / "bad_usage.py"
    bad.write_text(
        "from generated.ai_example_com.v1 import ModelServingSpecArgsDict\n"
        "spec: ModelServingSpecArgsDict = {'model': {'name': 'x', 'format': 'onnx', 'storage_uri': 's3://b/m'},"
        " 'image': 'i', 'replicaz': 2}\n",
        encoding="utf-8",
    )
    result = _tool("mypy", "--strict", "--no-incremental", str(bad))
    assert result.returncode == 1
    assert "replicaz" in result.stdout
