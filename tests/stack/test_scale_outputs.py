"""The scale subresource's checks on Pulumi resources: their errors (at the CRD's paths, with
the leading dot) wait for an unknown value and hide a secret one, as the schema's errors do."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from codegen.runtime.errors import InvalidResourceError
from tests.helpers import crd, generate_package, import_module
from tests.stack.conftest import exception_chain, run, run_expecting


def _scaled_crd(**replicas: Any) -> dict[str, Any]:
    spec = {
        "type": "object",
        "properties": {
            "replicas": {"type": "integer", **replicas},
            "mode": {"x-kubernetes-int-or-string": True},
        },
    }
    document = crd(spec, kind="Pool", group="scale.example.com")
    document["spec"]["versions"][0]["subresources"] = {
        "scale": {"specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas"}
    }
    return document


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Any:
    name, _ = generate_package(tmp_path_factory.mktemp("scale"), _scaled_crd())
    return import_module(name, "scale_example_com.v1").Pool


def test_a_value_given_as_an_output_is_not_judged_by_the_default(
    tmp_path_factory: pytest.TempPathFactory, preview: bool
) -> None:
    # a default the scale check refuses: the server never checks a default against it
    document = _scaled_crd(default=3_000_000_000)
    name, _ = generate_package(tmp_path_factory.mktemp("scale-default"), document)
    defaulted = import_module(name, "scale_example_com.v1").Pool

    def program() -> None:
        defaulted("p", spec={"replicas": pulumi.Output.from_input(3)})

    mocks = run(program, preview=preview)
    assert mocks.named("p")


def test_a_secret_value_is_not_shown_in_the_scale_error(pool: Any, preview: bool) -> None:
    def program() -> None:
        pool("p", spec={"replicas": pulumi.Output.secret(-12345)})

    error, _ = run_expecting(InvalidResourceError, program, preview=preview)
    assert [c.field for c in error.causes] == [".spec.replicas"]
    assert not any("12345" in str(e) for e in exception_chain(error))


def test_a_secret_in_an_accessor_error_is_not_shown(pool: Any) -> None:
    """The accessor's error quotes the value in its text: that part is hidden too."""
    document = _scaled_crd()
    scale = document["spec"]["versions"][0]["subresources"]["scale"]
    scale["specReplicasPath"] = ".spec.mode"

    from codegen.runtime.pulumi_resource import _without_secrets
    from codegen.runtime.scale import scale_errors

    errors = scale_errors({"spec": {"mode": "hunter2-token"}}, scale)
    assert "hunter2-token" in errors[0].detail
    hole = type("H", (), {"covers": lambda self, error: True, "path": ("spec", "mode")})()
    shown = _without_secrets(InvalidResourceError("Pool", "g", "p", errors), [hole])
    assert "hunter2" not in str(shown) and "[secret] is of the type string" in str(shown)
