"""`python -m codegen validate`: check manifests against any CRDs, as the API server would.

    validate --crd PATH [--crd PATH ...] [--field-validation Strict|Warn|Ignore]
             [--output text|json] [--old FILE] FILE_OR_DIR...

The CRDs are compiled into a cache keyed by their content, so a second run only imports.
Exit status: 0 all valid, 1 any invalid, 2 usage error or bad CRD. Warnings (the ones the API
server would send) never change it: they are printed to stderr as kubectl prints them
(`Warning: <text>`, each text once per run) and listed per document in JSON output.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from codegen import deprecation
from codegen.checked import cache_root
from codegen.cli import print_crd_warnings, print_nonstructural
from codegen.compile import check_rules, load_checked
from codegen.layout import GENERATOR_VERSION, kind_modules, package_files
from codegen.load import LoadError, Problem, crd_files, load_crds
from codegen.manifest_lists import Undecodable, flattened, flattened_items
from codegen.manifest_read import read_documents
from codegen.parse import build_package
from codegen.runtime.errors import FieldError, InvalidResourceError, go_quote
from codegen.runtime.model import ClassBinding, K8sModel
from codegen.runtime.validation import FieldValidation
from codegen.warning_headers import response_warnings
from codegen.write import FormatError, format_sources

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


@dataclass
class Catalog:
    """(apiVersion, kind) -> the generated root model of that kind, and the warning the server
    sends with every request to a deprecated version."""

    models: dict[tuple[str, str], type[K8sModel]] = field(default_factory=dict)
    deprecations: dict[tuple[str, str], str] = field(default_factory=dict)
    crd_warnings: list[Problem] = field(default_factory=list)  # see `load.CrdDocument`
    unserved: set[tuple[str, str]] = field(default_factory=set)  # versions declared, not served

    def binding(self, api_version: str, kind: str) -> ClassBinding | None:
        model = self.models.get((api_version, kind))
        return model.k8s_binding() if model is not None else None

    def cluster_scoped(self, group: str, kind: str) -> bool:
        """Whether the kind is cluster-scoped (False when no CRD given defines it)."""
        for (api_version, model_kind), model in self.models.items():
            if model_kind == kind and api_version.rpartition("/")[0] == group:
                return bool(model.k8s_binding().sidecar.cluster_scoped)
        return False


def build_catalog(
    crd_paths: Sequence[Path], *, nonstructural: list[Problem] | None = None
) -> Catalog:
    """Compile the CRDs into the content-keyed cache (once) and import their root models.
    `nonstructural`: None is strict; a list is --allow-nonstructural (see `load.parse_crd`).
    A strict run never uses a lenient run's entry: loading refuses those CRDs first."""
    files = crd_files(crd_paths)
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for file in files:
        with contextlib.suppress(OSError):  # load_crds reports an unreadable file
            digest.update(file.read_bytes())
        digest.update(b"\0")
    key = digest.hexdigest()[:20]
    package_name = f"crdcache_{key}"
    root = cache_root()
    target = root / package_name
    cached = (target / "__init__.py").exists()
    # A cache entry is only published after these exact CRDs passed every check, CEL rules
    # included; on a hit, compiling the rules again here would be wasted work.
    crds = (
        load_crds(files, nonstructural=nonstructural)
        if cached
        else load_checked(files, nonstructural=nonstructural)
    )
    package = build_package(crds)
    if not cached:
        _publish(format_sources(package_files(package)), target)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    catalog = Catalog(crd_warnings=[w for crd in crds for w in crd.warnings])
    for crd in crds:
        catalog.unserved.update(
            (f"{crd.group}/{v.name}", crd.kind) for v in crd.versions if not v.served
        )
        for served in (v for v in crd.versions if v.served):
            message = deprecation.server_warning(crd, served.name)
            if message is not None:
                catalog.deprecations[(f"{crd.group}/{served.name}", crd.kind)] = message
    try:
        _import_models(catalog, package, package_name)
    except ImportError:
        if not cached:
            raise
        # An entry that does not hold what these CRDs compile to (written by a compiler that
        # read them otherwise under the same version): replaced, once.
        shutil.rmtree(target, ignore_errors=True)
        for name in [m for m in sys.modules if m.split(".")[0] == package_name]:
            del sys.modules[name]
        importlib.invalidate_caches()
        check_rules(crds)
        _publish(format_sources(package_files(package)), target)
        _import_models(catalog, package, package_name)
    return catalog


