"""Go RE2 regular expressions (``regexp`` package semantics) via ``google-re2``.

``pattern`` in a CRD is Go RE2 and matched unanchored (``MatchString`` finds the pattern anywhere).
Patterns are compiled once and cached; compile errors carry Go's error text
(``error parsing regexp: missing argument to repetition operator: `+```).
"""

from __future__ import annotations

import threading
from typing import Final

import re2

__all__ = ["GoRegex", "RegexError", "compile_go_regex", "go_regex_error", "matcher", "search"]


class RegexError(ValueError):
    """A pattern Go's ``regexp.Compile`` rejects; ``str()`` is Go's error text."""


_OPTIONS: Final = re2.Options()
_OPTIONS.log_errors = False

# C++ RE2 error code text -> Go regexp/syntax ErrorCode text.
_CODE_MAP: Final = {
    "no argument for repetition operator": "missing argument to repetition operator",
    "bad repetition operator": "invalid nested repetition operator",
    "missing )": "missing closing )",
    "missing ]": "missing closing ]",
    "unexpected )": "unexpected )",
    "invalid repetition size": "invalid repeat count",
    "invalid character class range": "invalid character class range",
    "invalid character class": "invalid character class",
    "invalid escape sequence": "invalid escape sequence",
    "trailing \\": "trailing backslash at end of expression",
    "invalid perl operator": "invalid or unsupported Perl syntax",
    "invalid UTF-8": "invalid UTF-8",
    "invalid named capture group": "invalid named capture",
    "pattern too large - compile failed": "expression too large",
}

_cache: dict[str, re2._Regexp[str] | RegexError] = {}
_lock = threading.Lock()


def _go_error(raw: str) -> RegexError:
    for code in sorted(_CODE_MAP, key=len, reverse=True):
        if raw == code or raw.startswith(code + ": "):
            arg = raw[len(code) + 2 :] if raw != code else ""
            return RegexError(f"error parsing regexp: {_CODE_MAP[code]}: `{arg}`")
    return RegexError(f"error parsing regexp: {raw}")


def _unsupported_in_go(pattern: str) -> RegexError | None:
    r"""Syntax C++ RE2 accepts but Go's regexp rejects (``\C``)."""
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            if pattern[i + 1] == "C":
                return RegexError("error parsing regexp: invalid escape sequence: `\\C`")
            i += 2
            continue
        i += 1
    return None


def compile_go_regex(pattern: str) -> re2._Regexp[str]:
    """Compile (cached) or raise :class:`RegexError` with Go's message."""
    hit = _cache.get(pattern)
    if hit is None:
        err = _unsupported_in_go(pattern)
        if err is not None:
            hit = err
        else:
            try:
                hit = re2.compile(pattern, _OPTIONS)
            except re2.error as e:
                raw = e.args[0] if e.args else str(e)
                msg = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
                hit = _go_error(msg)
        with _lock:
            _cache[pattern] = hit
    if isinstance(hit, RegexError):
        raise hit
    return hit


_UNANCHORED: Final = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)


class GoRegex:
    """A compiled pattern with a fast boolean unanchored ``search`` (Go ``MatchString``)."""

    __slots__ = ("_fast", "pattern", "regexp")

    def __init__(self, pattern: str, regexp: re2._Regexp[str]) -> None:
        self.pattern = pattern
        self.regexp = regexp
        low = getattr(regexp, "_regexp", None)
        self._fast = getattr(low, "Match", None) if _UNANCHORED is not None else None

    def search(self, text: str) -> bool:
        fast = self._fast
        if fast is not None:
            try:
                b = text.encode("utf-8")
            except UnicodeEncodeError:
                return self.regexp.search(text) is not None
            return bool(fast(_UNANCHORED, b, 0, len(b))[0] != (-1, -1))
        return self.regexp.search(text) is not None


_matchers: dict[str, GoRegex] = {}


def matcher(pattern: str) -> GoRegex:
    """The cached :class:`GoRegex` for ``pattern``; raises :class:`RegexError` like Go."""
    m = _matchers.get(pattern)
    if m is None:
        m = GoRegex(pattern, compile_go_regex(pattern))
        _matchers[pattern] = m
    return m


def go_regex_error(pattern: str) -> str | None:
    """Go's compile error text for ``pattern``, or ``None`` if it compiles."""
    try:
        compile_go_regex(pattern)
    except RegexError as e:
        return str(e)
    return None


def search(pattern: str, text: str) -> bool:
    """Go ``regexp.MatchString``: does ``pattern`` match anywhere in ``text``?"""
    return matcher(pattern).search(text)
