"""Kubernetes ObjectMeta as a pydantic model, shared by every generated root model.

Only its shape lives here; the server's metadata rules (name format, labels, annotations)
are checked by the runtime validator on the whole resource.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator


class ObjectMeta(BaseModel):
    """Standard object metadata: the parts a manifest author sets, and what servers fill in."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: StrictStr | None = None
    generate_name: StrictStr | None = Field(default=None, alias="generateName")
    namespace: StrictStr | None = None
    labels: dict[str, StrictStr] | None = None
    annotations: dict[str, StrictStr] | None = None
    finalizers: list[StrictStr] | None = None
    owner_references: list[dict[str, Any]] | None = Field(default=None, alias="ownerReferences")
    uid: StrictStr | None = None
    resource_version: StrictStr | None = Field(default=None, alias="resourceVersion")
    generation: StrictInt | None = None
    creation_timestamp: StrictStr | None = Field(default=None, alias="creationTimestamp")
    deletion_timestamp: StrictStr | None = Field(default=None, alias="deletionTimestamp")
    deletion_grace_period_seconds: StrictInt | None = Field(
        default=None, alias="deletionGracePeriodSeconds"
    )
    managed_fields: list[dict[str, Any]] | None = Field(default=None, alias="managedFields")
    self_link: StrictStr | None = Field(default=None, alias="selfLink")

    @model_validator(mode="after")
    def _as_built(self) -> Self:
        """Nothing to check. pydantic-core swaps any schema naming a *plain* model class for
        that class's own validator, which would drop the constrained copy of this schema the
        model gate builds (codegen.runtime.meta_gate); with a validator of its own, ObjectMeta
        is not plain. The gate also checks at build time that its copy is the one used."""
        return self
