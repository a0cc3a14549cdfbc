"""An embedded resource whose schema leaves out apiVersion, kind and metadata: the API server
keeps them whatever the schema declares (pruning's metaFields), so the models, the args classes
and Pulumi's Outputs take them too (held-out sweep 40)."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.runtime.errors import InvalidResourceError
from tests.helpers import crd, generate_package, import_module
from tests.stack.conftest import run, run_expecting
from tests.stack.test_outputs import image_from_config_map, unknown_config_maps

_SPEC = {
    "type": "object",
    "properties": {
        "template": {
            "type": "object",
            "x-kubernetes-embedded-resource": True,
            "properties": {"data": {"type": "object", "additionalProperties": {"type": "string"}}},
        }
    },
}
_TEMPLATE = {
    "apiVersion": "v1",
    "kind": "ConfigMap",
    "metadata": {"name": "cm"},
    "data": {"k": "v"},
}


@pytest.fixture(scope="module")
def box(tmp_path_factory: pytest.TempPathFactory) -> Any:
    name, _ = generate_package(tmp_path_factory.mktemp("embedded"), crd(_SPEC, kind="Box"))
    return import_module(name, "example_com.v1")


def test_the_model_takes_the_fields_the_server_keeps(box: Any) -> None:
    manifest = {
        "apiVersion": "example.com/v1",
        "kind": "Box",
        "metadata": {"name": "b"},
        "spec": {"template": _TEMPLATE},
    }
    models = import_module(box.__name__, "models")
    model = models.Box.model_validate(manifest, context={"manifest": True})
    template = model.spec.template
    assert (template.api_version, template.kind, template.metadata) == (
        "v1",
        "ConfigMap",
        {"name": "cm"},
    )
    dumped = model.model_dump(by_alias=True, exclude_none=True)
    assert dumped["spec"]["template"] == _TEMPLATE


def test_the_args_class_takes_them_and_the_server_requires_them(box: Any, preview: bool) -> None:
    template = box.BoxSpecTemplateArgs(
        api_version="v1", kind="ConfigMap", metadata={"name": "cm"}, data={"k": "v"}
    )
    mocks = run(lambda: box.Box("b", spec={"template": template}), preview=preview)
    assert mocks.named("b")[0].inputs["spec"]["template"] == _TEMPLATE

    def missing() -> None:
        box.Box("b", spec={"template": box.BoxSpecTemplateArgs(data={"k": "v"})})

    error, _ = run_expecting(InvalidResourceError, missing, preview=preview)
    assert [c.field for c in error.causes] == ["spec.template.apiVersion", "spec.template.kind"]


def test_an_output_for_an_undeclared_kind_is_not_an_unknown_field(box: Any, preview: bool) -> None:
    def program() -> None:
        kind = image_from_config_map("x").apply(lambda _: "ConfigMap")
        box.Box("b", spec={"template": {**_TEMPLATE, "kind": kind}})

    mocks = run(program, preview=preview, unknown=unknown_config_maps if preview else None)
    assert mocks.named("b")
