"""One CRD, on its own: generate into its own package, import every module, run its instances.

Runs in a worker process; everything it returns is a plain `CrdOutcome`, and every failure is
caught and reported so one bad CRD never stops the others.
"""

from __future__ import annotations

import importlib
import re
import sys
import time
import traceback
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from codegen.corpus.expected import Expectation, Verdict
from codegen.corpus.outcome import METADATA_NOTE, CrdOutcome, InstanceOutcome, Stage
from codegen.ir import Package
from codegen.layout import kind_modules, package_files
from codegen.load import CrdDocument, LoadError, Problem, load_crds
from codegen.manifest_lists import Undecodable, flattened
from codegen.manifest_read import text_documents
from codegen.parse import build_package
from codegen.write import format_sources, write_tree


@dataclass(frozen=True)
class CrdJob:
    corpus: Path
    crd: str  # relative to corpus
    out_root: Path  # the job writes out_root/<package>
    package: str
    expectations: tuple[Expectation, ...]


def _root_models(package: Package, top: str) -> dict[str, tuple[str, str]]:
    """Version name -> (models module, root class) of the one kind a CRD file defines."""
    found: dict[str, tuple[str, str]] = {}
    for group in package.groups:
        for version in group.versions:
            for kind in version.kinds:
                modules = kind_modules(version, kind)
                module = f"{top}.{group.package}.{version.package}.{modules.models_module}"
                found[version.name] = (module, kind.root.class_name)
    return found


def _module_names(files: dict[str, str], top: str) -> list[str]:
    names = []
    for path in sorted(files):
        if not path.endswith(".py"):
            continue
        parts = path[: -len(".py")].split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join([top, *parts]))
    return names


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    lines = [line for line in text.splitlines() if line.strip()]
    head = lines[0] if lines else text
    if len(lines) > 1:
        head = f"{head} | {lines[1].strip()}"
    return f"{type(exc).__name__}: {head}"[:400]


