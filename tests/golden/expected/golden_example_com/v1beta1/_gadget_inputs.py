# generated from fixtures/gadgets.yaml by codegen — do not edit.
# `pulumi.get` returns Any. Not `# type: ignore[no-any-return]` per getter: mypy builds that
# message (the whole nested TypedDict type) even when it is ignored, which takes it tens of GB on
# PodSpec-sized CRDs.
# mypy: no-warn-return-any
from __future__ import annotations

import builtins as _builtins
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NotRequired, TypedDict

import pulumi

__all__ = [
    "GadgetSpecAArgs",
    "GadgetSpecAArgsDict",
    "GadgetSpecABArgs",
    "GadgetSpecABArgsDict",
    "GadgetSpecABC2Args",
    "GadgetSpecABC2ArgsDict",
    "GadgetSpecABCArgs",
    "GadgetSpecABCArgsDict",
    "GadgetSpecArgs",
    "GadgetSpecArgsDict",
    "GadgetSpecPortsArgs",
    "GadgetSpecPortsArgsDict",
]


class GadgetSpecArgsDict(TypedDict):
    """Input of `spec`."""

    class_: pulumi.Input[_builtins.str]
    'A keyword as a field name; "quotes" and \\backslash.'

    schema_: NotRequired[pulumi.Input[_builtins.str | None]]

    jwks_uri_2: NotRequired[pulumi.Input[_builtins.str | None]]

    jwks_uri: NotRequired[pulumi.Input[_builtins.str | None]]

    bootstrap_servers: NotRequired[pulumi.Input[_builtins.str | None]]

    speed: NotRequired[pulumi.Input[Literal["Slow", "slow", "="] | None]]

    size: NotRequired[pulumi.Input[_builtins.int | _builtins.str | None]]

    ratio: NotRequired[pulumi.Input[_builtins.float | None]]

    a: NotRequired[pulumi.Input[GadgetSpecAArgsDict | None]]

    a_b: NotRequired[pulumi.Input[GadgetSpecABArgsDict | None]]

    extra: NotRequired[pulumi.Input[Mapping[_builtins.str, pulumi.Input[Any]] | None]]

    ports: NotRequired[pulumi.Input[Sequence[pulumi.Input[GadgetSpecPortsArgsDict]] | None]]


