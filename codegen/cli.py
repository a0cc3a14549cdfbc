"""Command line.

    python -m codegen generate [--crd-dir crd] [--out generated] [--check] [--allow-nonstructural]
    python -m codegen validate --crd PATH [...] [--field-validation M] [--output text|json]
                               [--allow-nonstructural] FILE...

generate exits 0 on success, 1 on drift (with --check), 2 on bad input or usage, an output
folder it must not replace or cannot write, and 130 when interrupted;
validate exits 0 when every document is valid, 1 when any is invalid, 2 on usage or bad CRDs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from codegen import incremental
from codegen.load import Problem, crd_files, source_name

if TYPE_CHECKING:
    from codegen.models_worker import ModelsWorker

EXIT_OK, EXIT_DRIFT, EXIT_INPUT = 0, 1, 2

ALLOW_NONSTRUCTURAL_HELP = (
    "accept schemas the API server refuses as non-structural only because a property, array "
    "items or additionalProperties has no type (or an array has no items): warn, and treat "
    "those nodes as x-kubernetes-preserve-unknown-fields (any value, nothing pruned below)"
)


def print_nonstructural(relaxed: Sequence[Problem], err: TextIO) -> None:
    """The problems --allow-nonstructural downgraded, as warnings on `err`."""
    if not relaxed:
        return
    print(
        f"warning: {len(relaxed)} non-structural schema node(s) accepted with "
        "--allow-nonstructural and treated as x-kubernetes-preserve-unknown-fields: true; "
        "the API server would refuse these CRDs as they are:",
        file=err,
    )
    for problem in relaxed:
        print(f"  {problem}", file=err)


def print_crd_warnings(warnings: Sequence[Problem], err: TextIO) -> None:
    """What is wrong with a CRD that this tool only warns about (`load.CrdDocument.warnings`)."""
    for problem in warnings:
        print(f"warning: {problem}", file=err)


def _generate(args: argparse.Namespace, models: ModelsWorker | None = None) -> int:
    """`models`: datamodel-code-generator's worker if already started (`python -m codegen`
    forks it first of all); else one is started once there is work."""
    crd_paths = [Path(p) for p in args.crd_dir]
    missing = [p for p in crd_paths if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_INPUT
    out = Path(args.out)
    # Of folders, not the files in the output (its manifest and schemas are JSON, no CRDs).
    found = crd_files(crd_paths, outside=out)
    # the files read too: a link in the CRD folder may lead into the output
    refused = output_problem(out, [*crd_paths, *found])
    if refused is not None:
        print(f"error: {refused}; nothing was generated", file=sys.stderr)
        return EXIT_INPUT
    # CRDs are named (in headers and the manifest) relative to the folder that holds the
    # output, the project's root for `generated/`: the bytes, `--check` and the no-op run then
    # do not depend on the folder the command runs in.
    base = out.resolve().parent

    def here(problems: Sequence[Problem]) -> list[Problem]:
        """`problems` naming their files as the user can open them from the working folder."""
        shown = {source_name(f, base): source_name(f, Path.cwd()) for f in found}
        return [replace(p, file=shown.get(p.file, p.file)) for p in problems]

    if not found:
        # An empty or mistyped folder must not wipe the committed output.
        where = ", ".join(map(str, crd_paths))
        print(
            f"error: no CRD files (*.yaml, *.yml, *.json) in {where}; nothing was generated",
            file=sys.stderr,
        )
        return EXIT_INPUT
    relaxed: list[Problem] | None = [] if args.allow_nonstructural else None
    warned: list[Problem] = []
    if not args.check:
        sources = [(source_name(f, base), f) for f in found]
        if incremental.up_to_date(sources, out):
            print(f"{out}: up to date (no CRD changed)")
            return EXIT_OK
    if models is None:
        # datamodel-code-generator starts (imports, first call) in a worker process while
        # this one imports and runs the rest of the compiler; both load only when there is work.
        from codegen.models_worker import ModelsWorker

        models = ModelsWorker.start()
    from codegen import checked
    from codegen.compile import compile_tree
    from codegen.load import LoadError
    from codegen.write import FormatError, compare, read_tree, write_tree

    current = read_tree(out)  # what the output holds: reused, compared, its foreign files kept
    try:
        if args.check:  # exact: everything compiled afresh, nothing reused
            files = compile_tree(
                found,
                relative_to=base,
                models=models,
                nonstructural=relaxed,
                warnings=warned,
            )
        else:
            previous = incremental.read_manifest(out)
            files = compile_tree(
                found,
                relative_to=base,
                previous=previous,
                previous_tree=current,
                models=models,
                nonstructural=relaxed,
                warnings=warned,
                # the CRD files this compiler checked for this very manifest: only read
                checked=checked.checked_sources(out, current.get(incremental.MANIFEST))
                if previous is not None
                else None,
            )
    except LoadError as exc:
        print_nonstructural(here(relaxed or []), sys.stderr)
        print(
            f"error: {len(exc.problems)} problem(s) in the CRDs; nothing was generated:",
            file=sys.stderr,
        )
        for problem in here(exc.problems):
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INPUT
    except FormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        if models is not None:
            models.close()
    print_nonstructural(here(relaxed or []), sys.stderr)
    print_crd_warnings(here(warned), sys.stderr)
    drift = compare(files, current)
    foreign = foreign_files(out, {path: current[path] for path in drift.removed})
    if args.check:
        if drift.clean:
            _record_checked(out, files)
            print(f"{out}: up to date ({len(files)} files)")
            return EXIT_OK
        print(
            f"{out}: out of date; run `python -m codegen generate`:\n"
            f"{drift.describe(set(foreign))}",
            file=sys.stderr,
        )
        return EXIT_DRIFT
    if drift.clean:
        incremental.confirm_manifest(out)
        _record_checked(out, files)
        print(f"{out}: up to date ({len(files)} files)")
        return EXIT_OK
    if foreign:
        shown = ", ".join(foreign[:5]) + (
            f" (+{len(foreign) - 5} more)" if len(foreign) > 5 else ""
        )
        print(
            f"error: {out} holds files this tool did not write, which replacing it would delete: "
            f"{shown}; move them out of it (nothing was generated)",
            file=sys.stderr,
        )
        return EXIT_INPUT
    try:
        write_tree(files, out)
    except OSError as exc:
        print(f"error: cannot write {out}: {exc}; it was left as it was", file=sys.stderr)
        return EXIT_INPUT
    _record_checked(out, files)
    total = len(drift.added) + len(drift.changed) + len(drift.removed)
    print(f"{out}: wrote {len(files)} files ({total} changed)")
    return EXIT_OK


def _record_checked(out: Path, files: Mapping[str, str]) -> None:
    """Remember the CRD files this run checked in full (all but those compiled leniently),
    for the manifest it leaves in `out`: the next run only reads them (`codegen.checked`)."""
    from codegen import checked

    text = files[incremental.MANIFEST]
    manifest = incremental.Manifest.parse(text)
    if manifest is not None:
        strict = {
            name: sha
            for name, sha in manifest.sources.items()
            if not sha.startswith(incremental.LENIENT)
        }
        checked.record(out, text, strict)


def output_problem(out: Path, inputs: Sequence[Path]) -> str | None:
    """Why `generate` must not replace `out` with the generated tree, if it must not: it is a
    file, it holds (or is) an input, or it is a folder with files that this tool did not write
    (no manifest). Replacing any of those would lose what is there."""
    target = out.resolve()
    if target.exists() and not target.is_dir():
        return f"--out {out} is a file, not a folder"
    for source in inputs:
        resolved = source.resolve()
        if resolved == target or target in resolved.parents:
            return f"--out {out} holds the CRDs given in {source}, which generating would replace"
    for parent in target.parents:
        if _generated_here(parent):
            return (
                f"--out {out} is inside {parent}, a folder this tool generated: generating "
                "that again would delete it"
            )
    if target.is_dir() and not _generated_here(target):
        from codegen.write import IGNORED_PARTS

        if any(entry.name not in IGNORED_PARTS for entry in target.iterdir()):
            return (
                f"--out {out} is a folder with files this tool did not generate (it has no "
                f"{incremental.MANIFEST}); give an empty or new folder, or the one it generated"
            )
    return None


def _generated_here(folder: Path) -> bool:
    """Whether `folder` is the root of a tree this tool generated: its manifest, or (the
    manifest deleted) `py.typed` and an `__init__.py` starting with the generated header (a
    group's package inside a tree has the header, not `py.typed`)."""
    if (folder / incremental.MANIFEST).is_file():
        return True
    try:
        with (folder / "__init__.py").open(encoding="utf-8") as init:
            first = init.readline().rstrip("\n")
    except (OSError, UnicodeDecodeError):
        return False
    return (folder / "py.typed").is_file() and _is_generated_text(first)


def _is_generated_text(first_line: str) -> bool:
    return first_line.startswith("# generated from ") and first_line.endswith(
        incremental.HEADER_END
    )


def foreign_files(out: Path, stale: Mapping[str, str]) -> list[str]:
    """Of the `stale` files in `out` (path -> text: there, and not generated any more), those
    this tool did not write: not in its manifest, no generated header, no generated sidecar.
    Replacing the tree would delete them."""
    manifest: Any = None
    with contextlib.suppress(OSError, ValueError):
        # any generator version's manifest: which files it wrote is all that is read here
        manifest = json.loads((out / incremental.MANIFEST).read_text(encoding="utf-8"))
    written = manifest.get("files") if isinstance(manifest, dict) else None
    listed = {p for p in written if isinstance(p, str)} if isinstance(written, dict) else set()
    foreign = []
    for path, text in stale.items():
        if path in listed or path == incremental.MANIFEST:
            continue
        first = text.partition("\n")[0]
        ours = (
            _is_generated_text(first)
            or (path.endswith("py.typed") and not text)
            or (path.endswith(".schema.json") and '"generator"' in text[:200])
        )
        if not ours:
            foreign.append(path)
    return foreign


def _validate(args: argparse.Namespace) -> int:
    from codegen.validate_cmd import run  # the runtime loads only when validating

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m codegen",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="compile CRDs into generated/")
    generate.add_argument(
        "--crd-dir",
        action="append",
        default=None,
        help="CRD file or folder (repeatable; default: crd)",
    )
    generate.add_argument("--out", default="generated", help="output folder (default: generated)")
    generate.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if output is stale"
    )
    generate.add_argument(
        "--allow-nonstructural", action="store_true", help=ALLOW_NONSTRUCTURAL_HELP
    )
    validate = commands.add_parser(
        "validate", help="check manifests against CRDs, as the API server would"
    )
    validate.add_argument(
        "--crd", action="append", required=True, help="CRD file or folder (repeatable)"
    )
    validate.add_argument(
        "--field-validation",
        choices=["Strict", "Warn", "Ignore"],
        default="Strict",
        help="unknown fields: Strict rejects, Warn accepts with warnings, Ignore prunes",
    )
    validate.add_argument("--output", choices=["text", "json"], default="text")
    validate.add_argument("--old", help="the previous object, for CEL transition rules (update)")
    validate.add_argument(
        "--allow-nonstructural", action="store_true", help=ALLOW_NONSTRUCTURAL_HELP
    )
    validate.add_argument(
        "-R",
        "--recursive",
        action="store_true",
        help="read the folders given in FILE_OR_DIR and their subfolders (as kubectl -R)",
    )
    validate.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR")
    validate.set_defaults(handler=_validate)
    return parser


def main(argv: Sequence[str] | None = None, *, models: ModelsWorker | None = None) -> int:
    """`models`: a datamodel-code-generator worker already started, for `generate` to use (it
    is stopped before this returns, whatever the command)."""
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra and args.command == "validate" and not any(a.startswith("-") for a in extra):
            # Files after options, as kubectl takes them: `a.yaml --output json b.yaml`
            args.inputs.extend(extra)
        elif extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        if args.command == "generate":
            if args.crd_dir is None:
                args.crd_dir = ["crd"]
            return _generate(args, models)
        handler = args.handler
        return int(handler(args))
    finally:
        if models is not None:
            models.close()


if __name__ == "__main__":
    sys.exit(main())
