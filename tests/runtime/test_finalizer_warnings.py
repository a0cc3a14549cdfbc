"""The warnings the server's custom-resource strategy gives a valid object for its finalizer
names (`WarningsOnCreate` / `WarningsOnUpdate` of apiextensions-apiserver)."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.runtime import FieldValidation, SchemaValidator
from codegen.runtime.metadata import finalizer_warnings

SHORT = "prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers"
WITH_PATH = (
    "prefer a domain-qualified finalizer name including a path (/) "
    "to avoid accidental conflicts with other finalizer writers"
)

SCHEMA = {
    "type": "object",
    "properties": {
        "spec": {
            "type": "object",
            "properties": {
                "size": {"type": "integer", "maximum": 5},
                "template": {
                    "type": "object",
                    "x-kubernetes-embedded-resource": True,
                    "x-kubernetes-preserve-unknown-fields": True,
                },
            },
        }
    },
}
VALIDATOR = SchemaValidator(SCHEMA, kind="Widget", group="example.com", version="v1")


def _widget(finalizers: list[str], size: int = 1, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "finalizers": finalizers},
        "spec": {"size": size, **spec},
    }


@pytest.mark.parametrize(
    ("finalizers", "wanted"),
    [
        (["example.com/cleanup", "orphan", "kubernetes"], []),
        (["foregroundDeletion"], []),
        (["cleanup"], [f'metadata.finalizers: "cleanup": {SHORT}']),
        (["cleanup.example.com"], [f'metadata.finalizers: "cleanup.example.com": {WITH_PATH}']),
        (  # sorted, each once
            ["b", "a.x", "b", "A"],
            [
                f'metadata.finalizers: "A": {SHORT}',
                f'metadata.finalizers: "a.x": {WITH_PATH}',
                f'metadata.finalizers: "b": {SHORT}',
            ],
        ),
    ],
)
def test_names_without_a_path_warn(finalizers: list[str], wanted: list[str]) -> None:
    assert finalizer_warnings({"finalizers": finalizers}) == wanted
    result = VALIDATOR.validate(_widget(finalizers))
    assert result.ok and list(result.warnings) == wanted


def test_an_invalid_object_gets_no_finalizer_warning() -> None:
    result = VALIDATOR.validate(_widget(["cleanup"], size=9))
    assert not result.ok and list(result.warnings) == []


def test_an_update_warns_only_about_added_names() -> None:
    old = _widget(["kept"])
    result = VALIDATOR.validate(_widget(["kept", "new"]), old=old)
    assert result.ok and list(result.warnings) == [f'metadata.finalizers: "new": {SHORT}']
    assert finalizer_warnings({"finalizers": ["kept"]}, {"finalizers": ["kept"]}) == []


def test_embedded_metadata_gets_no_finalizer_warning() -> None:
    template = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"finalizers": ["x"]}}
    result = VALIDATOR.validate(_widget([], template=template))
    assert result.ok and list(result.warnings) == []


def test_the_warning_follows_the_unknown_field_warnings() -> None:
    widget = _widget(["cleanup"], extra=1)
    result = VALIDATOR.validate(widget, field_validation=FieldValidation.WARN)
    assert result.ok and list(result.warnings) == [
        'unknown field "spec.extra"',
        f'metadata.finalizers: "cleanup": {SHORT}',
    ]


@pytest.mark.parametrize("use_gate", [True, False], ids=["gate", "walk"])
def test_orphan_and_foreground_deletion_exclude_each_other(use_gate: bool) -> None:
    validator = SchemaValidator(SCHEMA, kind="Widget", group="example.com", version="v1")
    validator.use_gate = use_gate
    result = validator.validate(_widget(["orphan", "example.com/x", "foregroundDeletion"]))
    assert [str(e) for e in result.errors] == [
        'metadata.finalizers: Invalid value: []string{"orphan", "example.com/x", '
        '"foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set'
    ]
