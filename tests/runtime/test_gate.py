"""The gate (codegen.runtime.gate): takes valid plain objects, refuses everything else.

Its results are compared with the walk's and the reference passes' in test_fused.py (every edge
case, random mutations and corpus instances); here: when it is taken and when it must refuse.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from codegen.runtime import SchemaValidator
from codegen.runtime import gate as gate_module
from codegen.runtime.gate import MISS, build_gate
from codegen.runtime.structural import compile_schema
from tests.runtime.test_fused import ROOT, SPEC, resource


def _gate(schema: dict[str, Any] = ROOT, *, root: bool = True, drop_status: bool = True) -> Any:
    node = compile_schema(schema)
    assert node is not None
    built = build_gate(node, root=root, drop_status=drop_status)
    assert built is not None
    return built


VALID: dict[str, Any] = resource(
    {
        "image": "ok:1.2",
        "mode": "b",
        "replicas": 3,
        "ratio": 1,
        "small": 5,
        "flag": True,
        "created": "2024-01-01T00:00:00Z",
        "labels": {"a": "1"},
        "ports": [{"name": "http", "port": 80}, {"name": "grpc", "port": 81}],
        "tags": ["x", "y"],
        "extra": {"other": {"deep": [1, None]}},
        "port": "http",
    }
)


def test_valid_object_takes_the_gate_and_gets_the_walks_value() -> None:
    value = _gate()(VALID)
    assert value is not MISS
    validator = SchemaValidator(
        ROOT, kind="Widget", group="example.com", version="v1", status_subresource=True
    )
    validator.use_gate = False
    assert value == validator.validate(VALID).value
    spec = value["spec"]
    assert spec["ports"][0]["protocol"] == "TCP"  # defaults inside list items
    assert spec["resources"] == {"cpu": "1"}  # an object default, defaulted further
    assert type(spec["ratio"]) is int  # a number stays an int


def test_value_is_a_copy() -> None:
    doc = copy.deepcopy(VALID)
    value = _gate()(doc)
    value["spec"]["extra"]["other"]["deep"].append(2)
    value["metadata"]["labels"]["b"] = "2"
    assert doc == VALID


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        (("spec", "replicas"), 3.0),  # normalised by the walk
        (("spec", "replicas"), True),
        (("spec", "replicas"), 10),  # exclusive maximum
        (("spec", "image"), None),  # a null the walk replaces by the default
        (("spec", "opt2"), 1),  # unknown field
        (("spec", "image"), "Bad Image"),  # pattern
        (("spec", "created"), "yesterday"),  # format
        (("spec", "mode"), "c"),  # enum
        (("spec", "small"), 2**31),  # int32 range
        (("spec", "count"), 2**63),  # int64 range
        (("spec", "tags"), ["x", "x"]),  # list-type set
        (("spec", "ports"), [{"name": "a"}, {"name": "a"}]),  # list-type map
        (("spec", "labels"), {"a": "1", "b": "2", "c": "3", "d": "4"}),  # maxProperties
        (("spec", "choice"), {"a": "1", "b": "2"}),  # oneOf, through the walk
        (("spec", "ports_by_zone"), {}),  # a Python name
        (("status",), {"ready": True, "zz": 1}),  # an unknown field in the dropped status
        (("metadata", "name"), "Bad_Name"),  # ObjectMeta rules
        (("metadata", "bogus"), 1),  # not an ObjectMeta field
        (("spec", "extra", "other"), object()),  # not JSON
        (("spec", "tags"), ("x",)),  # a tuple is not a JSON array
    ],
)
def test_refuses_what_the_walk_would_change_or_reject(path: tuple[str, ...], bad: Any) -> None:
    doc = copy.deepcopy(VALID)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    assert _gate()(doc) is MISS


def test_status_is_dropped_under_the_status_subresource() -> None:
    value = _gate()({**VALID, "status": {"ready": "not even a bool"}})
    assert value is not MISS and "status" not in value
    kept = _gate(drop_status=False)({**VALID, "status": {"ready": True}})
    assert kept["status"] == {"ready": True}


def test_spec_alone() -> None:
    gate = _gate(SPEC, root=False, drop_status=False)
    assert gate({"image": "a"}) == {
        "image": "a",
        "mode": "a",
        "resources": {"cpu": "1"},
        "anything": {"seed": [1]},
    }
    assert gate({"apiVersion": "v1"}) is MISS


def test_validator_uses_the_gate_and_reports_through_the_walk() -> None:
    validator = SchemaValidator(
        ROOT, kind="Widget", group="example.com", version="v1", status_subresource=True
    )
    assert validator.validate(VALID).ok
    assert validator._gate is not None and validator._gate is not MISS
    bad = resource({"replicas": 10, "image": "Bad Image"})
    errors = [str(e) for e in validator.validate(bad).errors]
    assert any("spec.replicas" in e for e in errors)
    assert any("spec.image" in e for e in errors)


def test_wrong_type_meta_is_still_reported() -> None:
    validator = SchemaValidator(ROOT, kind="Widget", group="example.com", version="v1")
    doc = {**VALID, "apiVersion": "example.com/v2"}
    assert _gate(drop_status=False)(doc) is not MISS  # the schema itself allows any string
    assert not validator.validate(doc).ok  # ... the type meta check after the gate does not


def test_huge_schemas_are_left_to_the_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gate_module, "MAX_NODES", 5)
    node = compile_schema(copy.deepcopy(ROOT))
    assert node is not None
    assert build_gate(node, root=True, drop_status=False) is None


def test_identical_subtrees_share_one_definition() -> None:
    item = {"type": "object", "properties": {"a": {"type": "string", "description": "one"}}}
    twin = {**item, "properties": {"a": {"type": "string", "description": "two"}}}
    schema = {"type": "object", "properties": {"x": item, "y": twin}}
    node = compile_schema(schema)
    assert node is not None
    builder = gate_module._Builder(root=False, drop_status=False)
    builder.typed_dict(node)
    assert len(builder.defs) == 1


META_CASES: list[dict[str, Any]] = [
    {},
    {"name": "a", "namespace": "ns", "labels": {"app": "x", "example.com/tier": "web"}},
    {"name": "", "namespace": None, "labels": None},
    {"name": "Bad_Name"},
    {"name": 3},
    {"namespace": "a.b"},
    {"labels": {"a": 1}},
    {"labels": {"bad key!": "v"}},
    {"labels": {"k": "bad value!"}},
    {"labels": ["a"]},
    {"generateName": "web-"},
    {"generateName": "Web-"},
    {"annotations": {"a": "x" * 300_000}},
    {"annotations": {"ok/key": "v"}},
    {"generation": -1},
    {"finalizers": ["example.com/ok", "bad finalizer!"]},
    {"uid": 5, "resourceVersion": [1]},  # not checked by the server's ObjectMeta rules
    {"generateName": "-"},
    {"generateName": "a.-"},
    {"generateName": ".-"},
    {"generateName": "a--", "finalizers": ["kubernetes"]},
    {"annotations": {"Example.COM/Key": "v", "kubectl.kubernetes.io/last-applied": "{}"}},
    {"labels": {"a" * 63: "b" * 63, "x/" + "c" * 64: "d"}},
    {"ownerReferences": [{"kind": "X", "name": "y"}], "managedFields": None},
    {"ownerReferences": ["x"]},
    {"bogus": 1},
    {"creationTimestamp": "2024-01-01T00:00:00Z"},
    {"creationTimestamp": "2024-01-01T1:00:00+01:00"},  # read by time.Parse, written back in UTC
    {"creationTimestamp": "2024-13-01T00:00:00Z"},  # out of range: a decoding error
    {"deletionTimestamp": "2024-02-29T00:00:00.5Z"},
]


@pytest.mark.parametrize("meta", META_CASES)
def test_quick_object_meta_check_agrees_with_the_full_one(meta: dict[str, Any]) -> None:
    from codegen.runtime.metadata import field_decode_error, object_meta_ok, validate_object_meta

    full = field_decode_error(meta) is None and not validate_object_meta(meta)
    assert object_meta_ok(meta) == full
    assert object_meta_ok(meta) == full  # again, from the memo


PATTERNS = [
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
    "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE])?$",
    "^[^/]+/[^/]+$",
    "^(s3|gs|https?)://.+",
    "a.c",
    "^$",
    "[A-Z]{2,4}",
    "^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$",
    "^[!-~]+([\\t ]?[!-~]+)*$",
    "^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$",
]
UNSAFE = [
    "(?P<n>a)",
    "\\x6",
    "\\d+",
    "^\\w+$",
    "(?i)abc",
    "[a[bc]]",
    "\\Qa.b\\E",
    "a{,3}",
    "[[:alpha:]]",
    "é+",
]
SAMPLES = ["", "a", "abc", "A-b", "my-name", "1.5Gi", "-.5", "+3e", "x/y", "x/y/z", "s3://b/k",
           "https://h", "X-Tok`en", "a\tb", "a\t\tb", "%2Fx", "%2", "a\nc", "abc\n", "٣٤", "ABCD", "ABCDE", "ac", "aXc", "é", "a\u2028c"]  # fmt: skip


@pytest.mark.parametrize("pattern", PATTERNS)
def test_patterns_checked_in_rust_match_like_re2(pattern: str) -> None:
    import re2
    from pydantic_core import SchemaValidator as Core
    from pydantic_core import ValidationError
    from pydantic_core import core_schema as cs

    assert gate_module._rust_safe(pattern)
    rust = Core(cs.str_schema(pattern=pattern))
    for sample in SAMPLES:
        try:
            rust.validate_python(sample)
            accepted = True
        except ValidationError:
            accepted = False
        assert accepted == (re2.search(pattern, sample) is not None), sample


@pytest.mark.parametrize("pattern", UNSAFE)
def test_patterns_where_the_engines_may_differ_stay_with_re2(pattern: str) -> None:
    assert not gate_module._rust_safe(pattern)


def test_a_simple_pattern_is_checked_without_python() -> None:
    node = compile_schema({"type": "string", "pattern": "^[a-z]+$", "maxLength": 5})
    assert node is not None
    schema = gate_module._Builder(root=False, drop_status=False).string(node)
    assert schema == {"type": "str", "strict": True, "max_length": 5, "pattern": "^[a-z]+$"}
    digits = compile_schema({"type": "string", "pattern": "^\\d+$"})
    assert digits is not None
    kept = gate_module._Builder(root=False, drop_status=False).string(digits)
    assert kept["type"] == "function-after"  # RE2 in Python: Rust's \d also takes "٣"


def _rust_meta_accepts(meta: Any) -> bool:
    from pydantic_core import SchemaValidator as Core
    from pydantic_core import ValidationError

    from codegen.runtime.meta_gate import object_meta_rules

    try:
        Core(object_meta_rules()).validate_python(meta)
    except ValidationError:
        return False
    return True


def _clean(meta: dict[str, Any]) -> bool:
    from codegen.runtime.metadata import OBJECT_META_FIELDS, validate_object_meta

    return OBJECT_META_FIELDS.issuperset(meta) and not validate_object_meta(meta)


@pytest.mark.parametrize("meta", META_CASES)
def test_object_meta_rules_in_rust_accept_only_what_the_full_check_accepts(
    meta: dict[str, Any],
) -> None:
    from codegen.runtime.metadata import round_trip_changes

    if _rust_meta_accepts(meta):
        assert _clean(meta)
        assert not round_trip_changes(meta)  # the server writes it back as it is
    elif "ownerReferences" not in meta:  # free-form lists: the full check does not look inside
        # refused: invalid, or written back otherwise (the walk rewrites it), or a field the
        # rule book leaves to ObjectMeta's own types
        typed_elsewhere = any(
            k in meta and not isinstance(meta[k], str) for k in ("uid", "resourceVersion")
        )
        assert not _clean(meta) or round_trip_changes(meta) or typed_elsewhere


def test_object_meta_rules_in_rust_agree_with_the_full_check_on_random_text() -> None:
    import random

    rnd = random.Random(5)
    alphabet = "ab0-._/Z"
    fields = ("name", "generateName", "namespace", "labels", "annotations", "finalizers")
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.choice((1, 2, 3, 5, 8, 64))))
        field = rnd.choice(fields)
        value: Any = text
        if field in ("labels", "annotations"):
            value = {text: rnd.choice(("", "v", text))} if rnd.random() < 0.5 else {"k": text}
        elif field == "finalizers":
            value = [text]
        meta = {field: value}
        # same verdicts here: ASCII, and label keys short enough for the Rust bound
        assert _rust_meta_accepts(meta) == _clean(meta), meta
    for long in ("a" * 253, "a" * 254, "a." * 126 + "a", "b" * 63 + "-"):
        for field in ("name", "generateName", "namespace"):
            assert _rust_meta_accepts({field: long}) == _clean({field: long}), (field, long)


def test_would_prune_agrees_with_pruning_a_copy() -> None:
    """The status dropper's check: exactly when pruning (not at the root) records a path."""
    import random

    from codegen.runtime.pruning import _plain_json, prune, would_prune
    from tests.runtime.test_fused import CASES, _mutations

    node = compile_schema(SPEC)
    embedded = compile_schema(
        {
            "type": "object",
            "properties": {
                "e": {
                    "type": "object",
                    "x-kubernetes-embedded-resource": True,
                    "properties": {"x": {"type": "string"}},
                },
                "p": {
                    "type": "object",
                    "x-kubernetes-preserve-unknown-fields": True,
                    "x-kubernetes-embedded-resource": True,
                    "properties": {
                        "k": {"type": "object", "properties": {"a": {"type": "string"}}}
                    },
                },
            },
        }
    )
    assert node is not None and embedded is not None
    rnd = random.Random(3)
    values: list[Any] = [doc.get("spec") for doc in CASES if isinstance(doc, dict)]
    values += [
        {"e": {"apiVersion": "v1", "kind": "K", "metadata": {"zz": 1}, "x": "a", "y": 1}},
        {"e": {"metadata": {"name": "n"}, "x": "a"}, "p": {"k": {"a": "b", "c": 1}, "free": 2}},
        {"p": {"k": {"a": "b"}, "metadata": {"any": 1}, "free": [{"deep": None}]}},
    ]
    checked = 0
    for value in values:
        for candidate in (value, *_mutations(value, rnd, 20)):
            for schema in (node, embedded):
                if not _plain_json(candidate):  # a tuple, say: the walk translates it first
                    assert would_prune(candidate, schema)
                    continue
                expected = bool(prune(copy.deepcopy(candidate), schema, path_prefix="status"))
                assert would_prune(candidate, schema) == expected, candidate
                checked += 1
    assert checked > 500
