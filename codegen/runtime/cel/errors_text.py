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
    # cel-go's checked conversions (common/types/overflow.go): errIntOverflow, errUintOverflow
    (re.compile(r"^(?:double|int64) out of uint64 range$"), "unsigned integer overflow"),
    (re.compile(r"^(?:double|uint64) out of int64 range$"), "integer overflow"),
    # cel-go's Bytes.ConvertToType(StringType)
    (re.compile(r"^malformed UTF-8 bytes$"), "invalid UTF-8 in bytes, cannot convert to string"),
)


def engine_error(text: str) -> str:
    text = _TRAILER.sub("", _STATUS.sub("", text.strip()))
    for pattern, replacement in _REPHRASE:
        if pattern.search(text):
            return pattern.sub(replacement, text)
    return text


_APPLIED_TO = re.compile(r"(found no matching overload for '([^']+)' applied to )'\((.*)\)'")
_CHECKER_REPHRASE = (
    # cel-go words these type-checker errors differently
    (re.compile(r"cannot be the range of a comprehension"), "cannot be range of a comprehension"),
    (
        re.compile(r"expression of type '(.+?)' cannot be the operand of a select operation"),
        r"type '\1' does not support field selection",
    ),
    # cel-go's checker names the field only (checker/errors.go undefinedField)
    (re.compile(r"undefined field '([^']*)' not found in struct '[^']*'"), r"undefined field '\1'"),
    # `self.true`: cel-go's grammar expects an identifier after '.', not a literal keyword
    (
        re.compile(r"no viable alternative at input '\.(true|false|null|in)'"),
        r"mismatched input '\1' expecting IDENTIFIER",
    ),
)


def checker_error(text: str) -> str:
    """A parse/check error of the engine (one or more `ERROR:` blocks) in cel-go's words."""
    text = engine_error(text)
    for pattern, replacement in _CHECKER_REPHRASE:
        text = pattern.sub(replacement, text)
    blocks = re.split(r"(?m)^(?=ERROR: )", text)
    return "".join(_overload_types(block) for block in blocks)


def _overload_types(block: str) -> str:
    """cel-go writes `null` for the null type and `target.(args)` for a member call."""
    match = _APPLIED_TO.search(block)
    if match is None:
        return block
    args = _split_types(match.group(3).replace("null_type", "null"))
    if args and _is_member_call(block, match.group(2)):
        shown = f"{args[0]}.({', '.join(args[1:])})"
    else:
        shown = f"({', '.join(args)})"
    return f"{block[: match.start()]}{match.group(1)}'{shown}'{block[match.end() :]}"


def _split_types(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    tail = text[start:].strip()
    return [*parts, tail] if tail or parts else []


_LOCATION = re.compile(r"^ERROR: <input>:\d+:(\d+): ")


def _is_member_call(block: str, function: str) -> bool:
    """Whether the call the error points at is written `target.function(...)`.

    The engine points at the call's '('; the block's second line is the source line.
    """
    location = _LOCATION.match(block)
    lines = block.split("\n")
    if location is None or len(lines) < 2 or not lines[1].startswith(" | "):
        return False
    line = lines[1][3:]
    column = int(location.group(1)) - 1
    before = line[:column].rstrip()
    if "." in function or not before.endswith(function):
        return False  # a namespaced global function (optional.of) is named with its dots
    return before[: -len(function)].rstrip().endswith(".")
