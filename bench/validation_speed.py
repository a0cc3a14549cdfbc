"""Validation throughput on the corpus instances, and where verdicts differ from ours.

Engines, each given every corpus instance of its CRD version:

- ours: the generated root model's `model_validate` (Strict field validation), with CEL and
  with the CEL hook switched off;
- dmcg: a plain datamodel-code-generator model of the same JSON Schema we feed it (same
  classes and fields, default options: pydantic v2 `BaseModel`, lax types, no Kubernetes
  runtime), `model_validate`;
- jsonschema, fastjsonschema, jsonschema-rs: on the kubeconform-style conversion of the
  version's openAPIV3Schema (bench/kubeconform.py), each with its default options.

Time per instance is the median of repeated calls; engines are compared on the median over
the instances every engine could check. Disagreements with our verdict are put in buckets by
the first error of whichever side rejected.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import importlib.util
import json
import multiprocessing
import re
import sys
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench._common import (
    GeneratedCache,
    KindEntry,
    Options,
    Table,
    fmt_ratio,
    fmt_time,
    heading,
    load_single_document,
    median,
    note,
    package_name,
    package_version,
    repeat,
    target,
)
from bench.kubeconform import to_json_schema
from codegen.runtime.formats import SUPPORTED_VERSIONED_FORMATS

NAME = "validation"
QUICK_CRDS = (
    "crds/gateway-api/httproutes.gateway.networking.k8s.io.yaml",
    "crds/istio/virtualservices.networking.istio.io.yaml",
    "crds/cert-manager/certificates.cert-manager.io.yaml",
    "crds/flux-kustomize-controller/kustomizations.kustomize.toolkit.fluxcd.io.yaml",
    "crds/argo-rollouts/rollouts.argoproj.io.yaml",
    "crds/argo-workflows/workflows.argoproj.io.yaml",
    "crds/knative-serving/services.serving.knative.dev.yaml",
)
OURS, OURS_NO_CEL = "ours (CEL)", "ours (no CEL)"
DMCG, JSONSCHEMA, FASTJSONSCHEMA, JSONSCHEMA_RS = (
    "dmcg model",
    "jsonschema",
    "fastjsonschema",
    "jsonschema-rs",
)
ENGINES = (OURS, OURS_NO_CEL, DMCG, JSONSCHEMA, FASTJSONSCHEMA, JSONSCHEMA_RS)
# fastjsonschema turns a schema into Python source and compiles it: ~4 s per MB of schema here,
# too slow for the multi-megabyte CRDs within the time budget of the full run.
FASTJSONSCHEMA_MAX_BYTES = 250_000
# The formats the API server enforces, read from the runtime rather than listed twice.
KNOWN_FORMATS = frozenset().union(*(v.formats for v in SUPPORTED_VERSIONED_FORMATS)) | {"date-time"}


class Rejected(Exception):
    """An engine's first error, normalised: keyword, instance path, offending value, text."""

    def __init__(self, keyword: str, path: tuple[Any, ...], value: Any, message: str) -> None:
        super().__init__(message)
        self.keyword = keyword
        self.path = path
        self.value = value
        self.message = message


Check = Callable[[Any], bool]  # True: accepted; False: rejected
Explain = Callable[[Any], "Rejected | None"]


@dataclass
class Engine:
    check: Check
    explain: Explain | None = None


@dataclass
class Instance:
    path: str
    expected: str
    doc: Any
    version: str


@dataclass
class Outcome:
    instance: Instance
    verdicts: dict[str, bool | None] = field(
        default_factory=dict
    )  # None: engine unavailable/crashed
    seconds: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # engine -> disagreement bucket


# --------------------------------------------------------------------------- engines


def _ours(model: Any) -> Engine:
    from pydantic import ValidationError

    context = {"field_validation": "Strict"}

    def check(doc: Any) -> bool:
        try:
            model.model_validate(doc, context=context)
        except ValidationError:
            return False
        return True

    return Engine(check)


