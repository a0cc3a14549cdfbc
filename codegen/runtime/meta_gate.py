"""The server's ObjectMeta rules as pydantic-core constraints, for the model gate.

:func:`codegen.runtime.metadata.validate_object_meta` is the rule book.  Here the same rules
become Rust checks on ObjectMeta's own model schema, so a resource's metadata is checked while
it is built, without a Python call: name, generateName and namespace as anchored patterns with
their length limits, label keys and values, finalizers and generation.  Annotations (their
total size) and owner references (rare in a manifest) keep a Python check.  The patterns accept
nothing the rule book refuses; where they are stricter (label keys over 255 bytes, non-ASCII
text), the gate refuses and the walk decides.
``tests/runtime/test_gate.py`` compares them with the rule book.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic_core import core_schema as cs

from codegen.runtime.metadata import (
    _TOTAL_ANNOTATION_SIZE,
    OBJECT_META_FIELDS,
    _blen,
    owner_reference_errors,
)

__all__ = ["constrained_object_meta", "object_meta_rules"]

_LABEL: Final = "[a-z0-9](?:[-a-z0-9]*[a-z0-9])?"  # one DNS-1123 label
_SUBDOMAIN: Final = f"{_LABEL}(?:\\.{_LABEL})*"
# a generateName, whose trailing "-" and the character before it the server replaces by "a"
# before the subdomain check (maskTrailingDash; "-" alone is not masked)
_GENERATE_NAME: Final = f"{_SUBDOMAIN}|(?:{_LABEL}\\.)*(?:[a-z0-9][-a-z0-9]*)?[\\x00-\\x7f]-"
_NAME_PART: Final = "[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"  # at most 63
_QUALIFIED: Final = f"^(?:{_SUBDOMAIN}/)?{_NAME_PART}$"
# annotation keys are checked lower-cased: the prefix may have capitals
_ANNOTATION_KEY: Final = (
    "^(?:[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*/)?"
    f"{_NAME_PART}$"
)
# a prefix is at most 253 bytes: sure only when the whole key is at most 253 + "/" + 1
_QUALIFIED_MAX: Final = 255


def _text(pattern: str, max_length: int) -> cs.CoreSchema:
    """A non-empty string (an empty one is left out, by the walk) of at most `max_length` bytes
    matching `pattern`."""
    return cs.str_schema(strict=True, pattern=f"^(?:{pattern})$", max_length=max_length)


def _annotations_fit(value: dict[str, str]) -> dict[str, str]:
    size = sum(map(len, value)) + sum(map(len, value.values()))
    if size * 4 > _TOTAL_ANNOTATION_SIZE:  # characters can be up to 4 bytes: count them
        size = sum(_blen(k) + _blen(v) for k, v in value.items())
        if size > _TOTAL_ANNOTATION_SIZE:
            raise ValueError("annotations too large")
    return value


def _finalizers_compatible(value: list[str]) -> list[str]:
    if "orphan" in value and "foregroundDeletion" in value:  # ValidateFinalizers refuses both
        raise ValueError("conflicting finalizers")
    return value


def _plain_object(value: Any) -> Any:
    from codegen.runtime.gate import _strict_copy

    if type(value) is not dict:
        raise ValueError("not an object")
    return _strict_copy(value)  # a copy, as the walk makes: pydantic keeps Any by reference


def _owners_valid(value: list[Any]) -> list[Any]:
    if owner_reference_errors("", value):
        raise ValueError("invalid owner references")
    return value


# A timestamp as the server writes it back (UTC, to the second): any other form is rewritten
# (`metadata.known_object_meta`), which the walk does.
_WRITTEN_TIME: Final = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"


def _rules() -> dict[str, cs.CoreSchema]:
    """Every ObjectMeta field, as the server's rules check it and only in the form the server
    writes back (SetObjectMeta: no empty values, no nulls, timestamps in UTC): anything it
    would rewrite is the walk's (see `metadata.known_object_meta`)."""
    qualified = cs.str_schema(strict=True, pattern=_QUALIFIED, max_length=_QUALIFIED_MAX)
    plain_objects = cs.list_schema(
        cs.no_info_plain_validator_function(_plain_object), strict=True, min_length=1
    )
    some_text = cs.str_schema(strict=True, min_length=1)
    return {
        "name": _text(_SUBDOMAIN, 253),
        "generateName": _text(_GENERATE_NAME, 253),
        "namespace": _text(_LABEL, 63),
        "labels": cs.dict_schema(
            qualified,
            cs.str_schema(
                strict=True,
                pattern="^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$",
                max_length=63,
            ),
            strict=True,
            min_length=1,
        ),
        "annotations": cs.no_info_after_validator_function(
            _annotations_fit,
            cs.dict_schema(
                cs.str_schema(strict=True, pattern=_ANNOTATION_KEY, max_length=_QUALIFIED_MAX),
                cs.str_schema(strict=True),
                strict=True,
                min_length=1,
            ),
        ),
        "finalizers": cs.no_info_after_validator_function(
            _finalizers_compatible, cs.list_schema(qualified, strict=True, min_length=1)
        ),
        "generation": cs.int_schema(strict=True, ge=1),
        "ownerReferences": cs.no_info_after_validator_function(_owners_valid, plain_objects),
        "managedFields": plain_objects,
        "uid": some_text,
        "resourceVersion": some_text,
        "selfLink": some_text,
        "creationTimestamp": cs.str_schema(strict=True, pattern=_WRITTEN_TIME),
        "deletionTimestamp": cs.str_schema(strict=True, pattern=_WRITTEN_TIME),
        "deletionGracePeriodSeconds": cs.int_schema(strict=True),
    }


