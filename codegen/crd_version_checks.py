"""The API server's rules for one entry of a CRD's `spec.versions` (apiextensions-apiserver
`validation.go`, `validateCustomResourceDefinitionVersion` and what it calls): the version's
name, its deprecation warning, subresources, printer columns and selectable fields, and what an
enabled status subresource allows at the root of its schema.

Paths are the server's: a schema, subresources or printer columns that every version has the
same are moved to the spec by apiextensions.k8s.io/v1's conversion before anything is validated
(`shared_version_fields`), so they are checked once and named `spec.validation.openAPIV3Schema`,
`spec.subresources` and `spec.additionalPrinterColumns`; the rest name the version
(`spec.versions[i]...`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from codegen.runtime.errors import OMITTED, ErrorType, FieldError
from codegen.runtime.listtype import child_path, index_path
from codegen.runtime.metadata import is_dns1035_label

_COLUMN_TYPES: Final = ("boolean", "date", "integer", "number", "string")  # sorted, as Go lists
_COLUMN_FORMATS: Final = (
    "byte",
    "date",
    "date-time",
    "double",
    "float",
    "int32",
    "int64",
    "password",
)
_MAX_SELECTABLE_FIELDS: Final = 8
_MAX_WARNING_BYTES: Final = 256

# JSONSchemaProps' fields in Go's declaration order, and those an enabled status subresource
# allows at the root (status is validated as properties[status], which must lose nothing).
_ROOT_FIELDS: Final = (
    "id", "$schema", "$ref", "description", "type", "format", "title", "default", "maximum",
    "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
    "maxItems", "minItems", "uniqueItems", "multipleOf", "enum", "maxProperties", "minProperties",
    "required", "items", "allOf", "oneOf", "anyOf", "not", "properties", "additionalProperties",
    "patternProperties", "dependencies", "additionalItems", "definitions", "externalDocs",
    "example", "nullable", "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string", "x-kubernetes-list-map-keys",
    "x-kubernetes-list-type", "x-kubernetes-map-type", "x-kubernetes-validations",
)  # fmt: skip
_ALLOWED_AT_ROOT: Final = (
    "Description", "Type", "Format", "Title", "Maximum", "ExclusiveMaximum", "Minimum",
    "ExclusiveMinimum", "MaxLength", "MinLength", "Pattern", "MaxItems", "MinItems",
    "UniqueItems", "MultipleOf", "Required", "Items", "Properties", "ExternalDocs", "Example",
    "XPreserveUnknownFields", "XValidations",
)  # fmt: skip
_ALLOWED_KEYS: Final = frozenset(
    {
        "description", "type", "format", "title", "maximum", "exclusiveMaximum", "minimum",
        "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
        "uniqueItems", "multipleOf", "required", "items", "properties", "externalDocs",
        "example", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations",
    }
)  # fmt: skip
# Go fields that are plain values (not pointers): their zero value counts as not set.
_ZERO_IS_UNSET: Final = frozenset(
    {
        "id", "$schema", "description", "type", "format", "title", "exclusiveMaximum",
        "exclusiveMinimum", "pattern", "uniqueItems", "nullable",
        "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string",
    }
)  # fmt: skip


def invalid(path: str, value: Any, detail: str) -> FieldError:
    return FieldError(ErrorType.INVALID, path, detail, value)


def required(path: str, detail: str = "") -> FieldError:
    return FieldError(ErrorType.REQUIRED, path, detail)


def dns1035_errors(path: str, value: str) -> list[FieldError]:
    """One error joining every reason, as the spec's names and versions are reported."""
    reasons = is_dns1035_label(value)
    return [invalid(path, value, ",".join(reasons))] if reasons else []


# What apiextensions.k8s.io/v1's conversion moves to the spec when all versions agree, and the
# name the field then has there.
HOISTED: Final = {
    "schema": "validation",
    "subresources": "subresources",
    "additionalPrinterColumns": "additionalPrinterColumns",
    "selectableFields": "selectableFields",  # with the schema only
}


