"""Compile-time checks of literal arguments that the API server's CEL environment performs.

cel-go rejects `matches('(')`, `duration('1d')` or `timestamp('2000-13-01T...')` when the
argument is a literal; the engine here would only fail when the rule runs.
"""

from __future__ import annotations

import re
from typing import Any

from codegen.runtime.formats import go_parse_duration
from codegen.runtime.regex import go_regex_error

from . import checked_ast as ca
from . import go_parse, go_time
from .library import LibraryError
from .string_format import CLAUSE_TYPES, STRING_CLAUSE, ClauseError, walk_template
from .tokens import Token, string_value, tokenize

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
_MIN_SECONDS, _MAX_SECONDS = -62135596800, 253402300799


def literal_errors(source: str) -> list[str]:
    """Error texts (cel-go wording) for invalid literal arguments, in source order."""
    tokens = tokenize(source)
    errors = []
    for i, tok in enumerate(tokens):
        arg = _single_literal_arg(tokens, i)
        if arg is None:
            continue
        member = i > 0 and tokens[i - 1].text == "."
        if member and tok.text == "matches" and _regex_error(arg):
            errors.append(_at(source, arg, "invalid matches argument"))
        elif member and tok.text in ("find", "findAll") and (error := _regex_error(arg)):
            errors.append(f"program instantiation failed: {error}")
        elif not member and tok.text == "duration" and not _valid_duration(arg):
            errors.append(_at(source, arg, "invalid duration argument"))
        elif not member and tok.text == "timestamp" and not _valid_timestamp(arg):
            errors.append(_at(source, arg, "invalid timestamp argument"))
    return errors


def _single_literal_arg(tokens: list[Token], i: int) -> Token | None:
    if tokens[i].kind != "ident" or i + 2 >= len(tokens) or tokens[i + 1].text != "(":
        return None
    arg = tokens[i + 2]
    if arg.text == "-" and i + 3 < len(tokens) and tokens[i + 3].kind == "number":
        arg = Token("number", "-" + tokens[i + 3].text, arg.start)
        after = i + 4
    else:
        after = i + 3
    if arg.kind not in ("string", "number") or after >= len(tokens):
        return None
    return arg if tokens[after].text in (")", ",") else None


def _at(source: str, token: Token, message: str) -> str:
    """cel-go's issue text: the location, then the source line and a caret under the token."""
    line = source.count("\n", 0, token.start) + 1
    column = token.start - (source.rfind("\n", 0, token.start) + 1) + 1
    text = source.split("\n")[line - 1]
    return (
        f"compilation failed: ERROR: <input>:{line}:{column}: {message}\n"
        f" | {text}\n | {'.' * (column - 1)}^"
    )


def _regex_error(token: Token) -> str | None:
    """Go's regexp.Compile error for a string literal pattern (None: it compiles)."""
    value = string_value(token)
    return None if value is None else go_regex_error(value)


def _valid_duration(token: Token) -> bool:
    value = string_value(token) if token.kind == "string" else None
    if value is None:
        return True
    return go_parse_duration(value) is not None  # cel-go's duration() is time.ParseDuration


def _valid_timestamp(token: Token) -> bool:
    if token.kind == "number":
        try:
            return _MIN_SECONDS <= int(token.text, 0) <= _MAX_SECONDS
        except ValueError:
            return True
    value = string_value(token)
    if value is None:
        return True
    parsed = go_parse.parse_rfc3339(value)  # cel-go checks the literal by converting it
    if not isinstance(parsed, str):
        return parsed is not None
    if not _RFC3339.fullmatch(value):  # a form cel-go releases disagree on: as before
        return False
    try:
        go_time.datetime_value(value)
    except ValueError:
        return False
    return True


# Calls whose list arguments may mix types (cel-go's strings library exempts `format`).
_HOMOGENEOUS_EXEMPT = frozenset({"format"})


def homogeneous_literal_errors(ast: ca.CheckedAst, source: str) -> list[str]:
    """cel-go's HomogeneousAggregateLiterals validator, which the API server enables.

    A list literal's elements, and a map literal's keys and values, must all have equivalent
    types (an optional entry counts as its value's type), except inside a call of an exempt
    function. One error per literal and position, in source order, with cel-go's wording.
    """
    found: list[tuple[int, str]] = []
    for expr, parents in ca.walk(ast.root):
        kind = ca.kind(expr)
        if kind not in ("list_expr", "struct_expr") or _exempt(parents):
            continue
        if kind == "list_expr":
            literal = expr.list_expr
            optional = set(literal.optional_indices)
            items = [(e.id, i in optional) for i, e in enumerate(literal.elements)]
            found += _mismatch(ast, items)
        elif not expr.struct_expr.message_name:  # a map literal
            entries = expr.struct_expr.entries
            keys = [(e.map_key.id, False) for e in entries]
            values = [(e.value.id, e.optional_entry) for e in entries]
            found += _mismatch(ast, keys, first_only=False)
            found += _mismatch(ast, values, first_only=False)
    found.sort(key=lambda item: ast.positions.get(item[0], 0))
    return [_located(ast, source, expr_id, text) for expr_id, text in found]


def _exempt(parents: tuple[object, ...]) -> bool:
    return any(
        ca.kind(p) == "call_expr" and p.call_expr.function in _HOMOGENEOUS_EXEMPT  # type: ignore[attr-defined]
        for p in parents
    )


