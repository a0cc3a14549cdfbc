"""Case runners for the schema, defaulting, pruning, listtype and formats areas.

Each file's ``description`` fixes how upstream drives the code; these runners follow it:

- schema: kube-openapi validation (``validate_schema``) of the object as given (no pruning, no
  defaulting), then the CEL rules with ``is_root=false`` (when ``codegen.runtime.cel`` exists);
  the expected errors are the exact set of ``err.Error()`` strings upstream compares;
- defaulting / pruning: the algorithm applied directly to the bare structural node;
- listtype: ``ValidateListSetsAndMaps(field.NewPath("root"), schema, object)``;
- formats: ``strfmt.Default.Validates``, ``GetUnrecognizedFormats`` and the supported-format
  version gating.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from codegen.conformance.runner import CaseResult, area_files, load_yaml
from codegen.runtime.defaulting import apply_defaults, deep_copy_json
from codegen.runtime.errors import ErrorType, FieldError
from codegen.runtime.formats import (
    VersionedFormats,
    get_unrecognized_formats,
    normalize_format_name,
    parse_version,
    supported_formats_at,
    validates,
)
from codegen.runtime.listtype import validate_list_sets_and_maps
from codegen.runtime.pruning import prune
from codegen.runtime.scalars import json_type
from codegen.runtime.structural import Node, compile_schema
from codegen.runtime.validation import MISSING, validate_schema

__all__ = [
    "defaulting_results",
    "errors_match",
    "formats_results",
    "json_equal",
    "listtype_results",
    "pruning_results",
    "schema_results",
]


def json_equal(a: Any, b: Any) -> bool:
    """Type-sensitive equality of decoded JSON (``1`` != ``1.0`` != ``True``)."""
    ja, jb = json_type(a), json_type(b)
    if ja != jb:
        return False
    if ja == "object":
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if ja == "array":
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


# Invalid and TypeInvalid render identically ("Invalid value"); upstream compares only the
# error text, and the data derives `type` from that text (README: "must be of type" errors are
# labelled TypeInvalid, including kube-openapi's plain range errors, which Go reports as Invalid).
_SAME_TEXT_TYPES = frozenset({ErrorType.INVALID, ErrorType.TYPE_INVALID})


def _type_ok(actual: ErrorType, want: str | None) -> bool:
    if want is None:
        return True
    expected = ErrorType.from_name(want)
    if actual is expected:
        return True
    return actual in _SAME_TEXT_TYPES and expected in _SAME_TEXT_TYPES


def _one_matches(err: FieldError, want: Mapping[str, Any]) -> bool:
    if "field" in want and err.field != want["field"]:
        return False
    if not _type_ok(err.type, want.get("type")):
        return False
    if "error" in want and str(err) != want["error"]:
        return False
    return not ("message_contains" in want and want["message_contains"] not in str(err))


def errors_match(
    actual: Sequence[FieldError], expected: Sequence[Mapping[str, Any]], exhaustive: bool
) -> str:
    """Match every expected error to a distinct actual one; "" when it holds, else why not."""
    remaining = list(actual)
    for want in expected:
        for i, err in enumerate(remaining):
            if _one_matches(err, want):
                del remaining[i]
                break
        else:
            got = "; ".join(str(e) for e in actual) or "no errors"
            return f"missing expected error {dict(want)!r}; got: {got}"
    if exhaustive and remaining:
        return "unexpected errors: " + "; ".join(str(e) for e in remaining)
    return ""


def _case_id(test: str, i: int, case: Mapping[str, Any]) -> str:
    return str(case.get("id") or f"{case.get('name', '')}#{i}")


def _iter_cases(root: Path, area: str) -> Iterator[tuple[dict[str, Any], str, int, dict[str, Any]]]:
    for path in area_files(root, area):
        doc = load_yaml(path)
        test = str((doc.get("source") or {}).get("test") or path.stem)
        for i, case in enumerate(doc.get("cases") or []):
            yield doc, test, i, case


def _run(area: str, test: str, name: str, fn: Any, *args: Any) -> CaseResult:
    try:
        reason = fn(*args)
    except Exception as e:
        reason = f"crash: {type(e).__name__}: {e}"
    return CaseResult(area, test, name, not reason, reason)


# ----------------------------------------------------------------------------- schema


class _CelAdapter:
    """Runs the CEL engine (``codegen.runtime.cel``) the way the schema test does."""

    def __init__(self) -> None:
        from codegen.runtime import cel

        self._cel = cel

    def validate(self, schema: Node, obj: Any, old: Any) -> list[FieldError]:
        cel = self._cel
        validator = cel.CelValidator.compile(schema.raw, root_is_resource=False)
        errors, _warnings = validator.validate(obj, cel.MISSING if old is MISSING else old)
        return list(errors)


def _cel_adapter() -> _CelAdapter | None:
    try:
        return _CelAdapter()
    except Exception:
        return None


def _schema_case(case: Mapping[str, Any], cel: _CelAdapter | None) -> str:
    version = case.get("compatibility_version")
    node = compile_schema(case.get("schema"), compatibility_version=version)
    obj = case.get("object")
    errors = validate_schema(node, obj)
    if node is not None and node.has_cel:
        if cel is None:
            return "schema has x-kubernetes-validations but codegen.runtime.cel is not available"
        errors.extend(cel.validate(node, obj, case.get("old_object", MISSING)))
    expect = case.get("expect") or {}
    if expect.get("valid", True):
        return "" if not errors else "unexpected errors: " + "; ".join(str(e) for e in errors)
    if not errors:
        return "expected errors, got none"
    return errors_match(errors, expect.get("errors") or [], bool(expect.get("errors_exhaustive")))


def schema_results(root: Path) -> Iterator[CaseResult]:
    cel = _cel_adapter()
    for _doc, test, i, case in _iter_cases(root, "schema"):
        yield _run("schema", test, _case_id(test, i, case), _schema_case, case, cel)


# ----------------------------------------------------------------------------- defaulting


def _defaulting_case(case: Mapping[str, Any]) -> str:
    node = compile_schema(case.get("schema"))
    obj = deep_copy_json(case.get("object"))
    apply_defaults(obj, node)
    want = (case.get("expect") or {}).get("output")
    return "" if json_equal(obj, want) else f"output {obj!r} != expected {want!r}"


def defaulting_results(root: Path) -> Iterator[CaseResult]:
    for _doc, test, i, case in _iter_cases(root, "defaulting"):
        yield _run("defaulting", test, _case_id(test, i, case), _defaulting_case, case)


# ----------------------------------------------------------------------------- pruning


def _pruning_case(case: Mapping[str, Any]) -> str:
    node = compile_schema(case.get("schema"))
    obj = deep_copy_json(case.get("object"))
    root = bool(case.get("is_resource_root", False))
    # apiextensions' pruning alone (the validator coerces embedded metadata right after it)
    paths = prune(obj, node, is_resource_root=root, coerce_metadata=False)
    expect = case.get("expect") or {}
    want = expect.get("output")
    if not json_equal(obj, want):
        return f"output {obj!r} != expected {want!r}"
    want_paths = list(expect.get("pruned_paths") or [])
    if paths != want_paths:
        return f"pruned paths {paths!r} != expected {want_paths!r}"
    obj2 = deep_copy_json(case.get("object"))
    if prune(obj2, node, is_resource_root=root, track_paths=False, coerce_metadata=False):
        return "paths returned with tracking off"
    return "" if json_equal(obj2, want) else "output differs with tracking off"


def pruning_results(root: Path) -> Iterator[CaseResult]:
    for _doc, test, i, case in _iter_cases(root, "pruning"):
        yield _run("pruning", test, _case_id(test, i, case), _pruning_case, case)


# ----------------------------------------------------------------------------- listtype


def _listtype_case(case: Mapping[str, Any], field_root: str | None) -> str:
    node = compile_schema(case.get("schema"))
    obj = case.get("object")
    errors = validate_list_sets_and_maps(
        field_root, node, obj if isinstance(obj, Mapping) else None
    )
    expect = case.get("expect") or {}
    if expect.get("valid", True):
        return "" if not errors else "unexpected errors: " + "; ".join(str(e) for e in errors)
    return errors_match(errors, expect.get("errors") or [], bool(expect.get("errors_exhaustive")))


def listtype_results(root: Path) -> Iterator[CaseResult]:
    for doc, test, i, case in _iter_cases(root, "listtype"):
        fr = doc.get("field_root")
        yield _run("listtype", test, _case_id(test, i, case), _listtype_case, case, fr)


# ----------------------------------------------------------------------------- formats


def _registry(doc: Mapping[str, Any]) -> list[VersionedFormats]:
    return [
        VersionedFormats(parse_version(str(e["introduced"])), frozenset(e.get("formats") or ()))
        for e in doc.get("registry") or []
    ]


def _formats_case(doc: Mapping[str, Any], case: Mapping[str, Any]) -> str:
    expect = case.get("expect") or {}
    if "unrecognized_formats" in expect:
        unrec = set(
            get_unrecognized_formats(case.get("schema") or {}, case.get("compatibility_version"))
        )
        want_unrec = set(expect["unrecognized_formats"] or [])
        if unrec == want_unrec:
            return ""
        return f"unrecognized {sorted(unrec)} != expected {sorted(want_unrec)}"
    if "supported_formats" in expect:
        registry = _registry(doc)
        got = supported_formats_at(case.get("compatibility_version"), registry)
        want = frozenset(expect["supported_formats"] or [])
        if set(got) != want:
            return f"supported {sorted(got)} != expected {sorted(want)}"
        # the post-processor keeps exactly the supported formats on a node
        every = set().union(*(vf.formats for vf in registry)) if registry else set()
        for fmt in sorted(every | {"not-a-format"}):
            kept = normalize_format_name(fmt) in {normalize_format_name(f) for f in got}
            if kept != (fmt in want):
                return f"post-processing of format {fmt!r} kept={kept}"
        return ""
    valid = validates(str(case.get("format")), str(case.get("value")))
    want_valid = bool(expect.get("valid"))
    return "" if valid == want_valid else f"validates -> {valid}, expected {want_valid}"


def formats_results(root: Path) -> Iterator[CaseResult]:
    for doc, test, i, case in _iter_cases(root, "formats"):
        yield _run("formats", test, _case_id(test, i, case), _formats_case, doc, case)
