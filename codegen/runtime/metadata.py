"""Custom-resource ``metadata`` and embedded-resource rules (``ObjectMeta`` validation).

- the resource's ``metadata.name`` (and ``generateName``) must be a lowercase RFC 1123 subdomain,
  labels qualified names with valid values, annotation keys qualified names (any case) and all
  annotations together at most 256 KiB (``ValidateObjectMetaAccessor``);
- unknown ``metadata`` fields are dropped by the server (it round-trips ``ObjectMeta``) and,
  with strict field validation, reported as unknown fields;
- ``x-kubernetes-embedded-resource`` objects need ``apiVersion`` and ``kind``
  (``schemaobjectmeta.Validate``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from codegen.runtime.errors import ErrorType, FieldError, GoSyntax, go_quote, go_string_slice
from codegen.runtime.listtype import child_path, index_path, key_path
from codegen.runtime.scalars import json_type_name
from codegen.runtime.structural import Node

__all__ = [
    "OBJECT_META_FIELDS",
    "finalizer_warnings",
    "is_dns1035_label",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_qualified_name",
    "is_valid_label_value",
    "json_type_name",
    "object_meta_update_errors",
    "prune_object_meta",
    "round_trip_changes",
    "validate_embedded_resources",
    "validate_object_meta",
    "validate_type_meta",
]

OBJECT_META_FIELDS: Final = frozenset(
    {
        "name",
        "generateName",
        "namespace",
        "selfLink",
        "uid",
        "resourceVersion",
        "generation",
        "creationTimestamp",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
        "labels",
        "annotations",
        "ownerReferences",
        "finalizers",
        "managedFields",
    }
)

_DNS1123_LABEL_FMT: Final = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN_FMT: Final = _DNS1123_LABEL_FMT + "(\\." + _DNS1123_LABEL_FMT + ")*"
_DNS1035_LABEL_FMT: Final = "[a-z]([-a-z0-9]*[a-z0-9])?"
_QNAME_FMT: Final = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE_FMT: Final = "(" + _QNAME_FMT + ")?"

_DNS1123_LABEL_RE: Final = re.compile(_DNS1123_LABEL_FMT)
_DNS1123_SUBDOMAIN_RE: Final = re.compile(_DNS1123_SUBDOMAIN_FMT)
_DNS1035_LABEL_RE: Final = re.compile(_DNS1035_LABEL_FMT)
_QNAME_RE: Final = re.compile(_QNAME_FMT)
_LABEL_VALUE_RE: Final = re.compile(_LABEL_VALUE_FMT)

_QNAME_ERR: Final = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character"
)
_LABEL_VALUE_ERR: Final = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character"
)
_DNS1123_LABEL_ERR: Final = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character"
)
_DNS1123_SUBDOMAIN_ERR: Final = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character"
)
_DNS1035_LABEL_ERR: Final = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character"
)
_TOTAL_ANNOTATION_SIZE: Final = 256 * (1 << 10)


def _regex_error(msg: str, fmt: str, *examples: str) -> str:
    """apimachinery ``validation.RegexError``."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    # each example is followed by ", " and joined by " or ": two spaces before "or", as in Go
    ex = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {ex}regex used for validation is '{fmt}')"


def _max_len_error(n: int) -> str:
    return f"must be no more than {n} characters"


def _blen(s: str) -> int:
    return len(s) if s.isascii() else len(s.encode("utf-8", "surrogatepass"))


