"""Outputs in a resource's metadata: sent as given whether or not the CRD's schema declares
`metadata` (the server supplies ObjectMeta), and a generateName still unknown names the object
(Pulumi does not auto-name it) for every check that reads the name."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pytest

from codegen.runtime.errors import InvalidResourceError, UnsendableResourceError
from stack.offline import run_offline
from tests.helpers import crd, generate_package, import_module
from tests.stack.conftest import exception_chain, run, run_expecting
from tests.stack.test_outputs import unknown_config_maps


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


_REF = {"apiVersion": "v1", "kind": "ConfigMap", "name": "holder", "uid": "0d0e3b4e-1111"}


@pytest.mark.parametrize(
    "metadata",
    [
        lambda out: {"name": "x-1", "finalizers": ["example.com/a", out("example.com/b")]},
        lambda out: {"name": "x-1", "ownerReferences": [{**_REF, "uid": out("0d0e-2222")}]},
        lambda out: {"name": "x-1", "ownerReferences": [_REF, out(_REF)]},
    ],
    ids=["finalizer", "owner reference member", "owner reference"],
)
@pytest.mark.parametrize("preview", [True, False], ids=["preview", "update"])
def test_an_output_in_metadata_lists_is_judged_when_it_resolves(
    package: str, preview: bool, metadata: Any
) -> None:
    """Their errors name no item (`metadata.finalizers`, `metadata.ownerReferences.uid`): an
    Output there stands on a valid value until it resolves (held-out sweep 43)."""
    plain = import_module(package, "example_com.v1").Plain

    def program() -> None:
        holder = k8s.core.v1.ConfigMap("holder", metadata={"name": "holder"}, data={"a": "b"})
        plain("p", metadata=metadata(lambda v: holder.data.apply(lambda _: v)), spec={})

    unknown = unknown_config_maps if preview else None
    (registration,) = run(program, preview=preview, unknown=unknown).named("p")
    if not preview:
        assert registration.inputs["metadata"] == metadata(lambda v: v)

    def invalid() -> None:
        holder = k8s.core.v1.ConfigMap("holder", metadata={"name": "holder"}, data={"a": "b"})
        later = holder.data.apply(lambda _: "")
        plain("p", metadata={"name": "x-1", "finalizers": ["example.com/a", later]}, spec={})

    if not preview:
        error, _ = run_expecting(InvalidResourceError, invalid, preview=False)
        assert [c.field for c in error.causes] == ["metadata.finalizers"] * 2


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "update"])
def test_a_secret_in_metadata_is_hidden_where_the_error_names_no_key(
    package: str, preview: bool
) -> None:
    plain = import_module(package, "example_com.v1").Plain

    def program() -> None:
        metadata = {
            "name": "x-1",
            "labels": {"team": pulumi.Output.secret("hunter2 bad!")},
            "finalizers": [pulumi.Output.secret("hunter3/a/b")],
        }
        plain("p", metadata=metadata, spec={})

    error, _ = run_expecting(InvalidResourceError, program, preview=preview)
    assert [c.field for c in error.causes] == ["metadata.labels", "metadata.finalizers"]
    assert not any("hunter" in str(e) for e in exception_chain(error))


def test_a_secret_integer_pulumi_cannot_send_is_not_shown_rounded(package: str) -> None:
    plain = import_module(package, "example_com.v1").Plain
    error, _ = run_expecting(
        UnsendableResourceError,
        lambda: plain(
            "p", metadata={"name": "x-1"}, spec={"size": pulumi.Output.secret(2**60 + 1)}
        ),
        preview=False,
    )
    assert "would arrive as [secret]" in str(error)
    assert not any(str(2**60) in str(e) for e in exception_chain(error))
