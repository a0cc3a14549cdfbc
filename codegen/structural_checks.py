"""The structural-schema rules the API server enforces on a CRD's openAPIV3Schema.

Returns (path suffix, message) pairs so the loader can prefix the version's schema path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

import re2

from codegen.runtime.errors import go_quote, go_string_slice, go_value

_TYPES = frozenset({"object", "array", "string", "integer", "number", "boolean"})
# JSON Schema keywords CRDs do not support (specStandardValidatorV3): refused when set (null
# is unset), and the map-valued ones only when not empty. `$schema` is refused by NewStructural
# only (`check_structural_schema`).
_UNSUPPORTED = ("id", "additionalItems", "patternProperties", "definitions", "dependencies", "$ref")
_UNSUPPORTED_WHEN_EMPTY = ("additionalItems", "dependencies", "$ref")
_SCALAR_TYPES = frozenset({"string", "integer", "number", "boolean"})
_VALUE_VALIDATION_KEYS = ("allOf", "anyOf", "oneOf")
# The keys that `_walk` checks or descends into after the node's own checks.
_SUBSCHEMA_KEYS = frozenset({"properties", "additionalProperties", "items", "not"}) | frozenset(
    _VALUE_VALIDATION_KEYS
)


def _check_pattern(pattern: Any, path: str) -> Iterator[tuple[str, str]]:
    if not isinstance(pattern, str):
        yield f"{path}.pattern", "must be a string"
        return
    error = _re2_error(pattern)
    if error is not None:
        yield (
            f"{path}.pattern",
            f"Invalid value: {go_quote(pattern)}: must be a valid regular expression, but "
            f"isn't: {error}",
        )


# RE2's error codes as Go's regexp/syntax words them (the server compiles patterns with Go's
# regexp, the same RE2 syntax): "error parsing regexp: <code>: `<fragment>`".
_GO_REGEXP_CODES = {
    "missing ]": "missing closing ]",
    "missing )": "missing closing )",
    "invalid repetition size": "invalid repeat count",
    "bad repetition operator": "invalid nested repetition operator",
    "no argument for repetition operator": "missing argument to repetition operator",
    "invalid named capture group": "invalid named capture",
    "invalid perl operator": "invalid or unsupported Perl syntax",
    "trailing \\": "trailing backslash at end of expression",
    "pattern too large - compile failed": "expression too large",
}


_QUIET = re2.Options()
_QUIET.log_errors = False  # the refusal is reported as a problem; RE2's own log is noise


@lru_cache(maxsize=4096)
def _re2_error(pattern: str) -> str | None:
    """Why RE2 rejects `pattern`, in Go's words, or None. Cached: big CRDs repeat the same few
    patterns."""
    try:
        re2.compile(pattern, _QUIET)
    except re2.error as exc:
        raw = exc.args[0] if exc.args else str(exc)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        code, _, fragment = text.partition(": ")
        code = _GO_REGEXP_CODES.get(code, code)
        return f"error parsing regexp: {code}: `{fragment}`"
    return None


def _check_extensions(
    node: Mapping[str, Any], node_type: Any, path: str
) -> Iterator[tuple[str, str]]:
    """The x-kubernetes-* extensions against the node's type (apiextensions validation.go)."""
    if node.get("x-kubernetes-preserve-unknown-fields") is False:
        yield (
            f"{path}.x-kubernetes-preserve-unknown-fields",
            "Invalid value: false: must be true or undefined",
        )
    if (
        node.get("x-kubernetes-embedded-resource") is True
        and not node.get("properties")
        and node.get("x-kubernetes-preserve-unknown-fields") is not True
    ):
        yield (
            f"{path}.properties",
            "Required value: must not be empty if x-kubernetes-embedded-resource is true without "
            "x-kubernetes-preserve-unknown-fields",
        )


_RESOURCE_META = ("apiVersion", "kind", "metadata")
_IN_META_MAPS = "inside additionalProperties applying to object metadata"
# The message of a default forbidden below a resource's meta fields: the schema is still
# structural, so the server validates its defaults too (`blocks_default_checks`).
_FORBIDDEN_DEFAULT = "Forbidden: must not be set "


# What NewStructural (decoding the schema into its structural form) and ValidateStructural
# report, in our words; apiextensions validation.go checks the defaults and then compiles the
# CEL rules only of a schema with none of them. Every other problem comes from its OpenAPI
# schema walk, which leaves both to run (a rule is compiled where nothing at its node or below
# it is wrong: `rules_blocked_at`).
_STRUCTURAL_TEXTS = (
    "to be structural",
    "must not be specified in a nested context",
    "Required value: because it is defined in ",
    "Forbidden: must not be used at the root",
    "Required value: must not be empty at the root",
    "Required value: must not be empty for specified ",
    "if x-kubernetes-embedded-resource is true",
    "must not be used if x-kubernetes-embedded-resource is set",
    ": must be object at the root",
    "must be false if x-kubernetes-int-or-string is true",
    "must not specify anything other than name and generateName",
    ": must be a valid regular expression, but isn't",
    " is not supported",  # id, $ref, patternProperties, ...: NewStructural refuses them
    "items must be a schema object and not an array",
)


