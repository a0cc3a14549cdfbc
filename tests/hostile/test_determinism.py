"""Issue #7.4: the same CRDs give the same bytes, whatever the order, folder or hash seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen import cli
from tests.helpers import REPO, crd
from tests.hostile.adversarial import hostile_crds


def _documents() -> list[dict[str, Any]]:
    """Hostile kinds plus several kinds sharing one group and version (kind-split modules)."""
    extra = [
        crd(
            {
                "type": "object",
                "properties": {
                    "size": {"type": "integer"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
            kind=kind,
            group="shared.example.com",
        )
        for kind in ("Zeta", "Alpha", "Mid")
    ]
    return [*hostile_crds(), *extra]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _generate(cwd: Path, *crd_args: str, seed: str | None = None) -> dict[str, bytes]:
    out = cwd / "generated"
    if seed is None:
        previous = Path.cwd()
        os.chdir(cwd)
        try:
            args = [item for path in crd_args for item in ("--crd-dir", path)]
            assert cli.main(["generate", *args, "--out", "generated"]) == 0
        finally:
            os.chdir(previous)
    else:
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        args = [item for path in crd_args for item in ("--crd-dir", path)]
        result = subprocess.run(
            [sys.executable, "-m", "codegen", "generate", *args, "--out", "generated"],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-2000:]
    return _snapshot(out)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """CRDs split over two folders, generated once in-process."""
    base = tmp_path_factory.mktemp("determinism")
    documents = _documents()
    for folder, part in (("crd/a", documents[::2]), ("crd/b", documents[1::2])):
        (base / folder).mkdir(parents=True)
        (base / folder / "all.yaml").write_text(
            yaml.safe_dump_all(part, sort_keys=False), encoding="utf-8"
        )
    return base, _generate(base, "crd")


def test_output_is_not_empty(reference: tuple[Path, dict[str, bytes]]) -> None:
    _, files = reference
    assert sum(path.endswith(".py") for path in files) >= 15


def test_folder_argument_order_does_not_matter(
    reference: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    base, expected = reference
    shutil.copytree(base / "crd", tmp_path / "crd")
    assert _generate(tmp_path, "crd/b", "crd/a") == expected
    assert _generate(tmp_path, "crd/a", "crd/b", "crd/a") == expected


def test_document_order_within_a_file_does_not_matter(
    reference: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    base, expected = reference
    shutil.copytree(base / "crd", tmp_path / "crd")
    for name in ("a", "b"):
        path = tmp_path / "crd" / name / "all.yaml"
        documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        path.write_text(yaml.safe_dump_all(documents[::-1], sort_keys=False), encoding="utf-8")
    got = _generate(tmp_path, "crd")
    # The incremental-generation manifest records each CRD file's hash: those bytes did change.
    manifest = ".codegen-manifest.json"
    assert set(got) == set(expected)
    assert {k: v for k, v in got.items() if k != manifest} == {
        k: v for k, v in expected.items() if k != manifest
    }


def test_another_folder_gives_the_same_bytes(
    reference: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    base, expected = reference
    elsewhere = tmp_path / "some" / "deeper" / "checkout with spaces"
    shutil.copytree(base / "crd", elsewhere / "crd")
    assert _generate(elsewhere, "crd") == expected


@pytest.mark.parametrize("seed", ["0", "4242"])
def test_hash_seed_does_not_matter(
    reference: tuple[Path, dict[str, bytes]], tmp_path: Path, seed: str
) -> None:
    base, expected = reference
    shutil.copytree(base / "crd", tmp_path / "crd")
    assert _generate(tmp_path, "crd", seed=seed) == expected
