"""`codegen validate` reports what the API server would: Status causes as the server builds them
(`errors.NewInvalid`: the message without the field) and the server's warnings (deprecated
versions, finalizer names, unknown fields in Warn mode), printed to stderr as kubectl prints them,
without changing the exit status."""

from __future__ import annotations

import copy
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from codegen import cli, warning_headers, yamlio
from codegen.deprecation import compare_kube_aware_versions
from tests.helpers import crd, write_crds

SPEC = {
    "type": "object",
    "properties": {"size": {"type": "integer", "maximum": 5}, "ttl": {"type": "integer"}},
}
FIN = "prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers"
FIN_PATH = (
    "prefer a domain-qualified finalizer name including a path (/) "
    "to avoid accidental conflicts with other finalizer writers"
)


def _versions(*versions: dict[str, Any]) -> dict[str, Any]:
    """A Gadget CRD (group t.example.com) with the given versions, each with the SPEC schema."""
    document = crd(SPEC, kind="Gadget", group="t.example.com")
    template = document["spec"]["versions"][0]
    document["spec"]["versions"] = [
        {**copy.deepcopy(template), "storage": False, **v} for v in versions
    ]
    return document


def _gadget(version: str, name: str = "g", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": f"t.example.com/{version}",
        "kind": "Gadget",
        "metadata": {"name": name},
        "spec": spec or {"size": 1},
    }


def _write(path: Path, *documents: object) -> Path:
    path.write_text("---\n".join(yamlio.dump(d) for d in documents), encoding="utf-8")
    return path


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CRDC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(
    capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[dict[str, Any]], list[str]]:
    """Run validate with --output json: exit status, verdicts, stderr lines."""
    code = cli.main(["validate", "--output", "json", *args])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err.splitlines()


# --------------------------------------------------------------------------- deprecated versions


