"""Turn what a user wrote (snake_case keys, camelCase keys, pydantic models) into wire JSON.

The API server only knows the CRD's JSON names. Users of the generated classes may write the
Python names instead, so every object is translated with the per-node name map the compiler
emits. A key that is neither a JSON nor a Python name is kept, so validation reports it as an
unknown field at its real path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from codegen.runtime.pointer import escape


@dataclass
class NameNode:
    """What the translator needs of one schema node: JSON names, Python aliases, children."""

    properties: dict[str, NameNode | None] = field(default_factory=dict)
    py_names: dict[str, str] = field(default_factory=dict)  # python name -> json name
    items: NameNode | None = None
    values: NameNode | None = None

    @property
    def is_leaf(self) -> bool:
        return not (self.properties or self.py_names or self.items or self.values)


def build_name_tree(
    schema: Mapping[str, Any], names: Mapping[str, Mapping[str, str]], pointer: str = ""
) -> NameNode | None:
    """A NameNode tree mirroring `schema`; None where nothing below needs translating."""
    if not isinstance(schema, Mapping):
        return None
    node = NameNode(py_names=dict(names.get(pointer, {})))
    properties = schema.get("properties")
    if isinstance(properties, Mapping):
        for key, child in properties.items():
            node.properties[key] = build_name_tree(
                child, names, f"{pointer}/properties/{escape(key)}"
            )
    items = schema.get("items")
    if isinstance(items, Mapping):
        node.items = build_name_tree(items, names, f"{pointer}/items")
    additional = schema.get("additionalProperties")
    if isinstance(additional, Mapping):
        node.values = build_name_tree(additional, names, f"{pointer}/additionalProperties")
    return None if node.is_leaf else node


def model_to_wire(model: BaseModel) -> dict[str, Any]:
    """A validated model as the JSON the API server would receive (only what was set)."""
    return model.model_dump(by_alias=True, exclude_unset=True, mode="python")


class AmbiguousNameError(ValueError):
    """Two keys of one object name the same field (`maxReplicas` and `max_replicas`)."""

    def __init__(self, path: str, first: str, second: str, json_name: str) -> None:
        self.path, self.first, self.second, self.json_name = path, first, second, json_name
        where = f"{path}: " if path else ""
        super().__init__(
            f'{where}"{first}" and "{second}" both set the field "{json_name}": give only one'
        )

    def under(self, segment: str) -> AmbiguousNameError:
        path = f"{segment}.{self.path}" if self.path else segment
        return AmbiguousNameError(path, self.first, self.second, self.json_name)


def json_keys(value: Mapping[Any, Any], node: NameNode, path: str = "") -> dict[Any, Any]:
    """`value` with Python names replaced by JSON names, at one level (the values untouched);
    AmbiguousNameError, at `path`, when a field is given by both its names."""
    props, py = node.properties, node.py_names

    def json_name(key: Any) -> Any:
        if (props and key in props) or not isinstance(key, str):
            return key
        return py.get(key, key)

    out: dict[Any, Any] = {}
    for key, item in value.items():
        name = json_name(key)
        if name in out:
            other = next(k for k in value if k != key and json_name(k) == name)
            raise AmbiguousNameError(path, str(other), str(key), str(name))
        out[name] = item
    return out


def to_wire(value: Any, node: NameNode | None) -> Any:
    """Translate `value` to JSON names; never mutates the input. Raises AmbiguousNameError
    when a JSON name and a Python name of one field are both given."""
    if isinstance(value, BaseModel):
        return model_to_wire(value)
    if isinstance(value, Mapping):
        if node is None:
            return {k: to_wire(v, None) for k, v in value.items()}
        out = json_keys(value, node)
        for name, item in out.items():  # values replaced in place: the keys stay as they are
            try:
                out[name] = to_wire(item, node.properties.get(name, node.values))
            except AmbiguousNameError as exc:
                raise exc.under(str(name)) from None
        return out
    if isinstance(value, (list, tuple)):
        child = node.items if node is not None else None
        return [to_wire(item, child) for item in value]
    return value
