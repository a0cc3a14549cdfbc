"""Kubernetes `regex` library (find, findAll) and cel-go's `matches`, with Go's regexp syntax
and error texts (RE2 semantics; `codegen.runtime.regex`)."""

from __future__ import annotations

from typing import Any

from cel_expr_python import cel

from codegen.runtime.regex import RegexError, compile_go_regex, matcher

from .library import LibFunction, LibOverload, LibraryError

T = cel.Type


def _compiled(pattern: str) -> Any:
    """Go's regexp.Compile (cached); the library's error text when it refuses the pattern."""
    try:
        return compile_go_regex(pattern)
    except RegexError as exc:
        raise LibraryError(f"Illegal regex: {exc}") from None


def _find(text: str, pattern: str) -> str:
    match = _compiled(pattern).search(text)
    return match.group(0) if match else ""


def _find_all(text: str, pattern: str, limit: int = -1) -> list[str]:
    if limit == 0:
        return []
    found = [m.group(0) for m in _compiled(pattern).finditer(text)]
    return found if limit < 0 else found[:limit]


def go_matches(text: str, pattern: str) -> bool:
    """cel-go's `matches`: Go's regexp.MatchString, whose syntax the engine's RE2 exceeds
    (`\\C`), with Go's error text."""
    try:
        return matcher(pattern).search(text)
    except RegexError as exc:
        raise LibraryError(str(exc)) from None


# engine overload id -> the hidden function that replaces the call (see `overrides`)
ROUTED = {"matches_string": "@k8s.matches", "matches": "@k8s.matchesGlobal"}


def matches_functions() -> list[LibFunction]:
    s = T.STRING
    return [
        LibFunction(
            "@k8s.matches", (LibOverload("k8s_matches", (s, s), T.BOOL, go_matches, member=True),)
        ),
        LibFunction(
            "@k8s.matchesGlobal", (LibOverload("k8s_matches_global", (s, s), T.BOOL, go_matches),)
        ),
    ]


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
