"""emit_models: IR -> JSON Schema -> datamodel-code-generator -> pydantic v2 models source.

The JSON Schema handed to datamodel-code-generator carries our class names (`$defs` keys),
our field names (scoped aliases) and only the checks pydantic performs the same way the API
server does (types, required, enum, bounds, lengths). Patterns, formats, defaulting, pruning,
list types and CEL are the runtime's job (`codegen.runtime`), driven by the schema sidecar.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import pickle
import signal
import sys
import threading
import warnings
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, BinaryIO

from codegen.ir import Field, Kind, ObjectType, TypeKind, TypeRef
from codegen.runtime.pointer import node_at

MODEL_BASE = "codegen.runtime.model.K8sModel"
_SCALAR_JSON = {
    TypeKind.STRING: "string",
    TypeKind.INTEGER: "integer",
    TypeKind.NUMBER: "number",
    TypeKind.BOOLEAN: "boolean",
}
_CONSTRAINTS = ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")
# The keywords that apply to a type (kube-openapi checks a string's length, an array's item
# count and a number's bounds, and ignores the others, which CRDs do carry: karpenter puts
# maxLength on an array); dmcg would turn any of them into a pydantic constraint.
_APPLICABLE: dict[TypeKind, tuple[str, ...]] = {
    TypeKind.STRING: ("minLength", "maxLength"),
    TypeKind.INTEGER: ("minimum", "maximum"),
    TypeKind.NUMBER: ("minimum", "maximum"),
    TypeKind.BOOLEAN: (),
    TypeKind.LIST: ("minItems", "maxItems"),
}
_DEFAULT_TYPES: dict[TypeKind, tuple[type, ...]] = {
    TypeKind.STRING: (str,),
    TypeKind.INTEGER: (int,),
    TypeKind.NUMBER: (int, float),
    TypeKind.BOOLEAN: (bool,),
}

META_TYPE = "codegen.runtime.meta.ObjectMeta"


def _constraints(node: Mapping[str, Any], kind: TypeKind) -> dict[str, Any]:
    if node.keys().isdisjoint(_CONSTRAINTS):
        return {}  # most nodes: one set operation instead of six lookups
    found = {
        k: node[k]
        for k in _APPLICABLE[kind]
        if isinstance(node.get(k), (int, float)) and not isinstance(node.get(k), bool)
    }
    # OpenAPI v3.0's boolean exclusive bounds become JSON Schema 2020's numeric ones.
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if node.get(exclusive) is True and bound in found:
            found[exclusive] = found.pop(bound)
    return found


@lru_cache(maxsize=4)
def _parsed(schema_json: str) -> Any:
    return json.loads(schema_json)


def kind_schema(kind: Kind) -> Any:
    """The kind's schema as JSON values, parsed once for the models and the sidecar.

    Shared: callers must not modify it.
    """
    return kind.schema if kind.schema is not None else _parsed(kind.schema_json)


class _SchemaBuilder:
    def __init__(self, kind: Kind) -> None:
        self.schema: Mapping[str, Any] = kind_schema(kind)

    def type_schema(self, ref: TypeRef, node: Mapping[str, Any]) -> dict[str, Any]:
        result: dict[str, Any]
        if ref.kind in _SCALAR_JSON:
            result = {"type": _SCALAR_JSON[ref.kind], **_constraints(node, ref.kind)}
            if ref.literals:
                result["enum"] = list(ref.literals)
        elif ref.kind is TypeKind.INT_OR_STRING:
            result = {"anyOf": [{"type": "integer"}, {"type": "string"}]}
        elif ref.kind is TypeKind.OBJECT:
            result = {"$ref": f"#/$defs/{ref.ref}"}
        elif ref.kind is TypeKind.METADATA:
            result = {"customTypePath": META_TYPE}
        elif ref.kind is TypeKind.MAP:
            assert ref.item is not None
            value_node = node.get("additionalProperties")
            value_schema = self.type_schema(
                ref.item, value_node if isinstance(value_node, dict) else {}
            )
            result = {"type": "object", "additionalProperties": value_schema or True}
        elif ref.kind is TypeKind.LIST:
            assert ref.item is not None
            items = node.get("items")
            result = {
                "type": "array",
                "items": self.type_schema(ref.item, items if isinstance(items, dict) else {}),
                **_constraints(node, ref.kind),
            }
        else:
            result = {}
        if ref.nullable and result:
            result = {"anyOf": [result, {"type": "null"}]}
        return result

    def field_schema(self, field: Field, node: Mapping[str, Any]) -> dict[str, Any]:
        result = self.type_schema(field.type, node)
        if field.description:
            result["description"] = field.description
        if field.has_default and field.type.kind in _DEFAULT_TYPES:
            value = field.default
            if isinstance(value, _DEFAULT_TYPES[field.type.kind]) and not (
                isinstance(value, bool) and field.type.kind is not TypeKind.BOOLEAN
            ):
                result["default"] = value
        return result

    def object_schema(self, obj: ObjectType) -> dict[str, Any]:
        node = node_at(self.schema, obj.pointer)
        properties: dict[str, Any] = {}
        for field in obj.fields:
            child = (node.get("properties") or {}).get(field.json_name)
            properties[field.json_name] = self.field_schema(
                field, child if isinstance(child, dict) else {}
            )
        result: dict[str, Any] = {
            "type": "object",
            "title": obj.class_name,
            "properties": properties,
            "additionalProperties": obj.open,
        }
        if obj.description:
            result["description"] = obj.description
        required = [f.json_name for f in obj.fields if f.required]
        if required:
            result["required"] = required
        return result


def json_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema (2020-12 style) datamodel-code-generator turns into the kind's models."""
    builder = _SchemaBuilder(kind)
    defs: dict[str, Any] = {}
    for obj in kind.types[1:]:
        defs[obj.class_name] = builder.object_schema(obj)
    root = builder.object_schema(kind.root)
    root["$defs"] = defs
    return root


