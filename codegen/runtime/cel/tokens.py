"""A small CEL lexer: enough to find calls and literal arguments in rule source text.

Used for what the engine does not offer: the API server's compile-time checks of literal
arguments, rewriting calls whose result must be optional, and a pre-evaluation cost estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|//[^\n]*)
  | (?P<string>[rRbB]{0,2}(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))
  | (?P<number>0[xX][0-9a-fA-F]+[uU]?|\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?[uU]?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>&&|\|\||==|!=|<=|>=|\.\?|\[\?|[-+*/%!<>?:.,()\[\]{}=])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


@dataclass(frozen=True)
class Token:
    kind: str  # string | number | ident | punct | other
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def tokenize(source: str) -> list[Token]:
    return [
        Token(m.lastgroup or "other", m.group(0), m.start())
        for m in _TOKEN.finditer(source)
        if m.lastgroup != "space"
    ]


def string_value(token: Token) -> str | None:
    """The value of a string literal token, or None if it is not a (text) string literal."""
    text = token.text
    prefix = re.match(r"[rRbB]*", text).group(0)  # type: ignore[union-attr]
    if "b" in prefix.lower():
        return None
    body = text[len(prefix) :]
    quote = body[:3] if body[:3] in ("'''", '"""') else body[0]
    body = body[len(quote) : -len(quote)]
    if "r" in prefix.lower():
        return body
    return re.sub(
        r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)",
        _unescape,
        body,
        flags=re.DOTALL,
    )


def _unescape(match: re.Match[str]) -> str:
    seq = match.group(1)
    if seq[0] in "xuU":
        return chr(int(seq[1:], 16))
    if seq[0].isdigit():
        return chr(int(seq, 8))
    return _ESCAPES.get(seq, seq)


def matching_close(tokens: list[Token], open_index: int) -> int:
    """Index of the bracket closing tokens[open_index] (or len(tokens) when unbalanced)."""
    depth = 0
    for i in range(open_index, len(tokens)):
        text = tokens[i].text
        if text in ("(", "[", "{", "[?"):
            depth += 1
        elif text in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return i
    return len(tokens)


def receiver_start(tokens: list[Token], dot_index: int) -> int:
    """Index of the first token of the postfix expression ending just before tokens[dot_index]."""
    i = dot_index - 1
    while i >= 0:
        text = tokens[i].text
        if text in (")", "]", "}"):
            depth = 0
            while i >= 0:
                t = tokens[i].text
                depth += t in (")", "]", "}")
                depth -= t in ("(", "[", "{", "[?")
                if depth == 0:
                    break
                i -= 1
            if i > 0 and tokens[i].text == "(" and tokens[i - 1].kind == "ident":
                i -= 1  # a call: include the function name
        if i > 0 and tokens[i - 1].text in (".", ".?"):
            i -= 2
            continue
        return max(i, 0)
    return 0
