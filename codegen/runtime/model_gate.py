"""The gate, building the generated model directly: one pydantic-core pass for a valid object.

:mod:`codegen.runtime.gate` returns the walk's processed dict; a model is then built from it by a
second pydantic-core pass.  When no CEL rule needs that dict, both passes can be one: this module
builds, per generated class, a validator that checks what the gate checks *and* builds what the
class's own validator would build from the gate's value (same classes, values, types and
``model_fields_set``).  It walks the class's core schema and the CRD schema side by side:

- a model: the class's own model schema, its fields converted one by one; a Python hook per
  object refuses anything but a dict and puts the CRD's defaults in as given keys (so they
  count as set, as they do when the walk's value is validated);
- a value that builds no model and converts nothing: the gate's schema for it (pydantic would
  return it unchanged);
- anything else (floats, which pydantic converts; list-type sets and maps of objects; nodes the
  gate hands to the walk; shapes this module does not know): the gate's schema for the subtree,
  then the class's own schema on its value, which is exact by construction.

Whatever does not line up (a field with no CRD property, a required property the class does not
require, a literal ``apiVersion`` that is not the CRD's) means no model gate for that class.
``tests/runtime/test_model_gate.py`` compares both paths on edge cases, mutations and the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import methodcaller
from typing import Any, Final

from pydantic_core import PydanticCustomError, SchemaValidator
from pydantic_core import core_schema as cs

from codegen.runtime.gate import (
    MISS,
    Gate,
    _always_refuse,
    _bare_object,
    _Builder,
    _meta_schema,
    _plain,
    _presence_split,
    _processed_default,
    _refuse,
    _strict_copy,
    _Unsupported,
    _verbatim,
    status_dropper,
)
from codegen.runtime.meta import ObjectMeta
from codegen.runtime.meta_gate import constrained_object_meta, object_meta_rules
from codegen.runtime.structural import Node

__all__ = ["build_model_gate"]

# Strict scalar schemas return their input unchanged; their constraints (bounds, lengths, a
# literal for an enum) come from the same CRD node, whose checks the gate makes exactly.
_IDENTITY: Final = frozenset(("str", "int", "bool", "literal"))
_IDENTITY_KEYS: Final = frozenset(
    ("type", "strict", "ref", "metadata", "serialization", "expected", "min_length", "max_length")
) | {"ge", "le", "gt", "lt"}


class _Mismatch(_Unsupported):
    """The class and the CRD schema do not line up here."""


class _ModelBuilder:
    def __init__(
        self, core: Mapping[str, Any], *, drop_status: bool, type_meta: dict[str, str]
    ) -> None:
        self.gate = _Builder(root=False, drop_status=False)
        self.drop_status = drop_status
        self.type_meta = type_meta
        self.core_defs: dict[str, Any] = {}
        self.defs: dict[str, Any] = {}
        self.memo: dict[tuple[int, int], str] = {}
        self._collect(core)

    # ------------------------------------------------------------------ class schema

    def _collect(self, schema: Any) -> None:
        """Every named definition of the class's core schema, by ref."""
        if isinstance(schema, dict):
            if schema.get("type") != "definition-ref" and isinstance(schema.get("ref"), str):
                self.core_defs[schema["ref"]] = schema
            for value in schema.values():
                self._collect(value)
        elif isinstance(schema, list):
            for value in schema:
                self._collect(value)

    def resolve(self, t: Mapping[str, Any]) -> Mapping[str, Any]:
        while True:
            kind = t.get("type")
            if kind == "definition-ref":
                t = self.core_defs[t["schema_ref"]]
            elif kind == "definitions":
                t = t["schema"]
            else:
                return t

    # ------------------------------------------------------------------ values

    def member(self, t: Mapping[str, Any], node: Node) -> Any:
        """A present value (null where both the CRD and the class allow it)."""
        t = self.resolve(t)
        class_nullable = t.get("type") == "nullable"
        if class_nullable:
            t = self.resolve(t["schema"])
        schema = self.value(t, node)
        if class_nullable and node.nullable and node.fx_null:
            return cs.nullable_schema(schema)
        return schema

    def value(self, t: Mapping[str, Any], node: Node) -> Any:
        kind = t.get("type")
        if kind == "any" or self.identity(t):
            return self.gate.value(node)  # pydantic returns the value as it is
        if kind == "model" and self.plain_object(node):
            return self.model(t, node)
        split = _presence_split(node)
        if kind == "model" and split is not None and self.plain_object(split[0]):
            core, presence = split
            return cs.no_info_before_validator_function(presence, self.model(t, core))
        if kind == "list" and self.plain_list(node):
            items = node.items
            assert items is not None
            unique = None
            if node.list_type in ("set", "map"):
                unique = _unique_items_check(node)
                if unique is None:
                    return self.through(t, node)  # checked on wire values
            listed = cs.list_schema(
                self.member(t["items_schema"], items),
                min_length=node.min_items,
                max_length=node.max_items,
                strict=True,
            )
            if unique is None:
                return listed
            return cs.no_info_before_validator_function(unique, listed)
        if kind == "dict" and self.plain_map(node):
            additional = node.additional
            assert additional is not None
            return cs.dict_schema(
                cs.str_schema(strict=True),
                self.member(t.get("values_schema", {"type": "any"}), additional),
                min_length=node.min_properties,
                max_length=node.max_properties,
                strict=True,
            )
        return self.through(t, node)

    def identity(self, t: Mapping[str, Any]) -> bool:
        kind = t.get("type")
        if kind == "union":
            choices = [c if isinstance(c, dict) else c[0] for c in t.get("choices", ())]
            return bool(choices) and all(self.identity(self.resolve(c)) for c in choices)
        return kind in _IDENTITY and _IDENTITY_KEYS.issuperset(t)

    def through(self, t: Mapping[str, Any], node: Node) -> Any:
        """The gate's value for the subtree, then the class's own schema on it."""
        return cs.chain_schema([self.gate.value(node), self.own(t)])

    def own(self, t: Mapping[str, Any]) -> Any:
        """The class's own schema for a subtree, its named parts referred to by name."""
        if isinstance(t.get("ref"), str):
            return cs.definition_reference_schema(t["ref"])
        return _refs_by_name(t)

    def object_meta(self, t: Mapping[str, Any]) -> Any:
        """The root's ``metadata``: ObjectMeta built with the server's rules in Rust
        (:mod:`codegen.runtime.meta_gate`), from a dict only (a null, or an ObjectMeta
        instance, is the walk's to judge); a missing one keeps the class default."""
        if t.get("type") == "default":
            return {**t, "schema": self.object_meta(t["schema"])}
        if t.get("type") == "nullable":
            return self.object_meta(t["schema"])
        model = self.resolve(t)
        if model.get("type") == "function-after":  # ObjectMeta's own no-op validator
            model = self.resolve(model["schema"])
        if model.get("type") != "model" or model.get("cls") is not ObjectMeta:
            raise _Mismatch("metadata is not ObjectMeta")
        one_pass = constrained_object_meta({**model, "schema": self.resolve(model["schema"])})
        if one_pass is None:  # the rules first, then ObjectMeta's own validator
            return cs.chain_schema([_META_RULES, self.own(t)])
        return cs.chain_schema([_DICT_ONLY, one_pass])

    def plain_object(self, node: Node) -> bool:
        return (
            node.types == ("object",)
            and _plain(node)
            and node.enum is None
            and not node.embedded
            and node.properties is not None
            and node.additional is None
            and node.additional_allows is None
            and node.min_properties is None
            and node.max_properties is None
        )

    def plain_list(self, node: Node) -> bool:
        return (
            node.types == ("array",)
            and _plain(node)
            and node.enum is None
            and node.items is not None
            and node.raw.get("uniqueItems") is not True
            and not node.preserve_unknown
        )

    def plain_map(self, node: Node) -> bool:
        return (
            node.types == ("object",)
            and _plain(node)
            and node.enum is None
            and not node.embedded
            and not node.properties
            and node.additional is not None
        )

    # ------------------------------------------------------------------ models

    def model(self, t: Mapping[str, Any], node: Node, *, root: bool = False) -> Any:
        key = (id(t), id(node))
        name = self.memo.get(key)
        if name is None:
            name = f"{t.get('ref', t.get('cls'))}@{self.gate.key(node)}"
            self.memo[key] = name
            if name not in self.defs:
                self.defs[name] = {"type": "any"}  # placeholder while building
                self.defs[name] = {**self.build_model(t, node, root=root), "ref": name}
        return cs.definition_reference_schema(name)

    def build_model(self, t: Mapping[str, Any], node: Node, *, root: bool) -> Any:
        fields_schema = self.resolve(t["schema"])
        if fields_schema.get("type") != "model-fields" or t.get("custom_init"):
            raise _Mismatch("not a plain model")
        if fields_schema.get("computed_fields") or t.get("post_init"):
            raise _Mismatch("computed fields or post-init")
        props = node.properties or {}
        fields = fields_schema["fields"]
        by_wire: dict[str, tuple[str, Mapping[str, Any]]] = {}
        for py_name, field in fields.items():
            wire = field.get("validation_alias", py_name)
            if not isinstance(wire, str):
                raise _Mismatch("an alias that is not one name")
            by_wire[wire] = (py_name, field)
        # a resource root's class has apiVersion/kind/metadata even where the schema has not
        implied = {"apiVersion", "kind", "metadata"} if root else set()
        if not set(props) <= set(by_wire) or not set(by_wire) - set(props) <= implied:
            raise _Mismatch("fields and properties differ")
        extra = (t.get("config") or {}).get("extra_fields_behavior", "ignore")
        if extra != ("allow" if node.preserve_unknown else "forbid"):
            raise _Mismatch("extra behaviour differs")
        required = set(node.required)
        new_fields: dict[str, Any] = {}
        defaults: list[tuple[str, Any]] = []
        marked: list[str] = []
        scalars: list[tuple[str, str, Any, Any]] = []  # py name, wire name, value, field
        for wire, (py_name, field) in by_wire.items():
            prop = props.get(wire)
            schema = field["schema"]
            default = None
            if schema.get("type") == "default":
                default, schema = schema, schema["schema"]
            if wire in required and default is not None and not (prop and prop.has_default):
                # the CRD requires what the class defaults (metadata, usually): the gate
                # requires it too, and a missing key takes the walk, which reports it
                default = None
            converted: Any
            if root and wire == "metadata":
                if prop is None or _bare_object(prop):
                    converted = self.object_meta(schema)
                else:
                    converted = cs.chain_schema(
                        [_meta_schema(prop, rebuilt=True), self.own(schema)]
                    )
            elif root and wire in ("apiVersion", "kind"):
                if self.resolve(schema) != {"type": "literal", "expected": [self.type_meta[wire]]}:
                    raise _Mismatch("apiVersion/kind literal differs")
                first = _verbatim() if prop is None else self.gate.value(prop)
                converted = cs.chain_schema([first, self.own(schema)])
            elif root and self.drop_status and wire == "status":
                converted = cs.no_info_plain_validator_function(_always_refuse)
            elif prop is None:
                raise _Mismatch("a field with no property")
            else:
                converted = self.member(schema, prop)
            if (
                prop is not None
                and prop.has_default
                and not (root and self.drop_status and wire == "status")
            ):
                value = _processed_default(prop)
                if value is MISS:
                    raise _Mismatch("an invalid default")
                if type(value) in _IMMUTABLE and self.identity(self.unwrapped(schema)):
                    # what pydantic would return for it is the value itself: a Rust default,
                    # counted as given afterwards (the walk puts defaults in as keys)
                    hooked = {**default, "schema": converted} if default is not None else converted
                    scalars.append((py_name, wire, value, {**field, "schema": hooked}))
                    converted = cs.with_default_schema(converted, default=value)
                    default = None
                    marked.append(py_name)
                else:
                    defaults.append((wire, value))
            if default is not None:
                converted = {**default, "schema": converted}
            new_fields[py_name] = {**field, "schema": converted}
        if defaults and scalars:
            # a hook runs anyway: it puts the scalar defaults in too, and no marker is needed
            for py_name, wire, value, hooked_field in scalars:
                new_fields[py_name] = hooked_field
                defaults.append((wire, value))
            marked.clear()
        fields_copy = {**fields_schema, "fields": new_fields}
        if node.preserve_unknown:
            fields_copy["extras_schema"] = cs.no_info_plain_validator_function(_strict_copy)
        model = {k: v for k, v in t.items() if k != "ref"}
        # JSON names only: a Python name is translated by the walk (the gate refuses it)
        model["config"] = {**(t.get("config") or {}), "validate_by_name": False}
        model["schema"] = fields_copy
        built: Any
        if defaults:
            built = cs.no_info_before_validator_function(_object_hook(defaults), model)
        else:
            # only a dict: a model instance would pass unchecked (checked in Rust, no call)
            built = cs.chain_schema([_DICT_ONLY, model])
        if marked:
            built = cs.no_info_after_validator_function(_marker(frozenset(marked)), built)
        return built

    def unwrapped(self, t: Mapping[str, Any]) -> Mapping[str, Any]:
        """A field's schema without its class default and nullable wrappers."""
        t = self.resolve(t)
        while t.get("type") in ("default", "nullable"):
            t = self.resolve(t["schema"])
        return t


