"""Each naming hazard compiles to importable code that keeps every field and enum value."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest
from pulumi import _types as pulumi_types

from tests.helpers import crd, generate_package, import_module

HAZARDS: dict[str, dict[str, Any]] = {
    "keywords": {
        "class": {"type": "string"},
        "from": {"type": "string"},
        "not": {"type": "boolean"},
        "lambda": {"type": "integer"},
        "type": {"type": "string"},
        "match": {"type": "string"},
    },
    "pydantic_reserved": {
        "schema": {"type": "string"},
        "fields": {"type": "string"},
        "model_config": {"type": "string"},
        "model_dump": {"type": "string"},
        "copy": {"type": "string"},
        "validate": {"type": "string"},
    },
    "non_identifiers": {
        "bootstrap.servers": {"type": "string"},
        "x-kubernetes-foo": {"type": "string"},
        "9lives": {"type": "string"},
        "a b": {"type": "string"},
        "_private": {"type": "string"},
        "pulumi": {"type": "string"},
        "self": {"type": "string"},
        "int": {"type": "integer"},
    },
    "shadowing": {
        "list": {"type": "array", "items": {"type": "string", "maxLength": 5}},
        "dict": {"type": "object", "additionalProperties": {"type": "integer"}},
        "l": {"type": "string"},
        "str": {"type": "string"},
    },
    "snake_collisions": {
        "jwksUri": {"type": "string"},
        "jwks_uri": {"type": "string"},
        "JWKSUri": {"type": "string"},
    },
}


def _fields_by_json_name(model: type[Any]) -> dict[str, str]:
    return {(info.alias or name): name for name, info in model.model_fields.items()}


@pytest.mark.parametrize("hazard", sorted(HAZARDS))
def test_every_property_survives(hazard: str, tmp_path: Path) -> None:
    properties = HAZARDS[hazard]
    package, _ = generate_package(tmp_path, crd({"type": "object", "properties": properties}))
    models = import_module(package, "example_com.v1.models")
    fields = _fields_by_json_name(models.WidgetSpec)
    assert set(fields) == set(properties)
    assert len(set(fields.values())) == len(properties)
    inputs = import_module(package, "example_com.v1._inputs")
    py_to_json = pulumi_types.input_type_py_to_pulumi_names(inputs.WidgetSpecArgs)
    assert set(py_to_json.values()) == set(properties)
    assert py_to_json == {py: json for json, py in fields.items()}
    typed_dict = inputs.WidgetSpecArgsDict
    assert set(typed_dict.__required_keys__ | typed_dict.__optional_keys__) == set(fields.values())


def test_case_twin_enum_values_are_all_kept(tmp_path: Path) -> None:
    enum = ["Slow", "slow", "SLOW", "=", "a'b", 'a"b']
    package, _ = generate_package(
        tmp_path, crd({"type": "object", "properties": {"speed": {"type": "string", "enum": enum}}})
    )
    models = import_module(package, "example_com.v1.models")
    annotation = models.WidgetSpec.model_fields["speed"].annotation
    literal = next(
        arg for arg in typing.get_args(annotation) if typing.get_origin(arg) is typing.Literal
    )
    assert list(typing.get_args(literal)) == enum


def test_nested_types_whose_paths_flatten_alike_get_distinct_classes(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {
                "type": "object",
                "properties": {"bC": {"type": "object", "properties": {"x": {"type": "integer"}}}},
            },
            "aB": {
                "type": "object",
                "properties": {"c": {"type": "object", "properties": {"y": {"type": "boolean"}}}},
            },
        },
    }
    package, _ = generate_package(tmp_path, crd(schema))
    models = import_module(package, "example_com.v1.models")
    first = models.WidgetSpecA.model_fields["b_c"].annotation
    second = models.WidgetSpecAB.model_fields["c"].annotation
    first_cls = next(a for a in typing.get_args(first) if isinstance(a, type))
    second_cls = next(a for a in typing.get_args(second) if isinstance(a, type))
    assert first_cls is not second_cls
    assert set(first_cls.model_fields) == {"x"} and set(second_cls.model_fields) == {"y"}


def test_kind_and_group_that_are_not_identifiers(tmp_path: Path) -> None:
    document = crd(
        {"type": "object", "properties": {"size": {"type": "integer"}}},
        kind="Widget-X",
        group="my-org.example.io",
        plural="widgetxs",
    )
    package, files = generate_package(tmp_path, document)
    assert any(path.startswith("my_org_example_io/v1/") for path in files)
    models = import_module(package, "my_org_example_io.v1.models")
    assert models.WidgetXSpec.model_fields["size"].annotation is not None
    resource_module = import_module(package, "my_org_example_io.v1.widget_x")
    assert resource_module.WidgetX.KIND == "Widget-X"


def test_keywords_of_another_type_constrain_nothing(tmp_path: Path) -> None:
    """kube-openapi checks maxLength on strings only, maxItems on arrays only, bounds on numbers
    only; CRDs carry them elsewhere too (karpenter: maxLength on an array of values)."""
    schema = {
        "type": "object",
        "properties": {
            "values": {"type": "array", "items": {"type": "string"}, "maxLength": 1},
            "name": {"type": "string", "maxItems": 1, "minimum": 5},
            "count": {"type": "integer", "maxLength": 1, "minItems": 3},
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 2}, "maxItems": 3},
        },
        # a rule makes model_validate take its two-pass path, through the class's own fields
        "x-kubernetes-validations": [{"rule": "true"}],
    }
    package, _ = generate_package(tmp_path, crd(schema))
    models = import_module(package, "example_com.v1.models")
    spec = models.WidgetSpec.model_validate(
        {"values": ["a", "b", "c"], "name": "long name", "count": 10, "tags": ["ab"]}
    )
    assert spec.values == ["a", "b", "c"] and spec.count == 10
    for bad in ({"tags": ["abc"]}, {"tags": ["a", "b", "c", "d"]}):  # what does apply, still does
        with pytest.raises(ValueError, match=r"Too (long|many)"):
            models.WidgetSpec.model_validate(bad)


def test_models_and_args_share_python_names_that_shadow_builtins(tmp_path: Path) -> None:
    """The generator renames `list` itself (`list_`); the Args classes name it alike, and the
    model takes its Python name as input (it used to be an unknown field `spec.list_`)."""
    properties = HAZARDS["shadowing"]
    package, _ = generate_package(tmp_path, crd({"type": "object", "properties": properties}))
    models = import_module(package, "example_com.v1.models")
    inputs = import_module(package, "example_com.v1._inputs")
    names = _fields_by_json_name(models.WidgetSpec)
    assert names["list"] == "list_" and names["l"] == "l_"
    args_names = set(inputs.WidgetSpecArgsDict.__annotations__)
    assert args_names == set(names.values())
    spec = models.WidgetSpec(**{names[k]: v for k, v in {"list": ["a"], "l": "x"}.items()})
    assert spec.model_dump(by_alias=True, exclude_none=True) == {"list": ["a"], "l": "x"}


def test_descriptions_with_tabs_and_trailing_spaces_stay_ruff_clean(tmp_path: Path) -> None:
    import subprocess
    import sys

    doc = "First line   \n\tindented with a tab\t\nlast"
    schema = {
        "type": "object",
        "description": doc,
        "properties": {"a": {"type": "string", "description": doc}},
    }
    package, _ = generate_package(tmp_path, crd(schema))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--select",
            "E,W",
            str(tmp_path / package),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    inputs = import_module(package, "example_com.v1._inputs")
    assert inputs.WidgetSpecArgsDict.__doc__ == doc.strip()  # exact on the Pulumi side


def test_constrained_list_items_are_plain_values(tmp_path: Path) -> None:
    """Items with constraints of their own are an Annotated alias, not a RootModel wrapper:
    `spec.tags` reads back as the list of strings it was given, and an item is still checked."""
    import pydantic

    tags = {"type": "array", "items": {"type": "string", "maxLength": 3}}
    package, _ = generate_package(tmp_path, crd({"type": "object", "properties": {"tags": tags}}))
    models = import_module(package, "example_com.v1.models")
    assert models.WidgetSpec(tags=["a", "bc"]).tags == ["a", "bc"]
    with pytest.raises(pydantic.ValidationError, match=r"tags\[1\]"):
        models.WidgetSpec(tags=["a", "long"])


def test_a_field_given_by_both_its_names_is_refused_by_the_models(tmp_path: Path) -> None:
    from codegen.runtime.wire import AmbiguousNameError

    inner = {"type": "object", "properties": {"maxReplicas": {"type": "integer"}}}
    package, _ = generate_package(tmp_path, crd({"type": "object", "properties": {"scale": inner}}))
    models = import_module(package, "example_com.v1.models")
    assert models.WidgetSpec.model_validate({"scale": {"max_replicas": 2}}).scale.max_replicas == 2
    with pytest.raises(AmbiguousNameError, match=r'^spec.scale: "maxReplicas" and "max_replicas"'):
        models.WidgetSpec.model_validate({"scale": {"maxReplicas": 1, "max_replicas": 2}})
