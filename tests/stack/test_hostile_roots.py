"""Top-level fields and kinds named like what a generated resource module uses itself: the
module still imports, type-checks and sends every field by its CRD name (held-out sweep 44)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, crd, generate_package, import_module
from tests.stack.conftest import run

_ODD_ROOT = ("super", "pulumi", "Any", "get_provider", "TYPE_CHECKING")
_PULUMI_MEMBERS = ("translate_output_property", "translate_input_property", "validated_body")


def _thing() -> dict[str, Any]:
    document = crd({"type": "object", "properties": {"a": {"type": "string"}}}, kind="Thing")
    root = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    for name in (*_ODD_ROOT, *_PULUMI_MEMBERS):
        root["properties"][name] = {"type": "string"}
    # no status subresource: status is validated and stored, so it is an input
    root["properties"]["status"] = {"type": "object", "properties": {"phase": {"type": "string"}}}
    return document


def _spec_kinds() -> list[dict[str, Any]]:
    spec = {"type": "object", "properties": {"a": {"type": "string"}}}
    return [crd(spec, kind="Foo"), crd(spec, kind="FooSpecArgs")]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("hostile-roots")
    name, _ = generate_package(folder, _thing(), *_spec_kinds())
    return folder, name


def test_odd_top_level_names_are_sent_by_their_crd_names(
    generated: tuple[Path, str], preview: bool
) -> None:
    version = import_module(generated[1], "example_com.v1")

    def program() -> None:
        version.Thing(
            "t",
            spec={"a": "x"},
            super_="s",
            pulumi_="p",
            any_="n",
            get_provider="g",
            status={"phase": "ready"},
        )

    (registration,) = run(program, preview=preview).named("t")
    sent = {k: registration.inputs[k] for k in (*_ODD_ROOT[:4], "status")}
    assert sent == {
        "super": "s",
        "pulumi": "p",
        "Any": "n",
        "get_provider": "g",
        "status": {"phase": "ready"},
    }


def test_a_kind_named_like_another_kind_s_args_class_keeps_its_name(
    generated: tuple[Path, str], preview: bool
) -> None:
    version = import_module(generated[1], "example_com.v1")
    assert version.FooSpecArgs.KIND == "FooSpecArgs"  # the resource, not Foo's spec's Args

    def program() -> None:
        version.Foo("f", spec=version.FooSpec2Args(a="x"))

    (registration,) = run(program, preview=preview).named("f")
    assert registration.inputs["spec"] == {"a": "x"}


def test_the_generated_modules_pass_mypy_strict(generated: tuple[Path, str]) -> None:
    folder, name = generated
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(folder / name)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_fields_named_like_the_resource_s_members_do_not_hide_them(
    generated: tuple[Path, str], preview: bool
) -> None:
    """The SDK stores each output under its property's name: the SDK's methods it calls on
    the resource, and `validated_body`, stay what they are (held-out sweep 44)."""
    version = import_module(generated[1], "example_com.v1")
    made: list[Any] = []

    def program() -> None:
        values = {name: f"{name}-value" for name in _PULUMI_MEMBERS}
        made.append(version.Thing("t", spec={"a": "x"}, **values))

    (registration,) = run(program, preview=preview).named("t")
    assert {k: registration.inputs[k] for k in _PULUMI_MEMBERS} == {
        name: f"{name}-value" for name in _PULUMI_MEMBERS
    }
    assert made[0].validated_body["spec"] == {"a": "x"}
