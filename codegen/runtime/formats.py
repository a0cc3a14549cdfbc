"""The string formats the API server enforces (kube-openapi ``strfmt.Default``), version-gated.

``validates(format, value)`` is ``strfmt.Default.Validates``: format names are normalised by
dropping ``-`` (``date-time`` == ``datetime``).  Which formats a CRD may use depends on the
compatibility version (apiextensions ``supportedVersionedFormats``); the others are stripped
(ignored) and reported by :func:`get_unrecognized_formats`.

Each validator re-implements the Go function the registry uses (``net.ParseIP``,
``net/mail.ParseAddress``, ``url.ParseRequestURI``, ``time.ParseDuration``, govalidator, ...).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from codegen.runtime.go_url import is_request_uri

__all__ = [
    "DEFAULT_COMPATIBILITY_VERSION",
    "SUPPORTED_VERSIONED_FORMATS",
    "VersionedFormats",
    "effective_format",
    "get_unrecognized_formats",
    "is_known_format",
    "normalize_format_name",
    "parse_version",
    "supported_formats_at",
    "validates",
]

Version = tuple[int, int]

#: ``environment.DefaultCompatibilityVersion()`` of the apiserver the conformance data comes from.
DEFAULT_COMPATIBILITY_VERSION: Final[Version] = (1, 36)


def parse_version(v: str | Version | None) -> Version:
    """``"1.34"`` -> ``(1, 34)``; ``None`` -> the default compatibility version."""
    if v is None:
        return DEFAULT_COMPATIBILITY_VERSION
    if isinstance(v, tuple):
        return v
    major, _, minor = str(v).strip().lstrip("v").partition(".")
    return int(major), int(minor.split(".")[0] or 0)


def normalize_format_name(name: str) -> str:
    """go-openapi's ``DefaultNameNormalizer``: remove every dash."""
    return name.replace("-", "")


# ----------------------------------------------------------------------------- IP addresses


def _dtoi(s: str) -> tuple[int, int] | None:
    """Go net ``dtoi``: decimal prefix of ``s`` -> (value, consumed) or None."""
    n = 0
    i = 0
    while i < len(s) and "0" <= s[i] <= "9":
        n = n * 10 + ord(s[i]) - 48
        if n >= 0xFFFFFF:
            return None
        i += 1
    if i == 0:
        return None
    return n, i


def _xtoi(s: str) -> tuple[int, int] | None:
    n = 0
    i = 0
    while i < len(s):
        c = s[i]
        if "0" <= c <= "9":
            d = ord(c) - 48
        elif "a" <= c <= "f":
            d = ord(c) - 87
        elif "A" <= c <= "F":
            d = ord(c) - 55
        else:
            break
        n = n * 16 + d
        if n >= 0xFFFFFF:
            return None
        i += 1
    if i == 0:
        return None
    return n, i


def _parse_ipv4(s: str, sloppy: bool) -> bytes | None:
    out = bytearray()
    for i in range(4):
        if not s:
            return None
        if i > 0:
            if s[0] != ".":
                return None
            s = s[1:]
        r = _dtoi(s)
        if r is None:
            return None
        n, c = r
        if n > 0xFF:
            return None
        if not sloppy and (c > 3 or (c > 1 and s[0] == "0")):
            return None
        s = s[c:]
        out.append(n)
    if s:
        return None
    return bytes(out)


def _parse_ipv6(s: str, sloppy: bool) -> bytes | None:
    ip = bytearray(16)
    ellipsis = -1
    if len(s) >= 2 and s[0] == ":" and s[1] == ":":
        ellipsis = 0
        s = s[2:]
        if not s:
            return bytes(ip)
    i = 0
    while i < 16:
        r = _xtoi(s)
        if r is None:
            return None
        n, c = r
        if n > 0xFFFF or (not sloppy and c > 4):
            return None
        if c < len(s) and s[c] == ".":
            if ellipsis < 0 and i != 12:
                return None
            if i + 4 > 16:
                return None
            ip4 = _parse_ipv4(s, sloppy)
            if ip4 is None:
                return None
            ip[i : i + 4] = ip4
            s = ""
            i += 4
            break
        ip[i] = n >> 8
        ip[i + 1] = n & 0xFF
        i += 2
        s = s[c:]
        if not s:
            break
        if s[0] != ":" or len(s) == 1:
            return None
        s = s[1:]
        if s[0] == ":":
            if ellipsis >= 0:
                return None
            ellipsis = i
            s = s[1:]
            if not s:
                break
    if s:
        return None
    if i < 16:
        if ellipsis < 0:
            return None
        n = 16 - i
        ip[ellipsis + n : 16] = ip[ellipsis:i]
        ip[ellipsis : ellipsis + n] = bytes(n)
    elif ellipsis >= 0:
        return None
    return bytes(ip)