def blocks_default_checks(path: str, message: str) -> bool:
    """Whether a problem of a version's schema (its path relative to the schema's root) makes
    the server skip the validation of its defaults and the compiling of its CEL rules: one
    that NewStructural or ValidateStructural reports, or a value the server cannot decode."""
    if not message.startswith(("Forbidden", "Required value", "Invalid value", "Unsupported")):
        return True  # a value of the wrong type: the request does not even decode
    if any(text in message for text in _STRUCTURAL_TEXTS):
        return True
    if path.endswith(".items") and message == "Required value: must be specified":
        return True
    if path.endswith(("properties[kind].type", "properties[apiVersion].type")):
        return message.endswith(": must be string")
    return path.endswith("properties[metadata].type") and message.endswith(": must be object")


# What a list node reports at its items' paths (validateMapListKeysMapSet and the set checks
# run on the list after its items were walked): the list's problem, not the items' own.
_REPORTED_BY_THE_LIST = (
    "as item of a list with x-kubernetes-list-type=set",
    "cannot be nullable when x-kubernetes-list-type is ",
    "if parent array's x-kubernetes-list-type is map",
    "this property is in x-kubernetes-list-map-keys",
)


def rules_blocked_at(problems: Sequence[tuple[str, str]]) -> Callable[[str], bool]:
    """Whether the rules at a schema node (by its full path) are left uncompiled by the server
    because a problem (path, message) was found at that node or below it (validation.go: "If
    any schema related validation errors have been found at this level or deeper, skip CEL
    expression validation"). A problem a list reports about its items counts as the list's."""
    reporters = [
        path[: path.rindex(".items")]
        if ".items" in path and any(text in message for text in _REPORTED_BY_THE_LIST)
        else path
        for path, message in problems
    ]

    def blocked(node_path: str) -> bool:
        below = f"{node_path}."
        return any(p == node_path or p.startswith(below) for p in reporters)

    return blocked


def _resource_meta_defaults(node: Any, path: str, reason: str | None) -> Iterator[tuple[str, str]]:
    """The defaults the server forbids below a resource's `apiVersion`, `kind` and `metadata`
    (apiextensions' `withInsideResourceMeta`/`withForbiddenDefaults`): `reason` is why they are
    forbidden here (anywhere in the resource's own: "in top-level metadata"), else None; inside
    an `additionalProperties` below them they always are, an embedded resource's included (the
    server cannot prune a default there without the actual map)."""
    if not isinstance(node, dict):
        return
    if reason is not None and node.get("default") is not None:
        yield f"{path}.default", f"{_FORBIDDEN_DEFAULT}{reason}"
    if node.get("x-kubernetes-embedded-resource") is True:  # nor may a resource be in there
        yield (
            f"{path}.x-kubernetes-embedded-resource",
            "Forbidden: must not be used inside of resource meta",
        )
    properties = node.get("properties")
    if isinstance(properties, dict):
        for name, child in properties.items():
            yield from _resource_meta_defaults(child, f"{path}.properties[{name}]", reason)
    additional = node.get("additionalProperties")
    if isinstance(additional, dict):
        yield from _resource_meta_defaults(
            additional, f"{path}.additionalProperties", _IN_META_MAPS
        )
    items = node.get("items")
    if isinstance(items, dict):
        yield from _resource_meta_defaults(items, f"{path}.items", reason)


def _type_must_be(
    node: Mapping[str, Any], path: str, wanted: str, because: str
) -> Iterator[tuple[str, str]]:
    node_type = node.get("type") or ""
    if node_type != wanted:
        body = "Required value" if not node_type else f"Invalid value: {go_value(node_type)}"
        yield f"{path}.type", f"{body}: must be {wanted} if {because}"


