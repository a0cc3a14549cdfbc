"""The scale subresource's checks on an object, which the API server runs after the schema's on
every create and update (customResourceValidator's ValidateScaleSpec and ValidateScaleStatus):
the replicas at `specReplicasPath` and `statusReplicasPath` must be integers from 0 to int32's
maximum, and the value at `labelSelectorPath` a string. Each value is read as unstructured's
NestedInt64 / NestedString read it; an absent value (or a null above it) is not checked."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from codegen.runtime.errors import ErrorType, FieldError
from codegen.runtime.scalars import INT32_MAX, go_type, go_v, is_int64, sent_number

REPLICAS_PATHS = ("specReplicasPath", "statusReplicasPath")
SELECTOR_PATH = "labelSelectorPath"


def scale_errors(obj: Mapping[str, Any], scale: Mapping[str, Any]) -> list[FieldError]:
    """The errors of `obj` (processed: pruned, defaulted, without a status the server drops)
    against one version's `subresources.scale`."""
    errors: list[FieldError] = []
    for key in REPLICAS_PATHS:
        path = scale.get(key)
        if not isinstance(path, str):
            continue
        found, value = _nested(obj, path)
        if found is _ABSENT:
            continue
        if type(value) is float:
            value = sent_number(value)
        if found is _NOT_AN_OBJECT or not is_int64(value):
            text = _accessor_error(path, found, value, "int64")
            errors.append(FieldError(ErrorType.INVALID, path, text, 0))
        elif value < 0:
            errors.append(
                FieldError(ErrorType.INVALID, path, "should be a non-negative integer", value)
            )
        elif value > INT32_MAX:
            detail = f"should be less than or equal to {INT32_MAX}"
            errors.append(FieldError(ErrorType.INVALID, path, detail, value))
    selector = scale.get(SELECTOR_PATH)
    if isinstance(selector, str):
        found, value = _nested(obj, selector)
        if found is _NOT_AN_OBJECT or (found is _FOUND and not isinstance(value, str)):
            text = _accessor_error(selector, found, value, "string")
            errors.append(FieldError(ErrorType.INVALID, selector, text, ""))
    return errors


_FOUND, _ABSENT, _NOT_AN_OBJECT = object(), object(), object()


def _nested(obj: Any, path: str) -> tuple[object, Any]:
    """unstructured.NestedFieldNoCopy on the path's dotted fields (its leading dot dropped):
    (_FOUND, the value), (_ABSENT, None), or (_NOT_AN_OBJECT, (the fields read, the value
    met)) where a value on the way is not an object."""
    fields = path.removeprefix(".").split(".")
    value: Any = obj
    for index, name in enumerate(fields):
        if value is None:
            return _ABSENT, None
        if not isinstance(value, Mapping):
            return _NOT_AN_OBJECT, (fields[: index + 1], value)
        if name not in value:
            return _ABSENT, None
        value = value[name]
    return _FOUND, value


_ACCESSOR_VALUE = re.compile(r"( accessor error: ).*( is of the type )", re.DOTALL)


def hide_accessor_value(detail: str, shown: str) -> str:
    """An accessor error's detail with the value it quotes replaced by `shown` (a secret's
    stand-in); any other detail as it is."""
    return _ACCESSOR_VALUE.sub(lambda match: f"{match[1]}{shown}{match[2]}", detail, count=1)


def _accessor_error(path: str, found: object, value: Any, wanted: str) -> str:
    """The accessor's error text: `<.path> accessor error: <%v> is of the type <%T>, expected
    <type>`, naming the fields read so far when a value on the way is not an object."""
    fields = path.removeprefix(".").split(".")
    if found is _NOT_AN_OBJECT:
        fields, value = value
        wanted = "map[string]interface{}"
    text, type_name = go_v(value), go_type(value)
    return (
        f".{'.'.join(fields)} accessor error: {text} is of the type {type_name}, expected {wanted}"
    )
