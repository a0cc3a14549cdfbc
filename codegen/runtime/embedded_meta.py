"""The ``metadata`` of an embedded resource (``x-kubernetes-embedded-resource``).

The API server's ``objectmeta.Coerce`` decodes it into ``ObjectMeta`` with Go's JSON decoder:
a value of the wrong type fails the request with the decoder's first error (keys in the sorted
order Go writes a map in), and keys ``ObjectMeta`` does not know are dropped and reported as
unknown fields (:func:`codegen.runtime.metadata.prune_object_meta`). ``objectmeta.Validate``
then applies ``ValidateObjectMeta`` with path-segment names (no ``/`` or ``%``, not ``.`` or
``..``) where the resource root has DNS subdomains; a missing name is allowed.
"""

from __future__ import annotations

from typing import Any

from codegen.runtime.errors import ErrorType, FieldError
from codegen.runtime.metadata import decode_error, field_decode_error, validate_object_meta

__all__ = ["decode_error", "field_decode_error", "path_segment_name", "validate_embedded_meta"]


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