def _check_list_map(node: Mapping[str, Any], path: str) -> Iterator[tuple[str, str]]:
    """x-kubernetes-map-type, -list-type and -list-map-keys against the node's type and items
    (apiextensions' xmaptypenotnil, xlisttypenotnil, validateXListTypeMap and
    validateMapListKeysMapSet), with their texts."""
    map_type = node.get("x-kubernetes-map-type")
    if map_type is not None:
        yield from _type_must_be(node, path, "object", "x-kubernetes-map-type is specified")
        if map_type not in ("atomic", "granular"):
            yield (
                f"{path}.x-kubernetes-map-type",
                f'Unsupported value: {go_value(map_type)}: supported values: "atomic", "granular"',
            )
    list_type = node.get("x-kubernetes-list-type")
    keys = node.get("x-kubernetes-list-map-keys") or []
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        return  # not a []string: the server cannot decode the CRD (`_check_shapes` says so)
    items = node.get("items") if isinstance(node.get("items"), dict) else None
    if keys and list_type != "map":
        body = "Required value" if list_type is None else f"Invalid value: {go_value(list_type)}"
        yield (
            f"{path}.x-kubernetes-list-type",
            f"{body}: must be map if x-kubernetes-list-map-keys is non-empty",
        )
    if list_type is None:
        return
    yield from _type_must_be(node, path, "array", "x-kubernetes-list-type is specified")
    if list_type == "set" and node.get("type") == "array" and items is not None:
        set_item = "must be atomic as item of a list with x-kubernetes-list-type=set"
        item_list_type = items.get("x-kubernetes-list-type")
        if items.get("type") == "array" and item_list_type not in (None, "atomic"):
            yield (
                f"{path}.items.x-kubernetes-list-type",
                f"Invalid value: {go_value(item_list_type)}: {set_item}",
            )
        if items.get("type") == "object" and items.get("x-kubernetes-map-type") != "atomic":
            # (the server prints the items' list type here, usually null)
            yield (
                f"{path}.items.x-kubernetes-map-type",
                f"Invalid value: {go_value(item_list_type)}: {set_item}",
            )
    if list_type not in ("atomic", "set", "map"):
        yield (
            f"{path}.x-kubernetes-list-type",
            f'Unsupported value: {go_value(list_type)}: supported values: "atomic", "set", "map"',
        )
    if list_type in ("set", "map") and items is not None and items.get("nullable") is True:
        yield (
            f"{path}.items.nullable",
            f"Forbidden: cannot be nullable when x-kubernetes-list-type is {list_type}",
        )
    if list_type == "map":
        yield from _check_map_list(node, path, keys, items)


def _check_map_list(
    node: Mapping[str, Any], path: str, keys: list[Any], items: dict[str, Any] | None
) -> Iterator[tuple[str, str]]:
    if not keys:
        yield (
            f"{path}.x-kubernetes-list-map-keys",
            "Required value: must not be empty if x-kubernetes-list-type is map",
        )
    if "items" not in node:
        yield f"{path}.items", "Required value: must have a schema if x-kubernetes-list-type is map"
    elif items is not None and items.get("type") != "object":
        yield (
            f"{path}.items.type",
            f"Invalid value: {go_value(items.get('type') or '')}: must be object if parent "
            "array's x-kubernetes-list-type is map",
        )
    if items is None or items.get("type") != "object":
        return
    props = items.get("properties")
    props = props if isinstance(props, dict) else {}
    required = items.get("required")
    required = required if isinstance(required, list) else []
    seen: set[str] = set()
    for key in keys:
        prop = props.get(key)
        if not isinstance(prop, dict):
            yield (
                f"{path}.x-kubernetes-list-map-keys",
                f"Invalid value: {go_value(go_string_slice(keys))}: entries must all be names of item properties",
            )
        else:
            if prop.get("type") in ("array", "object"):
                yield (
                    f"{path}.items.properties[{key}].type",
                    # (the server prints the items' type, "object", as the bad value)
                    'Invalid value: "object": must be a scalar type if parent array\'s '
                    "x-kubernetes-list-type is map",
                )
            if "default" not in prop and key not in required:
                yield (
                    f"{path}.items.properties[{key}].default",
                    "Required value: this property is in x-kubernetes-list-map-keys, so it must "
                    "have a default or be a required property",
                )
            if prop.get("nullable") is True:
                yield (
                    f"{path}.items.properties[{key}].nullable",
                    "Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be "
                    "nullable",
                )
        if key in seen:
            yield (
                f"{path}.x-kubernetes-list-map-keys",
                f"Invalid value: {go_value(go_string_slice(keys))}: must not contain duplicate entries",
            )
        seen.add(key)


_REASONS = ("FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired")
_LINE_BREAK = re.compile(r"[\n\r]")  # the newlines of CEL's grammar


def _text_of(rule: Mapping[str, Any], key: str) -> str:
    value = rule.get(key)
    return value if isinstance(value, str) else ""  # other types are reported by _check_shapes