_IMMUTABLE: Final = frozenset((str, int, bool))
_DICT_ONLY: Final = cs.is_instance_schema(dict)
_META_RULES: Final = object_meta_rules()


def _marker(names: frozenset[str]) -> Callable[[Any], Any]:
    """Rust-defaulted fields counted as set, as the walk's inserted keys are."""

    def mark(m: Any) -> Any:
        m.__pydantic_fields_set__.update(names)
        return m

    return mark


_SCALAR_TYPES: Final = frozenset((("string",), ("integer",), ("number",), ("boolean",)))


def _unique_items_check(node: Node) -> Callable[[Any], Any] | None:
    """A list-type set of scalars, or a list-type map of objects: its items distinct, checked on
    the input before the models are built (map keys take their defaults when missing, as they
    do before the server's check).  Anything it cannot tell goes to the walk: duplicates, and
    Python's coarser equality (``1 == 1.0 == True``).  None: a set of objects (`through`)."""
    items = node.items
    assert items is not None
    if node.list_type == "set":
        if items.types not in _SCALAR_TYPES:
            return None

        def distinct_values(v: Any) -> Any:
            if type(v) is list:
                try:
                    if len(set(v)) != len(v):
                        raise _refuse()
                except TypeError:  # unhashable: not a scalar, which the items refuse
                    pass
            return v

        return distinct_values
    keys = node.list_map_keys
    props = items.properties or {}
    if not keys or items.types != ("object",) or not all(k in props for k in keys):
        return None
    fills = []
    for k in keys:
        fill = _processed_default(props[k]) if props[k].has_default else None
        if fill is MISS or type(fill) not in (str, int, bool, type(None)):
            return None
        fills.append(fill)
    pairs = tuple(zip(keys, fills, strict=True))
    # the usual map, keyed by one name: its keys read without a Python frame per item
    single = methodcaller("get", *pairs[0]) if len(pairs) == 1 else None

    def distinct_keys(v: Any) -> Any:
        if type(v) is list:
            try:
                if single is not None:
                    seen = set(map(single, v))
                else:
                    seen = {tuple([x.get(k, f) for k, f in pairs]) for x in v}
            except (TypeError, AttributeError):  # not an object, or an unhashable key
                return v  # refused there
            if len(seen) != len(v):
                raise _refuse()
        return v

    return distinct_keys