def parse_ip(s: str, *, sloppy: bool = False) -> bytes | None:
    """Go ``net.ParseIP`` (``sloppy``: the pre-1.17 parser, leading zeros allowed)."""
    for ch in s:
        if ch == ".":
            v4 = _parse_ipv4(s, sloppy)
            return None if v4 is None else b"\x00" * 10 + b"\xff\xff" + v4
        if ch == ":":
            return _parse_ipv6(s, sloppy)
    return None


def _is_ipv4(s: str) -> bool:
    return parse_ip(s, sloppy=True) is not None and "." in s


def _is_ipv6(s: str) -> bool:
    return parse_ip(s) is not None and ":" in s


def _is_ip_sloppy(s: str) -> bool:
    return parse_ip(s, sloppy=True) is not None


def _is_cidr(s: str) -> bool:
    addr, sep, mask = s.partition("/")
    if not sep:
        return False
    iplen = 4
    ip: bytes | None = _parse_ipv4(addr, True)
    if ip is None:
        iplen = 16
        ip = _parse_ipv6(addr, True)
    r = _dtoi(mask)
    if ip is None or r is None or r[1] != len(mask):
        return False
    return 0 <= r[0] <= 8 * iplen


def _is_mac(s: str) -> bool:
    b = s.encode("utf-8", "surrogatepass")
    n = len(b)
    if n < 14:
        return False

    def xtoi2(x: bytes, e: int) -> bool:
        if len(x) > 2 and x[2] != e:
            return False
        pair = x[:2]
        return len(pair) == 2 and all(c in _HEX_BYTES for c in pair)

    if b[2] in (0x3A, 0x2D):
        if (n + 1) % 3 != 0:
            return False
        cnt = (n + 1) // 3
        if cnt not in (6, 8, 20):
            return False
        return all(xtoi2(b[3 * i :], b[2]) for i in range(cnt))
    if b[4] == 0x2E:
        if (n + 1) % 5 != 0:
            return False
        cnt = 2 * (n + 1) // 5
        if cnt not in (6, 8, 20):
            return False
        return all(xtoi2(b[x : x + 2], 0) and xtoi2(b[x + 2 :], b[4]) for x in range(0, n, 5))
    return False


_HEX_BYTES: Final = frozenset(b"0123456789abcdefABCDEF")

# ----------------------------------------------------------------------------- URI

# kube-openapi's IsURI: Go's url.ParseRequestURI(s) == nil (one parser, shared with CEL's url())
_is_request_uri = is_request_uri


# ----------------------------------------------------------------------------- e-mail (net/mail)


