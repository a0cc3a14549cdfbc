"""Compile an ``openAPIV3Schema`` dict once into a tree of slotted nodes.

Every algorithm in :mod:`codegen.runtime` (validation, defaulting, pruning, list types, metadata)
walks these nodes instead of the raw dicts.  A node keeps its raw dict (``raw``) and the raw
``x-kubernetes-validations`` list (``validations``) for the CEL engine.

Bare structural nodes (no ``type``; the conformance data's defaulting/pruning schemas) compile
too: nothing here validates that a schema is a valid CRD schema.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Final

from codegen.runtime.formats import (
    NUMERIC_FORMATS_VERSION,
    Version,
    effective_format,
    is_known_format,
    parse_version,
    validates,
)
from codegen.runtime.regex import RegexError, matcher
from codegen.runtime.scalars import INT64_MIN, value_in_range

__all__ = ["Node", "compile_schema"]

_NO_DEFAULT: Final = object()


class Node:
    """One compiled schema node (``JSONSchemaProps``) with kube-openapi's view of it."""

    __slots__ = (
        "additional",
        "additional_allows",
        "all_of",
        "any_of",
        "default",
        "default_null",
        "default_props",
        "drop_null",
        "embedded",
        "enum",
        "enum_strings",
        "exclusive_maximum",
        "exclusive_minimum",
        "format",
        "fx_bool",
        "fx_float",
        "fx_int",
        "fx_list",
        "fx_null",
        "fx_obj",
        "fx_str",
        "fx_subtree",
        "has_cel",
        "has_combinators",
        "has_default",
        "has_defaults",
        "has_embedded",
        "has_list_types",
        "int_bounds",
        "int_norm",
        "int_or_string",
        "items",
        "list_map_keys",
        "list_type",
        "map_type",
        "max_items",
        "max_length",
        "max_properties",
        "maximum",
        "min_items",
        "min_length",
        "min_properties",
        "minimum",
        "multiple_of",
        "not_",
        "nullable",
        "number_format",
        "number_type",
        "one_of",
        "pattern",
        "preserve_unknown",
        "properties",
        "q_int",
        "q_str",
        "raw",
        "raw_format",
        "required",
        "type",
        "types",
        "validations",
    )

    raw: Mapping[str, Any]
    type: str
    types: tuple[str, ...]
    nullable: bool
    raw_format: str
    format: str
    number_type: str
    number_format: str
    properties: dict[str, Node] | None
    additional: Node | None
    additional_allows: bool | None
    items: Node | None
    required: tuple[str, ...]
    enum: tuple[Any, ...] | None
    enum_strings: frozenset[str]
    pattern: str | None
    minimum: float | None
    maximum: float | None
    exclusive_minimum: bool
    exclusive_maximum: bool
    min_length: int | None
    max_length: int | None
    min_items: int | None
    max_items: int | None
    min_properties: int | None
    max_properties: int | None
    multiple_of: float | None
    has_default: bool
    default: Any
    all_of: tuple[Node, ...]
    any_of: tuple[Node, ...]
    one_of: tuple[Node, ...]
    not_: Node | None
    int_or_string: bool
    preserve_unknown: bool
    embedded: bool
    list_type: str | None
    list_map_keys: tuple[str, ...]
    map_type: str | None
    validations: tuple[Mapping[str, Any], ...]
    has_cel: bool
    has_combinators: bool
    has_defaults: bool
    has_embedded: bool
    has_list_types: bool
    # Precomputed for the fused pipeline (codegen.runtime.fused): which values need no check.
    int_norm: bool  # whole-number floats here become ints
    drop_null: bool  # a null here is dropped (not nullable, no default)
    default_null: bool  # a null here becomes the default (not nullable, has a default)
    default_props: tuple[tuple[str, Node], ...]  # properties with a default, in order
    fx_obj: bool  # a dict here has no checks of its own beyond its children and `required`
    fx_list: bool  # a list here has no checks of its own beyond its items and min/maxItems
    fx_str: bool  # any str here is valid
    fx_int: bool  # any int64 int here is valid
    fx_float: bool  # any float here is valid (after integer normalisation)
    fx_bool: bool  # any bool here is valid
    fx_null: bool  # a null that stays here is valid
    fx_subtree: bool  # the fused pipeline handles this subtree (see _fused_flags)
    q_str: Callable[[str], bool] | None  # True: this str is valid here (False: ask the validator)
    q_int: Callable[[int], bool] | None  # the same for an int64 int
    int_bounds: tuple[int | None, int | None] | None  # what q_int checks: lo <= v <= hi

    def __repr__(self) -> str:
        return f"Node(type={self.type!r}, properties={list(self.properties or ())})"

    def property(self, name: str) -> Node | None:
        props = self.properties
        return None if props is None else props.get(name)


