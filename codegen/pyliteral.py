"""Render untrusted CRD text as Python literals: data, never code."""

from __future__ import annotations

_UNSAFE_IN_DOCSTRING = ('"""', "\\", "\r")


def string(value: str) -> str:
    """A Python string literal for any text (quotes, backslashes, NULs, line separators)."""
    return repr(value)


def docstring(text: str | None, indent: str = "    ") -> str:
    """A docstring statement for `text`: triple-quoted when that is safe, else a plain literal."""
    if not text:
        return ""
    cleaned = text.strip()
    readable = (
        cleaned.isprintable() or all(ch.isprintable() or ch in "\n\t" for ch in cleaned)
    ) and not any(token in cleaned for token in _UNSAFE_IN_DOCSTRING)
    if readable and not cleaned.endswith('"'):
        lines = cleaned.split("\n")
        if len(lines) == 1:
            return f'"""{cleaned}"""'
        body = "\n".join(f"{indent}{line}" if line.strip() else "" for line in lines)
        return f'"""\n{body}\n{indent}"""'
    return repr(cleaned)