class _MailParser:
    """A port of the parts of Go's ``net/mail`` address parser ``ParseAddress`` needs."""

    __slots__ = ("s",)

    _SPECIALS: Final = frozenset('()<>[]:;@\\,"')

    def __init__(self, s: str) -> None:
        self.s = s

    @staticmethod
    def is_vchar(r: str) -> bool:
        return "!" <= r <= "~" or ord(r) >= 0x80

    def is_atext(self, r: str, dot: bool) -> bool:
        if r == ".":
            return dot
        if r in self._SPECIALS:
            return False
        return self.is_vchar(r)

    def skip_space(self) -> None:
        self.s = self.s.lstrip(" \t")

    def skip_cfws(self) -> bool:
        self.skip_space()
        while self.s.startswith("("):
            if not self.consume_comment():
                return False
            self.skip_space()
        return True

    def consume_comment(self) -> bool:
        depth = 1
        i = 1
        while i < len(self.s) and depth:
            c = self.s[i]
            if c == "\\":
                i += 1
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            i += 1
        if depth:
            return False
        self.s = self.s[i:]
        return True

    def consume_atom(self, dot: bool, permissive: bool) -> str | None:
        i = 0
        while i < len(self.s) and self.is_atext(self.s[i], dot):
            i += 1
        if i == 0:
            return None
        atom, self.s = self.s[:i], self.s[i:]
        if not permissive and (atom.startswith(".") or ".." in atom or atom.endswith(".")):
            return None
        return atom

    def consume_quoted(self) -> str | None:
        i = 1
        out: list[str] = []
        escaped = False
        while True:
            if i >= len(self.s):
                return None
            r = self.s[i]
            if escaped:
                if not self.is_vchar(r) and r not in " \t":
                    return None
                out.append(r)
                escaped = False
            elif (self.is_vchar(r) and r not in '"\\') or r in " \t":
                out.append(r)
            elif r == '"':
                break
            elif r == "\\":
                escaped = True
            else:
                return None
            i += 1
        self.s = self.s[i + 1 :]
        return "".join(out)

    def consume_domain_literal(self) -> str | None:
        self.s = self.s[1:]
        i = 0
        while True:
            if i >= len(self.s):
                return None
            c = self.s[i]
            if c == "]":
                break
            if not ("!" <= c <= "Z" or "^" <= c <= "~" or ord(c) >= 0x80):
                return None
            i += 1
        dtext = self.s[:i]
        self.s = self.s[i + 1 :]
        if parse_ip(dtext) is None:
            return None
        return "[" + dtext + "]"

    def consume_addr_spec(self) -> str | None:
        orig = self.s
        self.skip_space()
        if not self.s:
            self.s = orig
            return None
        local = self.consume_quoted() if self.s[0] == '"' else self.consume_atom(True, False)
        if not local or not self.s.startswith("@"):
            self.s = orig
            return None
        self.s = self.s[1:]
        self.skip_space()
        if not self.s:
            self.s = orig
            return None
        if self.s[0] == "[":
            domain = self.consume_domain_literal()
        else:
            domain = self.consume_atom(True, False)
        if domain is None:
            self.s = orig
            return None
        return local + "@" + domain

    def consume_phrase(self) -> str | None:
        words: list[str] = []
        while True:
            if words and not self.skip_cfws():
                return None
            self.skip_space()
            if not self.s:
                break
            word = self.consume_quoted() if self.s[0] == '"' else self.consume_atom(True, True)
            if word is None:
                break
            words.append(word)
        if not words:
            return None
        return " ".join(words)

    def parse_address(self, handle_group: bool) -> list[str] | None:
        self.skip_space()
        if not self.s:
            return None
        spec = self.consume_addr_spec()
        if spec is not None:
            self.skip_space()
            if self.s.startswith("(") and not self.consume_comment():
                return None
            return [spec]
        display = ""
        if not self.s.startswith("<"):
            phrase = self.consume_phrase()
            if phrase is None:
                return None
            display = phrase
        del display
        self.skip_space()
        if handle_group and self.s.startswith(":"):
            self.s = self.s[1:]
            return self.consume_group_list()
        if not self.s.startswith("<"):
            return None
        self.s = self.s[1:]
        spec = self.consume_addr_spec()
        if spec is None or not self.s.startswith(">"):
            return None
        self.s = self.s[1:]
        return [spec]

    def consume_group_list(self) -> list[str] | None:
        group: list[str] = []
        self.skip_space()
        if self.s.startswith(";"):
            self.s = self.s[1:]
            return group
        while True:
            self.skip_space()
            addrs = self.parse_address(False)
            if addrs is None:
                return None
            group.extend(addrs)
            if not self.skip_cfws():
                return None
            if self.s.startswith(";"):
                self.s = self.s[1:]
                if not self.skip_cfws():
                    return None
                break
            if not self.s.startswith(","):
                return None
            self.s = self.s[1:]
        return group


def _is_email(s: str) -> bool:
    p = _MailParser(s)
    addrs = p.parse_address(True)
    if addrs is None or not p.skip_cfws() or p.s:
        return False
    return len(addrs) == 1 and addrs[0] != ""


# ----------------------------------------------------------------------------- dates and durations

_DATE_RE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_TIME_RE: Final = re.compile(
    r"([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))", re.ASCII
)


def _is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_date(s: str) -> bool:
    """Go ``time.Parse("2006-01-02", s) == nil``."""
    m = _DATE_RE.fullmatch(s)
    if m is None:
        return False
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if not 1 <= mo <= 12:
        return False
    days = 29 if mo == 2 and _is_leap(y) else _DAYS[mo - 1]
    return 1 <= d <= days


def _is_date_time(s: str) -> bool:
    """go-openapi ``strfmt.IsDateTime``."""
    if len(s.encode("utf-8", "surrogatepass")) < 4:
        return False
    parts = s.lower().split("t")
    if len(parts) < 2 or not _is_date(parts[0]):
        return False
    m = _TIME_RE.fullmatch(parts[1])
    if m is None or "\n" in (m[4] or ""):
        return False
    return m[1] <= "23" and m[2] <= "59" and m[3] <= "59"


