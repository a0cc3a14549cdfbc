"""load: CRD YAML -> validated `CrdDocument`s, every problem reported at once with its path."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from codegen.incremental import MANIFEST

if TYPE_CHECKING:
    from codegen.problem_lines import ProblemLines

# The YAML and structural-check modules (PyYAML, re2) are imported where CRDs are read, not
# here: `crd_files` and `source_name` serve the command line's no-op check, which reads none.


@dataclass(frozen=True)
class Problem:
    """One defect of an input file, located by a JSON-style path."""

    file: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        if self.line is not None and self.column is not None:
            where = f"{where}:{self.column}"
        location = f" {self.path}:" if self.path else ""
        text = f"{where}:{location} {self.message}"
        # Names in paths and messages are untrusted: one problem stays one printable line.
        return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class LoadError(Exception):
    """Raised with every problem found; nothing is generated from a bad CRD.

    `checkable`: the versions (with their file) whose CEL rules the server would compile, of
    CRDs refused or beside refused ones: their schemas are structural with valid defaults.
    Each comes with the paths of its schema's other problems: the server compiles no rule at
    or above a node with one. Their rules are compiled later (`compile.load_checked`), so that
    a refusal lists those rules' problems too, as the server does for one CRD."""

    def __init__(
        self, problems: Sequence[Problem], checkable: Sequence[CheckableVersion] = ()
    ) -> None:
        self.problems = tuple(problems)
        self.checkable = tuple(checkable)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class CrdVersion:
    name: str
    served: bool
    storage: bool
    deprecated: bool
    deprecation_warning: str | None
    schema: Mapping[str, Any]
    status_subresource: bool
    scale: Mapping[str, Any] | None
    printer_columns: tuple[Mapping[str, Any], ...]
    # --allow-nonstructural: schema paths (below `schema`'s root, e.g.
    # ".properties[spec].items") of the untyped nodes made x-kubernetes-preserve-unknown-fields.
    nonstructural: tuple[str, ...] = ()
    # Where the server names the schema (`spec.validation.openAPIV3Schema` when every version
    # has the same one), and whether its problems are reported with this version (a shared
    # schema's only with the first: the server checks it once).
    schema_path: str = ""
    reports_schema: bool = True
    # Whether the server would compile the schema's CEL rules: it is structural and its
    # defaults are valid (other problems only keep the rules at and above their nodes out).
    rules_checkable: bool = True


# Puts problems found later (the CEL rules') on the lines of their paths in the CRD's file.
Placer = Callable[[Sequence[Problem]], list[Problem]]


class CheckableVersion(NamedTuple):
    """A version whose rules the server compiles (see `LoadError.checkable`)."""

    source: str
    version: CrdVersion
    elsewhere: tuple[tuple[str, str], ...]  # its schema's problems: (path, message)
    place: Placer | None = None


@dataclass(frozen=True)
class CrdDocument:
    source: str  # the path as given, used in headers and messages
    name: str
    group: str
    kind: str
    list_kind: str
    plural: str
    singular: str
    short_names: tuple[str, ...]
    categories: tuple[str, ...]
    scope: str
    versions: tuple[CrdVersion, ...]
    raw: Mapping[str, Any] = field(repr=False, compare=False)
    # What the server would refuse that we only warn about (`crd_spec_checks`' API approval).
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    place: Placer | None = field(default=None, repr=False, compare=False)
    # Read from bytes an earlier run of this compiler checked in full (`load_crds`' `checked`):
    # its schema and rules were not checked again.
    trusted: bool = field(default=False, compare=False)
    line: int | None = field(default=None, compare=False)  # where its document starts
    # What the YAML reader noted (a key given twice): among `warnings`, unless `trusted`
    # (then reported with the other warnings only when its kinds are generated again).
    notes: tuple[Problem, ...] = field(default=(), compare=False)


class _Collector:
    def __init__(self, file: str, line: int | None, relaxed: list[Problem] | None) -> None:
        self.file = file
        self.line = line
        self.problems: list[Problem] = []
        self.relaxed = relaxed  # None: strict; else where the downgraded problems go

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message, self.line))

    def relax(self, path: str, message: str) -> None:
        assert self.relaxed is not None
        self.relaxed.append(Problem(self.file, path, message, self.line))


