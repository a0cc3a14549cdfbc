"""``x-kubernetes-list-type`` invariants (apiextensions ``listtype.ValidateListSetsAndMaps``).

``set``: elements unique; ``map``: items are objects (or null) and their key tuples
(``x-kubernetes-list-map-keys``) unique.  Go compares scalars by dynamic type and value (so ``1``
and ``1.0`` differ) and compound values by their JSON encoding (where ``1.0`` encodes as ``1``).
Only the first repetition of a value is reported, as ``Duplicate`` at ``path[i]``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from codegen.runtime.errors import ErrorType, FieldError
from codegen.runtime.scalars import json_type
from codegen.runtime.structural import Node

__all__ = [
    "child_path",
    "index_path",
    "key_path",
    "list_own_errors",
    "list_type_errors",
    "validate_list_sets_and_maps",
    "validate_list_value",
]


def child_path(path: str | None, name: str) -> str:
    """``field.Path.Child``."""
    return name if not path else f"{path}.{name}"


def key_path(path: str | None, key: str) -> str:
    """``field.Path.Key``."""
    return f"{path or ''}[{key}]"


def index_path(path: str | None, i: int) -> str:
    """``field.Path.Index``."""
    return f"{path or ''}[{i}]"


class _Unspecified:
    __slots__ = ()


_UNSPECIFIED: Final = _Unspecified()


def _json_normal(v: Any) -> Any:
    """A value whose ``json.dumps`` equals Go's ``json.Marshal`` encoding for equality."""
    if isinstance(v, Mapping):
        return {str(k): _json_normal(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_json_normal(x) for x in v]
    if type(v) is float and math.isfinite(v) and v.is_integer() and abs(v) < 1e21:
        return "-0" if v == 0 and math.copysign(1.0, v) < 0 else int(v)
    return v


def _scalar_key(v: Any) -> Any:
    if v is _UNSPECIFIED:
        return ("u",)
    jt = json_type(v)
    if jt == "number":
        return ("f", float(v))
    return (jt, v)


def _duplicates(items: list[Any]) -> list[int]:
    """Indices of the second appearance of each repeated value (``validateListSet``)."""
    if len(items) <= 1:
        return []
    seen: dict[Any, int] = {}
    out: list[int] = []
    for i, x in enumerate(items):
        if isinstance(x, (Mapping, list, tuple)):
            key: Any = ("c", json.dumps(_json_normal(x), sort_keys=True, separators=(",", ":")))
        else:
            key = _scalar_key(x)
        times = seen.get(key, 0)
        seen[key] = times + 1
        if times == 1:
            out.append(i)
    return out


def _kept(obj: list[Any], skip: frozenset[int]) -> Sequence[int]:
    """The indices of `obj` not in `skip` (all of them, without a copy, when none is)."""
    return [i for i in range(len(obj)) if i not in skip] if skip else range(len(obj))


def _validate_map(
    path: str | None, keys: Sequence[str], obj: list[Any], skip: frozenset[int]
) -> list[FieldError]:
    for i, x in enumerate(obj):
        if i not in skip and x is not None and not isinstance(x, Mapping):
            return [
                FieldError(
                    ErrorType.INVALID,
                    index_path(path, i),
                    "must be an object for an array of list-type map",
                    x,
                )
            ]
    indices = _kept(obj, skip)
    if len(indices) <= 1:
        return []
    if len(keys) == 1:
        kf = keys[0]
        single = [
            _UNSPECIFIED if obj[i] is None or kf not in obj[i] else obj[i][kf] for i in indices
        ]
        return [
            FieldError(
                ErrorType.DUPLICATE,
                index_path(path, indices[i]),
                "",
                {} if single[i] is _UNSPECIFIED else {kf: single[i]},
            )
            for i in _duplicates(single)
        ]
    tuples: list[Any] = []
    for i in indices:
        x = obj[i]
        tuples.append({} if x is None else {k: x[k] for k in keys if k in x})
    return [
        FieldError(ErrorType.DUPLICATE, index_path(path, indices[i]), "", tuples[i])
        for i in _duplicates(tuples)
    ]


def _validate_array(path: str | None, node: Node, obj: list[Any]) -> list[FieldError]:
    errs = list_own_errors(path, node, obj)
    items = node.items
    if items is not None:
        for i, x in enumerate(obj):
            errs.extend(validate_list_value(index_path(path, i), items, x))
    return errs


def list_own_errors(path: str | None, node: Node, obj: list[Any]) -> list[FieldError]:
    """The set/map errors of the list ``obj`` itself (not of lists inside its items)."""
    return list_type_errors(path, node.list_type, node.list_map_keys, obj)


def list_type_errors(
    path: str | None,
    list_type: str | None,
    keys: Sequence[str],
    obj: list[Any],
    skip: frozenset[int] = frozenset(),
) -> list[FieldError]:
    """`list_own_errors` of a list whose type and map keys are given; the items at the indices
    in ``skip`` are left out, as if the list did not have them."""
    if list_type == "set":
        indices = _kept(obj, skip)
        items = [obj[i] for i in indices] if skip else obj
        return [
            FieldError(ErrorType.DUPLICATE, index_path(path, indices[i]), "", items[i])
            for i in _duplicates(items)
        ]
    if list_type == "map":
        return _validate_map(path, keys, obj, skip)
    return []


def validate_list_value(path: str | None, node: Node, obj: Any) -> list[FieldError]:
    """List-type errors of any value (object, list or scalar) at ``path``."""
    if isinstance(obj, list):
        return _validate_array(path, node, obj)
    if isinstance(obj, Mapping):
        return validate_list_sets_and_maps(path, node, obj)
    return []


def validate_list_sets_and_maps(
    path: str | None, node: Node | None, obj: Mapping[str, Any] | None
) -> list[FieldError]:
    """Uniqueness errors of every list-type set/map below the object ``obj``."""
    if node is None or obj is None or not isinstance(obj, Mapping):
        return []
    if not node.has_list_types:
        return []
    errs: list[FieldError] = []
    ap = node.additional
    if ap is not None:
        for k, v in obj.items():
            errs.extend(validate_list_value(key_path(path, k), ap, v))
    props = node.properties
    if props is not None:
        for k, v in obj.items():
            sub = props.get(k)
            if sub is not None:
                errs.extend(validate_list_value(child_path(path, k), sub, v))
    return errs