def _object_hook(defaults: list[tuple[str, Any]]) -> Callable[[Any], Any]:
    """Only a dict (a model instance would pass unchecked); the CRD's defaults as given keys.
    (An object with no defaults to put in takes a Rust dict check instead: `_DICT_ONLY`.)"""
    # Put in as they are, not copied: they are the Rust pass's input, and its output never
    # shares a container with its input (every object, list and map is built anew, free-form
    # values are copied)
    keyed = tuple(defaults)

    def with_defaults(v: Any) -> Any:
        if type(v) is not dict:
            raise _refuse()
        out = None
        for key, value in keyed:
            if key not in v:
                if out is None:
                    out = dict(v)
                out[key] = value
        return v if out is None else out

    return with_defaults


def _refs_by_name(schema: Any, top: bool = True) -> Any:
    """A copy where every nested named schema is a reference to its definition."""
    if isinstance(schema, dict):
        if (
            not top
            and isinstance(schema.get("ref"), str)
            and schema.get("type") != "definition-ref"
        ):
            return cs.definition_reference_schema(schema["ref"])
        return {k: _refs_by_name(v, False) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_refs_by_name(v, False) for v in schema]
    return schema


def build_model_gate(
    core_schema: Mapping[str, Any],
    node: Node,
    *,
    root: bool,
    drop_status: bool,
    type_meta: tuple[str, str] | None,
) -> Gate | None:
    """The model gate of a class (its core schema without the wrap validators) at `node`.

    `type_meta`: the (apiVersion, kind) the server accepts without a closer look; required for
    a resource root.
    """
    if root and type_meta is None:
        return None
    try:
        builder = _ModelBuilder(
            core_schema,
            drop_status=drop_status,
            type_meta=dict(zip(("apiVersion", "kind"), type_meta or ("", ""), strict=True)),
        )
        t = builder.resolve(core_schema)
        if t.get("type") != "model" or not builder.plain_object(node) or not node.fx_subtree:
            return None
        top = builder.model(t, node, root=root)
        defs = list(builder.defs.values()) + list(builder.gate.defs.values())
        # the class's own named schemas, for the parts that go `through` them
        defs.extend(_refs_by_name(v) for v in builder.core_defs.values())
        schema = cs.definitions_schema(top, defs)
        gate = Gate(SchemaValidator(schema))
        dropper = status_dropper(node) if root and drop_status else None
        # `status` under the status subresource: the caller drops it, in Python, only when
        # there (the model's status field refuses anything that gets past)
        gate.drop = dropper
        return gate
    except _Unsupported:
        return None
    except (PydanticCustomError, KeyError, TypeError, ValueError, RecursionError):
        return None
    except Exception:  # a schema pydantic-core cannot take: the two-pass path handles it
        return None
