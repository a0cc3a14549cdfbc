"""The Kubernetes CEL environment, built on cel-expr-python (Google's C++ CEL runtime).

Two environments, on purpose:
- a *checking* environment per schema, where `self`/`oldSelf` have the schema's types (structs
  as generated protobuf messages) and library functions their precise overloads, so a rule that
  the API server would reject fails to compile with the same checker message;
- one shared *evaluation* environment where `self` is dyn and values are plain maps and lists
  (absent fields raise "no such key", as on the API server) and every library function has one
  Python implementation per runtime signature.

The CEL extensions come from the engine: strings, lists, sets, optional types, two-variable
comprehensions. The Kubernetes libraries (lists, regex, urls, quantity, ip/cidr, format, semver)
are implemented in this package.
"""

from __future__ import annotations

from functools import cache

from cel_expr_python import cel
from google.protobuf import descriptor_pool

from . import (
    formats_lib,
    list_semantics,
    lists,
    net,
    overrides,
    quantity_lib,
    regex_ext,
    semver,
    unconvertible,
    urls,
)
from .library import LibFunction, check_declarations, eval_declarations
from .pool import eval_pool

# Versions as the API server's base environment has them (environment/base.go): strings 2, so
# no string `reverse` (version 3); lists at the engine's latest, which has what cel-go's 3 has.
_EXTENSIONS_YAML = """name: kubernetes
extensions:
  - name: strings
    version: 2
  - name: lists
  - name: sets
  - name: optional
  - name: two-var-comprehensions
"""
# The evaluation env only plans expressions already parsed (and macro-expanded) by a checking
# env; without the two-variable comprehension library its checker does not declare
# `cel.@mapInsert`, which the runtime lacks and `overrides` implements.
_EVAL_EXTENSIONS_YAML = _EXTENSIONS_YAML.replace("  - name: two-var-comprehensions\n", "")
OLD_SELF_VALUE = "__oldSelfValue"
OLD_SELF_PRESENT = "__oldSelfPresent"


def library() -> list[LibFunction]:
    return [
        *lists.functions(),
        *regex_ext.functions(),
        *urls.functions(),
        *quantity_lib.functions(),
        *net.functions(),
        *formats_lib.functions(),
        *semver.functions(),
    ]


def _cross_numeric_comparisons() -> list[cel.FunctionDecl]:
    """int/uint/double compare with each other (cel-go's CrossTypeNumericComparisons, which
    the API server enables). The runtime already has them; only the checker needs declaring."""
    numeric = {"int": cel.Type.INT, "uint": cel.Type.UINT, "double": cel.Type.DOUBLE}
    return [
        cel.FunctionDecl(
            op,
            [
                cel.Overload(f"{name}_{a}_{b}", cel.Type.BOOL, [ta, tb])
                for a, ta in numeric.items()
                for b, tb in numeric.items()
                if a != b
            ],
        )
        for op, name in (
            ("_<_", "less"),
            ("_<=_", "less_equals"),
            ("_>_", "greater"),
            ("_>=_", "greater_equals"),
        )
    ]


@cache
def _check_extension() -> cel.CelExtension:
    decls = check_declarations(library()) + _cross_numeric_comparisons()
    return cel.CelExtension("kubernetes", decls)


def check_env(pool: descriptor_pool.DescriptorPool, self_type: cel.Type) -> cel.Env:
    """Only used to type-check: errors that are not parse/check errors are ignored there."""
    return cel.NewEnv(
        descriptor_pool=pool,
        config=cel.NewEnvConfigFromYaml(_EXTENSIONS_YAML),
        extensions=[_check_extension()],
        variables={
            "self": self_type,
            "oldSelf": self_type,
            OLD_SELF_VALUE: self_type,
            OLD_SELF_PRESENT: cel.Type.BOOL,
        },
    )


@cache
def eval_env() -> cel.Env:
    return cel.NewEnv(
        descriptor_pool=eval_pool(),
        config=cel.NewEnvConfigFromYaml(_EVAL_EXTENSIONS_YAML),
        extensions=[
            cel.CelExtension(
                "kubernetes",
                eval_declarations(
                    library()
                    + overrides.functions()
                    + list_semantics.functions()
                    + unconvertible.functions()
                ),
            )
        ],
        variables={
            "self": cel.Type.DYN,
            "oldSelf": cel.Type.DYN,
            OLD_SELF_VALUE: cel.Type.DYN,
            OLD_SELF_PRESENT: cel.Type.BOOL,
        },
    )
