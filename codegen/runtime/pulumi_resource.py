"""`TypedCustomResource`: validate a custom resource like the API server, then register it.

The generated resource classes subclass this. Inputs may be Args classes, ArgsDicts
(snake_case keys), plain camelCase dicts, or any mixture, with `pulumi.Output`s anywhere.
Everything known at construction is validated then; an invalid resource raises
`InvalidResourceError` and nothing is registered. Values still unknown (Outputs) are validated
when they resolve, and an invalid one fails that resource during `pulumi up`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
from pulumi import _types as pulumi_types
from pulumi_kubernetes.apiextensions import CustomResource

from codegen.runtime.errors import InvalidResourceError
from codegen.runtime.model import ClassBinding, K8sModel
from codegen.runtime.validation import FieldValidation
from codegen.runtime.wire import to_wire


def plain_inputs(value: Any) -> Any:
    """Args instances -> camelCase dicts, recursively; Outputs and scalars are kept as they are."""
    if pulumi_types.is_input_type(type(value)):
        return {k: plain_inputs(v) for k, v in pulumi_types.input_type_to_dict(value).items() if v is not None}
    if isinstance(value, Mapping):
        return {k: plain_inputs(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_inputs(v) for v in value]
    return value


def contains_output(value: Any) -> bool:
    if isinstance(value, pulumi.Output) or hasattr(value, "__await__"):
        return True
    if isinstance(value, Mapping):
        return any(contains_output(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_output(v) for v in value)
    return False


def resource_object(binding: ClassBinding, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The custom resource as wire JSON (apiVersion, kind, metadata, spec...)."""
    body: dict[str, Any] = {"apiVersion": binding.sidecar.api_version, "kind": binding.sidecar.kind}
    for key, value in inputs.items():
        if value is not None:
            body[key] = plain_inputs(value)
    return to_wire(body, binding.names)  # type: ignore[no-any-return]


def checked(
    binding: ClassBinding, resource_name: str, body: dict[str, Any], field_validation: FieldValidation
) -> dict[str, Any]:
    """Validate and default `body` (fully known); raise InvalidResourceError naming the resource."""
    metadata = body.get("metadata")
    name_given = isinstance(metadata, Mapping) and bool(metadata.get("name") or metadata.get("generateName"))
    candidate = dict(body)
    if not name_given:
        # Pulumi auto-names the object from the resource name; validate with that name.
        candidate["metadata"] = {**(metadata if isinstance(metadata, Mapping) else {}), "name": resource_name}
    result = binding.validate(candidate, field_validation=field_validation)
    display = candidate["metadata"].get("name") or resource_name
    for warning in result.warnings:
        pulumi.log.warn(f'{binding.sidecar.kind}.{binding.sidecar.group} "{display}": {warning}')
    if result.errors:
        raise InvalidResourceError(
            kind=binding.sidecar.kind,
            group=binding.sidecar.group,
            name=str(display),
            causes=tuple(result.errors),
            warnings=tuple(result.warnings),
        )
    value = dict(result.value)
    if not name_given:
        metadata_out = dict(value.get("metadata") or {})
        metadata_out.pop("name", None)
        if metadata_out:
            value["metadata"] = metadata_out
        else:
            value.pop("metadata", None)
    return value


class TypedCustomResource(CustomResource):
    """A CustomResource whose body is checked against its CRD schema before registration."""

    API_VERSION: ClassVar[str]
    KIND: ClassVar[str]
    FIELD_VALIDATION: ClassVar[FieldValidation] = FieldValidation.STRICT

    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None,
        *,
        model: type[K8sModel],
        inputs: Mapping[str, Any],
    ) -> None:
        binding = model.k8s_binding()
        body = resource_object(binding, inputs)
        mode = self.FIELD_VALIDATION
        if contains_output(body):
            resolved = pulumi.Output.from_input(body)
            final: Any = resolved.apply(lambda known: checked(binding, resource_name, known, mode))
            spec_like = {k: final.apply(lambda v, key=k: v.get(key)) for k in body if k not in ("apiVersion", "kind")}
        else:
            final = checked(binding, resource_name, body, mode)
            spec_like = {k: v for k, v in final.items() if k not in ("apiVersion", "kind")}
        metadata = spec_like.pop("metadata", None)
        props = {"apiVersion": binding.sidecar.api_version, "kind": binding.sidecar.kind, "metadata": metadata, **spec_like}
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(version=_provider_version()))
        pulumi.CustomResource.__init__(
            self, f"kubernetes:{binding.sidecar.api_version}:{binding.sidecar.kind}", resource_name, props, opts
        )


def _provider_version() -> str | None:
    from pulumi_kubernetes import _utilities

    version = _utilities.get_version()
    return str(version) if version else None
