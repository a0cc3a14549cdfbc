import pytest

from codegen.runtime.cel.escaping import escape


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("replicas", "replicas"),
        ("if", "__if__"),
        ("namespace", "__namespace__"),
        ("dot.dot", "dot__dot__dot"),
        ("dash-dash", "dash__dash__dash"),
        ("slash/slash", "slash__slash__slash"),
        ("a__b", "a__underscores__b"),
        ("_true", "_true"),
        ("a@b", None),
        ("9lives", None),
        ("", None),
    ],
)
def test_escape(name: str, escaped: str | None) -> None:
    assert escape(name) == escaped