_GO_UNITS: Final = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,
    "\u03bcs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_MAX_DURATION: Final = 1 << 63


def go_parse_duration(s: str) -> int | None:
    """Go ``time.ParseDuration``: nanoseconds, or ``None`` when invalid."""
    neg = False
    if s and s[0] in "+-":
        neg = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        return None
    total = 0
    while s:
        if not (s[0] == "." or "0" <= s[0] <= "9"):
            return None
        i = 0
        while i < len(s) and "0" <= s[i] <= "9":
            i += 1
        pre = i > 0
        v = int(s[:i]) if pre else 0
        if v > _MAX_DURATION:
            return None
        s = s[i:]
        frac = ""
        post = False
        if s and s[0] == ".":
            s = s[1:]
            j = 0
            while j < len(s) and "0" <= s[j] <= "9":
                j += 1
            frac, s, post = s[:j], s[j:], j > 0
        if not pre and not post:
            return None
        k = 0
        while k < len(s) and not (s[k] == "." or "0" <= s[k] <= "9"):
            k += 1
        if k == 0:
            return None
        unit = _GO_UNITS.get(s[:k])
        s = s[k:]
        if unit is None:
            return None
        if v > _MAX_DURATION // unit:
            return None
        v *= unit
        if frac:
            f = int(frac) if frac.strip("0") else 0
            if f:
                v += int(float(f) * (float(unit) / (10 ** len(frac))))
                if v > _MAX_DURATION:
                    return None
        total += v
        if total > _MAX_DURATION:
            return None
    if not neg and total > _MAX_DURATION - 1:
        return None
    return -total if neg else total


_SCALA_VALIDATOR: Final = re.compile(
    r"[\t\n\f\r ]*(?:[0-9]+[\t\n\f\r ]*[A-Za-z\u00b5]+[\t\n\f\r ]*)+"
)
_SCALA_MATCHER: Final = re.compile(r"([0-9]+)[\t\n\f\r ]*([A-Za-z\u00b5]+)")
_TIME_UNITS: Final = (
    ("ns", "nano"),
    ("us", "\u00b5s", "micro"),
    ("ms", "milli"),
    ("s", "sec"),
    ("m", "min"),
    ("h", "hr", "hour"),
    ("d", "day"),
    ("w", "wk", "week"),
)


# nanoseconds of each unit of `_TIME_UNITS`, in its order
_UNIT_NANOS: Final = (
    1,
    10**3,
    10**6,
    10**9,
    60 * 10**9,
    3600 * 10**9,
    86400 * 10**9,
    604800 * 10**9,
)


def strfmt_duration(s: str) -> int | None:
    """kube-openapi ``strfmt.ParseDuration`` in nanoseconds (None: not a duration): Go syntax,
    else a Scala-like ``"3 days"``, ``2d``, ``1w``. The API server's format check, and the value
    CEL sees for a ``format: duration`` string."""
    go = go_parse_duration(s)
    if go is not None:
        return go
    if _SCALA_VALIDATOR.fullmatch(s) is None:
        return None
    total = 0
    ok = False
    for m in _SCALA_MATCHER.finditer(s):
        if len(m[1]) > 18 and int(m[1]) > (1 << 63) - 1:
            return None
        unit = m[2].strip().lower()
        for variants, nanos in zip(_TIME_UNITS, _UNIT_NANOS, strict=True):
            last = len(variants) - 1
            for i, variant in enumerate(variants):
                if (i == last and unit.startswith(variant)) or variant.lower() == unit:
                    ok = True
                    total += int(m[1]) * nanos
    return total if ok else None


def _is_duration(s: str) -> bool:
    return strfmt_duration(s) is not None


# ----------------------------------------------------------------------------- govalidator & co


def _host_char(ch: str) -> bool:
    """``[a-zA-Z0-9\\p{S}\\p{L}]``."""
    if ch.isascii() and ch.isalnum():
        return True
    return unicodedata.category(ch)[0] in "SL"


def _tld_char(ch: str) -> bool:
    """``[a-zA-Z\\p{L}]``."""
    if ch.isascii():
        return ch.isalpha()
    return unicodedata.category(ch)[0] == "L"


