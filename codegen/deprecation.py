"""The warning the API server sends with every request to a deprecated CRD version.

Computed once per version here, where every version of the CRD is known, and carried from
there to the models' docstrings, the sidecar (the Python `DeprecationWarning`) and `validate`.
"""

from __future__ import annotations

import functools
import re

from codegen.load import CrdDocument

_KUBE_VERSION = re.compile(r"v([0-9]+)(?:(alpha|beta)([0-9]+))?")
_INT64_MAX = 2**63 - 1


def _kube_version(name: str) -> tuple[int, int, int] | None:
    """apimachinery's `parseKubeVersion`: (alpha 0 / beta 1 / GA 2, major, minor), or None."""
    match = _KUBE_VERSION.fullmatch(name)
    if match is None:
        return None
    major, stage, minor = match.groups()
    parsed = ({"alpha": 0, "beta": 1}.get(stage, 2), int(major), int(minor or 0))
    return parsed if max(parsed[1], parsed[2]) <= _INT64_MAX else None  # strconv.Atoi


def compare_kube_aware_versions(v1: str, v2: str) -> int:
    """apimachinery's `version.CompareKubeAwareVersionStrings` (v2 > v1beta2 > v1alpha1 > other;
    other names in reverse byte order): negative when `v1` sorts below `v2`."""
    if v1 == v2:
        return 0
    p1, p2 = _kube_version(v1), _kube_version(v2)
    if p1 is None and p2 is None:
        return (v2 > v1) - (v2 < v1)
    if p1 is None:
        return -1
    if p2 is None:
        return 1
    return (p1 > p2) - (p1 < p2)


def server_warning(crd: CrdDocument, version: str) -> str | None:
    """apiextensions' crdHandler: the version's `deprecationWarning`, else
    `defaultDeprecationWarning`, which names the newest served, non-deprecated version above
    it. None when the version is not deprecated, or its warning is set empty (the server then
    records none)."""
    found = next((v for v in crd.versions if v.name == version), None)
    if found is None or not found.deprecated:
        return None
    if found.deprecation_warning is not None:
        return found.deprecation_warning or None
    message = f"{crd.group}/{version} {crd.kind} is deprecated"
    newer = [
        v.name
        for v in crd.versions
        if v.served and not v.deprecated and compare_kube_aware_versions(version, v.name) < 0
    ]
    if not newer:
        return message
    best = max(newer, key=functools.cmp_to_key(compare_kube_aware_versions))
    return f"{message}; use {crd.group}/{best} {crd.kind}"
