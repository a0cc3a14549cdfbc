"""Kubernetes `semver` library (blang/semver parsing; SemverVersion(1) adds normalize)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cel_expr_python import cel
from google.protobuf import message

from .library import Impl, LibFunction, LibOverload, LibraryError
from .pool import make_opaque, opaque_value

T = cel.Type
SEMVER_TYPE = "kubernetes.Semver"
_IDENT = re.compile(r"[0-9A-Za-z-]+")


@dataclass(frozen=True)
class Version:
    major: int
    minor: int
    patch: int
    pre: tuple[str, ...]

    def canonical(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return f"{core}-{'.'.join(self.pre)}" if self.pre else core


def _number(text: str, what: str) -> int:
    if not text or not text.isdigit():
        raise LibraryError(f"Invalid character(s) found in {what} number {text!r}")
    if len(text) > 1 and text[0] == "0":
        raise LibraryError(f"{what.capitalize()} number must not contain leading zeroes {text!r}")
    return int(text)


def parse(text: str) -> Version:
    """blang/semver.Parse: strict MAJOR.MINOR.PATCH[-pre][+build]."""
    parts = text.split(".", 2)
    if len(parts) != 3:
        raise LibraryError("No Major.Minor.Patch elements found")
    major, minor = _number(parts[0], "major"), _number(parts[1], "minor")
    rest = parts[2]
    build_at = rest.find("+")
    if build_at >= 0:
        build = rest[build_at + 1 :].split(".")
        if any(not _IDENT.fullmatch(b) for b in build):
            raise LibraryError(f"Invalid character(s) found in build meta {rest[build_at + 1 :]!r}")
        rest = rest[:build_at]
    patch_text, _, pre_text = rest.partition("-")
    patch = _number(patch_text, "patch")
    pre: tuple[str, ...] = ()
    if "-" in rest:
        pre = tuple(pre_text.split("."))
        for p in pre:
            if not _IDENT.fullmatch(p):
                raise LibraryError(f"Invalid character(s) found in prerelease {p!r}")
            if p.isdigit() and len(p) > 1 and p[0] == "0":
                raise LibraryError(
                    f"Numeric PreRelease version must not contain leading zeroes {p!r}"
                )
    return Version(major, minor, patch, pre)


def normalize(text: str) -> str:
    """Version 1 leniency, semverlib.go's normalizeAndParse: an optional 'v', leading zeros
    dropped from each of the (at most three) dot-separated parts, a missing minor or patch
    filled with 0, which a short version with pre-release or build data cannot have."""
    parts = text.removeprefix("v").split(".", 2)
    for i, part in enumerate(parts):
        if len(part) > 1:
            part = part.lstrip("0")
            if not part or not part[0].isdigit():
                part = "0" + part
            parts[i] = part
    if len(parts) < 3:
        if "+" in parts[-1] or "-" in parts[-1]:
            raise LibraryError("short version cannot contain PreRelease/Build meta data")
        parts += ["0"] * (3 - len(parts))
    return ".".join(parts)


def _parse_arg(text: str, normalize_input: bool = False) -> Version:
    return parse(normalize(text) if normalize_input else text)


def _semver(text: str, normalize_input: bool = False) -> message.Message:
    return make_opaque(SEMVER_TYPE, _parse_arg(text, normalize_input).canonical())


def _is_semver(text: str, normalize_input: bool = False) -> bool:
    try:
        _parse_arg(text, normalize_input)
    except LibraryError:
        return False
    return True


def _pre_key(ident: str) -> tuple[int, int, str]:
    return (0, int(ident), "") if ident.isdigit() else (1, 0, ident)


def compare(a: Version, b: Version) -> int:
    left, right = (a.major, a.minor, a.patch), (b.major, b.minor, b.patch)
    if left != right:
        return -1 if left < right else 1
    if not a.pre or not b.pre:
        return (not a.pre) - (not b.pre)
    ka, kb = [_pre_key(p) for p in a.pre], [_pre_key(p) for p in b.pre]
    return (ka > kb) - (ka < kb)


def _version(value: message.Message) -> Version:
    return parse(opaque_value(value))


def functions() -> list[LibFunction]:
    sv = T(SEMVER_TYPE)

    def member(
        name: str, params: tuple[cel.Type, ...], result: cel.Type, impl: Impl
    ) -> LibFunction:
        return LibFunction(
            name,
            (
                LibOverload(
                    f"semver_{name}",
                    params,
                    result,
                    impl,
                    member=True,
                    message_types=(SEMVER_TYPE,),
                ),
            ),
        )

    return [
        LibFunction(
            "semver",
            (
                LibOverload("string_to_semver", (T.STRING,), sv, _semver),
                LibOverload("string_bool_to_semver", (T.STRING, T.BOOL), sv, _semver),
            ),
        ),
        LibFunction(
            "isSemver",
            (
                LibOverload("is_semver_string", (T.STRING,), T.BOOL, _is_semver),
                LibOverload("is_semver_string_bool", (T.STRING, T.BOOL), T.BOOL, _is_semver),
            ),
        ),
        member("isLessThan", (sv, sv), T.BOOL, lambda a, b: compare(_version(a), _version(b)) < 0),
        member(
            "isGreaterThan", (sv, sv), T.BOOL, lambda a, b: compare(_version(a), _version(b)) > 0
        ),
        member("compareTo", (sv, sv), T.INT, lambda a, b: compare(_version(a), _version(b))),
        member("major", (sv,), T.INT, lambda a: _version(a).major),
        member("minor", (sv,), T.INT, lambda a: _version(a).minor),
        member("patch", (sv,), T.INT, lambda a: _version(a).patch),
    ]