def _dmcg_module(opts: Options, source_schema: str, label: str) -> Any:
    """A plain datamodel-code-generator module of `source_schema` (cached by content)."""
    import datamodel_code_generator as dmcg
    from datamodel_code_generator.enums import DataModelType, InputFileType

    schema = json.loads(source_schema)
    _plain_metadata(schema)
    text = json.dumps(schema, ensure_ascii=False, sort_keys=True)
    key = hashlib.sha256((text + package_version("datamodel-code-generator")).encode()).hexdigest()[
        :20
    ]
    folder = opts.cache / "dmcg-plain"
    file = folder / f"plain_{key}.py"
    if not file.exists():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            source = dmcg.generate(
                text,
                input_file_type=InputFileType.JsonSchema,
                output_model_type=DataModelType.PydanticV2BaseModel,
                class_name="CrdRoot",
                formatters=[],  # formatting changes no behaviour; it only costs time here
            )
        assert isinstance(source, str)
        folder.mkdir(parents=True, exist_ok=True)
        file.write_text(source, encoding="utf-8")
    name = f"dmcg_plain_{key}"
    spec = importlib.util.spec_from_file_location(name, file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _plain_metadata(schema: Any) -> None:
    """Our schema points metadata at the runtime's ObjectMeta; a plain model gets an object."""
    if isinstance(schema, dict):
        for key, value in list(schema.items()):
            if isinstance(value, dict) and "customTypePath" in value:
                schema[key] = {
                    "type": "object",
                    **({"description": value["description"]} if "description" in value else {}),
                }
            else:
                _plain_metadata(value)
    elif isinstance(schema, list):
        for value in schema:
            _plain_metadata(value)


def _pydantic_engine(model: Any) -> Engine:
    from pydantic import ValidationError

    def check(doc: Any) -> bool:
        try:
            model.model_validate(doc)
        except ValidationError:
            return False
        return True

    def explain(doc: Any) -> Rejected | None:
        try:
            model.model_validate(doc)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = tuple(first.get("loc", ()))
            kind = str(first.get("type", ""))
            keyword = {
                "missing": "required",
                "extra_forbidden": "additionalProperties",
                "string_pattern_mismatch": "pattern",
                "literal_error": "enum",
                "enum": "enum",
            }.get(kind, "type" if kind.endswith("_type") or kind.endswith("_parsing") else kind)
            if keyword == "required":
                return Rejected(keyword, loc[:-1], loc[-1] if loc else None, str(first.get("msg")))
            return Rejected(keyword, loc, first.get("input"), f"{kind}: {first.get('msg')}")
        return None

    return Engine(check, explain)


def _jsonschema_engine(schema: dict[str, Any]) -> Engine:
    import jsonschema  # type: ignore[import-untyped]

    validator = jsonschema.validators.validator_for(schema)(schema)

    def check(doc: Any) -> bool:
        return bool(validator.is_valid(doc))

    def explain(doc: Any) -> Rejected | None:
        error = next(iter(validator.iter_errors(doc)), None)
        if error is None:
            return None
        value: Any = error.instance
        if error.validator == "required":
            match = re.match(r"'(.+)' is a required property", error.message)
            value = match.group(1) if match else None
        return Rejected(str(error.validator), tuple(error.absolute_path), value, error.message)

    return Engine(check, explain)


def _fastjsonschema_engine(schema: dict[str, Any]) -> Engine:
    import fastjsonschema

    validate = fastjsonschema.compile(schema)
    copies: dict[int, Any] = {}

    def own(doc: Any) -> Any:
        # fastjsonschema writes defaults into what it validates: give it a copy of its own.
        found = copies.get(id(doc))
        if found is None:
            found = copies[id(doc)] = (doc, copy.deepcopy(doc))
        return found[1]

    def check(doc: Any) -> bool:
        try:
            validate(own(doc))
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    def explain(doc: Any) -> Rejected | None:
        try:
            validate(copy.deepcopy(doc))
        except fastjsonschema.JsonSchemaValueException as exc:
            raw = (
                exc.path
                if isinstance(exc.path, list)
                else re.split(r"[.\[\]]+", str(exc.path or ""))
            )
            path = tuple(p for p in raw[1:] if p != "")  # the first part is "data", the root
            value: Any = exc.value
            if exc.rule == "required":
                match = re.search(r"must contain \['([^']+)'", str(exc.message))
                value = match.group(1) if match else None
            return Rejected(str(exc.rule), path, value, str(exc.message))
        return None

    return Engine(check, explain)


def _jsonschema_rs_engine(schema: dict[str, Any]) -> Engine:
    import jsonschema_rs

    validator = jsonschema_rs.validator_for(schema)

    def check(doc: Any) -> bool:
        return bool(validator.is_valid(doc))

    def explain(doc: Any) -> Rejected | None:
        error = next(iter(validator.iter_errors(doc)), None)
        if error is None:
            return None
        keyword = type(error.kind).__name__
        keyword = {
            "AdditionalProperties": "additionalProperties",
            "OneOfNotValid": "oneOf",
            "OneOfMultipleValid": "oneOf",
            "AnyOf": "anyOf",
        }.get(keyword, keyword[:1].lower() + keyword[1:])
        value: Any = error.instance
        if keyword == "required":
            match = re.match(r'"(.+)" is a required property', error.message)
            value = match.group(1) if match else None
        return Rejected(keyword, tuple(error.instance_path), value, error.message)

    return Engine(check, explain)


def _bound(check: Check, doc: Any) -> Callable[[], bool]:
    return lambda: check(doc)


def _safely(build: Callable[[], Engine]) -> tuple[Engine | None, str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return build(), ""
    except Exception as exc:  # an engine that cannot take the schema is a result
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:100] if str(exc) else ''}"