def shared_version_fields(versions: Any) -> frozenset[str]:
    """The fields of `HOISTED` every version of the list has the same (not unset): the
    server checks them once, at the spec (Convert_v1_CustomResourceDefinitionSpec_To_...).
    Null and empty compare equal, as apimachinery's semantic equality has it."""
    if not isinstance(versions, list) or not versions:
        return frozenset()
    if not all(isinstance(v, dict) for v in versions):
        return frozenset()
    shared = set()
    for key in HOISTED:
        first = versions[0].get(key) or None
        if first is not None and all((v.get(key) or None) == first for v in versions):
            shared.add(key)
    if "schema" not in shared:  # selectable fields move only with the schema they name
        shared.discard("selectableFields")
    return frozenset(shared)


def field_path(index: int, key: str, shared: frozenset[str]) -> str:
    """Where the server names `key` of version `index`: at the spec when it is shared."""
    if key in shared:
        return f"spec.{HOISTED[key]}"
    return child_path(index_path("spec.versions", index), key)


def version_errors(
    raw: Mapping[str, Any], index: int, status_root: bool, shared: frozenset[str] = frozenset()
) -> Iterator[FieldError]:
    """Every problem of `spec.versions[index]` (a mapping); `status_root`: whether its schema
    is validated with the status subresource enabled; `shared`: its fields checked at the
    spec (`shared_version_fields`), with the first version."""
    path = index_path("spec.versions", index)
    name = raw.get("name")
    if name is None or isinstance(name, str):
        yield from dns1035_errors(child_path(path, "name"), name or "")
    yield from _deprecation_warning_errors(raw, child_path(path, "deprecationWarning"))

    def checked_here(key: str) -> bool:
        return index == 0 or key not in shared

    schema_holder = raw.get("schema")
    schema = schema_holder.get("openAPIV3Schema") if isinstance(schema_holder, dict) else None
    if status_root and isinstance(schema, dict) and checked_here("schema"):
        yield from _status_root_errors(schema, field_path(index, "schema", shared))
    subresources = raw.get("subresources")
    if (
        isinstance(subresources, dict)
        and isinstance(subresources.get("scale"), dict)
        and checked_here("subresources")
    ):
        yield from _scale_errors(subresources["scale"], field_path(index, "subresources", shared))
    columns = raw.get("additionalPrinterColumns")
    if isinstance(columns, list) and checked_here("additionalPrinterColumns"):
        columns_path = field_path(index, "additionalPrinterColumns", shared)
        for i, column in enumerate(columns):
            if isinstance(column, dict):
                yield from _column_errors(column, index_path(columns_path, i))
    fields = raw.get("selectableFields")
    if isinstance(fields, list) and fields and checked_here("selectableFields"):
        fields_path = field_path(index, "selectableFields", shared)
        # A schema that went to the spec without them (the versions' fields differ) leaves
        # this version without one of its own, as a missing one does.
        if not isinstance(schema, dict) or (
            "schema" in shared and "selectableFields" not in shared
        ):
            yield invalid(
                fields_path,
                "",
                "selectableFields may only be set when version.schema.openAPIV3Schema is not "
                "included",
            )
        else:
            yield from _selectable_field_errors(fields, schema, fields_path)


def _deprecation_warning_errors(raw: Mapping[str, Any], path: str) -> Iterator[FieldError]:
    warning = raw.get("deprecationWarning")
    if not isinstance(warning, str):
        return
    if raw.get("deprecated") is not True:
        yield invalid(path, warning, "can only be set for deprecated versions")
        return
    size = len(warning.encode("utf-8", "surrogatepass"))
    if size > _MAX_WARNING_BYTES:
        yield invalid(path, warning, "must be <= 256 characters long")
    if not warning:
        yield invalid(path, warning, "must not be an empty string")
    offset = 0  # Go reports the byte offset of the first unprintable rune
    for ch in warning:
        # Go tests IsPrint before IsControl, so a control character is "non-printable" too.
        if not ch.isprintable():
            yield invalid(
                path,
                warning,
                "must only contain printable UTF-8 characters; non-printable character found "
                f"at index {offset}",
            )
            break
        offset += len(ch.encode("utf-8", "surrogatepass"))


def _status_root_errors(schema: Mapping[str, Any], path: str) -> Iterator[FieldError]:
    """With the status subresource, the root may only say what keeps properties[status]
    meaningful on its own: the first other field set, in Go's field order, is reported."""
    for key in _ROOT_FIELDS:
        value = schema.get(key)
        if value is None or (key in _ZERO_IS_UNSET and not value):
            continue
        if key == "type":
            if value != "object":
                yield invalid(
                    f"{path}.openAPIV3Schema.type",
                    value,
                    'only "object" is allowed as the type at the root of the schema if the '
                    "status subresource is enabled",
                )
                return
            continue
        if key not in _ALLOWED_KEYS:
            # The server shows the whole schema as a Go struct here; it is left out.
            yield invalid(
                f"{path}.openAPIV3Schema",
                OMITTED,
                f"only [{' '.join(_ALLOWED_AT_ROOT)}] fields are allowed at the root of the "
                "schema if the status subresource is enabled",
            )
            return


