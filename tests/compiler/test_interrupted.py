"""A `generate` stopped by a signal cleans up as an error does: ruff's scratch folders (in
memory when /dev/shm is there) are removed, no partial output is left, and the swap of the
output folder is never cut between its two renames (where it cannot be one step); Ctrl-C ends
with a one-line message and 130."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from codegen import write

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "pthread_sigmask"), reason="POSIX signals and signal masks"
)


def _large_crd() -> dict[str, Any]:
    """One kind whose models take datamodel-code-generator a second or more to render."""
    leaf = {"type": "object", "properties": {f"f{i}": {"type": "string"} for i in range(12)}}
    spec = {
        "type": "object",
        "properties": {f"part{i}": {**leaf, "description": f"part {i}"} for i in range(400)},
    }
    schema = {"type": "object", "properties": {"spec": spec}}
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "bigs.t.example.com"},
        "spec": {
            "group": "t.example.com",
            "scope": "Namespaced",
            "names": {"plural": "bigs", "singular": "big", "kind": "Big", "listKind": "BigList"},
            "versions": [
                {
                    "name": "v1",
                    "served": True,
                    "storage": True,
                    "schema": {"openAPIV3Schema": schema},
                }
            ],
        },
    }


def _stopped_mid_format(tmp_path: Path, signum: int) -> tuple[int, str]:
    """Run `generate` on a large CRD, send it `signum` once ruff's scratch folder exists (in
    tmp_path/scratch), and return its exit status and stderr; checks nothing is left."""
    (tmp_path / "crd").mkdir()
    (tmp_path / "crd" / "big.yaml").write_text(json.dumps(_large_crd()), encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "codegen", "generate", "--out", "generated"],
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(scratch)},  # scratch folders here, not in /dev/shm
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell starts background jobs with SIGINT ignored, and Python keeps it so: give the
        # child the default, as a terminal's foreground command has it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    # Wait for ruff's scratch folder itself: the first entry there can be the probe file that
    # `tempfile.gettempdir()` writes and unlinks once per process, which a signal arriving
    # between its open and its `try` leaves behind (a stdlib race, not ours).
    while (
        not any(p.name.startswith(write._SCRATCH_NAME) for p in scratch.iterdir())
        and process.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.005)
    assert process.poll() is None, "the compile ended before formatting started"
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crd", "scratch"]
    return process.returncode, err


def test_sigterm_mid_compile_removes_scratch_and_writes_nothing(tmp_path: Path) -> None:
    code, _ = _stopped_mid_format(tmp_path, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM


def test_the_output_swap_holds_stopping_signals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write.write_tree({"a.py": "A = 1\n"}, out)
    held: list[bool] = []
    real_rename = Path.rename

    def rename(self: Path, target: Any) -> Path:
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        held.append({signal.SIGINT, signal.SIGTERM} <= set(blocked))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)  # no one-step swap
    write.write_tree({"a.py": "A = 2\n"}, out)
    assert held == [True, True]  # out -> retired, staging -> out
    assert (out / "a.py").read_text(encoding="utf-8") == "A = 2\n"
    assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_ctrl_c_mid_compile_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    code, err = _stopped_mid_format(tmp_path, signal.SIGINT)
    assert code == 130
    assert "interrupted" in err and "Traceback" not in err
