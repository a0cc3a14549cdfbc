"""The API server's validation of a CRD's `default` values (apiextensions-apiserver
`pkg/apiserver/schema/defaulting/validation.go`, `ValidateDefaults`), which refuses the CRD.

It runs once a version's schema is structural, on every node with a non-null `default` reached
through `properties` and `items` (not `additionalProperties`, not allOf/anyOf/oneOf/not), parents
before children; the value is checked as written (the defaults of the fields inside it are not
applied first):

- it must not lose anything to pruning against its own node ("must not have unknown fields");
- the embedded resources in it must decode (`objectmeta.Coerce`: the first error only) and then
  validate (`objectmeta.Validate`: apiVersion and kind, ObjectMeta);
- otherwise it must pass kube-openapi's validation of its node (types, enum, bounds, lengths,
  patterns, formats, required, and everything nested; `validate_schema`), errors reported under
  `<node>.default` with the server's messages; list types are not checked, as on the server;
- and only if all of that passed, the CEL rules of the node and below, with `self` the default:
  once as an update from the default to itself (transition rules run, with `oldSelf` the
  default; the other rules ratchet), then, if that found nothing, as a create; one cost budget
  is shared by every default of the version, and an exhausted budget stops the check.

The nodes under an embedded resource's (or the resource's own) `apiVersion`, `kind` and
`metadata` are not pruned; their default is put into an object of kind "Validation" at its
place, and that object must have valid metadata ("must result in valid metadata: ...").

`load` runs everything but CEL (`default_errors`): CRDs without defaults cost one dictionary
look-up per schema node, and a default that obviously fits its node (an empty string for a plain
`type: string`) costs no schema compilation either. The CEL rules run with the rest of CEL's
check (`codegen.cel_check` -> `default_rule_errors`), from the rules already compiled there;
when `load` finds a bad default it runs them at once too, so that every problem is listed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from codegen.runtime.cel import CelValidator
    from codegen.runtime.cel.validator import _Node as CelNode
    from codegen.runtime.errors import FieldError
    from codegen.runtime.structural import Node
    from codegen.structural_checks import DefaultSites, _Path

__all__ = ["default_errors", "default_rule_errors"]

_META: Final = frozenset({"apiVersion", "kind", "metadata"})
_EMBEDDED: Final = "x-kubernetes-embedded-resource"
_RULES: Final = "x-kubernetes-validations"
# Keys that cannot make a scalar default of the node's own JSON type invalid.
_INERT: Final = frozenset(
    {"type", "default", "description", "title", "example", "nullable", "externalDocs", _RULES}
)
_INT64: Final = 2**63


class _Site:
    """A schema node with a default, and where it sits."""

    __slots__ = ("embedded", "inside_meta", "meta_of_root", "path", "raw", "steps", "surround")

    def __init__(
        self,
        raw: Mapping[str, Any],
        path: str,
        steps: tuple[str | None, ...],
        embedded: bool,
        inside_meta: bool = False,
        surround: tuple[str | None, ...] = (),
        meta_of_root: bool = False,
    ) -> None:
        self.raw = raw
        self.path = path  # the default's field path: `<schema path>.properties[spec]...default`
        self.steps = steps  # from the schema's root: property names, None for `items`
        self.embedded = embedded  # an embedded resource, or the resource's root
        self.inside_meta = inside_meta  # at/below apiVersion, kind or metadata of the nearest
        # embedded resource; where the default goes in the object of kind "Validation" made
        # from that embedded resource; and whether that is the resource's root
        self.surround = surround
        self.meta_of_root = meta_of_root


def _locate(schema: Mapping[str, Any], site: _Path, base: str) -> _Site | None:
    """The site at `site` (a path from `check_structural_schema`), or None when the server
    does not look at it (below additionalProperties)."""
    from codegen.structural_checks import _text

    steps: list[tuple[str, Any]] = []
    cursor = site
    while cursor is not None:
        cursor, key, name = cursor
        if key not in ("properties", "items"):
            return None
        steps.append((key, name))
    steps.reverse()
    node: Mapping[str, Any] = schema
    embedded, inside, of_root = True, False, True
    surround: list[str | None] = []
    names: list[str | None] = []
    for key, name in steps:
        child = node["properties"][name] if key == "properties" else node["items"]
        if key == "properties" and embedded and name in _META:
            inside = True
        embedded = child.get(_EMBEDDED) is True
        if embedded:
            inside, of_root, surround = False, False, []
        else:
            surround.append(name if key == "properties" else None)
        names.append(name if key == "properties" else None)
        node = child
    return _Site(
        raw=node,
        path=f"{base}{_text(site)}.default",
        steps=tuple(names),
        embedded=embedded or not steps,
        inside_meta=inside,
        surround=tuple(surround),
        meta_of_root=inside and of_root,
    )


def _obviously_valid(raw: Mapping[str, Any], value: Any) -> bool:
    """A scalar default of its node's own type that none of the node's keywords can refuse (an
    enum of strings that has it, lengths it has, an int32 or int64 it fits): nothing
    kube-openapi checks can fail. False says nothing."""
    kind = type(value)
    node_type = raw.get("type")
    if node_type == "string":
        if kind is not str:
            return False
    elif node_type == "integer":
        if kind is not int or not -_INT64 <= value < _INT64:
            return False
    elif node_type == "boolean":
        if kind is not bool:
            return False
    elif node_type != "number" or not (
        (kind is int and -_INT64 <= value < _INT64) or (kind is float and value - value == 0)
    ):
        return False
    for key, limit in raw.items():
        if key in _INERT:
            continue
        if kind is str:
            if key == "enum":
                if not isinstance(limit, list) or not any(
                    type(e) is str and e == value for e in limit
                ):
                    return False
                continue
            if key in ("maxLength", "minLength") and type(limit) is int:
                if len(value) > limit if key == "maxLength" else len(value) < limit:
                    return False
                continue
        elif (
            kind is int
            and node_type == "integer"
            and key == "format"
            and (limit == "int64" or (limit == "int32" and -(2**31) <= value < 2**31))
        ):
            continue
        return False
    return True


def _compiled(raw: Mapping[str, Any], value: Any) -> Node:
    """`raw` compiled for checking `value`: with only the properties that `value` has (at every
    level), since the others cannot change the result and an object default such as `{}` can
    sit on a large subtree."""
    from codegen.runtime.structural import compile_schema

    node = compile_schema(_shaped(raw, [value]))
    assert node is not None
    return node


def _shaped(raw: Mapping[str, Any], values: list[Any]) -> Mapping[str, Any]:
    """`raw` without the properties (below it too) that none of `values` has."""
    objects = [v for v in values if isinstance(v, dict)]
    lists = [v for v in values if isinstance(v, list)]
    changed: dict[str, Any] = {}
    props = raw.get("properties")
    if isinstance(props, dict) and props:
        present = {k: [o[k] for o in objects if k in o] for k in props}
        kept = {
            k: _shaped(props[k], v)
            for k, v in present.items()
            if v and isinstance(props[k], Mapping)
        }
        if len(kept) != len(props) or any(kept[k] is not props[k] for k in kept):
            changed["properties"] = kept
    additional = raw.get("additionalProperties")
    if isinstance(additional, Mapping):
        below = [
            v for o in objects for k, v in o.items() if not (isinstance(props, dict) and k in props)
        ]
        shaped = _shaped(additional, below)
        if shaped is not additional:
            changed["additionalProperties"] = shaped
    items = raw.get("items")
    if isinstance(items, Mapping):
        shaped = _shaped(items, [v for lst in lists for v in lst])
        if shaped is not items:
            changed["items"] = shaped
    return {**raw, **changed} if changed else raw


def _rebased(base: str, errors: Sequence[FieldError]) -> Iterator[FieldError]:
    """kube-openapi's errors (paths relative to the value) under `base`, as
    `kubeOpenAPIResultToFieldErrors(base, ...)` puts them: `base.Child(name)`."""
    from dataclasses import replace

    for error in errors:
        yield replace(error, field=base if not error.field else f"{base}.{error.field}")


def _coerce_error(path: str, value: Any, node: Node | None, embedded: bool) -> FieldError | None:
    """`objectmeta.Coerce` (without dropping): the first apiVersion/kind that is not a string
    or metadata that does not decode as ObjectMeta, in the embedded resources of `value`."""
    if node is None or not (embedded or node.has_embedded):
        return None
    from codegen.runtime.embedded_meta import decode_error
    from codegen.runtime.errors import ErrorType, FieldError
    from codegen.runtime.listtype import child_path, index_path, key_path

    if isinstance(value, dict):
        props = node.properties or {}
        for key, item in value.items():
            if embedded or node.embedded:
                if key in ("apiVersion", "kind") and not isinstance(item, str):
                    return FieldError(
                        ErrorType.INVALID, child_path(path, key), "must be a string", item
                    )
                if key == "metadata":
                    problem = decode_error(item)
                    if problem is not None:
                        return FieldError(ErrorType.INVALID, child_path(path, key), problem, item)
            sub = props.get(key)
            found = (
                _coerce_error(child_path(path, key), item, sub, False)
                if sub is not None
                else _coerce_error(key_path(path, key), item, node.additional, False)
            )
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _coerce_error(index_path(path, index), item, node.items, False)
            if found is not None:
                return found
    return None


def _schema_errors(site: _Site, value: Any) -> tuple[list[FieldError], bool]:
    """Everything but CEL, for one default (`validate` in the server's validation.go), and
    whether its rules are evaluated next (a pruning error alone does not stop them)."""
    if site.inside_meta:
        return _inside_meta_errors(site, value)
    if _obviously_valid(site.raw, value):
        return [], True
    from codegen.runtime.openapi_validation import validate_schema

    node = _compiled(site.raw, value)
    errors: list[FieldError] = []
    if isinstance(value, (dict, list)):  # a scalar has nothing to prune, no resource in it
        from codegen.runtime.defaulting import deep_copy_json
        from codegen.runtime.errors import ErrorType, FieldError
        from codegen.runtime.pruning import prune

        pruned = deep_copy_json(value)
        prune(
            pruned, node, is_resource_root=site.embedded, track_paths=False, coerce_metadata=False
        )
        if pruned != value:  # pruning only ever deletes keys
            errors.append(
                FieldError(ErrorType.INVALID, site.path, "must not have unknown fields", value)
            )
        coerce = _coerce_error(site.path, value, node, site.embedded)
        if coerce is not None:
            return [*errors, coerce], False
        if site.embedded or node.has_embedded:
            from codegen.runtime.metadata import _validate_embedded, validate_embedded_resources

            meta_errors = (
                _validate_embedded(site.path, value)
                if site.embedded and not node.embedded and isinstance(value, dict)
                else []  # the resource's root, an embedded resource for this check only
            )
            meta_errors.extend(validate_embedded_resources(site.path, value, node))
            if meta_errors:
                return [*errors, *meta_errors], False
    invalid = list(_rebased(site.path, validate_schema(node, value)))
    return [*errors, *invalid], not invalid


_TYPE_AND_OBJECT_META = ("apiVersion", "kind", "metadata")


def _inside_meta_errors(site: _Site, value: Any) -> tuple[list[FieldError], bool]:
    """A default at or below apiVersion/kind/metadata: put in an object of kind "Validation"
    (surroundingobject.go's WithTypeMeta fills in only what the default leaves out, so a
    defaulted kind or apiVersion is checked as the embedded resource's own), which must be a
    valid embedded resource; then the value is validated against its node (not pruned)."""
    head = site.surround[:1]
    if not site.meta_of_root and head and head[0] in _TYPE_AND_OBJECT_META:
        from codegen.runtime.errors import ErrorType, FieldError, aggregate_message
        from codegen.runtime.metadata import _validate_embedded

        holder: Any = value
        for name in reversed(site.surround[1:]):
            holder = [holder] if name is None else {name: holder}
        test_object = {"apiVersion": "validation/v1", "kind": "Validation", head[0]: holder}
        meta_errors = _validate_embedded(None, test_object)
        if meta_errors:
            detail = f"must result in valid metadata: {aggregate_message(meta_errors)}"
            return [FieldError(ErrorType.INVALID, site.path, detail, value)], False
    if _obviously_valid(site.raw, value):
        return [], True
    from codegen.runtime.openapi_validation import validate_schema

    invalid = list(_rebased(site.path, validate_schema(_compiled(site.raw, value), value)))
    return invalid, not invalid


def _sites(
    schema: Mapping[str, Any], sites: DefaultSites, base: str, *, all_of_them: bool
) -> Iterator[_Site]:
    """The defaults the server looks at. Unless `all_of_them`, not those that obviously fit
    their node and cannot be in an embedded resource's metadata (which costs nothing)."""
    for path, raw in sites.nodes:
        if not all_of_them and not sites.embedded and _obviously_valid(raw, raw["default"]):
            continue
        site = _locate(schema, path, base)
        if site is not None:
            yield site


def default_errors(schema: Mapping[str, Any], sites: DefaultSites, base: str) -> list[FieldError]:
    """Every bad default of one version's structural `schema` (at field path `base`, e.g.
    `spec.versions[0].schema.openAPIV3Schema`), given the `sites` that
    `check_structural_schema` collected. When one is found, the CEL rules are evaluated on the
    defaults too (`default_rule_errors`), so that the list is the server's whole list."""
    errors: list[FieldError] = []
    for site in _sites(schema, sites, base, all_of_them=False):
        errors.extend(_schema_errors(site, site.raw["default"])[0])
    if errors and _RULES in json.dumps(schema):
        from codegen.runtime.cel import CelValidator

        # a rule that does not compile is a "rule compile error" where a default reaches it
        validator = CelValidator.compile(schema, root_is_resource=True, defer_compile_errors=True)
        errors = _all_errors(_sites(schema, sites, base, all_of_them=True), validator)
    return errors


def _all_errors(sites: Iterator[_Site], validator: CelValidator) -> list[FieldError]:
    """Schema and CEL errors of every default, in the server's order."""
    errors: list[FieldError] = []
    budget = validator.cost_budget
    for site in sites:
        value = site.raw["default"]
        found, rules_run = _schema_errors(site, value)
        errors.extend(found)
        if not rules_run:
            continue
        node = _cel_node(validator, site.steps)
        if node is None or not node.any_rules:
            continue
        rule_errors, budget = _rule_errors(validator, node, site, value, budget)
        errors.extend(rule_errors)
        if budget < 0:
            break
    return errors


def _cel_node(validator: CelValidator, steps: tuple[str | None, ...]) -> CelNode | None:
    node: CelNode | None = validator.root
    for name in steps:
        if node is None:
            return None
        node = node.items if name is None else node.properties.get(name)
    return node


def _rule_errors(
    validator: CelValidator, node: CelNode, site: _Site, value: Any, budget: int
) -> tuple[list[FieldError], int]:
    """The rules of `node` and below on its default, as ValidateDefaults runs them: with the
    default as its own old value (transition rules run; nothing ratchets: the call has no
    WithRatcheting), then, when that passes, as a create (for the rules with
    optionalOldSelf); the budget left is the smaller of the two."""
    from codegen.runtime.cel import MISSING

    errors, _, left = validator.validate_node(
        node, value, value, path=site.path, budget=budget, is_root=site.embedded, ratchet=False
    )
    if not errors:
        errors, _, left_create = validator.validate_node(
            node, value, MISSING, path=site.path, budget=budget, is_root=site.embedded
        )
        left = min(left, left_create)
    return errors, left


def default_rule_errors(
    schema: Mapping[str, Any], base: str, validator: CelValidator
) -> list[FieldError]:
    """The CEL rules evaluated on the defaults of a version whose `schema` (at field path
    `base`) loaded: every default passed the other checks. `validator` is the schema's rules,
    compiled."""
    errors: list[FieldError] = []
    budget = validator.cost_budget
    for node, site in _rule_sites(validator.root, schema, base):
        rule_errors, budget = _rule_errors(validator, node, site, site.raw["default"], budget)
        errors.extend(rule_errors)
        if budget < 0:
            break
    return errors


def _rule_sites(
    root: CelNode, schema: Mapping[str, Any], base: str
) -> Iterator[tuple[CelNode, _Site]]:
    """The nodes with a default that have rules at or below them, parents first, reached
    through properties and items only (as the server walks)."""
    stack: list[tuple[CelNode, str, tuple[str | None, ...]]] = [(root, "", ())]
    while stack:
        node, text, steps = stack.pop()
        raw = node.schema
        if node.any_rules and raw.get("default") is not None:
            site = _site_at(schema, steps, f"{base}{text}.default")
            yield node, site
        children: list[tuple[CelNode, str, tuple[str | None, ...]]] = []
        if node.items is not None and node.items.any_rules:
            children.append((node.items, f"{text}.items", (*steps, None)))
        for name, child in node.properties.items():
            if child.any_rules:
                children.append((child, f"{text}.properties[{name}]", (*steps, name)))
        stack.extend(reversed(children))


def _site_at(schema: Mapping[str, Any], steps: tuple[str | None, ...], path: str) -> _Site:
    node: Mapping[str, Any] = schema
    embedded = True
    for name in steps:
        node = node["items"] if name is None else node["properties"][name]
        embedded = node.get(_EMBEDDED) is True
    return _Site(node, path, steps, embedded or not steps)