def test_a_deprecated_version_warns_with_the_servers_default_text(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_crds(
        folder / "crd",
        _versions(
            {"name": "v1alpha1", "served": True, "deprecated": True},
            {"name": "v1beta1", "served": True, "deprecated": True},
            {"name": "v1", "served": True, "storage": True},
            {"name": "v2", "served": False},  # not served: never suggested
        ),
    )
    _write(folder / "in.yaml", _gadget("v1alpha1", "a"), _gadget("v1beta1", "b"), _gadget("v1"))
    code, verdicts, err = _run(capsys, "--crd", "crd", "in.yaml")
    assert code == 0
    assert [v["warnings"] for v in verdicts] == [
        ["t.example.com/v1alpha1 Gadget is deprecated; use t.example.com/v1 Gadget"],
        ["t.example.com/v1beta1 Gadget is deprecated; use t.example.com/v1 Gadget"],
        [],
    ]
    assert err == [
        "Warning: t.example.com/v1alpha1 Gadget is deprecated; use t.example.com/v1 Gadget",
        "Warning: t.example.com/v1beta1 Gadget is deprecated; use t.example.com/v1 Gadget",
    ]


def test_a_deprecated_newest_version_names_no_replacement_and_a_custom_text_wins(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_crds(
        folder / "crd",
        _versions(
            {"name": "v1", "served": True, "storage": True, "deprecated": True},
            {
                "name": "v1alpha1",  # below v1: not suggested for v1
                "served": True,
                "deprecated": True,
                "deprecationWarning": "use something else",
            },
            {"name": "v1beta1", "served": True},
        ),
    )
    _write(folder / "in.yaml", _gadget("v1"), _gadget("v1alpha1"))
    code, verdicts, err = _run(capsys, "--crd", "crd", "in.yaml")
    assert code == 0
    assert [v["warnings"] for v in verdicts] == [
        ["t.example.com/v1 Gadget is deprecated"],
        ["use something else"],
    ]
    assert err == ["Warning: t.example.com/v1 Gadget is deprecated", "Warning: use something else"]


def test_the_deprecation_warning_comes_with_invalid_objects_too_and_is_printed_once(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_crds(
        folder / "crd",
        _versions(
            {"name": "v1alpha1", "served": True, "deprecated": True},
            {"name": "v1", "served": True, "storage": True},
        ),
    )
    _write(folder / "in.yaml", _gadget("v1alpha1", "bad", size=9), _gadget("v1alpha1", "ok"))
    code = cli.main(["validate", "--crd", "crd", "in.yaml"])
    captured = capsys.readouterr()
    assert code == 1  # the invalid one decides; warnings change nothing
    assert captured.err.splitlines() == [
        "Warning: t.example.com/v1alpha1 Gadget is deprecated; use t.example.com/v1 Gadget"
    ]
    assert "Warning" not in captured.out
    assert '"bad" is invalid' in captured.out and '"ok" is valid' in captured.out


def test_kube_aware_version_order() -> None:
    ordered = ["foo", "bar", "v1alpha1", "v1alpha2", "v2alpha1", "v1beta1", "v1beta10", "v1", "v2"]
    for low, high in itertools.pairwise(ordered):
        assert compare_kube_aware_versions(low, high) < 0, (low, high)
        assert compare_kube_aware_versions(high, low) > 0, (low, high)
    assert compare_kube_aware_versions("v1", "v1") == 0
    assert compare_kube_aware_versions("v1beta", "v1") < 0  # not a kube version


# --------------------------------------------------------------------------- finalizers


def test_finalizers_without_a_path_warn_when_the_object_is_valid(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_crds(folder / "crd", crd(SPEC))
    ok: dict[str, Any] = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {
            "name": "ok",
            "finalizers": [
                "z-cleanup",
                "cleanup.example.com",
                "example.com/x",
                "orphan",
                "z-cleanup",
            ],
        },
        "spec": {"size": 1},
    }
    bad = copy.deepcopy(ok) | {"spec": {"size": 9}}
    bad["metadata"]["name"] = "bad"
    _write(folder / "in.yaml", ok, bad)
    code, verdicts, err = _run(capsys, "--crd", "crd", "in.yaml")
    assert code == 1
    expected = [
        f'metadata.finalizers: "cleanup.example.com": {FIN_PATH}',
        f'metadata.finalizers: "z-cleanup": {FIN}',
    ]
    assert verdicts[0]["warnings"] == expected
    assert verdicts[1]["warnings"] == []  # given only once validation passed
    assert err == [f"Warning: {w}" for w in expected]


def test_an_update_warns_only_about_the_finalizers_it_adds(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_crds(folder / "crd", crd(SPEC))
    old: dict[str, Any] = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "finalizers": ["kept"]},
        "spec": {"size": 1},
    }
    new = copy.deepcopy(old)
    new["metadata"]["finalizers"] = ["kept", "added"]
    _write(folder / "old.yaml", old)
    _write(folder / "new.yaml", new)
    code, verdicts, _ = _run(capsys, "--crd", "crd", "--old", "old.yaml", "new.yaml")
    assert code == 0
    assert verdicts[0]["warnings"] == [f'metadata.finalizers: "added": {FIN}']


# --------------------------------------------------------------------------- other warnings


def test_unknown_fields_in_warn_mode_are_printed_to_stderr(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_crds(folder / "crd", crd(SPEC))
    widget = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w"},
        "spec": {"size": 1, "extra": True},
    }
    _write(folder / "in.yaml", widget)
    assert cli.main(["validate", "--crd", "crd", "--field-validation", "Warn", "in.yaml"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == ['Warning: unknown field "spec.extra"']
    assert captured.out.splitlines() == ['in.yaml: Widget.example.com "w" is valid']


# --------------------------------------------------------------------------- Status causes


def test_causes_are_the_servers_status_causes(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = {
        "type": "object",
        "properties": {"size": {"type": "integer", "maximum": 5}, "name": {"type": "string"}},
        "x-kubernetes-validations": [{"rule": "self.size > 0", "message": "positive"}],
    }
    write_crds(folder / "crd", crd(spec))
    widget = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w"},
        "spec": {"size": 9, "name": 3},
    }
    _write(folder / "in.yaml", widget)
    code, [verdict], _ = _run(capsys, "--crd", "crd", "in.yaml")
    assert code == 1
    assert verdict["causes"] == [
        {
            "reason": "FieldValueTypeInvalid",
            "message": 'Invalid value: "integer": spec.name in body must be of type string: "integer"',
            "field": "spec.name",
        },
        {
            "reason": "FieldValueInvalid",
            "message": "Invalid value: 9: spec.size in body should be less than or equal to 5",
            "field": "spec.size",
        },
        {  # field.Invalid(nil, ...): the path is Go's nil path
            "reason": "FieldValueInvalid",
            "message": 'Invalid value: "null": some validation rules were not checked because '
            "the object was invalid; correct the existing errors to complete validation",
            "field": "<nil>",
        },
    ]
    assert list(verdict["causes"][0]) == ["reason", "message", "field"]


def test_integers_beyond_float64_precision_are_accepted_exactly(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """kubectl sends JSON integers exactly; only the Pulumi path cannot (see tests/stack)."""
    write_crds(
        folder / "crd",
        crd({"type": "object", "properties": {"ttl": {"type": "integer", "format": "int64"}}}),
    )
    widget = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w"},
        "spec": {"ttl": 2**63 - 1},
    }
    _write(folder / "in.yaml", widget)
    code, [verdict], err = _run(capsys, "--crd", "crd", "in.yaml")
    assert (code, verdict["valid"], verdict["warnings"], err) == (0, True, [], [])


# --------------------------------------------------------------------------- warning headers


def test_warnings_past_4096_runes_are_cut_as_the_server_cuts_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(warning_headers, "TOTAL_RUNES", 25)
    monkeypatch.setattr(warning_headers, "ITEM_RUNES", 5)
    kept = ["a" * 10, "a" * 10, "bb", "ccc", "Iñtërnâtiô"]  # 25 runes: all fit, once each
    assert warning_headers.response_warnings(kept) == ["a" * 10, "bb", "ccc", "Iñtërnâtiô"]
    # one more rune: every text cut to 5 runes, and the next ones too, until 25 are written
    more = [*kept, "e", "f" * 10, "g" * 10, "h"]
    assert warning_headers.response_warnings(more) == [
        "aaaaa", "bb", "ccc", "Iñtër", "e", "fffff", "ggggg"
    ]  # fmt: skip


def test_warnings_no_header_can_carry_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["", "two\nlines", "bell\x07", "c1\x85", "lone \ud800", "tab\tinside", "fine"]
    assert warning_headers.response_warnings(texts) == ["fine"]
    # once truncating, the cut happens first: a control character past the cut is gone
    monkeypatch.setattr(warning_headers, "TOTAL_RUNES", 8)
    monkeypatch.setattr(warning_headers, "ITEM_RUNES", 4)
    assert warning_headers.response_warnings(["abcdefgh", "xyz", "wxyz\n"]) == [
        "abcd", "xyz", "wxyz"
    ]  # fmt: skip


def test_validate_sends_the_warnings_the_server_would(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_crds(folder / "crd", _versions({"name": "v1", "served": True, "storage": True}))
    # 20 unknown fields with 300-character names: 6 KB of warnings
    names = [f"{i:02d}" + "x" * 298 for i in range(20)]
    gadget = _gadget("v1")
    gadget["spec"].update(dict.fromkeys(names, 1))
    _write(folder / "in.yaml", gadget)
    code, [verdict], err = _run(capsys, "--crd", "crd", "--field-validation", "Warn", "in.yaml")
    assert code == 0
    # each cut to 256 runes; 16 of them make 4,096 and the rest are not sent
    assert [len(w) for w in verdict["warnings"]] == [256] * 16
    assert verdict["warnings"][0] == f'unknown field "spec.{names[0]}"'[:256]
    assert len(err) == 16


def test_a_manifest_names_fields_as_the_crd_does_not_as_python_does(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The models take `time_to_live` for `timeToLive`; a manifest the server reads does not."""
    schema = {"type": "object", "properties": {"timeToLive": {"type": "integer"}}}
    write_crds(folder / "crd", crd(schema, kind="Gadget", group="t.example.com"))
    document = _gadget("v1", "a")
    document["spec"] = {"time_to_live": 5}
    _write(folder / "in.yaml", document)
    code, verdicts, _ = _run(capsys, "--crd", "crd", "in.yaml")
    assert code == 1
    assert [c["field"] for c in verdicts[0]["causes"]] == ["spec.time_to_live"]
    assert 'unknown field \\"spec.time_to_live\\"' in json.dumps(verdicts[0])
    _write(folder / "in.yaml", document, _gadget("v1", "b", timeToLive=5))
    code, verdicts, _ = _run(capsys, "--crd", "crd", "--field-validation", "Ignore", "in.yaml")
    assert code == 0


def test_metadata_that_is_not_an_object_is_an_error_not_a_crash(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_crds(folder / "crd", crd(SPEC, kind="Gadget", group="t.example.com"))
    document = _gadget("v1", "a")
    document["metadata"] = [{"name": "a"}]
    _write(folder / "in.yaml", document)
    code, verdicts, _ = _run(capsys, "--crd", "crd", "in.yaml")
    assert code == 1
    assert verdicts[0]["causes"][0]["field"] == "metadata"
    assert "internal error" not in json.dumps(verdicts)


def test_a_cache_entry_missing_a_kind_is_rebuilt(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An entry written by a compiler that read the same CRD files otherwise (same version)
    is replaced, not a traceback."""
    import shutil

    write_crds(folder / "crd", crd(SPEC, kind="Gadget", group="t.example.com"))
    _write(folder / "in.yaml", _gadget("v1"))
    assert _run(capsys, "--crd", "crd", "in.yaml")[0] == 0
    (entry,) = (folder / "cache" / "crd-pulumi-compiler").glob("crdcache_*")
    shutil.rmtree(entry / "t_example_com")
    for name in [m for m in list(sys.modules) if m.startswith(entry.name)]:
        del sys.modules[name]
    code, verdicts, _ = _run(capsys, "--crd", "crd", "in.yaml")
    assert code == 0 and verdicts[0]["valid"] is True
    assert (entry / "t_example_com").is_dir()


def test_an_old_object_of_another_version_is_read_with_its_own_defaults(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Stored through v1, it holds v1's default: an update sent in v2, whose default differs,
    changes an immutable field (held-out sweep 45)."""
    document = crd({"type": "object"})
    v1 = document["spec"]["versions"][0]
    v1["schema"]["openAPIV3Schema"]["properties"]["spec"] = {
        "type": "object",
        "properties": {
            "scope": {
                "type": "string",
                "default": "Cluster",
                "x-kubernetes-validations": [{"rule": "self == oldSelf", "message": "immutable"}],
            }
        },
    }
    v2 = copy.deepcopy(v1)
    v2["name"], v1["storage"] = "v2", False
    v2["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]["scope"]["default"] = "Here"
    document["spec"]["versions"] = [v1, v2]
    write_crds(folder / "crd", document)
    old = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {}}
    _write(folder / "old.yaml", old)
    _write(folder / "new.yaml", {**old, "apiVersion": "example.com/v2"})
    code, verdicts, _ = _run(capsys, "--crd", "crd", "--old", "old.yaml", "new.yaml")
    assert code == 1
    assert verdicts[0]["causes"] == [
        {
            "reason": "FieldValueInvalid",
            "message": 'Invalid value: "Here": immutable',
            "field": "spec.scope",
        }
    ]
