"""Outputs inside a map's values: the schema's errors name a map entry `.key` (kube-openapi),
CEL's and the list types' `[key]` (`field.Path.Key`); an unknown or secret value below an entry
is recognised under either name (held-out sweep 40)."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from codegen.runtime.errors import InvalidResourceError, UnsendableResourceError
from tests.helpers import crd, generate_package, import_module
from tests.stack.conftest import exception_chain, run, run_expecting
from tests.stack.test_outputs import image_from_config_map, unknown_config_maps

_SPEC = {
    "type": "object",
    "properties": {
        "ports": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["port"],
                "properties": {"port": {"type": "integer"}, "name": {"type": "string"}},
            },
        },
        "tags": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
            },
        },
        "labels": {
            "type": "object",
            "additionalProperties": {"type": "string", "pattern": "^[a-z]+$"},
        },
    },
}


@pytest.fixture(scope="module")
def widget(tmp_path_factory: pytest.TempPathFactory) -> Any:
    name, _ = generate_package(tmp_path_factory.mktemp("map-outputs"), crd(_SPEC))
    return import_module(name, "example_com.v1").Widget


@pytest.mark.parametrize(
    "spec",
    [
        lambda: {"ports": {"http": {"port": image_from_config_map("x").apply(lambda _: 80)}}},
        lambda: {"tags": {"team": [image_from_config_map("ml")]}},
        lambda: {"ports": {"http": image_from_config_map("x").apply(lambda _: {"port": 80})}},
    ],
    ids=["member of an entry", "item of an entry", "whole entry"],
)
def test_an_unknown_value_below_a_map_entry_gives_no_error_in_preview(
    widget: Any, spec: Any
) -> None:
    mocks = run(lambda: widget("w", spec=spec()), preview=True, unknown=unknown_config_maps)
    assert mocks.named("w")


def test_a_known_error_beside_an_unknown_entry_member_still_fails_preview(widget: Any) -> None:
    def program() -> None:
        port = image_from_config_map("x").apply(lambda _: 80)
        widget("w", spec={"ports": {"http": {"port": port}, "dns": {"name": "d"}}})

    error, _ = run_expecting(
        InvalidResourceError, program, preview=True, unknown=unknown_config_maps
    )
    assert [c.field for c in error.causes] == ["spec.ports.dns.port"]


def test_a_secret_map_value_is_not_shown_in_the_error(widget: Any, preview: bool) -> None:
    def program() -> None:
        widget("w", spec={"labels": {"team": pulumi.Output.secret("Hunter2-Team")}})

    error, _ = run_expecting(InvalidResourceError, program, preview=preview)
    assert [c.field for c in error.causes] == ["spec.labels.team"]
    assert 'Invalid value: "[secret]"' in str(error)
    assert not any("Hunter2" in str(e) for e in exception_chain(error))


def test_an_unsendable_map_value_is_named_as_the_schemas_errors_name_it(
    widget: Any, preview: bool
) -> None:
    def program() -> None:
        widget("w", spec={"ports": {"http": {"port": 2**60}}})

    error, _ = run_expecting(UnsendableResourceError, program, preview=preview)
    assert [c.field for c in error.causes] == ["spec.ports.http.port"]