def aliases(kind: Kind) -> dict[str, str]:
    """Scoped `Class.jsonName -> py_name` for every field whose Python name differs."""
    result: dict[str, str] = {}
    for obj in kind.types:
        for field in obj.fields:
            if field.py_name != field.json_name:
                result[f"{obj.class_name}.{field.json_name}"] = field.py_name
    return result


ModelsJob = tuple[str, str, dict[str, str], str]  # schema text, root class, aliases, header


def models_job(kind: Kind, header: str) -> ModelsJob:
    """Everything `render` needs, as plain data (it can be sent to another process)."""
    return (
        json.dumps(json_schema(kind), ensure_ascii=False),
        kind.root.class_name,
        aliases(kind),
        header,
    )


def models_source(kind: Kind, header: str) -> str:
    """Pydantic v2 models for one kind at one version (unformatted: `write` formats)."""
    return render(*models_job(kind, header))


def generate(*args: Any, **kwargs: Any) -> Any:
    """datamodel-code-generator's `generate`, imported on first use (it takes ~0.3 s)."""
    from datamodel_code_generator import generate as dmcg_generate

    return dmcg_generate(*args, **kwargs)


def render(schema: str, class_name: str, field_aliases: dict[str, str], header: str) -> str:
    """datamodel-code-generator with our options on one kind's JSON Schema text."""
    from datamodel_code_generator import InputFileType, LiteralType, PythonVersion
    from datamodel_code_generator.enums import DataModelType, StrictTypes

    result = generate(
        schema,
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        class_name=class_name,
        base_class=MODEL_BASE,
        aliases=field_aliases,
        enum_field_as_literal=LiteralType.All,
        field_constraints=True,
        use_annotated=True,
        strict_types=[StrictTypes.str, StrictTypes.int, StrictTypes.float, StrictTypes.bool],
        use_standard_collections=True,
        use_union_operator=True,
        disable_timestamp=True,
        allow_population_by_field_name=True,
        use_double_quotes=True,
        use_schema_description=True,
        use_field_description=True,
        custom_file_header=header,
        # No formatter here: `write.format_sources` formats every generated file in one ruff
        # batch with pinned settings (dmcg's ruff would be one more process per kind, and would
        # read whatever ruff configuration the working folder has).
        formatters=[],
    )
    if not isinstance(result, str):  # pragma: no cover - one schema always gives one module
        raise TypeError("datamodel-code-generator returned several modules for one schema")
    return result


