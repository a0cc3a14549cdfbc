"""Hypothesis profiles of the fuzz tests.

Usage::

    pytest tests/fuzz                            bounded: a few seconds per test (the default)
    HYPOTHESIS_PROFILE=long pytest tests/fuzz    hundreds of examples per test
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # each example compiles CRDs (ruff, datamodel-code-generator): seconds, not ms
    "suppress_health_check": (
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ),
    "print_blob": True,
}
settings.register_profile("fuzz", max_examples=6, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("long", max_examples=300, **_COMMON)  # type: ignore[arg-type]
settings.load_profile("long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "fuzz")