def _str_field(obj: Mapping[str, Any], key: str, path: str, errors: _Collector) -> str:
    """obj[key] as a string ("" when unset); another type is reported. A missing or malformed
    value is `crd_spec_checks`' to refuse, with the server's message."""
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(f"{path}.{key}" if path else key, f"must be a non-empty string, got {value!r}")
        return ""
    return value


def _str_list(value: Any, path: str, errors: _Collector) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.add(path, "must be a list of strings")
        return ()
    return tuple(value)


def _parse_version(
    raw: Any, index: int, errors: _Collector, shared_schema: bool, trusted: bool = False
) -> CrdVersion | None:
    path = f"spec.versions[{index}]"
    if not isinstance(raw, dict):
        errors.add(path, "must be an object")
        return None
    # An empty or missing name is refused by `crd_spec_checks`, with the server's message.
    name = _str_field(raw, "name", path, errors)
    flags: dict[str, bool] = {}
    for key in ("served", "storage", "deprecated"):
        # v1 decodes a missing or null flag as false (`crd_decode` refused any other type):
        # the server requires none of them.
        flags[key] = raw.get(key) is True
    warning = raw.get("deprecationWarning")
    if warning is not None and not isinstance(warning, str):
        errors.add(f"{path}.deprecationWarning", "must be a string")
        warning = None
    schema_holder = raw.get("schema")
    schema_path = f"{path}.schema.openAPIV3Schema"
    reports_schema = True
    if shared_schema:  # checked once, with the first version, where the server names it
        schema_path = "spec.validation.openAPIV3Schema"
        reports_schema = index == 0
    schema_errors = (
        errors
        if reports_schema
        else _Collector(errors.file, errors.line, None if errors.relaxed is None else [])
    )
    schema: Any = None
    nonstructural: tuple[str, ...] = ()
    rules_checkable = True
    if isinstance(schema_holder, dict):
        schema = schema_holder.get("openAPIV3Schema")
    elif schema_holder is not None:
        errors.add(f"{path}.schema", "must be an object")
    if schema is None:
        errors.add(schema_path, "Required value: schemas are required")
        schema = {"type": "object"}
    elif not isinstance(schema, dict):
        schema_errors.add(schema_path, "must be an object")
        schema = {"type": "object"}
    elif not trusted:
        schema, nonstructural, rules_checkable = _structural(schema, schema_path, schema_errors)
    subresources = raw.get("subresources") or {}
    if not isinstance(subresources, dict):
        errors.add(f"{path}.subresources", "must be an object")
        subresources = {}
    scale = subresources.get("scale")
    if scale is not None and not isinstance(scale, dict):
        errors.add(f"{path}.subresources.scale", "must be an object")
        scale = None
    columns = raw.get("additionalPrinterColumns") or []
    if not isinstance(columns, list) or not all(isinstance(c, dict) for c in columns):
        errors.add(f"{path}.additionalPrinterColumns", "must be a list of objects")
        columns = []
    return CrdVersion(
        name=name,
        served=flags["served"],
        storage=flags["storage"],
        deprecated=flags["deprecated"],
        deprecation_warning=warning,
        schema=schema,
        # `status: null` decodes to no status subresource at all.
        status_subresource=subresources.get("status") is not None,
        scale=scale,
        printer_columns=tuple(columns),
        nonstructural=nonstructural,
        schema_path=schema_path,
        reports_schema=reports_schema,
        rules_checkable=rules_checkable,
    )


