"""The metadata of an embedded resource: decoded as ObjectMeta (Coerce), then ValidateObjectMeta
with path-segment names (Validate); and owner references at the root and embedded."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.runtime import FieldValidation, SchemaValidator
from codegen.runtime.embedded_meta import decode_error, path_segment_name

SCHEMA = {
    "type": "object",
    "properties": {
        "template": {
            "type": "object",
            "x-kubernetes-embedded-resource": True,
            "x-kubernetes-preserve-unknown-fields": True,
        }
    },
}


def _errors(metadata: Any, mode: FieldValidation = FieldValidation.STRICT) -> list[str]:
    template = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata}
    result = SchemaValidator(SCHEMA, root=False).validate(
        {"template": template}, path_prefix="spec", field_validation=mode
    )
    return [str(e) for e in result.errors]


@pytest.mark.parametrize(
    "metadata",
    [
        {},
        None,
        {"name": "Mixed_Case.name"},  # path-segment names allow what a DNS name does not
        {"generateName": "x-", "namespace": "ns", "labels": {"a": "b"}, "generation": 2},
        {"annotations": {"Example.com/Key": "v"}, "finalizers": ["example.com/f"]},
        {"creationTimestamp": "2024-01-01T00:00:00Z", "uid": "u", "resourceVersion": "1"},
        {"ownerReferences": [{"apiVersion": "v1", "kind": "A", "name": "a", "uid": "1"}]},
    ],
)
def test_valid_metadata(metadata: Any) -> None:
    assert _errors(metadata) == []


@pytest.mark.parametrize(
    ("metadata", "wanted"),
    [
        (
            {"name": "a/b"},
            "spec.template.metadata.name: Invalid value: \"a/b\": may not contain '/'",
        ),
        ({"name": ".."}, "spec.template.metadata.name: Invalid value: \"..\": may not be '..'"),
        (
            {"generateName": "50%-"},
            "spec.template.metadata.generateName: Invalid value: \"50%-\": may not contain '%'",
        ),
        (
            {"namespace": "No"},
            'spec.template.metadata.namespace: Invalid value: "No": a lowercase RFC 1123 label',
        ),
        ({"labels": {"bad key!": "x"}}, 'spec.template.metadata.labels: Invalid value: "bad key!"'),
        (
            {"labels": "oops", "name": "x"},
            "json: cannot unmarshal string into Go struct field ObjectMeta.labels of type "
            "map[string]string",
        ),
        (
            {"labels": {"a": 1}},
            "json: cannot unmarshal number into Go struct field ObjectMeta.labels of type string",
        ),
        (["a"], "json: cannot unmarshal array into Go value of type v1.ObjectMeta"),
        (
            {"generation": 1.5},
            "json: cannot unmarshal number 1.5 into Go struct field ObjectMeta.generation",
        ),
        ({"creationTimestamp": "yesterday"}, 'parsing time "yesterday"'),
        (
            {"ownerReferences": [{"apiVersion": "v1", "kind": "A", "name": "a"}]},
            'spec.template.metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
        ),
        (
            {"foo": 1},
            'spec.template.metadata.foo: Invalid value: unknown field "spec.template.metadata.foo"',
        ),
    ],
)
def test_invalid_metadata(metadata: Any, wanted: str) -> None:
    errors = _errors(metadata)
    assert any(wanted in e for e in errors), errors


def test_unknown_metadata_keys_are_dropped_in_every_mode() -> None:
    validator = SchemaValidator(SCHEMA, root=False)
    obj = {"template": {"apiVersion": "v1", "kind": "C", "metadata": {"name": "n", "zz": 1}}}
    for mode, errors, warnings in (
        (FieldValidation.STRICT, 1, 0),
        (FieldValidation.WARN, 0, 1),
        (FieldValidation.IGNORE, 0, 0),
    ):
        result = validator.validate(obj, field_validation=mode)
        assert result.value["template"]["metadata"] == {"name": "n"}
        assert (len(result.errors), len(result.warnings)) == (errors, warnings)
    assert obj["template"]["metadata"] == {"name": "n", "zz": 1}  # the input is left alone


def test_decoding_reports_the_first_error_in_sorted_key_order() -> None:
    meta = {"namespace": 1, "labels": "x", "annotations": {"a": True}}
    assert decode_error(meta) == (
        "json: cannot unmarshal bool into Go struct field ObjectMeta.annotations of type string"
    )


def test_path_segment_names() -> None:
    assert path_segment_name(".", False) == ["may not be '.'"]
    assert path_segment_name(".", True) == []  # a prefix gets a suffix
    assert path_segment_name("a/%", False) == ["may not contain '/'", "may not contain '%'"]


def test_owner_references_at_the_root() -> None:
    schema = {
        "type": "object",
        "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}},
    }
    validator = SchemaValidator(schema, kind="W", group="example.com", version="v1")
    refs = [
        {"apiVersion": "v1", "kind": "Event", "name": "e", "uid": "1"},
        {"apiVersion": "a/b/c", "kind": "K", "name": "k", "uid": "2", "controller": True},
        {"apiVersion": "apps/v1", "kind": "D", "name": "d", "uid": "3", "controller": True},
    ]
    obj = {
        "apiVersion": "example.com/v1",
        "kind": "W",
        "metadata": {"name": "w", "ownerReferences": refs},
    }
    errors = [str(e) for e in validator.validate(obj).errors]
    assert any("/v1, Kind=Event is disallowed from being an owner" in e for e in errors)
    assert any(
        e.startswith('metadata.ownerReferences.apiVersion: Invalid value: "a/b/c": version')
        for e in errors
    )
    assert any('Found "true" in references for K/k and D/d' in e for e in errors), errors
    obj["metadata"]["ownerReferences"] = refs[2:]
    assert validator.validate(obj).errors == ()


def test_regex_errors_read_as_apimachinery_writes_them() -> None:
    from codegen.runtime.metadata import is_dns1035_label, is_dns1123_label

    # validation.RegexError: each example followed by ", " and joined by " or "
    assert is_dns1123_label("A") == [
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
        "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
        "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    ]
    assert "(e.g. 'my-name',  or 'abc-123', regex used" in is_dns1035_label("1a")[0]


def test_only_an_embedded_generation_is_checked() -> None:
    # the resource's own generation is set by the server (PrepareForCreate/Update) first
    assert _errors({"generation": -1}) == [
        "spec.template.metadata.generation: Invalid value: -1: must be greater than or equal to 0"
    ]
    root = {
        "apiVersion": "example.com/v1",
        "kind": "W",
        "metadata": {"name": "w", "generation": -1},
    }
    for use_gate in (True, False):
        validator = SchemaValidator(SCHEMA, kind="W", group="example.com", version="v1")
        validator.use_gate = use_gate
        assert validator.validate(root).errors == ()


@pytest.mark.parametrize("use_gate", [True, False], ids=["gate", "walk"])
def test_a_null_label_or_annotation_value_decodes_as_empty(use_gate: bool) -> None:
    # Go's JSON decoding into map[string]string (GetObjectMeta, TestGetObjectMetaNils)
    null_values = {"labels": {"foo": None}, "annotations": {"a": None}}
    root: dict[str, Any] = {
        "apiVersion": "example.com/v1",
        "kind": "W",
        "metadata": {"name": "w", **null_values},
        "template": {"apiVersion": "v1", "kind": "C", "metadata": dict(null_values)},
    }
    validator = SchemaValidator(SCHEMA, kind="W", group="example.com", version="v1")
    validator.use_gate = use_gate
    result = validator.validate(root)
    assert result.errors == ()
    empty = {"labels": {"foo": ""}, "annotations": {"a": ""}}
    assert result.value["metadata"] == {"name": "w", **empty}
    assert result.value["template"]["metadata"] == empty
    assert root["metadata"]["labels"] == {"foo": None}  # the caller's object is kept


def test_the_metadata_rules_read_a_null_label_value_as_empty() -> None:
    from codegen.runtime.metadata import validate_object_meta

    assert validate_object_meta({"labels": {"a": None}, "annotations": {"b": None}}) == []
    assert [str(e) for e in validate_object_meta({"labels": {"a": 1}})] == [
        "metadata.labels: Invalid value: 1: json: cannot unmarshal number into Go struct field "
        "ObjectMeta.metadata.labels of type string"
    ]