def _hostname_pattern(s: str) -> bool:
    """kube-openapi ``HostnamePattern``, matched as a whole (written out: RE2's DFA for the
    Unicode classes is too large)."""
    if not s:
        return False
    # alternative 1: a single label, C(-?C{0,62})?
    if _host_char(s[0]):
        rest = s[1:]
        if rest.startswith("-"):
            rest = rest[1:]
        if len(rest) <= 62 and all(_host_char(c) for c in rest):
            return True
    # alternative 2: (label.)+ followed by a 2-63 letter top-level label
    parts = s.split(".")
    if len(parts) < 2:
        return False
    tld = parts[-1]
    if not 2 <= len(tld) <= 63 or not all(_tld_char(c) for c in tld):
        return False
    for label in parts[:-1]:
        if not label or len(label) > 63:
            return False
        if not (_host_char(label[0]) and _host_char(label[-1])):
            return False
        if not all(c == "-" or _host_char(c) for c in label[1:-1]):
            return False
    return True


def _is_hostname(s: str) -> bool:
    if not _hostname_pattern(s):
        return False
    if len(s.encode("utf-8", "surrogatepass")) > 255:
        return False
    return all(len(p.encode("utf-8", "surrogatepass")) <= 63 for p in s.split("."))


_UUID_RES: Final = {
    name: re.compile(pat, re.ASCII | re.IGNORECASE)
    for name, pat in {
        "uuid": r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}",
        "uuid3": r"[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}",
        "uuid4": r"[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}",
        "uuid5": r"[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}",
    }.items()
}


def _uuid_validator(name: str) -> Callable[[str], bool]:
    rx = _UUID_RES[name]
    return lambda s: rx.fullmatch(s) is not None


_WS_MINUS: Final = re.compile(
    r"[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]+"
)
_ISBN10: Final = re.compile(r"(?:[0-9]{9}X|[0-9]{10})")
_ISBN13: Final = re.compile(r"[0-9]{13}")


def _is_isbn10(s: str) -> bool:
    t = _WS_MINUS.sub("", s)
    if _ISBN10.fullmatch(t) is None:
        return False
    checksum = sum((i + 1) * (ord(t[i]) - 48) for i in range(9))
    checksum += 100 if t[9] == "X" else 10 * (ord(t[9]) - 48)
    return checksum % 11 == 0


def _is_isbn13(s: str) -> bool:
    t = _WS_MINUS.sub("", s)
    if _ISBN13.fullmatch(t) is None:
        return False
    checksum = sum((1, 3)[i % 2] * (ord(t[i]) - 48) for i in range(12))
    return (ord(t[12]) - 48) - ((10 - (checksum % 10)) % 10) == 0


_CREDIT_CARD: Final = re.compile(
    r"(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|"
    r"3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35[0-9]{3})[0-9]{11})"
)
_NOT_NUMBER: Final = re.compile(r"[^0-9]+")


def _is_credit_card(s: str) -> bool:
    t = _NOT_NUMBER.sub("", s)
    if _CREDIT_CARD.fullmatch(t) is None:
        return False
    total = 0
    double = False
    for ch in reversed(t):
        d = ord(ch) - 48
        if double:
            d *= 2
            total += d % 10 + 1 if d >= 10 else d
        else:
            total += d
        double = not double
    return total % 10 == 0


