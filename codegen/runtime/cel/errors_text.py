"""Engine error texts rephrased the way the API server (cel-go) words them."""

from __future__ import annotations

import re

_STATUS = re.compile(r"^[A-Z_]+: ")
_TRAILER = re.compile(r"\s*\[[A-Z_]+\]$")
_REPHRASE = (
    (re.compile(r'Key not found in map : "?(.*?)"?$'), r"no such key: \1"),
    (re.compile(r"No such key: (.*)"), r"no such key: \1"),
    (re.compile(r"Index error: index=(-?\d+) size=\d+"), r"index out of bounds: \1"),
    (re.compile(r"(?i)divide by zero|division by zero"), "division by zero"),
    (re.compile(r"(?i)modulus by zero|modulo by zero"), "modulus by zero"),
    (re.compile(r"No matching overloads? found.*"), "no such overload"),
)


def engine_error(text: str) -> str:
    text = _TRAILER.sub("", _STATUS.sub("", text.strip()))
    for pattern, replacement in _REPHRASE:
        if pattern.search(text):
            return pattern.sub(replacement, text)
    return text
