"""parse: validated CRDs -> `ir.Package`. Every naming decision is made here, once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from codegen import deprecation, naming
from codegen.ir import Field, Group, Kind, ObjectType, Package, TypeKind, TypeRef, Version
from codegen.load import CrdDocument, CrdVersion
from codegen.runtime.pointer import escape as pointer_escape
from codegen.shapes import ShapeIndex

_ROOT_FIXED = ("apiVersion", "kind", "metadata")
_EMBEDDED_META = {
    "apiVersion": TypeRef(TypeKind.STRING),
    "kind": TypeRef(TypeKind.STRING),
    "metadata": TypeRef(TypeKind.MAP, item=TypeRef(TypeKind.ANY, nullable=True)),
}
_SCALARS: dict[Any, TypeKind] = {
    "string": TypeKind.STRING,
    "integer": TypeKind.INTEGER,
    "number": TypeKind.NUMBER,
    "boolean": TypeKind.BOOLEAN,
}


def _literals(node: Mapping[str, Any]) -> tuple[str | int | bool, ...]:
    enum = node.get("enum")
    if not isinstance(enum, list) or not enum:
        return ()
    # Literal[...] can only carry str/int/bool; other enums are enforced by the runtime alone.
    if all(isinstance(v, (str, int, bool)) for v in enum):
        unique: dict[tuple[str, Any], str | int | bool] = {}
        for value in enum:
            unique.setdefault((type(value).__name__, value), value)
        return tuple(unique.values())
    return ()


class _KindParser:
    """Walks one version's schema, creating one ObjectType per distinct object shape.

    Identical subtrees (see `codegen.shapes`) share the class of their first occurrence; the
    other places they occur are recorded (`ObjectType.also_at`) for the runtime's name maps.
    """

    def __init__(self, kind_class: str, namer: naming.ClassNamer) -> None:
        self.kind_class = kind_class
        self.namer = namer
        self.types: list[ObjectType] = []
        self.shapes = ShapeIndex()
        self.by_shape: dict[Any, str] = {}
        self.also_at: dict[str, list[str]] = {}

    def type_of(self, node: Any, pointer: str, path: Sequence[str]) -> TypeRef:
        if not isinstance(node, dict):
            return TypeRef(TypeKind.ANY, nullable=True)
        nullable = node.get("nullable") is True
        if node.get("x-kubernetes-int-or-string") is True:
            return TypeRef(TypeKind.INT_OR_STRING, nullable=nullable)
        node_type = node.get("type")
        scalar = _SCALARS.get(node_type)  # the most common nodes first
        if scalar is not None:
            return TypeRef(scalar, nullable, None, None, _literals(node))
        if node_type == "object":
            properties = node.get("properties")
            if isinstance(properties, dict) and properties:
                class_name = self.object_type(node, pointer, path)
                return TypeRef(TypeKind.OBJECT, nullable=nullable, ref=class_name)
            additional = node.get("additionalProperties")
            if isinstance(additional, dict):
                value = self.type_of(additional, f"{pointer}/additionalProperties", path)
                return TypeRef(TypeKind.MAP, nullable=nullable, item=value)
            return TypeRef(
                TypeKind.MAP, nullable=nullable, item=TypeRef(TypeKind.ANY, nullable=True)
            )
        if node_type == "array":
            item = self.type_of(node.get("items"), f"{pointer}/items", path)
            return TypeRef(TypeKind.LIST, nullable=nullable, item=item)
        # An untyped node (only valid with preserve-unknown-fields) takes any value, even when
        # it has properties (checked by the runtime when the value is an object): no class.
        return TypeRef(TypeKind.ANY, nullable=True)

    def fields_of(
        self,
        node: Mapping[str, Any],
        pointer: str,
        path: Sequence[str],
        taken: Sequence[str] = (),
    ) -> tuple[Field, ...]:
        """The fields of object `node`, named apart from each other and from `taken` (the
        root's apiVersion, kind and metadata, which are not among its properties here)."""
        properties: Mapping[str, Any] = node.get("properties") or {}
        required = set(node.get("required") or [])
        # An embedded resource keeps its apiVersion, kind and metadata whatever its schema
        # declares (pruning's metaFields; the runtime checks them): fields the schema leaves out
        implicit = (
            [name for name in _ROOT_FIXED if name not in properties]
            if node.get("x-kubernetes-embedded-resource") is True
            else []
        )
        names = naming.field_names([*taken, *implicit, *properties])
        fields = [
            Field(name, names[name], _EMBEDDED_META[name], False, None, False, None)
            for name in implicit
        ]
        for json_name, child in properties.items():
            child_pointer = f"{pointer}/properties/{pointer_escape(json_name)}"
            child_type = self.type_of(child, child_pointer, [*path, json_name])
            child_dict = child if isinstance(child, dict) else {}
            description = child_dict.get("description")
            fields.append(
                Field(
                    json_name=json_name,
                    py_name=names[json_name],
                    type=child_type,
                    required=json_name in required,
                    description=description if isinstance(description, str) else None,
                    has_default="default" in child_dict,
                    default=child_dict.get("default"),
                )
            )
        return tuple(fields)

    def object_type(self, node: Mapping[str, Any], pointer: str, path: Sequence[str]) -> str:
        shape = self.shapes.object_key(node)
        known = self.by_shape.get(shape)
        if known is not None:
            self.also_at.setdefault(known, []).append(pointer)
            return known
        class_name = self.namer.claim(naming.class_name_for(self.kind_class, path))
        self.by_shape[shape] = class_name
        index = len(self.types)
        self.types.append(
            ObjectType(class_name, pointer, "", None, (), False)
        )  # placeholder keeps order
        description = node.get("description")
        obj = ObjectType(
            class_name=class_name,
            pointer=pointer,
            path=".".join(path),
            description=description if isinstance(description, str) else None,
            fields=self.fields_of(node, pointer, path),
            open=node.get("x-kubernetes-preserve-unknown-fields") is True,
        )
        self.types[index] = obj
        return class_name

    def root(
        self, schema: Mapping[str, Any], kind: str, api_version: str, *, keep_status: bool
    ) -> tuple[ObjectType, tuple[Field, ...]]:
        root_class = self.kind_class  # claimed up front for every kind of the version
        self.types.append(ObjectType(root_class, "", "", None, (), False))
        properties: Mapping[str, Any] = schema.get("properties") or {}
        others = [name for name in properties if name not in _ROOT_FIXED]
        names = naming.field_names([*_ROOT_FIXED, *others])
        fields = [
            Field(
                "apiVersion",
                names["apiVersion"],
                TypeRef(TypeKind.STRING, literals=(api_version,)),
                True,
                None,
                False,
                None,
            ),
            Field(
                "kind",
                names["kind"],
                TypeRef(TypeKind.STRING, literals=(kind,)),
                True,
                None,
                False,
                None,
            ),
            Field(
                "metadata", names["metadata"], TypeRef(TypeKind.METADATA), False, None, False, None
            ),
        ]
        own = self.fields_of(
            {
                "properties": {n: properties[n] for n in others},
                "required": schema.get("required") or [],
            },
            "",
            [],
            taken=_ROOT_FIXED,
        )
        fields.extend(own)
        description = schema.get("description")
        root = ObjectType(
            class_name=root_class,
            pointer="",
            path="",
            description=description if isinstance(description, str) else None,
            fields=tuple(fields),
            # A root that keeps unknown fields keeps unknown top-level fields too (katib's
            # Experiment is nothing else): pruning stops there, at the root as anywhere.
            open=schema.get("x-kubernetes-preserve-unknown-fields") is True,
        )
        self.types[0] = root
        self.types = [
            replace(t, also_at=tuple(self.also_at[t.class_name]))
            if t.class_name in self.also_at
            else t
            for t in self.types
        ]
        # `status` is no input where the status subresource drops it from every create
        top_level = tuple(f for f in own if keep_status or f.json_name != "status")
        return root, top_level


def _kind(crd: CrdDocument, version: CrdVersion, kind_class: str, namer: naming.ClassNamer) -> Kind:
    parser = _KindParser(kind_class, namer)
    plain = parser.shapes.add_tree(version.schema)
    root, top_level = parser.root(
        version.schema,
        crd.kind,
        f"{crd.group}/{version.name}",
        keep_status=not version.status_subresource,
    )
    types = tuple(parser.types)
    return Kind(
        kind=crd.kind,
        group=crd.group,
        version=version.name,
        plural=crd.plural,
        singular=crd.singular,
        list_kind=crd.list_kind,
        short_names=crd.short_names,
        scope=crd.scope,
        storage=version.storage,
        deprecated=version.deprecated,
        deprecation_warning=deprecation.server_warning(crd, version.name),
        status_subresource=version.status_subresource,
        source=crd.source,
        module=naming.module_name(crd.kind),
        root=root,
        types=types,
        top_level=top_level,
        storage_version=next((v.name for v in crd.versions if v.storage), ""),
        scale=version.scale,
        schema=version.schema,
        schema_plain=plain,
    )


def _unique_packages(names: Sequence[str], make: Any) -> dict[str, str]:
    """Give each distinct name a distinct package name, first come first served (sorted input)."""
    taken: set[str] = set()
    result: dict[str, str] = {}
    for name in sorted(set(names)):
        base = make(name)
        candidate, index = base, 2
        while candidate in taken:
            candidate = f"{base}_{index}"
            index += 1
        taken.add(candidate)
        result[name] = candidate
    return result


def build_package(crds: Sequence[CrdDocument]) -> Package:
    """Turn CRDs into the IR: one Group per API group, one Version per served version."""
    group_packages = _unique_packages([c.group for c in crds], naming.group_package)
    served: dict[str, dict[str, list[tuple[CrdDocument, CrdVersion]]]] = {}
    for crd in sorted(crds, key=lambda c: (c.group, c.kind)):
        for version in crd.versions:
            if version.served:
                served.setdefault(crd.group, {}).setdefault(version.name, []).append((crd, version))
    by_group: dict[str, dict[str, list[Kind]]] = {}
    for group_name, versions_of_group in served.items():
        for version_name, entries in versions_of_group.items():
            # One namer per version: class names are unique across all kinds of a version,
            # and every kind's own name is claimed before any nested type can take it.
            namer = naming.ClassNamer()
            roots = [
                namer.claim(naming.pascal_case(crd.kind) or "Resource", resource=True)
                for crd, _ in entries
            ]
            by_group.setdefault(group_name, {})[version_name] = [
                _kind(crd, version, root, namer)
                for (crd, version), root in zip(entries, roots, strict=True)
            ]
    groups: list[Group] = []
    for group_name in sorted(by_group):
        versions_map = by_group[group_name]
        version_packages = _unique_packages(list(versions_map), naming.module_name)
        versions = []
        for version_name in sorted(versions_map):
            kinds = sorted(versions_map[version_name], key=lambda k: k.kind)
            modules = _unique_packages([k.kind for k in kinds], _kind_module)
            kinds = [_with_module(k, modules[k.kind]) for k in kinds]
            versions.append(Version(version_name, version_packages[version_name], tuple(kinds)))
        groups.append(Group(group_name, group_packages[group_name], tuple(versions)))
    return Package(groups=tuple(groups), sources=tuple(sorted({c.source for c in crds})))


def _kind_module(kind: str) -> str:
    """A kind's module name: not one of its version's own modules (`models`, `_inputs`); made
    unique among the version's kinds by `_unique_packages` (`Models` and `ModelsKind`)."""
    module = naming.module_name(kind)
    return f"{module}_kind" if module in ("models", "_inputs") else module


def _with_module(kind: Kind, module: str) -> Kind:
    if kind.module == module:
        return kind
    return replace(kind, module=module)
