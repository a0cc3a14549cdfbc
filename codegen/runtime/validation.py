"""Custom-resource validation exactly as the API server does it.

Two layers:

- :func:`validate_schema` (:mod:`codegen.runtime.openapi_validation`, re-exported here) is
  kube-openapi's ``SchemaValidator`` (``validate.NewSchemaValidator`` + apiextensions'
  ``kubeOpenAPIResultToFieldErrors``): same checks, same error messages, same field paths, same
  de-duplication and ``anyOf``/``oneOf`` best-failure selection (match counts). No pruning or
  defaulting happens there.
- :class:`SchemaValidator` is the entry point the rest of the project uses.  It replays the
  server's order on a copy of the object: prune unknown fields and non-nullable nulls (reporting
  unknown fields per :class:`FieldValidation`), apply defaults, drop ``status`` when the status
  subresource is on, then validate (schema, metadata and embedded resources, list types) and
  finally call the CEL hook, unless a blocking error was found.  A valid resource then gets the
  warnings the server's strategy adds (finalizer names without a path).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from operator import attrgetter
from typing import Any, Final, Protocol

from codegen.runtime.defaulting import apply_defaults, deep_copy_json, prune_non_nullable_nulls
from codegen.runtime.embedded_meta import path_segment_name
from codegen.runtime.errors import ErrorType, FieldError, InvalidResourceError, go_quote
from codegen.runtime.formats import Version, parse_version
from codegen.runtime.listtype import validate_list_value
from codegen.runtime.metadata import (
    field_decode_error,
    finalizer_warnings,
    object_meta_update_errors,
    prune_object_meta,
    validate_embedded_resources,
    validate_object_meta,
    validate_type_meta,
)
from codegen.runtime.openapi_validation import (
    _deep_equal,
    _Res,
    _to_field_error,
    _validate,
    validate_schema,
)
from codegen.runtime.pruning import prune
from codegen.runtime.ratcheting import ratchet
from codegen.runtime.scalars import normalize_integer
from codegen.runtime.scale import scale_errors
from codegen.runtime.structural import Node, compile_schema
from codegen.runtime.wire import NameNode, to_wire

__all__ = [
    "BLOCKING_ERROR_TYPES",
    "MISSING",
    "CelHook",
    "FieldValidation",
    "SchemaValidator",
    "ValidationResult",
    "validate_schema",
]


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


#: "No old object": the request is a create.
MISSING: Final = _Missing()

# --------------------------------------------------------------------------- entry point

#: Error types that make the server skip CEL (``hasBlockingErr``).
BLOCKING_ERROR_TYPES: Final = frozenset(
    {
        ErrorType.NOT_SUPPORTED,
        ErrorType.REQUIRED,
        ErrorType.TOO_LONG,
        ErrorType.TOO_MANY,
        ErrorType.TYPE_INVALID,
    }
)
CEL_SKIPPED_DETAIL: Final = (
    "some validation rules were not checked because the object was invalid; "
    "correct the existing errors to complete validation"
)


class FieldValidation(StrEnum):
    """``fieldValidation``: what happens to fields the schema does not know."""

    STRICT = "Strict"
    WARN = "Warn"
    IGNORE = "Ignore"


class CelHook(Protocol):
    """Evaluates ``x-kubernetes-validations`` rules (implemented in ``codegen.runtime.cel``).

    ``schema`` is the compiled root node (``schema.raw`` is the dict; every node keeps its
    ``validations``); ``obj`` the pruned and defaulted object; ``old`` the old object or
    :data:`MISSING` on create; ``path`` the field path of ``obj`` (``""`` for a resource root,
    ``"spec"`` for a spec validated alone).  Returns the errors and the warnings.
    """

    def validate(
        self, schema: Node, obj: Any, old: Any, path: str
    ) -> tuple[Sequence[FieldError], Sequence[str]]: ...


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """The object as the server would store it, and every error and warning at once."""

    value: Any
    errors: tuple[FieldError, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def __bool__(self) -> bool:
        return not self.errors


def _normalize_ints(x: Any, node: Node | None) -> Any:
    """Whole-number floats at ``integer`` nodes become ints (on our own copy, in place)."""
    if node is None:
        return x
    if node.type == "integer" or node.int_or_string:
        return normalize_integer(x)
    if isinstance(x, dict):
        props = node.properties
        ap = node.additional
        for k, v in x.items():
            sub = props.get(k) if props else None
            if sub is None:
                sub = ap
            if sub is not None and (isinstance(v, (dict, list, float))):
                x[k] = _normalize_ints(v, sub)
    elif isinstance(x, list):
        items = node.items
        if items is not None:
            for i, v in enumerate(x):
                if isinstance(v, (dict, list, float)):
                    x[i] = _normalize_ints(v, items)
    return x


def _unknown_field_reports(
    unknown: list[str], field_validation: FieldValidation
) -> tuple[list[FieldError], list[str]]:
    """Pruned paths as the server reports them: errors (Strict), warnings (Warn) or nothing."""
    if field_validation is FieldValidation.STRICT:
        return [
            FieldError(ErrorType.INVALID, p, f"unknown field {go_quote(p)}") for p in unknown
        ], []
    if field_validation is FieldValidation.WARN:
        return [], [f"unknown field {go_quote(p)}" for p in unknown]
    return [], []


def _names_namespace(obj: Any) -> bool:
    meta = obj.get("metadata") if isinstance(obj, Mapping) else None
    return isinstance(meta, Mapping) and "namespace" in meta


def without_namespace(obj: Any) -> Any:
    """A cluster-scoped object as the server validates it: BeforeCreate and BeforeUpdate clear
    its `metadata.namespace` (any value, even an invalid one) first. `obj` itself is kept."""
    if not _names_namespace(obj):
        return obj
    meta = obj["metadata"]
    return {**obj, "metadata": {k: v for k, v in meta.items() if k != "namespace"}}


class SchemaValidator:
    """Validates custom resources (or a sub-node) against one ``openAPIV3Schema``; compiles once.

    ``root=True``: ``obj`` is a whole custom resource (``apiVersion``/``kind``/``metadata``
    handled as the server does).  ``root=False``: ``obj`` is the value at ``path_prefix`` (e.g.
    a ``spec``) and only the schema rules apply.
    """

    __slots__ = (
        "_gate",
        "_has_cel",
        "_type_meta_ok",
        "cel",
        "cluster_scoped",
        "compatibility_version",
        "group",
        "kind",
        "node",
        "require_name",
        "root",
        "scale",
        "schema",
        "status_subresource",
        "use_gate",
        "version",
    )

    def __init__(
        self,
        schema: Mapping[str, Any],
        *,
        kind: str = "",
        group: str = "",
        version: str = "",
        status_subresource: bool = False,
        cluster_scoped: bool = False,
        root: bool = True,
        cel: CelHook | None = None,
        compatibility_version: str | Version | None = None,
        require_name: bool = False,
        scale: Mapping[str, Any] | None = None,
    ) -> None:
        self.schema = schema
        self.scale = scale if root else None  # the version's `subresources.scale`
        self.kind = kind
        self.group = group
        self.version = version
        self.status_subresource = status_subresource
        self.cluster_scoped = cluster_scoped
        self.root = root
        self.cel = cel
        self.require_name = require_name
        self.compatibility_version = parse_version(compatibility_version)
        node = compile_schema(schema, compatibility_version=self.compatibility_version)
        assert node is not None
        self.node: Node = node
        self._has_cel = node.has_cel
        self._gate: Any = _UNBUILT
        # the compiled fast path (codegen.runtime.gate); False: always the walk (tests compare)
        self.use_gate = True
        # apiVersion/kind that need no check (the usual case): the CRD's own, when valid
        want = f"{group}/{version}"
        canonical = {"apiVersion": want, "kind": kind}
        self._type_meta_ok: tuple[str, str] | None = (
            (want, kind)
            if group
            and version
            and kind
            and not validate_type_meta(canonical, kind=kind, group=group, version=version)
            else None
        )

    def clears_namespace(self, obj: Any) -> bool:
        """Whether validating `obj` first drops its `metadata.namespace` (`without_namespace`),
        which a validator that takes the object as given (a gate) must not skip."""
        return self.root and self.cluster_scoped and _names_namespace(obj)

    @property
    def type_meta_ok(self) -> tuple[str, str] | None:
        """The (apiVersion, kind) that need no closer check (None: every pair is checked)."""
        return self._type_meta_ok

    def validate(
        self,
        obj: Any,
        *,
        field_validation: FieldValidation = FieldValidation.STRICT,
        old: Any = MISSING,
        path_prefix: str = "",
        names: NameNode | None = None,
        require_name: bool | None = None,
    ) -> ValidationResult:
        """Process and validate ``obj``; ``names`` translates Python field names (``to_wire``).
        ``require_name``: whether a resource needs ``metadata.name`` or ``generateName`` (a
        manifest does; a Pulumi resource is named by Pulumi); None: the validator's own.

        A valid plain-JSON object takes the gate (:mod:`codegen.runtime.gate`, pydantic-core);
        anything it refuses takes one fused walk (:mod:`codegen.runtime.fused`), which does what
        :meth:`validate_reference` does pass by pass, with the same result.
        """
        node = self.node
        root = self.root
        prefix = "" if root else path_prefix
        if self.clears_namespace(obj):
            obj = without_namespace(obj)
        if type(obj) is dict and self.use_gate:
            gate = self._gate
            if gate is _UNBUILT:
                gate = self._gate = build_gate(
                    node, root=root, drop_status=root and self.status_subresource
                )
            if gate is not None:
                value = gate(obj)
                if value is not MISS:  # the gate has checked ObjectMeta too
                    return self._finish(
                        value,
                        _Res(),
                        [],
                        [],
                        [],
                        old,
                        prefix,
                        meta_checked=True,
                        require_name=require_name,
                    )
        if not _fused.can_walk(node, obj, prefix):
            return self.validate_reference(
                obj,
                field_validation=field_validation,
                old=old,
                path_prefix=path_prefix,
                names=names,
                require_name=require_name,
            )
        drop_status = root and self.status_subresource
        value, unknown, walk = _fused.walk_root(
            node, obj, names, prefix, resource_root=root, drop_status=drop_status
        )
        unknown.extend(sorted(walk.unknown))
        errors, warnings = _unknown_field_reports(unknown, field_validation)
        return self._finish(
            value, walk.res, walk.lt, errors, warnings, old, prefix, require_name=require_name
        )

    def validate_reference(
        self,
        obj: Any,
        *,
        field_validation: FieldValidation = FieldValidation.STRICT,
        old: Any = MISSING,
        path_prefix: str = "",
        names: NameNode | None = None,
        require_name: bool | None = None,
    ) -> ValidationResult:
        """The server's steps as separate passes over a copy (the reference for the fused walk)."""
        prefix = "" if self.root else path_prefix
        if self.clears_namespace(obj):
            obj = without_namespace(obj)
        value, unknown = self._processed(obj, prefix, names)
        errors, warnings = _unknown_field_reports(unknown, field_validation)
        res = _Res()
        _validate(self.node, value, prefix, res)
        return self._finish(
            value, res, None, errors, warnings, old, prefix, require_name=require_name
        )

    def stored(self, obj: Any) -> Any:
        """`obj` as the server holds it in this version: pruned and defaulted, status kept."""
        return self._processed(obj, "", None, stored=True)[0]

    def _processed(
        self, obj: Any, prefix: str, names: NameNode | None, *, stored: bool = False
    ) -> tuple[Any, list[str]]:
        """Steps 1 and 2 on a copy: the decoded, pruned, defaulted value and the pruned paths.
        `stored`: the object as the server holds it, its status kept."""
        node = self.node
        value = deep_copy_json(to_wire(obj, names) if names is not None else obj)
        root = self.root

        # 1. decode: unknown fields (metadata first, as the server reports them) and nulls
        unknown: list[str] = []
        if root and isinstance(value, dict):
            meta = value.get("metadata")
            if isinstance(meta, dict):
                unknown.extend(prune_object_meta(meta))
        unknown.extend(prune(value, node, is_resource_root=root, path_prefix=prefix))
        prune_non_nullable_nulls(value, node)

        # 2. defaults, status
        if node.has_defaults:
            apply_defaults(value, node)
        if root and self.status_subresource and isinstance(value, dict) and not stored:
            value.pop("status", None)
        return _normalize_ints(value, node), unknown

    def _finish(
        self,
        value: Any,
        res: _Res,
        list_errors: list[FieldError] | None,
        errors: list[FieldError],
        warnings: list[str],
        old: Any,
        prefix: str,
        *,
        meta_checked: bool = False,
        require_name: bool | None = None,
    ) -> ValidationResult:
        """Steps 3 and 4 on the processed value.

        ``res`` holds its kube-openapi schema errors, ``list_errors`` its list-type errors
        (``None``: not checked yet).
        """
        node = self.node
        root = self.root
        if old is not MISSING and old is not None:
            # as the server holds it (pruned and defaulted): what ratcheting and CEL's `oldSelf`
            # compare with; a caller's copy may lack its defaults
            old = self._processed(old, prefix, None, stored=True)[0]
            if root and self.status_subresource and isinstance(value, dict):
                # PrepareForUpdate: the object keeps its stored status, whatever the update
                # sends; the scale check and the rules (at the root too) see it
                value = {k: v for k, v in value.items() if k != "status"}
                if isinstance(old, dict) and "status" in old:
                    value["status"] = old["status"]
        # 3. validation: type meta, object meta, schema, embedded resources, list types
        if root and isinstance(value, dict):
            ok = self._type_meta_ok
            api_version = value.get("apiVersion")
            kind = value.get("kind")
            if (
                ok is None
                or type(api_version) is not str
                or type(kind) is not str
                or api_version != ok[0]
                or kind != ok[1]
            ):
                errors.extend(
                    validate_type_meta(
                        value, kind=self.kind, group=self.group, version=self.version
                    )
                )
            updating = old is not MISSING and isinstance(old, dict)
            meta = value.get("metadata")
            # kubectl decodes the object's metadata into ObjectMeta before it sends anything (and
            # the server would fail to decode it): a field of the wrong type is that one error
            undecodable = None
            if not meta_checked and isinstance(meta, dict):
                undecodable = field_decode_error(meta, "metadata.")
                if undecodable is not None:
                    key, message = undecodable
                    bad = FieldError(ErrorType.INVALID, f"metadata.{key}", message, meta[key])
                    errors.append(bad)
            if require_name is None:
                require_name = self.require_name
            # an update's name is the old object's (ValidateObjectMetaAccessorUpdate asks none)
            require_name = require_name and not updating
            if undecodable is None and (not meta_checked or require_name or updating):
                # An update checks the name as a path segment only (rest.validateCommonFields):
                # the strategy's DNS-subdomain rule is for a create.
                errors.extend(
                    validate_object_meta(
                        meta,
                        require_name=require_name,
                        is_resource=True,
                        name_rule=path_segment_name if updating else None,
                    )
                )
            if updating and undecodable is None:
                errors.extend(object_meta_update_errors(meta, old.get("metadata")))
        schema_errors = res.errors
        if schema_errors and old is not MISSING:  # an update: unchanged values ratchet
            # by the node that found it (a composite error is printed without a path)
            schema_errors = ratchet(
                schema_errors, attrgetter("at"), node, value, old, prefix, _deep_equal
            )
        if schema_errors:
            errors.extend(_to_field_error(e) for e in schema_errors)
        if self.scale is not None and isinstance(value, dict):
            errors.extend(scale_errors(value, self.scale))
        base = prefix or None
        if node.has_embedded:
            errors.extend(validate_embedded_resources(base, value, node))
        if list_errors is None:
            list_errors = validate_list_value(base, node, value) if node.has_list_types else []
        # List types ratchet on the whole object (the strategies' ValidateUpdate): the new
        # object's set/map errors count only when the old object has none at all.
        if (
            list_errors
            and old is not MISSING
            and old is not None
            and validate_list_value(base, node, old)
        ):
            list_errors = []
        errors.extend(list_errors)

        # 4. CEL, unless a blocking error was found
        if self.cel is not None and self._has_cel:
            if any(e.type in BLOCKING_ERROR_TYPES for e in errors):
                errors.append(FieldError(ErrorType.INVALID, None, CEL_SKIPPED_DETAIL, None))
            else:
                cel_errors, cel_warnings = self.cel.validate(node, value, old, prefix)
                errors.extend(cel_errors)
                warnings.extend(cel_warnings)

        # 5. the strategy's warnings, given only for a valid object (finalizer names)
        if root and not errors and isinstance(value, dict):
            meta = value.get("metadata")
            if isinstance(meta, dict) and meta.get("finalizers"):
                old_meta = old.get("metadata") if isinstance(old, dict) else None
                warnings.extend(finalizer_warnings(meta, old_meta))
        return ValidationResult(value, tuple(errors), tuple(warnings))

    def validate_or_raise(
        self,
        obj: Any,
        *,
        name: str | None = None,
        field_validation: FieldValidation = FieldValidation.STRICT,
        old: Any = MISSING,
        path_prefix: str = "",
    ) -> Any:
        """Validate; return the processed object or raise :class:`InvalidResourceError`."""
        result = self.validate(
            obj, field_validation=field_validation, old=old, path_prefix=path_prefix
        )
        if result.errors:
            if name is None:
                meta = obj.get("metadata") if isinstance(obj, Mapping) else None
                name = str(meta.get("name", "")) if isinstance(meta, Mapping) else ""
            raise InvalidResourceError(self.kind, self.group, name, result.errors, result.warnings)
        return result.value


from codegen.runtime import fused as _fused  # noqa: E402  (it builds on this module's helpers)
from codegen.runtime.gate import MISS, build_gate  # noqa: E402

_UNBUILT: Final = object()