_SSN: Final = re.compile(r"[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4}")
_HEXCOLOR: Final = re.compile(r"#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_RGB_PART: Final = r"[\t\n\f\r ]*(0|[1-9][0-9]?|1[0-9][0-9]?|2[0-4][0-9]|25[0-5])[\t\n\f\r ]*"
_RGBCOLOR: Final = re.compile(rf"rgb\({_RGB_PART},{_RGB_PART},{_RGB_PART}\)")
_BASE64: Final = re.compile(
    r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})"
)
_BSON: Final = re.compile(r"[0-9a-fA-F]{24}")
_SHORT_NAME: Final = re.compile(r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?")
_LONG_NAME: Final = re.compile(
    r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*"
)


def _fullmatch(rx: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda s: rx.fullmatch(s) is not None


def _is_ssn(s: str) -> bool:
    return len(s) == 11 and _SSN.fullmatch(s) is not None


def _is_short_name(s: str) -> bool:
    return len(s) <= 63 and _SHORT_NAME.fullmatch(s) is not None


def _is_long_name(s: str) -> bool:
    return len(s) <= 253 and _LONG_NAME.fullmatch(s) is not None


#: normalised name -> validator, as registered in kube-openapi ``strfmt.Default``.
_REGISTRY: Final[dict[str, Callable[[str], bool]]] = {
    "uri": _is_request_uri,
    "email": _is_email,
    "hostname": _is_hostname,
    "ipv4": _is_ipv4,
    "ipv6": _is_ipv6,
    "cidr": _is_cidr,
    "mac": _is_mac,
    "uuid": _uuid_validator("uuid"),
    "uuid3": _uuid_validator("uuid3"),
    "uuid4": _uuid_validator("uuid4"),
    "uuid5": _uuid_validator("uuid5"),
    "isbn": lambda s: _is_isbn10(s) or _is_isbn13(s),
    "isbn10": _is_isbn10,
    "isbn13": _is_isbn13,
    "creditcard": _is_credit_card,
    "ssn": _is_ssn,
    "hexcolor": _fullmatch(_HEXCOLOR),
    "rgbcolor": _fullmatch(_RGBCOLOR),
    "byte": _fullmatch(_BASE64),
    "password": lambda _s: True,
    "date": _is_date,
    "datetime": _is_date_time,
    "duration": _is_duration,
    "bsonobjectid": _fullmatch(_BSON),
    "k8sshortname": _is_short_name,
    "k8slongname": _is_long_name,
    "k8sipsloppy": _is_ip_sloppy,
}


def is_known_format(name: str) -> bool:
    """``strfmt.Default.ContainsName``."""
    return normalize_format_name(name) in _REGISTRY


def validates(name: str, value: str) -> bool:
    """``strfmt.Default.Validates(name, value)``; unknown formats are not valid."""
    fn = _REGISTRY.get(normalize_format_name(name))
    return fn is not None and fn(value)


# ----------------------------------------------------------------------------- version gating


@dataclass(frozen=True, slots=True)
class VersionedFormats:
    introduced: Version
    formats: frozenset[str]


#: apiextensions ``supportedVersionedFormats`` (string formats, normalised names).
SUPPORTED_VERSIONED_FORMATS: Final = (
    VersionedFormats(
        (1, 0),
        frozenset(
            {
                "bsonobjectid",
                "uri",
                "email",
                "hostname",
                "ipv4",
                "ipv6",
                "cidr",
                "mac",
                "uuid",
                "uuid3",
                "uuid4",
                "uuid5",
                "isbn",
                "isbn10",
                "isbn13",
                "creditcard",
                "ssn",
                "hexcolor",
                "rgbcolor",
                "byte",
                "password",
                "date",
                "duration",
                "datetime",
            }
        ),
    ),
    VersionedFormats((1, 34), frozenset({"k8sshortname", "k8slongname"})),
)

#: numeric formats range-checked from this version on (kube-openapi numeric format validation).
NUMERIC_FORMATS_VERSION: Final[Version] = (1, 36)
_NUMERIC_FORMATS: Final = {"integer": ("int32", "int64"), "number": ("float", "double")}

_supported_cache: dict[Version, frozenset[str]] = {}


def supported_formats_at(
    version: str | Version | None,
    registry: Iterable[VersionedFormats] | None = None,
) -> frozenset[str]:
    """Formats introduced at or before ``version`` (``newFormatsAtVersion``)."""
    ver = parse_version(version)
    if registry is not None:
        out: set[str] = set()
        for vf in registry:
            if ver >= vf.introduced:
                out |= vf.formats
        return frozenset(out)
    hit = _supported_cache.get(ver)
    if hit is None:
        hit = supported_formats_at(ver, SUPPORTED_VERSIONED_FORMATS)
        _supported_cache[ver] = hit
    return hit


def _schema_type(schema: Mapping[str, Any]) -> str | None:
    t = schema.get("type")
    if t is None or t == "":
        return ""
    if isinstance(t, str):
        return t
    return None  # a list of types: "other"


def _recognized(fmt: str, type_name: str | None, version: Version) -> bool:
    if type_name is None:
        return False
    if type_name in _NUMERIC_FORMATS:
        return version >= NUMERIC_FORMATS_VERSION and fmt in _NUMERIC_FORMATS[type_name]
    if type_name in ("", "string"):
        return normalize_format_name(fmt) in supported_formats_at(version)
    return False


def get_unrecognized_formats(
    schema: Mapping[str, Any], version: str | Version | None = None
) -> list[str]:
    """The ``format`` of one schema node the server does not recognise at ``version``."""
    fmt = schema.get("format")
    if not fmt or not isinstance(fmt, str):
        return []
    if _recognized(fmt, _schema_type(schema), parse_version(version)):
        return []
    return [fmt]


def effective_format(fmt: str | None, type_name: str | None, version: Version) -> str:
    """The format the validator enforces after the server strips unsupported ones."""
    if not fmt:
        return ""
    return fmt if _recognized(fmt, type_name, version) else ""
