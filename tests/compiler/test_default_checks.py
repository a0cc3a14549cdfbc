"""A CRD whose `default` values the API server refuses (apiextensions-apiserver
`pkg/apiserver/schema/defaulting/validation.go`, `ValidateDefaults`) is refused by `generate`
with the server's paths and messages, every problem listed, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from codegen import default_checks
from codegen.cel_check import rule_problems
from codegen.load import LoadError, load_crds
from codegen.runtime.openapi_validation import validate_schema
from tests.helpers import REPO, crd, write_crds

SPEC = "spec.validation.openAPIV3Schema.properties[spec]"
STR = {"type": "string"}
INT = {"type": "integer"}
RANGE = {"min": INT, "max": INT}
MIN_LE_MAX = [{"rule": "self.min <= self.max"}]


def _problems(
    tmp_path: Path, props: dict[str, Any], document: dict[str, Any] | None = None
) -> list[str]:
    """What `generate` reports for a CRD whose spec has `props`: the load's problems, else the
    CEL check's (`path: message`); [] when the CRD is accepted."""
    document = document or crd({"type": "object", "properties": props})
    folder = write_crds(tmp_path / "crd", document)
    try:
        crds = load_crds([folder], relative_to=tmp_path)
    except LoadError as exc:
        return [f"{p.path}: {p.message}" for p in exc.problems]
    return [f"{p.path}: {p.message}" for p in rule_problems(crds)]