def _simple_json_path_errors(path: str, value: str) -> list[FieldError]:
    # The server's "dot notation" check can never fail, so only the leading dot is checked.
    if not value.startswith("."):
        return [invalid(path, value, "must be a simple json path starting with .")]
    return []


def _scale_errors(scale: Mapping[str, Any], path: str) -> Iterator[FieldError]:
    for key, prefixes, where in (
        ("specReplicasPath", (".spec.",), ".spec"),
        ("statusReplicasPath", (".status.",), ".status"),
    ):
        value = scale.get(key)
        field_path = f"{path}.scale.{key}"
        if not isinstance(value, str) or not value:
            if value is None or value == "":
                yield required(field_path)
            continue
        errors = _simple_json_path_errors(field_path, value)
        yield from errors
        if not errors and not value.startswith(prefixes):
            yield invalid(field_path, value, f"should be a json path under {where}")
    selector = scale.get("labelSelectorPath")
    if isinstance(selector, str) and selector:
        selector_path = f"{path}.scale.labelSelectorPath"
        errors = _simple_json_path_errors(selector_path, selector)
        yield from errors
        if not errors and not selector.startswith((".spec.", ".status.")):
            yield invalid(
                selector_path, selector, "should be a json path under either .spec or .status"
            )


def _column_errors(column: Mapping[str, Any], path: str) -> Iterator[FieldError]:
    if not column.get("name"):
        yield required(child_path(path, "name"))
    kind = column.get("type")
    one_of = f"must be one of {','.join(_COLUMN_TYPES)}"
    if not kind:
        yield required(child_path(path, "type"), one_of)
    elif isinstance(kind, str) and kind not in _COLUMN_TYPES:
        yield invalid(child_path(path, "type"), kind, one_of)
    form = column.get("format")
    if isinstance(form, str) and form and form not in _COLUMN_FORMATS:
        yield invalid(
            child_path(path, "format"), form, f"must be one of {','.join(_COLUMN_FORMATS)}"
        )
    json_path = column.get("jsonPath")
    # The internal field is JSONPath, and so is the path the server reports.
    if not json_path:
        yield required(child_path(path, "JSONPath"))
    elif isinstance(json_path, str):
        yield from _simple_json_path_errors(child_path(path, "JSONPath"), json_path)


def _selectable_field_errors(
    fields: list[Any], schema: Mapping[str, Any], path: str
) -> Iterator[FieldError]:
    # Here, not at the top: the CEL package imports its engine, which a CRD without selectable
    # fields does not need.
    from codegen.runtime.cel.field_path import FieldPathError, render, resolve_field_path

    seen: set[str] = set()
    for i, entry in enumerate(fields):
        json_path = entry.get("jsonPath") if isinstance(entry, dict) else None
        entry_path = child_path(index_path(path, i), "jsonPath")
        if not json_path:
            yield required(entry_path)
            continue
        if not isinstance(json_path, str):
            continue
        try:
            steps, node = resolve_field_path(json_path, schema, allow_array_notation=False)
        except FieldPathError as exc:
            yield invalid(entry_path, json_path, f"is an invalid path: {exc}")
            continue
        rendered = render(steps)
        if steps and steps[0].name == "metadata":
            yield invalid(entry_path, json_path, "must not point to fields in metadata")
        if not (isinstance(node, dict) and node.get("type") in ("string", "boolean", "integer")):
            yield invalid(
                entry_path,
                json_path,
                "must point to a field of type string, boolean or integer. Enum string fields "
                "and strings with formats are allowed.",
            )
        if rendered in seen:
            yield FieldError(ErrorType.DUPLICATE, entry_path, bad_value=json_path)
        seen.add(rendered)
    if len(seen) > _MAX_SELECTABLE_FIELDS:
        yield FieldError(
            ErrorType.TOO_MANY,
            path,
            f"must have at most {_MAX_SELECTABLE_FIELDS} items",
            len(seen),
        )
