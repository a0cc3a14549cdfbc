"""Issue #7.1: hostile CRD text reaches generated code only as data, and comes back unchanged."""

from __future__ import annotations

import ast
import io
import itertools
import json
import os
import subprocess
import sys
import tokenize
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from pulumi import _types as pulumi_types

from codegen import pyliteral
from codegen.compile import compile_crds
from codegen.write import write_tree
from tests.helpers import REPO, import_module
from tests.hostile.adversarial import (
    ENUM_VALUES,
    FIELD_NAMES,
    KINDS,
    OBJECT_DEFAULT,
    PAYLOAD,
    STRING_DEFAULT,
    TEXTS,
    hostile_crds,
)

# CRD file names are untrusted too: they reach headers, docstrings and the sidecar.
FILE_NAMES = ('a"""b.yaml', "c'''d {{ e }}.yaml", "new\nline\u2028sep.yaml", "plain.yaml")
DANGEROUS_NAMES = frozenset(
    {"__import__", "system", "eval", "exec", "os", "subprocess", "popen", "compile"}
)


@dataclass(frozen=True)
class Generated:
    root: Path  # folder on sys.path
    package: str
    files: dict[str, str]
    documents: list[dict[str, Any]]

    @property
    def folder(self) -> Path:
        return self.root / self.package


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    base = tmp_path_factory.mktemp("hostile")
    crd_dir = base / "crd"
    crd_dir.mkdir()
    documents = hostile_crds()
    for name, document in zip(FILE_NAMES, documents, strict=True):
        (crd_dir / name).write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    files = compile_crds([crd_dir], relative_to=base)
    root = base / "out"
    package = "hostile_pkg"
    write_tree(files, root / package)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return Generated(root, package, files, documents)


def _sidecars(gen: Generated) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, text in sorted(gen.files.items()):
        if path.endswith(".schema.json"):
            yield path, json.loads(text)


def _document_of(gen: Generated, kind: str, group: str) -> dict[str, Any]:
    return next(
        d
        for d in gen.documents
        if d["spec"]["names"]["kind"] == kind and d["spec"]["group"] == group
    )


def _models_of(gen: Generated, sidecar_path: str) -> ModuleType:
    return import_module(gen.package, sidecar_path.removesuffix(".schema.json").replace("/", "."))


def _spec_schema(document: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"][
        "properties"
    ]["spec"]
    return schema


def _literal_args(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)
    for arg in typing.get_args(annotation):
        found = _literal_args(arg)
        if found:
            return found
    return ()


def _class_docs(source: str, class_name: str) -> dict[str | None, str]:
    """{field name: attribute docstring} of a class, plus None: the class docstring."""
    tree = ast.parse(source)
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == class_name)
    docs: dict[str | None, str] = {}
    class_doc = ast.get_docstring(node, clean=False)
    if class_doc is not None:
        docs[None] = class_doc
    body = node.body
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = following.value.value
    return docs


def _words(text: str) -> list[str]:
    return text.split()


def test_every_generated_module_parses_and_holds_no_code_from_the_crds(
    generated: Generated,
) -> None:
    python_files = {p: t for p, t in generated.files.items() if p.endswith(".py")}
    assert len(python_files) >= 10
    for path, text in python_files.items():
        compile(text, path, "exec")
        names: set[str] = set()
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NAME:
                names.add(token.string)
            elif token.type == tokenize.OP:
                assert token.string not in ("{{", "{%"), f"template syntax leaked into {path}"
        assert not names & DANGEROUS_NAMES, f"{path} names {sorted(names & DANGEROUS_NAMES)}"
        assert all(name.isascii() for name in names), f"{path} has a non-ASCII identifier"


def test_file_paths_stay_inside_the_output_folder(generated: Generated) -> None:
    for path in generated.files:
        parts = path.split("/")
        assert ".." not in parts and not path.startswith("/") and all(parts), path
        assert all(part.isascii() and part.isprintable() for part in parts), path