def _import_models(catalog: Catalog, package: Any, package_name: str) -> None:
    for group in package.groups:
        for version in group.versions:
            for kind in version.kinds:
                modules = kind_modules(version, kind)
                module_name = (
                    f"{package_name}.{group.package}.{version.package}.{modules.models_module}"
                )
                module = importlib.import_module(module_name)
                catalog.models[(kind.api_version, kind.kind)] = getattr(
                    module, kind.root.class_name
                )


def _publish(files: Mapping[str, str], target: Path) -> None:
    """Write a cache entry beside `target`, then rename it into place; a concurrent run that
    got there first wins, and its (identical) entry is used."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for path, text in files.items():
            destination = staging / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(text, encoding="utf-8", newline="\n")
        try:
            staging.rename(target)
        except OSError:
            if not (target / "__init__.py").exists():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@dataclass
class Verdict:
    file: str
    index: int  # the document's place in its file
    api_version: str | None = None
    kind: str | None = None
    name: str | None = None
    valid: bool = False
    causes: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    item: int | None = None  # its place in the document's `items`, for an item of a list

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "index": self.index,
            "item": self.item,
            "apiVersion": self.api_version,
            "kind": self.kind,
            "name": self.name,
            "valid": self.valid,
            "causes": self.causes,
            "warnings": self.warnings,
        }


MANIFEST_EXTENSIONS = (".json", ".yaml", ".yml")


class NoManifests(Exception):
    """A folder given before any file was found holds none: kubectl stops before it applies
    anything (resource.Builder.Path, once per -f)."""


def input_files(paths: Sequence[Path], *, recursive: bool = False) -> list[Path]:
    """The manifests as `kubectl apply -f` reads them, one argument after the other: a file
    as given; a folder as filepath.Walk visits it, in lexical order, its subfolders only with
    `recursive` (kubectl -R), not following links, every entry that is not a folder (a link,
    even to a folder or to nothing, which then fails to read) whose name ends in .json, .yaml
    or .yml (Go's filepath.Ext: a file named `.yaml` too). Raises NoManifests as kubectl
    refuses a folder with none when nothing was found before it."""
    found: list[Path] = []
    for path in paths:
        found.extend(_walked(path, recursive) if path.is_dir() else [path])
        if not found:
            raise NoManifests(
                f"error reading [{path}]: recognized file extensions are "
                f"[{' '.join(MANIFEST_EXTENSIONS)}]"
            )
    return found


def _walked(root: Path, recursive: bool) -> list[Path]:
    if root.is_symlink():  # Walk looks at its root with Lstat: a link is read as a file
        return [root]
    files: list[Path] = []

    def walk(folder: Path) -> None:
        for name in sorted(os.listdir(folder)):
            entry = folder / name
            if entry.is_dir() and not entry.is_symlink():
                if recursive:
                    walk(entry)
            elif "." in name and name[name.rindex(".") :] in MANIFEST_EXTENSIONS:
                files.append(entry)  # the extension as filepath.Ext takes it: `.yaml` has one

    walk(root)
    return files


def _cause(reason: str, message: str, field: str) -> dict[str, str]:
    """A cause as in the API server's Status (`{"reason", "message", "field"}`)."""
    return {"reason": reason, "message": message, "field": field}


def status_cause(error: FieldError) -> dict[str, str]:
    """apimachinery's `errors.NewInvalid`: the message is the error's body, without the field,
    and a nil path is Go's `<nil>`. (The server omits an empty message or field; here every
    cause has all three keys.)"""
    return _cause(error.reason, error.body(), "<nil>" if error.field is None else error.field)


def _problem(file: str, index: int, message: str, reason: str = "FieldValueInvalid") -> Verdict:
    verdict = Verdict(file, index, causes=[_cause(reason, message, "")])
    verdict.text = f"{file}: {message}"
    return verdict


def _shown_name(metadata: Any) -> str:
    """The object's name as a verdict's text shows it: for one the server names on create, its
    `generateName` prefix (the server's messages show the name it makes, unknown here)."""
    if not isinstance(metadata, dict):
        return ""
    for key in ("name", "generateName"):
        if isinstance(metadata.get(key), str) and metadata[key]:
            return str(metadata[key])
    return ""


def _read_as(catalog: Catalog, old: Any, api_version: str) -> Any:
    """The old object as the server reads it for an update sent in `api_version`: as created
    in its own version (pruned and defaulted with that version's schema), then converted, which
    the None strategy does by changing its apiVersion. The update's version prunes it and fills
    in its own defaults afterwards (`SchemaValidator`), as the server's decoding does."""
    if not isinstance(old, dict):
        return old
    own_version, own_kind = old.get("apiVersion"), old.get("kind")
    if own_version == api_version or not isinstance(own_version, str):
        return old
    own = catalog.binding(own_version, own_kind) if isinstance(own_kind, str) else None
    validator = own.validator if own is not None else None
    if validator is None:
        return old
    read = validator.stored(old)
    return {**read, "apiVersion": api_version} if isinstance(read, dict) else old


def check_document(
    catalog: Catalog,
    file: str,
    index: int,
    value: Any,
    mode: FieldValidation,
    old: Any,
    item: int | None = None,
) -> Verdict | None:
    """The verdict on one object: the document `index` of `file`, or its list's item `item`."""
    if value is None:
        return None  # empty documents are fine
    where = f"document {index}" if item is None else f"document {index}, items[{item}]"
    if isinstance(value, Undecodable):
        if not value.decoding:
            return _problem(file, index, value.message)
        return _problem(file, index, f"unable to decode {go_quote(file)}: {value.message}")
    if not isinstance(value, dict):
        verdict = _problem(file, index, f"{where} is not an object but {type(value).__name__}")
        verdict.item = item
        return verdict
    api_version, kind = value.get("apiVersion"), value.get("kind")
    metadata = value.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    verdict = Verdict(
        file,
        index,
        api_version if isinstance(api_version, str) else None,
        kind if isinstance(kind, str) else None,
        name if isinstance(name, str) else None,
        item=item,
    )
    if not isinstance(api_version, str) or not isinstance(kind, str):
        verdict.causes.append(
            _cause(
                "FieldValueRequired",
                "apiVersion and kind must be set",
                "apiVersion" if not isinstance(api_version, str) else "kind",
            )
        )
        verdict.text = f"{file}: {where}: apiVersion and kind must be set"
        return verdict
    binding = catalog.binding(api_version, kind)
    if binding is None:
        message = f'no CRD given for apiVersion "{api_version}", kind "{kind}"'
        if (api_version, kind) in catalog.unserved:  # kubectl's RESTMapper finds no match
            message = (
                f'no matches for kind "{kind}" in version "{api_version}": its CRD declares '
                "the version with served: false"
            )
        verdict.causes.append(_cause("FieldValueNotSupported", message, "kind"))
        verdict.text = f"{file}: {where}: {message}"
        return verdict
    # The server warns about a deprecated version on every request, before anything else.
    deprecated = catalog.deprecations.get((api_version, kind))
    verdict.warnings = [deprecated] if deprecated is not None else []
    try:
        with warnings.catch_warnings():
            # the models' Python DeprecationWarning: reported above as the server words it
            warnings.simplefilter("ignore", DeprecationWarning)
            # a manifest names fields as the CRD does: `storage_uri` is an unknown field
            old = _read_as(catalog, old, api_version)
            result = binding.validate(value, field_validation=mode, old=old, python_names=False)
    except Exception as exc:  # a validator bug must not hide the other documents' verdicts
        message = f"internal error while validating: {type(exc).__name__}: {exc}"
        verdict.causes.append(_cause("InternalError", message, ""))
        verdict.text = f"{file}: {where}: {message}"
        return verdict
    verdict.warnings = response_warnings([*verdict.warnings, *result.warnings])
    group = binding.sidecar.group
    if result.errors:
        error = InvalidResourceError(
            kind=kind,
            group=group,
            name=_shown_name(metadata),
            causes=tuple(result.errors),
            warnings=tuple(verdict.warnings),
        )
        verdict.causes = [status_cause(e) for e in result.errors]
        verdict.text = f"{file}: {error}"
    else:
        verdict.valid = True
        verdict.text = f'{file}: {kind}.{group} "{_shown_name(metadata)}" is valid'
    return verdict


# The namespace kubectl gives a namespaced object that names none, without a kubeconfig
# context that sets another (cli-runtime resource.Builder: SetNamespace).
DEFAULT_NAMESPACE = "default"


def _identity(
    value: Any, cluster_scoped: Callable[[str, str], bool]
) -> tuple[str, str, str, str] | None:
    """An object's identity on the server: group, kind, namespace, name. kubectl settles the
    namespace before sending: a namespaced object without one gets the default namespace, and a
    cluster-scoped object's is dropped (cli-runtime SetNamespace, FilterNamespace)."""
    if not isinstance(value, dict):
        return None
    meta = value.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    group, kind = str(value.get("apiVersion", "")).rpartition("/")[0], str(value.get("kind", ""))
    scoped = cluster_scoped(group, kind)
    namespace = "" if scoped else str(meta.get("namespace") or DEFAULT_NAMESPACE)
    return group, kind, namespace, str(meta.get("name") or "")


class OldObjects:
    """The objects of `--old`, each the stored object of the new one with its identity (group,
    kind, namespace, name), as the server pairs them; a single old object pairs with anything."""

    def __init__(
        self,
        values: Iterable[tuple[int, Any]] = (),
        cluster_scoped: Callable[[str, str], bool] = lambda group, kind: False,
    ) -> None:
        found = [value for _, value in values if value is not None]
        self._scope = cluster_scoped
        self._by_identity = {_identity(value, cluster_scoped): value for value in found}
        self._only = found[0] if len(found) == 1 else None

    def of(self, value: Any) -> Any:
        old = self._by_identity.get(_identity(value, self._scope))
        return old if old is not None else self._only


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out if out is not None else sys.stdout  # looked up per call: callers may redirect it
    err = err if err is not None else sys.stderr
    crd_paths = [Path(p) for p in args.crd]
    missing = [str(p) for p in [*crd_paths, *map(Path, args.inputs)] if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=err)
        return EXIT_USAGE
    relaxed: list[Problem] | None = [] if getattr(args, "allow_nonstructural", False) else None
    try:
        catalog = build_catalog(crd_paths, nonstructural=relaxed)
    except LoadError as exc:
        print_nonstructural(relaxed or [], err)
        print(f"error: {len(exc.problems)} problem(s) in the CRDs:", file=err)
        for problem in exc.problems:
            print(f"  {problem}", file=err)
        return EXIT_USAGE
    except FormatError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    except OSError as exc:
        print(
            f"error: cannot write the model cache under {cache_root()} ({exc}); set CRDC_CACHE_DIR",
            file=err,
        )
        return EXIT_USAGE
    print_nonstructural(relaxed or [], err)
    print_crd_warnings(catalog.crd_warnings, err)
    mode = FieldValidation(args.field_validation)
    olds = OldObjects()
    if args.old:
        old_values, stopped, _ = read_documents(Path(args.old))
        if stopped is not None:
            print(f"error: --old {args.old}: {stopped}", file=err)
            return EXIT_USAGE
        olds = OldObjects(
            (v for v in flattened(old_values) if not isinstance(v[1], Undecodable)),
            catalog.cluster_scoped,
        )
    any_invalid = False
    warned: set[str] = set()  # kubectl prints each warning text once per run
    try:
        inputs = input_files([Path(p) for p in args.inputs], recursive=args.recursive)
    except NoManifests as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    for path in inputs:
        shown = path.as_posix()
        verdicts: list[Verdict] = []
        values, stopped, notes = read_documents(path)
        for index, value, item in flattened_items(values):
            verdict = check_document(catalog, shown, index, value, mode, olds.of(value), item)
            if verdict is not None:
                verdict.warnings = [*notes.get(index, ()), *verdict.warnings]
                verdicts.append(verdict)
        if stopped is not None:
            verdicts.append(_problem(shown, len(values), stopped))
        for verdict in verdicts:
            any_invalid = any_invalid or not verdict.valid
            fresh = [w for w in verdict.warnings if w not in warned]
            if fresh:  # with the response, so before its verdict (and after the ones before)
                warned.update(fresh)
                out.flush()
                for warning in fresh:
                    print(f"Warning: {warning}", file=err)
                err.flush()
            if args.output == "json":
                print(json.dumps(verdict.as_json(), ensure_ascii=False, sort_keys=False), file=out)
            else:
                print(verdict.text, file=out)
    return EXIT_INVALID if any_invalid else EXIT_VALID
