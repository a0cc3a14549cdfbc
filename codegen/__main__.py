import os
import signal
import sys

# `generate` forks datamodel-code-generator's worker first of all, so that its start (~0.3 s of
# imports) overlaps this process's own imports as well as the rest; the worker module imports
# only the standard library. A run with nothing to do (or that fails early) stops it unused.
models = None
if sys.argv[1:2] == ["generate"]:
    from codegen.models_worker import ModelsWorker

    models = ModelsWorker.start()


def _terminate(signum: int, _frame: object) -> None:
    # As Ctrl-C does: unwind, so that ruff's scratch folders (in /dev/shm: memory) and the
    # worker are cleaned up and nothing half-written is left, then exit 128 + signal.
    raise SystemExit(128 + signum)


for _name in ("SIGTERM", "SIGHUP"):  # after the fork: the worker keeps the default
    if hasattr(signal, _name):
        signal.signal(getattr(signal, _name), _terminate)
try:
    from codegen.cli import main

    code = main(models=models)
except KeyboardInterrupt:  # Ctrl-C: what was being written is either all there or not at all
    print("interrupted; the output is as it was, or complete", file=sys.stderr)
    code = 130  # 128 + SIGINT, as shells report Ctrl-C
finally:
    if models is not None:
        models.close()
    if "codegen.write" in sys.modules:  # stopped mid-run: what was not cleaned up yet
        sys.modules["codegen.write"].remove_scratch()
# Leave without the interpreter's teardown (freeing every module and object one by one takes
# longer than a small compile); nothing is pending but the standard streams.
try:
    sys.stdout.flush()
    sys.stderr.flush()
except OSError:  # e.g. stdout was a pipe closed early: what Python's own exit reports
    code = 120
os._exit(code)
