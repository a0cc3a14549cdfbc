"""The fields a CRD document can have, as apiextensions.k8s.io/v1's Go types declare them.

The API server decodes a CRD into those types: an unknown field is dropped with a warning under
its default field validation (Warn), and refuses the CRD under Strict, which `kubectl apply`
asks for by default (except inside the schema-or-bool and schema-or-array fields, `items` and
`additionalProperties`, which Go decodes leniently: kubernetes#128033). A misspelt keyword (`x-kubernetes-validation`, `maxlength`) would
otherwise vanish in silence, and with it the check it was meant to add: `unknown_fields` names
them, with the path the server's warning gives.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

_SCHEMA: Final = frozenset(
    {
        "id", "$schema", "$ref", "description", "type", "format", "title", "default",
        "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
        "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf", "enum",
        "maxProperties", "minProperties", "required", "items", "allOf", "oneOf", "anyOf",
        "not", "properties", "additionalProperties", "patternProperties", "dependencies",
        "additionalItems", "definitions", "externalDocs", "example", "nullable",
        "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
        "x-kubernetes-int-or-string", "x-kubernetes-list-map-keys", "x-kubernetes-list-type",
        "x-kubernetes-map-type", "x-kubernetes-validations",
    }
)  # fmt: skip
_RULE: Final = frozenset(
    {"rule", "message", "messageExpression", "reason", "fieldPath", "optionalOldSelf"}
)
_EXTERNAL_DOCS: Final = frozenset({"description", "url"})
# Each object of the CRD outside its schemas: its fields, and the type of those that are
# objects (or lists of objects) themselves.
_TYPES: Final[dict[str, tuple[frozenset[str], dict[str, str]]]] = {
    "crd": (frozenset({"apiVersion", "kind", "metadata", "spec", "status"}), {"spec": "spec"}),
    "spec": (
        frozenset({"group", "names", "scope", "versions", "conversion", "preserveUnknownFields"}),
        {"names": "names", "versions": "version", "conversion": "conversion"},
    ),
    "names": (
        frozenset({"plural", "singular", "shortNames", "kind", "listKind", "categories"}),
        {},
    ),
    "version": (
        frozenset(
            {
                "name",
                "served",
                "storage",
                "deprecated",
                "deprecationWarning",
                "schema",
                "subresources",
                "additionalPrinterColumns",
                "selectableFields",
            }
        ),
        {
            "schema": "validation",
            "subresources": "subresources",
            "additionalPrinterColumns": "column",
            "selectableFields": "selectable",
        },
    ),
    "validation": (frozenset({"openAPIV3Schema"}), {}),
    "subresources": (frozenset({"status", "scale"}), {"scale": "scale"}),
    "scale": (frozenset({"specReplicasPath", "statusReplicasPath", "labelSelectorPath"}), {}),
    "column": (frozenset({"name", "type", "format", "description", "priority", "jsonPath"}), {}),
    "selectable": (frozenset({"jsonPath"}), {}),
    "conversion": (frozenset({"strategy", "webhook"}), {"webhook": "webhook"}),
    "webhook": (
        frozenset({"clientConfig", "conversionReviewVersions"}),
        {"clientConfig": "client"},
    ),
    "client": (frozenset({"url", "service", "caBundle"}), {"service": "service"}),
    "service": (frozenset({"namespace", "name", "path", "port"}), {}),
}


def unknown_fields(document: Mapping[str, Any]) -> list[str]:
    """The path of every field of `document` (a CRD) that its Go types do not have. The
    values of `default`, `example` and `enum` are free-form, and `metadata` and `status` are
    the server's to check."""
    return list(_object(document, "crd", ""))


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _object(value: Any, type_name: str, path: str) -> Iterator[str]:
    if not isinstance(value, dict):
        return
    known, children = _TYPES[type_name]
    for key, child in value.items():
        where = _child(path, key)
        if key not in known:
            yield where
        elif key in children:
            items = enumerate(child) if isinstance(child, list) else [(None, child)]
            for index, item in items:
                item_path = where if index is None else f"{where}[{index}]"
                yield from _object(item, children[key], item_path)
        elif type_name == "validation" and key == "openAPIV3Schema":
            yield from _schema(child, where)


def _schema(node: Any, path: str) -> Iterator[str]:
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        where = f"{path}.{key}"
        if key not in _SCHEMA:
            yield where
        elif key in ("properties", "patternProperties", "definitions", "dependencies"):
            if isinstance(value, dict):
                for name, child in value.items():
                    yield from _schema(child, f"{path}.{key}[{name}]")
        elif key in ("items", "not", "additionalProperties", "additionalItems"):
            for index, child in enumerate(value) if isinstance(value, list) else [(None, value)]:
                yield from _schema(child, where if index is None else f"{where}[{index}]")
        elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
            for index, child in enumerate(value):
                yield from _schema(child, f"{where}[{index}]")
        elif key == "x-kubernetes-validations" and isinstance(value, list):
            for index, rule in enumerate(value):
                yield from _fields(rule, _RULE, f"{where}[{index}]")
        elif key == "externalDocs":
            yield from _fields(value, _EXTERNAL_DOCS, where)


def _fields(value: Any, known: frozenset[str], path: str) -> Iterator[str]:
    if isinstance(value, dict):
        yield from (f"{path}.{key}" for key in value if key not in known)
