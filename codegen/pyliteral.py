"""Render untrusted CRD text as Python literals: data, never code.

Every string a CRD supplies (names, descriptions, enum values, paths) reaches generated source
only through these functions, so it can never end a literal early, start a comment or a
template tag, or be re-read differently by the tokenizer (line separators, NUL, `\\r`).
"""

from __future__ import annotations

import inspect
from functools import lru_cache

_UNSAFE_IN_DOCSTRING = ('"""', "\\", "\t")


def string(value: str) -> str:
    """A Python string literal for any text (quotes, backslashes, NULs, line separators)."""
    return repr(value)


def _fits_triple_quotes(text: str) -> bool:
    """True when `text` laid out as an indented triple-quoted docstring reads back unchanged.

    The tokenizer turns `\\r` into a newline, ruff's docstring formatting trims trailing
    spaces and re-indents, and `inspect.cleandoc` expands tabs; any of those would alter the
    text, so such text (and anything not printable) is written as a plain escaped literal.

    What passes reads back through `inspect.cleandoc` as it is, whatever the indent (spaces)
    put before its lines: a space is the only printable whitespace, so the common margin
    cleandoc removes is the indent, as the first line starts with none (`text` is stripped).
    """
    if not text or text != text.strip() or text.startswith('"') or text.endswith('"'):
        return False
    if any(token in text for token in _UNSAFE_IN_DOCSTRING):
        return False
    if not text.replace("\n", "").isprintable():  # every character printable, or a newline
        return False
    return " \n" not in text  # no line ends with whitespace (the last one is stripped)


@lru_cache(maxsize=16384)  # descriptions recur (shared types, versions, Args and ArgsDict)
def docstring(text: str | None, indent: str = "    ") -> str:
    """A docstring statement for `text` (stripped): triple-quoted when that is exact, else escaped.

    Either way the docstring's value, read back with `inspect.cleandoc`, is `text.strip()`.
    """
    if not text:
        return ""
    cleaned = text.strip()
    if not cleaned:
        return ""
    if not _fits_triple_quotes(cleaned):
        return repr(cleaned)
    lines = cleaned.split("\n")
    if len(lines) == 1:
        return f'"""{cleaned}"""'
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines)
    return f'"""\n{body}\n{indent}"""'


def read_docstring(value: str) -> str:
    """The text a `docstring(...)` statement carries, given the docstring's runtime value."""
    if value.startswith("\n"):
        return inspect.cleandoc(value)
    return value
