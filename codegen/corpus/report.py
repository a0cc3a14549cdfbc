"""The corpus summary: one table of counts, then every failure with its reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from codegen.corpus.expected import Verdict
from codegen.corpus.outcome import METADATA_NOTE, CrdOutcome, InstanceOutcome, Stage


@dataclass(frozen=True)
class TypeCheck:
    checked: tuple[str, ...]  # CRD files whose output mypy checked
    errors: Mapping[str, Sequence[str]]  # CRD file -> mypy error lines
    crash: str
    seconds: float
    too_large: tuple[str, ...] = ()  # CRD files whose output mypy could not check in memory


def _row(label: str, count: int, total: int) -> str:
    return f"  {label:<38} {count:>5} / {total:<5}"


def summary(outcomes: Sequence[CrdOutcome], types: TypeCheck | None, seconds: float) -> str:
    total = len(outcomes)
    instances = [i for o in outcomes for i in o.instances]
    lines = ["", "corpus summary", "=" * 56]
    lines.append(_row("CRDs generated", sum(o.generated for o in outcomes), total))
    lenient = sum(bool(o.nonstructural) for o in outcomes)
    if lenient:
        lines.append(_row("  of them only --allow-nonstructural", lenient, total))
    lines.append(
        _row(
            "CRDs refused as invalid (LoadError)",
            sum(o.stage is Stage.INVALID for o in outcomes),
            total,
        )
    )
    lines.append(_row("CRDs imported (every module)", sum(o.imported for o in outcomes), total))
    if types is None:
        lines.append("  CRDs type-clean (mypy --strict)        skipped")
    else:
        clean = sum(1 for crd in types.checked if not types.errors.get(crd))
        imported = sum(o.imported for o in outcomes)
        note = "" if len(types.checked) >= imported else "  (checked subset)"
        lines.append(_row("CRDs type-clean (mypy --strict)", clean, len(types.checked)) + note)
        if types.too_large:
            lines.append(
                _row(
                    "CRDs too large for mypy here",
                    len(types.too_large),
                    len(types.checked) + len(types.too_large),
                )
                + "  (listed below)"
            )
    lines.append("-" * 56)
    for verdict in Verdict:
        group = [i for i in instances if i.expectation.verdict is verdict]
        lines.append(
            _row(f"instances '{verdict}' as labelled", sum(i.matches for i in group), len(group))
        )
    lines.append(
        _row("instances as labelled (all)", sum(i.matches for i in instances), len(instances))
    )
    metadata = sum(i.note == METADATA_NOTE and not i.matches for i in instances)
    free_form = sum(bool(i.note) and i.note != METADATA_NOTE and not i.matches for i in instances)
    if free_form:
        lines.append(_row("  differing, under free-form nodes", free_form, len(instances)))
    if metadata:
        lines.append(_row("  differing, for metadata only", metadata, len(instances)))
    lines.append(
        _row("instances not run", sum(i.strict_accepted is None for i in instances), len(instances))
    )
    lines.append("-" * 56)
    slowest = sorted(outcomes, key=lambda o: o.seconds, reverse=True)[:3]
    for outcome in slowest:
        lines.append(
            f"  slowest: {outcome.crd} {outcome.seconds:.1f}s generate, {outcome.import_seconds:.1f}s import"
        )
    if types is not None:
        lines.append(f"  mypy --strict: {types.seconds:.0f}s")
    lines.append(f"  total: {seconds:.0f}s")
    return "\n".join(lines)


def _instance_line(item: InstanceOutcome) -> str:
    expected = item.expectation
    label = f"{expected.verdict}" + (f" ({expected.reason})" if expected.reason else "")
    return (
        f"  {expected.instance} [{expected.version}]: expected {label}; got {item.got}"
        + (f": {item.detail}" if item.detail else "")
        + (f" [{item.note}]" if item.note else "")
    )


def _reason(problem: str, crd: str) -> str:
    """A problem line without its file name, which the report line already gives."""
    head = f"{crd}:"
    if problem.startswith(head):
        problem = problem[len(head) :]
        problem = problem.split(":", 1)[1].strip() if problem[:1].isdigit() else problem.strip()
    return problem


def failures(outcomes: Sequence[CrdOutcome], types: TypeCheck | None) -> str:
    sections: list[str] = []
    broken = [o for o in outcomes if o.stage is not Stage.IMPORTED]
    if broken:
        sections.append("CRDs not generated or not importable:")
        for outcome in broken:
            sections.append(f"  {outcome.crd}: {outcome.stage}")
            sections.extend(f"      {problem}" for problem in outcome.problems[:10])
            if len(outcome.problems) > 10:
                sections.append(f"      ... {len(outcome.problems) - 10} more")
    lenient = [o for o in outcomes if o.nonstructural]
    if lenient:
        sections.append(
            "CRDs the API server refuses as non-structural (see --allow-nonstructural):"
        )
        for outcome in lenient:
            more = len(outcome.nonstructural) - 1
            sections.append(
                f"  {outcome.crd}: generated only with --allow-nonstructural: "
                f"{_reason(outcome.nonstructural[0], outcome.crd)}"
                + (f" (+{more} more)" if more else "")
            )
    if types is not None and (types.errors or types.crash):
        sections.append("mypy --strict errors:")
        if types.crash:
            sections.append(f"  mypy failed: {types.crash}")
        for crd in sorted(types.errors):
            lines = types.errors[crd]
            sections.append(f"  {crd}: {len(lines)} error(s)")
            sections.extend(f"      {line}" for line in lines[:5])
    if types is not None and types.too_large:
        limit = "the per-process memory limit"
        sections.append(f"not type-checked: mypy needs more than {limit} for their packages:")
        sections.extend(f"  {crd}" for crd in types.too_large)
    mismatched = [i for o in outcomes for i in o.instances if not i.matches]
    if mismatched:
        sections.append("instances whose verdict differs from EXPECTED.tsv:")
        sections.extend(_instance_line(i) for i in mismatched)
    return "\n".join(sections)
