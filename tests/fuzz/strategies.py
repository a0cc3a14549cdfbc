"""Hypothesis strategies: structural CRD schemas, instances that satisfy them, and mutations."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from tests.hostile.adversarial import FIELD_NAMES, TEXTS

JSON = dict[str, Any]

# Patterns with a Python regex generating exactly the strings RE2 accepts (unanchored search).
PATTERNS: dict[str, str] = {
    "^[a-z][a-z0-9-]{0,10}$": r"[a-z][a-z0-9-]{0,10}",
    "^[0-9]+$": r"[0-9]{1,6}",
    '^"\\\\ok"$': r'"\\ok"',
}

NAMES = st.one_of(
    st.sampled_from(
        [
            *FIELD_NAMES,
            "spec",
            "status",
            "metadata",
            "kind",
            "apiVersion",
            "items",
            "jwksUri",
            "jwks_uri",
            "x-k",
        ]
    ),
    st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_.-]{0,8}", fullmatch=True),
    st.text(max_size=6),
)
SHORT_TEXT = st.one_of(st.sampled_from([t[:200] for t in TEXTS]), st.text(max_size=12))
KINDS = st.sampled_from(
    ["Widget", "Widget-X", "None", "Class", "TypedCustomResource", "Model", "Field", "Spec"]
)
GROUPS = st.sampled_from(["example.com", "9-lives.example.io", "from.example.com", "a-b.c-d.io"])
VERSIONS = st.sampled_from(["v1", "v1alpha1", "v2beta3"])
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | SHORT_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)

Draw = Callable[[st.SearchStrategy[Any]], Any]


@st.composite
def _scalar(draw: Draw) -> JSON:
    kind = draw(st.sampled_from(["string", "integer", "number", "boolean"]))
    node: JSON = {"type": kind}
    if kind == "string":
        choice = draw(st.sampled_from(["plain", "enum", "length", "pattern"]))
        if choice == "enum":
            node["enum"] = draw(st.lists(SHORT_TEXT, min_size=1, max_size=4, unique=True))
        elif choice == "length":
            low = draw(st.integers(0, 3))
            node["minLength"], node["maxLength"] = low, low + draw(st.integers(0, 6))
        elif choice == "pattern":
            node["pattern"] = draw(st.sampled_from(sorted(PATTERNS)))
    elif kind in ("integer", "number"):
        if draw(st.booleans()):
            node["enum"] = draw(st.lists(st.integers(-5, 5), min_size=1, max_size=3, unique=True))
        else:
            low = draw(st.integers(-100, 100))
            node["minimum"], node["maximum"] = low, low + draw(st.integers(0, 50))
    return node


def _leaf() -> st.SearchStrategy[JSON]:
    return st.one_of(
        _scalar(),
        st.just({"x-kubernetes-int-or-string": True}),
        st.just({"type": "object", "x-kubernetes-preserve-unknown-fields": True}),
    )


@st.composite
def _object(draw: Draw, children: st.SearchStrategy[JSON]) -> JSON:
    properties = draw(st.dictionaries(NAMES, children, min_size=1, max_size=4))
    node: JSON = {"type": "object", "properties": properties}
    required = [name for name in properties if draw(st.booleans())]
    if required:
        node["required"] = required
    if draw(st.integers(0, 4)) == 0:
        node["x-kubernetes-preserve-unknown-fields"] = True
    return node


@st.composite
def _array(draw: Draw, children: st.SearchStrategy[JSON]) -> JSON:
    items = draw(children)
    node: JSON = {"type": "array", "items": items}
    style = draw(st.sampled_from(["atomic", "set", "map", "bounded"]))
    # the items of a set or map list cannot be nullable (the server refuses the CRD)
    if style == "set" and items.get("type") in ("string", "integer", "boolean"):
        node["items"] = {k: v for k, v in items.items() if k != "nullable"}
        node["x-kubernetes-list-type"] = "set"
    elif style == "map" and items.get("type") == "object" and "properties" in items:
        scalar_keys = [
            k for k, v in items["properties"].items() if v.get("type") in ("string", "integer")
        ]
        if scalar_keys:
            key = draw(st.sampled_from(scalar_keys))
            node["items"] = items = copy.deepcopy(items)
            items.pop("nullable", None)
            items["required"] = sorted({*items.get("required", []), key})
            items["properties"][key].pop("nullable", None)
            node["x-kubernetes-list-type"] = "map"
            node["x-kubernetes-list-map-keys"] = [key]
    elif style == "bounded":
        node["maxItems"] = draw(st.integers(1, 4))
    return node


def _map(children: st.SearchStrategy[JSON]) -> st.SearchStrategy[JSON]:
    return children.map(lambda child: {"type": "object", "additionalProperties": child})


@st.composite
def _decorate(draw: Draw, node: JSON) -> JSON:
    """Description, nullability and a default (drawn from the node's own valid values)."""
    node = dict(node)
    if draw(st.booleans()):
        node["description"] = draw(SHORT_TEXT)
    if draw(st.integers(0, 3)) == 0 and "x-kubernetes-list-type" not in node:
        node["nullable"] = True
    if draw(st.integers(0, 3)) == 0 and node.get("type") != "object":
        node["default"] = draw(instances(node, allow_null=False))
    return node


def _decorated(strategy: st.SearchStrategy[JSON]) -> st.SearchStrategy[JSON]:
    return strategy.flatmap(_decorate)


def schemas(max_leaves: int = 8) -> st.SearchStrategy[JSON]:
    """A spec schema: an object of scalars, int-or-string, preserve-unknown, maps, arrays, nesting."""
    nodes = st.recursive(_decorated(_leaf()), _containing, max_leaves=max_leaves)
    return _object(nodes)


def _containing(children: st.SearchStrategy[JSON]) -> st.SearchStrategy[JSON]:
    return _decorated(st.one_of(_object(children), _array(children), _map(children)))


# ------------------------------------------------------------------------------------ instances


def _dedupe(values: list[Any], key: Callable[[Any], Any]) -> list[Any]:
    seen: set[str] = set()
    result = []
    for value in values:
        marker = json.dumps(key(value), sort_keys=True)
        if marker not in seen:
            seen.add(marker)
            result.append(value)
    return result


@st.composite
def instances(draw: Draw, node: JSON, allow_null: bool = True) -> Any:
    """A value the API server accepts for `node` (before defaulting)."""
    if "enum" in node:  # kube-openapi checks null against the enum too, nullable or not
        return draw(st.sampled_from(node["enum"]))
    if allow_null and node.get("nullable") and draw(st.integers(0, 5)) == 0:
        return None
    if node.get("x-kubernetes-int-or-string"):
        return draw(st.one_of(st.integers(-1000, 1000), SHORT_TEXT))
    kind = node.get("type")
    if kind == "string":
        if "pattern" in node:
            return draw(st.from_regex(PATTERNS[node["pattern"]], fullmatch=True))
        low = node.get("minLength", 0)
        return draw(st.text(min_size=low, max_size=node.get("maxLength", low + 8)))
    if kind == "integer":
        return draw(st.integers(node.get("minimum", -(2**40)), node.get("maximum", 2**40)))
    if kind == "number":
        return draw(
            st.floats(
                node.get("minimum", -1e9),
                node.get("maximum", 1e9),
                allow_nan=False,
                allow_infinity=False,
            )
        )
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "array":
        values = draw(
            st.lists(instances(node["items"], allow_null=False), max_size=node.get("maxItems", 3))
        )
        if node.get("x-kubernetes-list-type") == "set":
            values = _dedupe(values, lambda v: v)
        elif node.get("x-kubernetes-list-type") == "map":
            keys = node["x-kubernetes-list-map-keys"]
            values = _dedupe(values, lambda v: [v.get(k) for k in keys])
        return values
    if kind == "object" and "properties" in node:
        result: JSON = {}
        required = set(node.get("required", []))
        for name, child in node["properties"].items():
            if name in required or draw(st.booleans()):
                result[name] = draw(instances(child, allow_null=name not in required))
        if node.get("x-kubernetes-preserve-unknown-fields"):
            extra = draw(st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=2))
            result.update({k: v for k, v in extra.items() if k not in node["properties"]})
        return result
    if kind == "object" and "additionalProperties" in node:
        return draw(
            st.dictionaries(
                st.text(max_size=6), instances(node["additionalProperties"], False), max_size=3
            )
        )
    if kind == "object":  # preserve-unknown-fields without properties: any object
        return draw(st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=3))
    return draw(JSON_VALUES)


