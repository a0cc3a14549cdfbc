"""Reading a manifest file as kubectl reads it: YAML documents, or a stream of JSON objects when
the text starts with `{` (apimachinery's util/yaml hasJSONPrefix), whatever the file's name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
    (json.Decoder), each key given twice keeping its last value (noted)."""

    def __init__(self) -> None:
        self.duplicates: list[str] = []
        self.lines: dict[int, int] = {}  # each document's first line
        self.spans: dict[int, tuple[int, int]] = {}  # each document's place in the text
        self.decoder = json.JSONDecoder(
            object_pairs_hook=self._object, parse_constant=self._no_constant
        )

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
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
