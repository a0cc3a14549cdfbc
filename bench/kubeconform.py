"""openAPIV3Schema -> plain JSON Schema (draft 7), the way kubeconform-style tools convert CRDs.

The conversion is deliberately the common one, not a faithful one (that is the point of the
comparison):

- strict: every object node with `properties` and no `additionalProperties` gets
  `additionalProperties: false`, except below `x-kubernetes-preserve-unknown-fields`;
- `x-kubernetes-int-or-string: true` -> `oneOf: [{type: string}, {type: integer}]`;
- `nullable: true` -> the type becomes `[type, "null"]`;
- OpenAPI 3.0 boolean `exclusiveMinimum/Maximum` -> draft 7's numeric form;
- the root always admits `apiVersion`, `kind` and `metadata` (an object, otherwise unchecked);
- every other `x-kubernetes-*` keyword is dropped; `default` stays an annotation (never applied),
  `format` and `pattern` stay for each library to interpret in its own way.
"""

from __future__ import annotations

from typing import Any

DRAFT7 = "http://json-schema.org/draft-07/schema#"
_SCHEMA_MAPS = ("properties", "patternProperties", "definitions")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_VALUES = ("items", "additionalProperties", "not", "additionalItems")


def _convert(node: Any, strict: bool, preserved: bool) -> Any:
    if not isinstance(node, dict):
        return node
    if node.get("x-kubernetes-int-or-string") is True:
        converted: dict[str, Any] = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
        if "description" in node:
            converted["description"] = node["description"]
        return converted
    preserve = preserved or node.get("x-kubernetes-preserve-unknown-fields") is True
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-kubernetes-") or key == "nullable":
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {k: _convert(v, strict, False) for k, v in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [_convert(v, strict, False) for v in value]
        elif key in _SCHEMA_VALUES and isinstance(value, dict):
            out[key] = _convert(value, strict, False)
        else:
            out[key] = value
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        flag = out.get(exclusive)
        if isinstance(flag, bool):
            del out[exclusive]
            if flag and bound in out:
                out[exclusive] = out.pop(bound)
    if node.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    if strict and not preserve and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def to_json_schema(openapi: dict[str, Any], *, strict: bool = True) -> dict[str, Any]:
    """The draft-7 JSON Schema of one CRD version's `openAPIV3Schema`."""
    converted = _convert(openapi, strict, False)
    assert isinstance(converted, dict)
    properties = converted.setdefault("properties", {})
    if isinstance(properties, dict):
        # The server accepts these on every resource, whatever the CRD lists at its root.
        properties.setdefault("apiVersion", {"type": "string"})
        properties.setdefault("kind", {"type": "string"})
        properties.setdefault("metadata", {"type": "object"})
    return {"$schema": DRAFT7, **converted}
