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


_SCHEMA_MAPS: Final = ("properties", "patternProperties", "definitions", "dependencies")
_SCHEMA_OR_LIST: Final = ("items", "not", "additionalProperties", "additionalItems")
_SCHEMA_LISTS: Final = ("allOf", "anyOf", "oneOf")
_SCHEMA_NESTING: Final = frozenset(
    {*_SCHEMA_MAPS, *_SCHEMA_OR_LIST, *_SCHEMA_LISTS, "x-kubernetes-validations", "externalDocs"}
)


def _schema(node: Any, path: str) -> Iterator[str]:
    found: list[str] = []
    _schema_into(node, path, found)
    return iter(found)


def _schema_into(node: Any, path: Any, found: list[str]) -> None:
    """Append the unknown fields of a schema node and those below it to `found`. `path` is a
    string or a (parent, key, name or index or None) triple, made text only for a field found:
    schemas of multi-megabyte CRDs have tens of thousands of nodes, and nearly all are clean."""
    if not isinstance(node, dict):
        return
    keys = node.keys()
    if keys <= _SCHEMA and keys.isdisjoint(_SCHEMA_NESTING):
        return  # a leaf with known fields only, as most nodes are
    text: str | None = None
    for key, value in node.items():
        if key not in _SCHEMA:
            text = text or _path_text(path)
            found.append(f"{text}.{key}")
        elif key in _SCHEMA_MAPS:
            if isinstance(value, dict):
                for name, child in value.items():
                    _schema_into(child, (path, key, name), found)
        elif key in _SCHEMA_OR_LIST:
            if isinstance(value, list):
                for index, child in enumerate(value):
                    _schema_into(child, (path, key, index), found)
            else:
                _schema_into(value, (path, key, None), found)
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            for index, child in enumerate(value):
                _schema_into(child, (path, key, index), found)
        elif key == "x-kubernetes-validations" and isinstance(value, list):
            text = text or _path_text(path)
            for index, rule in enumerate(value):
                found.extend(_fields(rule, _RULE, f"{text}.{key}[{index}]"))
        elif key == "externalDocs":
            text = text or _path_text(path)
            found.extend(_fields(value, _EXTERNAL_DOCS, f"{text}.{key}"))


def _path_text(path: Any) -> str:
    parts: list[str] = []
    while isinstance(path, tuple):
        path, key, sub = path
        parts.append(f".{key}" if sub is None else f".{key}[{sub}]")
    parts.append(path)
    return "".join(reversed(parts))


def _fields(value: Any, known: frozenset[str], path: str) -> Iterator[str]:
    if isinstance(value, dict):
        yield from (f"{path}.{key}" for key in value if key not in known)
