"""`python -m codegen generate` forks datamodel-code-generator's worker first of all: every way
out stops it (no process is left behind), and `validate` never forks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

# Runs `python -m codegen ARGS` in this process as the interpreter would, counting forks, and
# as the subreaper of what it starts: a process the command leaves behind becomes its child.
_RUN = """
import ctypes, json, os, runpy, sys
forks = []
real_fork, real_exit = os.fork, os._exit
def fork():
    pid = real_fork()
    if pid:
        forks.append(pid)
    return pid
def leave(code):
    left = []
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:  # a process is still running
            left.append("running")
            break
        left.append(pid)  # ended, but nobody had waited for it
    print(json.dumps({"code": code, "forks": len(forks), "left": left}), file=sys.__stderr__)
    sys.__stderr__.flush()
    real_exit(0)
os.fork, os._exit = fork, leave
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
sys.argv = ["codegen", *sys.argv[1:]]
try:
    runpy.run_module("codegen", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    leave(exc.code)
"""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")


def _run(*args: str, cwd: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _RUN, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    report: dict[str, object] = json.loads(result.stderr.strip().splitlines()[-1])
    return report


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "crd", tmp_path / "crd")
    return tmp_path


def test_a_compile_uses_the_worker_and_stops_it(workspace: Path) -> None:
    report = _run("generate", "--out", "generated", cwd=workspace)
    assert report == {"code": 0, "forks": 1, "left": []}
    assert (workspace / "generated" / "ai_example_com" / "v1" / "models.py").is_file()


def test_nothing_to_do_stops_the_worker_started_for_nothing(workspace: Path) -> None:
    assert _run("generate", "--out", "generated", cwd=workspace)["code"] == 0
    report = _run("generate", "--out", "generated", cwd=workspace)
    assert report == {"code": 0, "forks": 1, "left": []}


@pytest.mark.parametrize(
    "args",
    [
        ["generate", "--crd-dir", "missing"],  # refused before any work
        ["generate", "--no-such-option"],  # argparse exits
        ["generate", "--help"],
    ],
)
def test_every_early_exit_stops_the_worker(workspace: Path, args: list[str]) -> None:
    report = _run(*args, cwd=workspace)
    assert report["forks"] == 1
    assert report["left"] == []
    assert report["code"] != 0 or args == ["generate", "--help"]


def test_a_bad_crd_stops_the_worker(workspace: Path) -> None:
    (workspace / "crd" / "modelserving.yaml").write_text("kind: [\n", encoding="utf-8")
    report = _run("generate", "--out", "generated", cwd=workspace)
    assert report == {"code": 2, "forks": 1, "left": []}


def test_validate_does_not_fork(workspace: Path) -> None:
    manifest = workspace / "object.yaml"
    manifest.write_text(
        "apiVersion: ai.example.com/v1\nkind: ModelServing\nmetadata: {name: x}\n"
        "spec: {model: {name: m, format: onnx, storageUri: 's3://b/m'}}\n",
        encoding="utf-8",
    )
    report = _run("validate", "--crd", "crd", str(manifest), cwd=workspace)
    assert report["forks"] == 0
    assert report["left"] == []
