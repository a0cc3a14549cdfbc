"""The whole pipeline as one function: CRD files -> formatted {relative path: text}."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from codegen.layout import package_files
from codegen.load import load_crds
from codegen.parse import build_package
from codegen.write import format_sources


def compile_crds(paths: Iterable[Path], *, relative_to: Path | None = None) -> dict[str, str]:
    """Raises `LoadError` (every problem at once) before anything is generated."""
    crds = load_crds(paths, relative_to=relative_to)
    package = build_package(crds)
    return format_sources(package_files(package))
