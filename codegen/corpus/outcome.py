"""What one corpus run found, as plain picklable values (workers send them to the parent)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from codegen.corpus.expected import Expectation, Verdict


class Stage(StrEnum):
    """How far one CRD got; every stage after the first implies the ones before it."""

    CRASHED = "crashed"  # the compiler raised something other than LoadError
    INVALID = "invalid"  # LoadError: the compiler (like the API server) refuses the CRD
    GENERATED = "generated"  # code written, but some module failed to import
    IMPORTED = "imported"  # every generated module imports


# Why an instance labelled valid is refused although the label is not wrong about its schema.
METADATA_NOTE = (
    "refused for its metadata alone, which the API server validates and the label's "
    "JSON-Schema check does not read"
)


@dataclass(frozen=True)
class InstanceOutcome:
    expectation: Expectation
    strict_accepted: bool | None  # None: could not be run (no model, bad YAML...)
    warn_accepted: bool | None  # only run for reject-unknown-fields
    detail: str  # first error, or why the instance could not be run
    # Why a differing verdict is expected: the CRD was compiled only with --allow-nonstructural
    # and the label's unknown fields all lie under a node made free-form, or METADATA_NOTE.
    note: str = ""

    @property
    def matches(self) -> bool:
        verdict = self.expectation.verdict
        if self.strict_accepted is None:
            return False
        if verdict is Verdict.ACCEPT:
            return self.strict_accepted
        if verdict is Verdict.REJECT:
            return not self.strict_accepted
        return not self.strict_accepted and self.warn_accepted is True

    @property
    def got(self) -> str:
        if self.strict_accepted is None:
            return "not run"
        if self.strict_accepted:
            return "accepted"
        if self.expectation.verdict is Verdict.REJECT_UNKNOWN_FIELDS:
            return "rejected, " + (
                "accepted in Warn mode" if self.warn_accepted else "rejected in Warn mode"
            )
        return "rejected"


@dataclass(frozen=True)
class CrdOutcome:
    crd: str
    stage: Stage
    package: str  # top-level package of this CRD's generated tree
    seconds: float  # wall time of generation (load to formatted sources)
    files: int
    bytes: int
    problems: tuple[str, ...] = ()  # why the CRD stopped before IMPORTED (or import failures)
    instances: tuple[InstanceOutcome, ...] = field(default=())
    import_seconds: float = 0.0
    # The structural-schema problems --allow-nonstructural downgraded: the CRD was refused
    # strictly (as the API server refuses it) and generated only leniently.
    nonstructural: tuple[str, ...] = ()

    @property
    def generated(self) -> bool:
        return self.stage in (Stage.GENERATED, Stage.IMPORTED)

    @property
    def imported(self) -> bool:
        return self.stage is Stage.IMPORTED
