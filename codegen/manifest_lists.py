"""Lists in manifests, as kubectl's decoder reads them (apimachinery's unstructuredJSONScheme):
an object with a root `items` key is a list whatever its kind, and only its items are applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codegen.runtime.metadata import json_type_name


@dataclass(frozen=True)
class Undecodable:
    """A document kubectl refuses before anything is sent: its error text. `decoding`: the
    decoder refuses it (else its list flattening, after decoding)."""

    message: str
    decoding: bool = True


# An item's place in its list document: its index in `items`, then, for an item of a list
# nested in the list, its index in that list's `items`, and so on.
Route = tuple[int, ...]


def flattened_items(values: list[tuple[int, Any]]) -> list[tuple[int, Any, Route | None]]:
    """Documents as kubectl's unstructured decoder reads them (each item keeps its document's
    index): an object with a root `items` key is a list whatever its kind, and its items are
    applied one by one, not the object; an item with neither kind nor apiVersion takes the
    list's apiVersion and its kind without the `List` suffix. A list whose items are not
    objects is an `Undecodable` document. Lists nested in a list are flattened too (see
    `_nested_flattened`). Each value comes with its place among its list's items as they
    are applied (its place in `items` unless lists are nested), None for a document of its
    own."""
    out: list[tuple[int, Any, Route | None]] = []
    for index, value in values:
        if not isinstance(value, dict) or "items" not in value:
            out.append((index, value, None))
            continue
        items = value["items"]
        if items is None:  # a null `items` still makes it a list, an empty one
            continue
        if not isinstance(items, list):
            out.append((index, Undecodable(_cannot_unmarshal(items, _LIST_ITEMS)), None))
            continue
        wrong = [item for item in items if item is not None and not isinstance(item, dict)]
        if wrong:  # decodeToList stops at the first item it cannot decode
            out.append((index, Undecodable(_cannot_unmarshal(wrong[0], _LIST_ITEM)), None))
            continue
        kind, api_version = value.get("kind"), value.get("apiVersion")
        item_kind = kind.removesuffix("List") if isinstance(kind, str) else ""
        list_version = api_version if isinstance(api_version, str) else ""
        direct: list[tuple[dict[str, Any], Route]] = []
        for place, item in enumerate(items):
            if item is None or not (_text(item.get("kind")) or _text(item.get("apiVersion"))):
                item = {**(item or {}), "kind": item_kind, "apiVersion": list_version}
            direct.append((item, (place,)))
        flat = _nested_flattened(direct)
        if isinstance(flat, Undecodable):
            out.append((index, flat, None))
            continue
        out.extend((index, item, route) for item, route in flat)
    return out


def _nested_flattened(
    items: list[tuple[dict[str, Any], Route]],
) -> list[tuple[dict[str, Any], Route]] | Undecodable:
    """A list's items as kubectl's FlattenListVisitor applies them: an item that is a list
    itself (its `items` an array) is replaced by its items, queued after the items seen so far
    (breadth first); those take no kind from their list (Unstructured.EachListItem). A nested
    list with an item that is not an object stops the whole document before any is applied."""
    queue = list(items)
    flat: list[tuple[dict[str, Any], Route]] = []
    for current, route in queue:  # grows as nested lists are met
        nested = current.get("items")
        if not isinstance(nested, list):
            flat.append((current, route))
        elif all(isinstance(item, dict) for item in nested):
            queue.extend((item, (*route, place)) for place, item in enumerate(nested))
        else:
            return Undecodable(f"items member is not an object: {_NESTED_ITEM}", decoding=False)
    return flat


def flattened(values: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """`flattened_items` without the items' places."""
    return [(index, value) for index, value, _ in flattened_items(values)]


_LIST_ITEMS = "Go struct field decodeList.items of type []json.RawMessage"
_LIST_ITEM = "Go value of type map[string]interface {}"
_NESTED_ITEM = "map[string]interface {}"  # `%T` of the failed type assertion's zero value


def _cannot_unmarshal(value: Any, into: str) -> str:
    return f"json: cannot unmarshal {json_type_name(value)} into {into}"


def _text(value: Any) -> str:
    """A field as unstructured's GetKind/GetAPIVersion read it: "" unless a string."""
    return value if isinstance(value, str) else ""
