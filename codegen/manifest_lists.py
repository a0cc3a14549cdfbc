"""Lists in manifests, as kubectl's decoder reads them (apimachinery's unstructuredJSONScheme):
an object with a root `items` key is a list whatever its kind, and only its items are applied."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from codegen.runtime.metadata import field_decode_error
from codegen.runtime.scalars import json_type_name


@dataclass(frozen=True)
class Undecodable:
    """A document kubectl refuses before anything is sent: its error text. `decoding`: the
    decoder refuses it (else its list flattening, after decoding)."""

    message: str
    decoding: bool = True


def flattened_items(values: list[tuple[int, Any]]) -> list[tuple[int, Any, int | None]]:
    """Documents as kubectl's unstructured decoder reads them (each item keeps its document's
    index): an object with a root `items` key is a list whatever its kind, and its items are
    applied one by one, not the object; an item with neither kind nor apiVersion takes the
    list's apiVersion and its kind without the `List` suffix. A list whose items are not
    objects is an `Undecodable` document, and so is one with an item that is a list itself
    (kubectl's FlattenListVisitor cannot extract the items of an inner list: it was decoded
    as an object). Each value comes with its place in its list's `items`, None for a document
    of its own."""
    out: list[tuple[int, Any, int | None]] = []
    for index, value in values:
        if not isinstance(value, dict) or "items" not in value:
            out.append((index, value, None))
            continue
        items = value["items"]  # decoded first (decodeToList), then the list's kind and metadata
        if items is not None and not isinstance(items, list):
            out.append((index, Undecodable(_cannot_unmarshal(items, _LIST_ITEMS)), None))
            continue
        wrong = [item for item in items or () if item is not None and not isinstance(item, dict)]
        if wrong:  # decodeToList stops at the first item it cannot decode
            out.append((index, Undecodable(_cannot_unmarshal(wrong[0], _LIST_ITEM)), None))
            continue
        refused = _list_decode_error(value)
        if refused is not None:
            out.append((index, Undecodable(refused), None))
            continue
        if items is None:  # a null `items` still makes it a list, an empty one
            continue
        kind, api_version = value.get("kind"), value.get("apiVersion")
        item_kind = kind.removesuffix("List") if isinstance(kind, str) else ""
        list_version = api_version if isinstance(api_version, str) else ""
        flat: list[dict[str, Any]] = []
        for item in items:
            if item is None or not (_text(item.get("kind")) or _text(item.get("apiVersion"))):
                item = {**(item or {}), "kind": item_kind, "apiVersion": list_version}
            flat.append(item)
        if any(isinstance(item.get("items"), list) for item in flat):
            # an item with an `items` array is a list to meta.IsListType, and meta.ExtractList
            # fails on it (an *Unstructured has no Items field) before any item is applied
            out.append((index, Undecodable(_NESTED_LIST, decoding=False), None))
            continue
        out.extend((index, item, place) for place, item in enumerate(flat))
    return out


def _list_decode_error(value: dict[str, Any]) -> str | None:
    """What kubectl's decoder refuses in a list document itself, before any item is applied:
    no kind (unstructured's MissingKindErr, a kind that is no string counting as none), then
    what cli-runtime's metadataValidatingDecoder cannot read into its metadata-only object
    (an apiVersion that is no string, metadata that is no ObjectMeta)."""
    if not _text(value.get("kind")):
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return f"Object 'Kind' is missing in '{text}'"
    api_version = value.get("apiVersion")
    if api_version is not None and not isinstance(api_version, str):
        return _cannot_unmarshal(api_version, _STRUCT_FIELD.format("apiVersion", "string"))
    metadata = value.get("metadata")
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        return _cannot_unmarshal(metadata, _STRUCT_FIELD.format("metadata", "v1.ObjectMeta"))
    found = field_decode_error(metadata, "metadata.")
    return None if found is None else found[1]


def flattened(values: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """`flattened_items` without the items' places."""
    return [(index, value) for index, value, _ in flattened_items(values)]


_LIST_ITEMS = "Go struct field decodeList.items of type []json.RawMessage"
_LIST_ITEM = "Go value of type map[string]interface {}"
_STRUCT_FIELD = "Go struct field metadataOnlyObject.{} of type {}"
_NESTED_LIST = "*unstructured.Unstructured is not a list: no Items field in this object"


def _cannot_unmarshal(value: Any, into: str) -> str:
    return f"json: cannot unmarshal {json_type_name(value)} into {into}"


def _text(value: Any) -> str:
    """A field as unstructured's GetKind/GetAPIVersion read it: "" unless a string."""
    return value if isinstance(value, str) else ""