REFUSED: dict[str, tuple[dict[str, Any], list[str]]] = {
    "wrong type": (
        {"replicas": {"type": "integer", "default": "three"}},
        [
            f'{SPEC}.properties[replicas].default: Invalid value: "string":  in body must be of '
            'type integer: "string"'
        ],
    ),
    "not in the enum": (
        {"mode": {"type": "string", "enum": ["Fast", "Safe"], "default": "Slow"}},
        [
            f'{SPEC}.properties[mode].default: Unsupported value: "Slow": supported values: '
            '"Fast", "Safe"'
        ],
    ),
    "too long": (
        {"name": {"type": "string", "maxLength": 3, "default": "abcd"}},
        [f"{SPEC}.properties[name].default: Too long: may not be more than 3 bytes"],
    ),
    "pattern mismatch": (
        {"name": {"type": "string", "pattern": "^[a-z]+$", "default": "ABC"}},
        [
            f"{SPEC}.properties[name].default: Invalid value: \"ABC\":  in body should match '^[a-z]+$'"
        ],
    ),
    "bad date-time": (
        {"at": {"type": "string", "format": "date-time", "default": "yesterday"}},
        [
            f'{SPEC}.properties[at].default: Invalid value: "yesterday":  in body must be of type '
            'date-time: "yesterday"'
        ],
    ),
    "int32 out of range": (
        {"port": {"type": "integer", "format": "int32", "default": 2**31}},
        [
            f'{SPEC}.properties[port].default: Invalid value: "": Checked value must be of type '
            "integer with format int32 in "
        ],
    ),
    "below the minimum": (
        {"replicas": {"type": "integer", "minimum": 1, "default": 0}},
        [
            f"{SPEC}.properties[replicas].default: Invalid value: 0:  in body should be greater "
            "than or equal to 1"
        ],
    ),
    "unknown field": (
        {"o": {"type": "object", "properties": {"a": STR}, "default": {"a": "x", "b": 1}}},
        [
            f'{SPEC}.properties[o].default: Invalid value: map[string]interface {{}}{{"a":"x", '
            '"b":1}: must not have unknown fields'
        ],
    ),
    "unknown field deeper": (
        {
            "o": {
                "type": "object",
                "properties": {"inner": {"type": "object", "properties": {"a": STR}}},
                "default": {"inner": {"b": "x"}},
            }
        },
        [
            f'{SPEC}.properties[o].default: Invalid value: map[string]interface {{}}{{"inner":'
            'map[string]interface {}{"b":"x"}}: must not have unknown fields'
        ],
    ),
    "nested required and enum": (
        {
            "o": {
                "type": "object",
                "required": ["a"],
                "properties": {"a": STR, "b": {"type": "string", "enum": ["x"]}},
                "default": {"b": "y"},
            }
        },
        [
            f'{SPEC}.properties[o].default.b: Unsupported value: "y": supported values: "x"',
            f"{SPEC}.properties[o].default.a: Required value",
        ],
    ),
    # the server validates the default as written: the defaults inside it are not applied
    "required field with a default of its own": (
        {
            "o": {
                "type": "object",
                "required": ["a"],
                "properties": {"a": {"type": "string", "default": "x"}},
                "default": {},
            }
        },
        [f"{SPEC}.properties[o].default.a: Required value"],
    ),
    "too many items": (
        {"l": {"type": "array", "maxItems": 1, "items": STR, "default": ["a", "b"]}},
        [f"{SPEC}.properties[l].default: Too many: 2: must have at most 1 item"],
    ),
    "an item of the wrong type": (
        {"l": {"type": "array", "items": INT, "default": [1, "two"]}},
        [
            f'{SPEC}.properties[l].default.[1]: Invalid value: "string": [1] in body must be of '
            'type integer: "string"'
        ],
    ),
    "a default inside a defaulted object": (
        {
            "o": {
                "type": "object",
                "properties": {"n": {"type": "integer", "minimum": 1, "default": 0}},
                "default": {},
            }
        },
        [
            f"{SPEC}.properties[o].properties[n].default: Invalid value: 0:  in body should be "
            "greater than or equal to 1"
        ],
    ),
    "failing a CEL rule": (
        {
            "r": {
                "type": "object",
                "properties": RANGE,
                "x-kubernetes-validations": MIN_LE_MAX,
                "default": {"min": 3, "max": 1},
            }
        },
        [f"{SPEC}.properties[r].default: Invalid value: failed rule: self.min <= self.max"],
    ),
    "failing a CEL rule below, with its message": (
        {
            "r": {
                "type": "object",
                "properties": {
                    "n": {
                        "type": "integer",
                        "x-kubernetes-validations": [
                            {"rule": "self % 2 == 0", "message": "must be even"}
                        ],
                    }
                },
                "default": {"n": 3},
            }
        },
        [f"{SPEC}.properties[r].default.n: Invalid value: 3: must be even"],
    ),
    # `{}` has no key `min`: the defaults of min and max are not applied first
    "CEL reading a field the default lacks": (
        {
            "r": {
                "type": "object",
                "properties": {
                    "min": {"type": "integer", "default": 0},
                    "max": {"type": "integer", "default": 1},
                },
                "x-kubernetes-validations": MIN_LE_MAX,
                "default": {},
            }
        },
        [
            f'{SPEC}.properties[r].default: Invalid value: "object": no such key: min '
            "evaluating rule: self.min <= self.max"
        ],
    ),
    # transition rules run too, with oldSelf the default itself
    "a transition rule": (
        {
            "n": {
                "type": "integer",
                "x-kubernetes-validations": [{"rule": "self > oldSelf"}],
                "default": 1,
            }
        },
        [f"{SPEC}.properties[n].default: Invalid value: 1: failed rule: self > oldSelf"],
    ),
    "an embedded resource without apiVersion": (
        {
            "t": {
                "type": "object",
                "x-kubernetes-embedded-resource": True,
                "x-kubernetes-preserve-unknown-fields": True,
                "default": {"kind": "Pod"},
            }
        },
        [f"{SPEC}.properties[t].default.apiVersion: Required value"],
    ),
    # WithTypeMeta fills in only what the default leaves out: a defaulted kind is the embedded
    # resource's own, and must be one
    "an embedded resource's kind": (
        {
            "t": {
                "type": "object",
                "x-kubernetes-embedded-resource": True,
                "x-kubernetes-preserve-unknown-fields": True,
                "properties": {"kind": {"type": "string", "default": "%"}},
            }
        },
        [
            f'{SPEC}.properties[t].properties[kind].default: Invalid value: "%": must result in '
            'valid metadata: kind: Invalid value: "%": may have mixed case, but should otherwise '
            "match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
            "start with an alphabetic character, and end with an alphanumeric character (e.g. "
            "'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
        ],
    ),
    "an embedded resource's apiVersion": (
        {
            "t": {
                "type": "object",
                "x-kubernetes-embedded-resource": True,
                "x-kubernetes-preserve-unknown-fields": True,
                "properties": {"apiVersion": {"type": "string", "default": "a/b/c"}},
            }
        },
        [
            f'{SPEC}.properties[t].properties[apiVersion].default: Invalid value: "a/b/c": must '
            'result in valid metadata: apiVersion: Invalid value: "a/b/c": unexpected '
            "GroupVersion string: a/b/c"
        ],
    ),
    "an embedded resource's metadata": (
        {
            "t": {
                "type": "object",
                "x-kubernetes-embedded-resource": True,
                "properties": {
                    "apiVersion": STR,
                    "kind": STR,
                    "metadata": {
                        "type": "object",
                        "properties": {"name": {"type": "string", "default": "a/b"}},
                    },
                },
            }
        },
        [
            f"{SPEC}.properties[t].properties[metadata].properties[name].default: Invalid value: "
            '"a/b": must result in valid metadata: metadata.name: Invalid value: "a/b": may not '
            "contain '/'"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_the_servers_path_and_message(tmp_path: Path, case: str) -> None:
    props, wanted = REFUSED[case]
    assert _problems(tmp_path, props) == wanted


ACCEPTED: dict[str, dict[str, Any]] = {
    "valid defaults of every kind": {
        "replicas": {"type": "integer", "format": "int32", "minimum": 1, "default": 1},
        "ratio": {"type": "number", "maximum": 1, "default": 0.5},
        "mode": {"type": "string", "enum": ["Fast", "Safe"], "default": "Safe"},
        "name": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 8, "default": "abc"},
        "at": {"type": "string", "format": "date-time", "default": "2024-01-01T00:00:00Z"},
        "port": {"x-kubernetes-int-or-string": True, "default": "http"},
        "o": {"type": "object", "required": ["a"], "properties": {"a": STR}, "default": {"a": "x"}},
        "l": {"type": "array", "maxItems": 2, "items": STR, "default": ["a"]},
        "r": {
            "type": "object",
            "properties": RANGE,
            "x-kubernetes-validations": MIN_LE_MAX,
            "default": {"min": 1, "max": 3},
        },
        "t": {
            "type": "integer",
            "x-kubernetes-validations": [{"rule": "self >= oldSelf"}],
            "default": 1,
        },
    },
    # nothing is pruned below x-kubernetes-preserve-unknown-fields
    "unknown fields kept by preserve-unknown-fields": {
        "o": {
            "type": "object",
            "x-kubernetes-preserve-unknown-fields": True,
            "properties": {"a": STR},
            "default": {"a": "x", "b": 1},
        }
    },
    # list types are not checked on defaults (ValidateCustomResource does not)
    "a set with duplicates": {
        "l": {"type": "array", "x-kubernetes-list-type": "set", "items": STR, "default": ["a", "a"]}
    },
    # the server does not follow additionalProperties
    "below additionalProperties": {
        "m": {"type": "object", "additionalProperties": {"type": "integer", "default": "x"}}
    },
    "null": {"n": {"type": "integer", "default": None}},
    "an embedded resource's own kind and apiVersion": {
        "t": {
            "type": "object",
            "x-kubernetes-embedded-resource": True,
            "properties": {
                "apiVersion": {"type": "string", "default": "apps/v1"},
                "kind": {"type": "string", "default": "Deployment"},
            },
        }
    },
    # ObjectMeta drops what it does not know (not a pruning error)
    "an embedded resource with extra metadata": {
        "t": {
            "type": "object",
            "x-kubernetes-embedded-resource": True,
            "x-kubernetes-preserve-unknown-fields": True,
            "default": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x", "y": 1}},
        }
    },
}


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_accepted(tmp_path: Path, case: str) -> None:
    assert _problems(tmp_path, ACCEPTED[case]) == []


def test_the_resources_own_kind_default_is_validated(tmp_path: Path) -> None:
    document = crd({"type": "object"})
    schema = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    schema["properties"]["kind"] = {"type": "string", "enum": ["Widget"], "default": "Gadget"}
    assert _problems(tmp_path, {}, document) == [
        # forbidden outright, and still validated: the schema is structural all the same
        "spec.validation.openAPIV3Schema.properties[kind].default: Forbidden: must not "
        "be set in top-level kind",
        "spec.validation.openAPIV3Schema.properties[kind].default: Unsupported value: "
        '"Gadget": supported values: "Widget"',
    ]


def test_defaults_are_only_checked_in_a_structural_schema(tmp_path: Path) -> None:
    props = {"a": {"type": "integer", "default": "x"}, "b": {"type": "array"}}
    assert _problems(tmp_path, props) == [
        f"{SPEC}.properties[b].items: Required value: must be specified"
    ]


def test_a_default_in_a_value_validation_is_not_structural(tmp_path: Path) -> None:
    props = {
        "a": {"type": "string", "anyOf": [{"default": "x"}, {"pattern": "^y", "default": None}]}
    }
    assert _problems(tmp_path, props) == [
        f"{SPEC}.properties[a].anyOf[0].default: Forbidden: must be undefined to be structural"
    ]


def test_every_problem_at_once_in_document_order(tmp_path: Path) -> None:
    """When a default fails, the rules run on the defaults at once, so that nothing is missing;
    a pruning error does not keep the rules from running, the others do."""
    props = {
        "a": {"type": "integer", "default": "x"},
        "r": {
            "type": "object",
            "properties": RANGE,
            "x-kubernetes-validations": MIN_LE_MAX,
            "default": {"min": 3, "max": 1},
        },
        "u": {
            "type": "object",
            "properties": {"a": STR},
            "x-kubernetes-validations": [{"rule": "self.a != 'x'", "message": "not x"}],
            "default": {"a": "x", "b": 1},
        },
        "e": {
            "type": "string",
            "enum": ["a"],
            "x-kubernetes-validations": [{"rule": "false"}],
            "default": "b",
        },
    }
    assert _problems(tmp_path, props) == [
        f'{SPEC}.properties[a].default: Invalid value: "string":  in body must be of type '
        'integer: "string"',
        f"{SPEC}.properties[r].default: Invalid value: failed rule: self.min <= self.max",
        f'{SPEC}.properties[u].default: Invalid value: map[string]interface {{}}{{"a":"x", '
        '"b":1}: must not have unknown fields',
        f"{SPEC}.properties[u].default: Invalid value: not x",
        f'{SPEC}.properties[e].default: Unsupported value: "b": supported values: "a"',
    ]


SCALAR_NODES: list[dict[str, Any]] = [
    {"type": "string"},
    {"type": "string", "enum": ["a", "b"]},
    {"type": "string", "enum": [1, "a"]},
    {"type": "string", "maxLength": 1, "minLength": 1},
    {"type": "string", "format": "date-time"},
    {"type": "integer"},
    {"type": "integer", "format": "int32"},
    {"type": "integer", "format": "int64", "description": "d"},
    {"type": "integer", "minimum": 1},
    {"type": "number"},
    {"type": "number", "format": "float"},
    {"type": "boolean", "nullable": True},
    {"x-kubernetes-int-or-string": True},
]
SCALARS: list[Any] = ["", "a", "ab", "é", 0, 1, -1, 2**31, 2**63, 1.5, float("inf"), True, None]


def test_the_shortcut_never_passes_what_the_validator_refuses() -> None:
    passed = 0
    for raw in SCALAR_NODES:
        for value in SCALARS:
            if default_checks._obviously_valid({**raw, "default": value}, value):
                passed += 1
                assert validate_schema(raw, value) == [], (raw, value)
    assert passed >= 20  # it does take the common cases


def test_loading_costs_no_validator_unless_a_default_needs_one(tmp_path: Path) -> None:
    plain = crd({"type": "object", "properties": {"name": {"type": "string", "default": ""}}})
    write_crds(tmp_path / "plain", plain)
    write_crds(
        tmp_path / "enum",
        crd(
            {
                "type": "object",
                "properties": {
                    "mode": {"type": "string", "enum": ["A"], "pattern": "^A$", "default": "A"}
                },
            }
        ),
    )
    probe = (
        "import sys; from pathlib import Path; from codegen.load import load_crds\n"
        f"load_crds([Path({str(tmp_path / 'plain')!r})])\n"
        "print('openapi_validation' in str(list(sys.modules)))\n"
        f"load_crds([Path({str(tmp_path / 'enum')!r})])\n"
        "print('openapi_validation' in str(list(sys.modules)), 'pydantic' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO, env=env
    ).stdout.split()
    assert out == ["False", "True", "False"]


def test_generate_exits_2_listing_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    props = {
        "replicas": {"type": "integer", "minimum": 1, "default": 0},
        "mode": {"type": "string", "enum": ["Fast"], "default": "Slow"},
        "o": {"type": "object", "properties": {"a": STR}, "default": {"b": "x"}},
        "r": {
            "type": "object",
            "properties": RANGE,
            "x-kubernetes-validations": MIN_LE_MAX,
            "default": {"min": 2, "max": 1},
        },
    }
    write_crds(tmp_path / "crd", crd({"type": "object", "properties": props}))
    out = tmp_path / "generated"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "codegen",
            "generate",
            "--crd-dir",
            str(tmp_path / "crd"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 4 problem(s) in the CRDs; nothing was generated:"
    body = [line.split(": ", 1)[1] for line in lines[1:5]]
    assert body == [
        f"{SPEC}.properties[replicas].default: Invalid value: 0:  in body should be greater "
        "than or equal to 1",
        f'{SPEC}.properties[mode].default: Unsupported value: "Slow": supported values: "Fast"',
        f'{SPEC}.properties[o].default: Invalid value: map[string]interface {{}}{{"b":"x"}}: '
        "must not have unknown fields",
        f"{SPEC}.properties[r].default: Invalid value: failed rule: self.min <= self.max",
    ]
    assert not out.exists()
