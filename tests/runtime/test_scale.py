"""The scale subresource's checks (customResourceValidator.ValidateScaleSpec and
ValidateScaleStatus), run after the schema's on every create and update: replicas read as
unstructured.NestedInt64 reads them, from 0 to int32's maximum, and the label selector a
string."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codegen.runtime.scale import scale_errors
from tests.helpers import crd, generate_package, import_module

SCALE = {
    "specReplicasPath": ".spec.replicas",
    "statusReplicasPath": ".status.replicas",
    "labelSelectorPath": ".status.selector",
}


def _texts(obj: dict[str, Any], scale: dict[str, Any] = SCALE) -> list[str]:
    return [str(error) for error in scale_errors(obj, scale)]


@pytest.mark.parametrize(
    ("replicas", "wanted"),
    [
        (0, []),
        (2**31 - 1, []),
        (2.0, []),  # sent as `2` by kubectl and Pulumi: an int64 on the server
        (-1, [".spec.replicas: Invalid value: -1: should be a non-negative integer"]),
        (
            2**31,
            [
                ".spec.replicas: Invalid value: 2147483648: should be less than or equal to "
                "2147483647"
            ],
        ),
        (
            1.5,
            [
                ".spec.replicas: Invalid value: 0: .spec.replicas accessor error: 1.5 is of the "
                "type float64, expected int64"
            ],
        ),
        (
            "3",
            [
                ".spec.replicas: Invalid value: 0: .spec.replicas accessor error: 3 is of the "
                "type string, expected int64"
            ],
        ),
        (
            None,  # a nullable field keeps its null: the accessor refuses it
            [
                ".spec.replicas: Invalid value: 0: .spec.replicas accessor error: <nil> is of "
                "the type <nil>, expected int64"
            ],
        ),
        (
            2**70,  # past int64: the server decodes it as a float64
            [
                ".spec.replicas: Invalid value: 0: .spec.replicas accessor error: "
                "1.1805916207174113e+21 is of the type float64, expected int64"
            ],
        ),
    ],
)
def test_spec_replicas_are_read_as_the_server_reads_them(replicas: Any, wanted: list[str]) -> None:
    assert _texts({"spec": {"replicas": replicas}}) == wanted


def test_absent_values_are_not_checked_and_objects_on_the_way_must_be_objects() -> None:
    assert _texts({}) == []
    assert _texts({"spec": None}) == []  # a null on the way: not found
    assert _texts({"spec": {"other": 1}}) == []
    assert _texts({"spec": ["x"]}) == [
        ".spec.replicas: Invalid value: 0: .spec.replicas accessor error: [x] is of the type "
        "[]interface {}, expected map[string]interface{}"
    ]
    deep = {"specReplicasPath": ".spec.a.b"}
    assert _texts({"spec": {"a": 5}}, deep) == [
        ".spec.a.b: Invalid value: 0: .spec.a.b accessor error: 5 is of the type int64, "
        "expected map[string]interface{}"
    ]


def test_status_replicas_and_the_label_selector() -> None:
    status = {"replicas": -2, "selector": {"app": "x"}}
    assert _texts({"status": status}) == [
        ".status.replicas: Invalid value: -2: should be a non-negative integer",
        '.status.selector: Invalid value: "": .status.selector accessor error: map[app:x] is '
        "of the type map[string]interface {}, expected string",
    ]
    assert _texts({"status": {"replicas": 1, "selector": "app=x"}}) == []


def _scaled(status: bool) -> dict[str, Any]:
    spec = {"type": "object", "properties": {"replicas": {"type": "integer", "maximum": 10}}}
    document = crd(spec, status=status)
    version = document["spec"]["versions"][0]
    version["schema"]["openAPIV3Schema"]["properties"]["status"] = {
        "type": "object",
        "properties": {"replicas": {"type": "integer"}},
    }
    version.setdefault("subresources", {})["scale"] = {
        "specReplicasPath": ".spec.replicas",
        "statusReplicasPath": ".status.replicas",
    }
    return document


def _widget(replicas: int, status: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w"},
        "spec": {"replicas": replicas},
    }
    if status is not None:
        body["status"] = {"replicas": status}
    return body


@pytest.mark.parametrize("with_status", [False, True], ids=["no-status", "status-subresource"])
def test_generated_models_check_scale_after_the_schema(tmp_path: Path, with_status: bool) -> None:
    package, _ = generate_package(tmp_path, _scaled(with_status))
    widget = import_module(package, "example_com.v1.models").Widget.k8s_binding()
    assert list(widget.validate(_widget(3)).errors) == []
    errors = widget.validate(_widget(-1)).errors
    assert [e.field for e in errors] == [".spec.replicas"]
    errors = widget.validate({**_widget(-1), "spec": {"replicas": 2**31}}).errors
    assert [str(e).split(": ")[0] for e in errors] == ["spec.replicas", ".spec.replicas"]
    # the status a create sends is dropped first with the status subresource, else checked
    errors = widget.validate(_widget(1, status=-1)).errors
    assert [e.field for e in errors] == ([] if with_status else [".status.replicas"])
    # and on an update too (ValidateUpdate runs the same checks)
    errors = widget.validate(_widget(-1), old=_widget(1)).errors
    assert [e.field for e in errors] == [".spec.replicas"]


def test_an_update_keeps_the_stored_status_for_the_checks_and_rules(tmp_path: Path) -> None:
    """With the status subresource, PrepareForUpdate gives the object its stored status,
    whatever the update sends: the scale check and the root's rules read that status."""
    document = _scaled(status=True)
    root = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    root["x-kubernetes-validations"] = [
        {
            "rule": "!has(self.status) || self.spec.replicas >= self.status.replicas",
            "message": "below the status",
        }
    ]
    package, _ = generate_package(tmp_path, document)
    widget = import_module(package, "example_com.v1.models").Widget.k8s_binding()
    assert list(widget.validate(_widget(3, status=9)).errors) == []  # a create: status dropped
    errors = widget.validate(_widget(4, status=0), old=_widget(3, status=5)).errors
    assert [(e.field, e.detail) for e in errors] == [(None, "below the status")]
    # unchanged (the status sent is not what is stored): ratcheted, a warning
    result = widget.validate(_widget(3, status=0), old=_widget(3, status=5))
    assert list(result.errors) == [] and any("below the status" in w for w in result.warnings)
    errors = widget.validate(_widget(6), old=_widget(6, status=-2)).errors
    assert [str(e) for e in errors] == [
        ".status.replicas: Invalid value: -2: should be a non-negative integer"
    ]
    assert list(widget.validate(_widget(6, status=-2), old=_widget(6, status=1)).errors) == []


def test_a_status_kept_by_a_root_that_keeps_unknown_fields_is_dropped_on_create(
    tmp_path: Path,
) -> None:
    """PrepareForCreate drops the status before validation even when the schema does not
    declare it and the root keeps unknown fields (held-out sweep 37: knative KafkaSource)."""
    document = _scaled(status=True)
    root = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    del root["properties"]["status"]
    root["x-kubernetes-preserve-unknown-fields"] = True
    package, _ = generate_package(tmp_path, document)
    widget = import_module(package, "example_com.v1.models").Widget.k8s_binding()
    validator = widget.validator
    body = _widget(1, status=-3)
    assert list(widget.validate(body).errors) == []
    assert list(validator.validate_reference(body).errors) == []
    assert "status" not in widget.validate(body).value
