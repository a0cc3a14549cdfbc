"""Outputs in a resource's metadata: sent as given whether or not the CRD's schema declares
`metadata` (the server supplies ObjectMeta), and a generateName still unknown names the object
(Pulumi does not auto-name it) for every check that reads the name."""

from __future__ import annotations

import pulumi
import pytest

from codegen.runtime.errors import InvalidResourceError
from stack.offline import run_offline
from tests.helpers import crd, generate_package, import_module
from tests.stack.conftest import run_expecting


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> str:
    document = crd({"type": "object", "properties": {"size": {"type": "integer"}}}, kind="Plain")
    root = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    assert "metadata" not in root["properties"]  # the case under test: not declared
    root["x-kubernetes-validations"] = [
        {"rule": "self.metadata.name.startsWith('x-')", "message": "x- names only"}
    ]
    name, _ = generate_package(tmp_path_factory.mktemp("metadata-outputs"), document)
    return name


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "update"])
def test_outputs_in_undeclared_metadata_are_sent_as_given(package: str, preview: bool) -> None:
    plain = import_module(package, "example_com.v1").Plain

    def program() -> None:
        metadata = {
            "name": pulumi.Output.from_input("x-1"),
            "labels": {"a": pulumi.Output.from_input("b")},
        }
        plain("p", metadata=metadata, spec={"size": 1})

    (registration,) = run_offline(program, preview=preview).named("p")
    assert registration.inputs["metadata"] == {"name": "x-1", "labels": {"a": "b"}}


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "update"])
def test_an_unknown_generate_name_is_not_checked_as_an_auto_name(
    package: str, preview: bool
) -> None:
    """The resource name `Bad_Name` would make an invalid auto-name, and fail the rule."""
    plain = import_module(package, "example_com.v1").Plain

    def program() -> None:
        plain("Bad_Name", metadata={"generateName": pulumi.Output.from_input("x-")}, spec={})

    (registration,) = run_offline(program, preview=preview).named("Bad_Name")
    assert registration.inputs["metadata"] == {"generateName": "x-"}


def test_a_generate_name_output_is_checked_once_known_and_a_secret_one_stays_hidden(
    package: str,
) -> None:
    plain = import_module(package, "example_com.v1").Plain

    def program() -> None:
        plain("q", metadata={"generateName": pulumi.Output.secret("y-Sekret-")}, spec={})

    error, _ = run_expecting(InvalidResourceError, program, preview=False)
    assert [c.field for c in error.causes] == ["metadata.generateName", "metadata.name", None]
    assert "Sekret" not in str(error) and "x- names only" in str(error)
