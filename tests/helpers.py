"""Compile small inline CRDs into a temporary package and import it."""

from __future__ import annotations

import importlib
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

from codegen import yamlio
from codegen.compile import compile_crds
from codegen.write import write_tree

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def crd(
    schema: dict[str, Any],
    *,
    kind: str = "Widget",
    group: str = "example.com",
    plural: str | None = None,
    version: str = "v1",
    status: bool = False,
) -> dict[str, Any]:
    """A minimal valid CRD whose version schema is `{type: object, properties: {spec: schema}}`."""
    plural = plural or kind.lower() + "s"
    version_doc: dict[str, Any] = {
        "name": version,
        "served": True,
        "storage": True,
        "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": schema}}},
    }
    if status:
        version_doc["subresources"] = {"status": {}}
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{group}"},
        "spec": {
            "group": group,
            "scope": "Namespaced",
            "names": {
                "kind": kind,
                "plural": plural,
                "singular": kind.lower(),
                "listKind": f"{kind}List",
            },
            "versions": [version_doc],
        },
    }


def write_crds(folder: Path, *documents: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index, document in enumerate(documents):
        (folder / f"crd{index}.yaml").write_text(
            yamlio.dump(document, sort_keys=False), encoding="utf-8"
        )
    return folder


def generate_package(tmp_path: Path, *documents: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """Generate into tmp_path/<unique package>; return (package name, files)."""
    crd_dir = write_crds(tmp_path / "crd", *documents)
    files = compile_crds([crd_dir], relative_to=tmp_path)
    name = f"gen_{uuid.uuid4().hex[:12]}"
    write_tree(files, tmp_path / name)
    if str(tmp_path) not in sys.path:
        sys.path.insert(0, str(tmp_path))
    return name, files


def import_module(package: str, relative: str) -> ModuleType:
    importlib.invalidate_caches()
    return importlib.import_module(f"{package}.{relative}")
