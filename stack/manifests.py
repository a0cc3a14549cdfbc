"""Registrations -> Kubernetes manifests: apiVersion/kind, names, ints restored, validated.

Pulumi's wire format carries every number as a float (`replicas: 3` arrives as `3.0`). A
manifest must say `3`: a whole float becomes an int unless the resource's schema says
`type: number` at that path (custom resources are read with their CRD schema, through the
generated models' sidecars; built-in kinds have no float fields).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from codegen import yamlio
from codegen.runtime.binding import SIDECAR_SUFFIX
from codegen.runtime.errors import InvalidResourceError
from codegen.runtime.model import K8sModel
from codegen.runtime.pulumi_resource import schema_child
from stack.offline import Registration

REPO = Path(__file__).resolve().parent.parent
GENERATED = REPO / "generated"

# Apply order for `kubectl apply -f dir/` (files are applied in name order).
_RANK: dict[str, int] = {"CustomResourceDefinition": 0, "Namespace": 10}
_CUSTOM_RANK = 20
_OTHER_RANK = 30


@dataclass(frozen=True)
class Manifest:
    """One Kubernetes object to write, and where it came from."""

    body: dict[str, Any]
    source: Registration
    custom: bool  # a custom resource checked by a generated model

    @property
    def kind(self) -> str:
        return str(self.body["kind"])

    @property
    def name(self) -> str:
        return str(self.body["metadata"]["name"])

    @property
    def namespace(self) -> str | None:
        value = self.body["metadata"].get("namespace")
        return str(value) if value else None

    @property
    def file_name(self) -> str:
        rank = _RANK.get(self.kind, _CUSTOM_RANK if self.custom else _OTHER_RANK)
        parts = [f"{rank:02d}", self.kind.lower()]
        if self.namespace:
            parts.append(self.namespace)
        parts.append(self.name)
        return "-".join(parts) + ".yaml"

    def to_yaml(self) -> str:
        header = f"# {self.source.type} {self.source.name}: rendered by `python -m stack.render`; do not edit.\n"
        return header + yamlio.dump(
            self.body, sort_keys=True, default_flow_style=False, allow_unicode=True, width=100
        )


def api_version_and_kind(type_token: str) -> tuple[str, str] | None:
    """`kubernetes:core/v1:Namespace` -> (`v1`, `Namespace`); None for non-Kubernetes types."""
    parts = type_token.split(":")
    if len(parts) != 3 or parts[0] != "kubernetes":
        return None
    group_version, kind = parts[1], parts[2]
    if group_version.startswith("core/"):
        group_version = group_version.removeprefix("core/")
    return group_version, kind


@cache
def generated_models() -> dict[tuple[str, str], tuple[str, str]]:
    """(apiVersion, kind) -> (models module, root class) for every generated kind."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for sidecar in sorted(GENERATED.rglob(f"*{SIDECAR_SUFFIX}")):
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        roots = [name for name, pointer in data["classes"].items() if pointer == ""]
        if not roots:
            continue
        relative = sidecar.relative_to(REPO).as_posix().removesuffix(SIDECAR_SUFFIX)
        module = relative.replace("/", ".")
        found[(f"{data['group']}/{data['version']}", data["kind"])] = (module, roots[0])
    return found


def model_for(api_version: str, kind: str) -> type[K8sModel] | None:
    located = generated_models().get((api_version, kind))
    if located is None:
        return None
    model: type[K8sModel] = getattr(importlib.import_module(located[0]), located[1])
    return model


def restore_ints(value: Any, schema: Mapping[str, Any] | None) -> Any:
    """Whole floats back to ints, except where `schema` says `type: number`."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        keep_float = schema is not None and schema.get("type") == "number"
        return value if keep_float or not value.is_integer() else int(value)
    if isinstance(value, Mapping):
        return {k: restore_ints(v, schema_child(schema, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [restore_ints(v, schema_child(schema, i)) for i, v in enumerate(value)]
    return value


def manifest(registration: Registration) -> Manifest | None:
    """The manifest of one registration (None for what is not a Kubernetes object)."""
    identity = api_version_and_kind(registration.type)
    if identity is None or not registration.custom:
        return None
    api_version, kind = identity
    model = model_for(api_version, kind)
    schema = model.k8s_binding().sidecar.schema if model is not None else None
    body: dict[str, Any] = restore_ints(
        {k: v for k, v in registration.inputs.items() if v is not None}, schema
    )
    body["apiVersion"] = api_version
    body["kind"] = kind
    metadata = dict(body.get("metadata") or {})
    # A resource without a name is auto-named by Pulumi (name + random suffix); offline, the
    # resource name itself keeps the output deterministic.
    metadata.setdefault("name", registration.name)
    body["metadata"] = metadata
    if model is not None:
        binding = model.k8s_binding()
        result = binding.validate(body)
        if result.errors:
            raise InvalidResourceError(
                kind=kind, group=binding.sidecar.group, name=metadata["name"], causes=result.errors
            )
        body = dict(result.value)
    return Manifest(body=body, source=registration, custom=model is not None)