def _structural(
    schema: Mapping[str, Any], schema_path: str, errors: _Collector
) -> tuple[Mapping[str, Any], tuple[str, ...], bool]:
    """Report the problems of a version's schema, and its invalid defaults unless it is not
    structural (`codegen.default_checks`; their CEL rules are checked by `cel_check`). In
    lenient mode (--allow-nonstructural) the violations that making the untyped nodes
    preserve-unknown-fields removes are downgraded, and the schema so relaxed is returned with
    those nodes' paths; last, whether the server would compile the schema's CEL rules."""
    from codegen.structural_checks import (
        DefaultSites,
        blocks_default_checks,
        check_structural_schema,
        relax_nonstructural,
    )

    sites = DefaultSites()
    problems = check_structural_schema(schema, sites, schema_path)
    nonstructural: tuple[str, ...] = ()
    if problems and errors.relaxed is not None:
        relaxed, nonstructural = relax_nonstructural(schema)
        if nonstructural:
            sites = DefaultSites()
            remaining = check_structural_schema(relaxed, sites, schema_path)
            still = Counter(remaining)
            for path_text, message in problems:
                if still[(path_text, message)] > 0:
                    still[(path_text, message)] -= 1
                else:
                    errors.relax(f"{schema_path}{path_text}", message)
            problems, schema = remaining, relaxed
    for path_text, message in problems:
        errors.add(f"{schema_path}{path_text}", message)
    if any(blocks_default_checks(path_text, message) for path_text, message in problems):
        return schema, nonstructural, False
    if not sites.nodes:
        return schema, nonstructural, True
    # The server validates the defaults of a structural schema (ValidateDefaults), whatever
    # else its OpenAPI checks find, and compiles its rules only when they are valid.
    from codegen.default_checks import default_errors

    try:
        found = list(default_errors(schema, sites, schema_path))
    except Exception:
        if not problems:
            raise
        return schema, nonstructural, False  # refused anyway: the problems found are enough
    for error in found:
        errors.add(error.field or schema_path, error.body())
    return schema, nonstructural, not found


def parse_crd(
    value: Any,
    source: str,
    line: int | None = None,
    *,
    nonstructural: list[Problem] | None = None,
    trusted: bool = False,
) -> CrdDocument:
    """Check one decoded document as an apiextensions.k8s.io/v1 CRD; raise LoadError if bad.

    `nonstructural`: None (the default) is strict, as the API server. A list turns on
    --allow-nonstructural: a property, array items or additionalProperties without a type, and
    an array without items, are appended to it instead of failing, and those nodes become
    x-kubernetes-preserve-unknown-fields (any value, nothing pruned below). `trusted`: this
    compiler checked the same bytes before and found nothing; only the fields are read (no
    schema, default or spec checks, no warnings)."""
    errors = _Collector(source, line, nonstructural)
    if not isinstance(value, dict):
        errors.add("", f"a CRD must be a YAML mapping, got {type(value).__name__}")
        raise LoadError(errors.problems)
    api_version, kind_name = value.get("apiVersion"), value.get("kind")
    if kind_name != "CustomResourceDefinition" and not (
        isinstance(api_version, str) and api_version.startswith("apiextensions.k8s.io/")
    ):
        # Another object (a kustomization.yaml beside the CRDs, a ConfigMap): one line says so.
        what = (
            f"kind {kind_name!r}, apiVersion {api_version!r}"
            if kind_name is not None or api_version is not None
            else "no apiVersion or kind"
        )
        errors.add("", f"not a CustomResourceDefinition ({what}); only CRDs are compiled")
        raise LoadError(errors.problems)
    if value.get("apiVersion") != "apiextensions.k8s.io/v1":
        errors.add(
            "apiVersion", f'must be "apiextensions.k8s.io/v1", got {value.get("apiVersion")!r}'
        )
        raise LoadError(errors.problems)  # no v1 CRD: its fields mean something else
    if value.get("kind") != "CustomResourceDefinition":
        errors.add("kind", f'must be "CustomResourceDefinition", got {value.get("kind")!r}')
    from codegen.crd_decode import decode_errors

    undecodable = decode_errors(value)
    if undecodable:  # the server cannot read the request: nothing else is checked
        for path, message in undecodable:
            errors.add(path, message)
        raise LoadError(errors.problems)
    metadata = value.get("metadata")
    name = _str_field(metadata, "name", "metadata", errors) if isinstance(metadata, dict) else ""
    spec = value.get("spec")
    if not isinstance(spec, dict):
        errors.add("spec", "Required value")
        raise LoadError(errors.problems)
    # Missing and malformed values of the spec's strings are refused by `crd_spec_checks`;
    # here only their types are checked.
    group = _str_field(spec, "group", "spec", errors)
    scope = _str_field(spec, "scope", "spec", errors)
    names = spec.get("names")
    if names is None:
        # The server lists each missing name (below); this says what is missing in one line.
        errors.add("spec.names", "Required value")
    elif not isinstance(names, dict):
        errors.add("spec.names", "must be an object")
    names = names if isinstance(names, dict) else {}
    kind = _str_field(names, "kind", "spec.names", errors)
    plural = _str_field(names, "plural", "spec.names", errors)
    singular = _str_field(names, "singular", "spec.names", errors) or kind.lower()
    list_kind = _str_field(names, "listKind", "spec.names", errors) or f"{kind}List"
    short_names = _str_list(names.get("shortNames"), "spec.names.shortNames", errors)
    categories = _str_list(names.get("categories"), "spec.names.categories", errors)
    raw_versions = spec.get("versions")
    versions: list[CrdVersion] = []
    if not raw_versions and raw_versions != []:
        # The server only reports the missing storage version (below); this says why.
        errors.add("spec.versions", "Required value")
    elif not isinstance(raw_versions, list):
        errors.add("spec.versions", "must be a list")
    elif raw_versions:
        # (`spec.validation`, v1beta1's shared schema, is no field of v1: the server drops it,
        # see `crd_fields`, so it never stands in for a version's missing schema.)
        from codegen.crd_version_checks import shared_version_fields

        shared_schema = "schema" in shared_version_fields(raw_versions)
        for index, raw in enumerate(raw_versions):
            parsed = _parse_version(raw, index, errors, shared_schema, trusted)
            if parsed is not None:
                versions.append(parsed)
    from codegen.crd_spec_checks import crd_spec_errors

    for error in () if trusted else crd_spec_errors(value):
        errors.add(error.field or "", error.body())
    if errors.problems:
        schema_checked = [
            CheckableVersion(
                source,
                version,
                tuple(
                    (p.path, p.message)
                    for p in errors.problems
                    if _within(p.path, version.schema_path)
                ),
            )
            for version in versions
            if version.rules_checkable
        ]
        raise LoadError(errors.problems, schema_checked)
    warnings = () if trusted else crd_warnings(value, source, line)
    return CrdDocument(
        source=source,
        name=name,
        group=group,
        kind=kind,
        list_kind=list_kind,
        plural=plural,
        singular=singular,
        short_names=short_names,
        categories=categories,
        scope=scope,
        versions=tuple(versions),
        raw=value,
        warnings=warnings,
        trusted=trusted,
        line=line,
    )