def _num(v: Any) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    return None


def _int(v: Any) -> int | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return None


def _compile(raw: Mapping[str, Any], version: Version) -> Node:
    n = Node()
    n.raw = raw
    t = raw.get("type")
    n.int_or_string = bool(raw.get("x-kubernetes-int-or-string", False))
    if n.int_or_string:
        n.types = ("integer", "string")
        n.type = ""
    elif isinstance(t, str) and t:
        n.types = (t,)
        n.type = t
    elif isinstance(t, (list, tuple)) and t:
        n.types = tuple(str(x) for x in t)
        n.type = n.types[0] if len(n.types) == 1 else ""
    else:
        n.types = ()
        n.type = ""
    n.nullable = bool(raw.get("nullable", False))
    fmt = raw.get("format")
    n.raw_format = fmt if isinstance(fmt, str) else ""
    type_for_format: str | None
    type_for_format = None if isinstance(t, (list, tuple)) else t if isinstance(t, str) else ""
    n.format = effective_format(n.raw_format, type_for_format, version)

    props = raw.get("properties")
    n.properties = (
        {k: _compile(v or {}, version) for k, v in props.items()}
        if isinstance(props, Mapping)
        else None
    )
    ap = raw.get("additionalProperties")
    n.additional = None
    n.additional_allows = None
    if isinstance(ap, bool):
        n.additional_allows = ap
    elif isinstance(ap, Mapping):
        n.additional_allows = True
        n.additional = _compile(ap, version)
    items = raw.get("items")
    if isinstance(items, Mapping):
        n.items = _compile(items, version)
    elif isinstance(items, list) and items:
        # JSONSchemaPropsOrArray with an array is not allowed in structural schemas.
        n.items = _compile(items[0] or {}, version)
    else:
        n.items = None

    req = raw.get("required")
    n.required = tuple(req) if isinstance(req, (list, tuple)) else ()
    enum = raw.get("enum")
    n.enum = tuple(enum) if isinstance(enum, (list, tuple)) else None
    n.enum_strings = frozenset(e for e in n.enum or () if isinstance(e, str))
    pat = raw.get("pattern")
    n.pattern = pat if isinstance(pat, str) and pat != "" else None
    n.minimum = _num(raw.get("minimum"))
    n.maximum = _num(raw.get("maximum"))
    n.exclusive_minimum = bool(raw.get("exclusiveMinimum", False))
    n.exclusive_maximum = bool(raw.get("exclusiveMaximum", False))
    n.min_length = _int(raw.get("minLength"))
    n.max_length = _int(raw.get("maxLength"))
    n.min_items = _int(raw.get("minItems"))
    n.max_items = _int(raw.get("maxItems"))
    n.min_properties = _int(raw.get("minProperties"))
    n.max_properties = _int(raw.get("maxProperties"))
    n.multiple_of = _num(raw.get("multipleOf"))
    n.has_default = "default" in raw and raw["default"] is not None
    n.default = raw.get("default") if n.has_default else None

    def many(key: str) -> tuple[Node, ...]:
        v = raw.get(key)
        if not isinstance(v, (list, tuple)):
            return ()
        return tuple(_compile(x or {}, version) for x in v)

    n.all_of = many("allOf")
    n.any_of = many("anyOf")
    n.one_of = many("oneOf")
    nt = raw.get("not")
    n.not_ = _compile(nt, version) if isinstance(nt, Mapping) else None
    n.preserve_unknown = bool(raw.get("x-kubernetes-preserve-unknown-fields", False))
    n.embedded = bool(raw.get("x-kubernetes-embedded-resource", False))
    lt = raw.get("x-kubernetes-list-type")
    n.list_type = lt if isinstance(lt, str) else None
    keys = raw.get("x-kubernetes-list-map-keys")
    n.list_map_keys = tuple(keys) if isinstance(keys, (list, tuple)) else ()
    mt = raw.get("x-kubernetes-map-type")
    n.map_type = mt if isinstance(mt, str) else None
    vals = raw.get("x-kubernetes-validations")
    n.validations = tuple(vals) if isinstance(vals, (list, tuple)) else ()

    # The number validator sees the node's single type and its (retained) format; before the
    # numeric-format version it sees neither (kube-openapi's older behaviour).
    if version >= NUMERIC_FORMATS_VERSION and len(n.types) == 1:
        n.number_type = n.types[0]
        n.number_format = n.format
    else:
        n.number_type = ""
        n.number_format = ""

    children: list[Node] = []
    if n.properties:
        children.extend(n.properties.values())
    if n.additional is not None:
        children.append(n.additional)
    if n.items is not None:
        children.append(n.items)
    combinators = (*n.all_of, *n.any_of, *n.one_of, *((n.not_,) if n.not_ else ()))
    children.extend(combinators)
    n.has_cel = bool(n.validations) or any(c.has_cel for c in children)
    n.has_combinators = bool(combinators) or any(c.has_combinators for c in children)
    structural = [c for c in children if c not in combinators]
    n.has_defaults = any(c.has_default or c.has_defaults for c in structural)
    n.has_embedded = n.embedded or any(c.has_embedded for c in structural)
    n.has_list_types = n.list_type in ("set", "map") or any(c.has_list_types for c in structural)
    _fused_flags(n)
    # The list-type check pairs a key with both its property and additionalProperties; the
    # fused walk pairs it with one.  Such schemas (not structural) take the reference passes.
    mixed = bool(n.properties) and n.additional is not None and n.has_list_types
    n.fx_subtree = not mixed and all(c.fx_subtree for c in structural)
    return n


