"""Names never lose data: each hazard gets a distinct, deterministic name."""

from __future__ import annotations

import keyword
from pathlib import Path

import pytest

from codegen import naming
from tests.helpers import crd, generate_package, import_module


@pytest.mark.parametrize("word", ["class", "from", "not", "import", "lambda", "None", "match"])
def test_python_keywords_get_a_suffix(word: str) -> None:
    name = naming.field_names([word])[word]
    assert name == f"{word.lower()}_" if word.islower() else name == "none"
    assert not keyword.iskeyword(name) and name.isidentifier()


def test_names_do_not_depend_on_the_interpreter_s_keywords() -> None:
    """Python 3.11's keywords, whatever runs the compiler: 3.12's soft keyword `type` (a
    valid identifier) stays `type` (held-out sweep 44)."""
    assert frozenset(keyword.kwlist) == naming.KEYWORDS
    assert frozenset(keyword.softkwlist) >= naming.SOFT_KEYWORDS
    assert naming.field_names(["type"]) == {"type": "type"}


@pytest.mark.parametrize(
    "word",
    ["schema", "fields", "model_config", "model_dump", "copy", "json", "validate", "k8s_binding"],
)
def test_pydantic_reserved_names_are_avoided(word: str) -> None:
    name = naming.field_names([word])[word]
    assert name != word and name.isidentifier()


@pytest.mark.parametrize(
    ("json_name", "expected"),
    [
        ("bootstrap.servers", "bootstrap_servers"),
        ("x-kubernetes-foo", "x_kubernetes_foo"),
        ("podIPs", "pod_ips"),
    ],
)
def test_non_identifiers_become_snake_case(json_name: str, expected: str) -> None:
    assert naming.field_names([json_name])[json_name] == expected


def test_snake_case_twin_keeps_its_name_and_camel_twin_is_suffixed() -> None:
    names = naming.field_names(["jwksUri", "jwks_uri"])
    assert names == {"jwksUri": "jwks_uri_2", "jwks_uri": "jwks_uri"}
    names_reversed = naming.field_names(["jwks_uri", "jwksUri"])
    assert names_reversed == {"jwks_uri": "jwks_uri", "jwksUri": "jwks_uri_2"}


def test_python_name_never_equals_another_property_json_name() -> None:
    names = naming.field_names(["class", "class_"])
    assert names["class_"] == "class_"
    assert names["class"] not in {"class", "class_"}
    assert len(set(names.values())) == 2


@pytest.mark.parametrize(
    "json_names",
    [
        ["a", "A", "a_", "_a", "__a"],
        ["\u200b", "\u200c", "", "_"],
        ["ﬁ", "fi"],  # NFKC would fold the ligature into "fi"
        ["a\nb", 'a"b', "a b", "a-b", "a.b", "aB"],
    ],
)
def test_many_hazards_together_stay_distinct(json_names: list[str]) -> None:
    names = naming.field_names(json_names)
    assert len(set(names.values())) == len(json_names)
    for name in names.values():
        assert name.isidentifier() and name.isascii()
        assert not name.startswith("_")


def test_class_namer_resolves_flattened_path_collisions_deterministically() -> None:
    namer = naming.ClassNamer()
    first = namer.claim(naming.class_name_for("Kind", ["a", "bC"]))
    second = namer.claim(naming.class_name_for("Kind", ["aB", "c"]))
    assert first == "KindABC" and second == "KindABC2"


def test_class_namer_avoids_imported_names() -> None:
    namer = naming.ClassNamer()
    assert namer.claim("Field") == "Field2"
    assert namer.claim("ObjectMeta") == "ObjectMeta2"


def test_group_packages_distinguish_punctuation() -> None:
    assert naming.group_package("ai.example.com") == "ai_example_com"
    assert naming.group_package("class.io") == "class_io"
    assert naming.group_package("1password.com").isidentifier()


def test_ordinary_model_prefixed_names_are_kept() -> None:
    names = naming.field_names(["modelName", "modelFormat", "model_config", "modelDump"])
    assert names["modelName"] == "model_name" and names["modelFormat"] == "model_format"
    assert names["model_config"] != "model_config" and names["modelDump"] != "model_dump"


def test_datamodel_code_generator_keeps_every_name_we_choose() -> None:
    """The models (written by datamodel-code-generator) and the Pulumi Args classes (written by
    us) must name each field alike, or the Python name of one is an unknown field to the other.
    The generator renames some names on its own (`list` -> `list_`): given our names as
    aliases, it must keep every one, for every builtin and every name the modules import."""
    import builtins
    import json
    import re

    from codegen.models_worker import render

    json_names = sorted(
        {n for n in dir(builtins) if n.isidentifier() and not n.startswith("__")}
        | naming.CLASS_RESERVED
        | naming.FIELD_RESERVED
        | {"l", "I", "O", "annotations", "datetime", "date", "Decimal", "root", "model"}
    )
    chosen = naming.field_names(json_names)
    shapes = (
        {"type": "string", "maxLength": 3},
        {"type": "array", "items": {"type": "string", "maxLength": 3}},
        {"type": "object", "additionalProperties": {"type": "integer"}},
        {"type": "string", "enum": ["a", "b"]},
    )
    field = re.compile(r"^    (\w+): ", re.MULTILINE)
    for shape in shapes:
        schema = {"type": "object", "properties": dict.fromkeys(json_names, shape)}
        source = render(json.dumps(schema), "Probe", chosen, "")
        written = field.findall(source.split("class Probe(", 1)[1])
        assert sorted(n for n in written if n != "model_config") == sorted(chosen.values())
        assert not [n for n in chosen.values() if n in {"l", "O", "I"}]  # ruff E741


def test_kinds_named_like_the_versions_modules_get_modules_of_their_own(tmp_path: Path) -> None:
    """`Models` moves aside from the version's `models` module, to where `ModelsKind` would
    go: the second of them is numbered (held-out sweep 44)."""
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    documents = [crd(schema, kind=kind) for kind in ("Models", "ModelsKind", "Inputs")]
    package, files = generate_package(tmp_path, *documents)
    version = import_module(package, "example_com.v1")
    assert {"example_com/v1/models_kind.py", "example_com/v1/models_kind_2.py"} <= set(files)
    assert version.Models.__module__.endswith(".models_kind")
    assert version.ModelsKind.__module__.endswith(".models_kind_2")
    assert version.Inputs.__module__.endswith(".inputs")


def test_a_root_property_named_like_api_version_is_named_apart(tmp_path: Path) -> None:
    """`API_VERSION` beside the root's own apiVersion: both Python names are distinct, as
    datamodel-code-generator requires (it refused the aliases; held-out sweep 44)."""
    document = crd({"type": "object", "properties": {"a": {"type": "string"}}})
    root = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    root["properties"]["API_VERSION"] = {"type": "string"}
    package, _ = generate_package(tmp_path, document)
    models = import_module(package, "example_com.v1.models")
    fields = models.Widget.model_fields
    assert fields["api_version"].alias == "apiVersion"
    assert fields["api_version_2"].alias == "API_VERSION"
