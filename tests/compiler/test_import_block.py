"""The models modules' imports sorted without ruff's check, exactly as the check sorts them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from codegen import emit_models, write
from codegen.import_block import sorted_imports
from codegen.load import load_crds
from codegen.parse import build_package
from codegen.write import FormatStream
from tests.helpers import REPO, SHARED

MODULE = "pkg_x/group_io/v1/models.py"


def _ruff(args: list[str], text: str, folder: Path) -> str:
    done = subprocess.run(
        [write._ruff(), *args, "--stdin-filename", MODULE, "-"],
        input=text.encode(),
        capture_output=True,
        cwd=folder,
        check=True,
    )
    return done.stdout.decode()


def _as_ruff_leaves_it(text: str, folder: Path) -> str:
    return _ruff(write._FORMAT, _ruff(write._CHECK, text, folder), folder)


def _ours(text: str, folder: Path) -> str:
    ready = sorted_imports(text)
    assert ready is not None
    return _ruff(write._FORMAT, ready, folder)


BODY = """

class Thing(K8sModel):
    model_config = ConfigDict(extra="forbid")
    a: Annotated[StrictInt, Field(ge=0)] | None = None
    b: Literal["x"] | Any = "x"
    c: RootModel[list[StrictStr]] | Item2 | Item10 | MAX_SIZE | conint
    d: ObjectMeta | Enum | TypeAliasType
"""

BLOCKS = {
    "dmcg's order": (
        "from pydantic import ConfigDict, Field, RootModel, StrictInt, StrictStr\n"
        "from codegen.runtime.model import K8sModel\n"
        "from typing import Annotated, Any, Literal\n"
        "from codegen.runtime.meta import ObjectMeta\n"
    ),
    "stdlib and third-party mixed, members out of order": (
        "from typing_extensions import TypeAliasType\n"
        "from enum import Enum\n"
        "from pydantic import StrictStr, conint, Field, ConfigDict, RootModel, StrictInt\n"
        "from typing import Literal, Any, Annotated\n"
        "from codegen.runtime.model import K8sModel\n"
        "from codegen.runtime.meta import ObjectMeta\n"
    ),
    "constants, classes, functions and numbers": (
        "from codegen.runtime.meta import ObjectMeta\n"
        "from mod2 import Item10, MAX_SIZE, Item2\n"
        "from pydantic import conint, RootModel, Field, ConfigDict, StrictStr, StrictInt\n"
        "from codegen.runtime.model import K8sModel\n"
        "from typing import Annotated, Any, Literal\n"
        "from enum import Enum\n"
        "from typing_extensions import TypeAliasType\n"
    ),
}


@pytest.mark.parametrize("block", list(BLOCKS.values()), ids=list(BLOCKS))
def test_imports_are_sorted_as_ruff_check_sorts_them(block: str, tmp_path: Path) -> None:
    text = f"# header\n\nfrom __future__ import annotations\n\n{block}{BODY}"
    assert _ours(text, tmp_path) == _as_ruff_leaves_it(text, tmp_path)
    assert sorted_imports(text) != text  # there was something to sort


def test_blank_lines_after_the_block_are_set_as_isort_sets_them(tmp_path: Path) -> None:
    head = "from __future__ import annotations\n\nfrom typing_extensions import TypeAliasType\n"
    alias = 'X = TypeAliasType("X", int)\n\n\nclass A:\n    x: X\n'
    for gap in ("", "\n", "\n\n", "\n\n\n"):
        text = f"{head}{gap}{alias}"
        assert _ours(text, tmp_path) == _as_ruff_leaves_it(text, tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        "from typing import Any, Literal\n\nx: Any = 1\n",  # Literal unused: F401's call
        "from typing import Any\n\nx: AnyOther = _Any = 1\n",  # only inside other names
        "import os\nfrom typing import Any\n\nx: Any = os\n",  # a plain import
        "from typing import Any as A\n\nx: A = 1\n",  # an alias
        "from typing import Any\nfrom typing import Literal\n\nx: Any | Literal[1] = 1\n",
        "from typing import Any\n\nx: Any = 1\nfrom os import sep\ny = sep\n",  # imports below
        "from typing import Any, \n\nx: Any = 1\n",  # a trailing comma
        "from .sibling import Any\n\nx: Any = 1\n",  # a relative import
        "x = 1\n",  # no imports
        "from typing import Any\n",  # nothing after them
    ],
)
def test_anything_unusual_is_left_to_ruff(text: str) -> None:
    assert sorted_imports(text) is None


def _models_texts(paths: list[Path], relative_to: Path) -> dict[str, str]:
    package = build_package(load_crds(paths, relative_to=relative_to))
    return {
        f"{group.name}/{version.name}/{kind.kind}": emit_models.models_source(kind, "# h\n")
        for group in package.groups
        for version in group.versions
        for kind in version.kinds
    }


def test_modelserving_models_need_no_ruff_check(tmp_path: Path) -> None:
    for name, text in _models_texts([REPO / "crd"], REPO).items():
        assert _ours(text, tmp_path) == _as_ruff_leaves_it(text, tmp_path), name


# One CRD for each kind of import block datamodel-code-generator writes here: floats, root
# models, type aliases (typing_extensions), the plainest.
SAMPLE = [
    "argo-workflows/workflowtasksets.argoproj.io.yaml",
    "external-secrets/secretstores.external-secrets.io.yaml",
    "istio/destinationrules.networking.istio.io.yaml",
    "gateway-api/backendtlspolicies.gateway.networking.k8s.io.yaml",
    "cert-manager/certificates.cert-manager.io.yaml",
]


@pytest.mark.skipif(not (SHARED / "corpus/crds").is_dir(), reason="shared corpus not present")
def test_corpus_models_need_no_ruff_check(tmp_path: Path) -> None:
    crds = SHARED / "corpus/crds"
    texts = _models_texts([crds / name for name in SAMPLE], crds)
    assert len(texts) >= len(SAMPLE)
    for name, text in texts.items():
        assert _ours(text, tmp_path) == _as_ruff_leaves_it(text, tmp_path), name


def test_the_stream_checks_a_text_it_cannot_sort_itself() -> None:
    text = "from typing import Literal, Any\n\nx: Any = 1\n"  # Literal unused
    files = ["a/models.py", "b/models.py"]
    streams = [FormatStream(files, sort_imports=sort) for sort in (None, sorted_imports)]
    for stream in streams:
        for path in files:
            stream.send(path, text)
    plain, sorting = (stream.result() for stream in streams)
    assert plain == sorting
    assert plain["a/models.py"] == "from typing import Any\n\nx: Any = 1\n"


def test_the_stream_reports_a_check_that_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "_CHECK", [*write._CHECK, "--no-such-option"])
    stream = FormatStream(["a.py"], sort_imports=lambda text: None)
    try:
        with pytest.raises(write.FormatError, match="ruff check failed"):
            stream.send("a.py", "x = 1\n")
    finally:
        stream.close()


def test_a_text_that_is_not_python_fails_the_stream() -> None:
    stream = FormatStream(["a.py"], sort_imports=sorted_imports)
    stream.send("a.py", "from typing import Any\n\nclass (:\n")
    with pytest.raises(write.FormatError, match="ruff format failed"):
        stream.result()
