"""Kubernetes `regex` library: find and findAll (RE2 semantics, like Go's regexp)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2
from cel_expr_python import cel

from .library import LibFunction, LibOverload

T = cel.Type


def _quiet_options() -> Any:
    options = re2.Options()
    options.log_errors = False  # invalid patterns are reported as CEL errors, not on stderr
    return options


_OPTIONS = _quiet_options()


@lru_cache(maxsize=256)
def compile_regex(pattern: str) -> Any:
    """RE2-compile (Go regexp syntax); raises re2.error for an invalid pattern."""
    return re2.compile(pattern, _OPTIONS)


def _find(text: str, pattern: str) -> str:
    match = compile_regex(pattern).search(text)
    return match.group(0) if match else ""


def _find_all(text: str, pattern: str, limit: int = -1) -> list[str]:
    if limit == 0:
        return []
    found = [m.group(0) for m in compile_regex(pattern).finditer(text)]
    return found if limit < 0 else found[:limit]


def functions() -> list[LibFunction]:
    return [
        LibFunction(
            "find",
            (
                LibOverload(
                    "string_find_string", (T.STRING, T.STRING), T.STRING, _find, member=True
                ),
            ),
        ),
        LibFunction(
            "findAll",
            (
                LibOverload(
                    "string_find_all_string",
                    (T.STRING, T.STRING),
                    T.List(T.STRING),
                    _find_all,
                    member=True,
                ),
                LibOverload(
                    "string_find_all_string_int",
                    (T.STRING, T.STRING, T.INT),
                    T.List(T.STRING),
                    _find_all,
                    member=True,
                ),
            ),
        ),
    ]
