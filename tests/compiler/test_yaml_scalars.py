"""Plain scalars are typed as kubectl types them (go-yaml v2 via sigs.k8s.io/yaml), not as
PyYAML does: the same manifest must mean the same object to us and to the cluster."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.yamlio import YamlError, load_documents


def _value(text: str) -> Any:
    return next(iter(load_documents(f"v: {text}\n"))).value["v"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("y", True),
        ("Y", True),
        ("n", False),
        ("N", False),
        ("yes", True),
        ("Off", False),
        ("~", None),
        ("1e3", 1000),  # PyYAML: the string "1e3"; kubectl's JSON: 1000
        ("1.5e3", 1500),
        ("1.5", 1.5),
        ("2.0", 2),  # whole: an integer on the wire
        ("-.5", -0.5),
        ("1.", 1),
        ("09", 9),  # not octal: a float, and whole
        ("017", 15),
        ("0o17", 15),
        ("0O17", 15),
        ("0X1f", 31),
        ("0b101", 5),
        ("-0b101", -5),
        ("1_000", 1000),
        ("18446744073709551615", 2**64 - 1),  # ParseUint
        ("18446744073709551616", 1.8446744073709552e19),
        # a float64 sent as Go writes it, `-9223372036854776000`: past int64, a float again
        ("-9223372036854775809", -9.223372036854775808e18),
        ("4611686018427387904.0", 4611686018427388000),  # sent with its shortest digits
        ("1e400", "1e400"),  # ParseFloat's range error: go-yaml keeps the text
        ("-1.8e308", "-1.8e308"),
        (".5e400", ".5e400"),
        ("1e-400", 0),  # an underflow is no error: zero
        ("1:30", "1:30"),  # PyYAML: 90 (base 60)
        ("1:30.5", "1:30.5"),
        ("2024-01-01", "2024-01-01"),
        ("0x", "0x"),
        (".", "."),
        ("=", "="),
        ("'y'", "y"),
        ("!!str y", "y"),
        ("!!int '12'", 12),
    ],
)
def test_plain_scalars_are_typed_as_kubectl_types_them(text: str, wanted: Any) -> None:
    value = _value(text)
    assert value == wanted and type(value) is type(wanted), (text, value)


def test_keys_take_the_same_types_then_become_json_text() -> None:
    doc = next(iter(load_documents("y: 1\nn: 2\n1e3: 3\n0x10: 4\n"))).value
    assert doc == {"true": 1, "false": 2, "1000": 3, "16": 4}
    # one key once converted: the last value, as kubectl keeps it
    (twice,) = load_documents("y: 1\ntrue: 2\n")
    assert twice.value == {"true": 2} and len(twice.notes) == 1


def test_a_key_past_int64_is_refused_and_a_float_past_float64_is_text() -> None:
    """go-yaml decodes 2^63..2^64-1 as a uint64, which sigs.k8s.io/yaml takes as no key; a
    float text out of range stays a string (checked against kubectl 1.32)."""
    with pytest.raises(YamlError, match="unsupported map key of type: uint64, key: 0x8000"):
        list(load_documents("9223372036854775808: 1\n"))
    doc = next(iter(load_documents("1e400: 1\n9223372036854775807: 2\n"))).value
    assert doc == {"1e400": 1, "9223372036854775807": 2}


def test_the_event_reader_and_the_node_way_agree() -> None:
    # an anchor sends the document down the node-based way: same values either way
    plain = "a: y\nb: 1e3\nc: 0o17\nd: 1:30\n"
    anchored = "a: &x y\nb: 1e3\nc: 0o17\nd: 1:30\ne: *x\n"
    first = next(iter(load_documents(plain))).value
    second = next(iter(load_documents(anchored))).value
    assert first == {k: second[k] for k in first} == {"a": True, "b": 1000, "c": 15, "d": "1:30"}


MERGES = """\
base: &base {a: 1, b: 2}
other: &other {b: 3, c: 4}
over: {a: 0, <<: *base, c: 9}
first_wins: {<<: [*base, *other]}
inline: {<<: {q: 1}, q: 2}
nested: {<<: {<<: *other, d: 5}}
quoted: {"<<": 1}
"""


def test_merge_keys_are_merged_as_go_yaml_v2_merges_them() -> None:
    """In place and in document order: over the keys before `<<`, under those after it; of a
    list of mappings, the first wins. A quoted `<<` is a plain key."""
    (document,) = load_documents(MERGES)
    value = document.value
    assert value["over"] == {"a": 1, "b": 2, "c": 9}
    assert value["first_wins"] == {"a": 1, "b": 2, "c": 4}
    assert value["inline"] == {"q": 2}
    assert value["nested"] == {"b": 3, "c": 4, "d": 5}
    assert value["quoted"] == {"<<": 1}


@pytest.mark.parametrize("text", ["a: &s 1\nb: {<<: *s}\n", "b: {<<: [{x: 1}, 2]}\n"])
def test_a_merge_of_anything_but_mappings_is_an_error(text: str) -> None:
    with pytest.raises(YamlError, match="map merge requires map or sequence of maps"):
        list(load_documents(text))


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("!!str 12", "12"),
        ("!!int '12'", 12),
        ("!!float 1", 1),  # an integer text under !!float: a float, which JSON writes as 1
        ("!!bool 'true'", True),
        ("!!null ''", None),
        ("!!timestamp 2001-12-14", "2001-12-14"),  # checked, then kept as text
        ("!!timestamp 2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        ("!!binary aGVsbG8=", "hello"),
        ("!!binary |\n  aGVs\n  bG8=\n", "hello"),  # line breaks skipped, as Go's decoder does
        ("!!binary /w==", "\ufffd"),  # not UTF-8: U+FFFD, as Go's JSON writes the byte
        ("!foo 42", "42"),  # a tag go-yaml does not resolve: the text
        ("!foo {a: 1}", {"a": 1}),
        ("!!set {a: null}", {"a": None}),
        ("!!omap [{a: 1}]", [{"a": 1}]),
    ],
)
def test_explicit_tags_resolve_as_go_yaml_resolves_them(text: str, wanted: Any) -> None:
    (document,) = load_documents(f"v: {text}\n" if "\n" not in text else f"v: {text}")
    assert document.value == {"v": wanted}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!!int 1.5", "cannot decode !!float `1.5` as a !!int"),
        ("!!bool 1", "cannot decode !!int `1` as a !!bool"),
        ("!!null x", "cannot decode !!str `x` as a !!null"),
        ("!!timestamp nope", "cannot decode !!str `nope` as a !!timestamp"),
        ("!!binary not*base64", "!!binary value contains invalid base64 data"),
    ],
)
def test_a_scalar_its_tag_cannot_have_is_an_error(text: str, message: str) -> None:
    with pytest.raises(YamlError) as caught:
        list(load_documents(f"v: {text}\n"))
    assert caught.value.message == message
    assert caught.value.line == 1


def test_float_keys_are_written_as_float32_as_sigs_yaml_writes_them() -> None:
    (document,) = load_documents("{1e6: a, 3.14159265358979: b, 1.0: c, .5: d, 1e3: e}\n")
    assert list(document.value) == ["1e+06", "3.1415927", "1", "0.5", "1000"]


def test_a_json_manifest_is_decoded_as_kubectl_decodes_and_sends_it() -> None:
    """kubectl decodes a JSON manifest with Go's decoder and sends what Go's encoder writes
    (checked against kubectl 1.32): whole floats are integers, a number past float64 is
    refused, a lone surrogate escape is U+FFFD."""
    from codegen.manifest_read import text_documents

    values, stopped, _ = text_documents(
        '{"a": 1.0, "b": 1e3, "c": 1.5, "d": "\\ud800x\\ud83d\\ude00"}'
    )
    assert stopped is None
    assert values == [(0, {"a": 1, "b": 1000, "c": 1.5, "d": "\ufffdx\U0001f600"})]
    assert [type(v) for v in values[0][1].values()][:2] == [int, int]
    for number in ("1e400", "1" + "0" * 400):
        values, stopped, _ = text_documents('{"a": ' + number + "}")
        assert stopped == (
            f"invalid JSON: json: cannot unmarshal number {number} into Go value of type float64"
        )


def test_an_escaped_slash_is_refused_as_go_yaml_refuses_it() -> None:
    """YAML 1.2's `\\/` escape, which PyYAML's libyaml reads, is "found unknown escape
    character" to go-yaml v2 (kubectl 1.32 refuses the document); elsewhere it is text."""
    from codegen.manifest_read import text_documents

    values, stopped, _ = text_documents('a: 1\n---\nb: "q\\/"\n')
    assert values == [(0, {"a": 1})]
    assert stopped == "invalid YAML: line 3, column 6: found unknown escape character"
    values, stopped, _ = text_documents("a: \"x\\\\/y\"\nb: x\\/y\nc: 'x\\/y'\n")
    assert stopped is None
    assert values == [(0, {"a": "x\\/y", "b": "x\\/y", "c": "x\\/y"})]
    # the same in a document the fast reader hands to the exact one (an anchor)
    values, stopped, _ = text_documents('a: &x 1\nb: "\\/"\n')
    assert stopped == "invalid YAML: line 2, column 5: found unknown escape character"


def test_a_yaml_version_other_than_1_1_is_refused_as_go_yaml_refuses_it() -> None:
    """go-yaml v2 reads YAML 1.1 only: `%YAML 1.2` is "found incompatible YAML document"
    (kubectl 1.32), which PyYAML's libyaml would read."""
    from codegen.manifest_read import text_documents

    values, stopped, _ = text_documents("%YAML 1.2\r---\ra: 1\r")
    assert values == [] and stopped == (
        "invalid YAML: line 1, column 1: found incompatible YAML document"
    )
    values, stopped, _ = text_documents('a: "%YAML 1.2"\n')
    assert stopped is None and values == [(0, {"a": "%YAML 1.2"})]
