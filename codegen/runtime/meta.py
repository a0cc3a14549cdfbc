"""Kubernetes ObjectMeta as a pydantic model, shared by every generated root model.

Only its shape lives here; the server's metadata rules (name format, labels, annotations)
are checked by the runtime validator on the whole resource.
"""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator


class ObjectMeta(BaseModel):
    """Standard object metadata: the parts a manifest author sets, and what servers fill in."""

    # Aliases inside Annotated, as in the generated models: type checkers then take the
    # constructor's snake_case names (`generate_name=`); both names are accepted at run time.
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: StrictStr | None = None
    generate_name: Annotated[StrictStr | None, Field(alias="generateName")] = None
    namespace: StrictStr | None = None
    labels: dict[str, StrictStr] | None = None
    annotations: dict[str, StrictStr] | None = None
    finalizers: list[StrictStr] | None = None
    owner_references: Annotated[list[dict[str, Any]] | None, Field(alias="ownerReferences")] = None
    uid: StrictStr | None = None
    resource_version: Annotated[StrictStr | None, Field(alias="resourceVersion")] = None
    generation: StrictInt | None = None
    creation_timestamp: Annotated[StrictStr | None, Field(alias="creationTimestamp")] = None
    deletion_timestamp: Annotated[StrictStr | None, Field(alias="deletionTimestamp")] = None
    deletion_grace_period_seconds: Annotated[
        StrictInt | None, Field(alias="deletionGracePeriodSeconds")
    ] = None
    managed_fields: Annotated[list[dict[str, Any]] | None, Field(alias="managedFields")] = None
    self_link: Annotated[StrictStr | None, Field(alias="selfLink")] = None

    @model_validator(mode="after")
    def _as_built(self) -> Self:
        """Nothing to check. pydantic-core swaps any schema naming a *plain* model class for
        that class's own validator, which would drop the constrained copy of this schema the
        model gate builds (codegen.runtime.meta_gate); with a validator of its own, ObjectMeta
        is not plain. The gate also checks at build time that its copy is the one used."""
        return self
