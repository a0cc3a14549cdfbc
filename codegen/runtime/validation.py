"""Custom-resource validation exactly as the API server does it.

Two layers:

- :func:`validate_schema` is kube-openapi's ``SchemaValidator`` (``validate.NewSchemaValidator``
  + apiextensions' ``kubeOpenAPIResultToFieldErrors``): same checks, same error messages, same
  field paths, same de-duplication and ``anyOf``/``oneOf`` best-failure selection (match counts).
  No pruning or defaulting happens there.
- :class:`SchemaValidator` is the entry point the rest of the project uses.  It replays the
  server's order on a copy of the object: prune unknown fields and non-nullable nulls (reporting
  unknown fields per :class:`FieldValidation`), apply defaults, drop ``status`` when the status
  subresource is on, then validate (schema, metadata and embedded resources, list types) and
  finally call the CEL hook, unless a blocking error was found.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from operator import attrgetter
from typing import Any, Final, Protocol

from codegen.runtime.defaulting import apply_defaults, deep_copy_json, prune_non_nullable_nulls
from codegen.runtime.errors import (
    OMITTED,
    ErrorType,
    FieldError,
    InvalidResourceError,
    go_format_float,
    go_quote,
)
from codegen.runtime.formats import Version, is_known_format, parse_version, validates
from codegen.runtime.listtype import validate_list_value
from codegen.runtime.metadata import (
    prune_object_meta,
    validate_embedded_resources,
    validate_object_meta,
    validate_type_meta,
)
from codegen.runtime.pruning import prune
from codegen.runtime.ratcheting import ratchet
from codegen.runtime.regex import RegexError, matcher
from codegen.runtime.scalars import (
    INT64_MIN,
    is_float64_json_integer,
    json_type,
    normalize_integer,
    value_in_range,
)
from codegen.runtime.structural import Node, compile_schema
from codegen.runtime.wire import NameNode, to_wire

__all__ = [
    "BLOCKING_ERROR_TYPES",
    "MISSING",
    "CelHook",
    "FieldValidation",
    "SchemaValidator",
    "ValidationResult",
    "validate_schema",
]


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


#: "No old object": the request is a create.
MISSING: Final = _Missing()

# --------------------------------------------------------------------------- kube-openapi errors

_CODE_INVALID_TYPE: Final = 600
_CODE_REQUIRED: Final = 601
_CODE_TOO_LONG: Final = 602
_CODE_ENUM: Final = 605
_CODE_MAX_ITEMS: Final = 610
_CODE_TOO_MANY_PROPERTIES: Final = 614
_CODE_OTHER: Final = 699
_CODE_COMPOSITE: Final = 422
_CODE_PLAIN: Final = 0
_IN: Final = "body"


class _KErr:
    """A kube-openapi error: ``errors.Validation`` (code, name, value) or a plain ``error``."""

    __slots__ = ("code", "message", "name", "valid", "value", "values")

    def __init__(
        self,
        code: int,
        name: str,
        message: str,
        value: Any = None,
        valid: Any = None,
        values: tuple[Any, ...] = (),
    ) -> None:
        self.code = code
        self.name = name
        self.message = message
        self.value = value
        self.valid = valid
        self.values = values


class _Res:
    """``validate.Result``: de-duplicated errors (by message) and the match count."""

    __slots__ = ("errors", "mc", "seen")

    def __init__(self) -> None:
        self.errors: list[_KErr] = []
        self.seen: set[str] = set()
        self.mc = 0

    def add(self, e: _KErr) -> None:
        if e.message not in self.seen:
            self.seen.add(e.message)
            self.errors.append(e)

    def merge(self, other: _Res) -> None:
        for e in other.errors:
            self.add(e)
        self.mc += other.mc


def _invalid_type(path: str, type_name: str, value: str) -> _KErr:
    return _KErr(
        _CODE_INVALID_TYPE,
        path,
        f"{path} in {_IN} must be of type {type_name}: {go_quote(value)}",
        value,
    )


def _go_int64(f: float) -> int:
    """Go's ``int64(f)`` conversion (truncation; amd64 saturates out of range to MinInt64)."""
    if math.isnan(f) or math.isinf(f) or not (INT64_MIN <= f < 2.0**63):
        return INT64_MIN
    return int(f)


