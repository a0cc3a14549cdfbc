"""Models never refuse a number the API server accepts: kube-openapi compares integer data
with a bound truncated to int64 (minimum 1.5 lets 1 through) and matches a number against an
enum value after converting it to that value's Go type (1.5 matches 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from codegen.runtime import SchemaValidator
from tests.helpers import crd, generate_package, import_module

_SPEC = {
    "type": "object",
    "properties": {
        "i": {"type": "integer", "minimum": 1.5, "maximum": 9.9},
        "n": {"type": "number", "enum": [1, 2]},
        "m": {"type": "number", "minimum": 1.5},
    },
}


@pytest.fixture(scope="module")
def widget(tmp_path_factory: pytest.TempPathFactory) -> Any:
    package, _ = generate_package(tmp_path_factory.mktemp("numbers"), crd(_SPEC))
    return import_module(package, "example_com.v1.models").Widget


def _object(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w"},
        "spec": spec,
    }


def _server() -> SchemaValidator:
    schema = crd(_SPEC)["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    return SchemaValidator(schema, kind="Widget", group="example.com", version="v1")


def _model_accepts(widget: Any, spec: dict[str, Any]) -> bool:
    try:
        widget.model_validate(_object(spec))
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("spec", "valid"),
    [
        ({"n": 1.5}, True),  # converted to the enum value's int64: 1
        ({"n": 3}, False),
        ({"m": 1}, True),  # integer data: against int64(1.5)
        ({"m": 1.2}, False),  # a double: against 1.5
        # an integer field's fractional bounds: at 1.36 a boundary error for every value (the
        # validator sees the format); the model only must not refuse more than the walk
        ({"i": 1}, None),
        ({"i": 9}, None),
        ({"i": 10}, False),
        ({"i": 0}, False),
    ],
)
def test_models_agree_with_the_server_on_numbers(
    widget: Any, spec: dict[str, Any], valid: bool | None
) -> None:
    server_accepts = _server().validate(_object(spec)).errors == ()
    if valid is not None:
        assert server_accepts is valid
    assert _model_accepts(widget, spec) is server_accepts


def test_an_integer_bound_is_truncated_in_the_generated_model(tmp_path: Path) -> None:
    _, files = generate_package(tmp_path, crd(_SPEC))
    models = files["example_com/v1/models.py"]
    assert "ge=1," in models and "le=9" in models
    assert "1.5" not in models
