"""YAML decoding the way Kubernetes' strict decoder sees documents.

Differences from PyYAML's defaults, each one a trap seen in real CRDs and manifests:
- duplicate mapping keys are an error (the API server's strict decoding rejects them);
- `2024-01-01` stays a string (no `datetime`), as in JSON;
- a bare `=` is the string "=" (PyYAML would try YAML 1.1's `value` tag and fail);
- a document whose aliases expand past a node budget is rejected (alias bombs), and so is one
  nested deeper than MAX_DEPTH (it would exhaust the recursion of every later stage);
- what JSON cannot carry is rejected with its line: NaN and infinities, null or composite
  mapping keys, and the !!binary/!!set/!!omap/!!pairs types; int, float and bool keys become
  strings, as sigs.k8s.io/yaml converts them (so `1:` and `"1":` are duplicates).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

try:  # the C parser is ~10x faster on multi-megabyte CRDs
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

MAX_EXPANDED_NODES = 5_000_000
MAX_DEPTH = 200  # nesting of JSON values; real CRDs stay under 60


class YamlError(Exception):
    """A document that cannot be decoded; carries line and column (1-based) when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(f"{where}{message}")


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise YamlError(
                f"expected a mapping, found {node.id}",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        seen: dict[str, yaml.Node] = {}
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _json_key(self.construct_object(key_node, deep=True), key_node)
            if key in seen:
                first = seen[key]
                raise YamlError(
                    f'duplicate key "{key}" (first defined at line {first.start_mark.line + 1})',
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            seen[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _json_key(key: Any, node: yaml.Node) -> str:
    """A mapping key as JSON sees it: strings stay, numbers and booleans become strings."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float) and math.isfinite(key):
        return str(int(key)) if key.is_integer() and abs(key) < 1e21 else repr(key)
    raise YamlError(
        f"mapping key {key!r} is not a string, number or boolean",
        node.start_mark.line + 1,
        node.start_mark.column + 1,
    )


def _finite_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value = loader.construct_yaml_float(node)
    if not math.isfinite(value):
        raise YamlError(
            f"{node.value!r} is not a JSON number (NaN and infinities cannot be represented)",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
    return value


def _unsupported(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise YamlError(
        f"the YAML type {node.tag.replace('tag:yaml.org,2002:', '!!')} has no JSON form",
        node.start_mark.line + 1,
        node.start_mark.column + 1,
    )


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _finite_float)
for _tag in ("binary", "set", "omap", "pairs"):
    _StrictLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _unsupported)


def _drop_resolver(loader: type[yaml.SafeLoader], tag: str) -> None:
    resolvers = {
        first: [(t, regexp) for t, regexp in entries if t != tag]
        for first, entries in loader.yaml_implicit_resolvers.items()
    }
    loader.yaml_implicit_resolvers = resolvers


_drop_resolver(_StrictLoader, "tag:yaml.org,2002:timestamp")
_drop_resolver(_StrictLoader, "tag:yaml.org,2002:value")


@dataclass(frozen=True)
class Document:
    index: int
    line: int
    value: Any


def _expanded_size(value: Any) -> tuple[int, int]:
    """(nodes, depth) of `value` as JSON would expand it, aliases counted at each use.

    Aliased objects are measured once (memoized by identity), so an alias bomb is measured in
    time proportional to its text, not to its expansion. Raises YamlError on a recursive alias.
    """
    measured: dict[int, tuple[int, int]] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        item, finished = stack.pop()
        if not isinstance(item, (dict, list)):
            continue
        key = id(item)
        children = list(item.values()) if isinstance(item, dict) else item
        if finished:
            size, depth = 1, 1
            for child in children:
                child_size, child_depth = measured.get(id(child), (1, 1))
                size, depth = size + child_size, max(depth, child_depth + 1)
            measured[key] = (size, depth)
            in_progress.discard(key)
            continue
        if key in measured:
            continue
        in_progress.add(key)
        stack.append((item, True))
        for child in children:
            if id(child) in in_progress:
                raise YamlError("an alias refers to a node that contains it (infinite document)")
            if isinstance(child, (dict, list)) and id(child) not in measured:
                stack.append((child, False))
    return measured.get(id(value), (1, 1))


def load_documents(text: str) -> Iterator[Document]:
    """Yield every document of a YAML stream, including empty ones (value None)."""
    loader = _StrictLoader(text)
    try:
        index = 0
        while loader.check_node():
            node = loader.get_node()
            start = node.start_mark.line + 1 if node is not None else 1
            value = loader.construct_document(node) if node is not None else None
            try:
                size, depth = _expanded_size(value)
            except YamlError as exc:
                raise YamlError(exc.message, start, 1) from None
            if size > MAX_EXPANDED_NODES:
                raise YamlError(
                    f"document expands to more than {MAX_EXPANDED_NODES} nodes", start, 1
                )
            if depth > MAX_DEPTH:
                raise YamlError(f"document is nested deeper than {MAX_DEPTH} levels", start, 1)
            yield Document(index=index, line=start, value=value)
            index += 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
        if mark is None:
            raise YamlError(message) from None
        raise YamlError(message, mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc)) from None
    finally:
        loader.dispose()
