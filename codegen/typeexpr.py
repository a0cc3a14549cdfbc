"""Python annotations for the Pulumi Args classes, each computed with the imports it needs.

One strategy object per output flavour (Args class or ArgsDict TypedDict) so that an annotation
string and its imports can never disagree, and templates never assemble type text themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from codegen.ir import TypeKind, TypeRef

_SCALARS = {
    TypeKind.STRING: "_builtins.str",
    TypeKind.INTEGER: "_builtins.int",
    TypeKind.NUMBER: "_builtins.float",
    TypeKind.BOOLEAN: "_builtins.bool",
}


@dataclass(frozen=True)
class Annotation:
    text: str
    typing_names: frozenset[str] = field(default_factory=frozenset)  # from typing / collections.abc
    uses_meta: bool = False  # needs pulumi_kubernetes.meta.v1


def _merge(text: str, *parts: Annotation, extra: frozenset[str] = frozenset()) -> Annotation:
    names = frozenset().union(extra, *(p.typing_names for p in parts))
    return Annotation(text, names, any(p.uses_meta for p in parts))


def _literal(values: tuple[str | int | bool, ...]) -> str:
    return "Literal[" + ", ".join(repr(v) for v in values) + "]"


@dataclass(frozen=True)
class ArgsTypes:
    """Annotations for `@pulumi.input_type` Args classes (dict=False) or ArgsDicts (dict=True)."""

    dict_flavour: bool

    def value(self, ref: TypeRef) -> Annotation:
        """The type of a value (without the outer pulumi.Input)."""
        result: Annotation
        if ref.kind in _SCALARS:
            if ref.literals:
                result = Annotation(_literal(ref.literals), frozenset({"Literal"}))
            else:
                result = Annotation(_SCALARS[ref.kind])
        elif ref.kind is TypeKind.INT_OR_STRING:
            result = Annotation("_builtins.int | _builtins.str")
        elif ref.kind is TypeKind.OBJECT:
            assert ref.ref is not None
            if self.dict_flavour:
                result = Annotation(f"{ref.ref}ArgsDict")
            else:
                result = Annotation(f"{ref.ref}Args | {ref.ref}ArgsDict")
        elif ref.kind is TypeKind.METADATA:
            result = Annotation(
                "_meta.v1.ObjectMetaArgs | _meta.v1.ObjectMetaArgsDict", uses_meta=True
            )
        elif ref.kind is TypeKind.MAP:
            assert ref.item is not None
            inner = self.input(ref.item)
            result = _merge(
                f"Mapping[_builtins.str, {inner.text}]", inner, extra=frozenset({"Mapping"})
            )
        elif ref.kind is TypeKind.LIST:
            assert ref.item is not None
            inner = self.input(ref.item)
            result = _merge(f"Sequence[{inner.text}]", inner, extra=frozenset({"Sequence"}))
        else:
            result = Annotation("Any", frozenset({"Any"}))
        if ref.nullable and ref.kind is not TypeKind.ANY:
            result = _merge(f"{result.text} | None", result)
        return result

    def input(self, ref: TypeRef) -> Annotation:
        return _input(self.value(ref))

    @lru_cache(maxsize=16384)  # noqa: B019 - two module-level instances; few distinct types
    def field(self, ref: TypeRef, required: bool) -> Annotation:
        """The annotation of an Args __init__ parameter / ArgsDict key.

        An optional field takes None, also inside an Input (`Input[int | None]`, as
        pulumi-kubernetes types them): `config.get_int(...)` or an `Output[int | None]` may be
        given, and a None member is left out of what is sent."""
        if required:
            return self.input(ref)
        value = self.value(ref)
        if not (ref.nullable or ref.kind is TypeKind.ANY):
            value = _merge(f"{value.text} | None", value)
        inner = _input(value)
        if self.dict_flavour:
            return _merge(f"NotRequired[{inner.text}]", inner, extra=frozenset({"NotRequired"}))
        return inner


def _input(value: Annotation) -> Annotation:
    """`pulumi.Input[...]` of a value's annotation."""
    return _merge(f"pulumi.Input[{value.text}]", value)


ARGS = ArgsTypes(dict_flavour=False)
ARGS_DICT = ArgsTypes(dict_flavour=True)