def _rule_entry_problems(
    rule: Mapping[str, Any], where: str, node: Mapping[str, Any]
) -> Iterator[tuple[str, str]]:
    """What the server checks of one x-kubernetes-validations entry before compiling it
    (specStandardValidatorV3.validate), with its texts."""
    text, message = _text_of(rule, "rule").strip(), _text_of(rule, "message")
    if not text:
        yield f"{where}.rule", "Required value: rule is not specified"
    elif message and not message.strip():
        yield (
            f"{where}.message",
            f"Invalid value: {go_quote(message)}: message must be non-empty if specified",
        )
    elif _LINE_BREAK.search(message.strip()):
        yield (
            f"{where}.message",
            f"Invalid value: {go_quote(message)}: message must not contain line breaks",
        )
    elif _LINE_BREAK.search(text) and not message.strip():
        yield (
            f"{where}.message",
            "Required value: message must be specified if rule contains line breaks",
        )
    expression = _text_of(rule, "messageExpression")
    if expression and not expression.strip():
        yield (
            f"{where}.messageExpression",
            "Required value: messageExpression must be non-empty if specified",
        )
    reason = rule.get("reason")
    if isinstance(reason, str) and reason not in _REASONS:
        supported = ", ".join(go_quote(r) for r in _REASONS)
        yield (
            f"{where}.reason",
            f"Unsupported value: {go_quote(reason)}: supported values: {supported}",
        )
    field_path = _text_of(rule, "fieldPath")
    if not field_path:
        return
    invalid = f"{where}.fieldPath", f"Invalid value: {go_quote(field_path)}: fieldPath must"
    if not field_path.strip():
        yield invalid[0], f"{invalid[1]} be non-empty if specified"
    if _LINE_BREAK.search(field_path):
        yield invalid[0], f"{invalid[1]} not contain line breaks"
    from codegen.runtime.cel.field_path import FieldPathError, parse_field_path

    try:
        parse_field_path(field_path, node)
    except FieldPathError:
        yield invalid[0], f"{invalid[1]} be a valid path"


# The Go types of JSONSchemaProps fields: the API server cannot even decode a schema whose
# values have other types, and later stages rely on these shapes.
_STRING_KEYS = ("description", "format", "title", "x-kubernetes-map-type")
_BOOL_KEYS = (
    "nullable",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "uniqueItems",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-int-or-string",
    "x-kubernetes-embedded-resource",
)
_NUMBER_KEYS = ("minimum", "maximum", "multipleOf")
_INT64_KEYS = ("maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties")
_RULE_STRING_KEYS = ("rule", "message", "messageExpression", "reason", "fieldPath")
_INT64 = 2**63


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return abs(float(value)) != float("inf")
    except OverflowError:
        return False


def _check_shapes(node: Mapping[str, Any], path: str) -> Iterator[tuple[str, str]]:
    node = {key: value for key, value in node.items() if value is not None}  # null: the zero value
    for key in _STRING_KEYS:
        if key in node and not isinstance(node[key], str):
            yield f"{path}.{key}", f"must be a string, got {node[key]!r}"
    for key in _BOOL_KEYS:
        if key in node and not isinstance(node[key], bool):
            yield f"{path}.{key}", f"must be a boolean, got {node[key]!r}"
    for key in _NUMBER_KEYS:
        if key in node and not _is_number(node[key]):
            yield f"{path}.{key}", f"must be a number, got {node[key]!r}"
    for key in _INT64_KEYS:
        value = node.get(key)
        if key in node and (
            isinstance(value, bool) or not isinstance(value, int) or not -_INT64 <= value < _INT64
        ):
            yield f"{path}.{key}", f"must be a 64-bit integer, got {value!r}"
    for key in ("required", "x-kubernetes-list-map-keys"):
        value = node.get(key)
        if key in node and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            yield f"{path}.{key}", f"must be a list of strings, got {value!r}"
    if "enum" in node and not isinstance(node["enum"], list):
        yield f"{path}.enum", f"must be a list, got {node['enum']!r}"
    if "not" in node and not isinstance(node["not"], dict):
        yield f"{path}.not", "must be a schema object"
    rules = node.get("x-kubernetes-validations")
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, dict):
            continue
        for key in _RULE_STRING_KEYS[1:]:
            if rule.get(key) is not None and not isinstance(rule[key], str):
                yield (
                    f"{path}.x-kubernetes-validations[{index}].{key}",
                    f"must be a string, got {rule[key]!r}",
                )
        if rule.get("optionalOldSelf") is not None and not isinstance(
            rule["optionalOldSelf"], bool
        ):
            yield f"{path}.x-kubernetes-validations[{index}].optionalOldSelf", "must be a boolean"


# A path below the schema's root, built only when a problem is reported: None at the root,
# else (parent, key, name) for `parent.key[name]` (name None: `parent.key`).
_Path = tuple[Any, str, Any] | None


def _text(path: _Path) -> str:
    pieces: list[str] = []
    while path is not None:
        path, key, name = path
        pieces.append(f".{key}" if name is None else f".{key}[{name}]")
    return "".join(reversed(pieces))


# The keys of most schema nodes, with the classes of value for which no own check of
# `_check_node` can report a problem; `_plain` lets a node made of these skip those checks.
_STR: frozenset[type] = frozenset({str, type(None)})
_BOOL: frozenset[type] = frozenset({bool, type(None)})
_LIST: frozenset[type] = frozenset({list, type(None)})
_ANY: frozenset[type] = frozenset({str, int, float, bool, type(None), list, dict})  # JSON's
_PLAIN: dict[str, frozenset[type]] = {
    "type": _STR,
    "description": _STR,
    "format": _STR,
    "title": _STR,
    "x-kubernetes-map-type": _STR,
    "x-kubernetes-list-type": _STR,
    "nullable": _BOOL,
    "x-kubernetes-int-or-string": _BOOL,
    "x-kubernetes-preserve-unknown-fields": _BOOL,
    "required": _LIST,
    "enum": _LIST,
    "default": _ANY,
    "example": _ANY,
    "properties": _ANY,
    "additionalProperties": _ANY,
    "items": _ANY,
    "allOf": _ANY,
    "anyOf": _ANY,
    "oneOf": _ANY,
}
_TYPE_OR_NONE = _TYPES | {None}


