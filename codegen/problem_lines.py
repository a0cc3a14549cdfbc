"""The line of each CRD problem: its path looked up in the document's YAML nodes.

Problems are found on decoded values, which carry no positions; only when a file has problems
is its text composed again (PyYAML's nodes keep their marks) to point each one at the line of
the deepest part of its path that the document has. Paths are the server's: a schema, the
subresources or the printer columns that every version shares are named at the spec
(`spec.validation.openAPIV3Schema...`), so they are looked up in the first version.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import yaml

from codegen.crd_version_checks import HOISTED
from codegen.manifest_read import JsonStream, is_json_stream
from codegen.yamlio import YamlError, kubectl_pieces

if TYPE_CHECKING:
    from codegen.load import Problem

_STEP = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")
_AT_SPEC = {spec_name: version_name for version_name, spec_name in HOISTED.items()}

Step = str | int


def steps(path: str) -> list[Step]:
    """`spec.versions[0].schema.openAPIV3Schema.properties[a.b]` -> its keys and indices."""
    out: list[Step] = []
    for match in _STEP.finditer(path):
        name, bracket = match.groups()
        if name is not None:
            out.append(name)
        else:
            out.append(int(bracket) if bracket.isdigit() else bracket)
    return out


def _get(node: yaml.Node, step: Step) -> tuple[yaml.Node, int] | None:
    """The child `step` of `node` and the line (0-based) that names it, if there is one. A key
    the server's path spells by its Go name (`JSONPath` for `jsonPath`) is found too."""
    if isinstance(node, yaml.MappingNode):
        wanted = str(step)
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == wanted:
                return value, key.start_mark.line
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value.lower() == wanted.lower():
                return value, key.start_mark.line
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        child = node.value[step]
        return child, child.start_mark.line
    return None


def _versions_with(spec: yaml.Node, key: str) -> int:
    """The first version that has `key` (where a field shared by every version is written)."""
    found = _get(spec, "versions")
    if found is not None and isinstance(found[0], yaml.SequenceNode):
        for index, version in enumerate(found[0].value):
            if _get(version, key) is not None:
                return index
    return 0


def line_of(root: yaml.Node, path: str) -> int | None:
    """The 0-based line of the deepest part of `path` that the document has (None: the root)."""
    parts = steps(path)
    if len(parts) >= 2 and parts[0] == "spec" and parts[1] in _AT_SPEC:
        spec = _get(root, "spec")
        key = _AT_SPEC[str(parts[1])]
        index = _versions_with(spec[0], key) if spec is not None else 0
        parts = ["spec", "versions", index, key, *parts[2:]]
    node, line = root, None
    for part in parts:
        found = _get(node, part)
        if found is None:
            break
        node, line = found
    return line


def _roots(text: str) -> dict[int, yaml.Node]:
    """Each document's root node, by the (1-based) line its value starts on in `text`."""
    roots: dict[int, yaml.Node] = {}
    if is_json_stream(text):  # each object composed on its own (JSON is YAML's flow style)
        stream = JsonStream()
        stream.documents(text)
        for start, end in stream.spans.values():
            with contextlib.suppress(yaml.YAMLError):
                root = yaml.compose(text[start:end], Loader=yaml.CSafeLoader)
                if root is not None:
                    roots[root.start_mark.line + 1 + text.count("\n", 0, start)] = root
        return roots
    try:
        for before, piece in kubectl_pieces(text):
            try:  # kubectl reads the first document of each piece
                root = next(yaml.compose_all(piece, Loader=yaml.CSafeLoader), None)
            except yaml.YAMLError:  # a piece that does not compose: its problems keep their line
                continue
            if root is not None:
                roots[root.start_mark.line + 1 + before] = root
    except YamlError:
        pass
    return roots


class ProblemLines:
    """Places the problems of one file's text on their lines; the text is composed on first
    use (only a file with problems is)."""

    def __init__(self, text: str, source: str) -> None:
        self._text = text
        self._source = source
        self._roots: dict[int, yaml.Node] | None = None

    def place(self, problems: Sequence[Problem], item: int | None = None) -> list[Problem]:
        """`problems`, those of this file placed on the line their path names. `item`: the
        problems are of that item of a list document (`kind: List`), not of the document."""
        if not any(p.file == self._source and p.path for p in problems):
            return list(problems)
        if self._roots is None:
            self._roots = _roots(self._text)
        placed: list[Problem] = []
        for problem in problems:
            start = problem.line
            root = self._roots.get(start) if start is not None else None
            if problem.file != self._source or not problem.path or root is None or start is None:
                placed.append(problem)
                continue
            offset = start - (root.start_mark.line + 1)  # the lines before the document's piece
            if item is not None:
                items = _get(root, "items")
                found = _get(items[0], item) if items is not None else None
                if found is None:
                    placed.append(problem)
                    continue
                root = found[0]
            line = line_of(root, problem.path)
            placed.append(problem if line is None else replace(problem, line=line + 1 + offset))
        return placed