# --------------------------------------------------------------------------- classification


def _node(schema: Any, path: Sequence[Any]) -> Any:
    node = schema
    for part in path:
        if not isinstance(node, dict):
            return None
        props = node.get("properties")
        if isinstance(part, int) or (isinstance(part, str) and part.isdigit() and "items" in node):
            node = node.get("items")
        elif isinstance(props, dict) and part in props:
            node = props[part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return None
    return node


def _their_bucket(rejected: Rejected, openapi: dict[str, Any], doc: Any) -> str:
    """Why an engine rejected what we accept."""
    path = rejected.path
    head = str(path[0]) if path else ""
    if head == "metadata":
        return "metadata"
    if head == "status":
        return "status (dropped by the server: status subresource)"
    keyword = rejected.keyword
    if keyword == "required":
        node = _node(openapi, path)
        props = node.get("properties") if isinstance(node, dict) else None
        if (
            isinstance(props, dict)
            and isinstance(props.get(rejected.value), dict)
            and "default" in props[rejected.value]
        ):
            return "defaulting-before-required"
        return "required (other)"
    if keyword == "pattern":
        return "regex (RE2 vs ECMA / Python re)"
    if keyword == "format":
        return "formats"
    value = rejected.value
    if isinstance(value, float) and value.is_integer():
        return "integer 1.0"
    if keyword in ("additionalProperties", "additional_properties"):
        return "unknown fields (preserve-unknown / embedded)"
    if keyword in ("oneOf", "anyOf"):
        return "int-or-string / oneOf"
    if keyword == "type" and value is None:
        return "null handling (nullable / pruned nulls)"
    return f"other ({keyword})"


_FORMAT_ERROR = re.compile(r"in body must be of type ([\w-]+)")


def _our_bucket(errors: Sequence[Any], cel_only: bool) -> str:
    """Why we reject what an engine accepts."""
    if cel_only:
        return "CEL"
    for error in errors:
        text = str(error)
        field_path = error.field or ""
        if field_path == "metadata" or field_path.startswith("metadata."):
            return "metadata"
        if "Duplicate value" in text:
            return "list types (set / map keys)"
        if "should match" in text:
            return "regex (RE2 vs ECMA / Python re)"
        found = _FORMAT_ERROR.search(text)
        if found and found.group(1) in KNOWN_FORMATS:
            return "formats"
        if "must be of type integer" in text or "must be of type string" in text:
            return "types (no coercion)"
        if "unknown field" in text:
            return "unknown fields (strict)"
        if "apiVersion" in field_path or field_path == "kind":
            return "metadata"
    first = str(errors[0]) if errors else "?"
    return f"other: {first[:60]}"


# --------------------------------------------------------------------------- run


def _instances(opts: Options, crds: Sequence[str] | None) -> dict[str, list[Instance]]:
    from codegen.corpus.expected import read_expected

    by_crd: dict[str, list[Instance]] = defaultdict(list)
    for row in read_expected(opts.corpus):
        if crds is not None and row.crd not in crds:
            continue
        doc = load_single_document(opts.corpus / row.instance)
        if doc is not None:
            by_crd[row.crd].append(Instance(row.instance, str(row.verdict), doc, row.version))
    return dict(sorted(by_crd.items()))


@dataclass
class Totals:
    outcomes: list[Outcome] = field(default_factory=list)
    unavailable: Counter[str] = field(default_factory=Counter)  # engine -> versions refused
    unavailable_why: dict[str, list[str]] = field(default_factory=dict)
    build: dict[str, float] = field(default_factory=dict)  # engine -> seconds to get ready
    built: Counter[str] = field(default_factory=Counter)  # engine -> versions built
    skipped_big: int = 0
    refused: list[str] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)
    examples: dict[tuple[str, str], str] = field(default_factory=dict)

    def add_build(self, label: str, seconds: float) -> None:
        self.build[label] = self.build.get(label, 0.0) + seconds

    def merge(self, other: Totals) -> None:
        self.outcomes.extend(other.outcomes)
        self.unavailable.update(other.unavailable)
        for key, values in other.unavailable_why.items():
            self.unavailable_why.setdefault(key, []).extend(values)
        for key, seconds in other.build.items():
            self.add_build(key, seconds)
        self.built.update(other.built)
        self.skipped_big += other.skipped_big
        self.refused.extend(other.refused)
        self.crashed.extend(other.crashed)
        for pair, example in other.examples.items():
            self.examples.setdefault(pair, example)


