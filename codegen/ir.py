"""The compiler's intermediate representation: frozen, typed, every name already resolved.

Emitters read only this; they never look at raw schema dicts (the one exception is the
schema text a kind carries verbatim for the runtime validator).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


class TypeKind(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    INT_OR_STRING = "int-or-string"
    OBJECT = "object"  # a generated class
    MAP = "map"  # additionalProperties: string keys, `item` values
    LIST = "list"
    ANY = "any"  # free-form (preserve-unknown-fields, untyped)
    METADATA = "metadata"  # Kubernetes ObjectMeta of the root resource


@dataclass(frozen=True)
class TypeRef:
    kind: TypeKind
    nullable: bool = False
    ref: str | None = None  # class name when kind is OBJECT
    item: TypeRef | None = None  # element of LIST, value of MAP
    literals: tuple[str | int | bool, ...] = ()  # enum values a Literal[...] can carry


@dataclass(frozen=True)
class Field:
    json_name: str
    py_name: str
    type: TypeRef
    required: bool
    description: str | None
    has_default: bool
    default: Any  # JSON value; only meaningful when has_default

    @property
    def user_required(self) -> bool:
        """Whether a user must give the field: `required`, and no default fills it in.

        The API server defaults an object before it validates it, so a required property with
        a (non-null: a null default is none) default is never missing there: to the user it is
        optional, like any other defaulted field. `required` is what the CRD says (the schema
        the runtime checks keeps it).
        """
        return self.required and not (self.has_default and self.default is not None)


@dataclass(frozen=True)
class ObjectType:
    class_name: str
    pointer: str  # JSON pointer of the node inside the version's openAPIV3Schema
    path: str  # human-readable path, e.g. "spec.model"
    description: str | None
    fields: tuple[Field, ...]
    open: bool  # x-kubernetes-preserve-unknown-fields: unknown keys are kept
    also_at: tuple[str, ...] = ()  # pointers of identical copies of this node (same class)


class _SchemaText:
    """`Kind.schema_json`: the text it was given, or else `Kind.schema` encoded on first read.

    Only a kind's identity (its repr, the incremental compile's key) reads the text, and
    encoding a large schema costs a third of parsing it: a compile that never asks saves it.
    """

    def __get__(self, kind: Kind | None, owner: type[Kind] | None = None) -> str:
        if kind is None:
            return ""  # the field's default: not given
        text: str = kind.__dict__.get("schema_json", "")
        if not text:
            text = json.dumps(kind.schema, ensure_ascii=False, separators=(",", ":"))
            kind.__dict__["schema_json"] = text
        return text

    def __set__(self, kind: Kind, text: str) -> None:
        if text:
            kind.__dict__["schema_json"] = text


@dataclass(frozen=True)
class Kind:
    """One kind at one served version."""

    kind: str
    group: str
    version: str
    plural: str
    singular: str
    list_kind: str
    short_names: tuple[str, ...]
    scope: str
    storage: bool
    deprecated: bool
    deprecation_warning: str | None  # the server's text (`deprecation.server_warning`)
    status_subresource: bool
    source: str  # CRD file the kind comes from
    module: str  # python module name of the kind (snake_case)
    root: ObjectType  # the custom resource itself
    types: tuple[ObjectType, ...]  # every object type, root first, document order
    top_level: tuple[Field, ...]  # resource inputs besides apiVersion/kind/metadata (and a
    # status the status subresource drops)
    # The version's openAPIV3Schema, canonical JSON text: encoded from `schema` when not given.
    schema_json: _SchemaText = _SchemaText()
    storage_version: str = ""  # the CRD's storage version (the one etcd holds)
    # the version's `subresources.scale` (in the sidecar: the server's checks of its paths)
    scale: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)
    # The same schema as JSON values (what `schema_json` decodes to), kept so emitters need
    # not decode the text again. Not part of the kind's identity: `schema_json` is.
    schema: Any = field(default=None, compare=False, repr=False)
    # True when `schema` holds only dicts, lists, strings, ints, booleans and nulls: no float,
    # the one JSON value that encoders write differently (`1e-07`, `1e-7`; see layout.sidecar).
    schema_plain: bool = field(default=False, compare=False, repr=False)

    @property
    def deprecation_message(self) -> str:
        """The warning of a deprecated version: the server's, or when the CRD sets it empty (the
        server then sends none), the default without a newer version."""
        return self.deprecation_warning or f"{self.api_version} {self.kind} is deprecated"

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}"

    @cached_property  # asked for by every Pulumi module of the kind
    def input_types(self) -> tuple[ObjectType, ...]:
        """Object types reachable from the resource inputs (spec and friends): Args classes."""
        by_name = {t.class_name: t for t in self.types}
        seen: dict[str, ObjectType] = {}
        stack = [f.type for f in reversed(self.top_level)]
        while stack:
            ref = stack.pop()
            if ref.kind is TypeKind.OBJECT and ref.ref is not None and ref.ref not in seen:
                obj = by_name[ref.ref]
                seen[ref.ref] = obj
                stack.extend(f.type for f in reversed(obj.fields))
            elif ref.item is not None:
                stack.append(ref.item)
        return tuple(t for t in self.types if t.class_name in seen)


@dataclass(frozen=True)
class Version:
    name: str
    package: str
    kinds: tuple[Kind, ...]


@dataclass(frozen=True)
class Group:
    name: str
    package: str
    versions: tuple[Version, ...]


@dataclass(frozen=True)
class Package:
    groups: tuple[Group, ...]
    sources: tuple[str, ...]
