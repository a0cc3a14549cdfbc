"""Where each generated file goes, and what it contains: IR -> {relative path: text}.

    generated/__init__.py
    generated/<group>/__init__.py
    generated/<group>/<version>/__init__.py     lazy exports: resources, Args, ArgsDicts
    generated/<group>/<version>/models.py        pydantic models (aggregator when several kinds)
    generated/<group>/<version>/_inputs.py       Args/ArgsDict (per kind when several kinds)
    generated/<group>/<version>/<kind>.py        the typed resource class
    *.schema.json                                sidecar of each models module (runtime data)

A version with several kinds gets one models and one inputs module per kind, so importing
one kind of a large group never loads the others.
"""

from __future__ import annotations

import json
import json.encoder
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from codegen import emit_models, emit_pulumi, incremental
from codegen.incremental import GENERATOR_VERSION as GENERATOR_VERSION
from codegen.ir import Group, Kind, Package, Version
from codegen.runtime import scale

# Python name -> JSON name of `codegen.runtime.meta.ObjectMeta`'s fields, sorted, as the sidecar
# records them (the runtime translates snake_case metadata with it). Written out: importing
# ObjectMeta would load pydantic into the compiler; a test checks it against the class.
OBJECT_META_NAMES: dict[str, str] = {
    "creation_timestamp": "creationTimestamp",
    "deletion_grace_period_seconds": "deletionGracePeriodSeconds",
    "deletion_timestamp": "deletionTimestamp",
    "generate_name": "generateName",
    "managed_fields": "managedFields",
    "owner_references": "ownerReferences",
    "resource_version": "resourceVersion",
    "self_link": "selfLink",
}


def header(sources: tuple[str, ...] | list[str]) -> str:
    joined = ", ".join(sources) if sources else "no CRDs"
    # Paths are untrusted text: escape anything that could end the comment line.
    joined = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in joined)
    return f"# generated from {joined} {incremental.HEADER_END}"


@dataclass(frozen=True)
class KindFiles:
    models_module: str
    inputs_module: str


def kind_modules(version: Version, kind: Kind) -> KindFiles:
    if len(version.kinds) == 1:
        return KindFiles("models", "_inputs")
    return KindFiles(f"_{kind.module}_models", f"_{kind.module}_inputs")


def sidecar(kind: Kind) -> str:
    """Runtime data of a models module: the schema and where each class sits in it."""
    names: dict[str, dict[str, str]] = {"/properties/metadata": dict(OBJECT_META_NAMES)}
    for obj in kind.types:
        differing = {f.py_name: f.json_name for f in obj.fields if f.py_name != f.json_name}
        if differing:
            for pointer in (obj.pointer, *obj.also_at):
                names[pointer] = differing
    document = {
        "generator": GENERATOR_VERSION,
        "source": kind.source,
        "group": kind.group,
        "version": kind.version,
        "kind": kind.kind,
        "plural": kind.plural,
        "scope": kind.scope,
        "storage": kind.storage,
        "deprecated": kind.deprecated,
        "deprecationWarning": kind.deprecation_warning,
        "statusSubresource": kind.status_subresource,
        "classes": {obj.class_name: obj.pointer for obj in kind.types},
        "names": names,
        "schema": emit_models.kind_schema(kind),
    }
    if kind.scale is not None:  # the server's scale checks (`codegen.runtime.scale`)
        document["scale"] = {
            key: kind.scale[key]
            for key in (*scale.REPLICAS_PATHS, scale.SELECTOR_PATH)
            if isinstance(kind.scale.get(key), str)
        }
    if kind.schema_plain:
        return dumps_plain_indented(document) + "\n"
    return dumps_indented(document) + "\n"


