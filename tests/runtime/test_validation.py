"""SchemaValidator: the server's order (prune, default, drop status, validate, list types, CEL)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from codegen.runtime import (
    MISSING,
    FieldError,
    FieldValidation,
    InvalidResourceError,
    SchemaValidator,
)
from codegen.runtime.errors import ErrorType
from codegen.runtime.structural import Node
from codegen.runtime.validation import CEL_SKIPPED_DETAIL

SPEC: dict[str, Any] = {
    "type": "object",
    "required": ["image"],
    "properties": {
        "image": {"type": "string", "default": "nginx"},
        "replicas": {"type": "integer", "minimum": 0, "default": 1},
        "size": {"type": "string", "maxLength": 3},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "resources": {
            "type": "object",
            "properties": {"cpu": {"type": "string", "default": "1"}},
        },
        "opt": {"type": "string", "nullable": True},
        "ports": {
            "type": "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "protocol": {"type": "string", "default": "TCP"},
                },
            },
        },
        "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": {}},
        "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
    },
}
ROOT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "apiVersion": {"type": "string"},
        "kind": {"type": "string"},
        "metadata": {"type": "object"},
        "spec": SPEC,
        "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}},
    },
}


def resource(spec: dict[str, Any], **meta: Any) -> dict[str, Any]:
    return {
        "apiVersion": "ai.example.com/v1",
        "kind": "ModelServing",
        "metadata": {"name": "llama", **meta},
        "spec": spec,
    }


@pytest.fixture
def root() -> SchemaValidator:
    return SchemaValidator(
        ROOT, kind="ModelServing", group="ai.example.com", version="v1", status_subresource=True
    )


def texts(errors: Sequence[FieldError]) -> list[str]:
    return [str(e) for e in errors]


def test_defaults_satisfy_required_and_no_parent_is_created(root: SchemaValidator) -> None:
    result = root.validate(resource({}))
    assert result.ok, result.errors
    assert result.value["spec"] == {"image": "nginx", "replicas": 1}  # no "resources": {}
    result = root.validate(resource({"resources": {}, "ports": [{"name": "http"}]}))
    assert result.value["spec"]["resources"] == {"cpu": "1"}
    assert result.value["spec"]["ports"] == [{"name": "http", "protocol": "TCP"}]


def test_nulls(root: SchemaValidator) -> None:
    result = root.validate(resource({"replicas": None, "size": None, "opt": None}))
    assert result.ok, result.errors
    # non-nullable null with a default -> default; without -> dropped; nullable -> kept
    assert result.value["spec"] == {"image": "nginx", "replicas": 1, "opt": None}


def test_unknown_fields_per_mode(root: SchemaValidator) -> None:
    obj = resource({"x": 1, "extra": {"free": {"form": True}}}, foo="bar")
    strict = root.validate(obj)
    assert texts(strict.errors) == [
        'metadata.foo: Invalid value: unknown field "metadata.foo"',
        'spec.x: Invalid value: unknown field "spec.x"',
    ]
    assert all(e.reason == "FieldValueInvalid" for e in strict.errors)
    warn = root.validate(obj, field_validation=FieldValidation.WARN)
    assert warn.ok and warn.warnings == (
        'unknown field "metadata.foo"',
        'unknown field "spec.x"',
    )
    ignore = root.validate(obj, field_validation=FieldValidation.IGNORE)
    assert ignore.ok and not ignore.warnings
    assert "x" not in ignore.value["spec"] and "foo" not in ignore.value["metadata"]
    assert ignore.value["spec"]["extra"] == {"free": {"form": True}}  # preserved
    assert obj["spec"]["x"] == 1  # input not mutated


def test_every_error_at_once_with_paths(root: SchemaValidator) -> None:
    result = root.validate(
        resource(
            {
                "replicas": -1,
                "size": "ääää",  # maxLength counts code points
                "labels": {"team": 7},
                "ports": [{"name": "a"}, {"name": "a"}, {"protocol": "UDP"}],
                "tags": [1, 1.0, 1],  # 1 and 1.0 differ
            }
        )
    )
    assert texts(result.errors) == [
        "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0",
        "spec.size: Too long: may not be more than 3 bytes",
        'spec.labels.team: Invalid value: "integer": spec.labels.team in body must be of type '
        'string: "integer"',
        "spec.ports[2].name: Required value",
        'spec.ports[1]: Duplicate value: map[string]interface {}{"name":"a"}',
        "spec.tags[2]: Duplicate value: 1",
    ]


def test_status_dropped_with_subresource(root: SchemaValidator) -> None:
    obj = resource({})
    obj["status"] = {"ready": "yes"}
    result = root.validate(obj)
    assert result.ok and "status" not in result.value
    no_sub = SchemaValidator(ROOT, kind="ModelServing", group="ai.example.com")
    assert texts(no_sub.validate(obj).errors) == [
        'status.ready: Invalid value: "string": status.ready in body must be of type boolean: '
        '"string"'
    ]


def test_metadata_and_type_meta(root: SchemaValidator) -> None:
    result = root.validate(resource({}, name="Bad_Name", labels={"a": "-x"}))
    assert [e.field for e in result.errors] == ["metadata.name", "metadata.labels"]
    assert str(result.errors[0]).startswith(
        'metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain'
    )
    obj = resource({})
    obj["kind"] = "Other"
    assert texts(root.validate(obj).errors) == [
        'kind: Invalid value: "Other": must be ModelServing'
    ]
    del obj["apiVersion"]
    assert "apiVersion: Required value" in texts(root.validate(obj).errors)  # no detail (Go's "")


def test_embedded_resources_need_api_version_and_kind() -> None:
    schema = {
        "type": "object",
        "properties": {
            "template": {
                "type": "object",
                "x-kubernetes-embedded-resource": True,
                "x-kubernetes-preserve-unknown-fields": True,
            }
        },
    }
    result = SchemaValidator(schema, root=False).validate(
        {"template": {"metadata": {"x": 1, "name": "t"}}}, path_prefix="spec"
    )
    # its metadata is decoded as ObjectMeta: an unknown key is dropped and reported
    assert texts(result.errors) == [
        'spec.template.metadata.x: Invalid value: unknown field "spec.template.metadata.x"',
        "spec.template.apiVersion: Required value",
        "spec.template.kind: Required value",
    ]
    assert result.value["template"]["metadata"] == {"name": "t"}


def test_kubectl_error_from_validate_or_raise(root: SchemaValidator) -> None:
    with pytest.raises(InvalidResourceError) as exc:
        root.validate_or_raise(resource({"replicas": -1}))
    assert str(exc.value) == (
        'ModelServing.ai.example.com "llama" is invalid: spec.replicas: Invalid value: -1: '
        "spec.replicas in body should be greater than or equal to 0"
    )
    assert exc.value.name == "llama" and exc.value.kind == "ModelServing"


def test_property_counts_and_combinators() -> None:
    schema = {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 2,
        "anyOf": [{"required": ["a"]}, {"required": ["b"]}],
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "string"}},
    }
    sv = SchemaValidator(schema, root=False)
    assert sv.validate({"a": "x"}).ok
    assert texts(sv.validate({"a": "x", "b": "y", "c": "z"}).errors) == [
        "<nil>: Too many: 3: must have at most 2 items"  # kube-openapi root path "" -> nil path
    ]
    errs = texts(sv.validate({"c": "z"}, path_prefix="spec").errors)
    assert errs == [
        '<nil>: Invalid value: "": "spec" must validate at least one schema (anyOf)',
        "spec.a: Required value",
    ]
    errs = texts(sv.validate({"a": "x", "b": "y", "c": "z"}, path_prefix="spec").errors)
    assert errs == ["spec: Too many: 3: must have at most 2 items"]


class RecordingCel:
    def __init__(self, errors: Sequence[FieldError] = ()) -> None:
        self.calls: list[tuple[Any, Any, str]] = []
        self.errors = list(errors)

    def validate(
        self, schema: Node, obj: Any, old: Any, path: str
    ) -> tuple[Sequence[FieldError], Sequence[str]]:
        self.calls.append((obj, old, path))
        return self.errors, ["a warning"]


def test_cel_hook_called_after_schema_and_skipped_on_blocking_errors() -> None:
    schema = dict(SPEC, **{"x-kubernetes-validations": [{"rule": "self.replicas < 10"}]})
    failure = FieldError(ErrorType.INVALID, "spec", "failed rule: self.replicas < 10")
    cel = RecordingCel([failure])
    sv = SchemaValidator(schema, root=False, cel=cel)
    result = sv.validate({"replicas": 20}, path_prefix="spec")
    assert cel.calls == [({"image": "nginx", "replicas": 20}, MISSING, "spec")]
    assert result.errors == (failure,) and result.warnings == ("a warning",)

    blocked = sv.validate({"replicas": "x"}, path_prefix="spec")  # TypeInvalid blocks CEL
    assert len(cel.calls) == 1
    assert str(blocked.errors[-1]) == f'<nil>: Invalid value: "null": {CEL_SKIPPED_DETAIL}'

    sv.validate({"replicas": -1}, path_prefix="spec", old={"replicas": 1})  # Invalid does not
    # oldSelf is the old object as stored: defaulted like the new one
    assert cel.calls[-1][1] == {"image": "nginx", "replicas": 1}


def test_compiles_once_and_is_reusable() -> None:
    sv = SchemaValidator(SPEC, root=False)
    assert sv.node is SchemaValidator(SPEC, root=False).node
    assert sv.validate({"image": "a"}).ok and sv.validate({"image": "b"}).ok


def test_a_default_put_in_for_a_null_item_or_value_is_defaulted_further() -> None:
    """Since Kubernetes 1.20 the defaulter re-reads the element it replaced (algorithm.go)."""
    inner = {
        "type": "object",
        "default": {},
        "properties": {"p": {"type": "string", "default": "TCP"}},
    }
    schema = {
        "type": "object",
        "properties": {
            "ports": {"type": "array", "items": inner},
            "features": {"type": "object", "additionalProperties": inner},
        },
    }
    validator = SchemaValidator(schema, root=False)
    obj = {"ports": [None, {}], "features": {"a": None}}
    wanted = {"ports": [{"p": "TCP"}, {"p": "TCP"}], "features": {"a": {"p": "TCP"}}}
    assert validator.validate(obj).value == wanted
    assert validator.validate_reference(obj).value == wanted
    validator.use_gate = False
    assert validator.validate(obj).value == wanted


_TYPE_ERROR = 'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"'
_RANGE_ERROR = '<nil>: Invalid value: "": Checked value must be of type integer (default format) in spec.replicas'


@pytest.mark.parametrize(
    ("replicas", "errors"),
    [
        (3.0, []),  # sent as `3`: an int64 there
        (2.0**62, []),  # sent as 4611686018427388000, an int64
        (1.5, [_TYPE_ERROR, _RANGE_ERROR]),
        (2.0**63, [_TYPE_ERROR, _RANGE_ERROR]),
        # sent as `-9223372036854776000`, below int64: a float64 (held-out sweep 39)
        (
            -(2.0**63),
            [
                _TYPE_ERROR,
                _RANGE_ERROR,
                "spec.replicas: Invalid value: -9.223372036854776e+18: spec.replicas in body "
                "should be greater than or equal to 0",
            ],
        ),
    ],
)
def test_a_whole_float_is_the_number_the_server_reads(
    root: SchemaValidator, replicas: float, errors: list[str]
) -> None:
    result = root.validate(resource({"image": "x", "replicas": replicas}))
    assert texts(result.errors) == errors


@pytest.mark.parametrize(
    ("factor", "value", "error"),
    [
        (2.5, 5.5, "spec.n: Invalid value: 5.5: spec.n in body should be a multiple of 2.5"),
        (2.5, 7.5, None),
        # an int64: MultipleOfInt(value, int64(factor)), as kube-openapi checks it
        (2.5, 5, "spec.n: Invalid value: 5: spec.n in body should be a multiple of 2"),
        (2.5, 4, None),
        # int64(0.5) is 0: refused (a panic before kubernetes/kube-openapi#349; sweep 39)
        (
            0.5,
            3,
            "spec.n: Invalid value: 0: factor MultipleOf declared for spec.n must be positive: 0",
        ),
        (0.5, 3.5, None),
    ],
)
def test_multiple_of_a_number_checks_an_integer_against_the_truncated_factor(
    factor: float, value: float, error: str | None
) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "number", "multipleOf": factor}}}
    result = SchemaValidator(schema, root=False).validate({"n": value}, path_prefix="spec")
    assert texts(result.errors) == ([] if error is None else [error])


@pytest.mark.parametrize("status", [None, {"b": "x"}])
def test_a_required_status_is_missing_on_every_create_under_the_status_subresource(
    status: Any,
) -> None:
    """PrepareForCreate drops `status` before the whole schema is validated, its root
    `required` included: every path (the compiled gate too) refuses (held-out sweep 43)."""
    schema = {
        "type": "object",
        "required": ["spec", "status"],
        "properties": {
            "spec": {"type": "object", "properties": {"a": {"type": "string"}}},
            "status": {"type": "object", "properties": {"b": {"type": "string"}}},
        },
    }
    sv = SchemaValidator(
        schema, kind="Widget", group="ex.com", version="v1", status_subresource=True
    )
    obj = {"apiVersion": "ex.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {}}
    if status is not None:
        obj["status"] = status
    assert texts(sv.validate(obj).errors) == ["status: Required value"]
