"""The import block of a generated models module, in the order `ruff check --select I,F401`
puts it, without starting ruff.

datamodel-code-generator writes a handful of `from X import a, b` lines in the order it met
them. Sorting them was a `ruff check --fix` process per models module, before `ruff format`
could start on it; for the largest CRDs that was most of the formatting left after the
rendering. The blocks it writes are few and plain, so this module sorts them itself and
gives up (None: the caller runs ruff's check) on anything it does not fully understand.
Section order, module order and member order are those of ruff's isort with its default
settings and `combine-as-imports`; a test holds the result to ruff's on every corpus CRD.
"""

from __future__ import annotations

import re
import sys

_FROM_IMPORT = re.compile(r"from ([a-z_][a-z_0-9.]*) import ([A-Za-z_][A-Za-z_0-9, ]*)")
_MEMBER = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_DIGITS = re.compile(r"[0-9]+")
_FUTURE, _STDLIB, _THIRD_PARTY = 0, 1, 2


def sorted_imports(source: str) -> str | None:
    """`source` with its leading import block sorted and the blank lines after it as isort
    leaves them; None when the block holds anything but `from` imports of lowercase modules,
    or a name the module does not use (F401 would drop it: ruff decides how). Only the head of
    the text is split into lines: a models module can be half a megabyte."""
    head: list[str] = []
    position = 0
    in_block = False
    sections: dict[int, dict[str, list[str]]] = {}
    while True:
        newline = source.find("\n", position)
        if newline < 0:
            return None  # nothing after the imports
        line = source[position:newline]
        if line.startswith("from "):
            in_block = True
            parsed = _parse(line)
            if parsed is None:
                return None
            module, members = parsed
            section = sections.setdefault(_section(module), {})
            if module in section:
                return None  # two lines of one module: ruff merges them
            section[module] = members
        elif line and not (line.startswith("#") and not in_block):
            break
        elif not in_block:
            head.append(line)  # the header: comments and blank lines before the imports
        position = newline + 1
    if not sections:
        return None
    body = source[position:]
    if "\nfrom " in body or "\nimport " in body:
        return None  # more imports further down: ruff sorts those blocks too
    block: list[str] = []
    for _, modules in sorted(sections.items()):
        if block:
            block.append("")
        for module in sorted(modules, key=_module_key):
            members = modules[module]
            if module != "__future__" and not all(_used(name, body) for name in members):
                return None
            block.append(f"from {module} import {', '.join(sorted(members, key=_member_key))}")
    # isort's lines-after-imports: two blank lines before a class or function, else one
    after = 2 if body.startswith(("class ", "def ", "async def ", "@")) else 1
    return "\n".join([*head, *block, *[""] * after, body])


def _used(name: str, body: str) -> bool:
    """Whether `name` occurs in `body` as a whole word (str.find: much faster than a regex over
    half a megabyte)."""
    at = body.find(name)
    while at >= 0:
        end = at + len(name)
        before = body[at - 1] if at else " "
        after = body[end] if end < len(body) else " "
        if not (_is_word(before) or _is_word(after)):
            return True
        at = body.find(name, at + 1)
    return False


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _parse(line: str) -> tuple[str, list[str]] | None:
    match = _FROM_IMPORT.fullmatch(line)
    if match is None:
        return None
    members = [member.strip() for member in match.group(2).split(",")]
    if not all(_MEMBER.fullmatch(member) for member in members):
        return None  # an empty name (trailing comma) or anything unusual
    return match.group(1), members


def _section(module: str) -> int:
    if module == "__future__":
        return _FUTURE
    if module.split(".")[0] in sys.stdlib_module_names:
        return _STDLIB
    # Nothing the models import is first-party to the generated package: ruff runs in a
    # scratch folder that holds only the generated tree.
    return _THIRD_PARTY


def _natural(text: str) -> str:
    """Case-insensitive natural order (`v2` before `v10`), as ruff's natord compares names."""
    return _DIGITS.sub(lambda digits: digits.group().rjust(20, "0"), text.lower())


def _module_key(module: str) -> tuple[str, str]:
    return _natural(module), module


def _member_key(member: str) -> tuple[int, str, str]:
    """ruff's order-by-type: CONSTANTS, then Classes, then the rest; then natural order."""
    if len(member) > 1 and member.isupper():
        kind = 0
    elif member[:1].isupper():
        kind = 1
    else:
        kind = 2
    return kind, _natural(member), member