def object_meta_rules() -> cs.CoreSchema:
    """A resource's ``metadata`` object checked by the server's rules, copied for ObjectMeta.

    A typed dict, not ObjectMeta's own schema: pydantic-core builds a plain model's schema with
    the class's prebuilt validator, whatever its fields say.  Every field is covered; a null,
    like any value the server would rewrite, refuses (the walk decides); so does any other key.
    """
    rules = _rules()
    return cs.typed_dict_schema(
        {
            name: cs.typed_dict_field(rules[name], required=False)
            for name in sorted(OBJECT_META_FIELDS)
        },
        extra_behavior="forbid",
        total=False,
        strict=True,
    )


def constrained_object_meta(model: Mapping[str, Any]) -> dict[str, Any] | None:
    """ObjectMeta's model schema (its fields schema inline) with the rules in its fields, looked
    up by JSON names only: one pass instead of :func:`object_meta_rules` and then the model.

    None when pydantic-core would not use it (it swaps a plain model's schema for the class's
    prebuilt validator): a name the rules refuse is tried once, and must be refused.
    """
    from pydantic_core import SchemaValidator, ValidationError

    rules = _rules()
    fields_schema = model["schema"]
    fields: dict[str, Any] = {}
    for py_name, field in fields_schema["fields"].items():
        wire = field.get("validation_alias", py_name)
        rule = rules.get(wire) if isinstance(wire, str) else None
        fields[py_name] = (
            field if rule is None else {**field, "schema": _inner(field["schema"], rule)}
        )
    copied = {
        **{k: v for k, v in model.items() if k != "ref"},
        "schema": {**fields_schema, "fields": fields},
        "config": {**(model.get("config") or {}), "validate_by_name": False},
    }
    try:
        SchemaValidator(copied).validate_python({"name": "Not_A_Name"})
    except ValidationError:
        return copied
    return None


def _inner(schema: Mapping[str, Any], rule: cs.CoreSchema) -> Any:
    """`rule` in place of a field's value schema, under its default (not its nullable wrapper:
    a null is the walk's to leave out)."""
    if schema.get("type") == "default":
        return {**schema, "schema": _inner(schema["schema"], rule)}
    if schema.get("type") == "nullable":
        return _inner(schema["schema"], rule)
    return rule
