"""The model gate (codegen.runtime.model_gate) builds the same model as the two-pass path.

Each object goes through `Model.model_validate` twice: with the gates on (the one-pass model gate
when it takes the object) and off (the fused walk, then the class's validator).  Both must give
the same model tree (classes, values, types, `model_fields_set`) or the same errors.
"""

from __future__ import annotations

import copy
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from codegen.compile import compile_crds
from codegen.write import write_tree
from tests.helpers import SHARED, crd, generate_package, import_module
from tests.runtime.test_fused import CASES, SPEC, _mutations


def _state(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return (
            type(value).__qualname__,
            sorted(value.model_fields_set),
            {k: _state(v) for k, v in value.__dict__.items()},
            _state(value.__pydantic_extra__),
        )
    if isinstance(value, dict):
        return {k: _state(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_state(v) for v in value]
    return (type(value).__name__, value)


def _outcome(model: type[BaseModel], doc: Any) -> Any:
    try:
        return ("ok", _state(model.model_validate(copy.deepcopy(doc))))
    except ValidationError as exc:
        return ("error", [e["msg"] for e in exc.errors()])


class Counter:
    def __init__(self, model: type[Any]) -> None:
        self.model = model
        self.hits = 0

    def compare(self, doc: Any) -> None:
        validator = self.model.k8s_binding().validator
        gated = _outcome(self.model, doc)
        validator.use_gate = False
        try:
            plain = _outcome(self.model, doc)
        finally:
            validator.use_gate = True
        assert gated == plain
        if isinstance(doc, dict) and _one_pass(self.model, copy.deepcopy(doc)) is not None:
            self.hits += 1


def _one_pass(model: type[Any], doc: Any) -> Any:
    """The model gate's model for `doc`, or None when it refuses (or is not built)."""
    from codegen.runtime.model import _PENDING, _prepare_fast

    fast = model.__dict__.get("__k8s_fast__")
    if fast is not None and fast.gate is _PENDING:  # CEL on: built only when needed
        fast = _prepare_fast(model, build=True)
    if fast is None or fast.gate is None:
        return None
    try:
        if fast.drop is not None and isinstance(doc, dict) and "status" in doc:
            doc = fast.drop(doc)  # as model_validate does first
        return fast.gate(doc)
    except (ValidationError, PydanticCustomError):
        return None


@pytest.fixture(scope="module")
def widget(tmp_path_factory: pytest.TempPathFactory) -> type[Any]:
    spec = copy.deepcopy(SPEC)
    # the API server's own int-or-string shape instead of a bare anyOf (not structural)
    spec["properties"]["any"] = {
        "anyOf": [{"type": "integer"}, {"type": "string"}],
        "x-kubernetes-int-or-string": True,
        "pattern": "^[0-9a-z]+$",
    }
    document = crd(spec, status=True)
    schema = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    schema["properties"]["status"] = {
        "type": "object",
        "properties": {"ready": {"type": "boolean"}},
    }
    package, _ = generate_package(tmp_path_factory.mktemp("widget"), document)
    model: type[Any] = import_module(package, "example_com.v1.models").Widget
    return model


def test_edge_cases_and_mutations(widget: type[Any]) -> None:
    counter = Counter(widget)
    rnd = random.Random(11)
    for doc in CASES:
        counter.compare(doc)
        if isinstance(doc, dict):
            for mutated in _mutations(doc, rnd, 10):
                counter.compare(mutated)
    assert counter.hits >= 5  # the one-pass path was taken, not only the fallback


def test_valid_widget_takes_one_pass(widget: type[Any]) -> None:
    doc = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w"},
        "spec": {"ports": [{"name": "a", "port": 1}], "ratio": 1, "labels": {"a": "b"}},
    }
    model = widget.model_validate(doc)
    assert _one_pass(widget, doc) is not None
    spec = model.spec
    assert spec.ratio == 1.0 and type(spec.ratio) is float  # pydantic's float, as before
    assert spec.ports[0].protocol == "TCP"
    assert "protocol" in spec.ports[0].model_fields_set  # CRD defaults count as given
    assert spec.resources.cpu == "1"


def test_both_paths_hand_the_same_finalizer_warnings_to_a_sink(widget: type[Any]) -> None:
    doc = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "finalizers": ["cleanup", "example.com/ok", "cleanup"]},
        "spec": {"ports": [{"name": "a", "port": 1}]},
    }
    assert _one_pass(widget, copy.deepcopy(doc)) is not None
    given: dict[str, list[str]] = {}
    validator = widget.k8s_binding().validator
    for use_gate in (True, False):
        validator.use_gate = use_gate
        try:
            sink: list[str] = []
            widget.model_validate(copy.deepcopy(doc), context={"warnings": sink})
        finally:
            validator.use_gate = True
        given["gate" if use_gate else "walk"] = sink
    assert given["gate"] == given["walk"]
    assert given["gate"] == [
        'metadata.finalizers: "cleanup": prefer a domain-qualified finalizer name '
        "to avoid accidental conflicts with other finalizer writers"
    ]


def test_defaults_are_never_shared_between_models(widget: type[Any]) -> None:
    doc = {"apiVersion": "example.com/v1", "kind": "Widget", "spec": {"image": "a", "mode": "a"}}
    assert _one_pass(widget, doc) is not None
    first = widget.model_validate(doc)
    assert first.spec.anything == {"seed": [1]}
    first.spec.anything["seed"].append(2)  # a free-form default: a plain dict in the model
    first.spec.resources.cpu = "9"
    second = widget.model_validate(doc)
    assert second.spec.anything == {"seed": [1]}
    assert second.spec.resources.cpu == "1"


