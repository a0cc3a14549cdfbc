"""Refresh the golden record after an intended compiler change: `make golden`."""

from __future__ import annotations

from pathlib import Path

from codegen.compile import compile_crds
from codegen.write import write_tree

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
EXPECTED = HERE / "expected"


def render() -> dict[str, str]:
    return compile_crds([FIXTURES], relative_to=HERE)


def main() -> None:
    files = render()
    write_tree(files, EXPECTED)
    print(f"{EXPECTED}: {len(files)} files")


if __name__ == "__main__":
    main()