def crd_warnings(value: Mapping[str, Any], source: str, line: int | None) -> tuple[Problem, ...]:
    """What the server would refuse in a CRD that we only warn about (`crd_spec_checks`' API
    approval) and the fields it drops, as warnings of the document on `line`."""
    from codegen.crd_fields import unknown_fields
    from codegen.crd_spec_checks import api_approval_problems

    refused = tuple(
        Problem(source, error.field or "", f"{error.body()} (the API server refuses the CRD)", line)
        for error in api_approval_problems(value)
    )
    dropped = tuple(
        Problem(
            source,
            "",
            f'unknown field "{path}" (the API server drops it; under Strict field validation,'
            " which kubectl apply asks for, it refuses the CRD for most such fields)",
            line,
        )
        for path in unknown_fields(value)
    )
    return refused + dropped + _uncreatable(value, source, line)


def _uncreatable(value: Mapping[str, Any], source: str, line: int | None) -> tuple[Problem, ...]:
    """Versions whose root requires `status` under the status subresource: the server accepts
    the CRD, but drops `status` from every create (PrepareForCreate) and then finds it missing,
    so no object of that version can ever be created."""
    spec = value.get("spec")
    versions = spec.get("versions") if isinstance(spec, Mapping) else None
    found = []
    for index, version in enumerate(versions if isinstance(versions, list) else []):
        if not isinstance(version, Mapping):
            continue
        subresources, holder = version.get("subresources"), version.get("schema")
        schema = holder.get("openAPIV3Schema") if isinstance(holder, Mapping) else None
        if not (
            isinstance(subresources, Mapping)
            and subresources.get("status") is not None
            and isinstance(schema, Mapping)
            and "status" in (schema.get("required") or ())
        ):
            continue
        found.append(
            Problem(
                source,
                f"spec.versions[{index}].schema.openAPIV3Schema.required",
                "status is required, but the status subresource drops it from every create: "
                "the API server refuses every object of this version (status: Required value)",
                line,
            )
        )
    return tuple(found)


