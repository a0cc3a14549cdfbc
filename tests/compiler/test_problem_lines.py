"""A CRD problem is reported on the line of the deepest part of its path the document has."""

from __future__ import annotations

import pytest

from codegen.load import LoadError, load_crd_text
from codegen.problem_lines import steps

GOOD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.t.example.com}
spec:
  group: t.example.com
  scope: Namespaced
  names: {kind: Thing, plural: things}
  versions:
"""
VERSION = """\
    - name: {name}
      served: true
      storage: {storage}
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                "a.b": {{type: string, pattern: "([a-z"}}
                count: {{type: integer, {extra}}}
"""


def _lines(text: str) -> dict[str, int]:
    """Where each problem is reported, by the last part of its path."""
    with pytest.raises(LoadError) as caught:
        load_crd_text(text, "crd/x.yaml")
    return {p.path.rsplit(".", 1)[-1]: p.line or 0 for p in caught.value.problems}


def _line(text: str, fragment: str, after: int = 0) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if n > after and fragment in line)


def test_a_shared_schema_is_named_at_the_spec_and_found_in_the_first_version() -> None:
    text = GOOD + VERSION.format(name="v1", storage="true", extra="minimum: x")
    text += VERSION.format(name="v2", storage="false", extra="minimum: x")
    found = _lines(text)
    assert found["pattern"] == _line(text, "pattern")  # in properties[a.b]
    assert found["minimum"] == _line(text, "count:")  # a flow mapping: its key's line


def test_a_version_of_its_own_and_a_second_document_count_their_lines() -> None:
    other = GOOD + VERSION.format(name="v1", storage="true", extra="format: int32")
    other += VERSION.format(name="v2", storage="false", extra="minimum: x")
    first = GOOD.replace("things", "others") + VERSION.format(
        name="v1", storage="true", extra="format: int32"
    ).replace('pattern: "([a-z"', "maxLength: 3")
    text = "# first\n" + first + "---\n" + other
    with pytest.raises(LoadError) as caught:
        load_crd_text(text, "crd/x.yaml")
    found = {p.path: p.line for p in caught.value.problems}
    v1, v2 = _line(text, "- name: v1", after=_line(text, "---")), _line(text, "- name: v2")
    schema = "openAPIV3Schema.properties[spec].properties"
    assert found[f"spec.versions[0].schema.{schema}[a.b].pattern"] == _line(text, "pattern", v1)
    assert found[f"spec.versions[1].schema.{schema}[a.b].pattern"] == _line(text, "pattern", v2)
    assert found[f"spec.versions[1].schema.{schema}[count].minimum"] == _line(text, "count:", v2)


def test_a_missing_field_points_at_its_parent() -> None:
    text = GOOD.replace("  scope: Namespaced\n", "") + VERSION.format(
        name="v1", storage="true", extra="format: int32"
    )
    with pytest.raises(LoadError) as caught:
        load_crd_text(text, "crd/x.yaml")
    scope = next(p for p in caught.value.problems if p.path == "spec.scope")
    assert scope.line == _line(text, "spec:")


def test_paths_are_read_as_the_server_writes_them() -> None:
    assert steps("spec.versions[1].schema.openAPIV3Schema.properties[a.b].x-kubernetes-validations[0].rule") == [
        "spec", "versions", 1, "schema", "openAPIV3Schema", "properties", "a.b",
        "x-kubernetes-validations", 0, "rule",
    ]  # fmt: skip


def test_a_list_items_problems_are_placed_in_that_item() -> None:
    """`kubectl get crd -o yaml` writes a List: each item's problems are found in its item."""
    one = VERSION.format(name="v1", storage="true", extra="format: int32")
    item = GOOD + one
    indented = "".join("    " + line + "\n" for line in item.splitlines())
    text = "apiVersion: v1\nkind: List\nitems:\n  - " + indented.lstrip()
    text += "  - " + indented.replace("things", "others").lstrip()
    with pytest.raises(LoadError) as caught:
        load_crd_text(text, "crd/x.yaml")
    lines = sorted(p.line or 0 for p in caught.value.problems if p.path.endswith("pattern"))
    patterns = [n for n, line in enumerate(text.splitlines(), 1) if "pattern" in line]
    assert lines == patterns and len(lines) == 2


def test_a_printer_columns_go_name_finds_its_key() -> None:
    text = GOOD + VERSION.format(name="v1", storage="true", extra="format: int32").replace(
        '"a.b": {type: string, pattern: "([a-z"}', '"a.b": {type: string}'
    )
    text += "      additionalPrinterColumns:\n        - name: Size\n          type: string\n"
    text += "          jsonPath: nope\n"
    with pytest.raises(LoadError) as caught:
        load_crd_text(text, "crd/x.yaml")
    (problem,) = [p for p in caught.value.problems if "JSONPath" in p.path]
    assert problem.line == _line(text, "jsonPath:")


def test_a_json_streams_objects_are_placed_each_in_its_own_text() -> None:
    import json

    import yaml

    first = yaml.safe_load(GOOD + VERSION.format(name="v1", storage="true", extra="format: int32"))
    second = json.loads(json.dumps(first).replace("things", "others"))
    text = json.dumps(first, indent=2) + "\n" + json.dumps(second, indent=2) + "\n"
    with pytest.raises(LoadError) as caught:
        load_crd_text(text, "crd/x.json")
    lines = sorted(p.line or 0 for p in caught.value.problems if p.path.endswith("pattern"))
    assert lines == [n for n, line in enumerate(text.splitlines(), 1) if '"pattern"' in line]
