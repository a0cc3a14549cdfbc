"""Entry point run by the Pulumi CLI (`cd stack && pulumi up`)."""

from __future__ import annotations

import sys
from pathlib import Path

# The Pulumi CLI runs this file with stack/ as the working directory; make `stack` importable.
_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:
    sys.path.insert(0, _REPO)

from stack.program import build  # noqa: E402

build()