def _fused_flags(n: Node) -> None:
    """Flags telling the fused pipeline when a value needs no per-node check (conservative)."""
    types = n.types
    n.int_norm = n.type == "integer" or n.int_or_string
    n.drop_null = not n.nullable and not n.has_default
    n.default_null = not n.nullable and n.has_default
    n.default_props = tuple((k, p) for k, p in (n.properties or {}).items() if p.has_default)
    plain = not (n.all_of or n.any_of or n.one_of or n.not_ is not None) and n.enum is None
    untyped = not types and not n.format
    n.fx_obj = (
        plain
        and ("object" in types or untyped)
        and n.min_properties is None
        and n.max_properties is None
        and n.additional_allows is not False
        and not (n.additional_allows is True and n.additional is None)
    )
    n.fx_list = (
        plain
        and ("array" in types or not types)
        and n.items is not None
        and n.raw.get("uniqueItems") is not True
    )
    n.fx_str = (
        plain
        and ("string" in types or not types)
        and n.min_length is None
        and n.max_length is None
        and n.pattern is None
        and not (n.format and is_known_format(n.format))
    )
    bounded = n.minimum is not None or n.maximum is not None or n.multiple_of is not None
    n.fx_int = (
        plain
        and not bounded
        and ("integer" in types or "number" in types or untyped)
        and not (n.number_type == "integer" and n.number_format in ("int32", "uint32", "uint64"))
        and not (n.number_type == "number" and n.number_format in ("float", "float32"))
        and n.number_type in ("", "integer", "number")
    )
    n.fx_float = (
        plain
        and not bounded
        and "number" in types
        and n.number_type in ("", "number")
        and n.number_format not in ("float", "float32")
    )
    n.fx_bool = plain and ("boolean" in types or untyped)
    n.fx_null = n.enum is None and not (types and "null" not in types and not n.nullable)
    n.q_str = None if n.fx_str else _quick_str(n)
    n.int_bounds = None
    n.q_int = None if n.fx_int else _quick_int(n)


