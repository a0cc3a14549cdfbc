"""Kubernetes ``resource.Quantity`` (``k8s.io/apimachinery/pkg/api/resource``).

``Quantity.parse("1.5Gi")`` follows ``ParseQuantity`` (same errors, same rounding: values are
rounded up to the nearest nano, binary values capped at 2**63-1), ``str(q)`` the canonical
``String()``, and the internal int64-or-decimal representation is kept so that ``as_integer``
(``AsInt64``), ``add`` and ``sub`` behave like Go.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import total_ordering
from typing import Final

__all__ = [
    "ERR_FORMAT_WRONG",
    "ERR_NUMERIC",
    "ERR_SUFFIX",
    "Format",
    "Quantity",
    "QuantityError",
]

_INT64_MAX: Final = (1 << 63) - 1
_INT64_MIN: Final = -(1 << 63)
_NANO: Final = -9
_MAX_INT64_FACTORS: Final = 18

SPLIT_RE_STRING: Final = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
ERR_FORMAT_WRONG: Final = f"quantities must match the regular expression '{SPLIT_RE_STRING}'"
ERR_NUMERIC: Final = "unable to parse numeric part of quantity"
ERR_SUFFIX: Final = "unable to parse quantity's suffix"


class QuantityError(ValueError):
    """``ParseQuantity`` failed; ``str()`` is the Go error text."""


class Format(StrEnum):
    DECIMAL_EXPONENT = "DecimalExponent"
    BINARY_SI = "BinarySI"
    DECIMAL_SI = "DecimalSI"


_DEC_SUFFIXES: Final = {
    "n": -9,
    "u": -6,
    "m": -3,
    "": 0,
    "k": 3,
    "M": 6,
    "G": 9,
    "T": 12,
    "P": 15,
    "E": 18,
}
_DEC_BY_EXP: Final = {v: k for k, v in _DEC_SUFFIXES.items()}
_BIN_SUFFIXES: Final = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_BIN_BY_EXP: Final = {v: k for k, v in _BIN_SUFFIXES.items()} | {0: ""}
_SUFFIX_CHARS: Final = frozenset("eEinumkKMGTP")
_DIGITS: Final = frozenset("0123456789")


def _parse_string(s: str) -> tuple[bool, str, str, str, str]:
    """``parseQuantityString``: (positive, value, num, denom, suffix)."""
    positive = True
    pos = 0
    end = len(s)
    if pos < end and s[0] in "+-":
        positive = s[0] != "-"
        pos += 1
    while True:
        if pos >= end:
            return positive, "0", "0", "", ""
        if s[pos] != "0":
            break
        pos += 1
    i = pos
    while i < end and s[i] in _DIGITS:
        i += 1
    if i >= end:
        return positive, s, s[pos:end] or "0", "", ""
    num = s[pos:i] or "0"
    pos = i
    denom = ""
    if s[pos] == ".":
        pos += 1
        i = pos
        while i < end and s[i] in _DIGITS:
            i += 1
        if i >= end:
            return positive, s, num, s[pos:end], ""
        denom = s[pos:i]
        pos = i
    value = s[:pos]
    suffix_start = pos
    i = pos
    while i < end and s[i] in _SUFFIX_CHARS:
        i += 1
    if i >= end:
        return positive, value, num, denom, s[suffix_start:]
    pos = i
    if s[pos] in "+-":
        pos += 1
    while pos < end:
        if s[pos] not in _DIGITS:
            raise QuantityError(ERR_FORMAT_WRONG)
        pos += 1
    return positive, value, num, denom, s[suffix_start:]


def _interpret(suffix: str) -> tuple[int, int, Format]:
    if suffix in _DEC_SUFFIXES:
        return 10, _DEC_SUFFIXES[suffix], Format.DECIMAL_SI
    if suffix in _BIN_SUFFIXES:
        return 2, _BIN_SUFFIXES[suffix], Format.BINARY_SI
    if len(suffix) > 1 and suffix[0] in "eE":
        rest = suffix[1:]
        body = rest[1:] if rest[:1] in "+-" else rest
        if body.isdigit() and body.isascii():
            exp = int(rest)
            if _INT64_MIN <= exp <= _INT64_MAX:
                # int32(parsed) truncation as Go does
                exp = ((exp + (1 << 31)) % (1 << 32)) - (1 << 31)
                return 10, exp, Format.DECIMAL_EXPONENT
    raise QuantityError(ERR_SUFFIX)


def _remove_factors(value: int, base: int) -> tuple[int, int]:
    neg = value < 0
    v = -value if neg else value
    times = 0
    while v >= base and v % base == 0:
        v //= base
        times += 1
    return (-v if neg else v), times


def _pos_scale_int64(value: int, scale: int) -> int | None:
    r = value * 10**scale
    return r if _INT64_MIN <= r <= _INT64_MAX else None


@total_ordering
@dataclass(frozen=True, slots=True, eq=False)
class Quantity:
    """An exact quantity ``unscaled * 10**exp``.

    ``dec`` is True when Go holds it as an ``inf.Dec`` (it overflowed int64 or needed
    rounding) rather than an ``int64Amount``; ``original`` is the input string Go keeps as the
    canonical form when it already is canonical.
    """

    unscaled: int
    exp: int
    format: Format
    dec: bool = False
    original: str = ""

    # ------------------------------------------------------------------ construction

    @classmethod
    def parse(cls, s: str) -> Quantity:
        """``resource.ParseQuantity``; raises :class:`QuantityError` with Go's message."""
        if not s:
            raise QuantityError(ERR_FORMAT_WRONG)
        if s == "0":
            return cls(0, 0, Format.DECIMAL_SI, False, s)
        positive, value, num, denom, suffix = _parse_string(s)
        base, exponent, fmt = _interpret(suffix)

        precision = 0
        scale = 0
        mantissa = 1
        if fmt in (Format.DECIMAL_EXPONENT, Format.DECIMAL_SI):
            scale = exponent
            precision = _MAX_INT64_FACTORS - (len(num) + len(denom))
        else:
            if exponent >= 0 and not denom:
                mantissa = 1 << exponent
                precision = 15 - len(num) - int(float(exponent) * 3 / 10) - 1
            else:
                precision = -1

        if precision >= 0:
            scale -= len(denom)
            if scale >= _NANO:
                shifted = num + denom
                v = int(shifted)
                if v <= _INT64_MAX:
                    result = v * mantissa
                    if _INT64_MIN <= result <= _INT64_MAX:
                        if not positive:
                            result = -result
                        keep = ""
                        if fmt is Format.BINARY_SI:
                            if exponent % 10 == 0 and (v & 0x07) != 0:
                                keep = s
                        elif scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0":
                            keep = s
                        return cls(result, scale, fmt, False, keep)

        # inf.Dec path
        int_part, _, frac_part = value.lstrip("+-").partition(".")
        digits = (int_part + frac_part) or "0"
        if not digits.isdigit():
            raise QuantityError(ERR_NUMERIC)
        unscaled = int(digits)
        dexp = -len(frac_part)
        if base == 10:
            dexp += exponent
        else:
            unscaled <<= exponent
        negative = value.startswith("-") and unscaled != 0
        # round up (away from zero) to nano
        if unscaled != 0 and dexp < _NANO:
            div = 10 ** (_NANO - dexp)
            unscaled = -(-unscaled // div)
            dexp = _NANO
        if fmt is Format.BINARY_SI:
            if dexp >= 0:
                if unscaled * 10**dexp > _INT64_MAX:
                    unscaled, dexp = _INT64_MAX, 0
            elif unscaled > _INT64_MAX * 10 ** (-dexp):
                unscaled, dexp = _INT64_MAX, 0
            if unscaled > 0 and (dexp < 0 and unscaled < 10 ** (-dexp)):
                fmt = Format.DECIMAL_SI
        if negative:
            unscaled = -unscaled
        return cls(unscaled, dexp, fmt, True, "")

    @classmethod
    def from_int(cls, value: int, fmt: Format = Format.DECIMAL_SI) -> Quantity:
        """``resource.NewQuantity(value, fmt)``."""
        return cls(value, 0, fmt, not (_INT64_MIN <= value <= _INT64_MAX))

    # ------------------------------------------------------------------ values

    def _as_fraction_parts(self) -> tuple[int, int]:
        return self.unscaled, self.exp

    def _cmp_key(self, other: Quantity) -> int:
        a, ea = self.unscaled, self.exp
        b, eb = other.unscaled, other.exp
        e = min(ea, eb)
        x = a * 10 ** (ea - e)
        y = b * 10 ** (eb - e)
        return int(x > y) - int(x < y)

    def cmp(self, other: Quantity) -> int:
        """``Quantity.Cmp``: -1, 0 or 1."""
        return self._cmp_key(other)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        return self._cmp_key(other) == 0

    def __lt__(self, other: Quantity) -> bool:
        return self._cmp_key(other) < 0

    def __hash__(self) -> int:
        u, e = _remove_factors(self.unscaled, 10)
        return hash((u, self.exp + e if u else 0))

    @property
    def sign(self) -> int:
        return (self.unscaled > 0) - (self.unscaled < 0)

    def is_zero(self) -> bool:
        return self.unscaled == 0

    def as_integer(self) -> int | None:
        """``AsInt64``: the value when it is held as an exact int64, else ``None``."""
        if self.dec:
            return None
        if self.exp == 0:
            return self.unscaled
        if self.exp < 0:
            return None
        return _pos_scale_int64(self.unscaled, self.exp)

    def is_integer(self) -> bool:
        return self.as_integer() is not None

    def as_approximate_float(self) -> float:
        """``AsApproximateFloat64``."""
        try:
            base = float(self.unscaled)
        except OverflowError:
            base = math.inf if self.unscaled > 0 else -math.inf
        if self.exp == 0:
            return base
        if self.exp > 308:
            return base * math.inf if base else 0.0
        if self.exp < -343:
            return 0.0 * base
        return base * (float(10**self.exp) if self.exp > 0 else 10.0**self.exp)

    # ------------------------------------------------------------------ arithmetic

    def _to_dec(self) -> Quantity:
        return Quantity(self.unscaled, self.exp, self.format, True, "")

    @staticmethod
    def _int64_add(a: Quantity, b_value: int, b_exp: int) -> tuple[int, int] | None:
        if b_value == 0:
            return a.unscaled, a.exp
        if a.unscaled == 0:
            return b_value, b_exp
        if a.exp == b_exp:
            c = a.unscaled + b_value
            exp = a.exp
        elif a.exp > b_exp:
            sc = _pos_scale_int64(a.unscaled, a.exp - b_exp)
            if sc is None:
                return None
            c = sc + b_value
            exp = b_exp
        else:
            sc = _pos_scale_int64(b_value, b_exp - a.exp)
            if sc is None:
                return None
            c = a.unscaled + sc
            exp = a.exp
        if not _INT64_MIN <= c <= _INT64_MAX:
            return None
        return c, exp

    def add(self, other: Quantity) -> Quantity:
        """``q.Add(y)`` (the result keeps ``q``'s format unless ``q`` is zero)."""
        fmt = self.format
        if not self.dec and not other.dec:
            if self.unscaled == 0:
                fmt = other.format
            r = self._int64_add(self, other.unscaled, other.exp)
            if r is not None:
                return Quantity(r[0], r[1], fmt, False, "")
        elif self.is_zero():
            fmt = other.format
        e = min(self.exp, other.exp)
        total = self.unscaled * 10 ** (self.exp - e) + other.unscaled * 10 ** (other.exp - e)
        return Quantity(total, e, fmt, True, "")

    def sub(self, other: Quantity) -> Quantity:
        """``q.Sub(y)``."""
        fmt = other.format if self.is_zero() else self.format
        if not self.dec and not other.dec and other.unscaled != _INT64_MIN:
            r = self._int64_add(self, -other.unscaled, other.exp)
            if r is not None:
                return Quantity(r[0], r[1], fmt, False, "")
        e = min(self.exp, other.exp)
        total = self.unscaled * 10 ** (self.exp - e) - other.unscaled * 10 ** (other.exp - e)
        return Quantity(total, e, fmt, True, "")

    def neg(self) -> Quantity:
        return Quantity(-self.unscaled, self.exp, self.format, self.dec, "")

    def __add__(self, other: Quantity) -> Quantity:
        return self.add(other)

    def __sub__(self, other: Quantity) -> Quantity:
        return self.sub(other)

    # ------------------------------------------------------------------ rendering

    def canonical(self) -> str:
        """``String()``: the canonical form (``1500`` for ``1.5k``, ``1536Mi``, ``100m``)."""
        if self.original:
            return self.original
        if self.unscaled == 0:
            return "0"
        fmt = self.format
        if fmt is Format.BINARY_SI:
            v = self.unscaled * 10**self.exp if self.exp >= 0 else None
            if self.exp < 0:
                div = 10 ** (-self.exp)
                if self.unscaled % div == 0:
                    v = self.unscaled // div
            if v is None or -1024 < v < 1024:
                fmt = Format.DECIMAL_SI
            else:
                amount, times = _remove_factors(v, 1024)
                suffix = _BIN_BY_EXP.get(times * 10, "")
                return f"{amount}{suffix}"
        amount, times = _remove_factors(self.unscaled, 10)
        exponent = self.exp + times
        while exponent % 3 != 0:
            amount *= 10
            exponent -= 1
        if fmt is Format.DECIMAL_EXPONENT:
            return f"{amount}e{exponent}" if exponent else str(amount)
        dec_suffix = _DEC_BY_EXP.get(exponent)
        if dec_suffix is None:
            # Go's suffixer has no entry: it prints the number alone.
            return str(amount)
        return f"{amount}{dec_suffix}"

    def __str__(self) -> str:
        return self.canonical()

    def __repr__(self) -> str:
        return f"Quantity({self.canonical()!r})"
