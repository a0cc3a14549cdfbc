"""The fused walk (`SchemaValidator.validate`) gives exactly what the separate passes give
(`SchemaValidator.validate_reference`): the processed object (values, types, key order), every
error (text, type, order) and every warning, on hand-written edge cases, on random mutations of
them, and on the real corpus instances (when the shared corpus is present)."""

from __future__ import annotations

import copy
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field

from codegen.runtime import FieldValidation, SchemaValidator, ValidationResult
from codegen.runtime.wire import NameNode, build_name_tree
from tests.helpers import SHARED

STR: dict[str, Any] = {"type": "string"}
ITEM: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "maxLength": 8},
        "port": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 65535},
        "protocol": {"type": "string", "default": "TCP", "enum": ["TCP", "UDP"]},
    },
}
SPEC: dict[str, Any] = {
    "type": "object",
    "required": ["image", "mode"],
    "properties": {
        "image": {"type": "string", "pattern": "^[a-z]+(:[0-9.]+)?$", "default": "nginx"},
        "mode": {"type": "string", "enum": ["a", "b"], "default": "a"},
        "replicas": {"type": "integer", "minimum": 0, "exclusiveMaximum": True, "maximum": 10},
        "ratio": {"type": "number", "minimum": 0.5, "maximum": 2.5},
        "count": {"type": "integer", "format": "int64"},
        "big": {"type": "integer", "format": "uint32"},
        "small": {"type": "integer", "format": "int32"},
        "flag": {"type": "boolean"},
        "created": {"type": "string", "format": "date-time"},
        "email": {"type": "string", "format": "email"},
        "opt": {"type": "string", "nullable": True},
        "size": {"type": "string", "minLength": 1, "maxLength": 3},
        "port": {"x-kubernetes-int-or-string": True},
        "labels": {"type": "object", "additionalProperties": STR, "maxProperties": 3},
        "limits": {
            "type": "object",
            "additionalProperties": {"type": "integer", "default": 7},
        },
        "resources": {
            "type": "object",
            "default": {},
            "properties": {
                "cpu": {"type": "string", "default": "1"},
                "memory": {"type": "object", "properties": {"gi": {"type": "integer"}}},
            },
        },
        "ports": {
            "type": "array",
            "maxItems": 3,
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
            "items": ITEM,
        },
        "endpoints": {  # keyed by two keys, one of them defaulted
            "type": "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["port", "protocol"],
            "items": {
                "type": "object",
                "required": ["port"],
                "properties": {
                    "port": {"type": "integer"},
                    "protocol": {"type": "string", "default": "TCP"},
                },
            },
        },
        "portsByZone": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["name"],
                "items": ITEM,
            },
        },
        "tags": {
            "type": "array",
            "minItems": 1,
            "x-kubernetes-list-type": "set",
            "items": {"type": "string", "default": "t"},
        },
        "matrix": {
            "type": "array",
            "items": {"type": "array", "x-kubernetes-list-type": "set", "items": STR},
        },
        "extra": {
            "type": "object",
            "x-kubernetes-preserve-unknown-fields": True,
            "properties": {"known": {"type": "integer", "default": 3}},
        },
        "anything": {  # no type: any value
            "x-kubernetes-preserve-unknown-fields": True,
            "default": {"seed": [1]},
        },
        "loose": {
            "type": "array",
            "x-kubernetes-preserve-unknown-fields": True,
            "items": {"type": "object", "properties": {"k": STR}},
        },
        "template": {
            "type": "object",
            "x-kubernetes-embedded-resource": True,
            "properties": {
                "metadata": {"type": "object", "properties": {"name": {"type": "string"}}},
                "spec": {"type": "object", "properties": {"x": {"type": "integer"}}},
            },
        },
        "choice": {
            "type": "object",
            "properties": {"a": STR, "b": STR},
            "oneOf": [{"required": ["a"]}, {"required": ["b"]}],
        },
        "any": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
        "atMostOne": {  # istio's idiom; `y` is defaulted, so it always counts as present
            "type": "object",
            "properties": {"x": STR, "y": {"type": "string", "default": "d"}, "z": STR},
            "oneOf": [
                {"not": {"anyOf": [{"required": ["x"]}, {"required": ["y"]}]}},
                {"required": ["x"]},
                {"required": ["y"]},
            ],
            "not": {"required": ["z"], "allOf": [{"required": ["x"]}]},
        },
        "mixed": {"type": "object", "minProperties": 1, "properties": {"a": STR}},
        "bounded": {  # counted after defaulting: `b` is always there
            "type": "object",
            "maxProperties": 1,
            "properties": {"a": STR, "b": {"type": "string", "default": "x"}},
        },
    },
}
ROOT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "apiVersion": STR,
        "kind": STR,
        "metadata": {"type": "object"},
        "spec": SPEC,
        "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}},
    },
}
NAMES: dict[str, dict[str, str]] = {
    "": {"api_version": "apiVersion"},
    "/properties/metadata": {"generate_name": "generateName", "owner_refs": "ownerReferences"},
    "/properties/spec": {"ports_by_zone": "portsByZone", "created_at": "created"},
    "/properties/spec/properties/ports/items": {"port_number": "port"},
}