def _within(path: str, schema_path: str) -> bool:
    return path == schema_path or path.startswith((f"{schema_path}.", f"{schema_path}["))


def checkable_versions(crds: Iterable[CrdDocument]) -> list[CheckableVersion]:
    """Every version of CRDs that loaded, to have its rules compiled (none of its schema's
    problems elsewhere)."""
    return [
        CheckableVersion(crd.source, version, (), crd.place)
        for crd in crds
        for version in crd.versions
    ]


def load_crd_text(
    text: str, source: str, *, nonstructural: list[Problem] | None = None, trusted: bool = False
) -> list[CrdDocument]:
    """Every CRD in one YAML stream, or JSON stream when the text starts with `{` (empty
    documents skipped, the items of a list one by one, as kubectl reads them); `nonstructural`
    and `trusted` as `parse_crd`. Problems are placed on the line of their path
    (`problem_lines`)."""
    from codegen.manifest_lists import Undecodable, flattened_items
    from codegen.manifest_read import is_json_stream
    from codegen.problem_lines import ProblemLines
    from codegen.yamlio import YamlError, load_documents

    if is_json_stream(text):
        documents = _json_documents(text, source)
    else:
        try:
            documents = list(load_documents(text))
        except YamlError as exc:
            raise LoadError(
                [Problem(source, "", f"invalid YAML: {exc.message}", exc.line, exc.column)]
            ) from None
    crds: list[CrdDocument] = []
    problems: list[Problem] = []
    checkable: list[CheckableVersion] = []
    lines = ProblemLines(text, source)  # composes the text only if there are problems
    by_index = {document.index: document for document in documents}
    for index, value, item in flattened_items([(d.index, d.value) for d in documents]):
        document = by_index[index]
        if value is None:
            continue
        if isinstance(value, Undecodable):
            problems.append(Problem(source, "", f"cannot decode: {value.message}", document.line))
            continue
        relaxed = len(nonstructural) if nonstructural is not None else 0
        place = partial(_placed, lines, item, document.line)
        try:
            crd = parse_crd(
                value, source, document.line, nonstructural=nonstructural, trusted=trusted
            )
            notes = tuple(Problem(source, "", note) for note in document.notes)
            warnings = crd.warnings if trusted else notes + crd.warnings
            crds.append(replace(crd, warnings=warnings, notes=notes, place=place))
        except LoadError as exc:
            problems.extend(lines.place(exc.problems, item))
            checkable.extend(version._replace(place=place) for version in exc.checkable)
        if nonstructural is not None and len(nonstructural) > relaxed:
            nonstructural[relaxed:] = lines.place(nonstructural[relaxed:], item)
    if problems:
        raise LoadError(problems, [*checkable, *checkable_versions(crds)])
    return crds


def _placed(
    lines: ProblemLines, item: int | None, line: int | None, problems: Sequence[Problem]
) -> list[Problem]:
    """`problems` of the document starting on `line` (the `item` of a list) on their lines."""
    return lines.place([p if p.line is not None else replace(p, line=line) for p in problems], item)


def _json_documents(text: str, source: str) -> list[Any]:
    """The objects of a JSON stream, as `load_documents` gives a YAML stream's; a syntax error
    refuses the file (nothing is generated from part of it)."""
    from codegen.manifest_read import JsonStream
    from codegen.yamlio import Document

    stream = JsonStream()
    values, stopped, notes = stream.documents(text)
    if stopped is not None:
        raise LoadError([Problem(source, "", stopped)])
    return [
        Document(index, stream.lines[index], value, tuple(notes.get(index, ())))
        for index, value in values
    ]


CRD_SUFFIXES = (".yaml", ".yml", ".json")  # what `kubectl apply -f` reads of a folder


