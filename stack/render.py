"""Render the stack offline as Kubernetes YAML: `python -m stack.render --out render`.

Runs stack/program.py in-process with Pulumi's mocks (as `pulumi up` would run it, but no CLI,
no engine, no cluster) and writes every resource it registers, one file per resource, with
CRD defaults applied and validated against the CRD. File names and bytes are the same run to
run; files sort in apply order, so `kubectl apply -f render/` works (apply the CRD first on a
fresh cluster: `kubectl apply -f render/00-*` then wait for it to be Established).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from codegen.runtime.errors import InvalidResourceError
from stack.manifests import Manifest, manifest
from stack.offline import STACK_DIR, RecordingMocks, run_offline, stack_config_file


def render_manifests(config: Mapping[str, Any] | None = None, stack: str = "dev") -> list[Manifest]:
    """Every object the stack would create, in file-name order.

    `config` is the stack configuration; by default that of `stack/Pulumi.<stack>.yaml`.
    """
    from stack.program import build

    values = stack_config_file(STACK_DIR / f"Pulumi.{stack}.yaml") if config is None else config
    mocks = run_offline(build, preview=False, config=values, mocks=RecordingMocks(), stack=stack)
    manifests = [m for m in (manifest(r) for r in mocks.registrations) if m is not None]
    by_file: dict[str, Manifest] = {}
    for item in manifests:
        clash = by_file.get(item.file_name)
        if clash is not None:
            raise ValueError(
                f"{item.source.name} and {clash.source.name} both render to {item.file_name}"
            )
        by_file[item.file_name] = item
    return [by_file[name] for name in sorted(by_file)]


def write_manifests(manifests: Sequence[Manifest], out: Path) -> list[Path]:
    """Write one file per manifest; YAML files left from an earlier render are removed."""
    out.mkdir(parents=True, exist_ok=True)
    wanted = {item.file_name: item.to_yaml() for item in manifests}
    for stale in sorted(out.glob("*.yaml")):
        if stale.name not in wanted:
            stale.unlink()
    written: list[Path] = []
    for name, text in wanted.items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            temporary = path.with_name(f".{name}.tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stack.render", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument(
        "--out", type=Path, default=Path("render"), help="output directory (default: render)"
    )
    parser.add_argument(
        "--stack",
        default="dev",
        help="stack whose stack/Pulumi.<stack>.yaml config to use (default: dev)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        help="a Pulumi.<stack>.yaml file to take the configuration from instead",
    )
    args = parser.parse_args(argv)
    try:
        config = stack_config_file(args.config) if args.config is not None else None
        manifests = render_manifests(config, stack=args.stack)
    except InvalidResourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ValueError as error:  # InvalidStackError, configuration errors
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in write_manifests(manifests, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
