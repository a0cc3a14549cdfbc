"""emit_models: IR -> JSON Schema -> datamodel-code-generator -> pydantic v2 models source.

The JSON Schema handed to datamodel-code-generator carries our class names (`$defs` keys),
our field names (scoped aliases) and only the checks pydantic performs the same way the API
server does (types, required, enum, bounds, lengths). Patterns, formats, defaulting, pruning,
list types and CEL are the runtime's job (`codegen.runtime`), driven by the schema sidecar.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from datamodel_code_generator import InputFileType, LiteralType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType, StrictTypes
from datamodel_code_generator.format import Formatter

from codegen.ir import Field, Kind, ObjectType, TypeKind, TypeRef
from codegen.runtime.pointer import node_at

MODEL_BASE = "codegen.runtime.model.K8sModel"
_SCALAR_JSON = {
    TypeKind.STRING: "string",
    TypeKind.INTEGER: "integer",
    TypeKind.NUMBER: "number",
    TypeKind.BOOLEAN: "boolean",
}
_CONSTRAINTS = ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")
_DEFAULT_TYPES: dict[TypeKind, tuple[type, ...]] = {
    TypeKind.STRING: (str,),
    TypeKind.INTEGER: (int,),
    TypeKind.NUMBER: (int, float),
    TypeKind.BOOLEAN: (bool,),
}

META_TYPE = "codegen.runtime.meta.ObjectMeta"


def _constraints(node: Mapping[str, Any]) -> dict[str, Any]:
    found = {
        k: node[k]
        for k in _CONSTRAINTS
        if isinstance(node.get(k), (int, float)) and not isinstance(node.get(k), bool)
    }
    # OpenAPI v3.0's boolean exclusive bounds become JSON Schema 2020's numeric ones.
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if node.get(exclusive) is True and bound in found:
            found[exclusive] = found.pop(bound)
    return found


class _SchemaBuilder:
    def __init__(self, kind: Kind) -> None:
        self.schema: Mapping[str, Any] = json.loads(kind.schema_json)

    def type_schema(self, ref: TypeRef, node: Mapping[str, Any]) -> dict[str, Any]:
        result: dict[str, Any]
        if ref.kind in _SCALAR_JSON:
            result = {"type": _SCALAR_JSON[ref.kind], **_constraints(node)}
            if ref.literals:
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
                **_constraints(node),
            }
        else:
            result = {}
        if ref.nullable and result:
            result = {"anyOf": [result, {"type": "null"}]}
        return result

    def field_schema(self, field: Field, node: Mapping[str, Any]) -> dict[str, Any]:
        result = self.type_schema(field.type, node)
        if field.description:
            result["description"] = field.description
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
            result["description"] = obj.description
        required = [f.json_name for f in obj.fields if f.required]
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


def models_source(kind: Kind, header: str) -> str:
    """Pydantic v2 models for one kind at one version (unformatted; `write` formats)."""
    result = generate(
        json.dumps(json_schema(kind), ensure_ascii=False),
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        class_name=kind.root.class_name,
        base_class=MODEL_BASE,
        aliases=aliases(kind),
        enum_field_as_literal=LiteralType.All,
        field_constraints=True,
        use_annotated=True,
        strict_types=[StrictTypes.str, StrictTypes.int, StrictTypes.float, StrictTypes.bool],
        use_standard_collections=True,
        use_union_operator=True,
        disable_timestamp=True,
        allow_population_by_field_name=True,
        use_double_quotes=True,
        use_schema_description=True,
        use_field_description=True,
        custom_file_header=header,
        formatters=[Formatter.RUFF_FORMAT],
    )
    if not isinstance(result, str):  # pragma: no cover - one schema always gives one module
        raise TypeError("datamodel-code-generator returned several modules for one schema")
    return result
