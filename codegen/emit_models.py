"""emit_models: IR -> JSON Schema -> datamodel-code-generator -> pydantic v2 models source.

The JSON Schema handed to datamodel-code-generator carries our class names (`$defs` keys),
our field names (scoped aliases) and only the checks pydantic performs the same way the API
server does (types, required, enum, bounds, lengths). Patterns, formats, defaulting, pruning,
list types and CEL are the runtime's job (`codegen.runtime`), driven by the schema sidecar.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from codegen.ir import Field, Kind, ObjectType, TypeKind, TypeRef
from codegen.models_worker import ModelsJob, render
from codegen.runtime.pointer import node_at

_SCALAR_JSON = {
    TypeKind.STRING: "string",
    TypeKind.INTEGER: "integer",
    TypeKind.NUMBER: "number",
    TypeKind.BOOLEAN: "boolean",
}
_CONSTRAINTS = ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")
# The keywords that apply to a type (kube-openapi checks a string's length, an array's item
# count and a number's bounds, and ignores the others, which CRDs do carry: karpenter puts
# maxLength on an array); dmcg would turn any of them into a pydantic constraint.
_APPLICABLE: dict[TypeKind, tuple[str, ...]] = {
    TypeKind.STRING: ("minLength", "maxLength"),
    TypeKind.INTEGER: ("minimum", "maximum"),
    TypeKind.NUMBER: ("minimum", "maximum"),
    TypeKind.BOOLEAN: (),
    TypeKind.LIST: ("minItems", "maxItems"),
}
_DEFAULT_TYPES: dict[TypeKind, tuple[type, ...]] = {
    TypeKind.STRING: (str,),
    TypeKind.INTEGER: (int,),
    TypeKind.NUMBER: (int, float),
    TypeKind.BOOLEAN: (bool,),
}

META_TYPE = "codegen.runtime.meta.ObjectMeta"


def _constraints(node: Mapping[str, Any], kind: TypeKind) -> dict[str, Any]:
    if node.keys().isdisjoint(_CONSTRAINTS):
        return {}  # most nodes: one set operation instead of six lookups
    found = {
        k: node[k]
        for k in _APPLICABLE[kind]
        if isinstance(node.get(k), (int, float)) and not isinstance(node.get(k), bool)
    }
    for bound in ("minimum", "maximum"):
        value = found.get(bound)
        if value is None or float(value).is_integer():
            continue
        # kube-openapi compares integer data with int64(bound), truncated toward zero
        # (MinimumNativeType): exact for an integer field; a number field's integer data would
        # need both readings, so the walk alone checks it
        if kind is TypeKind.INTEGER and abs(value) < 2**63:
            found[bound] = math.trunc(value)
        else:
            del found[bound]
    # OpenAPI v3.0's boolean exclusive bounds become JSON Schema 2020's numeric ones.
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if node.get(exclusive) is True and bound in found:
            found[exclusive] = found.pop(bound)
    return found


@lru_cache(maxsize=4)
def _parsed(schema_json: str) -> Any:
    return json.loads(schema_json)


def kind_schema(kind: Kind) -> Any:
    """The kind's schema as JSON values, parsed once for the models and the sidecar.

    Shared: callers must not modify it.
    """
    return kind.schema if kind.schema is not None else _parsed(kind.schema_json)


class _SchemaBuilder:
    def __init__(self, kind: Kind) -> None:
        self.schema: Mapping[str, Any] = kind_schema(kind)

    def type_schema(self, ref: TypeRef, node: Mapping[str, Any]) -> dict[str, Any]:
        result: dict[str, Any]
        if ref.kind in _SCALAR_JSON:
            result = {"type": _SCALAR_JSON[ref.kind], **_constraints(node, ref.kind)}
            # A number's enum is left to the walk: kube-openapi converts the value to each enum
            # value's Go type first (1.5 matches an enum of 1, as int64(1.5) == 1).
            if ref.literals and ref.kind is not TypeKind.NUMBER:
                result["enum"] = list(ref.literals)
        elif ref.kind is TypeKind.INT_OR_STRING:
            result = {"anyOf": [{"type": "integer"}, {"type": "string"}]}
        elif ref.kind is TypeKind.OBJECT:
            result = {"$ref": f"#/$defs/{ref.ref}"}
        elif ref.kind is TypeKind.METADATA:
            result = {"customTypePath": META_TYPE}
        elif ref.kind is TypeKind.MAP:
            assert ref.item is not None
            value_node = node.get("additionalProperties")
            value_schema = self.type_schema(
                ref.item, value_node if isinstance(value_node, dict) else {}
            )
            result = {"type": "object", "additionalProperties": value_schema or True}
        elif ref.kind is TypeKind.LIST:
            assert ref.item is not None
            items = node.get("items")
            result = {
                "type": "array",
                "items": self.type_schema(ref.item, items if isinstance(items, dict) else {}),
                **_constraints(node, ref.kind),
            }
        else:
            result = {}
        if ref.nullable and result:
            result = {"anyOf": [result, {"type": "null"}]}
        return result

    def field_schema(self, field: Field, node: Mapping[str, Any]) -> dict[str, Any]:
        result = self.type_schema(field.type, node)
        if field.description:
            result["description"] = _lint_clean(field.description)
        if field.has_default and field.type.kind in _DEFAULT_TYPES:
            value = field.default
            if isinstance(value, _DEFAULT_TYPES[field.type.kind]) and not (
                isinstance(value, bool) and field.type.kind is not TypeKind.BOOLEAN
            ):
                result["default"] = value
        return result

    def object_schema(self, obj: ObjectType) -> dict[str, Any]:
        node = node_at(self.schema, obj.pointer)
        properties: dict[str, Any] = {}
        for field in obj.fields:
            child = (node.get("properties") or {}).get(field.json_name)
            properties[field.json_name] = self.field_schema(
                field, child if isinstance(child, dict) else {}
            )
        result: dict[str, Any] = {
            "type": "object",
            "title": obj.class_name,
            "properties": properties,
            "additionalProperties": obj.open,
        }
        if obj.description:
            result["description"] = _lint_clean(obj.description)
        # A required property with a default is optional to the user (the server defaults it
        # first): a field with its default, as a non-required defaulted one is.
        required = [f.json_name for f in obj.fields if f.user_required]
        if required:
            result["required"] = required
        return result


def json_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema (2020-12 style) datamodel-code-generator turns into the kind's models."""
    builder = _SchemaBuilder(kind)
    defs: dict[str, Any] = {}
    for obj in kind.types[1:]:
        defs[obj.class_name] = builder.object_schema(obj)
    root = builder.object_schema(kind.root)
    root["$defs"] = defs
    return root


def aliases(kind: Kind) -> dict[str, str]:
    """Scoped `Class.jsonName -> py_name` for every field whose Python name differs."""
    result: dict[str, str] = {}
    for obj in kind.types:
        for field in obj.fields:
            if field.py_name != field.json_name:
                result[f"{obj.class_name}.{field.json_name}"] = field.py_name
    return result


def models_job(kind: Kind, header: str) -> ModelsJob:
    """Everything `render` needs, as plain data (it can be sent to another process)."""
    return (
        json.dumps(json_schema(kind), ensure_ascii=False),
        kind.root.class_name,
        aliases(kind),
        header,
    )


def models_source(kind: Kind, header: str) -> str:
    """Pydantic v2 models for one kind at one version (unformatted: `write` formats)."""
    return render(*models_job(kind, header))


@lru_cache(maxsize=16384)  # descriptions recur (shared types, versions)
def _lint_clean(description: str) -> str:
    """A description as datamodel-code-generator may write it into a docstring: tabs expanded
    and no line ending in white space, which ruff refuses (E101, W291). Only the models' docs
    change; the Pulumi modules keep the exact text (`pyliteral.docstring`)."""
    return "\n".join(line.rstrip() for line in description.expandtabs(4).split("\n"))