def _crash(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return _first_line(exc) + where


def _validate(model: Any, data: Any, mode: str) -> tuple[bool, str, bool]:
    """(valid, the first error, whether every error is one of ObjectMeta's)."""
    from pydantic import ValidationError

    try:
        # as the server reads a manifest: a field's Python name is not one of its names there
        model.model_validate(data, context={"field_validation": mode, "manifest": True})
    except ValidationError as exc:
        errors = exc.errors()
        message = str(errors[0].get("msg")) if errors else str(exc)
        if len(errors) > 1:
            message += f" (+{len(errors) - 1} more)"
        fields = [str((error.get("ctx") or {}).get("field", "")) for error in errors]
        return False, message, _metadata_only(fields)
    return True, "", False


# What the server says of CEL rules it did not run because of other errors (field "<nil>").
_UNCHECKED_RULES = ""


def _metadata_only(fields: Sequence[str]) -> bool:
    """Errors in `metadata` alone (besides the CEL rules they kept from running): the
    labels' JSON-Schema check does not read ObjectMeta, which the server validates itself."""
    return any(f.startswith("metadata.") for f in fields) and all(
        f.startswith("metadata.") or f == _UNCHECKED_RULES for f in fields
    )


def _run_instance(
    corpus: Path, expectation: Expectation, roots: dict[str, tuple[str, str]]
) -> InstanceOutcome:
    target = roots.get(expectation.version)
    if target is None:
        if not roots:
            return InstanceOutcome(expectation, None, None, "no generated model")
        # Every served version has a model: the server has no such version to take it
        # (kubectl: no matches for kind ... in version ...).
        refused = f"no served version {expectation.version} of the kind: kubectl finds no match"
        return InstanceOutcome(expectation, False, False, refused)
    try:
        text = (corpus / expectation.instance).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return InstanceOutcome(expectation, None, None, f"cannot read instance: {exc}")
    # as kubectl reads a file: a JSON stream when it starts with `{`, else YAML documents
    values, stopped, _ = text_documents(text)
    if stopped is not None:
        # kubectl's strict decoding refuses it before any schema check (e.g. a duplicate key).
        return InstanceOutcome(expectation, False, False, f"decoding, as kubectl: {stopped}")
    # a list's items are the objects, as kubectl sends them
    documents = [value for _, value in flattened(values) if value is not None]
    undecodable = next((v for v in documents if isinstance(v, Undecodable)), None)
    if undecodable is not None:
        return InstanceOutcome(expectation, False, False, f"decoding, as kubectl: {undecodable}")
    if not documents:
        return InstanceOutcome(expectation, None, None, "no object in the file")
    try:
        model = getattr(importlib.import_module(target[0]), target[1])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            # several objects: accepted when kubectl applies every one (its exit status)
            strict, detail, metadata = _all_valid(model, documents, expectation.field_validation)
            warn: bool | None = None
            if expectation.verdict is Verdict.REJECT_UNKNOWN_FIELDS:
                warn, warn_detail, warn_metadata = _all_valid(model, documents, "Warn")
                metadata = not warn and warn_metadata
                if not warn:
                    detail = f"{detail}; in Warn mode: {warn_detail}"
    except Exception as exc:
        return InstanceOutcome(expectation, None, None, f"validation crashed: {_crash(exc)}")
    outcome = InstanceOutcome(expectation, strict, warn, detail)
    if metadata and not outcome.matches:
        return replace(outcome, note=METADATA_NOTE)
    return outcome


def _all_valid(model: Any, documents: Sequence[Any], mode: str) -> tuple[bool, str, bool]:
    """`_validate` of each object: valid when all are, else the first refusal (and whether
    every refused object is refused for its metadata alone)."""
    refusals = []
    for index, document in enumerate(documents):
        valid, detail, metadata = _validate(model, document, mode)
        if not valid:
            refusals.append(
                (detail if len(documents) == 1 else f"object {index}: {detail}", metadata)
            )
    if not refusals:
        return True, "", False
    return False, refusals[0][0], all(metadata for _, metadata in refusals)


# One step of a schema path (as load reports it) and the data-path pattern it stands for.
_SCHEMA_STEP = re.compile(r"\.properties\[([^\]]*)\]|\.items|\.additionalProperties")


def _data_pattern(schema_path: str) -> re.Pattern[str] | None:
    """The instance paths (kubectl's `.spec.list[0].key` form) at or below the schema node
    at `schema_path` (`.properties[spec].items`); None if the path has another shape."""
    parts: list[str] = []
    position = 0
    while position < len(schema_path):
        step = _SCHEMA_STEP.match(schema_path, position)
        if step is None:
            return None
        if step.group(1) is not None:
            parts.append(re.escape("." + step.group(1)))
        elif step.group(0) == ".items":
            parts.append(r"\[\d+\]")
        else:
            parts.append(r"\.[^.\[]+")
        position = step.end()
    return re.compile("".join(parts) + r"(?=$|[.\[])")


def _free_form_note(
    expectation: Expectation, strict: bool | None, crds: Sequence[CrdDocument]
) -> str:
    """Why a reject-unknown-fields label is missed when its CRD was compiled leniently: every
    labelled unknown field lies under a node --allow-nonstructural made free-form (the label
    read the untyped node as an empty schema that prunes everything below it)."""
    if expectation.verdict is not Verdict.REJECT_UNKNOWN_FIELDS or strict is not True:
        return ""
    patterns = [
        _data_pattern(path)
        for crd in crds
        for version in crd.versions
        if version.name == expectation.version
        for path in version.nonstructural
    ]
    if not patterns:
        return ""
    fields = [f.strip() for f in expectation.reason.split(",") if f.strip()]
    if not fields or any(not any(p is not None and p.match(f) for p in patterns) for f in fields):
        return ""
    return "every labelled unknown field is below a node --allow-nonstructural made free-form"


def _stopped(job: CrdJob, stage: Stage, seconds: float, problems: tuple[str, ...]) -> CrdOutcome:
    not_run = tuple(
        InstanceOutcome(e, None, None, f"CRD {stage}: no model") for e in job.expectations
    )
    return CrdOutcome(job.crd, stage, job.package, seconds, 0, 0, problems, not_run)


def run_crd(job: CrdJob) -> CrdOutcome:
    """Generate, write, import and exercise one CRD; never raises."""
    source = job.corpus / job.crd
    started = time.perf_counter()
    relaxed: list[Problem] = []
    try:
        try:
            crds = load_crds([source], relative_to=job.corpus)
        except LoadError as exc:
            # Refused only for what --allow-nonstructural downgrades? Then compile it so.
            try:
                crds = load_crds([source], relative_to=job.corpus, nonstructural=relaxed)
            except LoadError:
                problems = tuple(str(p) for p in exc.problems)
                return _stopped(job, Stage.INVALID, time.perf_counter() - started, problems)
        package = build_package(crds)
        files = format_sources(package_files(package))
    except Exception as exc:
        return _stopped(job, Stage.CRASHED, time.perf_counter() - started, (_crash(exc),))
    seconds = time.perf_counter() - started
    size = sum(len(text.encode("utf-8")) for text in files.values())
    try:
        write_tree(files, job.out_root / job.package)
    except Exception as exc:
        return _stopped(job, Stage.CRASHED, seconds, (f"write: {_crash(exc)}",))
    if str(job.out_root) not in sys.path:
        sys.path.insert(0, str(job.out_root))
    importlib.invalidate_caches()
    failures: list[str] = []
    import_started = time.perf_counter()
    for module in _module_names(files, job.package):
        try:
            importlib.import_module(module)
        except Exception as exc:
            failures.append(f"import {module}: {_crash(exc)}")
    import_seconds = time.perf_counter() - import_started
    stage = Stage.GENERATED if failures else Stage.IMPORTED
    roots = _root_models(package, job.package)
    instances = tuple(_run_instance(job.corpus, e, roots) for e in job.expectations)
    if relaxed:
        instances = tuple(
            replace(i, note=i.note or _free_form_note(i.expectation, i.strict_accepted, crds))
            for i in instances
        )
    for name in [m for m in sys.modules if m == job.package or m.startswith(job.package + ".")]:
        del sys.modules[name]
    return CrdOutcome(
        job.crd,
        stage,
        job.package,
        seconds,
        len(files),
        size,
        tuple(failures),
        instances,
        import_seconds,
        tuple(str(p) for p in relaxed),
    )
