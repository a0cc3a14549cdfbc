"""Conformance adapter for the `cel/` and `cel-library/` areas of the shared YAML suite.

Each upstream test table case becomes one pass/fail; a case with several rules passes when every
rule behaves as upstream expects. Run: `python -m codegen.conformance.cel_cases [shared_dir]`.
"""

from __future__ import annotations

import copy
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import re2
import yaml
from cel_expr_python import cel

from codegen.runtime.cel import MISSING, CelValidator
from codegen.runtime.cel.environment import check_env
from codegen.runtime.cel.field_path import FieldPathError, parse_field_path, render
from codegen.runtime.cel.pool import new_pool
from codegen.runtime.cel.rules import CompileFailure, EvaluationError, compile_expression
from codegen.runtime.errors import ErrorType, FieldError

DEFAULT_SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
UNLIMITED = 2**62


@dataclass(frozen=True)
class CaseResult:
    area: str
    test: str
    name: str
    passed: bool
    reason: str = ""


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def _budget(options: Mapping[str, Any], defaults: Mapping[str, Any]) -> int | None:
    value = options.get("cost_budget", defaults.get("cost_budget"))
    if value == "unlimited":
        return UNLIMITED
    return None if value is None else int(value)


def _validate(
    schema: Mapping[str, Any],
    obj: Any,
    old: Any,
    *,
    is_root: bool,
    budget: int | None,
    per_call: int | None,
) -> tuple[list[FieldError], list[str]]:
    validator = CelValidator.compile(
        schema,
        root_is_resource=is_root,
        cost_budget=budget,
        per_call_limit=per_call,
        defer_compile_errors=True,
    )
    return validator.validate(obj, old, path="root")


def _with_root_rule(schema: Mapping[str, Any], rule: str) -> dict[str, Any]:
    result = copy.deepcopy(dict(schema))
    result["x-kubernetes-validations"] = [{"rule": rule}]
    return result


def _old(case: Mapping[str, Any]) -> Any:
    return case.get("old_object", MISSING)


def _short(errors: list[FieldError]) -> str:
    return "; ".join(str(e) for e in errors)[:300]


# --------------------------------------------------------------------------- cel/


def _expressions_case(case: Mapping[str, Any], defaults: Mapping[str, Any]) -> str:
    """'' when the case passes, else why not (TestValidationExpressions contract)."""
    options = case.get("options") or {}
    budget = _budget(options, defaults)
    per_call = options.get("per_call_limit", defaults.get("per_call_limit"))
    is_root = bool(options.get("is_root", defaults.get("is_root", False)))
    problems = []
    for rule in case.get("rules_valid") or []:
        errors, _ = _validate(
            _with_root_rule(case["schema"], rule), case["object"], _old(case),
            is_root=is_root, budget=budget, per_call=per_call,
        )  # fmt: skip
        if errors:
            problems.append(f"valid rule {rule!r} gave: {_short(errors)}")
    for item in case.get("rules_invalid") or []:
        errors, _ = _validate(
            _with_root_rule(case["schema"], item["rule"]), case["object"], _old(case),
            is_root=True, budget=budget, per_call=per_call,
        )  # fmt: skip
        wanted = item["error_contains"]
        if not errors:
            problems.append(f"invalid rule {item['rule']!r} gave no error (want {wanted!r})")
        elif any(e.type is not ErrorType.INVALID or wanted not in str(e) for e in errors):
            problems.append(f"invalid rule {item['rule']!r}: want {wanted!r}, got {_short(errors)}")
    return " | ".join(problems)


def _match_errors(
    errors: list[FieldError], expected: list[Mapping[str, Any]], exhaustive: bool
) -> str:
    remaining = list(errors)
    for want in expected:
        found = next((e for e in remaining if _error_matches(e, want)), None)
        if found is None:
            return f"no error matches {want}; got {_short(errors)}"
        remaining.remove(found)
    if exhaustive and remaining:
        return f"unexpected errors: {_short(remaining)}"
    return ""


def _error_matches(error: FieldError, want: Mapping[str, Any]) -> bool:
    if "type" in want and error.type is not ErrorType.from_name(want["type"]):
        return False
    if "field" in want and error.field != want["field"]:
        return False
    return str(want.get("message_contains", "")) in str(error)


def _expect_case(case: Mapping[str, Any], defaults: Mapping[str, Any]) -> str:
    """Cases with a schema carrying its own rules and an `expect` block."""
    options = case.get("options") or {}
    schema = case["schema"]
    if "rule" in case:
        schema = _with_root_rule(schema, case["rule"])
    budget = _budget(options, defaults)
    per_call = options.get("per_call_limit", defaults.get("per_call_limit"))
    is_root = bool(options.get("is_root", defaults.get("is_root", False)))
    expect = case["expect"]
    runs = [_old(case)]
    if expect.get("also_valid_without_old_object"):
        runs.append(MISSING)
    for old in runs:
        errors, warnings = _validate(
            schema, case["object"], old, is_root=is_root, budget=budget, per_call=per_call
        )
        if expect.get("valid") and errors:
            return f"expected valid, got {_short(errors)}"
        problem = _match_errors(
            errors, expect.get("errors") or [], bool(expect.get("errors_exhaustive"))
        )
        if problem:
            return problem
        if "warnings" in expect and Counter(warnings) != Counter(expect["warnings"]):
            return f"warnings {warnings} != {expect['warnings']}"
    return ""


