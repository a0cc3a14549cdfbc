"""Field errors rendered byte-for-byte like Kubernetes' ``field.Error`` and kubectl.

``FieldError.__str__`` reproduces ``k8s.io/apimachinery/pkg/util/validation/field.Error.Error()``
(including Go's ``%v`` / ``%q`` / ``%#v`` value rendering), and ``InvalidResourceError`` the
``StatusError`` message the API server returns for an invalid object
(``Kind.group "name" is invalid: ...``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final

__all__ = [
    "OMITTED",
    "ErrorType",
    "FieldError",
    "GoSyntax",
    "InvalidResourceError",
    "UnsendableResourceError",
    "go_format_float",
    "go_quote",
    "go_string_slice",
    "go_value",
]


class _Omitted:
    """Sentinel: the error carries no value (Go's ``field.OmitValueType``)."""

    __slots__ = ()
    _instance: _Omitted | None = None

    def __new__(cls) -> _Omitted:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "OMITTED"

    def __reduce__(self) -> str:
        return "OMITTED"


OMITTED: Final = _Omitted()


class ErrorType(Enum):
    """``field.ErrorType``: the machine-readable reason and its display text."""

    NOT_FOUND = ("FieldValueNotFound", "Not found")
    REQUIRED = ("FieldValueRequired", "Required value")
    DUPLICATE = ("FieldValueDuplicate", "Duplicate value")
    INVALID = ("FieldValueInvalid", "Invalid value")
    NOT_SUPPORTED = ("FieldValueNotSupported", "Unsupported value")
    FORBIDDEN = ("FieldValueForbidden", "Forbidden")
    TOO_LONG = ("FieldValueTooLong", "Too long")
    TOO_MANY = ("FieldValueTooMany", "Too many")
    INTERNAL = ("InternalError", "Internal error")
    TYPE_INVALID = ("FieldValueTypeInvalid", "Invalid value")

    # Names as the conformance data and the brief spell them.
    @classmethod
    def from_name(cls, name: str) -> ErrorType:
        return _BY_NAME[name]

    @property
    def reason(self) -> str:
        return self.value[0]

    @property
    def text(self) -> str:
        return self.value[1]

    @property
    def short_name(self) -> str:
        return _SHORT_NAMES[self]

    def __str__(self) -> str:
        return self.text


_SHORT_NAMES: Final[dict[ErrorType, str]] = {
    ErrorType.NOT_FOUND: "NotFound",
    ErrorType.REQUIRED: "Required",
    ErrorType.DUPLICATE: "Duplicate",
    ErrorType.INVALID: "Invalid",
    ErrorType.NOT_SUPPORTED: "NotSupported",
    ErrorType.FORBIDDEN: "Forbidden",
    ErrorType.TOO_LONG: "TooLong",
    ErrorType.TOO_MANY: "TooMany",
    ErrorType.INTERNAL: "Internal",
    ErrorType.TYPE_INVALID: "TypeInvalid",
}
_BY_NAME: Final[dict[str, ErrorType]] = {v: k for k, v in _SHORT_NAMES.items()} | {
    t.name: t for t in ErrorType
}

# Error types whose body never shows the value (field.Error.ErrorBody).
_NO_VALUE: Final = frozenset(
    {ErrorType.REQUIRED, ErrorType.FORBIDDEN, ErrorType.TOO_LONG, ErrorType.INTERNAL}
)


@dataclass(frozen=True, slots=True)
class FieldError:
    """One validation error: ``<field>: <Type text>[: <value>][: <detail>]``.

    ``field`` is the Kubernetes field path (``spec.ports[0].name``); ``None`` renders as Go's
    nil path, ``<nil>``.
    """

    type: ErrorType
    field: str | None
    detail: str = ""
    bad_value: Any = OMITTED

    @property
    def reason(self) -> str:
        return self.type.reason

    def body(self) -> str:
        """``field.Error.ErrorBody()``: the message without the field path."""
        t = self.type
        if t in _NO_VALUE or self.bad_value is OMITTED:
            s = t.text
        else:
            s = f"{t.text}: {go_value(self.bad_value)}"
        if self.detail:
            s = f"{s}: {self.detail}"
        return s

    def __str__(self) -> str:
        return f"{'<nil>' if self.field is None else self.field}: {self.body()}"


def _qualified_kind(kind: str, group: str) -> str:
    return f"{kind}.{group}" if group else kind


def aggregate_message(errors: Iterable[FieldError | str]) -> str:
    """``ErrorList.ToAggregate().Error()``: one message, or ``[a, b]``, duplicates dropped."""
    seen: dict[str, None] = {}
    for e in errors:
        seen.setdefault(str(e), None)
    msgs = list(seen)
    if not msgs:
        return ""
    if len(msgs) == 1:
        return msgs[0]
    return "[" + ", ".join(msgs) + "]"


class InvalidResourceError(ValueError):
    """The API server's 422 Invalid ``StatusError``, rendered as kubectl prints it."""

    kind: str
    group: str
    name: str
    causes: tuple[FieldError, ...]
    warnings: tuple[str, ...]

    def __init__(
        self,
        kind: str,
        group: str,
        name: str,
        causes: Iterable[FieldError],
        warnings: Iterable[str] = (),
    ) -> None:
        self.kind = kind
        self.group = group
        self.name = name
        self.causes = tuple(causes)
        self.warnings = tuple(warnings)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        head = f"{_qualified_kind(self.kind, self.group)} {go_quote(self.name)} is invalid"
        agg = aggregate_message(self.causes)
        return f"{head}: {agg}" if agg else head

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.kind, self.group, self.name, self.causes, self.warnings),
        )


