"""CRD schemas the API server refuses on create, beyond structural-ness (apiextensions
validation.go): each is refused with the server's message and path, and nothing is generated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codegen.load import LoadError, load_crds
from tests.helpers import crd, write_crds

STR = {"type": "string"}
SPEC = "spec.validation.openAPIV3Schema.properties[spec]"
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
        f'{SPEC}.properties[l].items.x-kubernetes-map-type: Invalid value: "null": must be atomic '
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
    "map type on nothing": (
        {"m": {"x-kubernetes-map-type": "atomic", "x-kubernetes-preserve-unknown-fields": True}},
        f"{SPEC}.properties[m].type: Required value: must be object if x-kubernetes-map-type is "
        "specified",
    ),
    "unknown map type": (
        {"m": {"type": "object", "x-kubernetes-map-type": "shared"}},
        f'{SPEC}.properties[m].x-kubernetes-map-type: Unsupported value: "shared": supported '
        'values: "atomic", "granular"',
    ),
    "unknown list type": (
        {"l": {"type": "array", "items": STR, "x-kubernetes-list-type": "bag"}},
        f'{SPEC}.properties[l].x-kubernetes-list-type: Unsupported value: "bag": supported '
        'values: "atomic", "set", "map"',
    ),
    "map keys on a set": (
        {
            "l": {
                "type": "array",
                "items": STR,
                "x-kubernetes-list-type": "set",
                "x-kubernetes-list-map-keys": ["a"],
            }
        },
        f'{SPEC}.properties[l].x-kubernetes-list-type: Invalid value: "set": must be map if '
        "x-kubernetes-list-map-keys is non-empty",
    ),
    "set of sets": (
        {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "set",
                "items": {"type": "array", "items": STR, "x-kubernetes-list-type": "set"},
            }
        },
        f'{SPEC}.properties[l].items.x-kubernetes-list-type: Invalid value: "set": must be atomic '
        "as item of a list with x-kubernetes-list-type=set",
    ),
    "nullable items of a set": (
        {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "set",
                "items": {**STR, "nullable": True},
            }
        },
        f"{SPEC}.properties[l].items.nullable: Forbidden: cannot be nullable when "
        "x-kubernetes-list-type is set",
    ),
    "map list without keys": (
        {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "items": {"type": "object", "properties": {"a": STR}},
            }
        },
        f"{SPEC}.properties[l].x-kubernetes-list-map-keys: Required value: must not be empty if "
        "x-kubernetes-list-type is map",
    ),
    "map list of strings": (
        {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["a"],
                "items": STR,
            }
        },
        f'{SPEC}.properties[l].items.type: Invalid value: "string": must be object if parent '
        "array's x-kubernetes-list-type is map",
    ),
    "map key that is no property": (
        {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["a", "b"],
                "items": {"type": "object", "required": ["a"], "properties": {"a": STR}},
            }
        },
        f'{SPEC}.properties[l].x-kubernetes-list-map-keys: Invalid value: []string{{"a", "b"}}: '
        "entries must all be names of item properties",
    ),
    "duplicate map key": (
        {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["a", "a"],
                "items": {"type": "object", "required": ["a"], "properties": {"a": STR}},
            }
        },
        f'{SPEC}.properties[l].x-kubernetes-list-map-keys: Invalid value: []string{{"a", "a"}}: '
        "must not contain duplicate entries",
    ),
    "nullable map key": (
        {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["a"],
                "items": {
                    "type": "object",
                    "required": ["a"],
                    "properties": {"a": {**STR, "nullable": True}},
                },
            }
        },
        f"{SPEC}.properties[l].items.properties[a].nullable: Forbidden: this property is in "
        "x-kubernetes-list-map-keys, so it cannot be nullable",
    ),
    "object map key": (
        {
            "l": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["a"],
                "items": {
                    "type": "object",
                    "required": ["a"],
                    "properties": {"a": {"type": "object"}},
                },
            }
        },
        f'{SPEC}.properties[l].items.properties[a].type: Invalid value: "object": must be a '
        "scalar type if parent array's x-kubernetes-list-type is map",
    ),
    "embedded resource without a type": (
        {
            "e": {
                "x-kubernetes-embedded-resource": True,
                "x-kubernetes-preserve-unknown-fields": True,
            }
        },
        f"{SPEC}.properties[e].type: Required value: must be object if "
        "x-kubernetes-embedded-resource is true",
    ),
    "embedded resource with additionalProperties": (
        {
            "e": {
                "type": "object",
                "x-kubernetes-embedded-resource": True,
                "x-kubernetes-preserve-unknown-fields": True,
                "additionalProperties": STR,
            }
        },
        f"{SPEC}.properties[e].additionalProperties: Forbidden: must not be used if "
        "x-kubernetes-embedded-resource is set",
    ),
    "embedded resource with an integer kind": (
        {
            "e": {
                "type": "object",
                "x-kubernetes-embedded-resource": True,
                "properties": {"kind": {"type": "integer"}},
            }
        },
        f'{SPEC}.properties[e].properties[kind].type: Invalid value: "integer": must be string',
    ),
    "int-or-string that preserves unknown fields": (
        {"p": {"x-kubernetes-int-or-string": True, "x-kubernetes-preserve-unknown-fields": True}},
        f"{SPEC}.properties[p].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be "
        "false if x-kubernetes-int-or-string is true",
    ),
    "properties closed with additionalProperties false": (
        {"o": {"type": "object", "properties": {"a": STR}, "additionalProperties": False}},
        f"{SPEC}.properties[o].additionalProperties: Forbidden: additionalProperties and "
        "properties are mutual exclusive",
    ),
    "pattern Go cannot compile": (
        {"s": {"type": "string", "pattern": "([a-z"}},
        f'{SPEC}.properties[s].pattern: Invalid value: "([a-z": must be a valid regular '
        "expression, but isn't: error parsing regexp: missing closing ]: `[a-z`",
    ),
    "$ref": (
        {"r": {"type": "string", "$ref": "#/definitions/x"}},
        f"{SPEC}.properties[r].$ref: Forbidden: $ref is not supported",
    ),
    "patternProperties": (
        {"p": {"type": "object", "patternProperties": {"^a": STR}}},
        f"{SPEC}.properties[p].patternProperties: Forbidden: patternProperties is not supported",
    ),
    "embedded resource in metadata": (
        {
            "e": {
                "type": "object",
                "x-kubernetes-embedded-resource": True,
                "properties": {
                    "metadata": {
                        "type": "object",
                        "properties": {
                            "labels": {
                                "type": "object",
                                "x-kubernetes-embedded-resource": True,
                                "x-kubernetes-preserve-unknown-fields": True,
                            }
                        },
                    }
                },
            }
        },
        f"{SPEC}.properties[e].properties[metadata].properties[labels]."
        "x-kubernetes-embedded-resource: Forbidden: must not be used inside of resource meta",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_with_the_servers_message(tmp_path: Path, case: str) -> None:
    props, wanted = CASES[case]
    folder = write_crds(tmp_path / "crd", crd({"type": "object", "properties": props}))
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    assert [str(p).split(": ", 1)[1] for p in exc.value.problems] == [wanted]


@pytest.mark.parametrize(
    ("change", "wanted"),
    [
        ({"nullable": True}, ".nullable: Forbidden: nullable cannot be true at the root"),
        (
            {"additionalProperties": STR, "properties": None},
            ".additionalProperties: Forbidden: must not be used at the root",
        ),
        (
            {"properties": {"kind": {"type": "integer"}}},
            '.properties[kind].type: Invalid value: "integer": must be string',
        ),
        ({"type": "string"}, '.type: Invalid value: "string": must be object at the root'),
    ],
    ids=["nullable", "additionalProperties", "kind", "type"],
)
def test_what_the_root_may_not_be(tmp_path: Path, change: dict[str, Any], wanted: str) -> None:
    document = crd({"type": "object"})
    schema = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    schema.update(change)
    for key in [k for k, v in schema.items() if v is None]:
        del schema[key]
    folder = write_crds(tmp_path / "crd", document)
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    assert f"spec.validation.openAPIV3Schema{wanted}" in [
        str(p).split(": ", 1)[1] for p in exc.value.problems
    ]


def test_a_null_type_is_refused_twice_as_on_the_server(tmp_path: Path) -> None:
    folder = write_crds(
        tmp_path / "crd", crd({"type": "object", "properties": {"n": {"type": "null"}}})
    )
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    assert [str(p).split(": ", 1)[1] for p in exc.value.problems] == [
        f"{SPEC}.properties[n].type: Forbidden: type cannot be set to null, use nullable as an "
        "alternative",
        f'{SPEC}.properties[n].type: Unsupported value: "null": supported values: "array", '
        '"boolean", "integer", "number", "object", "string"',
    ]


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
        "spec.validation.openAPIV3Schema.properties[metadata].properties[name].default: "
        "Forbidden: must not be set in top-level metadata"
    ]


def test_defaults_under_a_resources_meta_fields_are_refused_where_the_server_does(
    tmp_path: Path,
) -> None:
    labels = {"type": "object", "additionalProperties": {"type": "string", "default": "x"}}
    document = crd(
        {
            "type": "object",
            "properties": {
                "e": {  # an embedded resource: defaults only forbidden inside its metadata's maps
                    "type": "object",
                    "x-kubernetes-embedded-resource": True,
                    "properties": {
                        "kind": {"type": "string", "default": "Pod"},
                        "metadata": {
                            "type": "object",
                            "properties": {
                                "annotations": labels,
                                "name": {"type": "string", "default": "n"},
                            },
                        },
                    },
                }
            },
        }
    )
    schema = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    schema["properties"]["kind"] = {"type": "string", "default": "Widget"}
    schema["properties"]["metadata"] = {"type": "object", "properties": {"labels": labels}}
    folder = write_crds(tmp_path / "crd", document)
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    base = "spec.validation.openAPIV3Schema"
    maps = "Forbidden: must not be set inside additionalProperties applying to object metadata"
    assert sorted(str(p).split(": ", 1)[1] for p in exc.value.problems) == sorted(
        [
            f"{base}.properties[spec].properties[e].properties[metadata].properties[annotations]"
            f".additionalProperties.default: {maps}",
            f"{base}.properties[kind].default: Forbidden: must not be set in top-level kind",
            f"{base}.properties[metadata].properties[labels].additionalProperties.default: {maps}",
            f"{base}.properties[metadata].properties[labels]: Forbidden: must not be specified",
            f"{base}.properties[metadata]: Forbidden: must not specify anything other than name "
            "and generateName, but metadata is implicitly specified",
        ]
    )


@pytest.mark.parametrize(
    "metadata",
    [
        {"type": "object", "description": "Standard object metadata"},
        {"type": "object", "maxProperties": 3},
        {"type": "object", "properties": {"name": STR, "namespace": STR}},
        {"type": "object", "x-kubernetes-validations": [{"rule": "true"}]},
    ],
)
def test_the_resources_own_metadata_says_nothing_but_its_name_rules(
    tmp_path: Path, metadata: dict[str, Any]
) -> None:
    document = crd({"type": "object"})
    document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["metadata"] = (
        metadata
    )
    folder = write_crds(tmp_path / "crd", document)
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    assert (
        "spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not "
        "specify anything other than name and generateName, but metadata is implicitly specified"
    ) in [str(p).split(": ", 1)[1] for p in exc.value.problems]


def test_metadata_that_restricts_only_name_and_generate_name_is_accepted(tmp_path: Path) -> None:
    document = crd({"type": "object"})
    document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["metadata"] = {
        "type": "object",
        "example": {"name": "x"},
        "properties": {"name": {"type": "string", "maxLength": 20}, "generateName": STR},
    }
    folder = write_crds(tmp_path / "crd", document)
    assert load_crds([folder], relative_to=tmp_path)


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
        # `additionalProperties: true` beside properties only restates the default
        "t": {"type": "object", "properties": {"a": STR}, "additionalProperties": True},
        # unset (empty) unsupported keywords
        "u": {"type": "string", "id": "", "definitions": {}, "$schema": ""},
        # empty keys need no map list; a map key may have no type (int-or-string)
        "k": {"type": "array", "items": STR, "x-kubernetes-list-map-keys": []},
        "i": {
            "type": "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["port"],
            "items": {
                "type": "object",
                "required": ["port"],
                "properties": {"port": {"x-kubernetes-int-or-string": True}},
            },
        },
    }
    folder = write_crds(tmp_path / "crd", crd({"type": "object", "properties": props}))
    assert load_crds([folder], relative_to=tmp_path)


SCHEMA_URL = "OpenAPIV3Schema 'schema' is not supported"


@pytest.mark.parametrize(
    "where",
    [
        lambda spec: spec,
        lambda spec: spec["properties"]["tags"]["items"],
        lambda spec: spec.setdefault("allOf", [{}])[0],
    ],
    ids=["a property", "array items", "allOf"],
)
def test_a_schema_url_anywhere_refuses_the_crd_when_nothing_else_does(
    tmp_path: Path, where: Any
) -> None:
    """The standard validator lets `$schema` through, NewStructural refuses it: the server
    reports that only when the schema has no other problem, and then compiles no rule."""
    from codegen.compile import load_checked

    spec = {
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {**STR}}},
        "x-kubernetes-validations": [{"rule": "self.nope == 1"}],
    }
    where(spec)["$schema"] = "http://json-schema.org/draft-04/schema#"
    folder = write_crds(tmp_path / "crd", crd(spec))
    with pytest.raises(LoadError) as caught:
        load_checked([folder], relative_to=tmp_path)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("spec.validation.openAPIV3Schema", f'Invalid value: "": {SCHEMA_URL}')
    ]
    spec["properties"]["bad"] = {"description": "no type"}  # a structural problem instead
    folder = write_crds(tmp_path / "crd2", crd(spec))
    with pytest.raises(LoadError) as caught:
        load_checked([folder], relative_to=tmp_path)
    assert SCHEMA_URL not in str(caught.value)


RULE = f"{SPEC}.x-kubernetes-validations[0]"
RULE_ENTRY_CASES: dict[str, tuple[dict[str, Any], str]] = {
    "blank rule": ({"rule": "  "}, f"{RULE}.rule: Required value: rule is not specified"),
    "blank message": (
        {"rule": "true", "message": "  "},
        f'{RULE}.message: Invalid value: "  ": message must be non-empty if specified',
    ),
    "message with a line break": (
        {"rule": "true", "message": "a\nb"},
        f'{RULE}.message: Invalid value: "a\\nb": message must not contain line breaks',
    ),
    "rule with a line break and no message": (
        {"rule": "true &&\r\ntrue"},
        f"{RULE}.message: Required value: message must be specified if rule contains line breaks",
    ),
    "blank messageExpression": (
        {"rule": "true", "messageExpression": " "},
        f"{RULE}.messageExpression: Required value: messageExpression must be non-empty if "
        "specified",
    ),
    "unknown reason": (
        {"rule": "true", "reason": "FieldValueTooLong"},
        f'{RULE}.reason: Unsupported value: "FieldValueTooLong": supported values: '
        '"FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"',
    ),
    "fieldPath of no field": (
        {"rule": "true", "fieldPath": ".b"},
        f'{RULE}.fieldPath: Invalid value: ".b": fieldPath must be a valid path',
    ),
    "fieldPath that does not parse": (
        {"rule": "true", "fieldPath": "a"},
        f'{RULE}.fieldPath: Invalid value: "a": fieldPath must be a valid path',
    ),
}


@pytest.mark.parametrize("case", sorted(RULE_ENTRY_CASES))
def test_rule_entries_are_checked_before_they_are_compiled(tmp_path: Path, case: str) -> None:
    rule, wanted = RULE_ENTRY_CASES[case]
    spec = {"type": "object", "properties": {"a": STR}, "x-kubernetes-validations": [rule]}
    document = crd({"type": "object"})
    document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"] = spec
    folder = write_crds(tmp_path / "crd", document)
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    assert [str(p).split(": ", 1)[1] for p in exc.value.problems] == [wanted]


def test_rule_entries_the_server_accepts(tmp_path: Path) -> None:
    rules = [
        {"rule": "true &&\ntrue", "message": "  fine  "},
        {"rule": "true", "fieldPath": ".a", "reason": "FieldValueForbidden"},
        {"rule": "true", "fieldPath": ".m['x.y']", "messageExpression": "'m'"},
    ]
    spec = {
        "type": "object",
        "properties": {"a": STR, "m": {"type": "object", "additionalProperties": STR}},
        "x-kubernetes-validations": rules,
    }
    document = crd({"type": "object"})
    document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"] = spec
    folder = write_crds(tmp_path / "crd", document)
    assert load_crds([folder], relative_to=tmp_path)


# ------------------------------------------- what allOf/anyOf/oneOf/not must not say (structural
# schema validation: validateNestedValueValidation, validateStructuralCompleteness)

NESTED_CASES: dict[str, tuple[dict[str, Any], str, str]] = {
    "type": ({"type": "string"}, "type", "must be empty"),
    "title": ({"title": "t"}, "title", "must be empty"),
    "description": ({"description": "d"}, "description", "must be empty"),
    "nullable": ({"nullable": True}, "nullable", "must be false"),
    "preserve": (
        {"x-kubernetes-preserve-unknown-fields": True},
        "x-kubernetes-preserve-unknown-fields",
        "must be false",
    ),
    "int-or-string": (
        {"x-kubernetes-int-or-string": True},
        "x-kubernetes-int-or-string",
        "must be false",
    ),
    "list type": (
        {"x-kubernetes-list-type": "atomic"},
        "x-kubernetes-list-type",
        "must be undefined",
    ),
    "map type": ({"x-kubernetes-map-type": "atomic"}, "x-kubernetes-map-type", "must be undefined"),
    "rules": (
        {"x-kubernetes-validations": [{"rule": "true"}]},
        "x-kubernetes-validations",
        "must be empty",
    ),
    "additionalProperties": (
        {"additionalProperties": {"maxLength": 1}},  # and nothing below it is looked at
        "additionalProperties",
        "must be undefined",
    ),
}


@pytest.mark.parametrize("case", sorted(NESTED_CASES))
@pytest.mark.parametrize("where", ["allOf[0]", "anyOf[1]", "oneOf[0]", "not"])
def test_nested_schemas_must_leave_the_structural_keywords_alone(
    tmp_path: Path, case: str, where: str
) -> None:
    extra, key, detail = NESTED_CASES[case]
    nested = {"properties": {"s": {"maxLength": 3, **extra}}}
    prop: dict[str, Any] = {"type": "object", "properties": {"s": STR}}
    if where == "not":
        prop["not"] = nested
    elif where == "anyOf[1]":  # the second branch: the first is fine
        prop["anyOf"] = [{"required": ["s"]}, nested]
    else:
        prop[where.split("[")[0]] = [nested]
    folder = write_crds(tmp_path / "crd", crd({"type": "object", "properties": {"o": prop}}))
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    at = f"{SPEC}.properties[o].{where}.properties[s]"
    wanted = [f"{at}.{key}: Forbidden: {detail} to be structural"]
    if case in ("list type", "map type"):  # and, as anywhere, the type they need
        needed = "array" if case == "list type" else "object"
        wanted.insert(0, f"{at}.type: Required value: must be {needed} if {key} is specified")
    assert [str(p).split(": ", 1)[1] for p in exc.value.problems] == wanted


def test_metadata_in_a_nested_schema_and_root_completeness(tmp_path: Path) -> None:
    document = crd({"type": "object", "properties": {"a": STR}})
    schema = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    schema["properties"]["spec"]["allOf"] = [{"properties": {"metadata": {"required": ["x"]}}}]
    schema["anyOf"] = [
        {"properties": {"spec": {"properties": {"a": {"maxLength": 2}, "b": {"maxLength": 2}}}}},
        {"properties": {"other": {"items": {"maxLength": 1}}}},
    ]
    folder = write_crds(tmp_path / "crd", document)
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    root = "spec.validation.openAPIV3Schema"
    assert [str(p).split(": ", 1)[1] for p in exc.value.problems] == [
        f"{SPEC}.allOf[0].properties[metadata]: Forbidden: must not be specified in a nested "
        "context",
        # only the root's nested schemas are held to the structural part (as on the server)
        f"{SPEC}.properties[b]: Required value: because it is defined in "
        f"{root}.anyOf[0].properties[spec].properties[b]",
        f"{root}.properties[other]: Required value: because it is defined in "
        f"{root}.anyOf[1].properties[other]",
    ]


def test_the_int_or_string_patterns_and_zero_values_are_accepted(tmp_path: Path) -> None:
    either = [{"type": "integer"}, {"type": "string"}]
    props: dict[str, dict[str, Any]] = {
        "p": {"x-kubernetes-int-or-string": True, "anyOf": either},
        "q": {
            "x-kubernetes-int-or-string": True,
            "allOf": [{"anyOf": either}, {"anyOf": [{"maximum": 3}, {"maxLength": 3}]}],
        },
        "z": {
            "type": "object",
            "properties": {"a": STR},
            "allOf": [
                {
                    "nullable": False,
                    "description": "",
                    "x-kubernetes-validations": [],
                    "x-kubernetes-preserve-unknown-fields": False,
                    "properties": {"b": {"maxLength": 1}},  # not held to the structural part
                }
            ],
        },
    }
    folder = write_crds(tmp_path / "crd", crd({"type": "object", "properties": props}))
    assert load_crds([folder], relative_to=tmp_path)
    # in another order, or anywhere but on the structural node itself, `type` is refused
    props["p"]["anyOf"] = either[::-1]
    folder = write_crds(tmp_path / "crd2", crd({"type": "object", "properties": props}))
    with pytest.raises(LoadError) as exc:
        load_crds([folder], relative_to=tmp_path)
    assert [str(p).split(": ", 1)[1] for p in exc.value.problems] == [
        f"{SPEC}.properties[p].anyOf[{i}].type: Forbidden: must be empty to be structural"
        for i in (0, 1)
    ]


# ----------------------------------------------------------------- CEL rules that compile but
# that apiextensions validation.go refuses (ValidateCustomResourceDefinitionOpenAPISchema)


def _rule_problems(tmp_path: Path, props: dict[str, Any]) -> list[str]:
    from codegen.cel_check import rule_problems

    folder = write_crds(tmp_path / "crd", crd({"type": "object", "properties": props}))
    return [f"{p.path}: {p.message}" for p in rule_problems(load_crds([folder]))]


def _list_of(list_type: str | None, rule: dict[str, Any], **items: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "array",
        "maxItems": 5,
        "items": {"type": "string", "maxLength": 5, "x-kubernetes-validations": [rule], **items},
    }
    if list_type:
        schema["x-kubernetes-list-type"] = list_type
    return schema


@pytest.mark.parametrize("list_type", ["set", "atomic", None])
def test_old_self_on_items_of_a_list_that_is_not_a_map_list_is_refused(
    tmp_path: Path, list_type: str | None
) -> None:
    """`withForbidOldSelfValidations(fldPath)` on the items of any list but a `map` list."""
    props = {"l": _list_of(list_type, {"rule": "self == oldSelf"})}
    assert _rule_problems(tmp_path, props) == [
        f"{SPEC}.properties[l].items.x-kubernetes-validations[0].rule: Invalid value: "
        '"self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema '
        f"within {SPEC}.properties[l]"
    ]


def test_old_self_below_list_items_names_the_outermost_uncorrelatable_list(
    tmp_path: Path,
) -> None:
    inner = {
        "type": "object",
        # bounded: unbounded, the API server would also refuse the rule's estimated cost
        "properties": {
            "n": {**STR, "maxLength": 8, "x-kubernetes-validations": [{"rule": "self == oldSelf"}]}
        },
    }
    props = {
        "outer": {
            "type": "array",
            "items": {"type": "object", "properties": {"inner": {"type": "array", "items": inner}}},
        }
    }
    [problem] = _rule_problems(tmp_path, props)
    assert problem.startswith(
        f"{SPEC}.properties[outer].items.properties[inner].items.properties[n]"
        ".x-kubernetes-validations[0].rule: Invalid value"
    )
    assert problem.endswith(f"schema within {SPEC}.properties[outer]")


def test_old_self_on_map_list_items_and_maps_is_accepted(tmp_path: Path) -> None:
    rule = [{"rule": "self == oldSelf"}]
    props = {
        "l": {
            "type": "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["k"],
            "items": {
                "type": "object",
                "required": ["k"],
                "properties": {"k": STR},
                "x-kubernetes-validations": rule,
            },
        },
        "m": {  # bounded: the API server refuses an unbounded string compared in a big map
            "type": "object",
            "additionalProperties": {**STR, "maxLength": 8, "x-kubernetes-validations": rule},
        },
        "s": _list_of("set", {"rule": "self.size() > 0"}),  # no oldSelf: fine on set items
    }
    assert _rule_problems(tmp_path, props) == []


@pytest.mark.parametrize("expression", ["self.a", "self.a > 1", "[self.b]", "self.c"])
def test_a_message_expression_that_is_not_a_string_is_refused(
    tmp_path: Path, expression: str
) -> None:
    """compilation.go: `messageExpression must evaluate to a string`, field.Invalid with the
    whole ValidationRule as the value (Go's %#v); a dyn (here int-or-string) is not a string."""
    props = {
        "o": {
            "type": "object",
            "properties": {
                "a": {"type": "integer"},
                "b": STR,
                "c": {"x-kubernetes-int-or-string": True},
            },
            "x-kubernetes-validations": [{"rule": "self.a > 0", "messageExpression": expression}],
        }
    }
    assert _rule_problems(tmp_path, props) == [
        f"{SPEC}.properties[o].x-kubernetes-validations[0].messageExpression: Invalid value: "
        'apiextensions.ValidationRule{Rule:"self.a > 0", Message:"", '
        f'MessageExpression:"{expression}", '
        'Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", '
        "OptionalOldSelf:(*bool)(nil)}: messageExpression must evaluate to a string"
    ]


@pytest.mark.parametrize("value", [True, False])
def test_optional_old_self_without_old_self_is_refused(tmp_path: Path, value: bool) -> None:
    """validation.go: `OptionalOldSelf != nil` on a rule that does not use oldSelf."""
    rule = {"rule": "self.size() > 0", "optionalOldSelf": value}
    props = {"s": {**STR, "x-kubernetes-validations": [rule]}}
    assert _rule_problems(tmp_path, props) == [
        f"{SPEC}.properties[s].x-kubernetes-validations[0].optionalOldSelf: Invalid value: "
        f"{str(value).lower()}: may not be set if oldSelf is not used in rule"
    ]


def test_optional_old_self_with_old_self_is_accepted(tmp_path: Path) -> None:
    rule = {"rule": "oldSelf.hasValue() || self != ''", "optionalOldSelf": True}
    assert _rule_problems(tmp_path, {"s": {**STR, "x-kubernetes-validations": [rule]}}) == []


def test_a_rule_that_is_not_a_bool_is_refused(tmp_path: Path) -> None:
    """compilation.go: `cel expression must evaluate to a bool`."""
    props = {"s": {**STR, "x-kubernetes-validations": [{"rule": "self.size()"}]}}
    assert _rule_problems(tmp_path, props) == [
        f"{SPEC}.properties[s].x-kubernetes-validations[0].rule: Invalid value: {_RULE_VALUE}: "
        "cel expression must evaluate to a bool"
    ]


def test_a_rule_typed_dyn_is_refused_as_not_a_bool(tmp_path: Path) -> None:
    """An int-or-string is `dyn` to CEL, and so is a rule that is just `self` on one."""
    rule = {"x-kubernetes-validations": [{"rule": "self"}]}
    props = {"p": {"x-kubernetes-int-or-string": True, **rule}}
    (problem,) = _rule_problems(tmp_path, props)
    assert problem.startswith(f"{SPEC}.properties[p].x-kubernetes-validations[0].rule: ")
    assert problem.endswith("cel expression must evaluate to a bool")
    props = {"p": {"x-kubernetes-int-or-string": True, "x-kubernetes-validations": [
        {"rule": "type(self) == int || self.endsWith('%')"}
    ]}}  # fmt: skip
    assert _rule_problems(tmp_path, props) == []


def test_rules_on_a_node_without_a_type_are_refused(tmp_path: Path) -> None:
    """common.SchemaDeclType has no type for it (preserve-unknown-fields alone gives none), so
    the server cannot build the rules' declarations and compiles none of them."""
    rules = [{"rule": "true"}, {"rule": "self.size( >"}]
    untyped = {"x-kubernetes-preserve-unknown-fields": True, "x-kubernetes-validations": rules}
    props = {"p": untyped, "l": {"type": "array", "items": untyped}}
    assert _rule_problems(tmp_path, props) == [
        f"{SPEC}.properties[{name}.x-kubernetes-validations: Internal error: internal error: "
        "failed to construct type information for x-kubernetes-validations rules: unable to "
        "convert structural schema to CEL declarations"
        for name in ("p]", "l].items")
    ]
    typed = {"type": "object", **untyped, "x-kubernetes-validations": rules[:1]}
    assert _rule_problems(tmp_path, {"p": typed}) == []


def test_a_missing_field_is_named_as_cel_go_names_it(tmp_path: Path) -> None:
    props = {"o": {"type": "object", "properties": {"a": STR}, "x-kubernetes-validations": [
        {"rule": "self.nope == 'x'"}
    ]}}  # fmt: skip
    (problem,) = _rule_problems(tmp_path, props)
    assert problem.endswith("undefined field 'nope'\n | self.nope == 'x'\n | ....^")


_RULE_VALUE = (  # validation.go shows the whole ValidationRule, as Go's %#v prints it
    'apiextensions.ValidationRule{Rule:"self.size()", Message:"", MessageExpression:"", '
    'Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", '
    "OptionalOldSelf:(*bool)(nil)}"
)


def test_rules_that_do_not_compile_are_named_as_the_server_names_them(tmp_path: Path) -> None:
    rules = [{"rule": "self.x > 0"}, {"rule": "self > ''", "messageExpression": "foo("}]
    props = {
        "s": {**STR, "x-kubernetes-validations": rules},
        "l": {
            "type": "array",
            "items": {**STR, "x-kubernetes-validations": [{"rule": "self.size( > 1"}]},
        },
    }
    problems = _rule_problems(tmp_path, props)
    assert [p.split(": Invalid value: ")[0] for p in problems] == [
        f"{SPEC}.properties[s].x-kubernetes-validations[0].rule",
        f"{SPEC}.properties[s].x-kubernetes-validations[1].messageExpression",
        f"{SPEC}.properties[l].items.x-kubernetes-validations[0].rule",
    ]
    assert ": compilation failed: ERROR: <input>:1:5: " in problems[0]
    assert ": messageExpression compilation failed: ERROR: <input>:1:5: Syntax error" in problems[1]


def _refusal(tmp_path: Path, props: dict[str, Any]) -> list[str]:
    """Every problem `compile.load_checked` gives for a CRD with these spec properties."""
    from codegen.compile import load_checked

    folder = write_crds(tmp_path / "crd", crd({"type": "object", "properties": props}))
    with pytest.raises(LoadError) as refused:
        load_checked([folder])
    return [f"{p.path}: {p.message}" for p in refused.value.problems]


_BAD_RULE = [{"rule": "self.nope > 1"}]
_CHECKED = {"type": "object", "properties": {"x": {"type": "integer"}}}


def test_a_rule_beside_an_openapi_problem_is_still_compiled(tmp_path: Path) -> None:
    """validation.go skips the rules of a node with a problem at or below it, and only those:
    a sibling's list-type problem leaves this node's broken rule to be reported too."""
    props = {
        "a": {"type": "array", "x-kubernetes-list-type": "map", "items": STR},
        "b": {**_CHECKED, "x-kubernetes-validations": _BAD_RULE},
    }
    problems = _refusal(tmp_path, props)
    assert [p.split(": ")[0] for p in problems] == [
        f"{SPEC}.properties[a].x-kubernetes-list-map-keys",
        f"{SPEC}.properties[a].items.type",
        f"{SPEC}.properties[b].x-kubernetes-validations[0].rule",
    ]
    assert "undefined field 'nope'" in problems[-1]


def test_transition_rules_beside_an_openapi_problem_are_still_checked(tmp_path: Path) -> None:
    props = {
        "a": {"type": "array", "uniqueItems": True, "items": STR},
        "l": _list_of(None, {"rule": "self == oldSelf"}),
    }
    problems = _refusal(tmp_path, props)
    assert len(problems) == 2
    assert problems[1].startswith(f"{SPEC}.properties[l].items.x-kubernetes-validations[0].rule")
    assert "oldSelf cannot be used on the uncorrelatable portion" in problems[1]


@pytest.mark.parametrize(
    "node",
    [
        # a problem in an entry of the node's own rules
        {**_CHECKED, "x-kubernetes-validations": [{"rule": "true", "reason": "Bogus"}, *_BAD_RULE]},
        # a problem below the node
        {
            "type": "object",
            "properties": {"x": {"type": "integer", "uniqueItems": True}},
            "x-kubernetes-validations": _BAD_RULE,
        },
    ],
    ids=["own entry", "below"],
)
def test_no_rule_is_compiled_at_or_above_an_openapi_problem(
    tmp_path: Path, node: dict[str, Any]
) -> None:
    problems = _refusal(tmp_path, {"b": node})
    assert len(problems) == 1
    assert "nope" not in problems[0]


def test_a_structural_problem_keeps_every_rule_and_default_unchecked(tmp_path: Path) -> None:
    props = {
        "a": {"properties": {}},  # no type: not structural
        "b": {**_CHECKED, "x-kubernetes-validations": _BAD_RULE},
        "c": {"type": "integer", "default": "text"},
    }
    assert _refusal(tmp_path, props) == [
        f"{SPEC}.properties[a].type: Required value: must not be empty for specified object fields"
    ]


def test_defaults_are_validated_beside_an_openapi_problem(tmp_path: Path) -> None:
    """ValidateDefaults runs on every structural schema, whatever the OpenAPI checks find."""
    props = {
        "a": {"type": "array", "uniqueItems": True, "items": STR},
        "c": {"type": "integer", "default": "text"},
    }
    problems = _refusal(tmp_path, props)
    assert [p.split(": ")[0] for p in problems] == [
        f"{SPEC}.properties[a].uniqueItems",
        f"{SPEC}.properties[c].default",
    ]


def test_a_rule_that_does_not_compile_is_reported_on_its_line(tmp_path: Path) -> None:
    from codegen.compile import load_checked

    folder = write_crds(
        tmp_path / "crd",
        crd(
            {
                "type": "object",
                "properties": {"b": {**_CHECKED, "x-kubernetes-validations": _BAD_RULE}},
            }
        ),
    )
    with pytest.raises(LoadError) as refused:
        load_checked([folder])
    [problem] = refused.value.problems
    lines = (folder / "crd0.yaml").read_text().splitlines()
    assert problem.line is not None
    assert lines[problem.line - 1].strip() == "- rule: self.nope > 1"


def test_what_a_list_reports_of_its_items_leaves_the_items_rules_compiled(
    tmp_path: Path,
) -> None:
    """validateMapListKeysMapSet runs on the list after its items were walked: a key that is
    neither required nor defaulted is the list's problem, so the items' own rules compile."""
    items = {
        "type": "object",
        "properties": {"k": STR},
        "x-kubernetes-validations": [{"rule": "self.k.www()"}],
    }
    props = {
        "l": {
            "type": "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["k"],
            "items": items,
            "x-kubernetes-validations": _BAD_RULE,  # the list's own: not compiled
        }
    }
    problems = _refusal(tmp_path, props)
    assert [p.split(": ")[0] for p in problems] == [
        f"{SPEC}.properties[l].items.properties[k].default",
        f"{SPEC}.properties[l].items.x-kubernetes-validations[0].rule",
    ]


def test_a_rule_that_does_not_compile_hides_no_other_rule_problem(tmp_path: Path) -> None:
    props = {
        "m": {
            "type": "object",
            "additionalProperties": {**STR, "x-kubernetes-validations": _BAD_RULE},
        },
        "l": _list_of(None, {"rule": "self == oldSelf"}),
        "me": {
            **_CHECKED,
            "x-kubernetes-validations": [{"rule": "true", "messageExpression": "1 + 2"}],
        },
    }
    problems = _refusal(tmp_path, props)
    assert [p.split(": ")[0] for p in problems] == [
        f"{SPEC}.properties[m].additionalProperties.x-kubernetes-validations[0].rule",
        f"{SPEC}.properties[l].items.x-kubernetes-validations[0].rule",
        f"{SPEC}.properties[me].x-kubernetes-validations[0].messageExpression",
    ]


def test_a_default_its_rule_refuses_is_reported_beside_an_openapi_problem(
    tmp_path: Path,
) -> None:
    """ValidateDefaults, rules included, runs on every structural schema."""
    props = {
        "a": {"type": "array", "uniqueItems": True, "items": STR},
        "b": {
            **STR,
            "default": "no",
            "x-kubernetes-validations": [{"rule": "self == 'yes'", "message": "must be yes"}],
        },
    }
    assert _refusal(tmp_path, props)[1:] == [
        f'{SPEC}.properties[b].default: Invalid value: "no": must be yes'
    ]


def test_a_declared_type_beside_int_or_string_is_accepted_and_both_kinds_pass(
    tmp_path: Path,
) -> None:
    """The server validates an int-or-string node as integer or string whatever `type` it
    declares (ConvertJSONSchemaPropsWithPostProcess): external-snapshotter ships one."""
    from codegen.runtime.validation import SchemaValidator

    schema = {"type": "object", "properties": {"size": {**STR, "x-kubernetes-int-or-string": True}}}
    folder = write_crds(tmp_path / "crd", crd(schema))
    [loaded] = load_crds([folder])
    validator = SchemaValidator(loaded.versions[0].schema, root=False)
    for value in (5, "5Gi"):
        assert not validator.validate({"spec": {"size": value}}).errors
    assert validator.validate({"spec": {"size": 1.5}}).errors


def test_a_rule_that_does_not_compile_is_an_error_of_the_defaults_that_reach_it(
    tmp_path: Path,
) -> None:
    """ValidateDefaults runs each default's rules with the server's CEL validator, which reports
    a rule that does not compile as a "rule compile error" at the default's path; a default
    error then keeps every rule from the server's own compilation check."""
    props = {
        "d": {
            **_CHECKED,
            "default": {"x": 1},
            "x-kubernetes-validations": [{"rule": "self.x >"}, {"rule": "self.x < 5"}],
        },
        # not reached by a default: its rule is not compiled by anything
        "n": {**_CHECKED, "x-kubernetes-validations": _BAD_RULE},
    }
    problems = _refusal(tmp_path, props)
    assert len(problems) == 1
    assert problems[0].startswith(
        f'{SPEC}.properties[d].default: Invalid value: "object": rule compile error: '
        "compilation failed: ERROR: <input>:1:9: Syntax error:"
    )
    # beside a default the schema refuses: both are reported
    props["e"] = {"type": "integer", "default": "x"}
    problems = _refusal(tmp_path, props)
    assert [p.split(": ")[0] for p in problems] == [
        f"{SPEC}.properties[d].default",
        f"{SPEC}.properties[e].default",
    ]


def test_a_rule_whose_message_expression_does_not_compile_still_runs_on_defaults(
    tmp_path: Path,
) -> None:
    """Only the messageExpression failed: the server runs the rule and falls back to its
    message; with the defaults valid, the messageExpression is the problem reported."""
    rule = {"rule": "self.x < 5", "message": "small", "messageExpression": "self.nope"}
    props = {"d": {**_CHECKED, "default": {"x": 9}, "x-kubernetes-validations": [rule]}}
    assert _refusal(tmp_path, props) == [f"{SPEC}.properties[d].default: Invalid value: small"]
    props["d"]["default"] = {"x": 1}
    problems = _refusal(tmp_path, props)
    assert [p.split(": ")[0] for p in problems] == [
        f"{SPEC}.properties[d].x-kubernetes-validations[0].messageExpression"
    ]


def test_nothing_ratchets_when_the_server_runs_the_rules_on_a_default(tmp_path: Path) -> None:
    """ValidateDefaults first runs the rules with the default as its own old value, without
    WithRatcheting: a rule failing on the unchanged default is an error beside a transition
    rule's and beside a rule that does not compile (sweep 33)."""
    rules = [
        {"rule": "self.x != oldSelf.x", "message": "must change"},
        {"rule": "self.x > 5", "message": "five"},
        {"rule": "self.x >"},
    ]
    props = {"d": {**_CHECKED, "default": {"x": 1}, "x-kubernetes-validations": rules}}
    problems = _refusal(tmp_path, props)
    assert [p.split(": Invalid value: ")[1][:24] for p in problems] == [
        "must change",
        "five",
        '"object": rule compile e',
    ]