def _plain(node: dict[str, Any], value_validation: bool) -> bool:
    """True when `_check_node` would find nothing (False may be wrong, never True)."""
    for key, value in node.items():
        if value.__class__ not in _PLAIN.get(key, ()):
            return False
    node_type = node.get("type")
    if node_type not in _TYPE_OR_NONE:
        return False
    if node.get("x-kubernetes-list-type") not in (None, "atomic", "set"):
        return False
    if node.get("x-kubernetes-preserve-unknown-fields") is False:
        return False
    if "x-kubernetes-map-type" in node and (
        node_type != "object" or node["x-kubernetes-map-type"] not in ("atomic", "granular")
    ):
        return False
    if "x-kubernetes-list-type" in node and node_type != "array":
        return False
    if node.get("x-kubernetes-list-type") == "set":
        return False  # its items' map type is checked
    for name in node.get("required") or ():
        if name.__class__ is not str:
            return False
    if "properties" in node and "additionalProperties" in node:
        return False
    if value_validation:
        return node.get("default") is None
    if node_type is None:
        int_or_string = node.get("x-kubernetes-int-or-string") is True
        preserve = node.get("x-kubernetes-preserve-unknown-fields") is True
        return int_or_string != preserve  # one of them; both exclude each other
    if node.get("x-kubernetes-int-or-string") is True:
        return False
    return node_type != "array" or "items" in node


def _structural_invariants(
    node: Mapping[str, Any], path: str, at_root: bool
) -> Iterator[tuple[str, str]]:
    """validateStructuralInvariants' rules of one structural node (not of nested schemas):
    where a resource may have additionalProperties, what its apiVersion and kind must be, and
    the extensions that exclude each other."""
    embedded = node.get("x-kubernetes-embedded-resource") is True
    node_type = node.get("type") or ""
    if embedded and node_type != "object":
        body = "Required value" if not node_type else f"Invalid value: {go_value(node_type)}"
        yield f"{path}.type", f"{body}: must be object if x-kubernetes-embedded-resource is true"
    if isinstance(node.get("additionalProperties"), (dict, bool)):  # else: a decoding error
        if at_root:
            yield f"{path}.additionalProperties", "Forbidden: must not be used at the root"
        if embedded:
            yield (
                f"{path}.additionalProperties",
                "Forbidden: must not be used if x-kubernetes-embedded-resource is set",
            )
    if node.get("x-kubernetes-int-or-string") is True:
        for key in ("x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource"):
            if node.get(key) is True:
                yield (
                    f"{path}.{key}",
                    "Invalid value: true: must be false if x-kubernetes-int-or-string is true",
                )
    properties = node.get("properties")
    if (at_root or embedded) and isinstance(properties, dict):
        for name in ("kind", "apiVersion"):
            child = properties.get(name)
            if isinstance(child, dict) and (child.get("type") or "") != "string":
                yield (
                    f"{path}.properties[{name}].type",
                    f"Invalid value: {go_value(child.get('type') or '')}: must be string",
                )