class _Meta(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    name: str
    generate_name: str | None = Field(default=None, alias="generateName")
    bogus: int = 1


def resource(spec: Any, **extra: Any) -> dict[str, Any]:
    return {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "labels": {"a": "b"}},
        "spec": spec,
        **extra,
    }


CASES: list[Any] = [
    resource({}),
    resource(None),
    resource({"image": None, "mode": None, "opt": None, "replicas": None, "flag": None}),
    resource({"replicas": 3.0, "count": 2.0, "ratio": 1, "big": -1, "port": 8080.0}),
    resource({"replicas": 10, "ratio": 3.0, "big": 2**32, "count": 2**70, "flag": "yes"}),
    resource({"small": 2**31, "big": 2**32 - 1, "replicas": -1}),
    resource({"small": -(2**31), "replicas": 9, "ratio": 0.5}),
    resource({"image": "Bad Image", "mode": "c", "size": "", "email": "x", "created": "now"}),
    resource({"image": "ok:1.2", "created": "2024-01-01T00:00:00Z", "email": "a@b.c"}),
    resource({"labels": {"a": "1", "b": 2, "c": None, "d": "4"}, "limits": {"x": None, "y": 1.0}}),
    resource({"resources": None}),
    resource({"resources": {"cpu": None, "memory": {"gi": 1.0, "zz": 1}}}),
    resource(
        {
            "ports": [
                {"name": "http", "port": 80},
                {"name": "http", "port": 0, "protocol": None},
                None,
                {"port": 70000, "unknown": 1},
            ]
        }
    ),
    resource({"portsByZone": {"z1": [{"name": "a"}, {"name": "a"}], "z2": [{"name": "b"}]}}),
    resource({"tags": ["x", "x", None, 1], "matrix": [["a", "a"], ["b"], None]}),
    resource({"tags": []}),
    resource({"extra": {"known": None, "other": {"deep": [1, None]}, "n": None}}),
    resource({"extra": {"known": 2.0}, "loose": [{"k": "v", "zz": 1}, 3, None]}),
    resource({"anything": {"a": [1, 2.5, None, {"b": None}], "c": "d"}}),
    resource({"anything": [None, True, "x"]}),
    resource({"anything": 1.0}),
    resource({"anything": None}),
    resource({"template": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": None}}}),
    resource({"template": {"metadata": {"name": "x", "bogus": 1}, "spec": {"x": 1.0, "y": 2}}}),
    resource({"template": {"apiVersion": 3, "kind": "bad kind!"}}),
    resource(
        {"template": {"apiVersion": "v1", "kind": "C", "metadata": {"labels": {"bad key!": "1"}}}}
    ),
    resource({"template": {"apiVersion": "v1", "kind": "C", "metadata": {"name": "a/b", "x": 1}}}),
    resource({"template": {"apiVersion": "v1", "kind": "C", "metadata": {"labels": "oops"}}}),
    resource({"template": {"apiVersion": "v1", "kind": "C", "metadata": {"name": "Up.Per"}}}),
    resource({"template": {"apiVersion": "v1", "kind": "C", "metadata": ["not", "a", "map"]}}),
    resource({"template": {"apiVersion": "v1", "kind": "C", "metadata": {"generation": 1.5}}}),
    {
        **resource({}),
        "metadata": {
            "name": "w",
            "ownerReferences": [
                {"apiVersion": "v1", "kind": "A", "name": "a", "uid": "1", "controller": True},
                {"apiVersion": "a/b/c", "kind": "B", "name": "", "controller": True},
            ],
        },
    },
    {
        **resource({}),
        "metadata": {
            "name": "w",
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "D", "name": "d", "uid": "u"}],
        },
    },
    resource({"choice": {"a": "1"}, "any": 1.0, "mixed": {}}),
    resource({"choice": {"a": "1", "b": "2"}, "any": [], "mixed": {"a": None}}),
    resource({"choice": {}, "any": None, "mixed": {"a": "x", "b": "y"}}),
    resource({"endpoints": [{"port": 80}, {"port": 80, "protocol": "TCP"}]}),
    resource({"endpoints": [{"port": 80}, {"port": 80, "protocol": "UDP"}, {"port": 1.0}]}),
    resource({"endpoints": [{"port": 80}, {"port": 81}], "tags": ["a", "b"]}),
    resource({"endpoints": [{"port": True}, {"port": 1}], "tags": [1, True]}),
    resource({"bounded": {}, "mixed": {"a": "x"}}),
    resource({"bounded": {"a": "1"}}),
    resource({"bounded": {"b": "2"}, "mixed": {"a": None}}),
    resource({"atMostOne": {}}),
    resource({"atMostOne": {"x": "1"}}),
    resource({"atMostOne": {"y": "2", "z": "3"}}),
    resource({"atMostOne": {"y": None}}),
    resource({"atMostOne": {"x": "1", "z": "3", "y": None}}),
    resource({"atMostOne": []}),
    resource({"unknown": 1, "image": "a"}, status={"ready": True, "zz": 1}),
    resource({}, status={"ready": "no"}, extraTop={"a": 1}),
    {**resource({}), "metadata": {"name": "Bad_Name", "uid": "1", "nope": 2}},
    {**resource({}), "metadata": None},
    {**resource({}), "apiVersion": "example.com/v2", "kind": "Other"},
    {"kind": "Widget", "spec": {}},
    {"api_version": "example.com/v1", "kind": "Widget", "spec": {"ports_by_zone": {"z": []}}},
    resource({"ports": [{"name": "a", "port_number": 5}], "created_at": "2024-01-01"}),
    resource({"ports": ({"name": "a"},), "labels": {"k": "v"}}),
    {**resource({}), "metadata": {"generate_name": "w-", "name": "w", "bogus": 1, "labels": {}}},
    {**resource({}), "metadata": _Meta(name="m", generate_name="g-")},
    {**resource({}), "metadata": {"owner_refs": [{"api_version": "v1"}], "uid": None}},
    resource([1, 2]),
    resource("spec"),
    [resource({})],
    "not an object",
]


