"""emit_pulumi: IR -> typed Pulumi Args, ArgsDicts and resource classes (jinja2 templates).

Every annotation string, import and literal is computed here; templates only lay code out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import jinja2

from codegen import naming, pyliteral
from codegen.ir import Field, Kind, ObjectType, TypeRef
from codegen.typeexpr import ARGS, ARGS_DICT, Annotation

_ABC = frozenset({"Mapping", "Sequence"})


class _Environment(jinja2.Environment):
    # Templates read attributes of view objects only, never items: the builtin, without
    # jinja's fallback to `obj[name]`, is called tens of thousands of times per module.
    getattr = staticmethod(getattr)  # type: ignore[assignment]


@cache
def _environment() -> jinja2.Environment:
    return _Environment(
        loader=jinja2.PackageLoader("codegen", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render(template: str, **context: object) -> str:
    return _environment().get_template(template).render(**context)


# Plain (not frozen) classes: their instances are built for every field of every input type.
@dataclass(slots=True)
class _FieldView:
    py_name: str
    json_literal: str
    required: bool
    doc: str
    dict_annotation: str
    args_annotation: str


@dataclass(slots=True)
class _TypeView:
    name: str
    doc: str
    fields: list[_FieldView]
    init_fields: list[_FieldView]  # required first, as pulumi-kubernetes orders them


class _ImportSet:
    def __init__(self) -> None:
        self.typing: set[str] = set()
        self.meta = False

    def use(self, annotation: Annotation) -> str:
        self.typing.update(annotation.typing_names)
        self.meta = self.meta or annotation.uses_meta
        return annotation.text


@lru_cache(maxsize=16384)
def _field_annotations(ref: TypeRef, required: bool) -> tuple[Annotation, Annotation]:
    """An input field's ArgsDict and Args annotations (one cache lookup for both)."""
    return ARGS_DICT.field(ref, required), ARGS.field(ref, required)


def _field_view(field: Field, imports: _ImportSet) -> _FieldView:
    # A required property with a default may be left out, as the server defaults it first.
    required = field.user_required
    as_dict, as_args = _field_annotations(field.type, required)
    return _FieldView(
        field.py_name,
        pyliteral.string(field.json_name),
        required,
        pyliteral.docstring(field.description, indent="    "),
        imports.use(as_dict),
        imports.use(as_args),
    )


def _type_view(obj: ObjectType, imports: _ImportSet) -> _TypeView:
    fields = [_field_view(f, imports) for f in obj.fields]
    ordered = [f for f in fields if f.required] + [f for f in fields if not f.required]
    return _TypeView(
        name=obj.class_name,
        doc=pyliteral.docstring(
            obj.description or f"Input of `{obj.path or obj.class_name}`.", indent="    "
        ),
        fields=fields,
        init_fields=ordered,
    )


def inputs_source(kind: Kind, header: str) -> str:
    """The `_inputs` module of one kind: an Args class and an ArgsDict per input object type."""
    imports = _ImportSet()
    input_types = kind.input_types
    types = [_type_view(obj, imports) for obj in input_types]
    imports.typing.add("TypedDict")
    return render(
        "inputs.py.j2",
        header=header,
        types=types,
        exports=_exports(input_types),
        typing_names=sorted(imports.typing - _ABC),
        abc_names=sorted(imports.typing & _ABC),
        uses_meta=imports.meta,
    )


@dataclass(frozen=True)
class _ResourceField:
    py_name: str
    json_literal: str
    annotation: str
    required: bool = False  # no default: a field the root schema requires (spec, usually)


