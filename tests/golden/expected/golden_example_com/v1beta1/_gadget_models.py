# generated from fixtures/gadgets.yaml by codegen — do not edit.

from __future__ import annotations

from typing import Annotated, Any, Literal

from codegen.runtime.meta import ObjectMeta
from codegen.runtime.model import K8sModel
from pydantic import ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr


class GadgetSpecABC(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    x: StrictInt | None = None


class GadgetSpecABC2(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    y: StrictBool | None = None


class GadgetSpecPorts(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    name: StrictStr
    port: Annotated[StrictInt | None, Field(ge=1, le=65535)] = None


class GadgetSpecA(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    b_c: Annotated[GadgetSpecABC | None, Field(alias="bC")] = None


class GadgetSpecAB(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    c: GadgetSpecABC2 | None = None


class GadgetSpec(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
    )
    class_: Annotated[StrictStr, Field(alias="class")]
    """
    A keyword as a field name; "quotes" and \\backslash.
    """
    schema_: Annotated[StrictStr | None, Field(alias="schema")] = None
    jwks_uri_2: Annotated[StrictStr | None, Field(alias="jwksUri")] = None
    jwks_uri: StrictStr | None = None
    bootstrap_servers: Annotated[StrictStr | None, Field(alias="bootstrap.servers")] = None
    speed: Literal["Slow", "slow", "="] | None = None
    size: StrictInt | StrictStr | None = None
    ratio: StrictFloat | None = None
    a: GadgetSpecA | None = None
    a_b: Annotated[GadgetSpecAB | None, Field(alias="aB")] = None
    extra: dict[str, Any] | None = None
    ports: list[GadgetSpecPorts] | None = None


class Gadget(K8sModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        arbitrary_types_allowed=True,
    )
    api_version: Annotated[Literal["golden.example.com/v1beta1"], Field(alias="apiVersion")]
    kind: Literal["Gadget"]
    metadata: ObjectMeta | None = None
    spec: GadgetSpec | None = None
