"""Shared helpers: run programs against Pulumi's mocks in preview and update mode."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pulumi
import pytest

from stack.offline import RecordingMocks, Registration, run_offline

MODEL_SERVING = "kubernetes:ai.example.com/v1:ModelServing"


@pytest.fixture(params=[True, False], ids=["preview", "update"])
def preview(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture(autouse=True)
def _fresh_pulumi_settings() -> Iterator[None]:
    yield
    pulumi.runtime.set_all_config({})


def run(
    program: Callable[[], object],
    *,
    preview: bool,
    config: dict[str, Any] | None = None,
    unknown: Callable[[Registration], bool] | None = None,
) -> RecordingMocks:
    mocks = RecordingMocks(unknown_outputs=unknown) if unknown is not None else RecordingMocks()
    return run_offline(program, preview=preview, config=config, mocks=mocks)


E = TypeVar("E", bound=BaseException)


def exception_chain(error: BaseException) -> list[BaseException]:
    """`error` and every exception it was raised from (causes and contexts), each once."""
    chain: list[BaseException] = [error]
    for current in chain:  # Pulumi's re-raising can make an exception its own cause
        chain.extend(
            e
            for e in (current.__cause__, current.__context__)
            if e is not None and not any(e is seen for seen in chain)
        )
    return chain


def in_chain(error: BaseException, wanted: type[E]) -> E | None:
    """`error` or the first exception it was raised from that is a `wanted`."""
    return next((e for e in exception_chain(error) if isinstance(e, wanted)), None)


def run_expecting(
    wanted: type[E],
    program: Callable[[], object],
    *,
    preview: bool,
    unknown: Callable[[Registration], bool] | None = None,
) -> tuple[E, RecordingMocks]:
    """Run `program`, which must fail with `wanted` (raised directly or while Pulumi registered
    a resource, which wraps it); return it and what was registered anyway."""
    mocks = RecordingMocks(unknown_outputs=unknown) if unknown is not None else RecordingMocks()
    with pytest.raises(BaseException) as caught:
        run_offline(program, preview=preview, mocks=mocks)
    found = in_chain(caught.value, wanted)
    assert found is not None, f"expected {wanted.__name__}, got {caught.value!r}"
    return found, mocks


def good_spec() -> Any:
    """A valid spec in camelCase (like stack configuration); typed Any to build invalid ones."""
    return copy.deepcopy(
        {
            "model": {"name": "iris", "format": "sklearn", "storageUri": "s3://models/iris/v1"},
            "image": "docker.io/seldonio/sklearnserver:1.18.1",
            "env": [{"name": "WORKERS", "value": "2"}],
        }
    )


def of_type(mocks: RecordingMocks, type_token: str) -> dict[str, Registration]:
    return {r.name: r for r in mocks.registrations if r.type == type_token}


def loose(value: Any) -> Any:
    """A value passed where the generated classes' types would (rightly) refuse it."""
    return value