def _quick_str(n: Node) -> Callable[[str], bool] | None:
    """A check that accepts only strings kube-openapi finds no fault with (None: no shortcut)."""
    types = n.types
    combinators = n.all_of or n.any_of or n.one_of or n.not_ is not None
    if combinators or not ("string" in types or (not types and not n.format)):
        return None
    if n.enum is not None and not n.enum_strings:
        return None
    enum = n.enum_strings if n.enum is not None else None
    lo, hi = n.min_length, n.max_length
    pattern = n.pattern
    fmt = n.format if n.format and is_known_format(n.format) else ""

    def check(v: str) -> bool:
        if enum is not None and v not in enum:
            return False
        if lo is not None and len(v) < lo:
            return False
        if hi is not None and len(v) > hi:
            return False
        if pattern is not None:
            try:
                if not matcher(pattern).search(v):
                    return False
            except RegexError:
                return False
        return not fmt or validates(fmt, v)

    return check


def _quick_int(n: Node) -> Callable[[int], bool] | None:
    """The same for an int64 ``int``: integer/number type, range of the format, bounds."""
    types = n.types
    combinators = n.all_of or n.any_of or n.one_of or n.not_ is not None
    if combinators or n.enum is not None or n.multiple_of is not None:
        return None
    if not ("integer" in types or "number" in types or (not types and not n.format)):
        return None
    ntype, nfmt = n.number_type, n.number_format
    if ntype not in ("", "integer", "number"):
        return None
    if ntype == "number" and nfmt in ("float", "float32"):
        return None
    lo = hi = None
    if ntype == "integer":
        lo, hi = _INT_FORMAT_RANGES.get(nfmt, (None, None))
    if n.minimum is not None:
        if not value_in_range(n.minimum, ntype, nfmt):
            return None
        m = int(n.minimum) if math.isfinite(n.minimum) else None
        if m is None or not (INT64_MIN <= n.minimum < 2.0**63):
            return None
        m = m + 1 if n.exclusive_minimum else m
        lo = m if lo is None else max(lo, m)
    if n.maximum is not None:
        if not value_in_range(n.maximum, ntype, nfmt):
            return None
        if not (math.isfinite(n.maximum) and INT64_MIN <= n.maximum < 2.0**63):
            return None
        m = int(n.maximum)
        m = m - 1 if n.exclusive_maximum else m
        hi = m if hi is None else min(hi, m)
    n.int_bounds = (lo, hi)

    def check(v: int) -> bool:
        return (lo is None or v >= lo) and (hi is None or v <= hi)

    return check


_INT_FORMAT_RANGES: Final = {
    "int32": (-(1 << 31), (1 << 31) - 1),
    "uint32": (0, (1 << 32) - 1),
    "uint64": (0, (1 << 64) - 1),
}


_cache: dict[tuple[int, Version], tuple[Mapping[str, Any], Node]] = {}


def compile_schema(
    schema: Mapping[str, Any] | Node | None,
    *,
    compatibility_version: str | Version | None = None,
) -> Node | None:
    """Compile ``schema`` (``None`` stays ``None``: "no schema at all").

    Compiled trees are cached per schema object identity and compatibility version.
    """
    if schema is None or isinstance(schema, Node):
        return schema
    version = parse_version(compatibility_version)
    key = (id(schema), version)
    hit = _cache.get(key)
    if hit is not None and hit[0] is schema:
        return hit[1]
    node = _compile(schema, version)
    if len(_cache) > 256:
        _cache.clear()
    _cache[key] = (schema, node)
    return node
