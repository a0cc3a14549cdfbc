"""`K8sModel`: the base of every generated pydantic model.

Before pydantic builds a model, the input is translated to wire JSON and run through the API
server's pipeline for the class's schema node (prune/reject unknown fields, default, validate
schema, list types and CEL). Pydantic then builds the typed object from the defaulted result.
Nested models are validated as part of their outermost model, once.

Validation context keys (``Model.model_validate(data, context={...})``):
- ``field_validation``: "Strict" (default), "Warn" or "Ignore", as kubectl's --validate;
- ``warnings``: a list that receives unknown-field warnings in Warn mode;
- ``old``: the previous object, for CEL transition rules (update);
- ``manifest``: True reads the data as the server reads a manifest: fields by their CRD names
  only (a Python name such as ``storage_uri`` is then an unknown field).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Final, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationInfo,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError
from pydantic_core import SchemaValidator as CoreValidator

from codegen.runtime.binding import (
    Sidecar,
    name_subtree,
    pointer_to_path,
    sidecar_for_module,
    warn_if_deprecated,
)
from codegen.runtime.errors import OMITTED, FieldError
from codegen.runtime.pointer import node_at
from codegen.runtime.wire import NameNode, to_wire

if TYPE_CHECKING:  # the validator loads on first validation, keeping model imports light
    from codegen.runtime.validation import FieldValidation, SchemaValidator, ValidationResult

_INSIDE: ContextVar[bool] = ContextVar("k8s_model_inside", default=False)


@dataclass(frozen=True)
class ClassBinding:
    """One generated class tied to its node in the CRD schema."""

    sidecar: Sidecar
    pointer: str | None  # None: not a CRD node (ObjectMeta), pydantic checks only

    @property
    def is_root(self) -> bool:
        return self.pointer == ""

    @cached_property
    def path(self) -> str:
        return pointer_to_path(self.pointer or "")

    @cached_property
    def names(self) -> NameNode | None:
        if self.pointer is None:
            return None
        return name_subtree(self.sidecar.name_tree, self.pointer)

    @cached_property
    def validator(self) -> SchemaValidator | None:
        if self.pointer is None:
            return None
        from codegen.runtime.cel_hook import cel_hook
        from codegen.runtime.validation import SchemaValidator

        schema = node_at(self.sidecar.schema, self.pointer)
        return SchemaValidator(
            schema,
            kind=self.sidecar.kind,
            group=self.sidecar.group,
            version=self.sidecar.version,
            status_subresource=self.sidecar.status_subresource,
            cluster_scoped=self.sidecar.cluster_scoped,
            scale=self.sidecar.scale,
            root=self.is_root,
            cel=cel_hook(schema, root_is_resource=self.is_root),
        )

    def validate(
        self,
        data: Any,
        *,
        field_validation: FieldValidation | str = "Strict",
        old: Any = None,
        python_names: bool = True,
    ) -> ValidationResult:
        """`data` (and `old`) as the server checks them. With `python_names` (the models' and
        Args classes' way) a field may also be given by its Python name; without it only the
        CRD's names are fields, as in a manifest the server reads."""
        sidecar = self.sidecar
        if sidecar.deprecated:
            warn_if_deprecated(sidecar, stacklevel=5)
        validator = self.validator
        assert validator is not None
        names = self.names if python_names else None
        modes = _modes()
        mode = modes.get(field_validation) if type(field_validation) is str else None
        if mode is None:
            mode = modes["__enum__"](field_validation)
        # A manifest must name its object (ValidateObjectMetaAccessor); Pulumi names resources.
        require_name = None if python_names else True
        if old is None and not python_names and self.is_root:
            data = with_generated_name(data)
        if old is None:
            return validator.validate(
                data,
                names=names,
                field_validation=mode,
                path_prefix=self.path,
                require_name=require_name,
            )
        return validator.validate(
            data,
            names=names,
            field_validation=mode,
            path_prefix=self.path,
            old=to_wire(old, names),
            require_name=require_name,
        )


# names.SimpleNameGenerator: generateName cut to 58 characters, then 5 random ones from
# utilrand's alphabet (a fixed 5 here: a rule that tests them would be random on the server).
_GENERATED_PREFIX_MAX = 58
_GENERATED_SUFFIX = "xxxxx"


def with_generated_name(data: Any) -> Any:
    """A manifest with `generateName` and no name, named as the server names it on create
    before it validates anything (rest.BeforeCreate): its rules and checks see that name."""
    meta = data.get("metadata") if isinstance(data, dict) else None
    if not isinstance(meta, dict) or meta.get("name"):
        return data
    prefix = meta.get("generateName")
    if not isinstance(prefix, str) or not prefix:
        return data
    name = prefix[:_GENERATED_PREFIX_MAX] + _GENERATED_SUFFIX
    return {**data, "metadata": {**meta, "name": name}}


_MODES: dict[Any, Any] = {}


def _modes() -> dict[Any, Any]:
    """FieldValidation by value (the validation module loads on first use)."""
    if not _MODES:
        from codegen.runtime.validation import FieldValidation

        _MODES.update({m.value: m for m in FieldValidation})
        _MODES["__enum__"] = FieldValidation
    return _MODES


def validation_error(title: str, errors: tuple[FieldError, ...]) -> ValidationError:
    """Kubernetes field errors as one pydantic ValidationError, one line per error."""
    details: list[InitErrorDetails] = []
    for error in errors:
        details.append(
            InitErrorDetails(
                type=PydanticCustomError(
                    "kubernetes",
                    "{message}",
                    {"message": str(error), "reason": error.reason, "field": error.field or ""},
                ),
                loc=(error.field,) if error.field else (),
                input=None if error.bad_value is OMITTED else error.bad_value,
            )
        )
    return ValidationError.from_exception_data(title, details)


class K8sModel(BaseModel):
    """Base of generated models: Kubernetes API-server semantics before pydantic's own checks."""

    # `model_name`, `model_format`... are ordinary CRD fields; only real attributes are avoided.
    model_config = ConfigDict(protected_namespaces=(), defer_build=True)

    __k8s_binding__: ClassVar[ClassBinding | None] = None
    __k8s_twin__: ClassVar[CoreValidator | None] = None
    __k8s_ratcheted_twin__: ClassVar[CoreValidator | None] = None
    __k8s_twin_uses__: ClassVar[int] = 0
    __k8s_fast__: ClassVar[Any] = None

    @classmethod
    def k8s_binding(cls) -> ClassBinding:
        binding = cls.__dict__.get("__k8s_binding__")
        if binding is None:
            sidecar = sidecar_for_module(cls.__module__)
            binding = ClassBinding(sidecar, sidecar.classes.get(cls.__name__))
            cls.__k8s_binding__ = binding
        return binding

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Kubernetes semantics, then pydantic (see the module docstring).

        The usual call skips the wrap validator of every nested class: the processed value is
        built by the class's validator without them (:func:`_twin`), which is the same
        validation minus a Python call per nested object.
        """
        plain_call = (
            strict is None
            and extra is None
            and from_attributes is None
            and by_alias is None
            and by_name is None
        )
        if plain_call and type(obj) is dict:
            fast = cls.__k8s_fast__  # the type's attribute cache: faster than cls.__dict__
            if fast is None or fast.cls is not cls:  # not built, or a subclass's parent's
                fast = _prepare_fast(cls)
            gate = fast.gate
            validator = fast.validator
            if (
                gate is not None
                and (fast.cel_free or validator.cel is None)
                and not validator.clears_namespace(obj)
                and validator.use_gate
                and (
                    context is None
                    or (
                        type(context) is dict
                        and ("old" not in context or context["old"] is None)
                        # a manifest without a name (refused, or named from generateName
                        # before anything is checked): the two-pass path
                        and not (context.get("manifest") and validator.root and _unnamed(obj))
                    )
                )
                and not _INSIDE.get()
            ):
                if gate is _PENDING:  # first needed now (CEL was on until now)
                    fast = _prepare_fast(cls, build=True)
                    gate = fast.gate
                try:
                    drop = fast.drop
                    built: Self = gate(drop(obj) if drop is not None and "status" in obj else obj)
                except Exception:  # refused (or a gate fault): the two-pass path decides
                    pass
                else:
                    if fast.deprecated:
                        warn_if_deprecated(cls.k8s_binding().sidecar, stacklevel=3)
                    if context is not None and "warnings" in context:
                        _strategy_warnings(cls, obj, context["warnings"])
                    return built
        if plain_call and not _INSIDE.get() and not isinstance(obj, cls):
            binding = cls.k8s_binding()
            if binding.validator is not None:
                value = _semantics(cls, binding, obj, context)
                if isinstance(context, dict) and context.get("old") is not None:
                    # an update: what ratcheting let through is the server's to keep, so
                    # pydantic's own field constraints must not judge it again
                    return _ratcheted_twin(cls).validate_python(value, context=context)  # type: ignore[no-any-return]
                twin = _twin(cls)
                if twin is not None:
                    return twin.validate_python(value, context=context)  # type: ignore[no-any-return]
                token = _INSIDE.set(True)  # the wrap validators pass the value through
                try:
                    return super().model_validate(value, context=context)
                finally:
                    _INSIDE.reset(token)
        return super().model_validate(
            obj,
            strict=strict,
            extra=extra,
            from_attributes=from_attributes,
            context=context,
            by_alias=by_alias,
            by_name=by_name,
        )

    @model_validator(mode="wrap")
    @classmethod
    def _kubernetes_semantics(
        cls, data: Any, handler: ModelWrapValidatorHandler[Self], info: ValidationInfo
    ) -> Self:
        if _INSIDE.get() or isinstance(data, cls):
            return handler(data)
        binding = cls.k8s_binding()
        if binding.validator is None:
            return handler(data)
        value = _semantics(cls, binding, data, info.context)
        token = _INSIDE.set(True)
        try:
            return handler(value)
        finally:
            _INSIDE.reset(token)


def _unnamed(obj: dict[str, Any]) -> bool:
    meta = obj.get("metadata")
    return not (isinstance(meta, dict) and meta.get("name"))


def _semantics(cls: type[K8sModel], binding: ClassBinding, data: Any, context: Any) -> Any:
    """The API server's pipeline on `data`: the processed value, or a ValidationError."""
    context = context if isinstance(context, dict) else {}
    result = binding.validate(
        data,
        field_validation=context.get("field_validation", "Strict"),
        old=context.get("old"),
        python_names=not context.get("manifest", False),
    )
    sink = context.get("warnings")
    if isinstance(sink, list):
        sink.extend(result.warnings)
    if result.errors:
        raise validation_error(cls.__name__, result.errors)
    return result.value


def _strategy_warnings(cls: type[K8sModel], obj: dict[str, Any], sink: Any) -> None:
    """The warnings the two-pass path gives a valid resource (finalizer names), for a `warnings`
    sink when the one-pass gate built the object instead."""
    meta = obj.get("metadata")
    if (
        isinstance(sink, list)
        and isinstance(meta, dict)
        and meta.get("finalizers")
        and cls.k8s_binding().is_root
    ):
        from codegen.runtime.metadata import finalizer_warnings

        sink.extend(finalizer_warnings(meta))


_WRAP_NAME: Final = "_kubernetes_semantics"


class _Fast:
    """What `model_validate` needs for the one-pass path (codegen.runtime.model_gate).

    A slotted class rather than a named tuple: `model_validate` reads several of these on every
    call, and a slot is read faster than a named tuple's field.
    """

    __slots__ = ("cel_free", "cls", "deprecated", "drop", "gate", "validator")

    def __init__(
        self,
        cls: type[Any],
        validator: Any,
        gate: Callable[[Any], Any] | None,
        drop: Callable[[Any], Any] | None,
        deprecated: bool,
        cel_free: bool,
    ) -> None:
        self.cls = cls
        self.validator = validator  # the class's SchemaValidator
        self.gate = gate  # the model gate's validate_python; None: no gate
        self.drop = drop  # its status dropper, run first when there is a status
        self.deprecated = deprecated
        # no CEL rule in the class's subtree: the gate applies with CEL on too
        self.cel_free = cel_free


def _pending(obj: Any) -> Any:
    raise NotImplementedError  # never called: model_validate builds the gate first


# The gate of a class whose CEL rules are on: not built until they are off (it would not be
# used, and it is the largest part of a large class's first validation)
_PENDING: Final = _pending


def _prepare_fast(cls: type[K8sModel], *, build: bool = False) -> _Fast:
    """Build the class's model gate once (None where it does not apply or does not build).

    The gate is used only where no CEL rule needs the processed dict and no old object is
    given; it refuses unknown fields, so the field-validation mode changes nothing there.
    `build`: even while the class's CEL rules are on (else it is left `_PENDING` then).
    """
    binding = cls.k8s_binding()
    validator = binding.validator
    gate: Callable[[Any], Any] | None = None
    drop = None
    cel_free = validator is None or not validator.node.has_cel
    if validator is None or validator.require_name:
        pass  # no gate
    elif not (build or cel_free or validator.cel is None):
        gate = _PENDING
    else:
        from codegen.runtime.model_gate import build_model_gate

        if not cls.__pydantic_complete__:
            cls.model_rebuild()
        built = build_model_gate(
            _strip_semantics(cls.__pydantic_core_schema__),
            validator.node,
            root=validator.root,
            drop_status=validator.root and validator.status_subresource,
            type_meta=validator.type_meta_ok,
        )
        gate = built.validate if built is not None else None
        drop = built.drop if built is not None else None
    fast = _Fast(
        cls,
        validator,
        gate,
        drop,
        binding.sidecar.deprecated,
        cel_free,
    )
    cls.__k8s_fast__ = fast
    return fast


# Uses of a class's two-pass path before its twin is built: building it costs about as much as
# compiling the class's schema again (0.25 s for argo Workflow), which a program validating a
# resource or two would never earn back; until then pydantic's own validator serves, its wrap
# validators passing the value through.
_TWIN_AFTER: Final = 3


def _twin(cls: type[K8sModel]) -> CoreValidator | None:
    """The class's validator without the Kubernetes wrap validators (built once per class, on
    its `_TWIN_AFTER`th use; None before)."""
    twin = cls.__dict__.get("__k8s_twin__")
    if twin is None:
        uses = cls.__dict__.get("__k8s_twin_uses__", 0) + 1
        if uses < _TWIN_AFTER:
            cls.__k8s_twin_uses__ = uses
            return None
        twin = _built_twin(cls, lenient=False)
        cls.__k8s_twin__ = twin
    return twin


def _built_twin(cls: type[K8sModel], *, lenient: bool) -> CoreValidator:
    """The class's core validator without our wrap validators (`lenient`: see `_lenient`)."""
    if not cls.__pydantic_complete__:
        cls.model_rebuild()
    schema = _strip_semantics(cls.__pydantic_core_schema__)
    return CoreValidator(_lenient(schema) if lenient else schema)


def _ratcheted_twin(cls: type[K8sModel]) -> CoreValidator:
    """The class's validator for a value the Kubernetes checks passed with ratcheting: no
    wrap validators, and none of pydantic's own judgement of values (types, bounds, lengths,
    patterns, literals, required fields), which an unchanged invalid value would fail. Only
    the structure is built: the models, lists and maps below. Built once per class."""
    twin: CoreValidator | None = cls.__dict__.get("__k8s_ratcheted_twin__")
    if twin is None:
        twin = _built_twin(cls, lenient=True)
        cls.__k8s_ratcheted_twin__ = twin
    return twin


# Core schema types that judge a value rather than build a structure
_JUDGING: Final = frozenset(
    {"int", "float", "str", "bool", "literal", "decimal", "bytes", "date", "datetime"}
)
_SIZE_KEYS: Final = ("min_length", "max_length")
# keys of a schema whose values are data (a default object may hold a `type` key)
_VALUES: Final = frozenset({"default", "expected", "metadata", "config", "serialization"})


def _lenient(schema: Any) -> Any:
    """A copy of a core schema that accepts whatever the structure holds (`_ratcheted_twin`)."""
    if isinstance(schema, list):
        return [_lenient(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if not isinstance(kind, str):  # a mapping of fields, one of them named `type`
        kind = None
    elif kind in _JUDGING:
        return {"type": "any"}
    out = {
        k: v if kind is not None and k in _VALUES else _lenient(v)
        for k, v in schema.items()
        if not (kind in ("list", "dict") and k in _SIZE_KEYS)
    }
    if kind in ("model-field", "typed-dict-field", "dataclass-field"):
        inner = out.get("schema")
        if isinstance(inner, dict) and inner.get("type") != "default":
            out["schema"] = {"type": "default", "schema": inner, "default": None}
        if kind == "typed-dict-field":
            out["required"] = False
    return out


def _strip_semantics(schema: Any) -> Any:
    """A copy of a core schema with our wrap validators replaced by the schema they wrap."""
    if isinstance(schema, dict):
        if schema.get("type") == "function-wrap":
            function = schema.get("function", {}).get("function")
            if getattr(function, "__name__", None) == _WRAP_NAME:
                inner = _strip_semantics(schema["schema"])
                if "ref" in schema:
                    inner = {**inner, "ref": schema["ref"]}
                return inner
        return {k: _strip_semantics(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_strip_semantics(v) for v in schema]
    return schema
