"""What an update of a custom resource may not do to its own metadata (rest.BeforeUpdate and
ValidateObjectMetaAccessorUpdate), and the name rule an update checks."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.runtime import SchemaValidator
from codegen.runtime.metadata import validate_object_meta

SCHEMA = {"type": "object", "properties": {"spec": {"type": "object", "properties": {}}}}
VALIDATOR = SchemaValidator(SCHEMA, kind="Widget", group="example.com", version="v1")
DELETED = "2024-01-02T03:04:05Z"


def _widget(**meta: Any) -> dict[str, Any]:
    return {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w", **meta},
        "spec": {},
    }


def _errors(new: dict[str, Any], old: dict[str, Any]) -> list[str]:
    return [str(e) for e in VALIDATOR.validate(new, old=old).errors]


def test_no_finalizer_may_be_added_while_the_object_is_being_deleted() -> None:
    old = _widget(deletionTimestamp=DELETED, finalizers=["a.io/x"])
    assert _errors(_widget(finalizers=["a.io/x"]), old) == []
    assert _errors(_widget(finalizers=["b.io/y", "a.io/x", "a.io/z"]), old) == [
        "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being "
        'deleted, found new finalizers []string{"a.io/z", "b.io/y"}'
    ]
    # not being deleted: any finalizer may come
    assert _errors(_widget(finalizers=["b.io/y"]), _widget(finalizers=["a.io/x"])) == []


def test_system_fields_the_update_changes_are_immutable() -> None:
    old = _widget(uid="u-1", deletionGracePeriodSeconds=30, deletionTimestamp=DELETED)
    # left out: carried over from the old object (BeforeUpdate)
    assert _errors(_widget(), old) == []
    assert _errors(_widget(uid="u-2", deletionGracePeriodSeconds=10), old) == [
        'metadata.uid: Invalid value: "u-2": field is immutable',
        "metadata.deletionGracePeriodSeconds: Invalid value: 10: field is immutable",
    ]
    assert _errors(_widget(deletionTimestamp=DELETED), _widget()) == [
        "metadata.deletionTimestamp: Invalid value: 2024-01-02 03:04:05 +0000 UTC: field is "
        "immutable"
    ]


def test_an_update_checks_the_name_as_a_path_segment_only() -> None:
    """rest.validateCommonFields checks it with ValidatePathSegmentName; the DNS-subdomain rule
    of the strategy's create does not run on an update."""
    upper = {**_widget(), "metadata": {"name": "Abc"}}
    assert _errors(upper, upper) == []
    assert [e.field for e in VALIDATOR.validate(upper).errors] == ["metadata.name"]
    slash = {**_widget(), "metadata": {"name": "a/b"}}
    assert _errors(slash, slash) == ["metadata.name: Invalid value: \"a/b\": may not contain '/'"]


@pytest.mark.parametrize(
    ("generate_name", "valid"),
    [("a-", True), ("ab-", True), ("a-.-", True), ("-", False), ("é-", False), ("a..b-", False)],
)
def test_generate_name_is_masked_as_go_masks_it(generate_name: str, valid: bool) -> None:
    """maskTrailingDash drops the trailing "-" and the byte before it, adds "a", and leaves a
    name of one byte alone."""
    assert (validate_object_meta({"generateName": generate_name}) == []) is valid


@pytest.mark.parametrize(
    ("meta", "field", "message"),
    [
        (
            {"finalizers": "a.io/x"},
            "metadata.finalizers",
            "json: cannot unmarshal string into Go struct field ObjectMeta.metadata.finalizers of "
            "type []string",
        ),
        (
            {"generation": "2", "finalizers": 1},  # the first in Go's (sorted) order
            "metadata.finalizers",
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.finalizers "
            "of type []string",
        ),
        (
            {"ownerReferences": [{"controller": "yes"}]},
            "metadata.ownerReferences",
            "json: cannot unmarshal string into Go struct field "
            "OwnerReference.metadata.ownerReferences.controller of type bool",
        ),
        (
            {"creationTimestamp": "2024-01-01"},
            "metadata.creationTimestamp",
            'parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"',
        ),
        (  # a form time.Parse spells but whose fields are out of range
            {"creationTimestamp": "2024-13-01T00:00:00Z"},
            "metadata.creationTimestamp",
            'parsing time "2024-13-01T00:00:00Z": month out of range',
        ),
        (
            {"creationTimestamp": "2024-02-30T00:00:00Z"},
            "metadata.creationTimestamp",
            'parsing time "2024-02-30T00:00:00Z": day out of range',
        ),
        (
            {"creationTimestamp": "2024-01-01T00:00:00+25:00"},
            "metadata.creationTimestamp",
            'parsing time "2024-01-01T00:00:00+25:00": time zone offset hour out of range',
        ),
        (  # every entry is decoded: the second one's time fails
            {
                "managedFields": [
                    {"manager": "a", "time": "2024-01-01T00:00:00Z"},
                    {"manager": "b", "time": "yesterday"},
                ]
            },
            "metadata.managedFields",
            'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" '
            'as "2006"',
        ),
        (
            {"managedFields": [{"manager": "m", "time": 5}]},
            "metadata.managedFields",
            "json: cannot unmarshal number into Go value of type string",
        ),
    ],
)
def test_metadata_objectmeta_cannot_hold_is_one_decoding_error(
    meta: dict[str, Any], field: str, message: str
) -> None:
    """kubectl decodes the object's metadata into ObjectMeta before it sends it (Go's decoder
    stops at the first field it cannot fill), and the server would fail the same way."""
    for use_gate in (True, False):
        VALIDATOR.use_gate = use_gate
        try:
            errors = VALIDATOR.validate(_widget(**meta)).errors
        finally:
            VALIDATOR.use_gate = True
        assert [(e.field, e.detail) for e in errors] == [(field, message)]