@pulumi.input_type
class GadgetSpecArgs:
    def __init__(
        __self__,
        *,
        class_: pulumi.Input[_builtins.str],
        schema_: pulumi.Input[_builtins.str | None] = None,
        jwks_uri_2: pulumi.Input[_builtins.str | None] = None,
        jwks_uri: pulumi.Input[_builtins.str | None] = None,
        bootstrap_servers: pulumi.Input[_builtins.str | None] = None,
        speed: pulumi.Input[Literal["Slow", "slow", "="] | None] = None,
        size: pulumi.Input[_builtins.int | _builtins.str | None] = None,
        ratio: pulumi.Input[_builtins.float | None] = None,
        a: pulumi.Input[GadgetSpecAArgs | GadgetSpecAArgsDict | None] = None,
        a_b: pulumi.Input[GadgetSpecABArgs | GadgetSpecABArgsDict | None] = None,
        extra: pulumi.Input[Mapping[_builtins.str, pulumi.Input[Any]] | None] = None,
        ports: pulumi.Input[
            Sequence[pulumi.Input[GadgetSpecPortsArgs | GadgetSpecPortsArgsDict]] | None
        ] = None,
    ) -> None:
        """Input of `spec`."""
        pulumi.set(__self__, "class_", class_)
        if schema_ is not None:
            pulumi.set(__self__, "schema_", schema_)
        if jwks_uri_2 is not None:
            pulumi.set(__self__, "jwks_uri_2", jwks_uri_2)
        if jwks_uri is not None:
            pulumi.set(__self__, "jwks_uri", jwks_uri)
        if bootstrap_servers is not None:
            pulumi.set(__self__, "bootstrap_servers", bootstrap_servers)
        if speed is not None:
            pulumi.set(__self__, "speed", speed)
        if size is not None:
            pulumi.set(__self__, "size", size)
        if ratio is not None:
            pulumi.set(__self__, "ratio", ratio)
        if a is not None:
            pulumi.set(__self__, "a", a)
        if a_b is not None:
            pulumi.set(__self__, "a_b", a_b)
        if extra is not None:
            pulumi.set(__self__, "extra", extra)
        if ports is not None:
            pulumi.set(__self__, "ports", ports)

    @_builtins.property
    @pulumi.getter(name="class")
    def class_(self) -> pulumi.Input[_builtins.str]:
        'A keyword as a field name; "quotes" and \\backslash.'
        return pulumi.get(self, "class_")

    @class_.setter
    def class_(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "class_", value)

    @_builtins.property
    @pulumi.getter(name="schema")
    def schema_(self) -> pulumi.Input[_builtins.str | None]:
        return pulumi.get(self, "schema_")

    @schema_.setter
    def schema_(self, value: pulumi.Input[_builtins.str | None]) -> None:
        pulumi.set(self, "schema_", value)

    @_builtins.property
    @pulumi.getter(name="jwksUri")
    def jwks_uri_2(self) -> pulumi.Input[_builtins.str | None]:
        return pulumi.get(self, "jwks_uri_2")

    @jwks_uri_2.setter
    def jwks_uri_2(self, value: pulumi.Input[_builtins.str | None]) -> None:
        pulumi.set(self, "jwks_uri_2", value)

    @_builtins.property
    @pulumi.getter(name="jwks_uri")
    def jwks_uri(self) -> pulumi.Input[_builtins.str | None]:
        return pulumi.get(self, "jwks_uri")

    @jwks_uri.setter
    def jwks_uri(self, value: pulumi.Input[_builtins.str | None]) -> None:
        pulumi.set(self, "jwks_uri", value)

    @_builtins.property
    @pulumi.getter(name="bootstrap.servers")
    def bootstrap_servers(self) -> pulumi.Input[_builtins.str | None]:
        return pulumi.get(self, "bootstrap_servers")

    @bootstrap_servers.setter
    def bootstrap_servers(self, value: pulumi.Input[_builtins.str | None]) -> None:
        pulumi.set(self, "bootstrap_servers", value)

    @_builtins.property
    @pulumi.getter(name="speed")
    def speed(self) -> pulumi.Input[Literal["Slow", "slow", "="] | None]:
        return pulumi.get(self, "speed")

    @speed.setter
    def speed(self, value: pulumi.Input[Literal["Slow", "slow", "="] | None]) -> None:
        pulumi.set(self, "speed", value)

    @_builtins.property
    @pulumi.getter(name="size")
    def size(self) -> pulumi.Input[_builtins.int | _builtins.str | None]:
        return pulumi.get(self, "size")

    @size.setter
    def size(self, value: pulumi.Input[_builtins.int | _builtins.str | None]) -> None:
        pulumi.set(self, "size", value)

    @_builtins.property
    @pulumi.getter(name="ratio")
    def ratio(self) -> pulumi.Input[_builtins.float | None]:
        return pulumi.get(self, "ratio")

    @ratio.setter
    def ratio(self, value: pulumi.Input[_builtins.float | None]) -> None:
        pulumi.set(self, "ratio", value)

    @_builtins.property
    @pulumi.getter(name="a")
    def a(self) -> pulumi.Input[GadgetSpecAArgs | GadgetSpecAArgsDict | None]:
        return pulumi.get(self, "a")

    @a.setter
    def a(self, value: pulumi.Input[GadgetSpecAArgs | GadgetSpecAArgsDict | None]) -> None:
        pulumi.set(self, "a", value)

    @_builtins.property
    @pulumi.getter(name="aB")
    def a_b(self) -> pulumi.Input[GadgetSpecABArgs | GadgetSpecABArgsDict | None]:
        return pulumi.get(self, "a_b")

    @a_b.setter
    def a_b(self, value: pulumi.Input[GadgetSpecABArgs | GadgetSpecABArgsDict | None]) -> None:
        pulumi.set(self, "a_b", value)

    @_builtins.property
    @pulumi.getter(name="extra")
    def extra(self) -> pulumi.Input[Mapping[_builtins.str, pulumi.Input[Any]] | None]:
        return pulumi.get(self, "extra")

    @extra.setter
    def extra(self, value: pulumi.Input[Mapping[_builtins.str, pulumi.Input[Any]] | None]) -> None:
        pulumi.set(self, "extra", value)

    @_builtins.property
    @pulumi.getter(name="ports")
    def ports(
        self,
    ) -> pulumi.Input[Sequence[pulumi.Input[GadgetSpecPortsArgs | GadgetSpecPortsArgsDict]] | None]:
        return pulumi.get(self, "ports")

    @ports.setter
    def ports(
        self,
        value: pulumi.Input[
            Sequence[pulumi.Input[GadgetSpecPortsArgs | GadgetSpecPortsArgsDict]] | None
        ],
    ) -> None:
        pulumi.set(self, "ports", value)


