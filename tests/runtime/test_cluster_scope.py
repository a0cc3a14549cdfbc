"""A cluster-scoped custom resource has no namespace: the server's BeforeCreate/BeforeUpdate
clear `metadata.namespace` before anything is validated, so any value (even an invalid one) is
accepted and dropped. A namespaced kind checks it as ever."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.runtime import SchemaValidator
from tests.helpers import crd, generate_package, import_module

_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer"}}}},
}
_OBJECT: dict[str, Any] = {
    "apiVersion": "example.com/v1",
    "kind": "Widget",
    "metadata": {"name": "w", "namespace": "Bad_NS"},
    "spec": {"size": 1},
}


def _validator(cluster_scoped: bool) -> SchemaValidator:
    return SchemaValidator(
        _SCHEMA, kind="Widget", group="example.com", version="v1", cluster_scoped=cluster_scoped
    )


@pytest.mark.parametrize("use_gate", [True, False], ids=["gate", "walk"])
def test_the_namespace_of_a_cluster_scoped_object_is_cleared_first(use_gate: bool) -> None:
    validator = _validator(cluster_scoped=True)
    validator.use_gate = use_gate
    result = validator.validate(_OBJECT)
    assert result.errors == ()
    assert result.value["metadata"] == {"name": "w"}
    assert _OBJECT["metadata"]["namespace"] == "Bad_NS"  # the caller's object is kept
    reference = validator.validate_reference(_OBJECT)
    assert (reference.errors, reference.value) == (result.errors, result.value)


def test_a_namespaced_object_keeps_its_namespace_checked() -> None:
    result = _validator(cluster_scoped=False).validate(_OBJECT)
    assert [str(e).split(":")[0] for e in result.errors] == ["metadata.namespace"]


def test_generated_models_know_their_scope(tmp_path_factory: pytest.TempPathFactory) -> None:
    document = crd({"type": "object", "properties": {"size": {"type": "integer"}}})
    document["spec"]["scope"] = "Cluster"
    package, _ = generate_package(tmp_path_factory.mktemp("cluster"), document)
    model = import_module(package, "example_com.v1.models").Widget
    built = model.model_validate(_OBJECT)
    assert built.model_dump(by_alias=True, exclude_none=True)["metadata"] == {"name": "w"}
    namespaced, _ = generate_package(
        tmp_path_factory.mktemp("namespaced"),
        crd(document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]),
    )
    with pytest.raises(ValueError, match=r"metadata\.namespace"):
        import_module(namespaced, "example_com.v1.models").Widget.model_validate(_OBJECT)