BAD_METADATA = [
    {"name": "Not_A_Name"},
    {"namespace": "a.b"},
    {"generateName": "web."},
    {"labels": {"k": "bad value!"}},
    {"annotations": {"bad key!": "v"}},
    {"finalizers": ["bad finalizer!"]},
    {"generation": -1},
    {"generate_name": "web-"},  # a Python name: the walk translates it
    {"bogus": 1},
]


@pytest.mark.parametrize("one_pass", [True, False], ids=["one-pass", "rules-then-model"])
def test_metadata_the_server_refuses_never_passes_the_gate(
    widget: type[Any], one_pass: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from codegen.runtime import model_gate

    if not one_pass:  # as if pydantic-core swapped in ObjectMeta's prebuilt validator
        monkeypatch.setattr(model_gate, "constrained_object_meta", lambda model: None)
    monkeypatch.setattr(widget, "__k8s_fast__", None)
    base = {"apiVersion": "example.com/v1", "kind": "Widget", "spec": {"image": "a", "mode": "a"}}
    good = {**base, "metadata": {"name": "w", "labels": {"app.kubernetes.io/name": "w"}}}
    assert widget.model_validate(good).metadata.labels == {"app.kubernetes.io/name": "w"}
    assert _one_pass(widget, good) is not None
    for meta in BAD_METADATA:
        assert _one_pass(widget, {**base, "metadata": meta}) is None, meta


def test_python_names_and_instances_take_the_two_pass_path(widget: type[Any]) -> None:
    doc = {"apiVersion": "example.com/v1", "kind": "Widget", "spec": {"ports_by_zone": {}}}
    valid = {"apiVersion": "example.com/v1", "kind": "Widget"}
    assert widget.model_validate(valid)
    assert _one_pass(widget, valid) is not None
    assert _one_pass(widget, doc) is None
    assert widget.model_validate(doc).spec.ports_by_zone == {}
    spec_class = type(widget.model_validate({**doc, "spec": {}}).spec)
    inner = spec_class.model_validate({"image": "abc"})
    assert (
        _one_pass(widget, {"apiVersion": "example.com/v1", "kind": "Widget", "spec": inner}) is None
    )


CORPUS = SHARED / "corpus"
CORPUS_CRDS = (
    "crds/gateway-api/httproutes.gateway.networking.k8s.io.yaml",
    "crds/istio/virtualservices.networking.istio.io.yaml",
    "crds/cert-manager/certificates.cert-manager.io.yaml",
)


def _corpus_docs(crd_path: str) -> Iterator[dict[str, Any]]:
    import yaml

    from codegen.corpus.expected import read_expected

    for row in read_expected(CORPUS):
        if row.crd != crd_path:
            continue
        try:
            docs = [d for d in yaml.safe_load_all((CORPUS / row.instance).read_text()) if d]
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            continue
        if len(docs) == 1 and isinstance(docs[0], dict):
            yield docs[0]


@pytest.mark.skipif(not (CORPUS / "EXPECTED.tsv").exists(), reason="shared corpus not present")
@pytest.mark.parametrize("crd_path", CORPUS_CRDS)
def test_corpus_instances(crd_path: str, tmp_path: Path) -> None:
    assert _check_corpus_crd(crd_path, tmp_path, mutations=3) > 0


def _check_corpus_crd(crd_path: str, tmp_path: Path, *, mutations: int) -> int:
    """Compare both paths on a corpus CRD's instances (and mutations); the one-pass hits."""
    import importlib
    import sys

    files = compile_crds([CORPUS / crd_path], relative_to=CORPUS)
    package = f"gen_gate_{abs(hash(crd_path)) % 10**8}"
    write_tree(files, tmp_path / package)
    sys.path.insert(0, str(tmp_path))
    try:
        importlib.invalidate_caches()
        rnd = random.Random(crd_path)
        hits = checked = 0
        for doc in _corpus_docs(crd_path):
            group, _, version = str(doc.get("apiVersion")).partition("/")
            group_package = group.replace(".", "_").replace("-", "_")
            try:
                module = importlib.import_module(f"{package}.{group_package}.{version}.models")
            except ImportError:
                continue
            model = getattr(module, str(doc.get("kind")), None)
            if model is None or not hasattr(model, "k8s_binding"):
                continue
            validator = model.k8s_binding().validator
            saved, validator.cel = validator.cel, None  # the one-pass path is for CEL-free checks
            try:
                counter = Counter(model)
                counter.compare(doc)
                for mutated in _mutations(doc, rnd, mutations):
                    counter.compare(mutated)
                hits += counter.hits
                checked += 1
            finally:
                validator.cel = saved
        return hits if checked else 0
    finally:
        sys.path.remove(str(tmp_path))


@pytest.mark.slow
@pytest.mark.skipif(
    not (CORPUS / "EXPECTED.tsv").exists() or not os.environ.get("CRDC_FULL_CORPUS"),
    reason="set CRDC_FULL_CORPUS=1 (and have the shared corpus) to check every corpus instance",
)
def test_every_corpus_crd(tmp_path: Path) -> None:
    from codegen.corpus.expected import read_expected
    from codegen.load import LoadError

    hits = 0
    for crd_path in sorted({row.crd for row in read_expected(CORPUS)}):
        try:
            hits += _check_corpus_crd(crd_path, tmp_path / str(abs(hash(crd_path))), mutations=1)
        except LoadError:
            continue  # the loader refuses this CRD: nothing to validate against
    assert hits > 0
