"""Decoding a CRD into apiextensions.k8s.io/v1's Go types, outside its schemas.

The API server decodes the request body before it validates anything: a field of the wrong type
(`priority: "1"`, `subresources: {status: []}`) fails the whole request with encoding/json's
error, whatever the field validation. `decode_errors` finds each such field, with the error Go
gives (`json: cannot unmarshal string into Go struct field
CustomResourceColumnDefinition.spec.versions.additionalPrinterColumns.priority of type int32`),
so that nothing else is reported about a CRD the server could not even read. The schemas are
`structural_checks`' (JSONSchemaProps decodes leniently in places), `metadata` is ObjectMeta's
(`runtime.metadata.field_decode_error`), and `status` is the server's to set.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from codegen.runtime.errors import go_format_float
from codegen.runtime.metadata import field_decode_error
from codegen.runtime.scalars import INT32_MAX, INT32_MIN, json_type_name

# Each struct outside the schemas: its fields' JSON names and Go types. A type is a Go scalar,
# a struct of this table, `[]` of either, or `[]byte` (base64 text).
_STRUCTS: Final[dict[str, dict[str, str]]] = {
    "CustomResourceDefinitionSpec": {
        "group": "string",
        "names": "CustomResourceDefinitionNames",
        "scope": "v1.ResourceScope",
        "versions": "[]CustomResourceDefinitionVersion",
        "conversion": "CustomResourceConversion",
        "preserveUnknownFields": "bool",
    },
    "CustomResourceDefinitionNames": {
        "plural": "string",
        "singular": "string",
        "shortNames": "[]string",
        "kind": "string",
        "listKind": "string",
        "categories": "[]string",
    },
    "CustomResourceDefinitionVersion": {
        "name": "string",
        "served": "bool",
        "storage": "bool",
        "deprecated": "bool",
        "deprecationWarning": "string",
        "schema": "CustomResourceValidation",
        "subresources": "CustomResourceSubresources",
        "additionalPrinterColumns": "[]CustomResourceColumnDefinition",
        "selectableFields": "[]SelectableField",
    },
    "CustomResourceValidation": {"openAPIV3Schema": "schema"},
    "CustomResourceSubresources": {
        "status": "CustomResourceSubresourceStatus",
        "scale": "CustomResourceSubresourceScale",
    },
    "CustomResourceSubresourceStatus": {},
    "CustomResourceSubresourceScale": {
        "specReplicasPath": "string",
        "statusReplicasPath": "string",
        "labelSelectorPath": "string",
    },
    "CustomResourceColumnDefinition": {
        "name": "string",
        "type": "string",
        "format": "string",
        "description": "string",
        "priority": "int32",
        "jsonPath": "string",
    },
    "SelectableField": {"jsonPath": "string"},
    "CustomResourceConversion": {
        "strategy": "v1.ConversionStrategyType",
        "webhook": "WebhookConversion",
    },
    "WebhookConversion": {
        "clientConfig": "WebhookClientConfig",
        "conversionReviewVersions": "[]string",
    },
    "WebhookClientConfig": {
        "url": "string",
        "service": "ServiceReference",
        "caBundle": "[]byte",
    },
    "ServiceReference": {
        "namespace": "string",
        "name": "string",
        "path": "string",
        "port": "int32",
    },
}
_STRINGS: Final = frozenset({"string", "v1.ResourceScope", "v1.ConversionStrategyType"})


def decode_errors(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(path, error) of each field of the CRD `document` that its Go type cannot hold."""
    found: list[tuple[str, str]] = []
    metadata = document.get("metadata")
    if isinstance(metadata, Mapping):
        error = field_decode_error(metadata, "metadata.")
        if error is not None:
            found.append((f"metadata.{error[0]}", error[1]))
    elif metadata is not None:
        found.append(
            (
                "metadata",
                _mismatch(metadata, "CustomResourceDefinition", "metadata", "v1.ObjectMeta"),
            )
        )
    spec = document.get("spec")
    if spec is not None:
        found.extend(
            _value(spec, "CustomResourceDefinitionSpec", "CustomResourceDefinition", "spec", "spec")
        )
    return found


def _value(
    value: Any, go_type: str, owner: str, field: str, path: str
) -> Iterator[tuple[str, str]]:
    """The errors of decoding `value` (at `path`; `field` is Go's dotted name of it, in struct
    `owner`) into `go_type`. A null decodes into anything (as its zero value)."""
    if value is None or go_type == "schema":
        return
    if go_type.startswith("[]") and go_type != "[]byte":
        item_type = go_type[2:]
        if not isinstance(value, list):
            shown = f"[]v1.{item_type}" if item_type in _STRUCTS else go_type
            yield path, _mismatch(value, owner, field, shown)
            return
        for index, item in enumerate(value):
            yield from _value(item, item_type, owner, field, f"{path}[{index}]")
        return
    fields = _STRUCTS.get(go_type)
    if fields is not None:
        if not isinstance(value, Mapping):
            yield path, _mismatch(value, owner, field, f"v1.{go_type}")
            return
        for key, item in value.items():
            child_type = fields.get(key)
            if child_type is not None:  # an unknown field is `crd_fields`' to report
                yield from _value(item, child_type, go_type, f"{field}.{key}", f"{path}.{key}")
        return
    error = _scalar_error(value, go_type)
    if error is not None:
        yield (
            path,
            f"json: cannot unmarshal {error} into Go struct field {owner}.{field} of type {go_type}",
        )


def _scalar_error(value: Any, go_type: str) -> str | None:
    """What Go names `value` in its error when it cannot hold `go_type` (None: it can)."""
    if go_type in _STRINGS:
        return None if isinstance(value, str) else json_type_name(value)
    if go_type == "bool":
        return None if isinstance(value, bool) else json_type_name(value)
    if go_type == "int32":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return json_type_name(value)
        if isinstance(value, float) and not value.is_integer():
            return f"number {go_format_float(value, 'f')}"
        if not INT32_MIN <= value <= INT32_MAX:
            return f"number {int(value)}"
        return None
    if go_type == "[]byte":  # its base64 text is `crd_spec_checks`' to read
        return None if isinstance(value, str) else json_type_name(value)
    raise AssertionError(f"no decoding for {go_type}")  # pragma: no cover - the table's own


def _mismatch(value: Any, owner: str, field: str, go_type: str) -> str:
    return (
        f"json: cannot unmarshal {json_type_name(value)} into Go struct field "
        f"{owner}.{field} of type {go_type}"
    )