def _validators() -> list[SchemaValidator]:
    return [
        SchemaValidator(
            ROOT, kind="Widget", group="example.com", version="v1", status_subresource=True
        ),
        SchemaValidator(ROOT, kind="Widget", group="example.com", version="v1"),
        SchemaValidator(SPEC, root=False),
    ]


def _encode(value: Any) -> str:
    """Type- and order-sensitive text of a value (1 and 1.0 differ, key order counts)."""
    return json.dumps(value, default=repr)


def _same(a: ValidationResult, b: ValidationResult, *, key_order: bool = True) -> None:
    if key_order:
        assert _encode(a.value) == _encode(b.value)
    else:  # the gate builds objects in schema order (the server keeps no order either)
        assert json.dumps(a.value, default=repr, sort_keys=True) == json.dumps(
            b.value, default=repr, sort_keys=True
        )
    assert [(str(e), e.type) for e in a.errors] == [(str(e), e.type) for e in b.errors]
    assert list(a.warnings) == list(b.warnings)


def _compare(
    validator: SchemaValidator, obj: Any, names: NameNode | None = None, prefix: str = ""
) -> None:
    for mode in FieldValidation:
        before = copy.deepcopy(obj)
        gated = validator.validate(obj, field_validation=mode, names=names, path_prefix=prefix)
        validator.use_gate = False
        try:
            fused = validator.validate(obj, field_validation=mode, names=names, path_prefix=prefix)
        finally:
            validator.use_gate = True
        reference = validator.validate_reference(
            obj, field_validation=mode, names=names, path_prefix=prefix
        )
        _same(fused, reference)
        _same(gated, reference, key_order=False)
        assert _encode(obj) == _encode(before), "the input must not be changed"


def _mutations(doc: Any, rnd: random.Random, count: int) -> Iterator[Any]:
    """Copies of `doc` with a few values nulled, retyped, duplicated, removed or added."""
    replacements: list[Any] = [
        None, 1.0, 2.5, -3, "x", "", True, 2**40, {"zz": 1, "a": None}, [None, 2.0, {"q": 1}], [],
    ]  # fmt: skip
    for _ in range(count):
        d = copy.deepcopy(doc)
        slots: list[tuple[Any, Any]] = []

        def collect(x: Any, slots: list[tuple[Any, Any]] = slots) -> None:
            if isinstance(x, dict):
                for k in list(x):
                    slots.append((x, k))
                    collect(x[k])
            elif isinstance(x, list):
                for i in range(len(x)):
                    slots.append((x, i))
                    collect(x[i])

        collect(d)
        for _ in range(rnd.randint(1, 3)):
            if not slots:
                break
            container, key = rnd.choice(slots)
            try:
                current = container[key]
            except (KeyError, IndexError):
                continue
            roll = rnd.random()
            if roll < 0.2 and isinstance(current, list) and current:
                current.append(copy.deepcopy(rnd.choice(current)))
            elif roll < 0.3 and isinstance(container, dict):
                del container[key]
            elif roll < 0.4 and isinstance(container, dict):
                container["unknownField"] = {"x": None}
            elif roll < 0.5 and type(current) is int:
                container[key] = float(current)
            else:
                container[key] = copy.deepcopy(rnd.choice(replacements))
        yield d


