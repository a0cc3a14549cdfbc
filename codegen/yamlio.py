"""YAML decoding the way Kubernetes' strict decoder sees documents.

Differences from PyYAML's defaults, each one a trap seen in real CRDs and manifests:
- duplicate mapping keys are an error (the API server's strict decoding rejects them);
- `2024-01-01` stays a string (no `datetime`), as in JSON;
- a bare `=` is the string "=" (PyYAML would try YAML 1.1's `value` tag and fail);
- a document whose aliases expand past a node budget is rejected (alias bombs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

try:  # the C parser is ~10x faster on multi-megabyte CRDs
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

MAX_EXPANDED_NODES = 5_000_000


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
        seen: dict[Any, yaml.Node] = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlError(
                    "mapping key is not a scalar",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                ) from None
            if key in seen:
                first = seen[key]
                raise YamlError(
                    f'duplicate key "{key}" (first defined at line {first.start_mark.line + 1})',
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


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


def _expanded_size(value: Any, budget: int) -> int:
    """Count nodes as JSON would expand them (aliases counted each time), up to `budget`."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        count += 1
        if count > budget:
            return count
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def load_documents(text: str) -> Iterator[Document]:
    """Yield every document of a YAML stream, including empty ones (value None)."""
    loader = _StrictLoader(text)
    try:
        index = 0
        while loader.check_node():
            node = loader.get_node()
            start = node.start_mark.line + 1 if node is not None else 1
            value = loader.construct_document(node) if node is not None else None
            if _expanded_size(value, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES:
                raise YamlError(
                    f"document expands to more than {MAX_EXPANDED_NODES} nodes", start, 1
                )
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