def _engines_for(
    opts: Options, cache: GeneratedCache, name: str, entry: KindEntry, totals: Totals
) -> dict[str, Engine]:
    started = time.perf_counter()
    module = importlib.import_module(entry.models_module)
    totals.add_build(OURS, time.perf_counter() - started)
    model = getattr(module, entry.root_class)
    sidecar = json.loads(
        Path(str(module.__file__)).with_suffix(".schema.json").read_text(encoding="utf-8")
    )
    openapi = sidecar["schema"]
    converted = to_json_schema(openapi)
    engines: dict[str, Engine] = {OURS: _ours(model)}
    builders: dict[str, Callable[[], Engine]] = {
        DMCG: lambda: _pydantic_engine(
            _dmcg_module(opts, cache.dmcg_input(name, entry), entry.kind).CrdRoot
        ),
        JSONSCHEMA: lambda: _jsonschema_engine(converted),
        FASTJSONSCHEMA: lambda: _fastjsonschema_engine(converted),
        JSONSCHEMA_RS: lambda: _jsonschema_rs_engine(converted),
    }
    size = len(json.dumps(converted))
    for label, build in builders.items():
        if label == FASTJSONSCHEMA and not opts.quick and size > FASTJSONSCHEMA_MAX_BYTES:
            totals.skipped_big += 1
            continue
        started = time.perf_counter()
        engine, why = _safely(build)
        totals.add_build(label, time.perf_counter() - started)
        totals.built[label] += 1
        if engine is None:
            totals.unavailable[label] += 1
            totals.unavailable_why.setdefault(label, []).append(
                f"{entry.kind} {entry.version}: {why}"
            )
        else:
            engines[label] = engine
    return engines


def _run_crd(
    opts: Options, cache: GeneratedCache, crd: str, instances: list[Instance], totals: Totals
) -> None:
    from codegen.load import LoadError

    name = package_name(crd)
    try:
        entries = cache.ensure(name, [opts.corpus / crd], opts.corpus)
    except LoadError:
        totals.refused.append(crd)
        return
    except Exception as exc:  # the compiler crashed on this CRD: reported, the run goes on
        totals.crashed.append(f"{crd}: {type(exc).__name__}: {str(exc)[:100]}")
        return
    cache.activate()
    budget = 0.003 if opts.quick else 0.008
    by_version = {e.version: e for e in entries}
    try:
        for version in sorted({i.version for i in instances}):
            entry = by_version.get(version)
            if entry is None:
                continue
            engines = _engines_for(opts, cache, name, entry, totals)
            model = getattr(sys.modules[entry.models_module], entry.root_class)
            binding = model.k8s_binding()
            openapi = binding.sidecar.schema
            started = time.perf_counter()
            engines[OURS].check(instances[0].doc)  # first use: sidecar, schema and CEL compile
            totals.add_build(OURS, time.perf_counter() - started)
            totals.built[OURS] += 1
            validator = binding.validator
            for instance in (i for i in instances if i.version == version):
                outcome = Outcome(instance)
                totals.outcomes.append(outcome)
                for label in ENGINES:
                    engine = engines.get(OURS if label == OURS_NO_CEL else label)
                    if engine is None:
                        outcome.verdicts[label] = None
                        continue
                    saved = validator.cel
                    if label == OURS_NO_CEL:
                        validator.cel = None
                    try:
                        try:
                            outcome.verdicts[label] = engine.check(instance.doc)
                            times = repeat(_bound(engine.check, instance.doc), budget=budget)
                            outcome.seconds[label] = median(times)
                        except Exception as exc:  # a crash is a verdict we report
                            outcome.verdicts[label] = None
                            outcome.reasons[label] = f"engine error: {type(exc).__name__}"
                    finally:
                        validator.cel = saved
                _classify(outcome, engines, binding, openapi, totals)
    finally:
        cache.forget(name)
        for module in [m for m in sys.modules if m.startswith("dmcg_plain_")]:
            del sys.modules[module]