@pytest.mark.parametrize("index", range(len(CASES)))
def test_edge_cases(index: int) -> None:
    names = build_name_tree(ROOT, NAMES)
    for validator in _validators():
        obj = CASES[index]
        if not validator.root:
            obj = obj.get("spec") if isinstance(obj, dict) else obj
            _compare(validator, obj, names.properties["spec"] if names else None, "spec")
        else:
            _compare(validator, obj, names)


def test_random_mutations() -> None:
    rnd = random.Random(6)
    names = build_name_tree(ROOT, NAMES)
    validators = _validators()
    for doc in CASES[:24]:
        for mutated in _mutations(doc, rnd, 25):
            _compare(validators[0], mutated, names)
            spec = mutated.get("spec") if isinstance(mutated, dict) else None
            _compare(validators[2], spec, None, "spec")


def test_fused_walk_is_used_for_plain_resources() -> None:
    validator = _validators()[0]
    result = validator.validate(resource({"ports": [{"name": "a", "port": 1}]}))
    assert result.ok
    assert result.value["spec"]["ports"] == [{"name": "a", "port": 1, "protocol": "TCP"}]


CORPUS = SHARED / "corpus"
CORPUS_CRDS = (
    "crds/gateway-api/httproutes.gateway.networking.k8s.io.yaml",
    "crds/istio/virtualservices.networking.istio.io.yaml",
    "crds/cert-manager/certificates.cert-manager.io.yaml",
    "crds/argo-rollouts/rollouts.argoproj.io.yaml",
)


def _corpus_instances(crd: str) -> list[Any]:
    from codegen.corpus.expected import read_expected

    docs: list[Any] = []
    for row in read_expected(CORPUS):
        if row.crd != crd:
            continue
        try:
            loaded = [d for d in yaml.safe_load_all(Path(CORPUS / row.instance).read_text()) if d]
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            continue
        if len(loaded) == 1:
            docs.append(loaded[0])
    return docs


@pytest.mark.skipif(not (CORPUS / "EXPECTED.tsv").exists(), reason="shared corpus not present")
@pytest.mark.parametrize("crd", CORPUS_CRDS)
def test_corpus_instances(crd: str) -> None:
    from codegen.validate_cmd import build_catalog

    catalog = build_catalog([CORPUS / crd])
    rnd = random.Random(crd)
    for doc in _corpus_instances(crd):
        binding = catalog.binding(str(doc.get("apiVersion")), str(doc.get("kind")))
        if binding is None or binding.validator is None:
            continue
        validator = binding.validator
        saved, validator.cel = validator.cel, None  # CEL sees the same value either way
        try:
            _compare(validator, doc, binding.names)
            for mutated in _mutations(doc, rnd, 4):
                _compare(validator, mutated, binding.names)
        finally:
            validator.cel = saved


@pytest.mark.slow
@pytest.mark.skipif(
    not (CORPUS / "EXPECTED.tsv").exists() or not os.environ.get("CRDC_FULL_CORPUS"),
    reason="set CRDC_FULL_CORPUS=1 (and have the shared corpus) to check every corpus instance",
)
def test_every_corpus_instance() -> None:
    from codegen.corpus.expected import read_expected
    from codegen.load import LoadError
    from codegen.validate_cmd import build_catalog

    checked = 0
    for crd in sorted({row.crd for row in read_expected(CORPUS)}):
        try:
            catalog = build_catalog([CORPUS / crd])
        except LoadError:
            continue  # the loader refuses this CRD: nothing to validate against
        for doc in _corpus_instances(crd):
            if not isinstance(doc, dict):
                continue
            binding = catalog.binding(str(doc.get("apiVersion")), str(doc.get("kind")))
            if binding is None or binding.validator is None:
                continue
            validator = binding.validator
            saved, validator.cel = validator.cel, None
            try:
                _compare(validator, doc, binding.names)
            finally:
                validator.cel = saved
            checked += 1
    assert checked > 0