# ------------------------------------------------------------------------------------ mutations


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(value, (dict, list)) else []
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        found.extend(_containers(child, (*path, key)))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


@st.composite
def mutated(draw: Draw, instance: JSON) -> JSON:
    """`instance` with one random edit: a value replaced, a key removed, or an unknown key added."""
    result = copy.deepcopy(instance)
    path = draw(st.sampled_from(_containers(result)))
    holder = _at(result, path)
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if isinstance(holder, dict):
        keys = sorted(holder)
        if action == "add" or not keys:
            holder[draw(NAMES)] = draw(JSON_VALUES)
        elif action == "remove":
            del holder[draw(st.sampled_from(keys))]
        else:
            holder[draw(st.sampled_from(keys))] = draw(JSON_VALUES)
    elif holder:
        index = draw(st.integers(0, len(holder) - 1))
        if action == "remove":
            del holder[index]
        else:
            holder[index] = draw(JSON_VALUES)
    else:
        holder.append(draw(JSON_VALUES))
    return result


SCHEMA_KEYS = (
    "type",
    "properties",
    "items",
    "required",
    "enum",
    "default",
    "nullable",
    "minimum",
    "maxLength",
    "pattern",
    "format",
    "description",
    "additionalProperties",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-validations",
    "x-kubernetes-int-or-string",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-embedded-resource",
    "allOf",
    "not",
    "$ref",
)


@st.composite
def corrupted(draw: Draw, schema: JSON) -> JSON:
    """`schema` with one schema keyword of one node set to an arbitrary JSON value."""
    result = copy.deepcopy(schema)
    objects = [p for p in _containers(result) if isinstance(_at(result, p), dict)]
    holder = _at(result, draw(st.sampled_from(objects)))
    holder[draw(st.sampled_from(SCHEMA_KEYS))] = draw(JSON_VALUES)
    return result
