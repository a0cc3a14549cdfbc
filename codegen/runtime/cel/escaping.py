"""Property-name escaping: how a schema property name is spelled inside a CEL expression.

The API server exposes `properties` as CEL fields; names that are CEL keywords or that contain
`.`, `-`, `/` or `__` are escaped, names with any other character are not accessible at all.
"""

from __future__ import annotations

import re

_RESERVED = frozenset(
    {
        "true", "false", "null", "in",
        "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    }
)  # fmt: skip
_ALLOWED = re.compile(r"[A-Za-z0-9_./-]+")
_EXPAND = re.compile(r"__|[./-]")
_REPLACEMENTS = {"__": "__underscores__", ".": "__dot__", "-": "__dash__", "/": "__slash__"}


def escape(name: str) -> str | None:
    """CEL field name for a property, or None when the property is not accessible from CEL."""
    if not name or name[0].isdigit():
        return None
    if name in _RESERVED:
        return f"__{name}__"
    if not _ALLOWED.fullmatch(name):
        return None
    return _EXPAND.sub(lambda m: _REPLACEMENTS[m.group(0)], name)