def test_importing_the_package_spawns_nothing_and_writes_nothing_outside(
    generated: Generated,
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.hostile.import_probe",
            str(generated.root),
            generated.package,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["events"] == []
    assert len(report["imported"]) >= 8
    models = [m for m in report["imported"] if m.endswith("models")]
    assert len(models) >= len(KINDS)
    if report["skipped"]:  # only while codegen.runtime.validation is missing
        with pytest.raises(ImportError):
            __import__("codegen.runtime.validation")


def test_import_probe_notices_side_effects(tmp_path: Path) -> None:
    """The audit hook above is not vacuous: a module that writes and spawns is caught."""
    package = tmp_path / "evil_pkg"
    package.mkdir()
    outside = tmp_path / "outside.txt"
    (package / "__init__.py").write_text(
        f"import subprocess\nopen({str(outside)!r}, 'w').close()\nsubprocess.run(['true'], check=False)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.hostile.import_probe", str(tmp_path), "evil_pkg"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    events = {event for event, _ in json.loads(result.stdout.strip().splitlines()[-1])["events"]}
    assert {"open", "subprocess.Popen"} <= events


def test_sidecar_carries_every_value_unchanged(generated: Generated) -> None:
    seen = set()
    for _path, sidecar in _sidecars(generated):
        document = _document_of(generated, sidecar["kind"], sidecar["group"])
        version = document["spec"]["versions"][0]
        assert sidecar["version"] == version["name"]
        assert sidecar["schema"] == version["schema"]["openAPIV3Schema"]
        assert sidecar["source"].removeprefix("crd/") in FILE_NAMES
        seen.add((sidecar["kind"], sidecar["group"], sidecar["version"]))
    assert seen == set(KINDS)


def test_models_keep_every_name_enum_default_and_kind(generated: Generated) -> None:
    for path, sidecar in _sidecars(generated):
        models = _models_of(generated, path)
        classes = {pointer: name for name, pointer in sidecar["classes"].items()}
        root = getattr(models, classes[""])
        kind, group, version = sidecar["kind"], sidecar["group"], sidecar["version"]
        assert _literal_args(root.model_fields["kind"].annotation) == (kind,)
        api_version = next(f for f in root.model_fields.values() if f.alias == "apiVersion")
        assert _literal_args(api_version.annotation) == (f"{group}/{version}",)

        spec = getattr(models, classes["/properties/spec"])
        schema = _spec_schema(_document_of(generated, kind, group))
        by_json = {
            (name if info.alias is None else info.alias): name
            for name, info in spec.model_fields.items()
        }
        assert set(by_json) == set(schema["properties"])
        assert len(set(by_json.values())) == len(by_json)
        assert all(name.isidentifier() and name.isascii() for name in by_json.values())
        fields = spec.model_fields
        assert _literal_args(fields[by_json["choice"]].annotation) == ENUM_VALUES
        assert _literal_args(fields[by_json["numbers"]].annotation) == (0, -1, 2**62)
        assert fields[by_json["numbers"]].default == -1
        assert fields[by_json["flag"]].default is True
        assert fields[by_json["withDefault"]].default == STRING_DEFAULT
        sidecar_spec = sidecar["schema"]["properties"]["spec"]["properties"]
        assert sidecar_spec["objectDefault"]["default"] == OBJECT_DEFAULT

        nested = getattr(models, classes["/properties/spec/properties/nested"])
        nested_json = {
            (name if info.alias is None else info.alias)
            for name, info in nested.model_fields.items()
        }
        assert nested_json == set(FIELD_NAMES[:12])


def test_model_docstrings_carry_the_descriptions(generated: Generated) -> None:
    for path, sidecar in _sidecars(generated):
        models = _models_of(generated, path)
        classes = {pointer: name for name, pointer in sidecar["classes"].items()}
        schema = _spec_schema(_document_of(generated, sidecar["kind"], sidecar["group"]))
        spec = getattr(models, classes["/properties/spec"])
        assert spec.__doc__ is not None
        # The models' docstrings are laid out by datamodel-code-generator and ruff: whitespace
        # may be re-flowed, every other character survives.
        assert _words(spec.__doc__) == _words(schema["description"])
        docs = _class_docs(
            generated.files[path.removesuffix(".schema.json") + ".py"], spec.__name__
        )
        by_json = {
            (name if info.alias is None else info.alias): name
            for name, info in spec.model_fields.items()
        }
        for json_name, node in schema["properties"].items():
            if "description" in node:
                assert _words(docs[by_json[json_name]]) == _words(node["description"]), json_name
            else:
                assert by_json[json_name] not in docs


def test_args_docstrings_and_wire_names_are_exact(generated: Generated) -> None:
    for path, sidecar in _sidecars(generated):
        classes = {pointer: name for name, pointer in sidecar["classes"].items()}
        spec_class = classes["/properties/spec"]
        schema = _spec_schema(_document_of(generated, sidecar["kind"], sidecar["group"]))
        inputs_path = path.replace("models.schema.json", "inputs.py")
        inputs_path = (
            inputs_path
            if inputs_path in generated.files
            else path.rsplit("/", 1)[0] + "/_inputs.py"
        )
        inputs = import_module(generated.package, inputs_path.removesuffix(".py").replace("/", "."))
        args = getattr(inputs, f"{spec_class}Args")
        args_dict = getattr(inputs, f"{spec_class}ArgsDict")
        py_to_json = pulumi_types.input_type_py_to_pulumi_names(args)
        assert sorted(py_to_json.values()) == sorted(schema["properties"])
        expected_doc = schema["description"].strip()
        assert pyliteral.read_docstring(args_dict.__doc__ or "") == expected_doc
        assert pyliteral.read_docstring(args.__init__.__doc__ or "") == expected_doc
        docs = _class_docs(generated.files[inputs_path], f"{spec_class}ArgsDict")
        for py_name, json_name in py_to_json.items():
            description = schema["properties"][json_name].get("description")
            if description is None:
                assert py_name not in docs
            else:
                assert pyliteral.read_docstring(docs[py_name]) == description.strip(), json_name


def test_resource_classes_carry_kind_and_api_version_as_literals(generated: Generated) -> None:
    found = set()
    for path, text in generated.files.items():
        if not path.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Attribute | ast.Name) and "TypedCustomResource" in ast.unparse(b)
                for b in node.bases
            ):
                values: dict[str, str] = {
                    t.id: str(s.value.value)
                    for s in node.body
                    if isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant)
                    for t in s.targets
                    if isinstance(t, ast.Name)
                }
                group, version = values["API_VERSION"].rsplit("/", 1)
                found.add((values["KIND"], group, version))
                assert node.name != "TypedCustomResource"  # must not shadow its own base class
    assert found == set(KINDS)


@pytest.mark.parametrize("text", [*TEXTS, PAYLOAD, "", "   ", "a\n\n\nb", "\n\nx\n\n", "a  \nb"])
@pytest.mark.parametrize("indent", ["", "    "])
def test_pyliteral_docstring_round_trips(text: str, indent: str) -> None:
    statement = pyliteral.docstring(text, indent=indent)
    if not text.strip():
        assert statement == ""
        return
    source = f"class C:\n    {statement}\n" if indent else f"{statement}\n"
    tree = ast.parse(source)
    holder = tree.body[0] if indent else tree
    assert isinstance(holder, ast.ClassDef | ast.Module)
    value = ast.get_docstring(holder, clean=False)
    assert value is not None
    assert pyliteral.read_docstring(value) == text.strip()
    first = next(tokenize.generate_tokens(io.StringIO(statement + "\n").readline))
    assert first.type == tokenize.STRING
