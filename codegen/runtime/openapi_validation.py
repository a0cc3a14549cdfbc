"""kube-openapi schema validation, as the API server runs it on a custom resource.

:func:`validate_schema` is kube-openapi's ``SchemaValidator`` (``validate.NewSchemaValidator``
+ apiextensions' ``kubeOpenAPIResultToFieldErrors``): same checks, same error messages, same
field paths, same de-duplication and ``anyOf``/``oneOf`` best-failure selection (match counts).
No pruning or defaulting happens here. It imports neither pydantic nor the fast paths, so the
compiler can check a CRD's ``default`` values with it while loading
(:mod:`codegen.default_checks`); :mod:`codegen.runtime.validation` builds the whole request on it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, Final

from codegen.runtime.errors import OMITTED, ErrorType, FieldError, go_format_float, go_quote
from codegen.runtime.formats import Version, is_known_format, validates
from codegen.runtime.regex import RegexError, matcher
from codegen.runtime.scalars import INT64_MIN, is_float64_json_integer, json_type, value_in_range
from codegen.runtime.structural import Node, compile_schema

__all__ = ["validate_schema"]

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

    __slots__ = ("at", "code", "message", "name", "valid", "value", "values")

    def __init__(
        self,
        code: int,
        name: str,
        message: str,
        value: Any = None,
        valid: Any = None,
        values: tuple[Any, ...] = (),
        at: str | None = None,
    ) -> None:
        self.code = code
        self.name = name
        self.message = message
        self.value = value
        self.valid = valid
        self.values = values
        # the node whose validator found it (a composite error has no name): ratcheting
        # drops it with that node's unchanged value, as ratchetingValueValidator does
        self.at = name if at is None else at


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
    if native and jt == "integer":
        # MultipleOfInt on int64(factor): a factor below 1 truncates to 0, which kube-openapi
        # refuses as not positive (it panicked on the division before kubernetes/kube-openapi#349)
        f = _go_int64(factor)
        if f <= 0:
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


def _composite(message: str, path: str) -> _KErr:
    return _KErr(_CODE_COMPOSITE, "", message, at=path)


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
            res.add(_composite(f"{go_quote(path)} must validate at least one schema (anyOf)", path))
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
                    f"{go_quote(path)} must validate one and only one schema (oneOf). {extra}",
                    path,
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
            res.add(
                _composite(f"{go_quote(path)} must validate all the schemas (allOf){extra}", path)
            )
    if node.not_ is not None:
        r = _Res()
        _validate(node.not_, data, path, r)
        if not r.errors:
            res.add(_composite(f"{go_quote(path)} must not validate the schema (not)", path))
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
