"""Rewrite calls that must return optionals (the engine cannot receive one from Python).

`format.named(x)`  ->  `optional.ofNonZeroValue(__k8s_format_named(x))`
`f.validate(x)`    ->  `optional.ofNonZeroValue(f.__k8s_format_validate(x))`
The helpers return the zero value (no such format / no error) which ofNonZeroValue maps to
optional.none(), exactly the library's results.
"""

from __future__ import annotations

from .formats_lib import EVAL_NAMED, EVAL_VALIDATE
from .tokens import matching_close, receiver_start, tokenize


def rewrite(source: str) -> str:
    while True:
        edited = _rewrite_first(source)
        if edited is None:
            return source
        source = edited


def _rewrite_first(source: str) -> str | None:
    tokens = tokenize(source)
    for i in range(len(tokens) - 2):
        a, b, c = tokens[i], tokens[i + 1], tokens[i + 2]
        if a.text == "format" and b.text == "." and c.text == "named" and _is_call(tokens, i + 3):
            if i > 0 and tokens[i - 1].text == ".":
                continue
            close = matching_close(tokens, i + 3)
            end = tokens[close].end if close < len(tokens) else len(source)
            call = EVAL_NAMED + source[c.end : end]
            return f"{source[: a.start]}optional.ofNonZeroValue({call}){source[end:]}"
        if a.text == "." and b.text == "validate" and _is_call(tokens, i + 2):
            start = tokens[receiver_start(tokens, i)].start
            close = matching_close(tokens, i + 2)
            end = tokens[close].end if close < len(tokens) else len(source)
            call = f"{source[start : a.start]}.{EVAL_VALIDATE}{source[b.end : end]}"
            return f"{source[:start]}optional.ofNonZeroValue({call}){source[end:]}"
    return None


def _is_call(tokens: list, index: int) -> bool:  # type: ignore[type-arg]
    return index < len(tokens) and tokens[index].text == "("
