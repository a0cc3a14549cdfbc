"""The corpus labels: `EXPECTED.tsv` rows (instance, CRD file, version, verdict, reason, and an
optional `fv` column: the field validation mode the row is judged in, Strict when absent)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Verdict(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    REJECT_UNKNOWN_FIELDS = "reject-unknown-fields"


@dataclass(frozen=True)
class Expectation:
    instance: str  # path relative to the corpus root
    crd: str  # CRD file relative to the corpus root
    version: str
    verdict: Verdict
    reason: str
    field_validation: str = "Strict"  # the optional `fv` column: kubectl's --validate


def read_expected(corpus: Path) -> list[Expectation]:
    rows: list[Expectation] = []
    with (corpus / "EXPECTED.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows.append(
                Expectation(
                    instance=row["instance"],
                    crd=row["crd"],
                    version=row["version"],
                    verdict=Verdict(row["expected"]),
                    reason=row.get("reason") or "",
                    field_validation=row.get("fv") or "Strict",
                )
            )
    return rows


def crd_files(corpus: Path) -> list[str]:
    """Every CRD file of the corpus, relative to its root, sorted."""
    root = corpus / "crds"
    return sorted(
        p.relative_to(corpus).as_posix()
        for p in root.rglob("*")
        if p.suffix in (".yaml", ".yml") and p.is_file()
    )
