"""A property that is `required` and has a `default` is optional to the user.

The API server defaults an object before it validates it, so such a property is never missing
there: the generated model gives it its default, the Args class and ArgsDict let it be left out
(and what is registered carries the default), while the runtime still checks `required`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import ValidationError

from tests.helpers import REPO, crd, generate_package, import_module

SPEC: dict[str, Any] = {
    "type": "object",
    "required": ["name", "size", "mode", "tier", "ports", "labels", "limits", "settings"],
    "properties": {
        "name": {"type": "string"},
        "size": {"type": "integer", "minimum": 1, "default": 3},
        "mode": {"type": "string", "enum": ["fast", "slow"], "default": "fast"},
        "tier": {"type": "string", "nullable": True, "default": "gold"},
        "ports": {"type": "array", "items": {"type": "integer"}, "default": [80]},
        "labels": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "default": {"app": "pool"},
        },
        "limits": {
            "type": "object",
            "required": ["cpu"],
            "default": {"cpu": 1},
            "properties": {
                "cpu": {"type": "integer", "default": 2},
                "memory": {"type": "integer"},
            },
        },
        "settings": {  # required, no default: still to be given (its `retries` need not be)
            "type": "object",
            "required": ["retries"],
            "properties": {
                "retries": {"type": "integer", "default": 5},
                "verbose": {"type": "boolean"},
            },
        },
        "members": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "weight"],
                "properties": {
                    "id": {"type": "string"},
                    "weight": {"type": "integer", "default": 1},
                },
            },
        },
        "zones": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["replicas"],
                "properties": {"replicas": {"type": "integer", "default": 2}},
            },
        },
    },
}

# What the server makes of `{name: x, settings: {}, members: [{id: a}], zones: {z: {}}}`.
DEFAULTED: dict[str, Any] = {
    "name": "x",
    "size": 3,
    "mode": "fast",
    "tier": "gold",
    "ports": [80],
    "labels": {"app": "pool"},
    "limits": {"cpu": 1},
    "settings": {"retries": 5},
    "members": [{"id": "a", "weight": 1}],
    "zones": {"z": {"replicas": 2}},
}
WIRE: dict[str, Any] = {"name": "x", "settings": {}, "members": [{"id": "a"}], "zones": {"z": {}}}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("required_defaults")
    package, _ = generate_package(root, crd(SPEC))
    return root, package


@pytest.fixture(scope="module")
def models(generated: tuple[Path, str]) -> ModuleType:
    return import_module(generated[1], "example_com.v1.models")


@pytest.fixture(scope="module")
def version(generated: tuple[Path, str]) -> ModuleType:
    return import_module(generated[1], "example_com.v1")


def test_model_fields_have_the_crd_default(models: ModuleType) -> None:
    scalars = [
        (models.WidgetSpec, "size", 3),
        (models.WidgetSpec, "mode", "fast"),
        (models.WidgetSpec, "tier", "gold"),
        (models.WidgetSpecLimits, "cpu", 2),
        (models.WidgetSpecSettings, "retries", 5),
        (models.WidgetSpecMembers, "weight", 1),
        (models.WidgetSpecZones, "replicas", 2),
    ]
    for cls, name, default in scalars:
        info = cls.model_fields[name]
        assert not info.is_required(), f"{cls.__name__}.{name}"
        assert info.default == default, f"{cls.__name__}.{name}"
    for name in ("ports", "labels", "limits"):  # filled in by the runtime, as when not required
        assert not models.WidgetSpec.model_fields[name].is_required(), name
    for name in ("name", "settings"):  # required without a default: still required
        assert models.WidgetSpec.model_fields[name].is_required(), name
    assert models.WidgetSpecMembers.model_fields["id"].is_required()


def test_model_constructor_fills_in_the_defaults(models: ModuleType) -> None:
    spec = models.WidgetSpec(
        name="x",
        settings=models.WidgetSpecSettings(),
        members=[models.WidgetSpecMembers(id="a")],
        zones={"z": models.WidgetSpecZones()},
    )
    assert (spec.size, spec.mode, spec.tier, spec.ports, spec.labels) == (
        3,
        "fast",
        "gold",
        [80],
        {"app": "pool"},
    )
    assert (spec.limits.cpu, spec.limits.memory, spec.settings.retries) == (1, None, 5)
    assert spec.members[0].weight == 1 and spec.zones["z"].replicas == 2
    assert spec.model_dump(by_alias=True, exclude_unset=True) == DEFAULTED


def test_model_validate_defaults_then_checks_required(models: ModuleType) -> None:
    for _ in range(4):  # the first uses and the validator built after them (model._TWIN_AFTER)
        spec = models.WidgetSpec.model_validate(json.loads(json.dumps(WIRE)))
        assert spec.model_dump(by_alias=True, exclude_unset=True) == DEFAULTED
    # a non-nullable null is defaulted, a nullable one kept, as the server does
    nulls = models.WidgetSpec.model_validate({**WIRE, "size": None, "tier": None})
    assert (nulls.size, nulls.tier) == (3, None)
    # `required` without a default still holds; and a given value is still checked
    for bad, path in (({"settings": {}}, "spec.name"), ({**WIRE, "size": 0}, "spec.size")):
        with pytest.raises(ValidationError) as caught:
            models.WidgetSpec.model_validate(bad)
        assert path in str(caught.value)


def test_the_runtime_schema_keeps_required(generated: tuple[Path, str]) -> None:
    root, package = generated
    sidecar = json.loads(
        (root / package / "example_com" / "v1" / "models.schema.json").read_text(encoding="utf-8")
    )
    assert '"required":["name","size","mode","tier","ports","labels","limits","settings"]' in (
        json.dumps(sidecar, separators=(",", ":"))
    )


def _required_keys(typed_dict: type) -> set[str]:
    # The annotations are strings (postponed): `__required_keys__` cannot see NotRequired.
    return {
        key
        for key, annotation in typed_dict.__annotations__.items()
        if not str(getattr(annotation, "__forward_arg__", annotation)).startswith("NotRequired[")
    }


def test_args_and_args_dicts_may_leave_them_out(version: ModuleType) -> None:
    args = version.WidgetSpecArgs(
        name="x",
        settings=version.WidgetSpecSettingsArgs(),
        members=[version.WidgetSpecMembersArgs(id="a")],
        zones={"z": version.WidgetSpecZonesArgs()},
    )
    assert args.size is None and args.settings.retries is None
    assert _required_keys(version.WidgetSpecArgsDict) == {"name", "settings"}
    assert _required_keys(version.WidgetSpecSettingsArgsDict) == set()
    assert _required_keys(version.WidgetSpecMembersArgsDict) == {"id"}
    assert _required_keys(version.WidgetSpecZonesArgsDict) == set()
    with pytest.raises(TypeError, match="name"):
        version.WidgetSpecArgs(settings=version.WidgetSpecSettingsArgs())


# Run in a child process: Pulumi's mocks leave a thread behind (its event loop's executor), and
# the compiler's worker is not forked from a threaded process (tests/compiler/test_speedups.py).
REGISTER = """\
import json