class UnsendableResourceError(InvalidResourceError):
    """A resource the API server would accept, but that cannot reach it unchanged: each cause
    names a value the transport (Pulumi's wire format) would alter. An `InvalidResourceError`,
    so whatever reports invalid resources reports these too."""

    @property
    def message(self) -> str:
        head = (
            f"{_qualified_kind(self.kind, self.group)} {go_quote(self.name)} "
            "cannot be sent exactly through Pulumi"
        )
        agg = aggregate_message(self.causes)
        return f"{head}: {agg}" if agg else head


# --------------------------------------------------------------------------- Go value rendering


def go_quote(s: str) -> str:
    """Go's ``strconv.Quote`` (what ``%q`` prints for a string)."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch.isprintable() and not (0xD800 <= o <= 0xDFFF):
            out.append(ch)
        elif ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif 0xD800 <= o <= 0xDFFF:
            out.append("\\ufffd")
        elif o < 0x10000:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    out.append('"')
    return "".join(out)


_GO_ESCAPES: Final = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def _shortest_digits(f: float) -> tuple[str, int]:
    """Shortest round-trip decimal digits of ``abs(f) > 0`` and the decimal point position."""
    r = repr(abs(f))
    mant, _, exp_s = r.partition("e")
    exp = int(exp_s) if exp_s else 0
    int_part, _, frac_part = mant.partition(".")
    digits = int_part + frac_part
    dp = len(int_part) + exp
    stripped = digits.lstrip("0")
    dp -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    return digits, dp


def go_format_float(f: float, fmt: str = "g") -> str:
    """Go's ``strconv.FormatFloat(f, fmt, -1, 64)`` for ``fmt`` in ``g`` (``%v``), ``f``."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    neg = math.copysign(1.0, f) < 0
    sign = "-" if neg else ""
    if f == 0:
        return sign + "0"
    digits, dp = _shortest_digits(f)
    nd = len(digits)
    if fmt == "g":
        exp = dp - 1
        # shortest %g switches to exponent form when exp < -4 || exp >= 6 (strconv ftoa.go)
        if exp < -4 or exp >= 6:
            # %e with nd-1 fraction digits
            mant = digits[0] + ("." + digits[1:] if nd > 1 else "")
            esign = "-" if exp < 0 else "+"
            return f"{sign}{mant}e{esign}{abs(exp):02d}"
    # %f with the minimal number of digits
    if dp <= 0:
        return f"{sign}0." + "0" * (-dp) + digits
    if dp >= nd:
        return sign + digits + "0" * (dp - nd)
    return f"{sign}{digits[:dp]}.{digits[dp:]}"


def _go_sharp_v(v: Any) -> str:
    """Go's ``%#v`` for a value held in an ``interface{}`` of a decoded JSON object."""
    if v is None:
        return "interface {}(nil)"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return go_format_float(v)
    if isinstance(v, str):
        return go_quote(v)
    if isinstance(v, Mapping):
        items = ", ".join(f"{go_quote(str(k))}:{_go_sharp_v(v[k])}" for k in sorted(v))
        return "map[string]interface {}{" + items + "}"
    if isinstance(v, (list, tuple)):
        return "[]interface {}{" + ", ".join(_go_sharp_v(x) for x in v) + "}"
    return repr(v)


class GoSyntax:
    """A bad value that `go_value` shows as written: a Go value of a typed field, as `%#v`
    prints it (`[]string{"v1"}`, `[]string(nil)`)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def go_string_slice(values: Iterable[Any]) -> GoSyntax:
    """`%#v` of a Go `[]string` (a value that is not a string, which Go could not have
    decoded and is reported where it is, is shown as its text)."""
    return GoSyntax("[]string{" + ", ".join(go_quote(str(v)) for v in values) + "}")


def go_value(v: Any) -> str:
    """How ``field.Error`` renders a bad value (``%v`` for scalars, ``%q`` strings, ``%#v``)."""
    if v is None:
        return '"null"'
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return go_format_float(v)
    if isinstance(v, str):
        return go_quote(v)
    return _go_sharp_v(v)
