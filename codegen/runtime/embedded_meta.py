"""The ``metadata`` of an embedded resource (``x-kubernetes-embedded-resource``).

The API server's ``objectmeta.Coerce`` decodes it into ``ObjectMeta`` with Go's JSON decoder:
a value of the wrong type fails the request with the decoder's first error (keys in the sorted
order Go writes a map in), and keys ``ObjectMeta`` does not know are dropped and reported as
unknown fields (:func:`codegen.runtime.metadata.prune_object_meta`). ``objectmeta.Validate``
then applies ``ValidateObjectMeta`` with path-segment names (no ``/`` or ``%``, not ``.`` or
``..``) where the resource root has DNS subdomains; a missing name is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from codegen.runtime.errors import ErrorType, FieldError
from codegen.runtime.metadata import _go_type_name, validate_object_meta

__all__ = ["decode_error", "path_segment_name", "validate_embedded_meta"]

_RFC3339: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})", re.ASCII
)
_OWNER_REFERENCE: Final = {
    "apiVersion": "string",
    "kind": "string",
    "name": "string",
    "uid": "types.UID",
    "controller": "bool",
    "blockOwnerDeletion": "bool",
}


def path_segment_name(name: str, prefix: bool) -> list[str]:
    """apimachinery ``ValidatePathSegmentName`` (``prefix``: a generateName)."""
    if not prefix and name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{bad}'" for bad in ("/", "%") if bad in name]


def validate_embedded_meta(path: str, meta: Any) -> list[FieldError]:
    """Coerce's decoding error, or else ValidateObjectMeta's errors, for ``metadata`` at
    ``path``."""
    error = decode_error(meta)
    if error is not None:
        return [FieldError(ErrorType.INVALID, path, error, meta)]
    if meta is None:
        return []
    return validate_object_meta(meta, path, name_rule=path_segment_name)


def _string(v: Any) -> str | None:
    return None if isinstance(v, str) else _go_type_name(v)


def _int64(v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return _go_type_name(v)
    if isinstance(v, float) and not v.is_integer():
        return f"number {v!r}"
    return None if -(2**63) <= v < 2**63 else f"number {v!r}"


def _bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else _go_type_name(v)


_SCALARS: Final[dict[str, Callable[[Any], str | None]]] = {
    "string": _string,
    "types.UID": _string,
    "int64": _int64,
    "bool": _bool,
}
_FIELDS: Final = {
    "name": "string",
    "generateName": "string",
    "namespace": "string",
    "selfLink": "string",
    "uid": "types.UID",
    "resourceVersion": "string",
    "generation": "int64",
    "deletionGracePeriodSeconds": "int64",
}


def _map_values(value: Any) -> Iterable[Any] | None:
    return value.values() if isinstance(value, Mapping) else None


def _list_items(value: Any) -> Iterable[Any] | None:
    return value if isinstance(value, list) else None


# fields of strings: their Go type, and their items (None: not that kind of container)
_STRINGS: Final[dict[str, tuple[str, Callable[[Any], Iterable[Any] | None]]]] = {
    "labels": ("map[string]string", _map_values),
    "annotations": ("map[string]string", _map_values),
    "finalizers": ("[]string", _list_items),
}


def decode_error(meta: Any) -> str | None:
    """The first error Go's ``json.Unmarshal`` of ``meta`` into ``ObjectMeta`` returns."""
    if meta is None:
        return None
    if not isinstance(meta, Mapping):
        return f"json: cannot unmarshal {_go_type_name(meta)} into Go value of type v1.ObjectMeta"
    for key in sorted(meta):
        value = meta[key]
        if value is None:
            continue
        error = _field_error(key, value)
        if error is not None:
            return error
    return None


def _field_error(key: str, value: Any) -> str | None:
    def mismatch(got: str, go_type: str, where: str = f"ObjectMeta.{key}") -> str:
        return f"json: cannot unmarshal {got} into Go struct field {where} of type {go_type}"

    scalar = _FIELDS.get(key)
    if scalar is not None:
        got = _SCALARS[scalar](value)
        return None if got is None else mismatch(got, scalar)
    if key in ("creationTimestamp", "deletionTimestamp"):
        # metav1.Time reads a string, then parses it as RFC 3339
        if not isinstance(value, str):
            return f"json: cannot unmarshal {_go_type_name(value)} into Go value of type string"
        if _RFC3339.fullmatch(value) is None:
            return f'parsing time "{value}" as "2006-01-02T15:04:05Z07:00": cannot parse "{value}"'
        return None
    strings = _STRINGS.get(key)
    if strings is not None:  # labels, annotations, finalizers
        go_type, items_of = strings
        items = items_of(value)
        if items is None:
            return mismatch(_go_type_name(value), go_type)
        for item in items:
            if item is not None and not isinstance(item, str):
                return mismatch(_go_type_name(item), "string")
        return None
    if key == "ownerReferences":
        return _owner_references_error(value, mismatch)
    if key == "managedFields":
        if not isinstance(value, list):
            return mismatch(_go_type_name(value), "[]v1.ManagedFieldsEntry")
        for item in value:
            if item is not None and not isinstance(item, Mapping):
                return mismatch(_go_type_name(item), "v1.ManagedFieldsEntry")
    return None  # an unknown key: dropped and reported, not a decoding error


def _owner_references_error(value: Any, mismatch: Callable[..., str]) -> str | None:
    if not isinstance(value, list):
        return mismatch(_go_type_name(value), "[]v1.OwnerReference")
    for ref in value:
        if ref is None:
            continue
        if not isinstance(ref, Mapping):
            return mismatch(_go_type_name(ref), "v1.OwnerReference")
        for name in sorted(ref):
            go_type = _OWNER_REFERENCE.get(name)
            item = ref[name]
            if go_type is None or item is None:
                continue
            got = _SCALARS[go_type](item)
            if got is not None:
                return mismatch(got, go_type, f"OwnerReference.ownerReferences.{name}")
    return None
