"""datamodel-code-generator's call, and the worker process that makes it on the command line.

`python -m codegen generate` forks the worker before it imports anything else of the compiler
(see `codegen.__main__`), so that the worker's start (datamodel-code-generator's imports,
~0.3 s) overlaps all of the parent's own. This module is imported first on every run, the
one that finds nothing to do included: it imports only what Python has loaded already, the
rest where it is used.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from threading import Thread
    from typing import Any, BinaryIO

MODEL_BASE = "codegen.runtime.model.K8sModel"

ModelsJob = tuple[str, str, dict[str, str], str]  # schema text, root class, aliases, header


def generate(*args: Any, **kwargs: Any) -> Any:
    """datamodel-code-generator's `generate`, imported on first use (it takes ~0.3 s)."""
    from datamodel_code_generator import generate as dmcg_generate

    return dmcg_generate(*args, **kwargs)


def render(schema: str, class_name: str, field_aliases: dict[str, str], header: str) -> str:
    """datamodel-code-generator with our options on one kind's JSON Schema text."""
    from datamodel_code_generator import InputFileType, LiteralType, PythonVersion
    from datamodel_code_generator.enums import DataModelType, StrictTypes

    result = generate(
        schema,
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        class_name=class_name,
        base_class=MODEL_BASE,
        aliases=field_aliases,
        enum_field_as_literal=LiteralType.All,
        field_constraints=True,
        use_annotated=True,
        strict_types=[StrictTypes.str, StrictTypes.int, StrictTypes.float, StrictTypes.bool],
        use_standard_collections=True,
        use_union_operator=True,
        disable_timestamp=True,
        allow_population_by_field_name=True,
        use_double_quotes=True,
        use_type_alias=True,  # constrained list items as Annotated aliases, not RootModel wrappers
        use_schema_description=True,
        use_field_description=True,
        custom_file_header=header,
        # No formatter here: `write` formats every generated file with ruff, with pinned
        # settings (dmcg's ruff would be one more process per kind, and would read whatever
        # ruff configuration the working folder has).
        formatters=[],
    )
    if not isinstance(result, str):  # pragma: no cover - one schema always gives one module
        raise TypeError("datamodel-code-generator returned several modules for one schema")
    return result


_WARM_UP: ModelsJob = (
    '{"type": "object", "title": "Warm", "properties": {"a": {"anyOf": [{"type": "integer"}, '
    '{"type": "null"}], "description": "d"}, "b": {"type": "array", "items": {"$ref": '
    '"#/$defs/WarmB"}, "maxItems": 2}}, "required": ["a"], "additionalProperties": false, '
    '"$defs": {"WarmB": {"type": "object", "title": "WarmB", "properties": {}}}}',
    "Warm",
    {"Warm.a": "a_"},
    "# warm-up",
)

# What datamodel-code-generator's `generate` imports on its first call, imported by the worker
# up front so that it can tell, once they are in, whether it has work already (see `_serve`).
# A name that is not there any more only costs that: `generate` imports what it needs.
_GENERATE_IMPORTS = (
    "datamodel_code_generator.config",
    "datamodel_code_generator.parser.jsonschema",
)


class ModelsWorker:
    """datamodel-code-generator in a forked process, started before there is work for it.

    Importing datamodel-code-generator and its first `generate()` call (pydantic models built,
    templates loaded) take ~0.35 s, more than compiling a small CRD. The command line forks
    this worker first: it pays that start while the parent imports the rest, loads and checks
    the CRDs and renders the Pulumi modules; the parent then sends the kinds' schemas and
    collects the model sources. Outputs are those of `render` (same function, same inputs);
    any failure (no fork, a dead worker, an error in a job) makes the parent render that kind
    itself, so errors surface exactly as without the worker.
    """

    def __init__(self, pid: int, jobs: BinaryIO, results: BinaryIO) -> None:
        self._pid: int | None = pid
        self._jobs: BinaryIO | None = jobs
        self._results: BinaryIO | None = results
        self._received: list[tuple[bool, str]] = []
        self._sender: Thread | None = None

    @classmethod
    def start(cls) -> ModelsWorker | None:
        threading = sys.modules.get("threading")  # never imported: no other thread
        if not hasattr(os, "fork") or (threading is not None and threading.active_count() > 1):
            return None  # not POSIX, or a threaded host process (forking it is unsafe)
        try:
            jobs_read, jobs_write = os.pipe()
            results_read, results_write = os.pipe()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
        except OSError:  # pragma: no cover - out of processes or descriptors
            return None
        if pid == 0:  # pragma: no cover - the worker process (coverage does not see it)
            import gc

            # A short-lived process that ends with os._exit: the cyclic collector would only
            # slow down the imports and the rendering (by ~10%).
            gc.disable()
            # pydantic looks for plugins (every installed distribution's entry points, ~8 ms)
            # before it builds datamodel-code-generator's own models: none is wanted here.
            os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
            status = 1
            try:
                os.close(jobs_write)
                os.close(results_read)
                with os.fdopen(jobs_read, "rb") as jobs, os.fdopen(results_write, "wb") as out:
                    _serve(jobs, out)
                status = 0
            except BaseException:  # the parent renders what is missing
                pass
            finally:
                os._exit(status)
        os.close(jobs_read)
        os.close(results_write)
        return cls(pid, os.fdopen(jobs_write, "wb"), os.fdopen(results_read, "rb"))

    def submit(self, jobs: list[ModelsJob]) -> None:
        """Send every job at once (from a thread: the worker reads only once it has started)."""
        import pickle
        import threading

        stream = self._jobs
        self._jobs = None
        if stream is None:
            return

        def send() -> None:
            with contextlib.suppress(OSError, ValueError), stream:
                pickle.dump(jobs, stream, protocol=pickle.HIGHEST_PROTOCOL)

        self._sender = threading.Thread(target=send, name="codegen-models-jobs", daemon=True)
        self._sender.start()

    def result(self, index: int) -> str | None:
        """The source of job `index`, or None when the worker could not give it."""
        import pickle

        while len(self._received) <= index and self._results is not None:
            try:
                self._received.append(pickle.load(self._results))
            except Exception:  # EOF or a broken worker: render locally
                self._results.close()
                self._results = None
        if index < len(self._received) and self._received[index][0]:
            return self._received[index][1]
        return None

    def close(self) -> None:
        """Stop the worker (whether or not it was used) and reap it; again, it does nothing."""
        for stream in (self._jobs, self._results):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._jobs = self._results = None
        pid, self._pid = self._pid, None
        if pid is not None:
            import signal

            # once only: a reaped worker's number may be another process's
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        if self._sender is not None:
            self._sender.join()


def _serve(jobs: BinaryIO, out: BinaryIO) -> None:  # pragma: no cover - runs in the worker
    import pickle
    import select

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in _GENERATE_IMPORTS:
            with contextlib.suppress(ImportError):
                __import__(name)
        # The first `generate()` call costs ~25 ms more than the next ones. Paid on a tiny
        # schema while no job is there yet (a large CRD is still being loaded); when the jobs
        # are already waiting, the first of them pays it instead, and nothing more.
        if not select.select([jobs], [], [], 0)[0]:
            render(*_WARM_UP)
    for job in pickle.load(jobs):
        try:
            reply = (True, render(*job))
        except Exception as exc:  # the parent runs the job again and raises
            reply = (False, repr(exc))
        pickle.dump(reply, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
