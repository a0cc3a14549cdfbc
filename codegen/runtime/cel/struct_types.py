"""Protobuf descriptors for the struct types of a schema, so the engine can type-check `self`.

Only the checker sees these messages; evaluation runs on plain maps and lists (which is how the
API server's values behave: an unset field is an error to read, `has()` tests presence).
Shapes protobuf cannot express (list of lists, map of lists, ...) degrade to dyn.
"""

from __future__ import annotations

import itertools

from cel_expr_python import cel
from google.protobuf import descriptor_pb2, descriptor_pool

from .decl import DeclNode
from .pool import new_pool

_F = descriptor_pb2.FieldDescriptorProto
_SCALAR_FIELD = {
    "int": (_F.TYPE_INT64, ""),
    "double": (_F.TYPE_DOUBLE, ""),
    "bool": (_F.TYPE_BOOL, ""),
    "string": (_F.TYPE_STRING, ""),
    "bytes": (_F.TYPE_BYTES, ""),
    "timestamp": (_F.TYPE_MESSAGE, ".google.protobuf.Timestamp"),
    "duration": (_F.TYPE_MESSAGE, ".google.protobuf.Duration"),
    "dyn": (_F.TYPE_MESSAGE, ".google.protobuf.Value"),
}
_SCALAR_CEL = {
    "int": cel.Type.INT,
    "double": cel.Type.DOUBLE,
    "bool": cel.Type.BOOL,
    "string": cel.Type.STRING,
    "bytes": cel.Type.BYTES,
    "timestamp": cel.Type.TIMESTAMP,
    "duration": cel.Type.DURATION,
    "dyn": cel.Type.DYN,
}
_package_ids = itertools.count(1)


class StructTypes:
    """One descriptor pool per compiled schema, holding a message per object node.

    `naming` and `keep` make a part of another registry (see `selectable`): its messages have
    the names they have there, and hold only the fields named in `keep`.
    """

    def __init__(
        self, *, naming: StructTypes | None = None, keep: frozenset[str] | None = None
    ) -> None:
        self.package: str = naming.package if naming is not None else f"crd{next(_package_ids)}"
        self._naming = naming
        self._keep = keep
        self._file = descriptor_pb2.FileDescriptorProto(
            name=f"{self.package}.proto",
            package=self.package,
            syntax="proto2",
            dependency=[
                "google/protobuf/struct.proto",
                "google/protobuf/timestamp.proto",
                "google/protobuf/duration.proto",
            ],
        )
        self._names: dict[int, str] = {}
        self._pool: descriptor_pool.DescriptorPool | None = None

    def cel_type(self, node: DeclNode | None) -> cel.Type:
        """CEL type of a node; registers the messages it needs (call before `pool()`)."""
        if node is None:
            return cel.Type.DYN
        if node.kind == "list":
            return cel.Type.List(self.cel_type(node.element))
        if node.kind == "map":
            return cel.Type.Map(cel.Type.STRING, self.cel_type(node.element))
        if node.kind == "object":
            return cel.Type(f"{self.package}.{self._message(node)}")
        return _SCALAR_CEL[node.kind]

    def selectable(
        self, node: DeclNode | None, names: frozenset[str]
    ) -> tuple[descriptor_pool.DescriptorPool, cel.Type]:
        """`node`'s type for checking expressions whose identifiers are all in `names`.

        The engine converts every message reachable from a variable's type when it builds a
        checker (10-15 ms per rule node of a large CRD, where a pod template hangs below), but
        an expression can only select a field by writing its name. So: a pool of its own,
        whose messages keep their names (checker messages are unchanged) and only the fields
        called by one of `names`.
        """
        part = StructTypes(naming=self, keep=names)
        cel_type = part.cel_type(node)
        return part.pool(), cel_type

    def pool(self) -> descriptor_pool.DescriptorPool:
        if self._pool is None:
            self._pool = new_pool()
            self._pool.Add(self._file)  # type: ignore[no-untyped-call]
        return self._pool

    def _message(self, node: DeclNode) -> str:
        key = id(node)
        if key in self._names:
            return self._names[key]
        if self._naming is not None:
            name = self._naming._message(node)
        else:
            name = f"Object{len(self._names) + 1}"
        self._names[key] = name
        msg = self._file.message_type.add(name=name)
        # Property names like `jwksUri` beside `jwks_uri` are legal in a CRD; without this the
        # descriptor builder logs a JSON-name conflict warning to stderr for each of them.
        msg.options.deprecated_legacy_json_field_conflicts = True
        for number, f in enumerate(node.fields, start=1):
            if self._keep is None or f.cel_name in self._keep:
                self._add_field(msg, f.cel_name, number, f.node)
        return name

    def _add_field(
        self, msg: descriptor_pb2.DescriptorProto, name: str, number: int, node: DeclNode
    ) -> None:
        if node.kind == "list":
            type_, type_name = self._element_field(node.element)
            _field(msg, name, number, type_, type_name, _F.LABEL_REPEATED)
        elif node.kind == "map":
            entry_name = _map_entry_name(name)
            entry = msg.nested_type.add(name=entry_name)
            entry.options.map_entry = True
            entry.field.add(name="key", number=1, type=_F.TYPE_STRING, label=_F.LABEL_OPTIONAL)
            type_, type_name = self._element_field(node.element)
            _field(entry, "value", 2, type_, type_name, _F.LABEL_OPTIONAL)
            msg.field.add(
                name=name,
                number=number,
                type=_F.TYPE_MESSAGE,
                type_name=f".{self.package}.{msg.name}.{entry_name}",
                json_name=f"f{number}",
                label=_F.LABEL_REPEATED,
            )
        else:
            type_, type_name = self._element_field(node)
            _field(msg, name, number, type_, type_name, _F.LABEL_OPTIONAL)

    def _element_field(self, node: DeclNode | None) -> tuple[int, str]:
        if node is None or node.kind in ("list", "map"):
            return _SCALAR_FIELD["dyn"]  # not expressible as a protobuf field: dyn
        if node.kind == "object":
            return _F.TYPE_MESSAGE, f".{self.package}.{self._message(node)}"
        return _SCALAR_FIELD[node.kind]


def _field(
    msg: descriptor_pb2.DescriptorProto,
    name: str,
    number: int,
    type_: int,
    type_name: str,
    label: int,
) -> None:
    # explicit json names: escaped names like `__true__` and `_true` must not collide
    added = msg.field.add(name=name, number=number, type=type_, label=label, json_name=f"f{number}")
    if type_name:
        added.type_name = type_name


def _map_entry_name(field_name: str) -> str:
    """protoc's name for a map field's entry message (the C++ descriptor builder checks it)."""
    out = []
    cap_next = True
    for ch in field_name:
        if ch == "_":
            cap_next = True
        elif cap_next:
            out.append(ch.upper() if "a" <= ch <= "z" else ch)
            cap_next = False
        else:
            out.append(ch)
    return "".join(out) + "Entry"
