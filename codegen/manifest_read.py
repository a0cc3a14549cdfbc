"""Reading a manifest file as kubectl reads it: YAML documents, or a stream of JSON objects when
the text starts with `{` (apimachinery's util/yaml hasJSONPrefix), whatever the file's name."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from codegen.runtime.scalars import INT64_MAX, INT64_MIN, sent_number
from codegen.yamlio import MAX_DEPTH, YamlError, load_documents, manifest_text


def is_json_stream(text: str) -> bool:
    """Whether kubectl reads `text` as JSON: spaces, then a brace."""
    return text.lstrip().startswith("{")


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        stack.extend((child, depth + 1) for child in children)
    return deepest


class JsonStream:
    """JSON values as kubectl reads a manifest that starts with `{`: a stream of objects
    (json.Decoder), each key given twice keeping its last value (noted). As kubectl decodes
    and sends them: a number past float64 is refused, a whole float is the number Go's
    encoder then writes (`1.0` is `1`), and a lone UTF-16 surrogate escape is U+FFFD."""

    def __init__(self) -> None:
        self.duplicates: list[str] = []
        self.lines: dict[int, int] = {}  # each document's first line
        self.spans: dict[int, tuple[int, int]] = {}  # each document's place in the text
        self.decoder = json.JSONDecoder(
            object_pairs_hook=self._object,
            parse_constant=self._no_constant,
            parse_float=_float,
            parse_int=_int,
        )
        self.surrogates = False  # whether the text escapes a surrogate: strings to mend

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if self.surrogates:
            pairs = [(_mended(key), _mended(value)) for key, value in pairs]
        for key, value in pairs:
            if key in result:
                self.duplicates.append(
                    f'duplicate key "{key}": its last value is used, as kubectl reads the file'
                )
            result[key] = value
        return result

    @staticmethod
    def _no_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    def documents(self, text: str) -> Read:
        self.surrogates = _SURROGATE_ESCAPE.search(text) is not None
        values: list[tuple[int, Any]] = []
        notes: dict[int, list[str]] = {}
        position = 0
        while True:
            while position < len(text) and text[position] in " \t\r\n":
                position += 1
            if position == len(text):
                return values, None, notes
            index = len(values)
            self.lines[index] = text.count("\n", 0, position) + 1
            start = position
            try:
                value, position = self.decoder.raw_decode(text, position)
            except json.JSONDecodeError as exc:
                where = f"line {exc.lineno}, column {exc.colno}"
                return values, f"invalid JSON: {where}: {exc.msg}", notes
            except ValueError as exc:
                return values, f"invalid JSON: {exc}", notes
            except RecursionError:
                return values, f"invalid JSON: nested deeper than {MAX_DEPTH} levels", notes
            if _depth(value) > MAX_DEPTH:
                return values, f"invalid JSON: nested deeper than {MAX_DEPTH} levels", notes
            values.append((index, value))
            self.spans[index] = (start, position)
            if self.duplicates:
                notes[index], self.duplicates = self.duplicates, []


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _mended(value: Any) -> Any:
    """A string (or a list's strings: objects mend their own) with each lone surrogate, which
    Go's decoder takes as an invalid escape, as U+FFFD (pairs are one character already)."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_mended(item) for item in value]
    return value


def _go_float64(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"json: cannot unmarshal number {text} into Go value of type float64")
    return value


def _float(text: str) -> int | float:
    return sent_number(_go_float64(text))


def _int(text: str) -> int:
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        _go_float64(text)  # past int64 the server reads a float64: one past float64 fails
    return value


# A file's documents (index, value), the problem that stopped reading it, and each document's
# notes (what kubectl takes silently but is most likely a mistake).
Read = tuple[list[tuple[int, Any]], str | None, dict[int, list[str]]]


def read_documents(path: Path) -> Read:
    """The documents of one input file as kubectl reads it (`manifest_text`; JSON when the text
    starts with `{`, whatever the file's name, else YAML), and the problem that stopped reading
    it, if any. Documents before a syntax error are kept, so they still get their verdicts."""
    try:
        text = manifest_text(path.read_bytes())
    except OSError as exc:
        return [], f"cannot read: {exc}", {}
    return text_documents(text)


def text_documents(text: str) -> Read:
    """`read_documents` of a file's decoded text."""
    if is_json_stream(text):
        return JsonStream().documents(text)
    values: list[tuple[int, Any]] = []
    notes: dict[int, list[str]] = {}
    try:
        for document in load_documents(text):
            values.append((document.index, document.value))
            if document.notes:
                notes[document.index] = list(document.notes)
    except YamlError as exc:
        return values, f"invalid YAML: {exc}", notes
    return values, None, notes
