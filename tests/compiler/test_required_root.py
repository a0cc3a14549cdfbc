"""A top-level field the root schema requires (spec, usually) is a required argument of the
resource class, as it is a required field of the model: the type checker sees it missing."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from tests.helpers import crd, generate_package, import_module


def test_a_required_spec_has_no_default_and_an_optional_one_does(tmp_path: Path) -> None:
    spec = {"type": "object", "properties": {"size": {"type": "integer"}}}
    required = crd(spec, kind="Gadget", group="t.example.com")
    required["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["required"] = ["spec"]
    optional = crd(spec, kind="Widget", group="t.example.com")
    package, _ = generate_package(tmp_path, required, optional)
    gadget = import_module(package, "t_example_com.v1").Gadget
    widget = import_module(package, "t_example_com.v1").Widget
    parameters = inspect.signature(gadget.__init__).parameters
    assert parameters["spec"].default is inspect.Parameter.empty
    assert "None" not in str(parameters["spec"].annotation)
    assert parameters["metadata"].default is None  # pulumi-kubernetes names it when absent
    assert inspect.signature(widget.__init__).parameters["spec"].default is None
    with pytest.raises(TypeError, match="spec"):
        gadget("g")