def _classify(
    outcome: Outcome,
    engines: dict[str, Engine],
    binding: Any,
    openapi: dict[str, Any],
    totals: Totals,
) -> None:
    ours = outcome.verdicts.get(OURS)
    if ours is None:
        return
    doc = outcome.instance.doc
    our_errors: tuple[Any, ...] | None = None
    for label in ENGINES[2:]:
        theirs = outcome.verdicts.get(label)
        if theirs is None or theirs == ours:
            continue
        if ours:
            explain = engines[label].explain
            rejected = explain(doc) if explain is not None else None
            bucket = (
                _their_bucket(rejected, openapi, doc)
                if rejected is not None
                else "other (no error detail)"
            )
            detail = f"{rejected.message[:100]}" if rejected is not None else ""
        else:
            if our_errors is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    our_errors = binding.validate(doc, field_validation="Strict").errors
            bucket = _our_bucket(our_errors or (), bool(outcome.verdicts.get(OURS_NO_CEL)))
            detail = str(our_errors[0])[:100] if our_errors else ""
        outcome.reasons[label] = bucket
        totals.examples.setdefault((bucket, label), f"{outcome.instance.path}: {detail}")


def run(opts: Options) -> None:
    heading("2. validation throughput on corpus instances, and verdict differences")
    if not opts.has_corpus:
        note(f"corpus not found at {opts.corpus}; skipped")
        return
    note(
        f"jsonschema {package_version('jsonschema')}, fastjsonschema {package_version('fastjsonschema')}, "
        f"jsonschema-rs {package_version('jsonschema-rs')}, datamodel-code-generator "
        f"{package_version('datamodel-code-generator')}, pydantic {package_version('pydantic')}"
    )
    cache = GeneratedCache(opts.cache)
    cache.activate()
    by_crd = _instances(opts, QUICK_CRDS if opts.quick else None)
    totals = Totals()
    started = time.perf_counter()
    jobs = [_Job(opts, crd, instances) for crd, instances in by_crd.items()]
    jobs.sort(key=lambda j: (opts.corpus / j.crd).stat().st_size, reverse=True)  # largest first
    workers = 1 if opts.quick else max(1, opts.jobs)
    note(
        f"{len(jobs)} CRDs, {workers} worker process(es); all engines of a CRD run in the same process"
    )
    pool = None
    results: Iterator[Totals]
    if workers == 1:
        results = map(_worker, jobs)
    else:
        pool = multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=10)
        results = pool.imap_unordered(_worker, jobs, chunksize=1)
    try:
        for index, part in enumerate(results, 1):
            totals.merge(part)
            if index % 20 == 0:
                elapsed = time.perf_counter() - started
                print(
                    f"  ... {index}/{len(jobs)} CRDs ({elapsed:.0f} s)", file=sys.stderr, flush=True
                )
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    _report(totals, len(by_crd))


@dataclass(frozen=True)
class _Job:
    opts: Options
    crd: str
    instances: list[Instance]


def _worker(job: _Job) -> Totals:
    totals = Totals()
    cache = GeneratedCache(job.opts.cache)
    cache.activate()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        _run_crd(job.opts, cache, job.crd, job.instances, totals)
    return totals


