"""Run a Pulumi program in-process with Pulumi's mocks: no CLI, no engine, no cluster.

Every resource the program registers is recorded with its inputs as the engine would receive
them (wire format: camelCase keys, numbers as floats). The mocks answer each registration with
its inputs as outputs, like a create does; `unknown_outputs` makes chosen resources answer with
no outputs, which in preview leaves their outputs unknown (as a not-yet-created resource's are).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import yaml
from pulumi.runtime import mocks as pulumi_mocks

from stack.program import PROJECT

STACK_DIR = Path(__file__).resolve().parent


# How the wire format marks a secret value: {SECRET_SIG_KEY: SECRET_SIG_VALUE, "value": ...}.
SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270"


@dataclass(frozen=True)
class Registration:
    """One RegisterResource call the program made (secrets unwrapped, their paths in `secrets`)."""

    type: str
    name: str
    inputs: dict[str, Any]
    custom: bool
    secrets: tuple[str, ...] = ()


def unwrap_secrets(value: Any, path: str, found: list[str]) -> Any:
    """`value` without secret markers; the dotted path of each secret is appended to `found`."""
    if isinstance(value, Mapping):
        if value.get(SECRET_SIG_KEY) == SECRET_SIG_VALUE:
            found.append(path)
            return unwrap_secrets(value.get("value"), path, found)
        return {
            k: unwrap_secrets(v, f"{path}.{k}" if path else str(k), found) for k, v in value.items()
        }
    if isinstance(value, list):
        return [unwrap_secrets(v, f"{path}[{i}]", found) for i, v in enumerate(value)]
    return value


@dataclass
class RecordingMocks(pulumi.runtime.Mocks):
    """Mocks that record every registration and echo inputs back as outputs."""

    unknown_outputs: Callable[[Registration], bool] = lambda _registration: False
    registrations: list[Registration] = field(default_factory=list)

    def new_resource(
        self, args: pulumi.runtime.MockResourceArgs
    ) -> tuple[str | None, dict[Any, Any]]:
        secrets: list[str] = []
        inputs = unwrap_secrets(dict(args.inputs), "", secrets)
        registration = Registration(args.typ, args.name, inputs, bool(args.custom), tuple(secrets))
        self.registrations.append(registration)
        state = {} if self.unknown_outputs(registration) else dict(args.inputs)
        return f"{args.name}-id", state

    def call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        return {}, None

    def named(self, name: str) -> list[Registration]:
        return [r for r in self.registrations if r.name == name]


def config_values(project: str, values: Mapping[str, Any]) -> dict[str, str]:
    """Stack configuration as the engine hands it to a program: `project:key` -> string (JSON)."""
    out: dict[str, str] = {}
    for key, value in values.items():
        full = key if ":" in key else f"{project}:{key}"
        out[full] = value if isinstance(value, str) else json.dumps(value)
    return out


def stack_config_file(path: Path) -> dict[str, Any]:
    """The `config:` of a `Pulumi.<stack>.yaml` file (empty when the file does not exist)."""
    if not path.exists():
        return {}
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    config = document.get("config") or {}
    for key, value in config.items():
        if isinstance(value, Mapping) and "secure" in value:
            raise ValueError(f"{path}: {key} is a secret; offline rendering cannot decrypt it")
    return dict(config)


def run_offline(
    program: Callable[[], object],
    *,
    preview: bool,
    config: Mapping[str, Any] | None = None,
    mocks: RecordingMocks | None = None,
    project: str = PROJECT,
    stack: str = "dev",
) -> RecordingMocks:
    """Run `program` as `pulumi preview` (preview=True) or `pulumi up` would, against mocks.

    Exceptions of the program, and of Outputs it registered, propagate once every
    registration has settled. Returns the mocks with what was registered.
    """
    mocks = mocks if mocks is not None else RecordingMocks()
    # A fresh stack resource, as each `pulumi up` has (set_mocks keeps the last run's, and with
    # it the stack transformations registered there).
    pulumi.runtime.settings.ROOT.set(None)
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=preview)
    pulumi.runtime.set_all_config(config_values(project, config or {}))

    def body() -> None:
        program()

    try:
        pulumi_mocks.test(body)()  # type: ignore[no-untyped-call]
    finally:
        # When a registration fails, Outputs that depended on it hold exceptions nobody awaits.
        # Finalize them now: asyncio logs them with a formatted traceback, and doing that
        # inside a later, unrelated `ast.parse` (the collector runs at any allocation) trips
        # CPython 3.11's "AST constructor recursion depth mismatch" SystemError.
        gc.collect()
    return mocks
