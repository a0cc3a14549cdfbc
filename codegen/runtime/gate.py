"""A compiled fast path: the common, valid object checked and processed by pydantic-core.

The fused walk (:mod:`codegen.runtime.fused`) processes an object in Python, node by node.  Most
objects people submit are valid, plain JSON with no unknown fields and no nulls to drop; for
those, the whole pipeline (prune, default, validate schema, list types) amounts to "check every
value and fill in the defaults", which pydantic-core does in Rust.

:func:`build_gate` turns a compiled schema into a pydantic-core validator that *accepts only
what the walk would accept without a single error, unknown field or change other than
defaulting*, and then returns exactly the walk's value.  Everything else (an error, an unknown
field, a null to prune, ``1.0`` to normalise, Python field names, a value that is not plain
JSON) makes the gate refuse, and the caller runs the walk, which finds the exact errors.  So
the gate may refuse more than it needs to, but never accepts what the walk would not.

How each check maps:

- types: strict pydantic-core scalars (``1.0`` for an integer, ``True`` for a number: refused);
- string/integer/number checks (enum, length, pattern, format, bounds, ranges of int formats):
  the node's own quick predicate or kube-openapi's validator, called from Rust per value;
- objects: a typed dict that forbids unknown fields (allows them, copied, under
  ``x-kubernetes-preserve-unknown-fields``); defaults are the walk's own processed default,
  copied per use; ``required`` after defaulting;
- maps, lists: strict dict and list schemas; list bounds; ``x-kubernetes-list-type`` set/map
  uniqueness checked on the processed list;
- anything else (combinators, enums on objects, embedded resources, untyped nodes, min/max
  properties on objects): the walk itself on that subtree, which is local.

``tests/runtime/test_gate.py`` checks gate and walk agree on every corpus instance and on
mutated copies of them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, Final

from pydantic_core import PydanticCustomError, SchemaValidator
from pydantic_core import core_schema as cs

from codegen.runtime.formats import is_known_format
from codegen.runtime.listtype import list_own_errors
from codegen.runtime.metadata import (
    OBJECT_META_FIELDS,
    object_meta_ok,
    round_trip_changes,
    validate_embedded_resources,
)
from codegen.runtime.pruning import JSON_SCALARS as _PLAIN_SCALARS
from codegen.runtime.pruning import META_FIELDS
from codegen.runtime.scalars import INT64_MAX, INT64_MIN
from codegen.runtime.structural import Node

__all__ = ["MISS", "Gate", "build_gate"]

MISS: Final = object()  # the gate refused: run the walk

# Above this many distinct schema nodes the gate is not built (its validator would cost more
# memory and build time than the walk it saves).
MAX_NODES: Final = 20_000

_STRUCTURE_KEYS: Final = frozenset(
    ("properties", "items", "additionalProperties", "allOf", "anyOf", "oneOf", "not")
)
# Keys that do not change what the gate checks (CEL runs after the gate, on its value).
_IGNORED_KEYS: Final = frozenset(("description", "x-kubernetes-validations", "example"))


def _refuse() -> PydanticCustomError:
    return PydanticCustomError("k8s_gate", "refused")


def _strict_copy(v: Any) -> Any:
    """A copy of plain JSON (the walk's verbatim copy); anything else refuses.

    Called from Rust for every free-form value: scalars are kept inline rather than through a
    call each, and keys are checked in the loop (no comprehension frame, no call per key).
    """
    t = type(v)
    if t is dict:
        out: dict[str, Any] = {}
        for k, x in v.items():
            if type(k) is not str:
                raise _refuse()
            out[k] = x if type(x) in _PLAIN_SCALARS else _strict_copy(x)
        return out
    if t is list:
        return [x if type(x) in _PLAIN_SCALARS else _strict_copy(x) for x in v]
    if t in _PLAIN_SCALARS:
        return v
    raise _refuse()


class _Builder:
    """Builds the core schema for one tree; identical subtrees share one definition."""

    def __init__(self, *, root: bool, drop_status: bool) -> None:
        self.root = root
        self.drop_status = drop_status
        self.defs: dict[str, cs.CoreSchema] = {}
        self.refs: dict[int, str] = {}  # id(node) -> definition name
        self.keys: dict[int, str] = {}  # id(node) -> content key
        self.nodes = 0

    # ------------------------------------------------------------------ identity

    def key(self, node: Node) -> str:
        """A digest of what the gate sees of a node (descriptions and CEL rules left out)."""
        hit = self.keys.get(id(node))
        if hit is not None:
            return hit
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge
        own = {k: v for k, v in node.raw.items() if k not in _STRUCTURE_KEYS | _IGNORED_KEYS}
        parts = [json.dumps(own, sort_keys=True, default=repr)]
        for name, child in sorted((node.properties or {}).items()):
            parts.append(f"p:{name}:{self.key(child)}")
        if node.additional is not None:
            parts.append(f"a:{self.key(node.additional)}")
        if node.items is not None:
            parts.append(f"i:{self.key(node.items)}")
        for label, group in (("all", node.all_of), ("any", node.any_of), ("one", node.one_of)):
            parts.extend(f"{label}:{self.key(c)}" for c in group)
        if node.not_ is not None:
            parts.append(f"not:{self.key(node.not_)}")
        digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()
        self.keys[id(node)] = digest
        return digest

    # ------------------------------------------------------------------ values

    def value(self, node: Node) -> cs.CoreSchema:
        """The schema of a present, non-null value at `node`."""
        node = _int_or_string_core(node)
        types = node.types
        if node.int_or_string:
            if not _plain(node):
                return self.walk(node)
            return cs.union_schema([self.integer(node), self.string(node)], mode="left_to_right")
        if _free_form(node):
            return cs.no_info_plain_validator_function(_present_copy)  # any value, as it is
        split = _presence_split(node)
        if split is not None:
            core, check = split
            return cs.no_info_before_validator_function(check, self.value(core))
        if node.embedded or len(types) != 1 or not _plain(node):
            return self.walk(node)
        t = types[0]
        if t == "string":
            return self.string(node)
        if t == "integer":
            return self.integer(node)
        if t == "number":
            return cs.union_schema([self.integer(node), self.number(node)], mode="left_to_right")
        if t == "boolean":
            if node.fx_bool:
                return cs.bool_schema(strict=True)
            return cs.no_info_after_validator_function(
                _validate_check(node), cs.bool_schema(strict=True)
            )
        if t == "array":
            return self.array(node)
        if t == "object":
            return self.object(node)
        return self.walk(node)

    def string(self, node: Node) -> cs.CoreSchema:
        base = cs.str_schema(strict=True)
        if node.fx_str:
            return base
        pattern = node.pattern
        if (pattern is None or _rust_safe(pattern)) and not (
            node.format and is_known_format(node.format)
        ):
            # lengths, enum and RE2-equivalent patterns: pydantic-core checks them the same way
            sized = cs.str_schema(
                strict=True,
                min_length=node.min_length,
                max_length=node.max_length,
                pattern=pattern,
            )
            if node.enum is None:
                return sized
            return cs.chain_schema([sized, cs.literal_schema(sorted(node.enum_strings))])
        quick = node.q_str
        slow = _validate_check(node)
        if quick is None:
            return cs.no_info_after_validator_function(slow, base)

        def check(v: str) -> str:
            if quick(v):
                return v
            return slow(v)  # type: ignore[no-any-return]

        return cs.no_info_after_validator_function(check, base)

    def integer(self, node: Node) -> cs.CoreSchema:
        if node.fx_int:
            return cs.int_schema(strict=True, ge=INT64_MIN, le=INT64_MAX)
        bounds = node.int_bounds
        if bounds is not None:  # exactly what the node's quick check tests, in Rust
            lo, hi = bounds
            return cs.int_schema(
                strict=True,
                ge=INT64_MIN if lo is None else max(lo, INT64_MIN),
                le=INT64_MAX if hi is None else min(hi, INT64_MAX),
            )
        base = cs.int_schema(strict=True, ge=INT64_MIN, le=INT64_MAX)
        return cs.no_info_after_validator_function(_validate_check(node), base)

    def number(self, node: Node) -> cs.CoreSchema:
        # not float_schema: it would take (and convert) ints the integer branch refused
        slow = None if node.fx_float else _validate_check(node)

        def check(v: Any) -> Any:
            if type(v) is not float:
                raise _refuse()
            return v if slow is None else slow(v)

        return cs.no_info_plain_validator_function(check)

    def array(self, node: Node) -> cs.CoreSchema:
        items = node.items
        if items is None or node.raw.get("uniqueItems") is True or node.preserve_unknown:
            return self.walk(node)
        schema: cs.CoreSchema = cs.list_schema(
            self.member(items, list_item=True),
            min_length=node.min_items,
            max_length=node.max_items,
            strict=True,
        )
        if node.list_type in ("set", "map"):
            schema = cs.no_info_after_validator_function(_list_check(node), schema)
        return schema

    def object(self, node: Node) -> cs.CoreSchema:
        props = node.properties
        additional = node.additional
        if props and node.additional_allows is not None:
            return self.walk(node)  # properties and additionalProperties together
        bounded = node.min_properties is not None or node.max_properties is not None
        if bounded and (props or additional is None):
            return self.walk(node)
        if additional is not None:
            return cs.dict_schema(
                cs.str_schema(strict=True),
                self.member(additional, list_item=False),
                min_length=node.min_properties,
                max_length=node.max_properties,
                strict=True,
            )
        if node.additional_allows is not None:
            return self.walk(node)  # additionalProperties: true/false, no schema
        return self.shared(node, lambda: self.typed_dict(node))

    def typed_dict(self, node: Node) -> cs.CoreSchema:
        fields: dict[str, cs.TypedDictField] = {}
        required = set(node.required)
        root_here = self.root
        self.root = False  # only the outermost object is the resource root
        for name, prop in (node.properties or {}).items():
            if root_here and name == "metadata":
                schema = _meta_schema(prop)
            elif root_here and self.drop_status and name == "status":
                if name in required:  # dropped on every create, then missing: never valid
                    return self.unsupported(node, root_here)
                # dropped before (see status_dropper); never there by now
                fields[name] = cs.typed_dict_field(
                    cs.no_info_plain_validator_function(_always_refuse), required=False
                )
                continue
            else:
                schema = self.member(prop, list_item=False)
            if prop.has_default:
                default = _processed_default(prop)
                if default is MISS:
                    return self.unsupported(node, root_here)
                if type(default) in _PLAIN_SCALARS:
                    schema = cs.with_default_schema(schema, default=default)
                else:
                    schema = cs.with_default_schema(
                        schema, default_factory=_copier(default), default_factory_takes_data=False
                    )
                fields[name] = cs.typed_dict_field(schema, required=False)
            else:
                fields[name] = cs.typed_dict_field(schema, required=name in required)
        if root_here:
            for name in sorted(META_FIELDS - set(fields)):
                # not in the schema: kept as given (the server's type/object meta checks follow)
                fields[name] = cs.typed_dict_field(
                    _meta_schema(None) if name == "metadata" else _verbatim(),
                    required=False,
                )
        missing_required = required - set(fields)
        if missing_required:  # a required property with no schema: always an error
            return self.unsupported(node, root_here)
        if node.preserve_unknown:
            return cs.typed_dict_schema(
                fields,
                extra_behavior="allow",
                extras_schema=_verbatim(),
                total=False,
                strict=True,
            )
        schema = cs.typed_dict_schema(fields, extra_behavior="forbid", total=False, strict=True)
        return schema

    def member(self, node: Node, *, list_item: bool) -> cs.CoreSchema:
        """A property, map value or list item: the value, or null where null stays valid."""
        schema = self.value(node)
        if node.nullable and node.fx_null:
            return cs.nullable_schema(schema, strict=True)
        return schema

    def shared(self, node: Node, build: Callable[[], cs.CoreSchema]) -> cs.CoreSchema:
        name = self.refs.get(id(node))
        if name is None:
            name = self.key(node)
            self.refs[id(node)] = name
            if name not in self.defs:
                self.defs[name] = {"type": "any"}  # placeholder while building
                schema = build()
                schema = {**schema, "ref": name}
                self.defs[name] = schema
        return cs.definition_reference_schema(name)

    def unsupported(self, node: Node, root: bool) -> cs.CoreSchema:
        if root:
            raise _Unsupported
        return self.walk(node)

    def walk(self, node: Node) -> cs.CoreSchema:
        """The fused walk on this subtree (exact, in Python)."""
        self.key(node)  # counts toward the size limit
        return cs.no_info_plain_validator_function(_walk_check(node, mode=0))


class _Unsupported(Exception):
    """The gate is not built for this schema."""


class _TooLarge(_Unsupported):
    pass


def _plain(node: Node) -> bool:
    return not (node.all_of or node.any_of or node.one_of or node.not_ is not None) and (
        node.enum is None
        or (node.types in (("string",),) and len(node.enum_strings) == len(node.enum))
    )


_ESCAPABLE: Final = frozenset(".-+*?()[]{}|^$\\/")
_HEX: Final = frozenset("0123456789abcdefABCDEF")
_rust_cache: dict[str, bool] = {}


def _rust_safe(pattern: str) -> bool:
    """Whether pydantic-core's Rust regex matches exactly what RE2 matches for `pattern`.

    Both are leftmost-first automata with the same syntax for plain ASCII patterns; they
    differ on Unicode-aware classes (Rust's \\d, \\w, \\s, \\b match more), flags, escapes, POSIX
    classes and Rust's class set operations.  Only patterns without any of those qualify, and
    only if Rust compiles them; everything else is checked with RE2 in Python.
    """
    hit = _rust_cache.get(pattern)
    if hit is not None:
        return hit
    ok = pattern.isascii() and pattern.isprintable()
    ok = ok and not any(bad in pattern for bad in ("&&", "--", "~~", "{,", "[]", "[^]"))
    ok = ok and pattern.count("(?") == pattern.count("(?:")  # no flags or named groups
    escaped = in_class = False
    i = 0
    while ok and i < len(pattern):
        ch = pattern[i]
        if escaped:
            if ch == "x":  # \\xHH, the same byte in both
                ok = len(pattern) >= i + 3 and all(c in _HEX for c in pattern[i + 1 : i + 3])
                i += 2
            elif ch not in _ESCAPABLE and ch not in "tnrfv":
                ok = False
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            ok = not in_class  # a nested class in Rust, a literal "[" in RE2
            in_class = True
        elif ch == "]":
            in_class = False
        i += 1
    ok = ok and not escaped and not in_class
    if ok:
        try:
            SchemaValidator(cs.str_schema(pattern=pattern))
        except Exception:  # Rust's regex refuses it: RE2 in Python decides
            ok = False
    if len(_rust_cache) > 4096:
        _rust_cache.clear()
    _rust_cache[pattern] = ok
    return ok


_TYPE_ONLY: Final = ({"type": "integer"}, {"type": "string"})
_cores: dict[int, tuple[Node, Node]] = {}


def _int_or_string_core(node: Node) -> Node:
    """An int-or-string node without its ``anyOf: [{type: integer}, {type: string}]``.

    That anyOf (what Kubernetes' own types generate for IntOrString and Quantity) only repeats
    the int-or-string type check, which the gate does anyway; without it, the node's quick
    checks (pattern, length...) apply instead of the general validator.
    """
    if not (node.int_or_string and node.any_of) or node.all_of or node.one_of or node.not_:
        return node
    if sorted(map(dict, (b.raw for b in node.any_of)), key=str) != sorted(_TYPE_ONLY, key=str):
        return node
    hit = _cores.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    from codegen.runtime.structural import compile_schema

    raw = {k: v for k, v in node.raw.items() if k != "anyOf"}
    core = compile_schema(raw)
    assert core is not None
    _cores[id(node)] = (node, core)
    return core


_COMBINATOR_KEYS: Final = frozenset(("allOf", "anyOf", "oneOf", "not"))
_PRESENCE_KEYS: Final = _COMBINATOR_KEYS | {"required"}
_SPLIT_KEYS: Final = _COMBINATOR_KEYS | {"minProperties", "maxProperties"}
_splits: dict[int, tuple[Node, tuple[Node, Callable[[Any], Any]] | None]] = {}


def _branches(node: Node) -> tuple[Node, ...]:
    return (*node.all_of, *node.any_of, *node.one_of) + (() if node.not_ is None else (node.not_,))


def _presence_only(node: Node) -> bool:
    """A combinator branch that tests only which keys are present (istio's one-of idiom)."""
    return _PRESENCE_KEYS.issuperset(k for k in node.raw if k not in _IGNORED_KEYS) and all(
        _presence_only(b) for b in _branches(node)
    )


def _holds(node: Node, keys: set[str]) -> bool:
    """Whether a presence-only branch accepts an object with these keys (plain loops: this runs
    on every such object, and a generator frame per test costs more than the test)."""
    if not keys.issuperset(node.required):
        return False
    for branch in node.all_of:
        if not _holds(branch, keys):
            return False
    if node.any_of:
        for branch in node.any_of:
            if _holds(branch, keys):
                break
        else:
            return False
    if node.one_of:
        held = 0
        for branch in node.one_of:
            if _holds(branch, keys):
                held += 1
        if held != 1:
            return False
    return node.not_ is None or not _holds(node.not_, keys)


def _presence_split(node: Node) -> tuple[Node, Callable[[Any], Any]] | None:
    """An object node with properties whose other checks only concern which keys are present
    (combinators testing presence, istio's one-of idiom; minProperties/maxProperties): the node
    without them, and a check of them on an object's keys after defaulting (the gate refuses
    nulls it would prune, so those are the given keys and the defaulted ones)."""
    hit = _splits.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    result = None
    branches = _branches(node)
    low, high = node.min_properties, node.max_properties
    if (
        (branches or low is not None or high is not None)
        and node.types == ("object",)
        and node.additional is None
        and node.additional_allows is None
        and all(_presence_only(b) for b in branches)
    ):
        from codegen.runtime.structural import compile_schema

        core = compile_schema({k: v for k, v in node.raw.items() if k not in _SPLIT_KEYS})
        assert core is not None
        defaulted = frozenset(k for k, p in (core.properties or {}).items() if p.has_default)
        combined = node  # its own `required` is the core's: checked again, harmlessly

        def check(v: Any) -> Any:
            if type(v) is not dict:
                raise _refuse()
            keys = v.keys() | defaulted
            if (
                (low is not None and len(keys) < low)
                or (high is not None and len(keys) > high)
                or (branches and not _holds(combined, keys))
            ):
                raise _refuse()
            return v

        result = (core, check)
    _splits[id(node)] = (node, result)
    return result


_FREE_FORM_KEYS: Final = frozenset(("x-kubernetes-preserve-unknown-fields", "nullable", "default"))


def _free_form(node: Node) -> bool:
    """No type and unknown fields kept, nothing else: the walk copies any value unchanged."""
    return (
        node.preserve_unknown
        and not node.types
        and _FREE_FORM_KEYS.issuperset(k for k in node.raw if k not in _IGNORED_KEYS)
    )


def _present_copy(v: Any) -> Any:
    """A present value copied as it is (a null here is the walk's to prune or keep)."""
    if v is None:
        raise _refuse()
    return _strict_copy(v)


def _always_refuse(v: Any) -> Any:
    raise _refuse()


def _verbatim() -> cs.CoreSchema:
    return cs.no_info_plain_validator_function(_strict_copy)


def _copier(value: Any) -> Callable[[], Any]:
    def copy() -> Any:
        return _strict_copy(value)

    return copy


def _validate_check(node: Node) -> Callable[[Any], Any]:
    """kube-openapi's validator on one scalar: no error, or the gate refuses."""
    from codegen.runtime.openapi_validation import _Res, _validate

    def check(v: Any) -> Any:
        res = _Res()
        _validate(node, v, "", res)
        if res.errors:
            raise _refuse()
        return v

    return check


def _list_check(node: Node) -> Callable[[list[Any]], list[Any]]:
    """``x-kubernetes-list-type`` set/map uniqueness on the processed list."""
    keys = node.list_map_keys if node.list_type == "map" else ()

    def check(v: list[Any]) -> list[Any]:
        # Python's equality is coarser than JSON's (1 == 1.0 == True): all distinct here means
        # all distinct for the server too; otherwise (or unhashable) the server's own check
        try:
            if keys:
                distinct = len({tuple(item.get(k) for k in keys) for item in v}) == len(v)
            else:
                distinct = len(set(v)) == len(v)
        except (TypeError, AttributeError):
            distinct = False
        if not distinct and list_own_errors(None, node, v):
            raise _refuse()
        return v

    return check


def _walk_check(node: Node, *, mode: int) -> Callable[[Any], Any]:
    """The fused walk on one present value; any error, unknown field or list error refuses."""
    from codegen.runtime import fused

    def check(v: Any) -> Any:
        if v is None:
            if node.nullable and node.fx_null:
                return None
            raise _refuse()
        w = fused.Walk()
        out = fused._value(node, v, None, "", "", mode, w)
        if w.res.errors or w.lt or w.unknown:
            raise _refuse()
        if node.has_embedded and validate_embedded_resources(None, out, node):
            raise _refuse()
        return out

    return check


def _meta_schema(node: Node | None, *, rebuilt: bool = False) -> cs.CoreSchema:
    """The resource's ``metadata``: ObjectMeta's fields only, its schema node (no pruning), then
    the server's ObjectMeta rules (so the caller need not check them again).

    `rebuilt`: the value goes on to ObjectMeta's own schema, which builds new containers for
    all but the free-form ``ownerReferences``/``managedFields``; no copy is needed before.
    """
    inner = None if node is None or _bare_object(node) else _walk_check(node, mode=2)

    def check(v: Any) -> Any:
        if type(v) is not dict or not OBJECT_META_FIELDS.issuperset(v) or round_trip_changes(v):
            raise _refuse()  # unknown fields, or values the server writes back otherwise
        if inner is not None:
            out = inner(v)
        elif rebuilt and "ownerReferences" not in v and "managedFields" not in v:
            out = v
        else:
            out = _strict_copy(v)
        if not object_meta_ok(out):
            raise _refuse()
        return out

    return cs.no_info_plain_validator_function(check)


def _bare_object(node: Node) -> bool:
    """``type: object`` and nothing else the walk would check (it then copies the value)."""
    return (
        node.types == ("object",)
        and node.properties is None
        and node.additional is None
        and node.additional_allows is None
        and _plain(node)
        and node.enum is None
        and not node.embedded
        and node.fx_obj
    )


def _processed_default(node: Node) -> Any:
    """The value the walk puts in place of a missing property (MISS: the default is invalid)."""
    from codegen.runtime import fused

    w = fused.Walk()
    value = fused._default(node, "", "", w)
    if w.res.errors or w.lt:
        return MISS
    try:
        return _strict_copy(value)
    except PydanticCustomError:
        return MISS


class Gate:
    """The compiled fast path of one schema (see the module docstring)."""

    __slots__ = ("drop", "validate")

    def __init__(self, validator: SchemaValidator) -> None:
        # the raw call: the built value, or an exception when the gate refuses
        self.validate: Callable[[Any], Any] = validator.validate_python
        # the model gate's `status` dropper, for its caller to run first (None: nothing to drop)
        self.drop: Callable[[Any], Any] | None = None

    def __call__(self, obj: Any) -> Any:
        """The walk's value for `obj`, or :data:`MISS` (run the walk)."""
        try:
            return self.validate(obj)
        except Exception:  # refused (ValidationError), or a gate fault: the walk decides
            return MISS


def status_dropper(node: Node) -> Callable[[Any], Any] | None:
    """A resource's ``status`` under the status subresource: pruned (an unknown field inside
    refuses, since the walk reports it), then dropped, as the walk does."""
    status = (node.properties or {}).get("status")
    if status is None and not node.preserve_unknown:
        return None  # then `status` is an unknown field like any other
    from codegen.runtime.pruning import would_prune

    def drop(v: Any) -> Any:
        if type(v) is not dict or "status" not in v:
            return v
        value = v["status"]
        if (
            status is not None  # else kept as given by the root, nothing pruned
            and value is not None
            and type(value) not in _PLAIN_SCALARS
            and would_prune(value, status)
        ):
            raise _refuse()
        return {k: x for k, x in v.items() if k != "status"}

    return drop


def build_gate(node: Node, *, root: bool, drop_status: bool) -> Gate | None:
    """The gate for objects at `node` (None: this schema is left to the walk)."""
    if not node.fx_subtree or node.types not in (("object",), ()) or not _plain(node):
        return None
    if node.embedded or node.properties is None or node.additional_allows is not None:
        return None
    if node.min_properties is not None or node.max_properties is not None:
        return None
    builder = _Builder(root=root, drop_status=drop_status)
    try:
        top = builder.typed_dict(node)
        dropper = status_dropper(node) if root and drop_status else None
        if dropper is not None:
            top = cs.no_info_before_validator_function(dropper, top)
        schema = cs.definitions_schema(top, list(builder.defs.values())) if builder.defs else top
        return Gate(SchemaValidator(schema))
    except _Unsupported:
        return None
    except Exception:  # a schema pydantic-core cannot take: the walk handles it
        return None
