"""Issue #7.2: `validate` accepts instances drawn from a random schema, and gives every random
mutation of them a verdict with field paths: never a traceback."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen import yamlio
from tests.fuzz.strategies import instances, mutated, schemas
from tests.helpers import crd

pytest.importorskip("codegen.runtime.validation")

from codegen.validate_cmd import Verdict, build_catalog, check_document


@pytest.fixture(scope="module", autouse=True)
def _cache_dir() -> Iterator[None]:
    previous = os.environ.get("CRDC_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="crdc-fuzz-cache-") as tmp:
        os.environ["CRDC_CACHE_DIR"] = tmp
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop("CRDC_CACHE_DIR", None)
            else:
                os.environ["CRDC_CACHE_DIR"] = previous


def _check(
    schema: dict[str, Any], documents: list[dict[str, Any]], mode: str = "Strict"
) -> list[Verdict]:
    from codegen.runtime.validation import FieldValidation

    with tempfile.TemporaryDirectory(prefix="crdc-fuzz-") as tmp:
        path = Path(tmp) / "crd.yaml"
        path.write_text(yamlio.dump(crd(schema), sort_keys=False), encoding="utf-8")
        catalog = build_catalog([path])
    verdicts = []
    for index, document in enumerate(documents):
        verdict = check_document(catalog, "in.yaml", index, document, FieldValidation(mode), None)
        assert verdict is not None
        assert all(cause["reason"] != "InternalError" for cause in verdict.causes), verdict.causes
        verdicts.append(verdict)
    return verdicts


def _resource(spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "fuzz"},
        "spec": spec,
    }


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], Any, list[Any]]:
    schema = draw(schemas(max_leaves=6))
    instance = draw(instances(schema, allow_null=False))
    edits = draw(st.lists(mutated(_resource(instance)), min_size=1, max_size=4))
    return schema, instance, edits


@given(cases())
def test_valid_instances_pass_and_mutations_get_a_verdict(
    case: tuple[dict[str, Any], Any, list[Any]],
) -> None:
    schema, instance, edits = case
    original, *verdicts = _check(schema, [_resource(instance), *edits])
    assert original.valid, original.text
    for verdict in verdicts:
        assert verdict.text.startswith("in.yaml: ")
        if verdict.valid:
            assert verdict.causes == []
        else:
            assert verdict.causes, verdict.text
            for cause in verdict.causes:
                assert isinstance(cause["field"], str) and cause["message"], cause


@given(cases())
def test_ignore_mode_accepts_what_strict_accepts(
    case: tuple[dict[str, Any], Any, list[Any]],
) -> None:
    schema, instance, _ = case
    [strict] = _check(schema, [_resource(instance)], "Strict")
    [ignore] = _check(schema, [_resource(instance)], "Ignore")
    assert strict.valid and ignore.valid, (strict.text, ignore.text)
