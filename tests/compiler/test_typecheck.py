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


def test_mypy_types_model_constructors_and_object_meta_by_their_python_names(
    tmp_path: Path,
) -> None:
    """With the project's settings (the pydantic plugin, init_typed) a model constructor is
    typed by its fields; ObjectMeta takes snake_case names for type checkers with or without
    the plugin (its aliases are inside Annotated, as in the generated models)."""
    good = tmp_path / "good_meta.py"
    good.write_text(
        "from codegen.runtime.meta import ObjectMeta\n"
        "meta = ObjectMeta(name='a', generate_name='web-', resource_version='1')\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad_model.py"
    bad.write_text(
        "from generated.ai_example_com.v1.models import ModelServingSpecModel\n"
        "model = ModelServingSpecModel(name='x', format='onnx', storage_uri=3)\n",
        encoding="utf-8",
    )
    result = _tool("mypy", "--strict", "--no-incremental", str(good), str(bad))
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines() if ": error:" in line] == [
        str(bad)
    ]
    plain = tmp_path / "plain.ini"  # no plugin: pydantic's dataclass_transform alone
    plain.write_text("[mypy]\nstrict = True\nignore_missing_imports = True\n", encoding="utf-8")
    result = _tool("mypy", "--config-file", str(plain), "--no-incremental", str(good))
    assert result.returncode == 0, result.stdout