_WARM_UP: ModelsJob = (
    json.dumps(
        {
            "type": "object",
            "title": "Warm",
            "properties": {
                "a": {"anyOf": [{"type": "integer"}, {"type": "null"}], "description": "d"},
                "b": {"type": "array", "items": {"$ref": "#/$defs/WarmB"}, "maxItems": 2},
            },
            "required": ["a"],
            "additionalProperties": False,
            "$defs": {"WarmB": {"type": "object", "title": "WarmB", "properties": {}}},
        }
    ),
    "Warm",
    {"Warm.a": "a_"},
    "# warm-up",
)


class ModelsWorker:
    """datamodel-code-generator in a forked process, started before there is work for it.

    Importing datamodel-code-generator and its first `generate()` call (pydantic models built,
    templates compiled) take ~0.3 s, more than compiling a small CRD. The command line forks
    this worker first: it pays that start while the parent imports the rest, loads and checks
    the CRDs and renders the Pulumi modules; the parent then sends the kinds' schemas and
    collects the model sources. Outputs are those of `models_source` (same function, same
    inputs); any failure (no fork, a dead worker, an error in a job) makes the parent render
    that kind itself, so errors surface exactly as without the worker.
    """

    def __init__(self, pid: int, jobs: BinaryIO, results: BinaryIO) -> None:
        self._pid = pid
        self._jobs: BinaryIO | None = jobs
        self._results: BinaryIO | None = results
        self._received: list[tuple[bool, str]] = []
        self._sender: threading.Thread | None = None

    @classmethod
    def start(cls) -> ModelsWorker | None:
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None  # not POSIX, or a threaded host process (forking it is unsafe)
        try:
            jobs_read, jobs_write = os.pipe()
            results_read, results_write = os.pipe()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
        except OSError:  # pragma: no cover - out of processes or descriptors
            return None
        if pid == 0:  # pragma: no cover - the worker process (coverage does not see it)
            # A short-lived process that ends with os._exit: the cyclic collector would only
            # slow down the imports and the rendering (by ~10%).
            gc.disable()
            status = 1
            try:
                os.close(jobs_write)
                os.close(results_read)
                with os.fdopen(jobs_read, "rb") as jobs, os.fdopen(results_write, "wb") as out:
                    _serve(jobs, out)
                status = 0
            except BaseException:  # the parent renders what is missing
                pass
            finally:
                os._exit(status)
        os.close(jobs_read)
        os.close(results_write)
        return cls(pid, os.fdopen(jobs_write, "wb"), os.fdopen(results_read, "rb"))

    def submit(self, jobs: list[ModelsJob]) -> None:
        """Send every job at once (from a thread: the worker reads only once warmed up)."""
        stream = self._jobs
        self._jobs = None
        if stream is None:
            return

        def send() -> None:
            with contextlib.suppress(OSError, ValueError), stream:
                pickle.dump(jobs, stream, protocol=pickle.HIGHEST_PROTOCOL)

        self._sender = threading.Thread(target=send, name="codegen-models-jobs", daemon=True)
        self._sender.start()

    def result(self, index: int) -> str | None:
        """The source of job `index`, or None when the worker could not give it."""
        while len(self._received) <= index and self._results is not None:
            try:
                self._received.append(pickle.load(self._results))
            except Exception:  # EOF or a broken worker: render locally
                self._results.close()
                self._results = None
        if index < len(self._received) and self._received[index][0]:
            return self._received[index][1]
        return None

    def close(self) -> None:
        """Stop the worker (whether or not it was used) and reap it."""
        for stream in (self._jobs, self._results):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._jobs = self._results = None
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self._pid, 0)
        if self._sender is not None:
            self._sender.join()


def _serve(jobs: BinaryIO, out: BinaryIO) -> None:  # pragma: no cover - runs in the worker
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        render(*_WARM_UP)
    for job in pickle.load(jobs):
        try:
            reply = (True, render(*job))
        except Exception as exc:  # the parent runs the job again and raises
            reply = (False, repr(exc))
        pickle.dump(reply, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
