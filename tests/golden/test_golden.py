"""Fixture CRDs -> the committed expected tree, byte for byte (refresh: `make golden`)."""

from __future__ import annotations

from codegen.write import read_tree
from tests.golden.refresh import EXPECTED, render


def test_fixture_compiles_to_the_golden_tree() -> None:
    expected = read_tree(EXPECTED)
    actual = render()
    assert sorted(actual) == sorted(expected), "file set differs; run `make golden` if intended"
    for path, text in actual.items():
        assert text == expected[path], (
            f"{path} differs from the golden record; run `make golden` if intended"
        )


def test_golden_tree_splits_kinds_of_one_version_into_lazy_modules() -> None:
    files = read_tree(EXPECTED)
    base = "golden_example_com/v1beta1"
    assert {
        f"{base}/_gadget_models.py",
        f"{base}/_widget_models.py",
        f"{base}/gadget.py",
        f"{base}/widget.py",
    } <= set(files)
    assert "_BY_PREFIX" in files[f"{base}/models.py"] and f"{base}/models.pyi" in files


def test_lazy_exports_resolve_every_name_listed_in_the_stubs() -> None:
    """Every name the `.pyi` stubs promise is importable at run time, from the right module."""
    import ast
    import importlib

    base = "tests.golden.expected.golden_example_com.v1beta1"
    for stub_name, module_name in (("__init__.pyi", base), ("models.pyi", f"{base}.models")):
        stub = (EXPECTED / "golden_example_com" / "v1beta1" / stub_name).read_text(encoding="utf-8")
        module = importlib.import_module(module_name)
        promised = [
            (node.module, alias.name)
            for node in ast.walk(ast.parse(stub))
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        ]
        assert promised
        for source_module, name in promised:
            value = getattr(module, name)
            assert value.__module__ == f"{base}.{source_module}", (name, value.__module__)
