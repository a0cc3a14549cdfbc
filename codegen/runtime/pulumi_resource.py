"""`TypedCustomResource`: validate a custom resource like the API server, then register it.

The generated resource classes subclass this. Inputs may be Args classes, ArgsDicts
(snake_case keys), plain camelCase dicts, or any mixture, with `pulumi.Output`s anywhere.

Two passes:

1. At construction (preview and update), every value that is not an Output is validated.
   Each Output leaf is a *hole*: an object key holding one is left out, a list element holding
   one gets a neutral placeholder, and errors at or below a hole are discarded. Rules above a
   hole that its value could break are switched off for that check only (the CEL rules that
   read it, minProperties), and list-set / list-map uniqueness above it is checked among the
   known items, so an unknown value never causes a false error. An invalid resource raises `InvalidResourceError`
   naming the resource and every field path, and nothing is registered.
2. When the Outputs resolve, the whole object is validated again (with every rule). The value
   sent for each hole is read from that validated, defaulted object, so an invalid resolved
   value fails this resource's registration (naming it and the path) and nothing is sent.
   Values unknown during preview never reach this check, so preview shows no false errors.

Defaults from the CRD are applied to what is sent.

Pulumi's wire format (a protobuf `Struct`) carries every number as a float64, which holds
integers exactly only up to ±2^53: a larger integer would reach the API server as another
value. Such a value fails the resource (`UnsendableResourceError`, naming each field) in both
passes, so what is sent is always what was validated.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Coroutine, Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Final, Generic, TypeVar, cast

import pulumi
from pulumi import _types as pulumi_types
from pulumi_kubernetes.apiextensions import CustomResource

from codegen.runtime.binding import Sidecar, warn_if_deprecated
from codegen.runtime.errors import (
    OMITTED,
    ErrorType,
    FieldError,
    InvalidResourceError,
    UnsendableResourceError,
)
from codegen.runtime.model import ClassBinding, K8sModel, with_generated_name
from codegen.runtime.pointer import escape, resolve
from codegen.runtime.pruning import META_FIELDS
from codegen.runtime.scale import hide_accessor_value
from codegen.runtime.validation import (
    BLOCKING_ERROR_TYPES,
    CEL_SKIPPED_DETAIL,
    MISSING,
    FieldValidation,
    SchemaValidator,
    ValidationResult,
)
from codegen.runtime.wire import NameNode, to_wire

__all__ = [
    "MAX_EXACT_INTEGER",
    "Hole",
    "TypedCustomResource",
    "checked",
    "contains_output",
    "inexact_integers",
    "plain_inputs",
    "resource_object",
    "split_holes",
]

PathPart = str | int
Path = tuple[PathPart, ...]
_T = TypeVar("_T")

# The rules of a node that an unknown value below it could break, switched off above one in
# preview: list uniqueness (checked among the known items instead, `known_duplicates`) and
# minProperties. The CEL rules are chosen one by one (`_rule_sees_holes`). maxProperties stays:
# the known members are never more than the resolved object will have.
_DEFERRED_ABOVE_HOLES = ("x-kubernetes-list-type", "x-kubernetes-list-map-keys", "minProperties")


def is_output_like(value: Any) -> bool:
    """An Output, or anything awaitable that Pulumi accepts as an Input."""
    return isinstance(value, pulumi.Output) or hasattr(value, "__await__")


def plain_inputs(value: Any) -> Any:
    """Args instances -> camelCase dicts, recursively; Outputs and scalars are kept as they are.

    A None member of a mapping is left out at any depth, as it never arrives: the provider reads
    what Pulumi sends with `SkipNulls`, which drops null object members (not null list items).
    Validating it would check a value other than the one the server gets (a `null` kept in a
    preserve-unknown-fields map, or a nullable field's null where the server sees it unset)."""
    if is_output_like(value):
        return value
    if pulumi_types.is_input_type(type(value)):
        items = pulumi_types.input_type_to_dict(value).items()
        return {k: plain_inputs(v) for k, v in items if v is not None}
    if isinstance(value, Mapping):
        return {k: plain_inputs(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [plain_inputs(v) for v in value]
    return value


def contains_output(value: Any) -> bool:
    if is_output_like(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_output(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_output(v) for v in value)
    return False


def resource_object(binding: ClassBinding, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The custom resource as wire JSON (apiVersion, kind, metadata, spec...)."""
    body: dict[str, Any] = {"apiVersion": binding.sidecar.api_version, "kind": binding.sidecar.kind}
    for key, value in inputs.items():
        if value is not None:
            body[key] = plain_inputs(value)
    return to_wire(body, binding.names)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- schema navigation


def schema_child(node: Mapping[str, Any] | None, part: PathPart) -> Mapping[str, Any] | None:
    """The schema node of `part` below `node` (None where the schema says nothing)."""
    if node is None:
        return None
    if isinstance(part, int):
        items = node.get("items")
        return items if isinstance(items, Mapping) else None
    properties = node.get("properties")
    if isinstance(properties, Mapping) and isinstance(properties.get(part), Mapping):
        child: Mapping[str, Any] = properties[part]
        return child
    additional = node.get("additionalProperties")
    if isinstance(additional, Mapping):
        return additional
    return None


def locate(schema: Mapping[str, Any], path: Path) -> tuple[list[str], bool]:
    """JSON pointers of the schema nodes along `path` (root first), and whether `path` is allowed.

    A path leaves the schema below `x-kubernetes-preserve-unknown-fields`, below the root's
    `metadata`, declared by the schema or not (ObjectMeta is checked by the validator itself),
    and at an embedded resource's `apiVersion`, `kind` and `metadata`, which pruning keeps
    whatever the schema declares: allowed. Anywhere else a key the schema does not know is an
    unknown field: not allowed.
    """
    pointers = [""]
    node: Mapping[str, Any] | None = schema
    pointer = ""
    for part in path:
        child = schema_child(node, part)
        if child is None or node is None:
            free = node is not None and (
                bool(node.get("x-kubernetes-preserve-unknown-fields"))
                or pointer == "/properties/metadata"
                or (pointer == "" and part == "metadata")
                or (node.get("x-kubernetes-embedded-resource") is True and part in META_FIELDS)
            )
            return pointers, free
        pointer += _pointer_step(node, part)
        node = child
        pointers.append(pointer)
    return pointers, True


def _pointer_step(node: Mapping[str, Any], part: PathPart) -> str:
    """The JSON pointer from `node` to the schema of its child `part` (which it has)."""
    if isinstance(part, int):
        return "/items"
    properties = node.get("properties")
    if isinstance(properties, Mapping) and isinstance(properties.get(part), Mapping):
        return "/properties/" + escape(part)
    return "/additionalProperties"


def field_path(schema: Mapping[str, Any], path: Path, *, dotted_keys: bool = False) -> str:
    """`("spec", "env", 1, "name")` -> `spec.env[1].name`. A map's keys render as `[key]`, as
    `field.Path.Key` writes them (CEL's and the list types' errors), or with `dotted_keys` as
    `.key`, as kube-openapi's schema errors name them (`o.Path + "." + key`)."""
    out = ""
    node: Mapping[str, Any] | None = schema
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            properties = node.get("properties") if node is not None else None
            is_property = isinstance(properties, Mapping) and part in properties
            if (
                dotted_keys
                or is_property
                or node is None
                or not isinstance(node.get("additionalProperties"), Mapping)
            ):
                out = f"{out}.{part}" if out else part
            else:
                out += f"[{part}]"
        node = schema_child(node, part)
    return out


def placeholder(node: Mapping[str, Any] | None) -> Any:
    """A neutral value of the node's type, standing in for an unknown list element."""
    if node is None:
        return None
    if node.get("x-kubernetes-int-or-string"):
        return 0
    kind = node.get("type")
    if kind == "object":
        return {}
    if kind == "array":
        return []
    if kind in ("integer", "number"):
        return 0
    if kind == "boolean":
        return False
    if kind == "string":
        return ""
    return None


# ObjectMeta's lists are checked item by item, but their errors name no item
# (`metadata.finalizers`, `metadata.ownerReferences.uid`), so no hole could tell its own from
# the others': an Output there stands on a value the server accepts until it resolves.
_META_ITEM_STAND_INS: Final[dict[str, Any]] = {
    "finalizers": "example.com/unknown-until-resolved",
    "ownerReferences": {"apiVersion": "v1", "kind": "Unknown", "name": "unknown", "uid": "0"},
}


def _stand_in(path: Path, node: Mapping[str, Any] | None) -> Any:
    """What an Output list element at `path` is checked as before it resolves."""
    if len(path) == 3 and path[0] == "metadata" and path[1] in _META_ITEM_STAND_INS:
        return copy.deepcopy(_META_ITEM_STAND_INS[path[1]])
    return placeholder(node)


def _member_stand_in(path: Path, key: Any) -> Any:
    """An owner reference's member that is an Output: the stand-in's, else `_LEFT_OUT`."""
    if len(path) == 3 and path[:2] == ("metadata", "ownerReferences"):
        return _META_ITEM_STAND_INS["ownerReferences"].get(key, _LEFT_OUT)
    return _LEFT_OUT


_LEFT_OUT: Final = object()


# --------------------------------------------------------------------------- holes


@dataclass(frozen=True)
class Hole:
    """An Output somewhere in the body: its path, field path, and the Output itself."""

    path: Path
    field: str  # map keys as `[key]`
    dotted: str  # map keys as `.key`: errors name a map's entries either way (`field_path`)
    output: pulumi.Output[Any]
    pointers: tuple[str, ...]  # schema nodes from the root down to the hole
    allowed: bool  # False: an unknown field, an error whatever its value

    def covers(self, error: FieldError) -> bool:
        """Whether `error` is at or below this hole (so the unknown value may cause it)."""
        if not self.allowed or error.field is None:
            return False
        f = error.field.removeprefix(".")  # the scale checks' paths: the CRD's `.spec.replicas`
        return any(
            f == at or f.startswith((at + ".", at + "[")) for at in (self.field, self.dotted)
        )


def split_holes(schema: Mapping[str, Any], body: Any) -> tuple[Any, list[Hole]]:
    """`body` with its Outputs taken out, and the holes they leave.

    An Output object member is left out (an unknown field keeps its key, holding None, so it is
    still reported); an Output list element becomes a neutral value of the element's type
    (in ObjectMeta's lists, and for an owner reference's members, a valid one: `_stand_in`).
    In `body` itself (the caller's own copy) each awaitable is replaced by its hole's Output,
    so that the second pass does not await it again.
    """
    holes: list[Hole] = []

    def hole(path: Path, value: Any) -> Hole:
        pointers, allowed = locate(schema, path)
        found = Hole(
            path=path,
            field=field_path(schema, path),
            dotted=field_path(schema, path, dotted_keys=True),
            output=pulumi.Output.from_input(value),
            pointers=tuple(pointers),
            allowed=allowed,
        )
        holes.append(found)
        return found

    def walk(value: Any, path: Path, node: Mapping[str, Any] | None) -> Any:
        if isinstance(value, Mapping):
            out: dict[Any, Any] = {}
            for key, item in value.items():
                if is_output_like(item):
                    found = hole((*path, key), item)
                    if isinstance(value, dict):
                        value[key] = found.output  # a coroutine can be awaited only once
                    if not found.allowed:
                        out[key] = None
                    elif (stand_in := _member_stand_in(path, key)) is not _LEFT_OUT:
                        out[key] = stand_in
                    continue
                out[key] = walk(item, (*path, key), schema_child(node, key))
            return out
        if isinstance(value, (list, tuple)):
            child = schema_child(node, 0)
            items: list[Any] = []
            for index, item in enumerate(value):
                if is_output_like(item):
                    found = hole((*path, index), item)
                    if isinstance(value, list):
                        value[index] = found.output
                    items.append(_stand_in((*path, index), child))
                else:
                    items.append(walk(item, (*path, index), child))
            return items
        return value

    known = walk(body, (), schema)
    return known, holes


Reach = frozenset[tuple[str, frozenset[tuple[str, ...]]]]  # node pointer -> holes below it


def hole_reach(holes: Sequence[Hole]) -> Reach:
    """For each schema node on the way to a hole, the holes' paths below it, in schema terms:
    property names, and `*` for a list index or a map key."""
    below: dict[str, set[tuple[str, ...]]] = {}
    for hole in holes:
        parts: list[str] = []
        for k, part in enumerate(hole.path):
            step = hole.pointers[k + 1] if k + 1 < len(hole.pointers) else ""
            is_key = isinstance(part, int) or step.endswith("/additionalProperties")
            parts.append("*" if is_key else str(part))
        for depth, pointer in enumerate(hole.pointers):
            below.setdefault(pointer, set()).add(tuple(parts[depth:]))
    return frozenset((pointer, frozenset(paths)) for pointer, paths in below.items())


def _reads(source: str) -> list[tuple[str, ...]]:
    """What of `self` a CEL expression reads: each `self.a.b` chain (the value is read whole,
    below it, where the chain ends: at a method call, an index, an operator)."""
    from codegen.runtime.cel.tokens import tokenize  # loaded with the CEL engine

    tokens = tokenize(source)
    chains: list[tuple[str, ...]] = []
    for i, token in enumerate(tokens):
        if token.text != "self" or (i and tokens[i - 1].text in (".", ".?")):
            continue
        chain: list[str] = []
        j = i + 1
        while (
            j + 1 < len(tokens) and tokens[j].text in (".", ".?") and tokens[j + 1].kind == "ident"
        ):
            if j + 2 < len(tokens) and tokens[j + 2].text == "(":
                break  # a method of the value read so far
            chain.append(tokens[j + 1].text)
            j += 2
        chains.append(tuple(chain))
    return chains


def _overlaps(chain: tuple[str, ...], hole: tuple[str, ...]) -> bool:
    from codegen.runtime.cel.escaping import escape

    return all(h == "*" or c == h or c == escape(h) for c, h in zip(chain, hole, strict=False))


def _rule_sees_holes(rule: Any, holes: frozenset[tuple[str, ...]]) -> bool:
    if not isinstance(rule, Mapping):
        return True
    sources = [rule.get("rule"), rule.get("messageExpression")]
    chains = [c for s in sources if isinstance(s, str) for c in _reads(s)]
    return any(_overlaps(chain, hole) for chain in chains for hole in holes)


def relaxed_schema(schema: Mapping[str, Any], reach: Reach) -> dict[str, Any]:
    """A copy of `schema` without the rules of the nodes above the holes that an unknown value
    could break: list-type, minProperties, and the CEL rules that read a hole's value."""
    relaxed: dict[str, Any] = copy.deepcopy(dict(schema))
    for pointer, holes in reach:
        node = resolve(relaxed, pointer)
        for keyword in _DEFERRED_ABOVE_HOLES:
            node.pop(keyword, None)
        rules = node.get("x-kubernetes-validations")
        if isinstance(rules, list):
            kept = [rule for rule in rules if not _rule_sees_holes(rule, holes)]
            if kept:
                node["x-kubernetes-validations"] = kept
            else:
                node.pop("x-kubernetes-validations")
    return relaxed


def known_duplicates(
    schema: Mapping[str, Any], value: Any, holes: Sequence[Hole]
) -> list[FieldError]:
    """The duplicates among the known items of the list-sets and list-maps whose uniqueness the
    relaxed schema does not check (those at a schema node above a hole, in every instance of
    that node), in `value`, the validated known parts.

    An item that is a hole, or holds one (a set) or holds one in a key field (a map), is left
    out: a value repeated among the others is a duplicate whatever the unknown values turn out
    to be. The index reported is that of the known repetition.
    """
    from codegen.runtime.listtype import list_type_errors

    unknown: dict[Path, set[int]] = {}
    for hole in holes:
        for k, part in enumerate(hole.path):
            if not isinstance(part, int) or k >= len(hole.pointers):
                continue
            node = resolve(schema, hole.pointers[k])
            if not isinstance(node, Mapping):
                continue
            keys = node.get("x-kubernetes-list-map-keys") or ()
            after = hole.path[k + 1] if k + 1 < len(hole.path) else None
            if after is None or after in keys or node.get("x-kubernetes-list-type") == "set":
                unknown.setdefault(hole.path[:k], set()).add(part)
    above = {pointer for hole in holes for pointer in hole.pointers}
    errors: list[FieldError] = []

    def walk(item: Any, node: Mapping[str, Any] | None, pointer: str, path: Path) -> None:
        if node is None:
            return
        if isinstance(item, list):
            list_type = node.get("x-kubernetes-list-type")
            if list_type in ("set", "map"):
                keys = node.get("x-kubernetes-list-map-keys") or ()
                skip = frozenset(unknown.get(path, ()))
                errors.extend(
                    list_type_errors(field_path(schema, path), list_type, keys, item, skip)
                )
            if pointer + "/items" in above:
                for index, element in enumerate(item):
                    walk(element, schema_child(node, index), pointer + "/items", (*path, index))
        elif isinstance(item, Mapping):
            for key, member in item.items():
                child = schema_child(node, key)
                if child is not None and (step := pointer + _pointer_step(node, key)) in above:
                    walk(member, child, step, (*path, key))

    walk(value, schema, "", ())
    return errors


_relaxed_validators: dict[tuple[int, Reach], tuple[Sidecar, SchemaValidator]] = {}
_relaxed_lock = threading.Lock()


def relaxed_validator(binding: ClassBinding, reach: Reach) -> SchemaValidator:
    """A root validator with the rules above the holes that look at them switched off (cached
    per hole set)."""
    key = (id(binding.sidecar), reach)
    with _relaxed_lock:
        found = _relaxed_validators.get(key)
        if found is None or found[0] is not binding.sidecar:
            from codegen.runtime.cel_hook import cel_hook  # heavy: loaded on first use

            sidecar = binding.sidecar
            schema = relaxed_schema(sidecar.schema, reach)
            validator = SchemaValidator(
                schema,
                kind=sidecar.kind,
                group=sidecar.group,
                version=sidecar.version,
                status_subresource=sidecar.status_subresource,
                cluster_scoped=sidecar.cluster_scoped,
                scale=sidecar.scale,
                root=True,
                cel=cel_hook(schema, root_is_resource=True),
            )
            found = (binding.sidecar, validator)
            _relaxed_validators[key] = found
        return found[1]


# --------------------------------------------------------------------------- the wire format

# The largest integer magnitude a float64 holds exactly together with all smaller ones. Pulumi's
# Python SDK serializes every int as `number_value=float(value)` (pulumi.runtime.rpc), and the
# engine and providers keep numbers as float64: beyond this an integer arrives altered
# (2^53 + 1 as 2^53, 2^63 - 1 as 2^63, which an int64 field then refuses).
MAX_EXACT_INTEGER: Final = 2**53


def inexact_integers(value: Any) -> list[tuple[Path, int]]:
    """The integers in `value` (wire JSON) that a float64 cannot carry exactly, in document
    order, with their paths."""
    found: list[tuple[Path, int]] = []
    pending: list[tuple[Path, Any]] = [((), value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, Mapping):
            pending.extend(((*path, k), v) for k, v in reversed(list(item.items())))
        elif isinstance(item, (list, tuple)):
            pending.extend(((*path, i), v) for i, v in reversed(list(enumerate(item))))
        elif (
            isinstance(item, int)
            and not isinstance(item, bool)
            and not -MAX_EXACT_INTEGER <= item <= MAX_EXACT_INTEGER
        ):
            found.append((path, int(item)))
    return found


def _unsendable_detail(number: int) -> str:
    try:
        arrival = f"this one would arrive as {int(float(number))}"
    except OverflowError:
        arrival = "this one is beyond float64's range and cannot be sent at all"
    return (
        "Pulumi sends every number as a float64, which holds integers exactly only within "
        f"±2^53 ({MAX_EXACT_INTEGER}); {arrival}. No Pulumi input can carry this value "
        "exactly: use one within ±2^53, or apply this object with kubectl instead"
    )


def unsendable_causes(schema: Mapping[str, Any], value: Any) -> list[FieldError]:
    """One error per integer of `value` that Pulumi would send altered (see `MAX_EXACT_INTEGER`)."""
    return [
        # named as the schema's own errors name the field (a type error at the same place)
        FieldError(
            ErrorType.INVALID, field_path(schema, path, dotted_keys=True), _unsendable_detail(n), n
        )
        for path, n in inexact_integers(value)
    ]


# --------------------------------------------------------------------------- checking


def _candidate(
    resource_name: str, body: Mapping[str, Any], name_known: bool
) -> tuple[dict[str, Any], bool, bool]:
    """The object to validate, whether it names itself (a name or a generateName), and whether
    the name checked is made up (then not sent): Pulumi auto-names a resource without either
    from `resource_name` (`AUTONAME_SUFFIX`), and the API server names one with a generateName
    only before it validates it (`with_generated_name`)."""
    metadata = body.get("metadata")
    name_given = isinstance(metadata, Mapping) and bool(
        metadata.get("name") or metadata.get("generateName")
    )
    candidate = dict(body)
    if not name_given and name_known:
        base = dict(metadata) if isinstance(metadata, Mapping) else {}
        candidate["metadata"] = {**base, "name": f"{resource_name}-{AUTONAME_SUFFIX}"}
        return candidate, False, True
    if name_given and name_known:
        named = with_generated_name(candidate)
        return named, True, named is not candidate
    return candidate, name_given, False


# pulumi-kubernetes names an object without a name `<resource name>-<8 random hex digits>`
# (metadata.AssignNameIfAutonamable): what is checked stands in 8 letters for the random part.
AUTONAME_SUFFIX: Final = "xxxxxxxx"


def _display_name(candidate: Mapping[str, Any], resource_name: str, made_up: bool) -> str:
    metadata = candidate.get("metadata")
    if isinstance(metadata, Mapping):
        # a name made from a generateName is not the object's: the prefix names it
        name = (None if made_up else metadata.get("name")) or metadata.get("generateName")
        if isinstance(name, str) and name:
            return name
    return resource_name


def _finish(
    binding: ClassBinding,
    resource_name: str,
    candidate: Mapping[str, Any],
    name_given: bool,
    result: ValidationResult,
    errors: Sequence[FieldError],
    made_up: bool,
) -> dict[str, Any]:
    # an auto-named object is named in messages by its Pulumi resource name
    display = _display_name(candidate, resource_name, made_up) if name_given else resource_name
    for warning in result.warnings:
        pulumi.log.warn(f'{binding.sidecar.kind}.{binding.sidecar.group} "{display}": {warning}')
    if errors:
        raise InvalidResourceError(
            kind=binding.sidecar.kind,
            group=binding.sidecar.group,
            name=display,
            causes=tuple(errors),
            warnings=tuple(result.warnings),
        )
    unsendable = unsendable_causes(binding.sidecar.schema, result.value)
    if unsendable:
        raise UnsendableResourceError(
            kind=binding.sidecar.kind,
            group=binding.sidecar.group,
            name=display,
            causes=unsendable,
            warnings=tuple(result.warnings),
        )
    value = dict(result.value)
    if made_up:  # the server (or Pulumi) gives the real name
        metadata_out = dict(value.get("metadata") or {})
        metadata_out.pop("name", None)
        if metadata_out:
            value["metadata"] = metadata_out
        else:
            value.pop("metadata", None)
    return value


def checked(
    binding: ClassBinding,
    resource_name: str,
    body: dict[str, Any],
    field_validation: FieldValidation,
) -> dict[str, Any]:
    """Validate and default `body` (fully known); raise InvalidResourceError naming the resource."""
    candidate, name_given, made_up = _candidate(resource_name, body, name_known=True)
    result = binding.validate(candidate, field_validation=field_validation)
    return _finish(binding, resource_name, candidate, name_given, result, result.errors, made_up)


def checked_known_parts(
    binding: ClassBinding,
    resource_name: str,
    known: dict[str, Any],
    holes: Sequence[Hole],
    field_validation: FieldValidation,
) -> dict[str, Any]:
    """Validate and default what is known of a body whose `holes` are still Outputs."""
    if not holes:
        return checked(binding, resource_name, known, field_validation)
    warn_if_deprecated(binding.sidecar, stacklevel=4)
    holes = [*holes, *_name_from_unknown_prefix(binding.sidecar.schema, known, holes)]
    validator = relaxed_validator(binding, hole_reach(holes))
    name_hole = any(hole.path[:2] in (("metadata",), ("metadata", "name")) for hole in holes)
    candidate, name_given, made_up = _candidate(resource_name, known, name_known=not name_hole)
    result = validator.validate(candidate, field_validation=field_validation, path_prefix="")
    errors = [e for e in result.errors if not any(hole.covers(e) for hole in holes)]
    errors += known_duplicates(binding.sidecar.schema, result.value, holes)
    if any(_is_cel_skipped(e) for e in errors) and not any(
        e.type in BLOCKING_ERROR_TYPES for e in errors
    ):
        # CEL was skipped only for errors the holes caused (a required member left out, a
        # placeholder element): run it now on the known parts.
        errors = [e for e in errors if not _is_cel_skipped(e)]
        if validator.cel is not None:
            cel_errors, cel_warnings = validator.cel.validate(
                validator.node, result.value, MISSING, ""
            )
            errors.extend(e for e in cel_errors if not any(hole.covers(e) for hole in holes))
            result = ValidationResult(
                result.value, result.errors, (*result.warnings, *cel_warnings)
            )
    return _finish(
        binding, resource_name, candidate, name_given or name_hole, result, errors, made_up
    )


def _name_from_unknown_prefix(
    schema: Mapping[str, Any], known: Mapping[str, Any], holes: Sequence[Hole]
) -> list[Hole]:
    """A name hole where the name will be made from a generateName still unknown (and none is
    given): the server names the object from it, so whatever reads or checks the name waits
    for it, and Pulumi does not auto-name the object (AssignNameIfAutonamable)."""
    prefix = next((h for h in holes if h.path == ("metadata", "generateName")), None)
    metadata = known.get("metadata")
    if prefix is None or (isinstance(metadata, Mapping) and metadata.get("name")):
        return []
    path: Path = ("metadata", "name")
    if any(h.path == path for h in holes):
        return []
    return [_name_made_from(prefix, schema)]


def _name_made_from(prefix: Hole, schema: Mapping[str, Any] | None = None) -> Hole:
    """The hole of the name the server makes from the generateName hole `prefix`."""
    path: Path = ("metadata", "name")
    pointers = locate(schema, path)[0] if schema is not None else []
    return Hole(path, "metadata.name", "metadata.name", prefix.output, tuple(pointers), True)


def _is_cel_skipped(error: FieldError) -> bool:
    return error.field is None and error.detail == CEL_SKIPPED_DETAIL


def value_at(root: Any, path: Path) -> Any:
    node = root
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None
            node = node[part]
        else:
            if not isinstance(node, Mapping):
                return None
            node = node.get(part)
    return node


def set_at(root: dict[str, Any], path: Path, value: Any) -> bool:
    """Put `value` at `path` in `root`, creating missing parent objects; False if it cannot."""
    node: Any = root
    for part in path[:-1]:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False
            node = node[part]
        else:
            if not isinstance(node, dict):
                return False
            node = node.setdefault(part, {})
    last = path[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or last >= len(node):
            return False
        node[last] = value
        return True
    if not isinstance(node, dict):
        return False
    node[last] = value
    return True


class _Shielded:
    """A member of the resource that a top-level field of the same name must not hide.

    The SDK stores each property's output straight in the instance's `__dict__`, under the
    property's name (`rpc.transfer_properties`): a CRD field named `translate_output_property`
    or `validated_body` would replace the SDK's method or ours. A data descriptor is looked up
    before the instance's `__dict__`, so this keeps the member: a method of the base class, or
    a value kept apart from the field's output."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name
        self._slot = f"_shielded_{name}"

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is not None and self._slot in obj.__dict__:
            return obj.__dict__[self._slot]
        member = getattr(CustomResource, self._name, None)
        if member is None:
            raise AttributeError(self._name)
        return member if obj is None else member.__get__(obj, owner)

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self._slot] = value


class TypedCustomResource(CustomResource):
    """A CustomResource whose body is checked against its CRD schema before registration.

    `validated_body` is what is sent: the validated object with CRD defaults applied, in wire
    JSON (camelCase). Where a value was an Output at construction it holds an Output that
    resolves to the validated value at that path once the whole object has been re-checked.
    """

    API_VERSION: ClassVar[str]
    KIND: ClassVar[str]
    FIELD_VALIDATION: ClassVar[FieldValidation] = FieldValidation.STRICT

    validated_body: dict[str, Any] = _Shielded()  # type: ignore[assignment]
    # the SDK's methods it calls on the resource, whatever the CRD's top-level fields
    translate_output_property = _Shielded()
    translate_input_property = _Shielded()
    get_provider = _Shielded()
    # The resource's outputs, as the Pulumi SDK sets them: one attribute per property sent,
    # named as in the manifest (the generated classes declare their top-level fields too).
    apiVersion: pulumi.Output[str]
    kind: pulumi.Output[str]
    metadata: pulumi.Output[Any]

    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None,
        *,
        model: type[K8sModel],
        inputs: Mapping[str, Any],
    ) -> None:
        binding = model.k8s_binding()
        mode = self.FIELD_VALIDATION
        body = resource_object(binding, inputs)
        opts = pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(version=_provider_version())
        )
        check: _CheckAfterTransformations | None = None
        if _transformations_apply(opts):
            # Pulumi runs them inside Resource.__init__, and they may change the object: it is
            # checked as the last of them leaves it (they see it as the user wrote it, as they
            # would a plain CustomResource's).
            check = _CheckAfterTransformations(self, binding, resource_name, mode)
            props = _props(binding, body)
            opts = pulumi.ResourceOptions.merge(
                opts, pulumi.ResourceOptions(transformations=[check.schedule])
            )
        else:
            props = self._checked_props(binding, resource_name, body, mode)
        pulumi.CustomResource.__init__(
            self,
            f"kubernetes:{binding.sidecar.api_version}:{binding.sidecar.kind}",
            resource_name,
            props,
            opts,
        )
        if check is not None:
            check.done()

    def _checked_props(
        self,
        binding: ClassBinding,
        resource_name: str,
        body: dict[str, Any],
        mode: FieldValidation,
    ) -> dict[str, Any]:
        """What is registered for `body`: validated and defaulted, its holes gated (pass 1 raises
        before anything is registered)."""
        known, holes = split_holes(binding.sidecar.schema, body)
        final = checked_known_parts(binding, resource_name, known, holes, mode)
        if holes:
            final = self._gate_holes(binding, resource_name, body, final, holes, mode)
        self.validated_body = final
        return _props(binding, final)

    def _gate_holes(
        self,
        binding: ClassBinding,
        resource_name: str,
        body: dict[str, Any],
        final: dict[str, Any],
        holes: Sequence[Hole],
        mode: FieldValidation,
    ) -> dict[str, Any]:
        """Pass 2: each hole's value comes from the whole object, re-validated once resolved."""

        def check_resolved(args: list[Any]) -> dict[str, Any]:
            # A resolved value may itself be an Args instance or use snake_case keys. An
            # InvalidResourceError raised here fails this resource's registration; Pulumi
            # reports it as "While processing resource: '<name>' ... <kubectl-style errors>".
            resolved, secret = args
            wire: dict[str, Any] = to_wire(plain_inputs(resolved), binding.names)
            try:
                return checked(binding, resource_name, wire, mode)
            except InvalidResourceError as exc:
                invalid = exc
            # raised out here: the original, with the plain values, is not its context
            secret_holes = [h for h, s in zip(holes, secret, strict=True) if s]
            values = [value_at(wire, h.path) for h in secret_holes]
            raise _without_secrets(invalid, secret_holes, values)

        async def secrecy() -> list[bool]:
            return [await hole.output.is_secret() for hole in holes]

        whole: pulumi.Output[dict[str, Any]] = pulumi.Output.all(
            pulumi.Output.from_input(body),
            pulumi.Output.from_input(cast("pulumi.Input[list[bool]]", secrecy())),
        ).apply(check_resolved)
        # The gate carries no secrecy of its own: each hole keeps its own Output's.
        gate = pulumi.Output.unsecret(whole)
        out = copy.deepcopy(final)  # plain data: the holes are not in it yet
        for hole in holes:
            if not hole.allowed:
                continue  # an unknown field, pruned (Warn/Ignore) or already reported (Strict)
            set_at(out, hole.path, _gated(gate, hole, names_at(binding, hole.path)))
        return out


def _props(binding: ClassBinding, body: Mapping[str, Any]) -> dict[str, Any]:
    """The resource's properties: apiVersion, kind and metadata first, then the rest of `body`."""
    props: dict[str, Any] = {
        "apiVersion": binding.sidecar.api_version,
        "kind": binding.sidecar.kind,
        "metadata": body.get("metadata"),
    }
    props.update({k: v for k, v in body.items() if k not in ("apiVersion", "kind", "metadata")})
    return props


def _transformations_apply(opts: pulumi.ResourceOptions) -> bool:
    """Whether Pulumi will run transformations on the resource: its own, or those its parent
    (the stack by default) passes down, `register_stack_transformation`'s included."""
    parent = opts.parent if opts.parent is not None else pulumi.runtime.get_root_resource()
    return bool(opts.transformations) or bool(getattr(parent, "_transformations", None))


class _CheckAfterTransformations:
    """Checks a resource's properties after the last transformation Pulumi runs on it.

    `schedule` is one of the resource's transformations: when it runs, it appends `run` to the
    list being applied (the resource's own transformations, then its parent's), so `run` comes
    after all of them, with the properties they leave. `run` validates those as the resource's
    constructor validates its inputs when there is no transformation, and returns what is
    registered. If the SDK did not apply the list that way, `schedule` runs the check itself,
    and `done` refuses a resource the check never saw.
    """

    def __init__(
        self,
        resource: TypedCustomResource,
        binding: ClassBinding,
        resource_name: str,
        mode: FieldValidation,
    ) -> None:
        self._resource = resource
        self._binding = binding
        self._name = resource_name
        self._mode = mode
        self._ran = False

    def schedule(
        self, args: pulumi.ResourceTransformationArgs
    ) -> pulumi.ResourceTransformationResult | None:
        if args.resource is not self._resource:
            return None  # inherited by a child of the resource
        applied = getattr(args.resource, "_transformations", None)
        if isinstance(applied, list) and applied and applied[-1] is not self.run:
            applied.append(self.run)
            return None
        return self.run(args)

    def run(
        self, args: pulumi.ResourceTransformationArgs
    ) -> pulumi.ResourceTransformationResult | None:
        if args.resource is not self._resource or self._ran:
            return None
        self._ran = True
        body = resource_object(self._binding, args.props)
        body["apiVersion"] = self._binding.sidecar.api_version  # checked as this kind
        body["kind"] = self._binding.sidecar.kind
        props = self._resource._checked_props(self._binding, self._name, body, self._mode)
        return pulumi.ResourceTransformationResult(props, args.opts)

    def done(self) -> None:
        applied = getattr(self._resource, "_transformations", None)
        if isinstance(applied, list):  # children do not inherit the check
            applied[:] = [t for t in applied if t not in (self.schedule, self.run)]
        if not self._ran:
            raise RuntimeError(
                f"{self._name}: Pulumi did not run the transformations as expected, so the "
                "resource was not checked after them"
            )


SECRET_SHOWN: Final = "[secret]"


_ARRIVAL: Final = re.compile(r"(would arrive as )-?\d+")  # `_unsendable_detail`'s rounding


def _without_secrets(
    error: InvalidResourceError, secret: Sequence[Hole], values: Sequence[Any] = ()
) -> InvalidResourceError:
    """`error` with the values under secret Outputs shown as [secret], as Pulumi shows them:
    in the causes at or below a secret hole, and in any other cause that quotes a secret's
    text (`values`, resolved; ObjectMeta's errors name no label key or list item)."""
    if not secret:
        return error
    prefix = next((h for h in secret if h.path == ("metadata", "generateName")), None)
    if prefix is not None:  # the name the server makes of a secret prefix is secret too
        secret = [*secret, _name_made_from(prefix)]
    texts = [v for v in values if isinstance(v, str) and len(v) >= 3]
    causes = []
    for cause in error.causes:
        quoted = [t for t in texts if cause.bad_value == t or t in cause.detail]
        if quoted or any(hole.covers(cause) for hole in secret):
            detail = cause.detail
            for text in quoted:
                detail = detail.replace(text, SECRET_SHOWN)
            if isinstance(cause.bad_value, str) and len(cause.bad_value) >= 3:
                detail = detail.replace(cause.bad_value, SECRET_SHOWN)
            detail = _ARRIVAL.sub(lambda match: f"{match[1]}{SECRET_SHOWN}", detail)
            detail = hide_accessor_value(detail, SECRET_SHOWN)
            shown = cause.bad_value if cause.bad_value is OMITTED else SECRET_SHOWN
            cause = FieldError(cause.type, cause.field, detail, shown)
        causes.append(cause)
    # The heading names the object: a secret metadata.name is not shown there either.
    name_hidden = any(
        hole.path in (("metadata",), ("metadata", "name"), ("metadata", "generateName"))
        for hole in secret
    )
    name = SECRET_SHOWN if name_hidden else error.name
    return type(error)(error.kind, error.group, name, causes, error.warnings)


def _gated(gate: pulumi.Output[Any], hole: Hole, names: NameNode | None) -> pulumi.Output[Any]:
    """What is sent for `hole`: its value read from the validated whole (`gate`). While the
    whole is unknown (a preview with another value unknown) and the hole's own value is
    known, that value as written (in the CRD's names), as Pulumi shows an untyped resource's
    known values; it is validated with the whole when that resolves."""

    async def known() -> bool:
        return await gate.is_known() or await hole.output.is_known()

    async def value() -> Any:
        if await gate.is_known():
            return value_at(await gate.future(), hole.path)
        return to_wire(plain_inputs(await hole.output.future()), names)

    async def resources() -> set[pulumi.Resource]:
        return await gate.resources() | await hole.output.resources()

    return pulumi.Output(_Lazy(resources), _Lazy(value), _Lazy(known), _Lazy(hole.output.is_secret))


class _Lazy(Generic[_T]):
    """An awaitable that makes its coroutine only when awaited: an Output the program never
    gets to resolve (it failed first) then leaves no coroutine behind never awaited."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], Coroutine[Any, Any, _T]]) -> None:
        self._make = make

    def __await__(self) -> Generator[Any, None, _T]:
        return self._make().__await__()


def names_at(binding: ClassBinding, path: Path) -> NameNode | None:
    """The name translation of the schema node at `path` (None: nothing to translate)."""
    node = binding.names
    for part in path:
        if node is None:
            return None
        node = node.items if isinstance(part, int) else node.properties.get(part, node.values)
    return node


def _provider_version() -> str | None:
    from pulumi_kubernetes import _utilities

    version: Any = _utilities.get_version()  # type: ignore[no-untyped-call]
    return str(version) if version else None
