"""Values the API server cannot convert fail the rules that read them, and only those.

apiserver/pkg/cel/common/values.go converts lazily: `unstructuredMap.Find` converts a field when
a rule selects it or tests it with has() (cel-go's `refQualify` returns the conversion error for
both), lists convert an element when it is indexed or iterated. The error then behaves like any
CEL error: `||`, `&&`, `?:`, `exists` absorb it when the result does not depend on it.
"""

from __future__ import annotations

from typing import Any

import pytest

from codegen.runtime.cel import MISSING, CelValidator
from codegen.runtime.cel.values import go_url_base64_decode

STR = {"type": "string"}
BYTES = {"type": "string", "format": "byte"}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": STR,
        "data": BYTES,
        "inner": {"type": "object", "properties": {"data": BYTES, "x": STR}},
        "list": {"type": "array", "items": BYTES},
        "map": {"type": "object", "additionalProperties": BYTES},
        "objs": {"type": "array", "items": {"type": "object", "properties": {"data": BYTES}}},
        "when": {"type": "string", "format": "date-time"},
    },
}
STD = "+/8="  # standard base64: passes `format: byte`, not strfmt.Base64's URL decoding
STD_ERROR = "Invalid byte formatted string +/8=: illegal base64 data at input byte 0"


def errors(rule: str, obj: dict[str, Any], old: Any = MISSING) -> list[str]:
    schema = {**SCHEMA, "x-kubernetes-validations": [{"rule": rule}]}
    validator = CelValidator.compile(schema, root_is_resource=False)
    found, _ = validator.validate(obj, old, path="spec")
    return [e.detail for e in found]


@pytest.mark.parametrize(
    ("rule", "obj"),
    [
        ("!has(self.data) || has(self.name)", {"name": "x", "data": STD}),  # error || true
        ("has(self.data) || true", {"data": STD}),
        ("self.name == 'x'", {"name": "x", "data": STD}),
        ("has(self.inner)", {"inner": {"data": STD}}),  # the object converts, lazily
        ("self.inner.x == 'a'", {"inner": {"data": STD, "x": "a"}}),
        ("size(self.list) == 2", {"list": ["QUJD", STD]}),  # Size converts nothing
        ("self.list[0] == b'ABC'", {"list": ["QUJD", STD]}),
        ("self.list.exists(x, x == b'ABC')", {"list": ["QUJD", STD]}),  # exists absorbs it
        ("self.map['a'] == b'ABC'", {"map": {"a": "QUJD", "b": STD}}),
        ("self.map.all(k, k != '')", {"map": {"a": STD}}),  # keys only
        ("self.objs.all(o, has(o.data) || true)", {"objs": [{"data": STD}]}),
        ("self.?name.orValue('') == 'x'", {"name": "x", "data": STD}),
    ],
)
def test_rules_that_do_not_read_the_value_pass(rule: str, obj: dict[str, Any]) -> None:
    assert errors(rule, obj) == []


@pytest.mark.parametrize(
    ("rule", "obj"),
    [
        ("has(self.data)", {"data": STD}),
        ("self.data.size() > 0", {"data": STD}),
        ("self.inner.data.size() > 0", {"inner": {"data": STD}}),
        ("self.list[1] == b'ABC'", {"list": ["QUJD", STD]}),
        ("self.list.all(x, x.size() > 0)", {"list": ["QUJD", STD]}),
        ("self.list.map(x, x).size() == 1", {"list": [STD]}),
        ("self.map.b == b'ABC'", {"map": {"a": "QUJD", "b": STD}}),
        ("self.map.all(k, v, v.size() > 0)", {"map": {"a": STD}}),
        ("self.objs.all(o, o.data.size() > 0)", {"objs": [{"data": STD}]}),
        ("self.?data.hasValue()", {"data": STD}),
        ("self == self", {"data": STD}),  # equality converts every field
        ("self.list == self.list", {"list": [STD]}),
    ],
)
def test_rules_that_read_the_value_fail_with_the_servers_text(
    rule: str, obj: dict[str, Any]
) -> None:
    assert errors(rule, obj) == [f"{STD_ERROR} evaluating rule: {rule}"]


def test_a_rule_on_the_value_itself_fails() -> None:
    schema = {**BYTES, "x-kubernetes-validations": [{"rule": "size(self) > 1", "message": "m"}]}
    validator = CelValidator.compile(schema, root_is_resource=False)
    found, _ = validator.validate(STD, path="spec.v")
    assert [str(e) for e in found] == [
        f'spec.v: Invalid value: "string": {STD_ERROR} evaluating rule: m'
    ]


def test_an_unreadable_old_value_fails_only_transition_rules_reading_it() -> None:
    assert errors("self.name == oldSelf.name", {"name": "x"}, {"name": "x", "data": STD}) == []
    assert errors("self.data == oldSelf.data", {"data": "QUJD"}, {"data": STD}) == [
        f"{STD_ERROR} evaluating rule: self.data == oldSelf.data"
    ]


def test_a_date_time_strfmt_cannot_parse_fails_where_it_is_read() -> None:
    """IsDateTime lower-cases the text; strfmt.ParseDateTime's layouts want 'T'."""
    obj = {"name": "x", "when": "2025-01-01t10:00:00z"}
    assert errors("self.name == 'x'", obj) == []
    rule = "self.when > timestamp('2000-01-01T00:00:00Z')"
    assert errors(rule, obj) == [
        "Invalid date-time formatted string 2025-01-01t10:00:00z: parsing time "
        '"2025-01-01t10:00:00z" as "2006-01-02 15:04:05": cannot parse "t10:00:00z" as " " '
        f"evaluating rule: {rule}"
    ]


def test_the_message_expression_reads_lazily_too() -> None:
    schema = {
        **SCHEMA,
        "x-kubernetes-validations": [
            {"rule": "false", "message": "fallback", "messageExpression": "'name ' + self.name"}
        ],
    }
    validator = CelValidator.compile(schema, root_is_resource=False)
    found, _ = validator.validate({"name": "x", "data": STD}, path="spec")
    assert [e.detail for e in found] == ["name x"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("QUJD", b"ABC"),
        ("QUI=", b"AB"),
        ("QQ==", b"A"),
        ("QUJD\nQQ==", b"ABCA"),  # line breaks are skipped
        ("ab-_", b"i\xbf\xbf"),
        ("", b""),
        ("+/8=", 0),
        ("ab+/", 2),
        ("QQ", 0),  # padding is required: the quantum's start
        ("QQ=", 3),  # the second '=' is missing
        ("Q===", 1),
        ("QQ==QQ==", 4),  # data after the padding
        ("QQ=x", 2),
    ],
)
def test_url_base64_decoding_fails_where_go_does(text: str, wanted: bytes | int) -> None:
    assert go_url_base64_decode(text) == wanted
