"""Issue #7.2: random structural schemas compile to importable (and type-correct) code, and
random corruptions of them are a clean exit 2 with a message: never a traceback."""

from __future__ import annotations

import contextlib
import importlib
import io
import pkgutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from codegen import cli, yamlio
from tests.fuzz.strategies import GROUPS, KINDS, VERSIONS, corrupted, schemas
from tests.helpers import REPO, crd


def _generate(folder: Path, documents: list[dict[str, Any]]) -> tuple[int, str, str]:
    """Run `generate` in-process (an escaping exception fails the test with its traceback)."""
    crd_dir = folder / "crd"
    crd_dir.mkdir(parents=True)
    for index, document in enumerate(documents):
        (crd_dir / f"c{index}.yaml").write_text(
            yamlio.dump(document, sort_keys=False), encoding="utf-8"
        )
    package = f"fz_{uuid.uuid4().hex[:10]}"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["generate", "--crd-dir", str(crd_dir), "--out", str(folder / package)])
    return code, package, err.getvalue()


def _import_all(folder: Path, package: str) -> int:
    """Import every module of the package (lazy exports too); forget them afterwards."""
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    count = 0
    try:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            module = importlib.import_module(info.name)
            count += 1
            if info.ispkg:
                for name in dir(module) if hasattr(module, "_BY_PREFIX") else ():
                    assert getattr(module, name) is not None
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]
    return count


def _crds(
    draw: st.DrawFn, schema_strategy: st.SearchStrategy[dict[str, Any]]
) -> list[dict[str, Any]]:
    documents = []
    for kind in draw(st.lists(KINDS, min_size=1, max_size=2, unique=True)):
        documents.append(
            crd(
                draw(schema_strategy),
                kind=kind,
                group=draw(GROUPS),
                version=draw(VERSIONS),
                plural=f"{kind.lower()}s",
            )
        )
    return documents


@st.composite
def valid_crds(draw: st.DrawFn) -> list[dict[str, Any]]:
    return _crds(draw, schemas())


@st.composite
def corrupted_crds(draw: st.DrawFn) -> list[dict[str, Any]]:
    return _crds(draw, schemas(max_leaves=5).flatmap(corrupted))


@given(valid_crds())
def test_random_schemas_generate_importable_code(documents: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory(prefix="crdc-fuzz-") as tmp:
        folder = Path(tmp)
        code, package, err = _generate(folder, documents)
        assert code == 0, err
        assert _import_all(folder, package) >= 5


@given(corrupted_crds())
def test_corrupted_schemas_generate_or_fail_cleanly(documents: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory(prefix="crdc-fuzz-") as tmp:
        folder = Path(tmp)
        code, package, err = _generate(folder, documents)
        assert code in (0, 2), err
        if code == 0:
            assert _import_all(folder, package) >= 5
        else:
            assert not (folder / package).exists()
            lines = err.splitlines()
            assert "problem(s) in the CRDs; nothing was generated" in lines[0], err
            problems = [line.strip() for line in lines[1:]]
            assert problems and all(p.startswith(str(folder / "crd")) for p in problems), err


@settings(max_examples=1)
@given(valid_crds())
def test_random_schemas_type_check(documents: list[dict[str, Any]]) -> None:
    """mypy --strict on the generated package (slow: one example unless the long profile runs)."""
    with tempfile.TemporaryDirectory(prefix="crdc-fuzz-") as tmp:
        folder = Path(tmp)
        code, package, err = _generate(folder, documents)
        assert code == 0, err
        result = subprocess.run(
            # Errors of the imported project modules are not this test's subject.
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--follow-imports=silent",
                str(folder / package),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