def _fmt_num(v: int | float) -> str:
    return str(v) if isinstance(v, int) else go_format_float(v)


# --------------------------------------------------------------------------- validators


def _type_validate(node: Node, data: Any, jt: str, path: str, res: _Res) -> None:
    types = node.types
    if data is None:
        if types and "null" not in types and not node.nullable:
            res.add(_invalid_type(path, ",".join(types), "null"))
        else:
            res.mc += 1
        return
    fmt = node.format
    data_fmt = "int64" if jt == "integer" else "float64" if jt == "number" else ""
    is_float_int = jt == "number" and "integer" in types and is_float64_json_integer(float(data))
    is_int_float = jt == "integer" and "number" in types
    if (
        jt not in ("string", "array")
        and fmt
        and not (jt in types or data_fmt == fmt or is_float_int or is_int_float)
    ):
        res.add(_invalid_type(path, fmt, data_fmt))
        return
    if fmt and jt in ("string", "array") and "number" not in types and "integer" not in types:
        res.mc += 1
        return
    if not (jt in types or is_float_int or is_int_float):
        res.add(_invalid_type(path, ",".join(types), jt))
        return
    res.mc += 1


def _go_json(v: Any) -> str:
    """Go ``json.Marshal`` of a decoded JSON value (for enum values in messages)."""

    def norm(x: Any) -> Any:
        if isinstance(x, Mapping):
            return {str(k): norm(y) for k, y in x.items()}
        if isinstance(x, (list, tuple)):
            return [norm(y) for y in x]
        if type(x) is float and math.isfinite(x) and x.is_integer() and abs(x) < 1e21:
            return int(x)
        return x

    return json.dumps(norm(v), separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def _deep_equal(a: Any, b: Any) -> bool:
    """Go ``reflect.DeepEqual`` of decoded JSON values (type-sensitive: 1 != 1.0)."""
    ja, jb = json_type(a), json_type(b)
    if ja != jb:
        return False
    if ja == "object":
        return a.keys() == b.keys() and all(_deep_equal(a[k], b[k]) for k in a)
    if ja == "array":
        return len(a) == len(b) and all(_deep_equal(x, y) for x, y in zip(a, b, strict=True))
    if ja == "number":
        return float(a) == float(b)
    return bool(a == b)


def _enum_matches(data: Any, enum_value: Any) -> bool:
    """kube-openapi ``basicCommonValidator``: DeepEqual after a Go type conversion."""
    if enum_value is None or data is None:
        return False
    jd, je = json_type(data), json_type(enum_value)
    if jd in ("integer", "number") and je in ("integer", "number"):
        if je == "integer":
            return bool(
                _go_int64(float(data)) == enum_value if jd == "number" else data == enum_value
            )
        return float(data) == float(enum_value)
    if jd == "integer" and je == "string":
        # Go converts an integer to the string of that rune.
        try:
            ch = chr(data) if 0 <= data <= 0x10FFFF and not 0xD800 <= data <= 0xDFFF else "\ufffd"
        except (ValueError, OverflowError):
            ch = "\ufffd"
        return bool(ch == enum_value)
    return _deep_equal(data, enum_value)


def _enum_validate(node: Node, data: Any, path: str, res: _Res) -> None:
    enum = node.enum
    if not enum:
        return
    if type(data) is str and data in node.enum_strings:
        return
    for ev in enum:
        if _enum_matches(data, ev):
            return
    res.add(
        _KErr(
            _CODE_ENUM,
            path,
            f"{path} in {_IN} should be one of {enum!r}",
            data,
            values=enum,
        )
    )


def _string_validate(node: Node, data: str, path: str, res: _Res) -> None:
    if node.max_length is not None and len(data) > node.max_length:
        res.add(
            _KErr(
                _CODE_TOO_LONG,
                path,
                f"{path} in {_IN} should be at most {node.max_length} chars long",
                data,
                node.max_length,
            )
        )
        return
    if node.min_length is not None and len(data) < node.min_length:
        res.add(
            _KErr(
                _CODE_OTHER,
                path,
                f"{path} in {_IN} should be at least {node.min_length} chars long",
                data,
            )
        )
        return
    pattern = node.pattern
    if pattern is not None:
        try:
            rx = matcher(pattern)
        except RegexError as e:
            res.add(
                _KErr(
                    _CODE_OTHER,
                    path,
                    f"{path} in {_IN} should match '{pattern}, but pattern is invalid: {e}'",
                    data,
                )
            )
            return
        if not rx.search(data):
            res.add(_KErr(_CODE_OTHER, path, f"{path} in {_IN} should match '{pattern}'", data))


def _range_error(prefix: str, type_name: str, fmt: str, path: str) -> _KErr:
    if fmt:
        msg = f"{prefix} value must be of type {type_name} with format {fmt} in {path}"
    else:
        msg = f"{prefix} value must be of type {type_name} (default format) in {path}"
    return _KErr(_CODE_PLAIN, path, msg)


def _multiple_of(path: str, data: Any, jt: str, factor: float, native: bool) -> _KErr | None:
    if native and jt == "integer" and _go_int64(factor) != 0:
        f = _go_int64(factor)
        if f < 0:
            return _KErr(
                _CODE_OTHER,
                path,
                f"factor MultipleOf declared for {path} must be positive: {f}",
                f,
            )
        q = abs(data) // abs(f)
        if q * abs(f) != abs(data):
            return _KErr(_CODE_OTHER, path, f"{path} in {_IN} should be a multiple of {f}", data)
        return None
    d = float(data)
    if factor < 0:
        return _KErr(
            _CODE_OTHER,
            path,
            f"factor MultipleOf declared for {path} must be positive: {go_format_float(factor)}",
            factor,
        )
    try:
        mult = (1 / factor) * d if factor < 1 else d / factor
    except ZeroDivisionError:
        mult = math.inf
    if not is_float64_json_integer(mult):
        return _KErr(
            _CODE_OTHER,
            path,
            f"{path} in {_IN} should be a multiple of {go_format_float(factor)}",
            data,
        )
    return None


def _bound(
    path: str, data: Any, jt: str, bound: float, exclusive: bool, native: bool, is_max: bool
) -> _KErr | None:
    b: int | float
    if native and jt == "integer":
        b = _go_int64(bound)
        v: int | float = data
    else:
        b = bound
        v = float(data)
    if is_max:
        failed = v >= b if exclusive else v > b
        word = "less than" if exclusive else "less than or equal to"
    else:
        failed = v <= b if exclusive else v < b
        word = "greater than" if exclusive else "greater than or equal to"
    if not failed:
        return None
    return _KErr(_CODE_OTHER, path, f"{path} in {_IN} should be {word} {_fmt_num(b)}", data)


def _number_validate(node: Node, data: Any, jt: str, path: str, res: _Res) -> None:
    ntype, nfmt = node.number_type, node.number_format
    if not value_in_range(data, ntype, nfmt):
        res.add(_range_error("Checked", ntype, nfmt, path))
    if node.multiple_of is not None:
        native = value_in_range(node.multiple_of, ntype, nfmt)
        if not native:
            res.add(_range_error("MultipleOf", ntype, nfmt, path))
        e = _multiple_of(path, data, jt, node.multiple_of, native)
        if e is not None:
            res.add(e)
    for bound, exclusive, label, is_maximum in (
        (node.minimum, node.exclusive_minimum, "Minimum boundary", False),
        (node.maximum, node.exclusive_maximum, "Maximum boundary", True),
    ):
        if bound is None:
            continue
        native = value_in_range(bound, ntype, nfmt)
        if not native:
            res.add(_range_error(label, ntype, nfmt, path))
        e = _bound(path, data, jt, bound, exclusive, native, is_maximum)
        if e is not None:
            res.add(e)
    res.mc += 1


def _slice_validate(node: Node, data: list[Any], path: str, res: _Res) -> None:
    items = node.items
    if items is not None:
        for i, v in enumerate(data):
            _validate(items, v, f"{path}[{i}]", res)
    _slice_bounds(node, data, path, res)


def _slice_bounds(node: Node, data: list[Any], path: str, res: _Res) -> None:
    """``minItems``/``maxItems``/``uniqueItems`` of an array (after its items)."""
    size = len(data)
    if node.min_items is not None and size < node.min_items:
        res.add(
            _KErr(
                _CODE_OTHER,
                path,
                f"{path} in {_IN} should have at least {node.min_items} items",
                size,
            )
        )
    if node.max_items is not None and size > node.max_items:
        res.add(
            _KErr(
                _CODE_MAX_ITEMS,
                path,
                f"{path} in {_IN} should have at most {node.max_items} items",
                size,
                node.max_items,
            )
        )
    if node.raw.get("uniqueItems") is True:
        for i in range(size):
            if any(_deep_equal(data[i], data[j]) for j in range(i)):
                res.add(_KErr(_CODE_OTHER, path, f"{path} in {_IN} shouldn't contain duplicates"))
                break
    res.mc += 1


def _object_validate(node: Node, data: Mapping[str, Any], path: str, res: _Res) -> None:
    n = len(data)
    if node.min_properties is not None and n < node.min_properties:
        res.add(
            _KErr(
                _CODE_OTHER,
                path,
                f"{path} in {_IN} should have at least {node.min_properties} properties",
                n,
            )
        )
        return
    if node.max_properties is not None and n > node.max_properties:
        res.add(
            _KErr(
                _CODE_TOO_MANY_PROPERTIES,
                path,
                f"{path} in {_IN} should have at most {node.max_properties} properties",
                n,
                node.max_properties,
            )
        )
        return
    props = node.properties or {}
    if node.additional_allows is False:
        for k in data:
            if k not in props:
                res.add(_KErr(_CODE_OTHER, path, f"{path}.{k} in {_IN} is a forbidden property", k))
    ap = node.additional
    prefix = f"{path}." if path else ""
    for k, v in data.items():
        sub = props.get(k)
        if sub is not None:
            _validate(sub, v, prefix + k, res)
        elif ap is not None and node.additional_allows is not False:
            _validate(ap, v, f"{path}.{k}", res)
    for k in node.required:
        if k not in data:
            res.add(_KErr(_CODE_REQUIRED, f"{path}.{k}", f"{path}.{k} in {_IN} is required"))


def _composite(message: str) -> _KErr:
    return _KErr(_CODE_COMPOSITE, "", message)


def _schema_props_validate(node: Node, data: Any, path: str, res: _Res) -> None:
    if node.any_of:
        best: _Res | None = None
        first_success: _Res | None = None
        succeeded = False
        for sub in node.any_of:
            r = _Res()
            _validate(sub, data, path, r)
            if not r.errors:
                best = None
                succeeded = True
                first_success = first_success or r
                break
            if best is None or r.mc > best.mc:
                best = r
        if not succeeded:
            res.add(_composite(f"{go_quote(path)} must validate at least one schema (anyOf)"))
        if best is not None:
            res.merge(best)
        elif first_success is not None:
            res.merge(first_success)
    if node.one_of:
        best = None
        first_success = None
        validated = 0
        for sub in node.one_of:
            r = _Res()
            _validate(sub, data, path, r)
            if not r.errors:
                validated += 1
                best = None
                first_success = first_success or r
                continue
            if validated == 0 and (best is None or r.mc > best.mc):
                best = r
        if validated != 1:
            extra = (
                "Found none valid" if validated == 0 else f"Found {validated} valid alternatives"
            )
            res.add(
                _composite(
                    f"{go_quote(path)} must validate one and only one schema (oneOf). {extra}"
                )
            )
            if best is not None:
                res.merge(best)
        elif first_success is not None:
            res.merge(first_success)
    if node.all_of:
        validated = 0
        for sub in node.all_of:
            r = _Res()
            _validate(sub, data, path, r)
            if not r.errors:
                validated += 1
            res.merge(r)
        if validated != len(node.all_of):
            extra = ". None validated" if validated == 0 else ""
            res.add(_composite(f"{go_quote(path)} must validate all the schemas (allOf){extra}"))
    if node.not_ is not None:
        r = _Res()
        _validate(node.not_, data, path, r)
        if not r.errors:
            res.add(_composite(f"{go_quote(path)} must not validate the schema (not)"))
    res.mc += 1


def _validate(node: Node, data: Any, path: str, res: _Res) -> None:
    """``SchemaValidator.Validate``: every applicable validator, in kube-openapi's order."""
    if data is None:
        _type_validate(node, None, "null", path, res)
        _enum_validate(node, None, path, res)
        return
    jt = json_type(data)
    if node.types or node.format:
        _type_validate(node, data, jt, path, res)
        res.mc += 1
    _schema_props_validate(node, data, path, res)
    res.mc += 1
    if jt == "string":
        _string_validate(node, data, path, res)
        res.mc += 1
        fmt = node.format
        if fmt and is_known_format(fmt):
            if not validates(fmt, data):
                res.add(
                    _KErr(
                        _CODE_INVALID_TYPE,
                        path,
                        f"{path} in {_IN} must be of type {fmt}: {go_quote(data)}",
                        data,
                    )
                )
            res.mc += 1
    elif jt in ("integer", "number"):
        _number_validate(node, data, jt, path, res)
        res.mc += 1
    elif jt == "array":
        _slice_validate(node, data, path, res)
        res.mc += 1
    _enum_validate(node, data, path, res)
    res.mc += 1
    if jt == "object":
        _object_validate(node, data, path, res)
        res.mc += 1
    res.mc += 1


def _enum_value_text(v: Any) -> str:
    return v if isinstance(v, str) else _go_json(v)


def _to_field_error(e: _KErr) -> FieldError:
    """apiextensions ``kubeOpenAPIResultToFieldErrors`` (with a nil base path)."""
    if e.code == _CODE_PLAIN:
        return FieldError(ErrorType.INVALID, None, e.message, "")
    name = e.name
    fld: str | None = name[1:] if name.startswith(".") else name
    if not name or name == ".":
        fld = None
    value = "" if e.value is None else e.value
    code = e.code
    if code == _CODE_REQUIRED:
        return FieldError(ErrorType.REQUIRED, fld, "")
    if code == _CODE_ENUM:
        detail = ""
        if e.values:
            detail = "supported values: " + ", ".join(
                go_quote(_enum_value_text(v)) for v in e.values
            )
        return FieldError(ErrorType.NOT_SUPPORTED, fld, detail, e.value)
    if code == _CODE_TOO_LONG:
        mx = e.valid if isinstance(e.valid, int) else -1
        detail = (
            f"may not be more than {mx} {'byte' if mx == 1 else 'bytes'}"
            if mx >= 0
            else "value is too long"
        )
        return FieldError(ErrorType.TOO_LONG, fld, detail, value)
    if code in (_CODE_MAX_ITEMS, _CODE_TOO_MANY_PROPERTIES):
        mx = e.valid if isinstance(e.valid, int) else -1
        actual = e.value if isinstance(e.value, int) else -1
        detail = (
            f"must have at most {mx} {'item' if mx == 1 else 'items'}"
            if mx >= 0
            else "has too many items"
        )
        return FieldError(ErrorType.TOO_MANY, fld, detail, actual if actual >= 0 else OMITTED)
    if code == _CODE_INVALID_TYPE:
        return FieldError(ErrorType.TYPE_INVALID, fld, e.message, value)
    return FieldError(ErrorType.INVALID, fld, e.message, value)


def validate_schema(
    schema: Node | Mapping[str, Any] | None,
    obj: Any,
    *,
    path: str = "",
    compatibility_version: str | Version | None = None,
) -> list[FieldError]:
    """kube-openapi schema validation of ``obj`` (no pruning, no defaulting).

    ``path`` is the kube-openapi root path (``"spec"`` when ``obj`` is a resource's spec); the
    returned errors are those ``ValidateCustomResource(nil, obj, validator)`` returns.
    """
    node = compile_schema(schema, compatibility_version=compatibility_version)
    if node is None:
        return []
    res = _Res()
    _validate(node, obj, path, res)
    return [_to_field_error(e) for e in res.errors]


# --------------------------------------------------------------------------- entry point

#: Error types that make the server skip CEL (``hasBlockingErr``).
BLOCKING_ERROR_TYPES: Final = frozenset(
    {
        ErrorType.NOT_SUPPORTED,
        ErrorType.REQUIRED,
        ErrorType.TOO_LONG,
        ErrorType.TOO_MANY,
        ErrorType.TYPE_INVALID,
    }
)
CEL_SKIPPED_DETAIL: Final = (
    "some validation rules were not checked because the object was invalid; "
    "correct the existing errors to complete validation"
)


class FieldValidation(StrEnum):
    """``fieldValidation``: what happens to fields the schema does not know."""

    STRICT = "Strict"
    WARN = "Warn"
    IGNORE = "Ignore"


class CelHook(Protocol):
    """Evaluates ``x-kubernetes-validations`` rules (implemented in ``codegen.runtime.cel``).

    ``schema`` is the compiled root node (``schema.raw`` is the dict; every node keeps its
    ``validations``); ``obj`` the pruned and defaulted object; ``old`` the old object or
    :data:`MISSING` on create; ``path`` the field path of ``obj`` (``""`` for a resource root,
    ``"spec"`` for a spec validated alone).  Returns the errors and the warnings.
    """

    def validate(
        self, schema: Node, obj: Any, old: Any, path: str
    ) -> tuple[Sequence[FieldError], Sequence[str]]: ...


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """The object as the server would store it, and every error and warning at once."""

    value: Any
    errors: tuple[FieldError, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def __bool__(self) -> bool:
        return not self.errors


def _normalize_ints(x: Any, node: Node | None) -> Any:
    """Whole-number floats at ``integer`` nodes become ints (on our own copy, in place)."""
    if node is None:
        return x
    if node.type == "integer" or node.int_or_string:
        return normalize_integer(x)
    if isinstance(x, dict):
        props = node.properties
        ap = node.additional
        for k, v in x.items():
            sub = props.get(k) if props else None
            if sub is None:
                sub = ap
            if sub is not None and (isinstance(v, (dict, list, float))):
                x[k] = _normalize_ints(v, sub)
    elif isinstance(x, list):
        items = node.items
        if items is not None:
            for i, v in enumerate(x):
                if isinstance(v, (dict, list, float)):
                    x[i] = _normalize_ints(v, items)
    return x


def _unknown_field_reports(
    unknown: list[str], field_validation: FieldValidation
) -> tuple[list[FieldError], list[str]]:
    """Pruned paths as the server reports them: errors (Strict), warnings (Warn) or nothing."""
    if field_validation is FieldValidation.STRICT:
        return [
            FieldError(ErrorType.INVALID, p, f"unknown field {go_quote(p)}") for p in unknown
        ], []
    if field_validation is FieldValidation.WARN:
        return [], [f"unknown field {go_quote(p)}" for p in unknown]
    return [], []


class SchemaValidator:
    """Validates custom resources (or a sub-node) against one ``openAPIV3Schema``; compiles once.

    ``root=True``: ``obj`` is a whole custom resource (``apiVersion``/``kind``/``metadata``
    handled as the server does).  ``root=False``: ``obj`` is the value at ``path_prefix`` (e.g.
    a ``spec``) and only the schema rules apply.
    """

    __slots__ = (
        "_gate",
        "_has_cel",
        "_type_meta_ok",
        "cel",
        "compatibility_version",
        "group",
        "kind",
        "node",
        "require_name",
        "root",
        "schema",
        "status_subresource",
        "use_gate",
        "version",
    )

    def __init__(
        self,
        schema: Mapping[str, Any],
        *,
        kind: str = "",
        group: str = "",
        version: str = "",
        status_subresource: bool = False,
        root: bool = True,
        cel: CelHook | None = None,
        compatibility_version: str | Version | None = None,
        require_name: bool = False,
    ) -> None:
        self.schema = schema
        self.kind = kind
        self.group = group
        self.version = version
        self.status_subresource = status_subresource
        self.root = root
        self.cel = cel
        self.require_name = require_name
        self.compatibility_version = parse_version(compatibility_version)
        node = compile_schema(schema, compatibility_version=self.compatibility_version)
        assert node is not None
        self.node: Node = node
        self._has_cel = node.has_cel
        self._gate: Any = _UNBUILT
        # the compiled fast path (codegen.runtime.gate); False: always the walk (tests compare)
        self.use_gate = True
        # apiVersion/kind that need no check (the usual case): the CRD's own, when valid
        want = f"{group}/{version}"
        canonical = {"apiVersion": want, "kind": kind}
        self._type_meta_ok: tuple[str, str] | None = (
            (want, kind)
            if group
            and version
            and kind
            and not validate_type_meta(canonical, kind=kind, group=group, version=version)
            else None
        )

    @property
    def type_meta_ok(self) -> tuple[str, str] | None:
        """The (apiVersion, kind) that need no closer check (None: every pair is checked)."""
        return self._type_meta_ok

    def validate(
        self,
        obj: Any,
        *,
        field_validation: FieldValidation = FieldValidation.STRICT,
        old: Any = MISSING,
        path_prefix: str = "",
        names: NameNode | None = None,
    ) -> ValidationResult:
        """Process and validate ``obj``; ``names`` translates Python field names (``to_wire``).

        A valid plain-JSON object takes the gate (:mod:`codegen.runtime.gate`, pydantic-core);
        anything it refuses takes one fused walk (:mod:`codegen.runtime.fused`), which does what
        :meth:`validate_reference` does pass by pass, with the same result.
        """
        node = self.node
        root = self.root
        prefix = "" if root else path_prefix
        if type(obj) is dict and self.use_gate:
            gate = self._gate
            if gate is _UNBUILT:
                gate = self._gate = build_gate(
                    node, root=root, drop_status=root and self.status_subresource
                )
            if gate is not None:
                value = gate(obj)
                if value is not MISS:  # the gate has checked ObjectMeta too
                    return self._finish(value, _Res(), [], [], [], old, prefix, meta_checked=True)
        if not _fused.can_walk(node, obj, prefix):
            return self.validate_reference(
                obj,
                field_validation=field_validation,
                old=old,
                path_prefix=path_prefix,
                names=names,
            )
        drop_status = root and self.status_subresource
        value, unknown, walk = _fused.walk_root(
            node, obj, names, prefix, resource_root=root, drop_status=drop_status
        )
        unknown.extend(sorted(walk.unknown))
        errors, warnings = _unknown_field_reports(unknown, field_validation)
        return self._finish(value, walk.res, walk.lt, errors, warnings, old, prefix)

    def validate_reference(
        self,
        obj: Any,
        *,
        field_validation: FieldValidation = FieldValidation.STRICT,
        old: Any = MISSING,
        path_prefix: str = "",
        names: NameNode | None = None,
    ) -> ValidationResult:
        """The server's steps as separate passes over a copy (the reference for the fused walk)."""
        prefix = "" if self.root else path_prefix
        value, unknown = self._processed(obj, prefix, names)
        errors, warnings = _unknown_field_reports(unknown, field_validation)
        res = _Res()
        _validate(self.node, value, prefix, res)
        return self._finish(value, res, None, errors, warnings, old, prefix)

    def _processed(self, obj: Any, prefix: str, names: NameNode | None) -> tuple[Any, list[str]]:
        """Steps 1 and 2 on a copy: the decoded, pruned, defaulted value and the pruned paths."""
        node = self.node
        value = deep_copy_json(to_wire(obj, names) if names is not None else obj)
        root = self.root

        # 1. decode: unknown fields (metadata first, as the server reports them) and nulls
        unknown: list[str] = []
        if root and isinstance(value, dict):
            meta = value.get("metadata")
            if isinstance(meta, dict):
                unknown.extend(prune_object_meta(meta))
        unknown.extend(prune(value, node, is_resource_root=root, path_prefix=prefix))
        prune_non_nullable_nulls(value, node)

        # 2. defaults, status
        if node.has_defaults:
            apply_defaults(value, node)
        if root and self.status_subresource and isinstance(value, dict):
            value.pop("status", None)
        return _normalize_ints(value, node), unknown

    def _finish(
        self,
        value: Any,
        res: _Res,
        list_errors: list[FieldError] | None,
        errors: list[FieldError],
        warnings: list[str],
        old: Any,
        prefix: str,
        *,
        meta_checked: bool = False,
    ) -> ValidationResult:
        """Steps 3 and 4 on the processed value.

        ``res`` holds its kube-openapi schema errors, ``list_errors`` its list-type errors
        (``None``: not checked yet).
        """
        if old is not MISSING and old is not None:
            # as the server holds it (pruned and defaulted): what ratcheting and CEL's `oldSelf`
            # compare with; a caller's copy may lack its defaults
            old = self._processed(old, prefix, None)[0]
        node = self.node
        root = self.root
        # 3. validation: type meta, object meta, schema, embedded resources, list types
        if root and isinstance(value, dict):
            ok = self._type_meta_ok
            api_version = value.get("apiVersion")
            kind = value.get("kind")
            if (
                ok is None
                or type(api_version) is not str
                or type(kind) is not str
                or api_version != ok[0]
                or kind != ok[1]
            ):
                errors.extend(
                    validate_type_meta(
                        value, kind=self.kind, group=self.group, version=self.version
                    )
                )
            if not meta_checked or self.require_name:
                errors.extend(
                    validate_object_meta(value.get("metadata"), require_name=self.require_name)
                )
        schema_errors = res.errors
        if schema_errors and old is not MISSING:  # an update: unchanged values ratchet
            # a composite error has no path: it ratchets only with the whole object
            schema_errors = ratchet(
                schema_errors, attrgetter("name"), node, value, old, prefix, _deep_equal
            )
        if schema_errors:
            errors.extend(_to_field_error(e) for e in schema_errors)
        base = prefix or None
        if node.has_embedded:
            errors.extend(validate_embedded_resources(base, value, node))
        if list_errors is not None:
            errors.extend(list_errors)
        elif node.has_list_types:
            errors.extend(validate_list_value(base, node, value))

        # 4. CEL, unless a blocking error was found
        if self.cel is not None and self._has_cel:
            if any(e.type in BLOCKING_ERROR_TYPES for e in errors):
                errors.append(FieldError(ErrorType.INVALID, None, CEL_SKIPPED_DETAIL, None))
            else:
                cel_errors, cel_warnings = self.cel.validate(node, value, old, prefix)
                errors.extend(cel_errors)
                warnings.extend(cel_warnings)
        return ValidationResult(value, tuple(errors), tuple(warnings))

    def validate_or_raise(
        self,
        obj: Any,
        *,
        name: str | None = None,
        field_validation: FieldValidation = FieldValidation.STRICT,
        old: Any = MISSING,
        path_prefix: str = "",
    ) -> Any:
        """Validate; return the processed object or raise :class:`InvalidResourceError`."""
        result = self.validate(
            obj, field_validation=field_validation, old=old, path_prefix=path_prefix
        )
        if result.errors:
            if name is None:
                meta = obj.get("metadata") if isinstance(obj, Mapping) else None
                name = str(meta.get("name", "")) if isinstance(meta, Mapping) else ""
            raise InvalidResourceError(self.kind, self.group, name, result.errors, result.warnings)
        return result.value


from codegen.runtime import fused as _fused  # noqa: E402  (it builds on this module's helpers)
from codegen.runtime.gate import MISS, build_gate  # noqa: E402

_UNBUILT: Final = object()