def _mismatch(
    ast: ca.CheckedAst, items: list[tuple[int, bool]], *, first_only: bool = True
) -> list[tuple[int, str]]:
    """(id, message) for elements whose type is not the first element's."""
    expected = None
    out = []
    for expr_id, optional in items:
        found = ast.types.get(expr_id)
        if found is None:
            continue
        if optional:
            found = ca.optional_value_type(found)
        if expected is None:
            expected = found
            continue
        if not ca.equivalent(expected, found):
            text = f"expected type '{ca.type_name(expected)}' but found '{ca.type_name(found)}'"
            out.append((expr_id, text))
            if first_only:
                break
    return out


def _located(ast: ca.CheckedAst, source: str, expr_id: int, message: str) -> str:
    line, column = ast.location(expr_id, source)
    text = source.split("\n")[line - 1] if source else ""
    return f"ERROR: <input>:{line}:{column}: {message}\n | {text}\n | {'.' * (column - 1)}^"


# The types `%s` takes (cel-go's stringFormatChecker.verifyString), by kind.
_STRING_CLAUSE_KINDS = frozenset(
    {"list", "map", "int", "uint", "double", "bool", "string", "google.protobuf.Timestamp",
     "bytes", "google.protobuf.Duration", "type", "null"}
)  # fmt: skip


def format_errors(ast: ca.CheckedAst, source: str) -> list[str]:
    """cel-go's stringFormatValidator, which its strings library enables: a `format` call on a
    literal string with a list literal argument is parsed when the rule compiles, each clause
    checked against the static type of its argument (`dyn` passes), and extra arguments are
    refused. Errors in cel-go's wording, at the argument or the call."""
    found: list[tuple[int, str]] = []
    for expr, _ in ca.walk(ast.root):
        call = expr.call_expr if ca.kind(expr) == "call_expr" else None
        if call is None or call.function != "format" or not call.HasField("target"):
            continue
        overloads = ast.overloads.get(expr.id, ())
        if (overloads and "string_format" not in overloads) or len(call.args) != 1:
            continue
        target, listed = call.target, call.args[0]
        if (
            ca.kind(target) == "const_expr"
            and target.const_expr.WhichOneof("constant_kind") == "string_value"
            and ca.kind(listed) == "list_expr"
        ):
            error = _format_call_error(ast, expr.id, target.const_expr.string_value, listed)
            if error is not None:
                found.append(error)
    found.sort(key=lambda item: ast.positions.get(item[0], 0))
    return [_located(ast, source, expr_id, text) for expr_id, text in found]


def _format_call_error(
    ast: ca.CheckedAst, call_id: int, template: str, listed: Any
) -> tuple[int, str] | None:
    """(where, text) of the validator's error for one literal call, or None."""
    elements = list(listed.list_expr.elements)
    at = [call_id]  # the argument a clause refused, else the call
    requested = [0]

    def clause(index: int, verb: str, _precision: int | None) -> str:
        requested[0] += 1
        element = elements[index]
        if verb == "s":
            bad = _string_clause_refusal(ast, element)
            if bad is not None:
                at[0] = bad.id
                raise ClauseError(f"{STRING_CLAUSE}, was given {_format_type(ast, bad)}")
            return ""
        kind = _format_kind(ast, element)
        if kind is not None and kind not in CLAUSE_TYPES[verb][0]:
            at[0] = element.id
            raise ClauseError(f"{CLAUSE_TYPES[verb][1]}, was given {_format_type(ast, element)}")
        return ""

    try:
        walk_template(template, len(elements), clause)
    except LibraryError as exc:
        return at[0], str(exc)
    if len(elements) > requested[0]:
        text = (
            "too many arguments supplied to string.format "
            f"(expected {requested[0]}, got {len(elements)})"
        )
        return call_id, text
    return None


def _format_kind(ast: ca.CheckedAst, expr: Any) -> str | None:
    """The kind a format clause checks (cel-go's Type.Kind()), None for dyn (always passes)."""
    t = ast.types.get(expr.id)
    if t is None:
        return None
    name = ca.type_name(t)
    if name == "dyn":
        return None
    if name.startswith("wrapper("):
        return name[len("wrapper(") : -1]
    return name.split("(")[0]


def _format_type(ast: ca.CheckedAst, expr: Any) -> str:
    """cel-go's TypeName() of an argument's static type, as the validator prints it."""
    kind = _format_kind(ast, expr) or "dyn"
    return "null_type" if kind == "null" else kind


def _string_clause_refusal(ast: ca.CheckedAst, expr: Any) -> Any | None:
    """The (sub-)expression `%s` refuses (verifyString, into list and map literals), or None."""
    kind = _format_kind(ast, expr)
    if kind is not None and kind not in _STRING_CLAUSE_KINDS:
        return expr
    if ca.kind(expr) == "list_expr":
        parts = list(expr.list_expr.elements)
    elif ca.kind(expr) == "struct_expr" and not expr.struct_expr.message_name:
        parts = [p for e in expr.struct_expr.entries for p in (e.map_key, e.value)]
    else:
        return None
    for part in parts:
        bad = _string_clause_refusal(ast, part)
        if bad is not None:
            return bad
    return None