def _check_node(
    node: dict[str, Any], path: str, *, value_validation: bool, at_root: bool
) -> Iterator[tuple[str, str]]:
    """The problems of the node itself (not of the schemas below it), in report order."""
    for key in _UNSUPPORTED:
        value = node.get(key)
        if value or (value is not None and key in _UNSUPPORTED_WHEN_EMPTY):
            yield f"{path}.{key}", f"Forbidden: {key} is not supported"
    if node.get("type") == "null":
        yield (
            f"{path}.type",
            "Forbidden: type cannot be set to null, use nullable as an alternative",
        )
    yield from _check_shapes(node, path)
    if node.get("uniqueItems") is True:
        yield (
            f"{path}.uniqueItems",
            "Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic",
        )
    node_type = node.get("type")
    int_or_string = node.get("x-kubernetes-int-or-string") is True
    preserve = node.get("x-kubernetes-preserve-unknown-fields") is True
    if node_type is not None and (not isinstance(node_type, str) or node_type not in _TYPES):
        yield (
            f"{path}.type",
            f'Unsupported value: {go_value(node_type)}: supported values: "array", "boolean", "integer", "number", "object", "string"',
        )
    if value_validation and node.get("default") is not None:
        yield f"{path}.default", "Forbidden: must be undefined to be structural"
    if not value_validation:
        if node_type is None and not int_or_string and not preserve:
            if at_root:
                detail = "must not be empty at the root"
            elif path.endswith(".items"):
                detail = "must not be empty for specified array items"
            else:
                detail = "must not be empty for specified object fields"
            yield f"{path}.type", f"Required value: {detail}"
        # A declared type beside x-kubernetes-int-or-string is allowed: the server validates
        # the node as integer-or-string whatever it says (ConvertJSONSchemaPropsWithPostProcess).
        if node_type == "array" and "items" not in node:
            yield f"{path}.items", "Required value: must be specified"
        yield from _check_extensions(node, node_type, path)
    if "pattern" in node:
        yield from _check_pattern(node["pattern"], path)
    additional = node.get("additionalProperties")
    if node.get("properties") and (additional is False or isinstance(additional, dict)):
        # a struct cannot also be a map, nor close itself (`true` only restates the default)
        yield (
            f"{path}.additionalProperties",
            "Forbidden: additionalProperties and properties are mutual exclusive",
        )
    if not value_validation:
        yield from _structural_invariants(node, path, at_root)
    yield from _check_list_map(node, path)
    rules = node.get("x-kubernetes-validations")
    if rules is not None:
        if not isinstance(rules, list):
            yield f"{path}.x-kubernetes-validations", "must be a list"
        else:
            for index, rule in enumerate(rules):
                where = f"{path}.x-kubernetes-validations[{index}]"
                yield from _rule_entry_problems(rule if isinstance(rule, dict) else {}, where, node)


# What a schema inside allOf/anyOf/oneOf/not (a "nested value validation") must not say, as
# structural schema validation words it: `validateNestedValueValidation`. The generic parts of
# a schema (type, title, ...) and the Kubernetes extensions belong to the structural part only.
_NESTED_EMPTY = ("type", "title", "description")
_NESTED_FALSE = (
    "nullable",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-int-or-string",
)
_NESTED_UNDEFINED = ("additionalProperties", "x-kubernetes-list-type", "x-kubernetes-map-type")
_NESTED_NONEMPTY_LISTS = ("x-kubernetes-list-map-keys", "x-kubernetes-validations")
_INT_OR_STRING_ANY_OF = [{"type": "integer"}, {"type": "string"}]


def _nested_problems(node: dict[str, Any], path: str) -> Iterator[tuple[str, str]]:
    for key in _NESTED_EMPTY:
        if node.get(key):  # null and "" are the zero value
            yield f"{path}.{key}", "Forbidden: must be empty to be structural"
    for key in _NESTED_UNDEFINED:
        if node.get(key) is not None:
            yield f"{path}.{key}", "Forbidden: must be undefined to be structural"
    for key in _NESTED_FALSE:
        if node.get(key) is True:
            yield f"{path}.{key}", "Forbidden: must be false to be structural"
    for key in _NESTED_NONEMPTY_LISTS:
        if node.get(key):
            yield f"{path}.{key}", "Forbidden: must be empty to be structural"
    properties = node.get("properties")
    if isinstance(properties, dict) and "metadata" in properties:
        yield (
            f"{path}.properties[metadata]",
            "Forbidden: must not be specified in a nested context",
        )


def _int_or_string_any_of(node: Any) -> bool:
    """`anyOf: [{type: integer}, {type: string}]`, exactly: the one place a nested schema may
    say `type` (isIntOrStringAnyOfPattern)."""
    return isinstance(node, dict) and node.get("anyOf") == _INT_OR_STRING_ANY_OF


def _completeness(
    nested: Any, structural: Any, s_path: str, v_path: str, prefix: str
) -> Iterator[tuple[str, str]]:
    """validateStructuralCompleteness, which the server runs on the root's allOf/anyOf/oneOf/
    not only: every property and items a nested schema names must exist in the structural
    part at the same place."""
    if not isinstance(nested, dict):
        return
    if not isinstance(structural, dict):
        yield s_path, f"Required value: because it is defined in {prefix}{v_path}"
        return
    for key in _VALUE_VALIDATION_KEYS:
        branches = nested.get(key)
        if isinstance(branches, list):
            for index, branch in enumerate(branches):
                yield from _completeness(
                    branch, structural, s_path, f"{v_path}.{key}[{index}]", prefix
                )
    yield from _completeness(nested.get("not"), structural, s_path, f"{v_path}.not", prefix)
    if isinstance(nested.get("items"), dict):
        yield from _completeness(
            nested["items"], structural.get("items"), f"{s_path}.items", f"{v_path}.items", prefix
        )
    properties = nested.get("properties")
    if isinstance(properties, dict):
        known = structural.get("properties")
        known = known if isinstance(known, dict) else {}
        for name, child in properties.items():
            yield from _completeness(
                child,
                known.get(name),
                f"{s_path}.properties[{name}]",
                f"{v_path}.properties[{name}]",
                prefix,
            )


