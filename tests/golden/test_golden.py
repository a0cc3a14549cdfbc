"""Fixture CRDs -> the committed expected tree, byte for byte (refresh: `make golden`)."""

from __future__ import annotations

from codegen.write import read_tree
from tests.golden.refresh import EXPECTED, render


def test_fixture_compiles_to_the_golden_tree() -> None:
    expected = read_tree(EXPECTED)
    actual = render()
    assert sorted(actual) == sorted(expected), "file set differs; run `make golden` if intended"
    for path, text in actual.items():
        assert text == expected[path], f"{path} differs from the golden record; run `make golden` if intended"


def test_golden_tree_splits_kinds_of_one_version_into_lazy_modules() -> None:
    files = read_tree(EXPECTED)
    base = "golden_example_com/v1beta1"
    assert {f"{base}/_gadget_models.py", f"{base}/_widget_models.py", f"{base}/gadget.py", f"{base}/widget.py"} <= set(files)
    assert "_EXPORTS" in files[f"{base}/models.py"]