def dumps_indented(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=1)`, byte for byte, several times faster.

    With `indent`, the standard library encodes in pure Python through nested generators; this
    appends the same pieces to one list. Anything but str keys and JSON values (which would need
    json's conversions or errors) is left to json itself.
    """
    parts: list[str] = []
    try:
        _encode(value, "\n", parts)
    except _NotPlain:
        return json.dumps(value, ensure_ascii=False, indent=1)
    return "".join(parts)


def dumps_plain_indented(value: Any) -> str:
    """`dumps_indented(value)` for a plain value (string keys; strings, ints, booleans, nulls,
    no float), several times faster: pydantic's JSON encoder (loaded anyway by
    datamodel-code-generator) writes the same text for it, but not for floats or other keys.
    A value it cannot encode (a lone surrogate, too deep) is left to `dumps_indented`."""
    try:
        from pydantic_core import to_json

        return to_json(value, indent=1).decode()
    except Exception:
        return dumps_indented(value)


class _NotPlain(Exception):
    pass


_encode_str = json.encoder.encode_basestring  # the C function json uses with ensure_ascii=False


def _encode(value: Any, newline: str, parts: list[str]) -> None:
    kind = value.__class__
    if kind is str:
        parts.append(_encode_str(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + " "
        separator = "," + inner
        parts.append("{" + inner)
        first = True
        for key, item in value.items():
            if key.__class__ is not str:
                raise _NotPlain
            if first:
                first = False
            else:
                parts.append(separator)
            parts.append(_encode_str(key) + ": ")
            _encode(item, inner, parts)
        parts.append(newline + "}")
    elif kind is list:
        if not value:
            parts.append("[]")
            return
        inner = newline + " "
        separator = "," + inner
        parts.append("[" + inner)
        first = True
        for item in value:
            if first:
                first = False
            else:
                parts.append(separator)
            _encode(item, inner, parts)
        parts.append(newline + "]")
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float and math.isfinite(value):
        parts.append(float.__repr__(value))
    else:
        raise _NotPlain


ModelsRenderer = Callable[[Kind, str], str]


def kind_id(group: Group, version: Version, kind: Kind) -> str:
    """A stable name of one kind at one version (manifest key)."""
    return f"{group.package}/{version.package}/{kind.kind}"


def kind_files(
    group: Group,
    version: Version,
    kind: Kind,
    render_models: ModelsRenderer = emit_models.models_source,
) -> dict[str, str]:
    """The files generated from one kind alone: models, sidecar, inputs and resource modules.

    They depend on nothing but the `Kind` and `kind_modules(version, kind)`, so they can be
    reused as they are while both stay the same.
    """
    path, head = models_file(group, version, kind)
    return {path: render_models(kind, head), **kind_other_files(group, version, kind)}


def models_file(group: Group, version: Version, kind: Kind) -> tuple[str, str]:
    """Where the kind's models module goes, and the header it is generated with."""
    modules = kind_modules(version, kind)
    return f"{group.package}/{version.package}/{modules.models_module}.py", header([kind.source])


def kind_other_files(
    group: Group, version: Version, kind: Kind, *, with_sidecar: bool = True
) -> dict[str, str]:
    """`kind_files` but the models module: sidecar (unless not `with_sidecar`: see
    `sidecar_file`), inputs and resource modules."""
    base = f"{group.package}/{version.package}"
    head = header([kind.source])
    modules = kind_modules(version, kind)
    files = sidecar_file(group, version, kind) if with_sidecar else {}
    files[f"{base}/{modules.inputs_module}.py"] = emit_pulumi.inputs_source(kind, head)
    files[f"{base}/{kind.module}.py"] = emit_pulumi.resource_source(
        kind, head, modules.models_module, modules.inputs_module
    )
    return files


def sidecar_file(group: Group, version: Version, kind: Kind) -> dict[str, str]:
    """The sidecar of the kind's models module (the one file of the kind that ruff skips)."""
    path = f"{group.package}/{version.package}/{kind_modules(version, kind).models_module}"
    return {f"{path}.schema.json": sidecar(kind)}


def version_doc(group: Group, version: Version) -> str:
    """What a version package is: its kinds, which are stored as it, which are deprecated."""
    lines = [f"API version {group.name}/{version.name}."]
    for kind in version.kinds:
        notes = []
        if kind.storage_version == kind.version:
            notes.append("storage version")
        elif kind.storage_version:
            notes.append(f"stored as {kind.storage_version}")
        if kind.deprecated:
            notes.append(f"deprecated: {kind.deprecation_message}")
        lines.append(f"- {kind.kind}" + (f" ({'; '.join(notes)})" if notes else ""))
    return "\n".join(lines)


def version_index_files(group: Group, version: Version) -> dict[str, str]:
    """The lazy `__init__` of a version (and its `models` aggregator when it has several kinds)."""
    base = f"{group.package}/{version.package}"
    files: dict[str, str] = {}
    lazy_exports: list[tuple[str, list[str]]] = []
    model_exports: list[tuple[str, list[str]]] = []
    resources: dict[str, str] = {}
    inputs_by_kind: dict[str, str] = {}
    models_by_kind: dict[str, str] = {}
    for kind in version.kinds:
        modules = kind_modules(version, kind)
        lazy_exports.append((kind.module, [kind.root.class_name]))
        lazy_exports.append((modules.inputs_module, emit_pulumi.exported_inputs(kind)))
        model_exports.append((modules.models_module, [t.class_name for t in kind.types]))
        resources[kind.root.class_name] = kind.module
        inputs_by_kind[kind.root.class_name] = modules.inputs_module
        models_by_kind[kind.root.class_name] = modules.models_module
    head = header(sorted({k.source for k in version.kinds}))
    source, stub = emit_pulumi.lazy_init_source(
        head,
        lazy_exports,
        exact=resources,
        by_prefix=inputs_by_kind,
        doc=version_doc(group, version),
    )
    files[f"{base}/__init__.py"] = source
    files[f"{base}/__init__.pyi"] = stub
    if len(version.kinds) > 1:
        source, stub = emit_pulumi.lazy_init_source(
            head, model_exports, exact={}, by_prefix=models_by_kind
        )
        files[f"{base}/models.py"] = source
        files[f"{base}/models.pyi"] = stub
    return files


def shared_files(package: Package) -> dict[str, str]:
    """Every file that is not one kind's own: package, group and version indexes."""
    files: dict[str, str] = {
        "__init__.py": emit_pulumi.package_init_source(
            header(list(package.sources)), "Typed models and Pulumi resources compiled from CRDs."
        ),
        "py.typed": "",
    }
    for group in package.groups:
        sources = sorted({k.source for v in group.versions for k in v.kinds})
        files[f"{group.package}/__init__.py"] = emit_pulumi.package_init_source(
            header(sources),
            f"API group {group.name}: versions {', '.join(v.name for v in group.versions)}.",
        )
        for version in group.versions:
            files.update(version_index_files(group, version))
    return files


def package_files(
    package: Package, render_models: ModelsRenderer = emit_models.models_source
) -> dict[str, str]:
    """Every generated file of the package, keyed by path relative to the output folder."""
    files = shared_files(package)
    for group in package.groups:
        for version in group.versions:
            for kind in version.kinds:
                files.update(kind_files(group, version, kind, render_models))
    return dict(sorted(files.items()))
