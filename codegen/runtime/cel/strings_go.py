"""The strings extension's index functions as cel-go has them (ext/strings.go, the releases the
API server pins), where the engine's differ: `substring(0, size)` is the whole string (the
engine refuses an end equal to the size), an empty search string is found at any offset
given (returned as it is), an offset at or past the end finds nothing (-1) rather than
failing, and the errors read as Go's (`index out of range: 4`,
`invalid substring range. start: 2, end: 1`). Positions count code points (Go runes).

`overrides.specialize` routes a call here when it resolved to exactly one of `ROUTED`'s
overloads, or to one of the pairs of `ROUTED_EITHER` (a `dyn` receiver that may also be a list:
dispatched on the value).
"""

from __future__ import annotations

from typing import Any

from cel_expr_python import cel

from .library import LibFunction, LibOverload, LibraryError

# unicode.IsSpace: the White_Space property (Go's strings.TrimSpace trims these)
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def go_trim_space(text: str) -> str:
    """Go's strings.TrimSpace (Python's str.strip also trims \\x1c-\\x1f, which Go keeps)."""
    return text.strip(GO_SPACE)


T = cel.Type


def _out_of_range(index: int) -> LibraryError:
    return LibraryError(f"index out of range: {index}")


def char_at(text: str, index: int) -> str:
    if index < 0 or index > len(text):
        raise _out_of_range(index)
    return text[index] if index < len(text) else ""


def _before_search(text: str, sub: str, offset: int) -> int | None:
    """What cel-go answers before searching (None: search): the offset itself for an empty
    search string, an error for a negative offset, -1 for one at or past the end."""
    if sub == "":
        return offset
    if offset < 0:
        raise _out_of_range(offset)
    return -1 if offset >= len(text) else None


def index_of(text: str, sub: str, offset: int = 0) -> int:
    early = _before_search(text, sub, offset)
    return early if early is not None else text.find(sub, offset)


def last_index_of(text: str, sub: str, offset: int | None = None) -> int:
    if offset is None:  # lastIndexOf(sub): from the last position
        if sub == "":
            return len(text)
        offset = len(text) - 1
    early = _before_search(text, sub, offset)
    if early is not None:
        return early
    return text.rfind(sub, 0, min(offset, len(text) - len(sub)) + len(sub))


def substring(text: str, start: int, end: int | None = None) -> str:
    if end is None:
        if start < 0 or start > len(text):
            raise _out_of_range(start)
        return text[start:]
    if start > end:
        raise LibraryError(f"invalid substring range. start: {start}, end: {end}")
    for index in (start, end):
        if index < 0 or index > len(text):
            raise _out_of_range(index)
    return text[start:end]


# engine overload id -> the hidden function that replaces the call
ROUTED = {
    "string_char_at_int": "@k8s.charAt",
    "string_index_of_string": "@k8s.indexOf",
    "string_index_of_string_int": "@k8s.indexOf",
    "string_last_index_of_string": "@k8s.lastIndexOf",
    "string_last_index_of_string_int": "@k8s.lastIndexOf",
    "string_substring_int": "@k8s.substring",
    "string_substring_int_int": "@k8s.substring",
}


def _either(on_string: Any, on_list: Any) -> Any:
    """A call on a `dyn` receiver that may be a string or a list (the checker kept both
    overloads): cel-go's string function, or the lists library's."""

    def dispatch(receiver: Any, *args: Any) -> Any:
        if isinstance(receiver, str):
            return on_string(receiver, *args)
        if isinstance(receiver, list):
            return on_list(receiver, *args)
        raise LibraryError("no such overload")

    return dispatch


# (string overload, list overload) both possible on a `dyn` receiver -> the hidden function
ROUTED_EITHER = {
    frozenset({"string_index_of_string", "list_indexOf"}): "@k8s.indexOfAny",
    frozenset({"string_last_index_of_string", "list_lastIndexOf"}): "@k8s.lastIndexOfAny",
}


def functions() -> list[LibFunction]:
    from .lists import index_of as list_index_of
    from .lists import last_index_of as list_last_index_of

    s, i, d = T.STRING, T.INT, T.DYN
    either = [
        LibFunction(
            "@k8s.indexOfAny",
            (
                LibOverload(
                    "k8s_index_of_any", (d, d), i, _either(index_of, list_index_of), member=True
                ),
            ),
        ),
        LibFunction(
            "@k8s.lastIndexOfAny",
            (
                LibOverload(
                    "k8s_last_index_of_any",
                    (d, d),
                    i,
                    _either(last_index_of, list_last_index_of),
                    member=True,
                ),
            ),
        ),
    ]
    return [
        *either,
        LibFunction("@k8s.charAt", (LibOverload("k8s_char_at", (s, i), s, char_at, member=True),)),
        LibFunction(
            "@k8s.indexOf",
            (
                LibOverload("k8s_index_of", (s, s), i, index_of, member=True),
                LibOverload("k8s_index_of_offset", (s, s, i), i, index_of, member=True),
            ),
        ),
        LibFunction(
            "@k8s.lastIndexOf",
            (
                LibOverload("k8s_last_index_of", (s, s), i, last_index_of, member=True),
                LibOverload("k8s_last_index_of_offset", (s, s, i), i, last_index_of, member=True),
            ),
        ),
        LibFunction(
            "@k8s.substring",
            (
                LibOverload("k8s_substring", (s, i), s, substring, member=True),
                LibOverload("k8s_substring_range", (s, i, i), s, substring, member=True),
            ),
        ),
    ]
