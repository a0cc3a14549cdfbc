"""Protobuf descriptor pools: the engine's way to know struct and opaque types.

cel-expr-python types structs through protobuf descriptors, and a Python function can only
return primitives, lists, maps and messages. So every Kubernetes library type (net.IP,
kubernetes.Quantity, ...) is a one-field message whose field holds a canonical form: CEL
equality on messages is field equality, which then matches the library's semantic equality.
"""

from __future__ import annotations

from functools import cache

from google.protobuf import (
    descriptor_pb2,
    descriptor_pool,
    duration_pb2,
    message,
    message_factory,
    struct_pb2,
    timestamp_pb2,
)

_F = descriptor_pb2.FieldDescriptorProto

# (package, message, field holding the canonical form)
OPAQUE_TYPES: tuple[tuple[str, str, str], ...] = (
    ("net", "IP", "address"),
    ("net", "CIDR", "prefix"),
    ("kubernetes", "Quantity", "exact"),
    ("kubernetes", "Semver", "version"),
    ("kubernetes", "URL", "raw"),
    ("kubernetes", "NamedFormat", "name"),
)
WELL_KNOWN_FILES = (
    "google/protobuf/struct.proto",
    "google/protobuf/timestamp.proto",
    "google/protobuf/duration.proto",
)


def _opaque_files() -> list[descriptor_pb2.FileDescriptorProto]:
    files: dict[str, descriptor_pb2.FileDescriptorProto] = {}
    for package, name, field in OPAQUE_TYPES:
        file = files.setdefault(
            package,
            descriptor_pb2.FileDescriptorProto(
                name=f"k8s_cel_{package}.proto", package=package, syntax="proto3"
            ),
        )
        msg = file.message_type.add(name=name)
        msg.field.add(name=field, number=1, type=_F.TYPE_STRING, label=_F.LABEL_OPTIONAL)
    return list(files.values())


def new_pool() -> descriptor_pool.DescriptorPool:
    """A pool holding the well-known types and the Kubernetes library types."""
    pool = descriptor_pool.DescriptorPool()
    for module in (struct_pb2, timestamp_pb2, duration_pb2):
        proto = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(proto)
        pool.Add(proto)  # type: ignore[no-untyped-call]
    for file in _opaque_files():
        pool.Add(file)  # type: ignore[no-untyped-call]
    return pool


# A value the API server cannot convert to the schema's CEL type (a `format: byte` string in the
# standard alphabet, a date-time strfmt cannot parse, data of the wrong type): the evaluation
# env only (no rule can name it); see `unconvertible`.
UNCONVERTIBLE_TYPE = "k8s_internal.Unconvertible"


def _internal_file() -> descriptor_pb2.FileDescriptorProto:
    file = descriptor_pb2.FileDescriptorProto(
        name="k8s_cel_internal.proto", package="k8s_internal", syntax="proto3"
    )
    msg = file.message_type.add(name="Unconvertible")
    msg.field.add(name="message", number=1, type=_F.TYPE_STRING, label=_F.LABEL_OPTIONAL)
    return file


@cache
def eval_pool() -> descriptor_pool.DescriptorPool:
    """The single pool of the shared evaluation environment (library values are built here)."""
    pool = new_pool()
    pool.Add(_internal_file())  # type: ignore[no-untyped-call]
    return pool


@cache
def unconvertible_class() -> type[message.Message]:
    descriptor = eval_pool().FindMessageTypeByName(UNCONVERTIBLE_TYPE)  # type: ignore[no-untyped-call]
    return message_factory.GetMessageClass(descriptor)


@cache
def opaque_class(full_name: str) -> type[message.Message]:
    descriptor = eval_pool().FindMessageTypeByName(full_name)  # type: ignore[no-untyped-call]
    return message_factory.GetMessageClass(descriptor)


def make_opaque(full_name: str, canonical: str) -> message.Message:
    field = next(f for p, n, f in OPAQUE_TYPES if f"{p}.{n}" == full_name)
    return opaque_class(full_name)(**{field: canonical})


def opaque_value(value: message.Message) -> str:
    """The canonical string a library message carries."""
    full_name = value.DESCRIPTOR.full_name
    field = next(f for p, n, f in OPAQUE_TYPES if f"{p}.{n}" == full_name)
    text: str = getattr(value, field)
    return text


def is_opaque(value: object, full_name: str) -> bool:
    return isinstance(value, message.Message) and value.DESCRIPTOR.full_name == full_name
