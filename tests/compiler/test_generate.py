"""The committed tree is what the compiler produces, byte for byte, under any hash seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from codegen.compile import compile_crds
from codegen.write import read_tree
from tests.helpers import REPO


def _run(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_committed_tree_is_up_to_date() -> None:
    result = _run("generate", "--check")
    assert result.returncode == 0, result.stderr


def test_check_detects_a_changed_field_and_writes_nothing(tmp_path: Path) -> None:
    shutil.copytree(REPO / "crd", tmp_path / "crd")
    shutil.copytree(
        REPO / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__")
    )
    source = tmp_path / "crd" / "modelserving.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("maximum: 65535", "maximum: 65534"),
        encoding="utf-8",
    )
    before = read_tree(tmp_path / "generated")
    result = _run(
        "generate",
        "--check",
        "--crd-dir",
        str(tmp_path / "crd"),
        "--out",
        str(tmp_path / "generated"),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "changed:" in result.stderr
    assert read_tree(tmp_path / "generated") == before


def test_the_folder_it_runs_in_does_not_matter(tmp_path: Path) -> None:
    # CRDs are named relative to the output's parent (the project), not to the working folder
    shutil.copytree(REPO / "crd", tmp_path / "crd")
    shutil.copytree(
        REPO / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__")
    )
    elsewhere = tmp_path / "stack"
    elsewhere.mkdir()
    options = ("--crd-dir", "../crd", "--out", "../generated")
    check = _run("generate", "--check", *options, cwd=elsewhere)
    assert check.returncode == 0, check.stdout + check.stderr
    again = _run("generate", *options, cwd=elsewhere)
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout
    assert read_tree(tmp_path / "generated") == read_tree(REPO / "generated")


def test_same_bytes_under_different_hash_seeds(tmp_path: Path) -> None:
    trees = []
    for seed in ("0", "1"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = _run("generate", "--out", str(out), env=env)
        assert result.returncode == 0, result.stderr
        trees.append(read_tree(out))
    assert trees[0] == trees[1]
    assert trees[0] == read_tree(REPO / "generated")


def test_input_order_does_not_change_output(tmp_path: Path) -> None:
    first = compile_crds([REPO / "crd"], relative_to=REPO)
    (tmp_path / "crd").mkdir()
    shutil.copy(REPO / "crd" / "modelserving.yaml", tmp_path / "crd" / "modelserving.yaml")
    second = compile_crds([tmp_path / "crd"], relative_to=tmp_path)
    assert first == second


def test_generated_files_carry_a_do_not_edit_header_and_no_timestamp() -> None:
    for path, text in read_tree(REPO / "generated").items():
        if path.endswith(".py"):
            assert text.startswith(
                "# generated from crd/modelserving.yaml by codegen — do not edit."
            ), path
        assert "2026" not in text and "datetime" not in text.split("\n", 3)[0]
