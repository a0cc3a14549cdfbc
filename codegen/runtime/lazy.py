"""Lazy exports of generated packages: one kind's module is imported only when it is used.

A version package exports hundreds of Args classes for a large group; listing them all in the
runtime `__init__` would make every import parse that list. Every generated class name starts
with its kind's class name, so a short prefix table finds the module instead; the full list
lives in the `__init__.pyi` stub, for type checkers only.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any


def resolve(
    owner: str,
    package: str,
    name: str,
    namespace: MutableMapping[str, Any],
    exact: Mapping[str, str],
    by_prefix: Mapping[str, str],
) -> Any:
    """Find `name` in `exact[name]` or in the module of its longest matching kind prefix.

    `owner` is the module doing the lookup; `package` the package its relative names are in.
    """
    modules: list[str] = []
    if name in exact:
        modules.append(exact[name])
    prefixes = sorted((p for p in by_prefix if name.startswith(p)), key=len, reverse=True)
    modules.extend(by_prefix[p] for p in prefixes)
    # A numbered twin (`WorkflowTemplate2...` of kind `Workflow`) can match a longer prefix
    # first; the remaining modules are the fallback, so no exported name is ever unreachable.
    modules.extend(m for p, m in sorted(by_prefix.items()) if p not in prefixes)
    if not name[:1].isupper():
        modules = []
    for module_name in dict.fromkeys(modules):
        module = importlib.import_module(module_name, package)
        if name in vars(module):
            value = vars(module)[name]
            namespace[name] = value
            return value
    raise AttributeError(f"module {owner!r} has no attribute {name!r}")


def exported_names(module_file: str) -> list[str]:
    """Every name a lazy module exports: the ones its `.pyi` stub imports (read on demand)."""
    stub = Path(module_file).with_suffix(".pyi")
    if not stub.is_file():
        return []
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    names = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    return sorted(names)