def _field_path_case(case: Mapping[str, Any], schema: Mapping[str, Any]) -> str:
    expect = case["expect"]
    try:
        path = render(parse_field_path(case["field_path"], schema))
    except FieldPathError as exc:
        if expect["valid"]:
            return f"unexpected error {exc}"
        return "" if expect["error_contains"] in str(exc) else f"error {exc!r}"
    if not expect["valid"]:
        return f"expected error {expect['error_contains']!r}, got path {path!r}"
    return "" if expect.get("path", path) == path else f"path {path!r} != {expect['path']!r}"


def cel_results(root: Path) -> Iterator[CaseResult]:
    for path in sorted((root / "cel").glob("*.yaml")):
        data = _load(path)
        test = data["source"]["test"]
        defaults = data.get("defaults") or {}
        for case in data["cases"]:
            yield _result(
                "cel", test, case["name"], partial(_run_cel_case, test, case, data, defaults)
            )


def _run_cel_case(
    test: str, case: Mapping[str, Any], data: Mapping[str, Any], defaults: Mapping[str, Any]
) -> str:
    if test == "TestValidateFieldPath":
        return _field_path_case(case, data["schema"])
    if "rules_valid" in case or "rules_invalid" in case:
        return _expressions_case(case, defaults)
    return _expect_case(case, defaults)


def _result(area: str, test: str, name: str, run: Callable[[], str]) -> CaseResult:
    try:
        reason = run()
    except Exception as exc:  # a crash is a failure with its reason, not an aborted run
        reason = f"crash: {type(exc).__name__}: {exc}"
    return CaseResult(area, test, name, not reason, reason)


# --------------------------------------------------------------------------- cel-library/


def _cel_literal(kind: str, value: Any) -> str:
    constructors = {
        "net.IP": "ip",
        "net.CIDR": "cidr",
        "kubernetes.Quantity": "quantity",
        "kubernetes.Semver": "semver",
    }
    if kind in constructors:
        return f"{constructors[kind]}({json.dumps(value)})"
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("int", "double"):
        return repr(value)
    return json.dumps(value)  # strings and list(string)


def _library_case(case: Mapping[str, Any]) -> str:
    expect = case["expect"]
    env = check_env(new_pool(), cel.Type.DYN)
    phase = expect.get("error_phase")
    expr = case["expr"]
    if not phase:
        if expect["type"] == "optional_type":
            wanted = (
                f"optional.of({_cel_literal(expect['value_type'], expect['value'])})"
                if expect.get("has_value")
                else "optional.none()"
            )
        else:
            wanted = _cel_literal(expect["type"], expect["value"])
        source = f"({expr}) == {wanted}"
    else:
        source = expr
    try:
        compiled = compile_expression(source, env, optional_old_self=False)
    except CompileFailure as exc:
        if phase != "compile":
            return f"compile error: {exc}"
        patterns = expect.get("compile_error_regex") or [expect.get("error_contains", "")]
        missing = [p for p in patterns if not re2.search(p, str(exc))]
        return f"compile error {exc} does not match {missing}" if missing else ""
    if phase == "compile":
        return "compiled, but upstream fails to compile"
    try:
        value = compiled.evaluate({})
    except EvaluationError as exc:
        if phase != "runtime":
            return f"runtime error: {exc}"
        if expect.get("error_exact"):
            return (
                ""
                if str(exc) == expect["error_contains"]
                else f"error {exc} != {expect['error_contains']}"
            )
        pattern = expect.get("error_regex") or re2.escape(expect.get("error_contains", ""))
        return "" if re2.search(pattern, str(exc)) else f"error {exc} does not match {pattern}"
    if phase:
        return f"evaluated to {value!r}, upstream fails at {phase}"
    return "" if value is True else f"{expr} != {wanted}"


def cel_library_results(root: Path) -> Iterator[CaseResult]:
    for path in sorted((root / "cel-library").glob("*.yaml")):
        data = _load(path)
        test = data["source"]["test"]
        for case in data["cases"]:
            yield _result("cel-library", test, case["name"], partial(_library_case, case))


# --------------------------------------------------------------------------- report


def summarize(results: list[CaseResult], area: str) -> str:
    mine = [r for r in results if r.area == area]
    return f"conformance {area}: {sum(r.passed for r in mine)}/{len(mine)}"


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT_SHARED
    results = [*cel_results(root), *cel_library_results(root)]
    for r in results:
        if not r.passed:
            print(f"FAIL {r.area}/{r.test} {r.name!r}: {r.reason}")
    print(summarize(results, "cel"))
    print(summarize(results, "cel-library"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
