"""Every test run keeps the compiler's cache (`codegen.checked.cache_root`: validate's models,
generate's records of checked CRD files) in a folder of its own, not in the user's cache;
tests that need their own set CRDC_CACHE_DIR again."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    before = os.environ.get("CRDC_CACHE_DIR")
    folder = tmp_path_factory.mktemp("crdc-cache")
    os.environ["CRDC_CACHE_DIR"] = str(folder)  # inherited by the commands tests start
    yield folder
    if before is None:
        os.environ.pop("CRDC_CACHE_DIR", None)
    else:
        os.environ["CRDC_CACHE_DIR"] = before