class GadgetSpecAArgsDict(TypedDict):
    """Input of `spec.a`."""

    b_c: NotRequired[pulumi.Input[GadgetSpecABCArgsDict | None]]


@pulumi.input_type
class GadgetSpecAArgs:
    def __init__(
        __self__,
        *,
        b_c: pulumi.Input[GadgetSpecABCArgs | GadgetSpecABCArgsDict | None] = None,
    ) -> None:
        """Input of `spec.a`."""
        if b_c is not None:
            pulumi.set(__self__, "b_c", b_c)

    @_builtins.property
    @pulumi.getter(name="bC")
    def b_c(self) -> pulumi.Input[GadgetSpecABCArgs | GadgetSpecABCArgsDict | None]:
        return pulumi.get(self, "b_c")

    @b_c.setter
    def b_c(self, value: pulumi.Input[GadgetSpecABCArgs | GadgetSpecABCArgsDict | None]) -> None:
        pulumi.set(self, "b_c", value)


class GadgetSpecABCArgsDict(TypedDict):
    """Input of `spec.a.bC`."""

    x: NotRequired[pulumi.Input[_builtins.int | None]]


@pulumi.input_type
class GadgetSpecABCArgs:
    def __init__(
        __self__,
        *,
        x: pulumi.Input[_builtins.int | None] = None,
    ) -> None:
        """Input of `spec.a.bC`."""
        if x is not None:
            pulumi.set(__self__, "x", x)

    @_builtins.property
    @pulumi.getter(name="x")
    def x(self) -> pulumi.Input[_builtins.int | None]:
        return pulumi.get(self, "x")

    @x.setter
    def x(self, value: pulumi.Input[_builtins.int | None]) -> None:
        pulumi.set(self, "x", value)


class GadgetSpecABArgsDict(TypedDict):
    """Input of `spec.aB`."""

    c: NotRequired[pulumi.Input[GadgetSpecABC2ArgsDict | None]]


@pulumi.input_type
class GadgetSpecABArgs:
    def __init__(
        __self__,
        *,
        c: pulumi.Input[GadgetSpecABC2Args | GadgetSpecABC2ArgsDict | None] = None,
    ) -> None:
        """Input of `spec.aB`."""
        if c is not None:
            pulumi.set(__self__, "c", c)

    @_builtins.property
    @pulumi.getter(name="c")
    def c(self) -> pulumi.Input[GadgetSpecABC2Args | GadgetSpecABC2ArgsDict | None]:
        return pulumi.get(self, "c")

    @c.setter
    def c(self, value: pulumi.Input[GadgetSpecABC2Args | GadgetSpecABC2ArgsDict | None]) -> None:
        pulumi.set(self, "c", value)


class GadgetSpecABC2ArgsDict(TypedDict):
    """Input of `spec.aB.c`."""

    y: NotRequired[pulumi.Input[_builtins.bool | None]]


@pulumi.input_type
class GadgetSpecABC2Args:
    def __init__(
        __self__,
        *,
        y: pulumi.Input[_builtins.bool | None] = None,
    ) -> None:
        """Input of `spec.aB.c`."""
        if y is not None:
            pulumi.set(__self__, "y", y)

    @_builtins.property
    @pulumi.getter(name="y")
    def y(self) -> pulumi.Input[_builtins.bool | None]:
        return pulumi.get(self, "y")

    @y.setter
    def y(self, value: pulumi.Input[_builtins.bool | None]) -> None:
        pulumi.set(self, "y", value)


class GadgetSpecPortsArgsDict(TypedDict):
    """Input of `spec.ports`."""

    name: pulumi.Input[_builtins.str]

    port: NotRequired[pulumi.Input[_builtins.int | None]]


@pulumi.input_type
class GadgetSpecPortsArgs:
    def __init__(
        __self__,
        *,
        name: pulumi.Input[_builtins.str],
        port: pulumi.Input[_builtins.int | None] = None,
    ) -> None:
        """Input of `spec.ports`."""
        pulumi.set(__self__, "name", name)
        if port is not None:
            pulumi.set(__self__, "port", port)

    @_builtins.property
    @pulumi.getter(name="name")
    def name(self) -> pulumi.Input[_builtins.str]:
        return pulumi.get(self, "name")

    @name.setter
    def name(self, value: pulumi.Input[_builtins.str]) -> None:
        pulumi.set(self, "name", value)

    @_builtins.property
    @pulumi.getter(name="port")
    def port(self) -> pulumi.Input[_builtins.int | None]:
        return pulumi.get(self, "port")

    @port.setter
    def port(self, value: pulumi.Input[_builtins.int | None]) -> None:
        pulumi.set(self, "port", value)