# What a resource's own metadata schema may say besides its type and default:
# validateStructuralMetadataInvariants compares the rest with an empty schema, once properties
# that are only name and/or generateName are set aside (keywords outside the structural
# schema, such as example, do not count).
_METADATA_IGNORED = frozenset({"type", "default", "properties", "example", "externalDocs"})


def _metadata_invariants(meta: Any, path: _Path, at_root: bool) -> Iterator[tuple[str, str]]:
    if not isinstance(meta, dict):
        return
    where = f"{_text(path)}.properties[metadata]"
    meta_type = meta.get("type") or ""
    if meta_type != "object" and isinstance(meta_type, str):
        yield f"{where}.type", f"Invalid value: {go_value(meta_type)}: must be object"
    if not at_root:
        return
    names = meta.get("properties") or {}
    restricted = isinstance(names, dict) and not set(names) <= {"name", "generateName"}
    if restricted or any(value for key, value in meta.items() if key not in _METADATA_IGNORED):
        yield (
            where,
            "Forbidden: must not specify anything other than name and generateName, but "
            "metadata is implicitly specified",
        )


class DefaultSites:
    """What `check_structural_schema` collects for `codegen.default_checks`: the structural
    nodes (not those of allOf/anyOf/oneOf/not) with a non-null `default`, with their paths, in
    document order; whether any node is an embedded resource; and whether any node sets
    `$schema` (`schema_url`)."""

    __slots__ = ("embedded", "nodes", "schema_url")

    def __init__(self) -> None:
        self.nodes: list[tuple[_Path, dict[str, Any]]] = []
        self.embedded = False
        self.schema_url = False


def _walk(
    node: Any,
    path: _Path,
    value_validation: bool,
    at_root: bool,
    out: list[tuple[str, str]],
    sites: DefaultSites,
    skip_any_of: bool = False,
) -> None:
    """Append the problems of `node` and of the schemas below it to `out`, in document order,
    and its default to `sites`. `skip_any_of`: the node's anyOf is an int-or-string pattern
    of the structural node above it, which the server does not look into.

    A plain function over a lazily built path, not a chain of generators: it visits every node
    of multi-megabyte CRDs, and most nodes (`_plain`) have nothing to report."""
    if not isinstance(node, dict):
        out.append((_text(path) or ".", "schema must be an object"))
        return
    if not value_validation and node.get("default") is not None:
        sites.nodes.append((path, node))
    if at_root or not _plain(node, value_validation):  # never plain: an embedded resource
        if not value_validation and node.get("x-kubernetes-embedded-resource") is True:
            sites.embedded = True
        if node.get("$schema"):
            sites.schema_url = True
        out.extend(
            _check_node(node, _text(path), value_validation=value_validation, at_root=at_root)
        )
    if value_validation:
        out.extend(_nested_problems(node, _text(path)))
    if _SUBSCHEMA_KEYS.isdisjoint(node):  # a leaf, as most nodes are
        return
    properties = node.get("properties")
    if properties is not None:
        if not isinstance(properties, dict):
            out.append((f"{_text(path)}.properties", "must be an object"))
        else:
            for name, child in properties.items():
                _walk(child, (path, "properties", name), value_validation, False, out, sites)
            if not value_validation and (
                at_root or node.get("x-kubernetes-embedded-resource") is True
            ):
                for name in _RESOURCE_META:
                    if name in properties:
                        out.extend(
                            _resource_meta_defaults(
                                properties[name],
                                f"{_text(path)}.properties[{name}]",
                                f"in top-level {name}" if at_root else None,
                            )
                        )
            if at_root and isinstance(properties.get("metadata"), dict):
                meta_props = properties["metadata"].get("properties") or {}
                extra = sorted(set(meta_props) - {"name", "generateName"})
                for name in extra:
                    out.append(
                        (
                            f"{_text(path)}.properties[metadata].properties[{name}]",
                            "Forbidden: must not be specified",
                        )
                    )
            if not value_validation and (
                at_root or node.get("x-kubernetes-embedded-resource") is True
            ):
                out.extend(_metadata_invariants(properties.get("metadata"), path, at_root))
    additional = node.get("additionalProperties")
    if isinstance(additional, dict) and not value_validation:  # nested: forbidden, not read
        _walk(additional, (path, "additionalProperties", None), value_validation, False, out, sites)
    elif additional is not None and not isinstance(additional, (bool, dict)):
        out.append((f"{_text(path)}.additionalProperties", "must be a boolean or a schema"))
    items = node.get("items")
    if items is not None:
        if isinstance(items, list):
            out.append(
                (
                    f"{_text(path)}.items",
                    "Forbidden: items must be a schema object and not an array",
                )
            )
        else:
            _walk(items, (path, "items", None), value_validation, False, out, sites)
    # The int-or-string patterns are recognised on structural nodes only: an anyOf of exactly
    # {type: integer} and {type: string}, or such an anyOf in the first allOf.
    skip_first_all_of_any_of = False
    if not value_validation:
        skip_any_of = _int_or_string_any_of(node)
        all_of = node.get("allOf")
        skip_first_all_of_any_of = (
            isinstance(all_of, list) and bool(all_of) and _int_or_string_any_of(all_of[0])
        )
    for key in _VALUE_VALIDATION_KEYS:
        branches = node.get(key)
        if branches is None or (key == "anyOf" and skip_any_of):
            continue
        if not isinstance(branches, list):
            out.append((f"{_text(path)}.{key}", "must be a list"))
            continue
        for index, branch in enumerate(branches):
            skip = key == "allOf" and index == 0 and skip_first_all_of_any_of
            _walk(branch, (path, key, index), True, False, out, sites, skip)
    if isinstance(node.get("not"), dict):
        _walk(node["not"], (path, "not", None), True, False, out, sites)