def resource_source(kind: Kind, header: str, models_module: str, inputs_module: str) -> str:
    """The typed resource class of one kind (validates, then registers a CustomResource)."""
    imports = _ImportSet()
    metadata = kind.root.fields[2]
    fields = [
        _ResourceField(
            metadata.py_name,
            pyliteral.string(metadata.json_name),
            imports.use(ARGS.field(metadata.type, required=False)),
        )
    ]
    arg_imports: set[str] = set()
    for field in kind.top_level:
        required = field.user_required  # as in the models: the type checker sees it missing
        fields.append(
            _ResourceField(
                field.py_name,
                pyliteral.string(field.json_name),
                imports.use(ARGS.field(field.type, required=required)),
                required,
            )
        )
    for obj in kind.input_types:
        arg_imports.update({f"{obj.class_name}Args", f"{obj.class_name}ArgsDict"})
    words = {
        word
        for f in fields
        for word in f.annotation.replace("[", " ").replace("]", " ").replace("|", " ").split()
    }
    used = arg_imports & words
    doc_lines = [
        kind.root.description or f"{kind.kind} ({kind.api_version}).",
        "",
        f"apiVersion: {kind.api_version}, kind: {kind.kind}; validated against {kind.source}",
        "before it is registered.",
    ]
    if kind.storage_version == kind.version:
        doc_lines += ["", f"{kind.version} is the storage version of this CRD."]
    elif kind.storage_version:
        doc_lines += [
            "",
            f"The API server stores {kind.kind} as {kind.storage_version} (converted).",
        ]
    outputs = [f.json_name for f in kind.top_level if _is_output_attribute(f.json_name)]
    typing_names = (imports.typing - _ABC) | ({"TYPE_CHECKING"} if used else set())
    if outputs:
        typing_names.add("Any")
    if kind.root.open:  # x-kubernetes-preserve-unknown-fields at the root
        typing_names.add("Any")
        doc_lines += [
            "",
            "The schema keeps unknown top-level fields: pass them as keyword arguments named",
            "as in the manifest (`spec={...}`).",
        ]
    if kind.deprecated:
        doc_lines += ["", f"Deprecated: {kind.deprecation_message}"]
    return render(
        "resource.py.j2",
        header=header,
        class_name=kind.root.class_name,
        doc=pyliteral.docstring("\n".join(doc_lines), indent="    "),
        deprecated_literal=pyliteral.string(kind.deprecation_message) if kind.deprecated else "",
        api_version_literal=pyliteral.string(kind.api_version),
        kind_literal=pyliteral.string(kind.kind),
        fields=fields,
        models_module=models_module,
        inputs_module=inputs_module,
        arg_imports=sorted(used),
        typing_names=sorted(typing_names),
        abc_names=sorted(imports.typing & _ABC),
        uses_meta=imports.meta,
        open_root=kind.root.open,
        outputs=outputs,
    )


# What a resource object already has: a top-level field named so gets no output declaration.
_RESOURCE_ATTRIBUTES = frozenset(
    {"API_VERSION", "KIND", "FIELD_VALIDATION", "validated_body", "urn", "id", "get"}
    | {"apiVersion", "kind", "metadata", "status"}
    # Pulumi's CustomResource's own (a declaration would override them)
    | {"get_provider", "translate_input_property", "translate_output_property"}
    | {"pulumi_resource_name", "pulumi_resource_type"}
    # what the class body names at module level (a declaration would hide it there)
    | {"pulumi", "Any", "TYPE_CHECKING", "TypedCustomResource", "super"}
)


def _is_output_attribute(name: str) -> bool:
    """Whether the SDK's output attribute for the top-level field `name` can be declared."""
    return (
        name.isidentifier()
        and name.isascii()
        and name not in naming.KEYWORDS
        and not name.startswith("_")
        and not name.startswith("translate_")
        and name not in _RESOURCE_ATTRIBUTES
    )


def lazy_init_source(
    header: str,
    imports: Sequence[tuple[str, Sequence[str]]],
    *,
    exact: Mapping[str, str],
    by_prefix: Mapping[str, str],
    doc: str = "",
) -> tuple[str, str]:
    """A package `__init__` resolving names on first use, and the `.pyi` stub listing them.

    `exact` maps exported names to modules; `by_prefix` maps kind class names to the module
    holding every class whose name starts with it (see codegen.runtime.lazy).
    """
    ordered = [(module, sorted(names)) for module, names in sorted(imports) if names]
    source = render(
        "lazy_init.py.j2",
        header=header,
        doc=pyliteral.docstring(doc, indent="") if doc else "",
        exact=[(pyliteral.string(k), pyliteral.string(f".{v}")) for k, v in sorted(exact.items())],
        by_prefix=[
            (pyliteral.string(k), pyliteral.string(f".{v}")) for k, v in sorted(by_prefix.items())
        ],
    )
    stub = render("lazy_stub.pyi.j2", header=header, imports=ordered)
    return source, stub


def package_init_source(header: str, doc: str) -> str:
    return render("package_init.py.j2", header=header, doc=pyliteral.docstring(doc, indent=""))


def exported_inputs(kind: Kind) -> list[str]:
    return _exports(kind.input_types)


def _exports(input_types: Sequence[ObjectType]) -> list[str]:
    return sorted(
        n for obj in input_types for n in (f"{obj.class_name}Args", f"{obj.class_name}ArgsDict")
    )
