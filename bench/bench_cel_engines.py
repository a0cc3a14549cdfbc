"""CEL engines side by side: correctness on the conformance cel / cel-library cases and speed.

Engines: cel-expr-python (Google's C++ runtime) bare and with this project's Kubernetes
environment (codegen.runtime.cel), common-expression-language (Rust, module `cel`) and
cel-python (pure Python, module `celpy`). The bare engines get the raw JSON object as `self`.

    python bench/bench_cel_engines.py [path/to/shared/conformance]
"""

from __future__ import annotations

import functools
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

Compiled = Callable[[dict[str, Any]], Any]  # evaluate with variables -> value (raises on error)
Compiler = Callable[[str], Compiled]

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT.parent / "shared" / "conformance"


# --------------------------------------------------------------------------- engines


def expr_python_bare() -> Compiler:
    from cel_expr_python import cel

    yaml_cfg = "name: bare\nextensions:\n  - name: strings\n  - name: lists\n  - name: sets\n  - name: optional\n  - name: two-var-comprehensions\n"
    env = cel.NewEnv(
        config=cel.NewEnvConfigFromYaml(yaml_cfg),
        variables={"self": cel.Type.DYN, "oldSelf": cel.Type.DYN},
    )

    def compile_(src: str) -> Compiled:
        program = env.compile(src)

        def run(variables: dict[str, Any]) -> Any:
            value = program.eval(data=variables)
            if value.type() == cel.Type.ERROR:
                raise RuntimeError(value.value())
            return value.value()

        return run

    return compile_


def expr_python_kubernetes() -> Compiler:
    from cel_expr_python import cel

    from codegen.runtime.cel.environment import check_env
    from codegen.runtime.cel.pool import new_pool
    from codegen.runtime.cel.rules import compile_expression

    env = check_env(new_pool(), cel.Type.DYN)

    def compile_(src: str) -> Compiled:
        expression = compile_expression(src, env, optional_old_self=False)
        return lambda variables: expression.evaluate(variables)

    return compile_


def rust_cel() -> Compiler:
    import cel

    def compile_(src: str) -> Compiled:
        program = cel.compile(src)
        return lambda variables: program.execute(dict(variables))

    return compile_


def celpy_engine() -> Compiler:
    import celpy
    from celpy.adapter import json_to_cel
    from celpy.evaluation import CELEvalError

    env = celpy.Environment()

    def compile_(src: str) -> Compiled:
        program = env.program(env.compile(src))

        def run(variables: dict[str, Any]) -> Any:
            result = program.evaluate({k: json_to_cel(v) for k, v in variables.items()})
            if isinstance(result, CELEvalError):
                raise RuntimeError(str(result))
            return result

        return run

    return compile_


ENGINES: dict[str, Callable[[], Compiler]] = {
    "cel-expr-python + k8s runtime": expr_python_kubernetes,
    "cel-expr-python (bare)": expr_python_bare,
    "common-expression-language": rust_cel,
    "cel-python (celpy)": celpy_engine,
}


# --------------------------------------------------------------------------- correctness


def _outcome(compiler: Compiler, src: str, variables: dict[str, Any]) -> Any:
    """True/False result, or the string 'error'."""
    try:
        value = compiler(src)(variables)
    except Exception:
        return "error"
    if isinstance(value, bool) or type(value).__name__ == "BoolType":  # celpy's bool
        return bool(value)
    return "error"


def _validation_rules(suite: Path) -> list[tuple[str, dict[str, Any], bool]]:
    data = yaml.safe_load((suite / "cel" / "TestValidationExpressions.yaml").read_text())
    rules = []
    for case in data["cases"]:
        variables = {"self": case["object"]}
        if "old_object" in case:
            variables["oldSelf"] = case["old_object"]
        rules += [(r, variables, True) for r in case.get("rules_valid") or []]
        rules += [(r["rule"], variables, False) for r in case.get("rules_invalid") or []]
    return rules


def _library_exprs(suite: Path) -> list[tuple[str, bool]]:
    """(source, must_succeed): value cases become `expr == expected` that must be true."""
    from codegen.conformance.cel_cases import _cel_literal

    out = []
    for path in sorted((suite / "cel-library").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text())["cases"]:
            expect = case["expect"]
            if "error_phase" in expect:
                out.append((case["expr"], False))
            elif expect["type"] == "optional_type":
                wanted = (
                    f"optional.of({_cel_literal(expect['value_type'], expect['value'])})"
                    if expect.get("has_value")
                    else "optional.none()"
                )
                out.append((f"({case['expr']}) == {wanted}", True))
            else:
                out.append(
                    (f"({case['expr']}) == {_cel_literal(expect['type'], expect['value'])}", True)
                )
    return out


def correctness(compiler: Compiler, suite: Path) -> tuple[str, str]:
    rules = _validation_rules(suite)
    ok_rules = sum(
        _outcome(compiler, src, variables) == (True if valid else "error")
        for src, variables, valid in rules
    )
    exprs = _library_exprs(suite)
    ok_lib = sum(
        (_outcome(compiler, src, {}) is True) if must else (_outcome(compiler, src, {}) == "error")
        for src, must in exprs
    )
    return f"{ok_rules}/{len(rules)}", f"{ok_lib}/{len(exprs)}"


# --------------------------------------------------------------------------- speed

SPEED_RULES = [
    "self.replicas >= 1 && self.replicas <= 100",
    "self.ports.all(p, p.port > 0 && p.port < 65536)",
    "self.name.matches('^[a-z0-9-]+$') && self.name.size() <= 63",
    "self.ports.exists(p, p.name == 'http')",
    "has(self.tls) ? self.tls.secretName != '' : true",
]
SPEED_OBJECT = {
    "replicas": 3,
    "name": "llama-serving",
    "ports": [{"name": "http", "port": 8080}, {"name": "grpc", "port": 9000}],
    "tls": {"secretName": "cert"},
}


def speed(compiler: Compiler) -> float | None:
    """Microseconds per evaluation of one rule (mean over SPEED_RULES)."""
    try:
        programs = [compiler(r) for r in SPEED_RULES]
        variables = {"self": SPEED_OBJECT}
        if not all(bool(p(variables)) for p in programs):
            return None
    except Exception:
        return None
    number = 300
    total = 0.0
    for program in programs:
        total += timeit.timeit(functools.partial(program, variables), number=number)
    return total / (number * len(programs)) * 1e6


def main(argv: list[str]) -> int:
    suite = Path(argv[1]) if len(argv) > 1 else SUITE
    rows = []
    for name, factory in ENGINES.items():
        started = time.perf_counter()
        compiler = factory()
        rules, lib = correctness(compiler, suite) if suite.is_dir() else ("n/a", "n/a")
        rows.append((name, rules, lib, speed(compiler), time.perf_counter() - started))
    base = rows[0][3]
    print(f"{'engine':32} {'cel rules':>12} {'cel-library':>12} {'µs/eval':>9} {'ratio':>7}")
    for name, rules, lib, us, _ in rows:
        ratio = f"{us / base:.2f}x" if us and base else "-"
        shown = f"{us:.1f}" if us else "fails"
        print(f"{name:32} {rules:>12} {lib:>12} {shown:>9} {ratio:>7}")
    print(
        "cel rules: TestValidationExpressions rules (valid -> true, invalid -> error) with raw self;"
    )
    print("cel-library: expressions compared with the expected value; ratio: time vs first row.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