def is_dns1123_label(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(_max_len_error(63))
    if _DNS1123_LABEL_RE.fullmatch(value) is None:
        errs.append(_regex_error(_DNS1123_LABEL_ERR, _DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(value: str) -> list[str]:
    errs = []
    if _blen(value) > 253:
        errs.append(_max_len_error(253))
    if _DNS1123_SUBDOMAIN_RE.fullmatch(value) is None:
        errs.append(_regex_error(_DNS1123_SUBDOMAIN_ERR, _DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def is_dns1035_label(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(_max_len_error(63))
    if _DNS1035_LABEL_RE.fullmatch(value) is None:
        errs.append(_regex_error(_DNS1035_LABEL_ERR, _DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errs


def is_qualified_name(value: str) -> list[str]:
    """apimachinery ``IsQualifiedName``."""
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs.extend("prefix part " + m for m in is_dns1123_subdomain(prefix))
    else:
        return [
            "a qualified name "
            + _regex_error(_QNAME_ERR, _QNAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        errs.append("name part must be non-empty")
    elif _blen(name) > 63:
        errs.append("name part " + _max_len_error(63))
    if _QNAME_RE.fullmatch(name) is None:
        errs.append(
            "name part " + _regex_error(_QNAME_ERR, _QNAME_FMT, "MyName", "my.name", "123-abc")
        )
    return errs


def is_valid_label_value(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(_max_len_error(63))
    if _LABEL_VALUE_RE.fullmatch(value) is None:
        errs.append(
            _regex_error(_LABEL_VALUE_ERR, _LABEL_VALUE_FMT, "MyValue", "my_value", "12345")
        )
    return errs


_MEMO_LIMIT: Final = 4096
_memo: dict[tuple[Callable[[str], list[str]], str], tuple[str, ...]] = {}


def _checked(check: Callable[[str], list[str]], value: str) -> tuple[str, ...]:
    """``check(value)``, remembered: names, labels and annotation keys repeat across objects."""
    key = (check, value)
    found = _memo.get(key)
    if found is None:
        if len(_memo) >= _MEMO_LIMIT:
            _memo.clear()
        found = _memo[key] = tuple(check(value))
    return found


def prune_object_meta(meta: dict[str, Any], path: str = "metadata") -> list[str]:
    """Drop the fields ``ObjectMeta`` does not know; return their paths (in place)."""
    known, paths = known_object_meta(meta, path)
    if known is not meta:
        meta.clear()
        meta.update(known)
    return paths


_STRING_MAPS = ("labels", "annotations")
_EMPTY_STRINGS_OMITTED = ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion")
_EMPTY_LISTS_OMITTED = ("ownerReferences", "finalizers", "managedFields")
_TIMESTAMPS = ("creationTimestamp", "deletionTimestamp")


def _omitted(key: str, value: Any) -> bool:
    """Whether ObjectMeta's JSON encoding leaves the field out (`omitempty`, a null read as
    the zero value): what SetObjectMeta does not write back. Values of a wrong type stay, for
    the decoding error."""
    if value is None:
        return True
    if key in _EMPTY_STRINGS_OMITTED:
        return type(value) is str and not value
    if key == "generation":
        return type(value) is int and value == 0
    if key in _STRING_MAPS:
        return type(value) is dict and not value
    if key in _EMPTY_LISTS_OMITTED:
        return type(value) is list and not value
    return False


def _utc_seconds(value: Any) -> Any:
    """metav1.Time as it is written back: parsed as RFC 3339, printed in UTC to the second."""
    if type(value) is not str:
        return value
    # not a time Go reads: left for the checks
    return _utc_text(value, "{Y}-{m}-{d}T{H}:{M}:{S}Z") or value


def _utc_text(value: str, layout: str) -> str | None:
    """`value` read as time.Parse(time.RFC3339) reads it, written in UTC to the second with
    `layout` (`{Y}` and so on name the fields); None when Go does not read it as a time."""
    from codegen.runtime.cel.go_time import go_rfc3339

    parsed = go_rfc3339(value)
    if parsed is None:
        return None
    try:
        t = time.gmtime(parsed[0])
    except (OverflowError, OSError, ValueError):  # pragma: no cover - beyond this platform's time
        return None
    if not 0 <= t.tm_year <= 9999:
        return None  # Go writes such years differently; left as given
    return layout.format(
        Y=f"{t.tm_year:04d}", m=f"{t.tm_mon:02d}", d=f"{t.tm_mday:02d}",
        H=f"{t.tm_hour:02d}", M=f"{t.tm_min:02d}", S=f"{t.tm_sec:02d}",
    )  # fmt: skip


_LEFT_OUT: Final = object()


# The fields of the objects in ObjectMeta's lists: any other key is dropped, as an unknown field.
_ITEM_FIELDS: Final = {
    "ownerReferences": frozenset(
        {"apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"}
    ),
    "managedFields": frozenset(
        {"manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1", "subresource"}
    ),
}


def _unknown_in_items(key: str, value: Any) -> list[tuple[int, str]]:
    """(index, field) of the keys the items of list field `key` have and ObjectMeta does not."""
    fields = _ITEM_FIELDS.get(key)
    if fields is None or type(value) is not list:
        return []
    return [
        (index, name)
        for index, item in enumerate(value)
        if type(item) is dict and not fields.issuperset(item)
        for name in sorted(item)
        if name not in fields
    ]


# What a null item of a list field is read as, and written back: its zero value, as
# encoding/json writes it (an OwnerReference's four fields have no omitempty)
_NULL_ITEMS: Final[dict[str, Callable[[], Any]]] = {
    "finalizers": str,
    "ownerReferences": lambda: {"apiVersion": "", "kind": "", "name": "", "uid": ""},
    "managedFields": dict,
}


def _written(key: str, value: Any) -> Any:
    """`value` as SetObjectMeta writes field `key` back: `_LEFT_OUT`, a rewritten value (a null
    label or annotation value read as "", a null list item as its zero value, a timestamp in
    UTC to the second), or `value` itself when it is written back unchanged."""
    if _omitted(key, value):
        return _LEFT_OUT
    if key in _STRING_MAPS and type(value) is dict and None in value.values():
        return {k: "" if v is None else v for k, v in value.items()}
    if key in _NULL_ITEMS and type(value) is list and None in value:
        zero = _NULL_ITEMS[key]
        return _written(key, [zero() if item is None else item for item in value])
    if key in _TIMESTAMPS:
        written = _utc_seconds(value)
        return value if written == value else written
    if key in _ITEM_FIELDS and _unknown_in_items(key, value):
        fields = _ITEM_FIELDS[key]
        return [
            {k: v for k, v in item.items() if k in fields} if type(item) is dict else item
            for item in value
        ]
    return value


def round_trip_changes(meta: dict[str, Any]) -> bool:
    """Whether writing `meta` back as the server does (`known_object_meta`) changes it."""
    return any(_written(key, value) is not value for key, value in meta.items())


def known_object_meta(meta: dict[str, Any], path: str) -> tuple[dict[str, Any], list[str]]:
    """(`meta` as the server writes it back after decoding it as ObjectMeta
    (SetObjectMeta(GetObjectMeta(x))): the fields ObjectMeta does not know dropped, empty
    values left out (`name: ""`, `labels: {}`, `generation: 0`, nulls), a null label or
    annotation value read as "", timestamps in UTC to the second; the dropped fields' paths,
    sorted as the server reports them). A copy when anything changed: `meta` itself is kept."""
    if OBJECT_META_FIELDS.issuperset(meta) and not round_trip_changes(meta):
        return meta, []
    unknown: list[str] = []
    for key in sorted(meta):  # as Go's decoder meets them: keys in order, then their items'
        if key not in OBJECT_META_FIELDS:
            unknown.append(child_path(path, key))
        for index, name in _unknown_in_items(key, meta[key]):
            unknown.append(child_path(index_path(child_path(path, key), index), name))
    known = {
        key: written
        for key, value in meta.items()
        if key in OBJECT_META_FIELDS and (written := _written(key, value)) is not _LEFT_OUT
    }
    return known, unknown


def _string_map_errors(path: str, v: Any, field: str) -> list[FieldError]:
    if v is None:
        return []
    if not isinstance(v, Mapping):
        return [
            FieldError(
                ErrorType.INVALID,
                path,
                f"json: cannot unmarshal {json_type_name(v)} into Go struct field "
                f"ObjectMeta.metadata.{field} of type map[string]string",
                v,
            )
        ]
    return [
        FieldError(
            ErrorType.INVALID,
            path,
            f"json: cannot unmarshal {json_type_name(x)} into Go struct field "
            f"ObjectMeta.metadata.{field} of type string",
            x,
        )
        for x in v.values()
        if not isinstance(x, str) and x is not None  # a null decodes as ""
    ]


_valid: dict[Callable[[str], list[str]], set[str]] = {}


def _is_valid(check: Callable[[str], list[str]], value: str) -> bool:
    """``not check(value)``, remembering the valid values (they repeat across objects)."""
    known = _valid.setdefault(check, set())
    if value in known:
        return True
    if check(value):
        return False
    if len(known) >= _MEMO_LIMIT:
        known.clear()
    known.add(value)
    return True


def object_meta_ok(meta: dict[str, Any]) -> bool:
    """True only if :func:`field_decode_error` and :func:`validate_object_meta` find nothing
    (``require_name=False``).

    A quick check for the common, valid metadata; False may also mean "look closer".
    """
    for key, v in meta.items():
        if v is None:
            continue
        if key == "name":
            if type(v) is not str or (v and not _is_valid(is_dns1123_subdomain, v)):
                return False
        elif key == "namespace":
            if type(v) is not str or (v and not _is_valid(is_dns1123_label, v)):
                return False
        elif key == "labels":
            if type(v) is not dict:
                return False
            for k, x in v.items():
                if type(x) is not str or type(k) is not str:
                    return False
                if not (_is_valid(is_qualified_name, k) and _is_valid(is_valid_label_value, x)):
                    return False
        else:  # rarer: the full checks, decoding included (a value ObjectMeta cannot hold)
            return field_decode_error(meta) is None and not validate_object_meta(meta)
    return True


NameRule = Callable[[str, bool], list[str]]  # (name, is a generateName) -> messages


def validate_object_meta(
    meta: Any,
    path: str = "metadata",
    *,
    require_name: bool = False,
    name_rule: NameRule | None = None,
    is_resource: bool = False,
) -> list[FieldError]:
    """``ValidateObjectMetaAccessor`` for a custom resource's metadata: names (lowercase DNS
    subdomains unless `name_rule` says otherwise), namespace, generation, labels, annotations,
    owner references and finalizers. `is_resource`: the metadata of the custom resource itself
    (not of an embedded one), whose generation the server sets before it validates."""
    if meta is None:
        return (
            [
                FieldError(
                    ErrorType.REQUIRED, child_path(path, "name"), "name or generateName is required"
                )
            ]
            if require_name
            else []
        )
    if type(meta) is not dict and not isinstance(meta, Mapping):
        return [
            FieldError(
                ErrorType.INVALID,
                path,
                f"json: cannot unmarshal {json_type_name(meta)} into Go value of type v1.ObjectMeta",
                meta,
            )
        ]
    errs: list[FieldError] = []
    for key in ("name", "generateName", "namespace"):
        v = meta.get(key)
        if v is not None and not isinstance(v, str):
            errs.append(
                FieldError(
                    ErrorType.INVALID,
                    child_path(path, key),
                    f"json: cannot unmarshal {json_type_name(v)} into Go struct field "
                    f"ObjectMeta.metadata.{key} of type string",
                    v,
                )
            )
    raw_labels = meta.get("labels")
    if raw_labels is not None:
        errs.extend(_string_map_errors(child_path(path, "labels"), raw_labels, "labels"))
    raw_annotations = meta.get("annotations")
    if raw_annotations is not None:
        errs.extend(
            _string_map_errors(child_path(path, "annotations"), raw_annotations, "annotations")
        )
    if errs:
        return errs
    gen_name = meta.get("generateName") or ""
    if gen_name:
        if name_rule is None:
            masked = _mask_trailing_dash(gen_name)
            bad = _checked(is_dns1123_subdomain, masked)
        else:
            bad = tuple(name_rule(gen_name, True))
        if bad:
            gpath = child_path(path, "generateName")
            errs.extend(FieldError(ErrorType.INVALID, gpath, m, gen_name) for m in bad)
    name = meta.get("name") or ""
    if not name:
        if require_name and not gen_name:
            errs.append(
                FieldError(
                    ErrorType.REQUIRED, child_path(path, "name"), "name or generateName is required"
                )
            )
    else:
        if name_rule is None:
            bad = _checked(is_dns1123_subdomain, name)
        else:
            bad = tuple(name_rule(name, False))
        if bad:
            npath = child_path(path, "name")
            errs.extend(FieldError(ErrorType.INVALID, npath, m, name) for m in bad)
    ns = meta.get("namespace") or ""
    if ns:
        bad = _checked(is_dns1123_label, ns)
        if bad:
            npath = child_path(path, "namespace")
            errs.extend(FieldError(ErrorType.INVALID, npath, m, ns) for m in bad)
    gen = meta.get("generation")
    # A resource's own generation is the server's: PrepareForCreate sets it to 1 and
    # PrepareForUpdate carries the old one over, before validation. An embedded one is checked.
    if not is_resource and isinstance(gen, int) and not isinstance(gen, bool) and gen < 0:
        errs.append(
            FieldError(
                ErrorType.INVALID,
                child_path(path, "generation"),
                "must be greater than or equal to 0",
                gen,
            )
        )
    labels = raw_labels or {}
    lpath = child_path(path, "labels") if labels else ""
    for k, raw in labels.items():
        v = "" if raw is None else raw  # as decoded
        bad_key = _checked(is_qualified_name, k)
        if bad_key:
            errs.extend(FieldError(ErrorType.INVALID, lpath, m, k) for m in bad_key)
        bad_value = _checked(is_valid_label_value, v)
        if bad_value:
            errs.extend(FieldError(ErrorType.INVALID, lpath, m, v) for m in bad_value)
    annotations = raw_annotations or {}
    apath = child_path(path, "annotations") if annotations else ""
    size = 0
    for k, v in annotations.items():
        bad_key = _checked(is_qualified_name, k.lower())
        if bad_key:
            errs.extend(FieldError(ErrorType.INVALID, apath, m, k) for m in bad_key)
        size += _blen(k) + (0 if v is None else _blen(v))
    if size > _TOTAL_ANNOTATION_SIZE:
        apath = child_path(path, "annotations")
        errs.append(
            FieldError(
                ErrorType.TOO_LONG,
                apath,
                f"may not be more than {_TOTAL_ANNOTATION_SIZE} bytes",
                "",
            )
        )
    refs = meta.get("ownerReferences")
    if isinstance(refs, list) and refs:
        errs.extend(owner_reference_errors(child_path(path, "ownerReferences"), refs))
    finalizers = meta.get("finalizers")
    if isinstance(finalizers, list):
        fpath = child_path(path, "finalizers")
        for f in finalizers:
            if isinstance(f, str):
                errs.extend(
                    FieldError(ErrorType.INVALID, fpath, m, f)
                    for m in _checked(is_qualified_name, f)
                )
        if "orphan" in finalizers and "foregroundDeletion" in finalizers:  # ValidateFinalizers
            errs.append(
                FieldError(
                    ErrorType.INVALID,
                    fpath,
                    "finalizer orphan and foregroundDeletion cannot be both set",
                    go_string_slice(finalizers),
                )
            )
    return errs


def _mask_trailing_dash(name: str) -> str:
    """maskTrailingDash, quirk included: a trailing "-" and the byte before it give way to one
    "a" (a character cut in two becomes U+FFFD, which fails the check as Go's stray byte)."""
    raw = name.encode("utf-8", "surrogatepass")
    if len(raw) > 1 and name.endswith("-"):
        return raw[:-2].decode("utf-8", "replace") + "a"
    return name


_IMMUTABLE: Final = "field is immutable"


def object_meta_update_errors(meta: Any, old_meta: Any, path: str = "metadata") -> list[FieldError]:
    """What ``ValidateObjectMetaAccessorUpdate`` refuses in an update of the resource, once
    ``BeforeUpdate`` has carried over what the update leaves out (the uid, a deletion timestamp
    and grace period the old object has): a finalizer added while the object is being deleted,
    and a name, namespace, uid, deletion timestamp or grace period that differs from the old
    one. (The resourceVersion is left out: an apply takes it from the object it patches.)"""
    if not isinstance(meta, Mapping) or not isinstance(old_meta, Mapping):
        return []
    errs: list[FieldError] = []
    being_deleted = old_meta.get("deletionTimestamp")
    if being_deleted:
        added = sorted(_added_finalizers(meta, old_meta))
        if added:
            errs.append(
                FieldError(
                    ErrorType.FORBIDDEN,
                    child_path(path, "finalizers"),
                    "no new finalizers can be added if the object is being deleted, found new "
                    f"finalizers {go_string_slice(added)!r}",
                )
            )
    for key in ("name", "namespace"):  # the object updated is the one of that name
        value = meta.get(key) or ""
        if value != (old_meta.get(key) or ""):
            errs.append(FieldError(ErrorType.INVALID, child_path(path, key), _IMMUTABLE, value))
    uid = meta.get("uid") or old_meta.get("uid") or ""
    if uid != (old_meta.get("uid") or ""):
        errs.append(FieldError(ErrorType.INVALID, child_path(path, "uid"), _IMMUTABLE, uid))
    deletion = meta.get("deletionTimestamp")
    if not being_deleted and deletion:
        shown = GoSyntax(_go_time_text(deletion)) if isinstance(deletion, str) else deletion
        errs.append(
            FieldError(ErrorType.INVALID, child_path(path, "deletionTimestamp"), _IMMUTABLE, shown)
        )
    grace, old_grace = (
        meta.get("deletionGracePeriodSeconds"),
        old_meta.get("deletionGracePeriodSeconds"),
    )
    if grace is None:
        grace = old_grace
    if grace != old_grace:
        errs.append(
            FieldError(
                ErrorType.INVALID, child_path(path, "deletionGracePeriodSeconds"), _IMMUTABLE, grace
            )
        )
    return errs


def _go_time_text(value: str) -> str:
    """A metav1.Time as `%v` prints it (time.Time.String, in UTC): `2024-01-02 03:04:05 +0000
    UTC`; the text itself when it is not a time Go reads."""
    return _utc_text(value, "{Y}-{m}-{d} {H}:{M}:{S} +0000 UTC") or value


def _added_finalizers(meta: Any, old_meta: Any) -> set[str]:
    """The finalizer names a write adds: all of `meta`'s on a create (`old_meta` None), those
    not in `old_meta` on an update."""
    finalizers = meta.get("finalizers") if isinstance(meta, Mapping) else None
    if not isinstance(finalizers, list):
        return set()
    added = {f for f in finalizers if isinstance(f, str)}
    old = old_meta.get("finalizers") if isinstance(old_meta, Mapping) else None
    if isinstance(old, list):
        added.difference_update(f for f in old if isinstance(f, str))
    return added


# metav1.FinalizerOrphanDependents, metav1.FinalizerDeleteDependents, core FinalizerKubernetes
STANDARD_FINALIZERS: Final = frozenset({"orphan", "foregroundDeletion", "kubernetes"})


def finalizer_warnings(meta: Any, old_meta: Any = None) -> list[str]:
    """The warnings the server returns for a custom resource's finalizers (apiextensions'
    ``customResourceStrategy.WarningsOnCreate``/``WarningsOnUpdate``, given only once the object
    passed validation): one per finalizer name without a ``/`` that is not a standard one, for
    the names the write adds (all of them on a create, those not in `old_meta` on an update),
    sorted and de-duplicated. Only the resource's own ``metadata``, never an embedded one.

    The server's ``validateKubeFinalizerName`` also turns ``IsQualifiedName`` failures into
    warnings, but such a name already fails validation, so no warning is ever given for it.
    """
    warnings: list[str] = []
    for name in sorted(_added_finalizers(meta, old_meta)):  # sets.String.List(): byte order
        if "/" in name or name in STANDARD_FINALIZERS:
            continue
        advice = (
            "prefer a domain-qualified finalizer name including a path (/)"
            if "." in name
            else "prefer a domain-qualified finalizer name"
        )
        warnings.append(
            f"metadata.finalizers: {go_quote(name)}: {advice} "
            "to avoid accidental conflicts with other finalizer writers"
        )
    return warnings


def owner_reference_errors(path: str, refs: list[Any]) -> list[FieldError]:
    """``ValidateOwnerReferences`` (errors name the list's path, not an item's)."""
    errs: list[FieldError] = []
    first_controller = ""
    for ref in refs:
        if not isinstance(ref, Mapping):
            continue
        api_version, kind, name, uid = (
            v if isinstance(v := ref.get(key), str) else ""
            for key in ("apiVersion", "kind", "name", "uid")
        )
        # schema.ParseGroupVersion; more than one "/" is an error, which leaves no version
        parsed = api_version.rpartition("/") if api_version.count("/") < 2 else ("", "", "")
        group, version = parsed[0], parsed[2]
        for key, value, empty in (
            ("apiVersion", api_version, not version),
            ("kind", kind, not kind),
            ("name", name, not name),
            ("uid", uid, not uid),
        ):
            if empty:
                message = (
                    "version must not be empty"
                    if key == "apiVersion"
                    else f"{key} must not be empty"
                )
                errs.append(FieldError(ErrorType.INVALID, child_path(path, key), message, value))
        if (group, version, kind) == ("", "v1", "Event"):
            errs.append(
                FieldError(
                    ErrorType.INVALID,
                    path,
                    "/v1, Kind=Event is disallowed from being an owner",
                    ref,
                )
            )
        if ref.get("controller") is True:
            current = f"{kind}/{name}"
            if first_controller:
                errs.append(
                    FieldError(
                        ErrorType.INVALID,
                        path,
                        'Only one reference can have Controller set to true. Found "true" in '
                        f"references for {first_controller} and {current}",
                        refs,
                    )
                )
            else:
                first_controller = current
    return errs


def _parse_group_version(gv: str) -> str | None:
    """``schema.ParseGroupVersion`` error text, or ``None`` when valid."""
    if gv in ("", "/"):
        return None
    n = gv.count("/")
    if n == 0:
        return None
    if n == 1:
        return None
    return f"unexpected GroupVersion string: {gv}"


def _validate_embedded(
    path: str | None, x: Mapping[str, Any], *, embedded: bool = True
) -> list[FieldError]:
    """TypeMeta, and ObjectMeta when `embedded` (the resource root's is checked on its own)."""
    errs: list[FieldError] = []
    if "apiVersion" not in x:  # field.Required(path, ""): no detail
        errs.append(FieldError(ErrorType.REQUIRED, child_path(path, "apiVersion"), ""))
    if "kind" not in x:
        errs.append(FieldError(ErrorType.REQUIRED, child_path(path, "kind"), ""))
    if "apiVersion" in x:
        v = x["apiVersion"]
        p = child_path(path, "apiVersion")
        if not isinstance(v, str):
            errs.append(FieldError(ErrorType.INVALID, p, "must be a string", v))
        elif not v:
            errs.append(FieldError(ErrorType.INVALID, p, "must not be empty", v))
        else:
            gv_err = _parse_group_version(v)
            if gv_err:
                errs.append(FieldError(ErrorType.INVALID, p, gv_err, v))
    if "kind" in x:
        v = x["kind"]
        p = child_path(path, "kind")
        if not isinstance(v, str):
            errs.append(FieldError(ErrorType.INVALID, p, "must be a string", v))
        elif not v:
            errs.append(FieldError(ErrorType.INVALID, p, "must not be empty", v))
        else:
            msgs = is_dns1035_label(v.lower())
            if msgs:
                errs.append(
                    FieldError(
                        ErrorType.INVALID,
                        p,
                        "may have mixed case, but should otherwise match: " + ",".join(msgs),
                        v,
                    )
                )
    if embedded and "metadata" in x:
        from codegen.runtime.embedded_meta import validate_embedded_meta

        errs.extend(validate_embedded_meta(child_path(path, "metadata"), x["metadata"]))
    return errs


def _walk_embedded(path: str | None, x: Any, node: Node | None, errs: list[FieldError]) -> None:
    if node is None:
        return
    if isinstance(x, Mapping):
        if node.embedded:
            errs.extend(_validate_embedded(path, x))
        if not node.has_embedded:
            return
        props = node.properties
        for k, v in x.items():
            sub = props.get(k) if props else None
            if sub is not None:
                _walk_embedded(child_path(path, k), v, sub, errs)
            elif node.additional is not None:
                _walk_embedded(key_path(path, k), v, node.additional, errs)
    elif isinstance(x, list):
        if node.items is None or not node.items.has_embedded:
            return
        for i, v in enumerate(x):
            _walk_embedded(index_path(path, i), v, node.items, errs)


def validate_embedded_resources(path: str | None, x: Any, node: Node | None) -> list[FieldError]:
    """``schemaobjectmeta.Validate(path, x, s, isResourceRoot=false)``."""
    errs: list[FieldError] = []
    if node is not None and node.has_embedded:
        _walk_embedded(path, x, node, errs)
    return errs


def validate_type_meta(
    obj: Mapping[str, Any], *, kind: str, group: str, version: str = ""
) -> list[FieldError]:
    """``apiVersion``/``kind`` of a resource root: present, and the CRD's when known."""
    errs = _validate_embedded(None, obj, embedded=False)
    if errs:
        return errs
    api_version = obj["apiVersion"]
    k = obj["kind"]
    if kind and k != kind:
        errs.append(FieldError(ErrorType.INVALID, "kind", f"must be {kind}", k))
    if group:
        if version:
            want = f"{group}/{version}"
            if api_version != want:
                errs.append(
                    FieldError(ErrorType.INVALID, "apiVersion", f"must be {want}", api_version)
                )
        elif api_version.partition("/")[0] != group or "/" not in api_version:
            errs.append(
                FieldError(
                    ErrorType.INVALID, "apiVersion", f"must be {group}/<version>", api_version
                )
            )
    return errs


# ---------------------------------------------------------------- decoding into ObjectMeta

_OWNER_REFERENCE: Final = {
    "apiVersion": "string",
    "kind": "string",
    "name": "string",
    "uid": "types.UID",
    "controller": "bool",
    "blockOwnerDeletion": "bool",
}


def _string(v: Any) -> str | None:
    return None if isinstance(v, str) else json_type_name(v)


def _int64(v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return json_type_name(v)
    if isinstance(v, float) and not v.is_integer():
        return f"number {v!r}"
    return None if -(2**63) <= v < 2**63 else f"number {v!r}"


def _bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else json_type_name(v)


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
        return f"json: cannot unmarshal {json_type_name(meta)} into Go value of type v1.ObjectMeta"
    found = field_decode_error(meta)
    return None if found is None else found[1]


def field_decode_error(meta: Mapping[str, Any], within: str = "") -> tuple[str, str] | None:
    """The first field of ``meta`` Go's JSON decoder fails on, with its error: `within` is the
    path of ``meta`` from the value decoded (kubectl decodes a whole object, whose metadata is
    then `metadata.`), which Go's error names fields by."""
    for key in sorted(meta):
        value = meta[key]
        if value is None:
            continue
        error = _field_error(key, value, within)
        if error is not None:
            return key, error
    return None


def _field_error(key: str, value: Any, within: str) -> str | None:
    def mismatch(got: str, go_type: str, where: str = f"ObjectMeta.{within}{key}") -> str:
        return f"json: cannot unmarshal {got} into Go struct field {where} of type {go_type}"

    scalar = _FIELDS.get(key)
    if scalar is not None:
        got = _SCALARS[scalar](value)
        return None if got is None else mismatch(got, scalar)
    if key in ("creationTimestamp", "deletionTimestamp"):
        return _time_error(value)
    strings = _STRINGS.get(key)
    if strings is not None:  # labels, annotations, finalizers
        go_type, items_of = strings
        items = items_of(value)
        if items is None:
            return mismatch(json_type_name(value), go_type)
        for item in items:
            if item is not None and not isinstance(item, str):
                return mismatch(json_type_name(item), "string")
        return None
    if key == "ownerReferences":
        return _owner_references_error(value, mismatch, within)
    if key == "managedFields":
        if not isinstance(value, list):
            return mismatch(json_type_name(value), "[]v1.ManagedFieldsEntry")
        for item in value:
            if item is not None and not isinstance(item, Mapping):
                return mismatch(json_type_name(item), "v1.ManagedFieldsEntry")
            stamp = item.get("time") if isinstance(item, Mapping) else None
            error = None if stamp is None else _time_error(stamp)
            if error is not None:  # a valid time: the next entries are decoded too
                return error
    return None  # an unknown key: dropped and reported, not a decoding error


def _time_error(value: Any) -> str | None:
    """metav1.Time reads a string, then parses it as RFC 3339."""
    if not isinstance(value, str):
        return f"json: cannot unmarshal {json_type_name(value)} into Go value of type string"
    from codegen.runtime.cel.go_time import RFC3339_LAYOUT, go_parse_error

    return go_parse_error(RFC3339_LAYOUT, value)


def _owner_references_error(value: Any, mismatch: Callable[..., str], within: str) -> str | None:
    if not isinstance(value, list):
        return mismatch(json_type_name(value), "[]v1.OwnerReference")
    for ref in value:
        if ref is None:
            continue
        if not isinstance(ref, Mapping):
            return mismatch(json_type_name(ref), "v1.OwnerReference")
        for name in sorted(ref):
            go_type = _OWNER_REFERENCE.get(name)
            item = ref[name]
            if go_type is None or item is None:
                continue
            got = _SCALARS[go_type](item)
            if got is not None:
                return mismatch(got, go_type, f"OwnerReference.{within}ownerReferences.{name}")
    return None