def crd_files(paths: Iterable[Path], *, outside: Path | None = None) -> list[Path]:
    """Expand files and folders into a sorted list of their YAML and JSON files, subfolders
    included (deterministic order); those in the folder `outside` (the generated output, whose
    own JSON files are no CRDs) and in any generated tree (one with a manifest) are left out of
    folders.

    A file reached twice (a symbolic link beside its target) is read once, by its first name;
    a link to nothing is kept, so that reading it reports it."""
    found: set[Path] = set()
    skipped = [outside.resolve()] if outside is not None else []
    for path in paths:
        if path.is_dir():
            entries = list(path.rglob("*"))
            # a tree `generate` wrote (its manifest is there) holds no CRDs, only JSON of its own
            generated = [*skipped, *(e.parent.resolve() for e in entries if e.name == MANIFEST)]
            found.update(
                p
                for p in entries
                if p.suffix in CRD_SUFFIXES
                and (p.is_file() or not p.exists())
                and not _within_any(p.parent, generated)
            )
        else:
            found.add(path)
    files: dict[Path, Path] = {}
    for file in sorted(found, key=lambda p: p.as_posix()):
        files.setdefault(file.resolve(), file)
    return list(files.values())


def _within_any(folder: Path, targets: Sequence[Path]) -> bool:
    """Whether `folder` is one of `targets` or inside one; the folder's own links resolved, not
    the file's: a link to an output file is an input."""
    if not targets:
        return False
    resolved = folder.resolve()
    return any(resolved == target or target in resolved.parents for target in targets)


def source_name(file: Path, relative_to: Path | None) -> str:
    """How a CRD file is named in headers and messages: relative to `relative_to` when inside it."""
    if relative_to is not None:
        try:
            return file.resolve().relative_to(relative_to.resolve()).as_posix()
        except ValueError:
            pass
    return file.as_posix()


def load_crds(
    paths: Iterable[Path],
    *,
    relative_to: Path | None = None,
    nonstructural: list[Problem] | None = None,
    checked: Mapping[str, str] | None = None,
    read: dict[str, str] | None = None,
) -> list[CrdDocument]:
    """Load every CRD from files/folders; raise one LoadError listing every problem.
    `nonstructural` as `parse_crd`: None is strict; a list collects the downgraded problems.
    `checked`: the sha256 of each file (by source name) that this compiler already checked in
    full and accepted (`codegen.checked`): a file with those bytes is trusted. `read`
    receives the sha256 of the bytes read from each file (what the manifest records: the
    bytes checked, even if the file changes while the run goes on)."""
    from codegen.incremental import digest

    crds: list[CrdDocument] = []
    problems: list[Problem] = []
    checkable: list[CheckableVersion] = []
    from codegen.yamlio import manifest_text

    files = crd_files(paths)
    for file in files:
        source = source_name(file, relative_to)
        try:
            data = file.read_bytes()
        except OSError as exc:
            problems.append(Problem(source, "", f"cannot read: {exc}"))
            continue
        sha = digest(data) if checked is not None or read is not None else ""
        if read is not None:
            read[source] = sha
        trusted = checked is not None and checked.get(source) == sha
        try:  # decoded as kubectl reads the file it applies
            crds.extend(
                load_crd_text(
                    manifest_text(data), source, nonstructural=nonstructural, trusted=trusted
                )
            )
        except LoadError as exc:
            problems.extend(exc.problems)
            checkable.extend(exc.checkable)
    seen: dict[tuple[str, str], str] = {}
    for crd in crds:
        key = (crd.group, crd.kind)
        if key in seen:
            problems.append(
                Problem(
                    crd.source,
                    "spec.names.kind",
                    f"{crd.kind}.{crd.group} is also defined in {seen[key]}",
                )
            )
        else:
            seen[key] = crd.source
    if not crds and not problems:
        # empty or commented out: refused as an empty folder is (nothing would be generated)
        problems = [
            Problem(source_name(file, relative_to), "", "no CustomResourceDefinition in the file")
            for file in files
        ]
    if problems:
        raise LoadError(problems, [*checkable, *checkable_versions(crds)])
    return sorted(crds, key=lambda c: (c.group, c.kind))
