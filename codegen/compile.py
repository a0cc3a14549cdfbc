"""The whole pipeline as one function: CRD files -> formatted {relative path: text}."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from codegen import incremental
from codegen.cel_check import rule_problems
from codegen.ir import Package
from codegen.layout import kind_files, kind_id, kind_modules, package_files, shared_files
from codegen.load import CrdDocument, LoadError, crd_files, load_crds, source_name
from codegen.parse import build_package
from codegen.write import format_sources


def load_checked(paths: Iterable[Path], *, relative_to: Path | None = None) -> list[CrdDocument]:
    """Load the CRDs and compile their CEL rules; raise one LoadError with every problem."""
    crds = load_crds(paths, relative_to=relative_to)
    problems = rule_problems(crds)
    if problems:
        raise LoadError(problems)
    return crds


def compile_crds(paths: Iterable[Path], *, relative_to: Path | None = None) -> dict[str, str]:
    """Raises `LoadError` (every problem at once) before anything is generated."""
    crds = load_checked(paths, relative_to=relative_to)
    package = build_package(crds)
    return format_sources(package_files(package))


def _kind_key(package: Package) -> dict[str, str]:
    keys: dict[str, str] = {}
    for group in package.groups:
        for version in group.versions:
            for kind in version.kinds:
                identity = (incremental.GENERATOR_VERSION, kind, kind_modules(version, kind))
                keys[kind_id(group, version, kind)] = incremental.digest(repr(identity))
    return keys


def compile_tree(
    paths: Iterable[Path],
    *,
    relative_to: Path | None = None,
    previous: incremental.Manifest | None = None,
    previous_tree: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """`compile_crds` plus the manifest; kinds whose key is in `previous` are taken from
    `previous_tree` (the files on disk) instead of being generated again."""
    paths = list(paths)
    crds = load_checked(paths, relative_to=relative_to)
    package = build_package(crds)
    keys = _kind_key(package)
    tree = previous_tree or {}
    pending = shared_files(package)
    files: dict[str, str] = {}
    kinds: dict[str, incremental.KindEntry] = {}
    for group in package.groups:
        for version in group.versions:
            for kind in version.kinds:
                name = kind_id(group, version, kind)
                reused = previous.reusable(name, keys[name], tree) if previous is not None else None
                own = reused if reused is not None else kind_files(group, version, kind)
                kinds[name] = incremental.KindEntry(keys[name], tuple(sorted(own)))
                if reused is not None:
                    files.update(reused)
                else:
                    pending.update(own)
    files.update(format_sources(pending))
    files = dict(sorted(files.items()))
    manifest = incremental.Manifest(
        generator=incremental.GENERATOR_VERSION,
        sources=incremental.source_hashes(
            (source_name(f, relative_to), f) for f in crd_files(paths)
        ),
        kinds=kinds,
        files={path: incremental.digest(text) for path, text in files.items()},
    )
    files[incremental.MANIFEST] = manifest.render()
    return files
