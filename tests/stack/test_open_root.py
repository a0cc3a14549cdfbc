"""A resource class whose root schema keeps unknown fields takes them as keyword arguments
and registers them as given, metadata still checked (under Pulumi's mocks: here, with the
other programs, because Pulumi's runtime leaves threads behind)."""

from __future__ import annotations

import pytest

from codegen.runtime.errors import InvalidResourceError
from stack.offline import run_offline
from tests.compiler.test_open_root import _BODY, _open_root_crd
from tests.helpers import generate_package, import_module


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> str:
    name, _ = generate_package(tmp_path_factory.mktemp("open-root"), _open_root_crd())
    return name


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "update"])
def test_resource_takes_them_as_keyword_arguments(package: str, preview: bool) -> None:
    resource = import_module(package, "example_com.v1").Experiment

    def program() -> None:
        resource("exp", metadata={"name": "exp"}, spec=_BODY["spec"], anything=[1, "two"])

    mocks = run_offline(program, preview=preview)
    (registration,) = mocks.named("exp")
    assert registration.inputs["spec"] == _BODY["spec"]
    assert registration.inputs["anything"] == [1, "two"]


def test_metadata_is_still_checked(package: str) -> None:
    resource = import_module(package, "example_com.v1").Experiment

    def program() -> None:
        resource("exp", metadata={"name": "Not_A_Name"}, spec={})

    with pytest.raises(Exception) as caught:
        run_offline(program, preview=True)
    error: BaseException | None = caught.value
    while error is not None and not isinstance(error, InvalidResourceError):
        error = error.__cause__ or error.__context__
    assert error is not None
    assert "metadata.name" in str(error)