def test_unknown_fields_in_owner_references_and_managed_fields_are_dropped_and_reported() -> None:
    from codegen.runtime import FieldValidation

    ref = {"apiVersion": "v1", "kind": "A", "name": "a", "uid": "1", "extra": 1}
    entry = {"manager": "m", "operation": "Apply", "bogus": True}
    doc = _widget(ownerReferences=[ref], managedFields=[entry])
    wanted = [
        'unknown field "metadata.managedFields[0].bogus"',
        'unknown field "metadata.ownerReferences[0].extra"',
    ]
    warned = VALIDATOR.validate(doc, field_validation=FieldValidation.WARN)
    assert list(warned.warnings) == wanted and not warned.errors
    assert warned.value is not None
    assert warned.value["metadata"]["ownerReferences"] == [{k: ref[k] for k in list(ref)[:4]}]
    strict = VALIDATOR.validate(doc, field_validation=FieldValidation.STRICT)
    assert [e.detail for e in strict.errors] == wanted


@pytest.mark.parametrize(
    ("stamp", "written"),
    [
        ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        ("2024-01-01T1:02:03.9+01:00", "2024-01-01T00:02:03Z"),  # one-digit hour, in UTC
        ("2024-01-01T00:00:00,5-24:00", "2024-01-02T00:00:00Z"),  # Go reads 24-hour offsets
        ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"),
        ("2024-13-01T00:00:00Z", None),
    ],
)
def test_timestamps_are_written_back_as_go_reads_them(stamp: str, written: str | None) -> None:
    """metav1.Time: time.Parse(time.RFC3339) on the way in, UTC to the second on the way out."""
    from codegen.runtime.metadata import _utc_seconds, field_decode_error

    assert (field_decode_error({"creationTimestamp": stamp}) is None) == (written is not None)
    assert _utc_seconds(stamp) == (written or stamp)


@pytest.mark.parametrize(
    ("meta", "written", "errors"),
    [
        (
            {"finalizers": ["example.com/a", None]},
            {"finalizers": ["example.com/a", ""]},
            [
                'metadata.finalizers: Invalid value: "": name part must be non-empty',
                'metadata.finalizers: Invalid value: "": name part must consist of alphanumeric '
                "characters, '-', '_' or '.', and must start and end with an alphanumeric "
                "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ],
        ),
        (
            {"ownerReferences": [None]},
            {"ownerReferences": [{"apiVersion": "", "kind": "", "name": "", "uid": ""}]},
            [
                'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
                'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
                'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
                'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
            ],
        ),
        ({"managedFields": [None]}, {"managedFields": [{}]}, []),
    ],
)
def test_a_null_list_item_is_its_zero_value(
    meta: dict[str, Any], written: dict[str, Any], errors: list[str]
) -> None:
    """ObjectMeta's decoding reads a null item as its zero value, which is written back and
    validated (held-out sweep 40)."""
    from codegen.runtime.metadata import known_object_meta

    assert known_object_meta({"name": "w", **meta}, "metadata")[0] == {"name": "w", **written}
    assert [str(e) for e in VALIDATOR.validate(_widget(**meta)).errors] == errors


@pytest.mark.parametrize(("key", "value"), [("name", "other"), ("namespace", "elsewhere")])
def test_an_update_may_not_change_the_name_or_namespace(key: str, value: str) -> None:
    """ValidateObjectMetaAccessorUpdate: the object updated is the old one (held-out sweep 45)."""
    old = _widget(namespace="here")
    new = _widget(**{"namespace": "here", key: value})
    assert _errors(new, old) == [f'metadata.{key}: Invalid value: "{value}": field is immutable']
