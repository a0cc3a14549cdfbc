"""Which CRD files an output tree's last run checked in full, recorded per machine.

An incremental run only reads the CRD files it checked before (`load_crds`' `checked`). It
trusts the record only when the same compiler made it, on this machine, for the same output
and manifest: the record holds a fingerprint of the compiler (its sources' contents and the
versions of the libraries that decide what is refused) and the digest of the manifest it
went with. It lives in the user's cache, not in the output tree: the committed manifest stays
the same bytes on every machine, and a tree made elsewhere (restored, checked out, written by
another build) is checked in full once.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from codegen import incremental

# The libraries whose versions change which CRDs are refused or what is generated.
_LIBRARIES = ("cel-expr-python", "google-re2", "datamodel-code-generator", "pyyaml", "ruff")


def cache_root() -> Path:
    """The compiler's cache folder (CRDC_CACHE_DIR, else the user's cache)."""
    base = (
        os.environ.get("CRDC_CACHE_DIR")
        or os.environ.get("XDG_CACHE_HOME")
        or str(Path.home() / ".cache")
    )
    return Path(base) / "crd-pulumi-compiler"


@functools.cache  # read once per process: ~15 ms
def fingerprint() -> str:
    """The compiler as it decides: its sources' contents and its libraries' versions."""
    parts: list[str] = []
    for path in incremental.compiler_sources():
        parts.append(f"{path.relative_to(incremental.COMPILER).as_posix()}:")
        parts.append(incremental.digest(path.read_bytes()))
    for name in _LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=")
    return incremental.digest("\n".join(parts))


def _record_file(out: Path) -> Path:
    return cache_root() / "checked" / f"{incremental.digest(str(out.resolve()))}.json"


def checked_sources(out: Path, manifest_text: str | None) -> dict[str, str] | None:
    """The CRD files (source name -> sha256) this compiler checked for `out`'s manifest, when
    the record matches the compiler and that manifest; else None (check everything)."""
    if not manifest_text:
        return None
    try:
        record = json.loads(_record_file(out).read_text(encoding="utf-8"))
        if record["fingerprint"] != fingerprint() or record["manifest"] != incremental.digest(
            manifest_text
        ):
            return None
        return {str(k): str(v) for k, v in record["sources"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def record(out: Path, manifest_text: str, sources: Mapping[str, str]) -> None:
    """Remember that this compiler checked `sources` in full for `out`'s manifest. A cache
    that cannot be written only costs the next run its shortcut."""
    target = _record_file(out)
    document = {
        "fingerprint": fingerprint(),
        "manifest": incremental.digest(manifest_text),
        "sources": dict(sorted(sources.items())),
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(prefix=".checked-", dir=target.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(document, stream)
        os.replace(scratch, target)
    except OSError:
        return
