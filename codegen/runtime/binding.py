"""Bind generated classes to their CRD schema, read from the sidecar the compiler writes.

Each generated models module `x.py` has a sidecar `x.schema.json` holding the version's
openAPIV3Schema, the kind's identity, and for each class the JSON pointer of its node. The
sidecar is read once, the first time a class of that module validates something.
"""

from __future__ import annotations

import json
import sys
import threading
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from codegen.runtime.pointer import segments
from codegen.runtime.wire import NameNode, build_name_tree

SIDECAR_SUFFIX = ".schema.json"


@dataclass(frozen=True)
class Sidecar:
    kind: str
    group: str
    version: str
    status_subresource: bool
    deprecated: bool
    deprecation_warning: str | None
    schema: dict[str, Any]
    classes: dict[str, str | None]
    names: dict[str, dict[str, str]]
    scope: str = "Namespaced"
    scale: dict[str, Any] | None = None  # the version's `subresources.scale`

    @property
    def cluster_scoped(self) -> bool:
        return self.scope == "Cluster"

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}"

    @classmethod
    def read(cls, path: Path) -> Sidecar:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            kind=data["kind"],
            group=data["group"],
            version=data["version"],
            status_subresource=data["statusSubresource"],
            deprecated=data["deprecated"],
            deprecation_warning=data.get("deprecationWarning"),
            schema=data["schema"],
            classes=data["classes"],
            names=data["names"],
            scope=data.get("scope", "Namespaced"),
            scale=data.get("scale"),
        )

    @cached_property
    def name_tree(self) -> NameNode | None:
        return build_name_tree(self.schema, self.names)


def name_subtree(root: NameNode | None, pointer: str) -> NameNode | None:
    node = root
    parts = segments(pointer)
    index = 0
    while node is not None and index < len(parts):
        part = parts[index]
        if part == "properties" and index + 1 < len(parts):
            node = node.properties.get(parts[index + 1])
            index += 2
        elif part == "items":
            node = node.items
            index += 1
        elif part == "additionalProperties":
            node = node.values
            index += 1
        else:
            return None
    return node


def pointer_to_path(pointer: str) -> str:
    """`/properties/spec/properties/model` -> `spec.model` (the server's field path form)."""
    parts = segments(pointer)
    out = ""
    index = 0
    while index < len(parts):
        part = parts[index]
        if part == "properties" and index + 1 < len(parts):
            key = parts[index + 1]
            out = f"{out}.{key}" if out else key
            index += 2
        elif part == "items" or part == "additionalProperties":
            out += "[*]"
            index += 1
        else:
            index += 1
    return out


_cache: dict[str, Sidecar] = {}
_lock = threading.Lock()


def sidecar_for_module(module_name: str) -> Sidecar:
    """The sidecar of a generated models module (read once per process and file: a module of
    the same name generated again elsewhere, as the corpus runner does, has its own)."""
    file = getattr(sys.modules[module_name], "__file__", None)
    if file is None:
        raise LookupError(f"{module_name} has no file; cannot find its schema sidecar")
    with _lock:
        found = _cache.get(file)
        if found is None:
            found = _cache[file] = Sidecar.read(Path(file).with_suffix(SIDECAR_SUFFIX))
        return found


def warn_if_deprecated(sidecar: Sidecar, stacklevel: int = 3) -> None:
    """Emit the CRD's deprecation warning (Python's filters decide how often it shows)."""
    if not sidecar.deprecated:
        return
    message = sidecar.deprecation_warning or f"{sidecar.api_version} {sidecar.kind} is deprecated"
    warnings.warn(message, DeprecationWarning, stacklevel=stacklevel)
