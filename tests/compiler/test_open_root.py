"""A root schema with x-kubernetes-preserve-unknown-fields (katib's Experiment: nothing else)
keeps unknown top-level fields, as pruning stops there: the model allows them, and the
resource class takes them as keyword arguments (registered: tests/stack/test_open_root.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import crd, generate_package, import_module


def _open_root_crd() -> dict[str, Any]:
    document = crd({"type": "object"}, kind="Experiment")
    document["spec"]["versions"][0]["schema"]["openAPIV3Schema"] = {
        "type": "object",
        "x-kubernetes-preserve-unknown-fields": True,
        "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}},
    }
    return document


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> str:
    name, _ = generate_package(tmp_path_factory.mktemp("open-root"), _open_root_crd())
    return name


_BODY = {
    "apiVersion": "example.com/v1",
    "kind": "Experiment",
    "metadata": {"name": "exp"},
    "spec": {"objective": {"type": "maximize"}, "maxTrialCount": 12},
    "anything": [1, "two"],
}


def test_model_keeps_unknown_top_level_fields(package: str) -> None:
    model = import_module(package, "example_com.v1.models").Experiment
    dumped = model.model_validate(_BODY).model_dump(by_alias=True, exclude_none=True)
    assert dumped["spec"] == _BODY["spec"]
    assert dumped["anything"] == _BODY["anything"]


def test_closed_root_takes_no_more_keywords(tmp_path: Path) -> None:
    _, files = generate_package(tmp_path, crd({"type": "object"}))
    source = files["example_com/v1/widget.py"]
    assert "**more_fields" not in source
    assert (
        "**more_fields"
        in generate_package(tmp_path / "o", _open_root_crd())[1]["example_com/v1/experiment.py"]
    )
