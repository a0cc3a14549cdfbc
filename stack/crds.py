"""Deploy the CRDs of crd/ exactly as written: the YAML file is the only place the schema lives."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from codegen import yamlio

REPO = Path(__file__).resolve().parent.parent
CRD_DIR = REPO / "crd"


@dataclass(frozen=True)
class CrdDocument:
    """One CustomResourceDefinition document of a YAML file under crd/."""

    source: Path
    body: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.body["metadata"]["name"])

    @property
    def group(self) -> str:
        return str(self.body["spec"]["group"])

    @property
    def kind(self) -> str:
        return str(self.body["spec"]["names"]["kind"])


def crd_documents(crd_dir: Path = CRD_DIR) -> Iterator[CrdDocument]:
    """Every CustomResourceDefinition in `crd_dir/*.yaml|*.yml`, in file-name order."""
    files = sorted([*crd_dir.glob("*.yaml"), *crd_dir.glob("*.yml")])
    for path in files:
        # read as the compiler reads it (and kubectl would), so what is deployed is what the
        # generated classes check against
        for document in yamlio.load_documents(path.read_text(encoding="utf-8")):
            body = document.value
            if not isinstance(body, Mapping) or body.get("kind") != "CustomResourceDefinition":
                continue
            yield CrdDocument(path, dict(body))


def deploy_crd(
    document: CrdDocument, opts: pulumi.ResourceOptions | None = None
) -> k8s.apiextensions.v1.CustomResourceDefinition:
    """Register one CRD with its document's metadata and spec, unchanged."""
    body = document.body
    return k8s.apiextensions.v1.CustomResourceDefinition(
        document.name,
        metadata=body["metadata"],
        spec=body["spec"],
        opts=opts,
    )
