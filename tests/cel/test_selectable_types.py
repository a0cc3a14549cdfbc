"""Rules are type-checked against `self` cut down to the fields their identifiers can select
(`StructTypes.selectable`): the same verdicts and messages as against the whole type."""

from __future__ import annotations

import re
from typing import Any

import pytest

from codegen.runtime.cel import CelValidator
from codegen.runtime.cel import validator as validator_module
from codegen.runtime.cel.decl import build
from codegen.runtime.cel.struct_types import StructTypes
from codegen.runtime.cel.validator import CelCompileError

_PORT = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "port": {"type": "integer"},
        "tls": {"type": "object", "properties": {"mode": {"type": "string"}}},
    },
}
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "spec": {
            "type": "object",
            "properties": {
                "replicas": {"type": "integer"},
                "template": {
                    "type": "object",
                    "properties": {
                        "ports": {"type": "array", "items": _PORT},
                        "labels": {
                            "type": "object",
                            "additionalProperties": {"type": "string"},
                        },
                        "backup": _PORT,
                    },
                },
                "x-dash": {"type": "string"},
            },
        }
    },
}

# rules that do or do not compile, type errors naming struct types among them
RULES = (
    "self.replicas > 0",
    "self.template.ports.all(p, p.port > 0 && p.tls.mode != 'x')",
    "self.template.backup + 1 == 2",  # no overload for (struct, int): the message names it
    "self.template.ports[0] == self.template.backup",
    "self.template == self.template",
    "self.template.ports.size() + self.template.labels.size() > 'a'",
    "self.template.nothing == 1",  # undefined field
    "has(self.template.backup.tls) && self.template.backup.tls.mode == 1",
    "self.x__dash__dash == 'a'",  # an escaped name
    "self.template.backup.tls",  # not a bool
)


def _errors(rules: tuple[str, ...], *, whole: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    schema = {
        **_SCHEMA,
        "properties": {
            "spec": {
                **_SCHEMA["properties"]["spec"],
                "x-kubernetes-validations": [{"rule": r} for r in rules],
            }
        },
    }
    if whole:
        monkeypatch.setattr(validator_module, "_identifiers", lambda specs: None)
    try:
        CelValidator.compile(schema, root_is_resource=False)
    except CelCompileError as exc:
        # each compile has a package of its own (crd1, crd2, ...)
        return [(path, re.sub(r"\bcrd\d+\.", "crd.", message)) for path, message in exc.errors]
    return []


def test_checking_against_the_selectable_fields_changes_no_outcome(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for rule in RULES:
        cut = _errors((rule,), whole=False, monkeypatch=monkeypatch)
        with monkeypatch.context() as patched:
            full = _errors((rule,), whole=True, monkeypatch=patched)
        assert cut == full, rule
    failing = _errors(RULES, whole=False, monkeypatch=monkeypatch)
    # the four type errors, the undefined field and the rule that is not a bool
    assert len(failing) == 6
    assert any("Object" in message for _, message in failing)  # struct names are shown


def test_the_type_keeps_only_fields_an_identifier_names() -> None:
    spec = build(_SCHEMA["properties"]["spec"])
    types = StructTypes()
    types.cel_type(spec)
    pool, self_type = types.selectable(spec, frozenset({"self", "template", "ports", "port"}))
    root = pool.FindMessageTypeByName(str(self_type))
    assert [f.name for f in root.fields] == ["template"]
    template = root.fields_by_name["template"].message_type
    assert [f.name for f in template.fields] == ["ports"]
    port = template.fields_by_name["ports"].message_type
    assert [f.name for f in port.fields] == ["port"]
    # names as in the whole registry, so checker messages do not change
    assert port.full_name == str(types.cel_type(spec.fields[1].node.fields[0].node.element))


def test_a_nested_rule_node_gets_its_type_from_the_rule_above() -> None:
    """The type of a node below a node with rules is looked up in that node's type: the same
    value as building it on its own (which the lookup saves)."""
    import copy

    schema = copy.deepcopy(_SCHEMA)
    spec = schema["properties"]["spec"]
    spec["x-kubernetes-validations"] = [{"rule": "self.replicas >= 0"}]
    template = spec["properties"]["template"]
    template["properties"]["ports"]["items"]["x-kubernetes-validations"] = [
        {"rule": "self.port > 0"}
    ]
    template["properties"]["labels"]["additionalProperties"]["x-kubernetes-validations"] = [
        {"rule": "self != ''"}
    ]
    template["properties"]["embedded"] = {
        "type": "object",
        "x-kubernetes-embedded-resource": True,
        "properties": {"data": {"type": "string"}},
        "x-kubernetes-validations": [{"rule": "self.metadata.name != self.data"}],
    }
    compiled = CelValidator.compile(schema, root_is_resource=False)
    nodes, seen = [compiled._root], 0
    while nodes:
        node = nodes.pop()
        nodes.extend(c for c in (*node.properties.values(), node.items, node.additional) if c)
        if node.rule_specs:
            seen += 1
            assert node.decl == build(node.schema), node.path
            assert not any(isinstance(rule, str) for rule in node.rules)  # all compile
    assert seen == 5  # `backup` is the same schema object as the ports items