def _report(totals: Totals, crd_count: int) -> None:
    outcomes = totals.outcomes
    note(
        f"{len(outcomes)} instances of {crd_count} CRDs; CRDs our loader refuses: {len(totals.refused)}"
    )
    for crashed in totals.crashed:
        note(f"compiler crashed, CRD not counted: {crashed}")
    for label, count in sorted(totals.unavailable.items()):
        first = totals.unavailable_why[label][0]
        note(f"{label} could not build {count} CRD version(s), e.g. {first}")

    def pair_ratio(label: str, other: str) -> float:
        both = [o for o in outcomes if label in o.seconds and other in o.seconds]
        mine, theirs = (
            median(o.seconds[label] for o in both),
            median(o.seconds[other] for o in both),
        )
        return mine / theirs if both and theirs else float("nan")

    table = Table(
        "throughput (median of per-instance medians; instances/s = count / sum of per-instance medians; "
        "ratios on the instances both engines checked)",
        [
            "engine",
            "timed",
            "median",
            "instances/s",
            "vs ours (no CEL)",
            "differs from ours",
            "agrees with EXPECTED.tsv",
        ],
    )
    for label in ENGINES:
        times = [o.seconds[label] for o in outcomes if label in o.seconds]
        rate = len(times) / sum(times) if times and sum(times) > 0 else float("nan")
        checked = [o for o in outcomes if o.verdicts.get(label) is not None]
        differs = sum(
            1
            for o in checked
            if o.verdicts.get(OURS) is not None and o.verdicts[label] != o.verdicts[OURS]
        )
        agree = sum(1 for o in checked if o.verdicts[label] == (o.instance.expected == "accept"))
        table.add(
            label,
            len(times),
            fmt_time(median(times)),
            f"{rate:,.0f}",
            fmt_ratio(pair_ratio(label, OURS_NO_CEL)),
            f"{differs}/{len(checked)}",
            f"{agree}/{len(checked)} ({100 * agree / len(checked):.0f}%)" if checked else "n/a",
        )
    table.print()

    buckets: dict[str, Counter[str]] = defaultdict(Counter)
    for outcome in outcomes:
        for label, bucket in outcome.reasons.items():
            buckets[bucket][label] += 1
    if buckets:
        why = Table(
            "why verdicts differ from ours (count of instances, per engine)",
            ["bucket", *ENGINES[2:]],
        )
        for bucket in sorted(buckets, key=lambda b: -sum(buckets[b].values())):
            why.add(bucket, *(buckets[bucket][label] or "" for label in ENGINES[2:]))
        why.print()
        print("  one example per bucket:")
        seen: set[str] = set()
        for (bucket, label), example in sorted(totals.examples.items()):
            if bucket not in seen:
                seen.add(bucket)
                print(f"    [{bucket}] {label}: {example}")
        print()
    ready = Table(
        "getting ready, per CRD version (ours: import + first validation, i.e. sidecar, schema and CEL "
        "compile; dmcg: generate (cached) + import; others: schema compile)",
        ["engine", "versions", "total", "mean"],
    )
    for label in (OURS, DMCG, JSONSCHEMA, FASTJSONSCHEMA, JSONSCHEMA_RS):
        count = totals.built[label]
        ready.add(
            label,
            count,
            fmt_time(totals.build.get(label, 0.0)),
            fmt_time(totals.build.get(label, 0.0) / count) if count else "n/a",
        )
    ready.print()
    if totals.skipped_big:
        note(
            f"fastjsonschema skipped on {totals.skipped_big} version(s) whose schema exceeds "
            f"{FASTJSONSCHEMA_MAX_BYTES // 1000} KB (compile time; see the table above)"
        )

    def ratio_median(label: str, other: str) -> float:
        """The median over instances of each instance's time ratio (robust to the mix)."""
        ratios = [
            o.seconds[label] / o.seconds[other]
            for o in outcomes
            if o.seconds.get(label) and o.seconds.get(other)
        ]
        return median(ratios) if ratios else float("nan")

    ours_vs_dmcg = pair_ratio(OURS_NO_CEL, DMCG)
    print(
        target(
            "ours without CEL within 2× of plain dmcg model_validate",
            ours_vs_dmcg <= 2,
            f"{fmt_ratio(ours_vs_dmcg)} of its median; median of per-instance ratios "
            f"{fmt_ratio(ratio_median(OURS_NO_CEL, DMCG))}",
        )
    )
    speedup = pair_ratio(JSONSCHEMA, OURS_NO_CEL)
    speedup_cel = pair_ratio(JSONSCHEMA, OURS)
    print(
        target(
            "≥10× faster than jsonschema",
            speedup >= 10,
            f"ours without CEL {fmt_ratio(speedup)} faster, with CEL {fmt_ratio(speedup_cel)} (median)",
        )
    )
    print(flush=True)
