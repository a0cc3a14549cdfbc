"""A CRD whose fields its Go types cannot hold: the API server cannot decode the request, so it
is refused with encoding/json's error and nothing else is reported (held-out sweep 42)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from codegen.load import LoadError, load_crds
from tests.helpers import crd, write_crds

V0 = "spec.versions[0]"
COLUMN = {"name": "Size", "type": "integer", "jsonPath": ".spec.size"}


def _column(**change: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(document: dict[str, Any]) -> None:
        document["spec"]["versions"][0]["additionalPrinterColumns"] = [{**COLUMN, **change}]

    return mutate


def _version(**change: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(document: dict[str, Any]) -> None:
        document["spec"]["versions"][0].update(change)

    return mutate


def _go(value: str, field: str, go_type: str) -> str:
    return f"json: cannot unmarshal {value} into Go struct field {field} of type {go_type}"


CASES: dict[str, tuple[Callable[[dict[str, Any]], None], list[tuple[str, str]]]] = {
    "priority as text": (
        _column(priority="1"),
        [
            (
                f"{V0}.additionalPrinterColumns[0].priority",
                _go(
                    "string",
                    "CustomResourceColumnDefinition.spec.versions.additionalPrinterColumns.priority",
                    "int32",
                ),
            )
        ],
    ),
    "priority not whole": (
        _column(priority=1.5),
        [
            (
                f"{V0}.additionalPrinterColumns[0].priority",
                _go(
                    "number 1.5",
                    "CustomResourceColumnDefinition.spec.versions.additionalPrinterColumns.priority",
                    "int32",
                ),
            )
        ],
    ),
    "description as a number": (
        _column(description=5),
        [
            (
                f"{V0}.additionalPrinterColumns[0].description",
                _go(
                    "number",
                    "CustomResourceColumnDefinition.spec.versions.additionalPrinterColumns."
                    "description",
                    "string",
                ),
            )
        ],
    ),
    "status subresource as a list": (
        _version(subresources={"status": []}),
        [
            (
                f"{V0}.subresources.status",
                _go(
                    "array",
                    "CustomResourceSubresources.spec.versions.subresources.status",
                    "v1.CustomResourceSubresourceStatus",
                ),
            )
        ],
    ),
    "selectable fields as text": (
        _version(selectableFields=".spec.size"),
        [
            (
                f"{V0}.selectableFields",
                _go(
                    "string",
                    "CustomResourceDefinitionVersion.spec.versions.selectableFields",
                    "[]v1.SelectableField",
                ),
            )
        ],
    ),
    "a scale path as a number, and a short name": (
        lambda d: (
            d["spec"]["versions"][0].update(
                subresources={"scale": {"specReplicasPath": 5, "statusReplicasPath": ".status.r"}}
            ),
            d["spec"]["names"].update(shortNames=["w", 7]),
        ),
        [
            (
                "spec.names.shortNames[1]",
                _go("number", "CustomResourceDefinitionNames.spec.names.shortNames", "string"),
            ),
            (
                f"{V0}.subresources.scale.specReplicasPath",
                _go(
                    "number",
                    "CustomResourceSubresourceScale.spec.versions.subresources.scale."
                    "specReplicasPath",
                    "string",
                ),
            ),
        ],
    ),
}


def _problems(tmp_path: Path, document: dict[str, Any]) -> list[tuple[str, str]]:
    folder = write_crds(tmp_path / "crd", document)
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    return [(p.path, p.message) for p in exc.value.problems]


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_with_go_s_decoding_error_and_nothing_else(tmp_path: Path, case: str) -> None:
    mutate, wanted = CASES[case]
    document = crd({"type": "object", "properties": {"size": {"type": "integer"}}})
    mutate(document)
    assert sorted(_problems(tmp_path, document)) == sorted(wanted)


def test_a_list_map_keys_text_is_one_problem_not_its_letters(tmp_path: Path) -> None:
    ports = {
        "type": "array",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": "name",
        "items": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}},
        },
    }
    problems = _problems(tmp_path, crd({"type": "object", "properties": {"ports": ports}}))
    assert [message for _, message in problems] == ["must be a list of strings, got 'name'"]


def test_a_v1beta1_crd_is_refused_for_its_version_alone(tmp_path: Path) -> None:
    document = crd({"type": "object"})
    document["apiVersion"] = "apiextensions.k8s.io/v1beta1"
    del document["spec"]["versions"]
    assert _problems(tmp_path, document) == [
        ("apiVersion", "must be \"apiextensions.k8s.io/v1\", got 'apiextensions.k8s.io/v1beta1'")
    ]


def test_a_null_flag_is_false_as_go_reads_it(tmp_path: Path) -> None:
    document = crd({"type": "object", "properties": {"size": {"type": "integer"}}})
    document["spec"]["versions"][0]["deprecated"] = None
    (loaded,) = load_crds([write_crds(tmp_path / "crd", document)], relative_to=tmp_path)
    assert loaded.versions[0].deprecated is False
