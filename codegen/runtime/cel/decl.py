"""The CEL type of `self` derived from a structural schema node (the API server's DeclType).

Objects with properties are structs (fields escaped, inaccessible names left out), objects with
additionalProperties are maps, int-or-string is dyn, string formats byte / date / date-time /
duration become bytes / timestamp / timestamp / duration. Nodes of unknown type (no `type`,
preserve-unknown-fields only) are not visible to CEL at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .escaping import escape

Schema = Mapping[str, Any]

_STRING_FORMATS = {
    "byte": "bytes",
    "date": "timestamp",
    "date-time": "timestamp",
    "duration": "duration",
}
_SCALARS = {"integer": "int", "number": "double", "boolean": "bool"}
_STRING = {"type": "string"}
_UNSELECTABLE = frozenset({"true", "false", "null", "in"})
_TYPE_META = {
    "apiVersion": _STRING,
    "kind": _STRING,
    "metadata": {"type": "object", "properties": {"name": _STRING, "generateName": _STRING}},
}


@dataclass(frozen=True)
class Field:
    json_name: str
    cel_name: str
    node: DeclNode


@dataclass(frozen=True)
class DeclNode:
    """kind: object | map | list | int | double | bool | string | bytes | timestamp | duration | dyn"""

    kind: str
    fields: tuple[Field, ...] = ()
    element: DeclNode | None = None  # list items / map values
    preserve_unknown: bool = False
    nullable: bool = False
    list_type: str = ""  # x-kubernetes-list-type of a list: set | map | atomic ("" = atomic)
    map_keys: tuple[str, ...] = ()  # x-kubernetes-list-map-keys (JSON names)
    string_format: str = ""  # the format of a string converted to bytes/timestamp/duration

    @cached_property
    def known_names(self) -> frozenset[str]:
        """The CEL and JSON names of the fields (other keys pass through unconverted)."""
        return frozenset(f.cel_name for f in self.fields) | {f.json_name for f in self.fields}

    @cached_property
    def field_types(self) -> dict[str, DeclNode]:
        """JSON name -> type of the fields."""
        return {f.json_name: f.node for f in self.fields}


def with_type_meta(schema: Schema) -> Schema:
    """Resources (the root, embedded resources) always expose apiVersion, kind, metadata.name."""
    props = schema.get("properties") or {}
    meta = props.get("metadata") or {}
    meta_props = meta.get("properties") or {}
    if (
        (props.get("kind") or {}).get("type") == "string"
        and (props.get("apiVersion") or {}).get("type") == "string"
        and meta.get("type") == "object"
        and (meta_props.get("name") or {}).get("type") == "string"
        and (meta_props.get("generateName") or {}).get("type") == "string"
    ):
        return schema
    return {**schema, "type": "object", "properties": {**props, **_TYPE_META}}


def build(schema: Schema | None, *, is_resource: bool = False) -> DeclNode | None:
    if schema is None:
        return None
    if is_resource or schema.get("x-kubernetes-embedded-resource"):
        schema = with_type_meta(schema)
    nullable = bool(schema.get("nullable"))
    preserve = bool(schema.get("x-kubernetes-preserve-unknown-fields"))
    if schema.get("x-kubernetes-int-or-string"):
        return DeclNode("dyn", nullable=nullable)
    kind = schema.get("type")
    if kind == "object":
        return _object(schema, nullable, preserve)
    if kind == "array":
        items = build(schema.get("items"))
        if items is None:
            return None
        return DeclNode(
            "list",
            element=items,
            nullable=nullable,
            list_type=str(schema.get("x-kubernetes-list-type") or ""),
            map_keys=tuple(schema.get("x-kubernetes-list-map-keys") or ()),
        )
    if kind == "string":
        fmt = str(schema.get("format", ""))
        if fmt in _STRING_FORMATS:
            return DeclNode(_STRING_FORMATS[fmt], nullable=nullable, string_format=fmt)
        return DeclNode("string", nullable=nullable)
    if kind in _SCALARS:
        return DeclNode(_SCALARS[kind], nullable=nullable)
    return None


def _object(schema: Schema, nullable: bool, preserve: bool) -> DeclNode | None:
    props = schema.get("properties") or {}
    additional = schema.get("additionalProperties")
    if not props and isinstance(additional, Mapping):
        values = build(additional)
        return None if values is None else DeclNode("map", element=values, nullable=nullable)
    fields = []
    for name in props:
        cel_name = escape(name)
        child = build(props[name])
        if cel_name is not None and child is not None:
            fields.append(Field(name, cel_name, child))
            if cel_name == f"__{name}__" and name.isidentifier() and name not in _UNSELECTABLE:
                # The API server also accepts a keyword-named field selected unescaped
                # (`self.metadata.namespace`), which the parser allows after a dot.
                fields.append(Field(name, name, child))
    return DeclNode("object", tuple(fields), None, preserve, nullable)