def check_structural_schema(
    schema: Mapping[str, Any], sites: DefaultSites | None = None, prefix: str = ""
) -> list[tuple[str, str]]:
    """Every structural-schema violation of a version's openAPIV3Schema, in document order;
    `sites` receives its defaults. `prefix`: the schema's path, for messages that name one."""
    problems: list[tuple[str, str]] = []
    sites = DefaultSites() if sites is None else sites
    _walk(schema, None, False, True, problems, sites)
    if isinstance(schema, dict):
        for key in _VALUE_VALIDATION_KEYS:
            branches = schema.get(key)
            if isinstance(branches, list) and not (
                key == "anyOf" and _int_or_string_any_of(schema)
            ):
                for index, branch in enumerate(branches):
                    problems.extend(_completeness(branch, schema, "", f".{key}[{index}]", prefix))
        problems.extend(_completeness(schema.get("not"), schema, "", ".not", prefix))
    if isinstance(schema, dict) and schema.get("type") not in ("object", None, ""):
        problems.append(
            (".type", f"Invalid value: {go_value(schema['type'])}: must be object at the root")
        )
    if isinstance(schema, dict) and schema.get("nullable") is True:
        problems.append((".nullable", "Forbidden: nullable cannot be true at the root"))
    if not problems and sites.schema_url:
        # The standard validator lets `$schema` through; NewStructural refuses it, which the
        # server reports only when nothing else is wrong (and then checks no default or rule).
        problems.append(("", _SCHEMA_URL))
    return problems


_SCHEMA_URL = "Invalid value: \"\": OpenAPIV3Schema 'schema' is not supported"


_PRESERVE = "x-kubernetes-preserve-unknown-fields"


def _relax(node: Any, path: str, found: list[str]) -> Any:
    """`node` with every untyped property/items/additionalProperties node below it (and the
    missing `items` of an array) made `x-kubernetes-preserve-unknown-fields: true`; the paths
    of the nodes changed are appended to `found`. Nodes that need no change are shared."""
    if not isinstance(node, dict):
        return node
    changed: dict[str, Any] = {}
    properties = node.get("properties")
    if isinstance(properties, dict):
        new_properties = {
            name: _relax_child(child, f"{path}.properties[{name}]", found)
            for name, child in properties.items()
        }
        if any(new_properties[name] is not properties[name] for name in properties):
            changed["properties"] = new_properties
    additional = node.get("additionalProperties")
    if isinstance(additional, dict):
        new_additional = _relax_child(additional, f"{path}.additionalProperties", found)
        if new_additional is not additional:
            changed["additionalProperties"] = new_additional
    items = node.get("items")
    if isinstance(items, dict):
        new_items = _relax_child(items, f"{path}.items", found)
        if new_items is not items:
            changed["items"] = new_items
    elif node.get("type") == "array" and "items" not in node:
        found.append(f"{path}.items")
        changed["items"] = {_PRESERVE: True}
    return {**node, **changed} if changed else node


def _relax_child(node: Any, path: str, found: list[str]) -> Any:
    if (
        isinstance(node, dict)
        and node.get("type") is None
        and node.get("x-kubernetes-int-or-string") is not True
        and node.get(_PRESERVE) is not True
        and node.get("x-kubernetes-embedded-resource") is not True
    ):
        found.append(path)
        node = {**node, _PRESERVE: True}
    return _relax(node, path, found)


def relax_nonstructural(schema: Mapping[str, Any]) -> tuple[Mapping[str, Any], tuple[str, ...]]:
    """`--allow-nonstructural`: the schema with every node that lacks a type (a property, array
    items or additionalProperties; not the root, not int-or-string or an embedded resource) and
    the missing `items` of every array made `x-kubernetes-preserve-unknown-fields: true` (any
    value, nothing pruned below), as a non-structural v1beta1 CRD behaved; and the paths of
    those nodes. Only structural nodes are visited (not allOf/anyOf/oneOf/not, where a missing
    type is allowed). The input is not modified; unchanged subtrees are shared."""
    found: list[str] = []
    relaxed = _relax(schema, "", found)
    return relaxed, tuple(found)
