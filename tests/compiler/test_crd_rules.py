"""CRD schemas the API server refuses on create, beyond structural-ness (apiextensions
validation.go): each is refused with the server's message and path, and nothing is generated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codegen.load import LoadError, load_crds
from tests.helpers import crd, write_crds

STR = {"type": "string"}
SPEC = "spec.versions[0].schema.openAPIV3Schema.properties[spec]"
CASES: dict[str, tuple[dict[str, Any], str]] = {
    "map type on a string": (
        {"s": {"type": "string", "x-kubernetes-map-type": "atomic"}},
        f'{SPEC}.properties[s].type: Invalid value: "string": must be object if '
        "x-kubernetes-map-type is specified",
    ),
    "list type on an object": (
        {"o": {"type": "object", "x-kubernetes-list-type": "atomic"}},
        f'{SPEC}.properties[o].type: Invalid value: "object": must be array if '
        "x-kubernetes-list-type is specified",
    ),
    "preserve-unknown-fields false": (
        {"p": {"type": "object", "x-kubernetes-preserve-unknown-fields": False}},
        f"{SPEC}.properties[p].x-kubernetes-preserve-unknown-fields: Invalid value: false: "
        "must be true or undefined",
    ),
    "embedded resource with nothing": (
        {"e": {"type": "object", "x-kubernetes-embedded-resource": True}},
        f"{SPEC}.properties[e].properties: Required value: must not be empty if "
        "x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
    ),
    "set of granular objects": (
        {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "set",
                "items": {"type": "object", "properties": {"a": STR}},
            }
        },
        f"{SPEC}.properties[l].items.x-kubernetes-map-type: Invalid value: null: must be atomic "
        "as item of a list with x-kubernetes-list-type=set",
    ),
    "map key neither required nor defaulted": (
        {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["a"],
                "items": {"type": "object", "properties": {"a": STR}},
            }
        },
        f"{SPEC}.properties[l].items.properties[a].default: Required value: this property is in "
        "x-kubernetes-list-map-keys, so it must have a default or be a required property",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_with_the_servers_message(tmp_path: Path, case: str) -> None:
    props, wanted = CASES[case]
    folder = write_crds(tmp_path / "crd", crd({"type": "object", "properties": props}))
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    assert [str(p).split(": ", 1)[1] for p in exc.value.problems] == [wanted]


def test_defaults_in_the_resources_own_metadata_are_refused(tmp_path: Path) -> None:
    document = crd({"type": "object"})
    schema = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    schema["properties"]["metadata"] = {
        "type": "object",
        "properties": {"name": {"type": "string", "default": "x"}},
    }
    folder = write_crds(tmp_path / "crd", document)
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    assert [str(p).split(": ", 1)[1] for p in exc.value.problems] == [
        "spec.versions[0].schema.openAPIV3Schema.properties[metadata].properties[name].default: "
        "Forbidden: must not be set in top-level metadata"
    ]


def test_the_accepted_forms_pass(tmp_path: Path) -> None:
    props = {
        "m": {"type": "object", "x-kubernetes-map-type": "atomic"},
        "s": {
            "type": "array",
            "x-kubernetes-list-type": "set",
            "items": {"type": "object", "x-kubernetes-map-type": "atomic"},
        },
        "l": {
            "type": "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["a", "b"],
            "items": {
                "type": "object",
                "required": ["a"],
                "properties": {"a": STR, "b": {"type": "string", "default": "x"}},
            },
        },
        "e": {
            "type": "object",
            "x-kubernetes-embedded-resource": True,
            "x-kubernetes-preserve-unknown-fields": True,
        },
    }
    folder = write_crds(tmp_path / "crd", crd({"type": "object", "properties": props}))
    assert load_crds([folder], relative_to=tmp_path)
