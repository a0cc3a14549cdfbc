"""Import every module of a generated package under an audit hook; report what it did.

    python -m tests.hostile.import_probe OUT_ROOT PACKAGE     (prints a JSON report)

Heavy dependencies are imported first, so only what the generated code itself does is
recorded: any process spawned, any file opened for writing (or removed, renamed, created)
outside the package folder, any socket connection.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
from typing import Any

_SPAWN_EVENTS = frozenset(
    {
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "pty.spawn",
        "socket.connect",
        "socket.bind",
        "ctypes.dlopen",
        "webbrowser.open",
    }
)
_PATH_EVENTS = frozenset(
    {
        "os.remove",
        "os.rename",
        "os.mkdir",
        "os.rmdir",
        "os.chmod",
        "os.symlink",
        "os.truncate",
        "shutil.rmtree",
    }
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def main(argv: list[str]) -> int:
    out_root, package = argv
    root = os.path.realpath(os.path.join(out_root, package))
    sys.path.insert(0, out_root)
    import pulumi  # noqa: F401 - preloaded: its import is not the generated code's doing
    import pulumi_kubernetes  # noqa: F401
    import pydantic  # noqa: F401

    import codegen.runtime.meta
    import codegen.runtime.model

    try:
        import codegen.runtime.pulumi_resource  # noqa: F401

        resources_importable = True
    except ImportError:  # the runtime validator is not written yet: resource modules cannot load
        resources_importable = False

    events: list[list[str]] = []

    def outside(path: Any) -> bool:
        if isinstance(path, int):
            return False  # an already-open descriptor
        text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
        full = os.path.realpath(text)
        return not (full == root or full.startswith(root + os.sep))

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in _SPAWN_EVENTS:
            events.append([event, repr(args)[:300]])
        elif event == "open":
            path, mode, flags = (*args, None, None, None)[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
            )
            if writing and outside(path):
                events.append([event, repr(args)[:300]])
        elif event in _PATH_EVENTS and args and outside(args[0]):
            events.append([event, repr(args)[:300]])

    sys.addaudithook(hook)
    imported: list[str] = []
    skipped: list[str] = []
    modules = [pkgutil.ModuleInfo(None, package, True)]  # type: ignore[arg-type]
    modules += sorted(pkgutil.walk_packages([root], prefix=f"{package}."), key=lambda i: i.name)
    for info in modules:
        try:
            module = importlib.import_module(info.name)
        except ImportError as exc:
            if resources_importable or "codegen.runtime.validation" not in str(exc):
                raise
            skipped.append(info.name)
            continue
        imported.append(info.name)
        if info.ispkg and resources_importable:
            for name in dir(module) if hasattr(module, "_BY_PREFIX") else ():
                getattr(module, name)  # lazy exports resolve too
    report = {"events": list(events), "imported": imported, "skipped": skipped}
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
