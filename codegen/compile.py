"""The whole pipeline as one function: CRD files -> formatted {relative path: text}."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from codegen import incremental
from codegen.cel_check import rule_problems, version_rule_problems
from codegen.emit_models import models_job, models_source
from codegen.import_block import sorted_imports
from codegen.ir import Group, Kind, Package, Version
from codegen.layout import (
    ModelsRenderer,
    kind_id,
    kind_modules,
    kind_other_files,
    models_file,
    shared_files,
    sidecar_file,
)
from codegen.load import CrdDocument, LoadError, Problem, crd_warnings, load_crds
from codegen.models_worker import ModelsWorker
from codegen.parse import build_package
from codegen.write import FormatStream, Formatting
from codegen.yamlio import gc_paused


def load_checked(
    paths: Iterable[Path],
    *,
    relative_to: Path | None = None,
    nonstructural: list[Problem] | None = None,
) -> list[CrdDocument]:
    """Load the CRDs and compile their CEL rules; raise one LoadError with every problem.
    `nonstructural`: None is strict; a list is --allow-nonstructural (see `load.parse_crd`)."""
    crds = load_every_problem(paths, relative_to=relative_to, nonstructural=nonstructural)
    check_rules(crds)
    return crds


def load_every_problem(
    paths: Iterable[Path],
    *,
    relative_to: Path | None = None,
    nonstructural: list[Problem] | None = None,
    checked: Mapping[str, str] | None = None,
    read: dict[str, str] | None = None,
) -> list[CrdDocument]:
    """`load_crds`; when it refuses, the CEL rules of the versions it could check are compiled
    too, and their problems join the refusal (each file's problems together, in order)."""
    try:
        return load_crds(
            paths, relative_to=relative_to, nonstructural=nonstructural, checked=checked, read=read
        )
    except LoadError as exc:
        extra = version_rule_problems(exc.checkable)
        if not extra:
            raise
        problems = [*exc.problems, *extra]
        order = {file: index for index, file in enumerate(dict.fromkeys(p.file for p in problems))}
        raise LoadError(sorted(problems, key=lambda p: order[p.file])) from None


def check_rules(crds: list[CrdDocument]) -> None:
    """Raise one LoadError with every CEL rule that does not compile (of the CRDs not checked
    by an earlier run: `CrdDocument.trusted`)."""
    problems = rule_problems([crd for crd in crds if not crd.trusted])
    if problems:
        raise LoadError(problems)


def compile_crds(
    paths: Iterable[Path],
    *,
    relative_to: Path | None = None,
    nonstructural: list[Problem] | None = None,
) -> dict[str, str]:
    """Raises `LoadError` (every problem at once) before anything is generated."""
    with gc_paused():  # big trees, no garbage cycles: collections would only cost time
        crds = load_checked(paths, relative_to=relative_to, nonstructural=nonstructural)
        return render_package(build_package(crds))


def render_package(
    package: Package, render_models: ModelsRenderer = models_source
) -> dict[str, str]:
    """Every file of the package, formatted: `format_sources(package_files(package))`, with
    ruff formatting everything but the models modules while the models are being rendered,
    and the sidecars (no ruff) rendered while it formats the last models module."""
    kinds = [(g, v, k) for g in package.groups for v in g.versions for k in v.kinds]
    targets = [models_file(g, v, k) for g, v, k in kinds]
    others = shared_files(package)
    for group, version, kind in kinds:
        others.update(kind_other_files(group, version, kind, with_sidecar=False))

    def models() -> Iterator[tuple[str, str]]:
        for (_, _, kind), (path, head) in zip(kinds, targets, strict=True):
            yield path, render_models(kind, head)

    def sidecars() -> dict[str, str]:
        return {p: text for g, v, k in kinds for p, text in sidecar_file(g, v, k).items()}

    models_paths = [path for path, _ in targets]
    return dict(sorted(_formatted(others, models_paths, models(), sidecars).items()))


def _formatted(
    others: dict[str, str],
    models_paths: list[str],
    models: Iterable[tuple[str, str]],
    unformatted: Callable[[], dict[str, str]] = dict,
) -> dict[str, str]:
    """`others` and the models modules (`models` gives each path and text as it is rendered),
    all formatted, and the files `unformatted` renders (not Python: ruff leaves them alone).
    ruff formats `others` while the models are rendered, and each models module through its
    own pipe as soon as it is rendered; while it formats the last one, `others` are read back
    and `unformatted` runs."""
    output = [*others, *models_paths]
    # The pipes first: their processes start faster before ruff is busy with `others`.
    stream = FormatStream(models_paths, tree=output, sort_imports=sorted_imports)
    try:
        background = Formatting(others, tree=output)
    except BaseException:
        stream.close()
        raise
    try:
        for path, text in models:
            stream.send(path, text)
        files = background.result()
        files.update(unformatted())
        files.update(stream.result())
    except BaseException:
        stream.close()
        background.close()
        raise
    return files


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
    models: ModelsWorker | None = None,
    nonstructural: list[Problem] | None = None,
    warnings: list[Problem] | None = None,
    checked: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """`compile_crds` plus the manifest; kinds whose key is in `previous` are taken from
    `previous_tree` (the files on disk) instead of being generated again. `models`, when
    given, renders the models modules in its own process while this one renders the rest.
    `nonstructural` as `compile_crds`; `warnings` receives the CRDs' warnings; `checked`: the
    CRD files this compiler checked before (`codegen.checked`), only read now."""
    with gc_paused():  # big trees, no garbage cycles: collections would only cost time
        return _compile_tree(
            list(paths),
            relative_to,
            previous,
            previous_tree,
            models,
            nonstructural,
            warnings,
            checked,
        )


def _compile_tree(
    paths: list[Path],
    relative_to: Path | None,
    previous: incremental.Manifest | None,
    previous_tree: Mapping[str, str] | None,
    models: ModelsWorker | None,
    nonstructural: list[Problem] | None,
    warnings: list[Problem] | None,
    checked: Mapping[str, str] | None,
) -> dict[str, str]:
    seen = len(nonstructural) if nonstructural is not None else 0
    read: dict[str, str] = {}  # the manifest records the bytes checked, not the file later
    crds = load_every_problem(
        paths, relative_to=relative_to, nonstructural=nonstructural, checked=checked, read=read
    )
    if warnings is not None:
        warnings.extend(w for crd in crds for w in crd.warnings)
    # A CRD compiled only leniently is recorded with a marked hash, so that a later strict run
    # never takes the tree as up to date: it compiles, and refuses the CRD.
    lenient = {p.file for p in (nonstructural or [])[seen:]}
    # The CEL rules are compiled (checked) once the models jobs are out: a worker renders
    # while they compile, which is as long as the models of a large CRD take.
    try:
        package = build_package(crds)
    except Exception:
        check_rules(crds)  # a bad rule is reported as the CRD problem it is
        raise
    keys = _kind_key(package)
    tree = previous_tree or {}
    files: dict[str, str] = {}
    kinds: dict[str, incremental.KindEntry] = {}
    todo: list[tuple[str, Group, Version, Kind]] = []
    for group in package.groups:
        for version in group.versions:
            for kind in version.kinds:
                name = kind_id(group, version, kind)
                reused = previous.reusable(name, keys[name], tree) if previous is not None else None
                if reused is not None:
                    kinds[name] = incremental.KindEntry(keys[name], tuple(sorted(reused)))
                    files.update(reused)
                else:
                    todo.append((name, group, version, kind))
    # The models jobs go first, so that a worker renders them while the rest is rendered here.
    targets = [models_file(group, version, kind) for _, group, version, kind in todo]
    if models is not None:
        models.submit(
            [
                models_job(kind, head)
                for (_, _, _, kind), (_, head) in zip(todo, targets, strict=True)
            ]
        )
    pending = shared_files(package)
    own: dict[str, dict[str, str]] = {
        name: kind_other_files(group, version, kind) for name, group, version, kind in todo
    }
    for others in own.values():
        pending.update(others)
    if warnings is not None:  # a file only read, whose kind is generated again: as when checked
        again = {(kind.source, kind.kind) for _, _, _, kind in todo}
        for crd in crds:
            if crd.trusted and (crd.source, crd.kind) in again:
                warnings.extend(crd.notes + crd_warnings(crd.raw, crd.source, crd.line))

    def render() -> Iterator[tuple[str, str]]:
        check_rules(crds)  # while a worker renders the models
        for index, ((name, _, _, kind), (path, head)) in enumerate(zip(todo, targets, strict=True)):
            source = models.result(index) if models is not None else None
            kinds[name] = incremental.KindEntry(keys[name], tuple(sorted([path, *own[name]])))
            yield path, source if source is not None else models_source(kind, head)

    files.update(_formatted(pending, [path for path, _ in targets], render()))
    files = dict(sorted(files.items()))
    manifest = incremental.Manifest(
        generator=incremental.GENERATOR_VERSION,
        sources={
            name: f"{incremental.LENIENT}{sha}" if name in lenient else sha
            for name, sha in sorted(read.items())
        },
        kinds=kinds,
        files={path: incremental.digest(text) for path, text in files.items()},
    )
    files[incremental.MANIFEST] = manifest.render()
    return files
