"""Every naming decision of the compiler, made once and collision-free.

Python names are ASCII-only on purpose: Python NFKC-normalizes identifiers, so two distinct
unicode property names could otherwise become the same attribute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Final

# Python 3.11's keywords and soft keywords, fixed here rather than read from `keyword`: the
# generated names must not depend on the interpreter that runs the compiler (3.12 made `type`
# a soft keyword, which would rename every `type` field).
KEYWORDS: Final = frozenset(
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield",
    }
)  # fmt: skip
SOFT_KEYWORDS: Final = frozenset({"_", "case", "match"})

# Attributes of pydantic.BaseModel (and its deprecated v1 API) that a field must not shadow.
# Other `model_*` names are fine: K8sModel turns pydantic's protected namespaces off.
PYDANTIC_RESERVED = frozenset(
    {
        "k8s_binding",  # K8sModel's own
        "construct",
        "copy",
        "dict",
        "fields",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
    }
)
# Names that generated class bodies and signatures refer to; a field must not shadow them.
MODULE_RESERVED = frozenset(
    {
        "pulumi",
        "typing",
        "builtins",
        "warnings",
        "annotations",
        "self",
        "cls",
        "opts",
        "resource_name",
        "any",
        "super",  # a resource's __init__ calls super(): a parameter must not shadow it
    }
)
# Names datamodel-code-generator renames on its own (`list` -> `list_`: the models write
# `list[...]`), and the one ruff refuses as ambiguous (E741: `l`; `I` and `O` are snake-cased).
GENERATOR_RESERVED = frozenset({"list", "l"})
FIELD_RESERVED = PYDANTIC_RESERVED | MODULE_RESERVED | GENERATOR_RESERVED
# Class names the generated modules import or define themselves.
CLASS_RESERVED = frozenset(
    {
        "Any",
        "Annotated",
        "BaseModel",
        "ConfigDict",
        "Field",
        "K8sModel",
        "Literal",
        "Mapping",
        "NotRequired",
        "Optional",
        "RootModel",
        "Sequence",
        "StrictBool",
        "StrictFloat",
        "StrictInt",
        "StrictStr",
        "TypedDict",
        "Union",
        "ObjectMeta",
        "ObjectMetaArgs",
        "CustomResource",
        "TypedCustomResource",
    }
)

_CAMEL_BOUNDARY_1 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL_BOUNDARY_2 = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")
_UNDERSCORES = re.compile(r"_+")
_PLURAL_ACRONYM = re.compile(r"([A-Z]{2,})s(?=[A-Z0-9]|[^A-Za-z0-9]|$)")


def _ascii_words(name: str) -> str:
    """Replace every non-ASCII character with a readable, distinct `uXXXX` token."""
    if name.isascii():
        return name
    out: list[str] = []
    for char in name:
        if char.isascii():
            out.append(char)
        else:
            out.append(f"_u{ord(char):04x}_")
    return "".join(out)


# The same property names recur all over a CRD (and across its versions): the pure name
# functions below remember their answers.
@lru_cache(maxsize=16384)
def snake_case(name: str) -> str:
    """`jwksUri` -> `jwks_uri`, `podIPs` -> `pod_ips`, `bootstrap.servers` -> `bootstrap_servers`."""
    if name.isascii() and name.isalnum() and name.islower():
        return name  # most names: nothing to split or replace
    text = _ascii_words(name)
    text = _PLURAL_ACRONYM.sub(lambda m: m.group(1) + "S", text)  # podIPs -> pod_ips
    text = _CAMEL_BOUNDARY_1.sub(r"\1_\2", text)
    text = _CAMEL_BOUNDARY_2.sub(r"\1_\2", text)
    text = _NON_WORD.sub("_", text).strip("_").lower()
    return _UNDERSCORES.sub("_", text)


@lru_cache(maxsize=16384)
def pascal_case(name: str) -> str:
    """`spec` -> `Spec`, `x-kubernetes-foo` -> `XKubernetesFoo`, `podIPs` -> `PodIPs`."""
    text = _ascii_words(name)
    parts = [p for p in _NON_WORD.split(text) if p]
    return "".join(p[0].upper() + p[1:] for p in parts)


@lru_cache(maxsize=16384)
def _field_candidate(json_name: str) -> str:
    base = snake_case(json_name)
    if not base:
        base = "field"
    if base[0].isdigit():
        base = f"f_{base}"
    if base in KEYWORDS or base in SOFT_KEYWORDS or base in FIELD_RESERVED:
        base = f"{base}_"
    return base


def field_names(json_names: Sequence[str]) -> dict[str, str]:
    """Map each property name of one object to a distinct Python attribute name.

    A property whose own name is already a valid, unreserved snake_case identifier keeps it, so
    `jwks_uri` stays `jwks_uri` and its camelCase twin `jwksUri` becomes `jwks_uri_2`. No Python
    name ever equals another property's JSON name, so snake_case input keys stay unambiguous.
    """
    taken: set[str] = set()
    result: dict[str, str] = {}
    for name in json_names:
        if _field_candidate(name) == name:
            result[name] = name
            taken.add(name)
    reserved_json = set(json_names)
    for name in json_names:
        if name in result:
            continue
        candidate = _field_candidate(name)
        chosen, index = candidate, 2
        # Neither a name given already nor another property's JSON name (its own is fine).
        while chosen in taken or (chosen != name and chosen in reserved_json):
            chosen = f"{candidate}_{index}"
            index += 1
        result[name] = chosen
        taken.add(chosen)
    return {name: result[name] for name in json_names}


class ClassNamer:
    """Hands out unique PascalCase class names; the first claimant of a name keeps it.

    Kinds claim theirs first (`resource=True`): a resource class shares its version's
    namespace with the Args and ArgsDict classes of the types below, so no type takes a name
    whose `Args`/`ArgsDict` twin is a kind's (kind Foo's spec beside a kind named `FooSpecArgs`
    becomes `FooSpec2`)."""

    def __init__(self, reserved: Iterable[str] = CLASS_RESERVED) -> None:
        self._taken: set[str] = set(reserved)
        self._resources: set[str] = set()

    def claim(self, wanted: str, *, resource: bool = False) -> str:
        base = wanted or "Object"
        if base[0].isdigit():
            base = f"T{base}"
        name = base
        index = 2
        while (
            name in self._taken
            or name in KEYWORDS
            or f"{name}Args" in self._resources
            or f"{name}ArgsDict" in self._resources
        ):
            name = f"{base}{index}"
            index += 1
        self._taken.add(name)
        if resource:
            self._resources.add(name)
        return name


def class_name_for(kind_class: str, path: Sequence[str]) -> str:
    """The wanted class name of the object type at `path` below the kind's root."""
    return kind_class + "".join(pascal_case(segment) for segment in path)


def module_name(text: str) -> str:
    """A Python package/module name for an API group, version or kind."""
    name = snake_case(text) or "x"
    if name[0].isdigit():
        name = f"x_{name}"
    if name in KEYWORDS or name in SOFT_KEYWORDS:
        name = f"{name}_"
    return name


def group_package(group: str) -> str:
    """`ai.example.com` -> `ai_example_com` (dots and dashes kept distinct from camel humps)."""
    text = _ascii_words(group).lower()
    name = _NON_WORD.sub("_", text).strip("_") or "core"
    if name[0].isdigit():
        name = f"x_{name}"
    if name in KEYWORDS:
        name = f"{name}_"
    return name