from stack.offline import RecordingMocks, run_offline
from {package}.example_com import v1


def program() -> None:
    v1.Widget(
        "args",
        metadata={{"name": "args"}},
        spec=v1.WidgetSpecArgs(
            name="x",
            settings=v1.WidgetSpecSettingsArgs(),
            members=[v1.WidgetSpecMembersArgs(id="a")],
            zones={{"z": v1.WidgetSpecZonesArgs()}},
        ),
    )
    v1.Widget(
        "dict",
        metadata={{"name": "dict"}},
        spec={{"name": "x", "settings": {{}}, "members": [{{"id": "a"}}], "zones": {{"z": {{}}}}}},
    )


sent = {{}}
for preview in (True, False):
    mocks = run_offline(program, preview=preview, mocks=RecordingMocks())
    sent[str(preview)] = [[r.type, r.name, r.inputs] for r in mocks.registrations]
print(json.dumps(sent))
"""


def test_registered_spec_carries_the_defaults(generated: tuple[Path, str]) -> None:
    root, package = generated
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", REGISTER.format(package=package)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(root)])},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sent = json.loads(result.stdout.splitlines()[-1])
    for mode in ("True", "False"):  # preview, update
        widgets = {name: inputs for kind, name, inputs in sent[mode] if kind.endswith(":Widget")}
        assert set(widgets) == {"args", "dict"}
        for name in ("args", "dict"):
            assert widgets[name]["spec"] == DEFAULTED, (mode, name)
        assert all(kind == "kubernetes:example.com/v1:Widget" for kind, _, _ in sent[mode])


USAGE = """\
from {package}.example_com.v1 import (
    Widget,
    WidgetSpecArgs,
    WidgetSpecArgsDict,
    WidgetSpecMembersArgs,
    WidgetSpecSettingsArgs,
    WidgetSpecZonesArgs,
)
from {package}.example_com.v1.models import (
    WidgetSpec,
    WidgetSpecMembers,
    WidgetSpecSettings,
    WidgetSpecZones,
)

model = WidgetSpec(
    name="x",
    settings=WidgetSpecSettings(),
    members=[WidgetSpecMembers(id="a")],
    zones={{"z": WidgetSpecZones()}},
)
args = WidgetSpecArgs(
    name="x",
    settings=WidgetSpecSettingsArgs(),
    members=[WidgetSpecMembersArgs(id="a")],
    zones={{"z": WidgetSpecZonesArgs()}},
)
as_dict: WidgetSpecArgsDict = {{
    "name": "x",
    "settings": {{}},
    "members": [{{"id": "a"}}],
    "zones": {{"z": {{}}}},
}}
resource = Widget("w", spec=args)
size: int | None = model.size
# still required (an unused ignore would be an error under --strict)
WidgetSpec(settings=WidgetSpecSettings())  # type: ignore[call-arg]
WidgetSpecArgs(settings=WidgetSpecSettingsArgs())  # type: ignore[call-arg]
"""


def test_mypy_strict_accepts_leaving_them_out(generated: tuple[Path, str]) -> None:
    root, package = generated
    usage = root / "usage_required_defaults.py"
    usage.write_text(USAGE.format(package=package), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            usage.name,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        # The project is installed editable (an import hook mypy cannot follow).
        env={**os.environ, "MYPYPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
