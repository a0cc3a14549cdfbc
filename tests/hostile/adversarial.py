"""Adversarial CRD content: every string a CRD can carry into generated code, made hostile."""

from __future__ import annotations

import copy
from typing import Any

from tests.helpers import crd

# A payload that would leave a trace if it ever ran as code.
PAYLOAD = "__import__('os').system('touch /tmp/crdc-pwned')"

TEXTS: tuple[str, ...] = (
    'closes """ the docstring """ and opens \'\'\' another',
    "backslash at the end \\",
    "backslash \\ in the middle \\n is not a newline \\x00",
    "NUL \x00 byte",
    "template {{ header }} {% for x in y %}{% endfor %} {# comment #} syntax",
    "line\u2028separator\u2029paragraph\x85next-line",
    "carriage\rreturn\r\nand form\ffeed and vertical\vtab",
    "x" * 20_000,
    '"starts and ends with quotes"',
    "   surrounded by whitespace   \n",
    "tab\tindented\n\ttext",
    "comment # marker and ; semicolon",
    f"{PAYLOAD} # and then\n{PAYLOAD}",
    "multi\nline\n\n  indented\nparagraphs",
    "emoji 🦀 and combining e\u0301 and RTL \u202e override",
)

FIELD_NAMES: tuple[str, ...] = (
    PAYLOAD,
    'a"b',
    "a'b",
    "a\nb",
    "a\\b",
    "a\rb",
    "__class__",
    "__init__",
    "__dict__",
    "__self__",
    "self",
    "_",
    "__",
    "",
    " ",
    "\u200b",
    "\u3000",
    "\ufeff",
    "\ufb01",  # the ligature "fi": NFKC would merge it with "fi"
    "fi",
    "\U0001d431",  # mathematical bold x: NFKC would merge it with "x"
    "x",
    "{{ x }}",
    "{% raw %}",
    "# comment",
    "class",
    "None",
    "True",
    "model_config",
    "pulumi",
    "_builtins",
    "resource_name",
    "opts",
    "def f(): pass",
)

ENUM_VALUES: tuple[str, ...] = (
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "a\nb",
    "\r",
    "\x00",
    "{{ x }}",
    "${x}",
    "%s",
    "\u2028",
    "'; import os; '",
    " ",
    "",
)

STRING_DEFAULT = "\"\"\"\n\\\x00{{ x }}\u2028'''"
OBJECT_DEFAULT: dict[str, Any] = {'k"ey': "v'al\n", "nested": {"\\": ["{{", "}}"]}}
PATTERN = "^(?:\"\"\"|'''|\\\\|\\{\\{)?[a-z]*$"
CEL_RULE = "self == self && '\"\"\"' != '{{ x }}' && \"\\\\\" != ''"
# no \n or \r: the server refuses a message with line breaks; other breaks are fine to it
CEL_MESSAGE = 'must hold """ \\ {{ x }}\t\u0085\u2028 ' + PAYLOAD


def hostile_schema() -> dict[str, Any]:
    """A spec schema whose every name, text and value is adversarial."""
    properties: dict[str, Any] = {}
    for index, name in enumerate(FIELD_NAMES):
        properties[name] = {"type": "string", "description": TEXTS[index % len(TEXTS)]}
    properties["choice"] = {"type": "string", "enum": list(ENUM_VALUES), "description": TEXTS[0]}
    properties["numbers"] = {"type": "integer", "enum": [0, -1, 2**62], "default": -1}
    properties["flag"] = {"type": "boolean", "default": True}
    # apart: the API server refuses a default its own node's pattern does not match
    properties["withDefault"] = {"type": "string", "default": STRING_DEFAULT}
    properties["withPattern"] = {"type": "string", "pattern": PATTERN}
    properties["objectDefault"] = {
        "type": "object",
        "x-kubernetes-preserve-unknown-fields": True,
        "default": copy.deepcopy(OBJECT_DEFAULT),
    }
    properties["nested"] = {
        "type": "object",
        "description": TEXTS[6],
        "properties": {
            name: {"type": "integer", "description": TEXTS[1]} for name in FIELD_NAMES[:12]
        },
        "x-kubernetes-validations": [
            {"rule": CEL_RULE, "message": CEL_MESSAGE},
            {"rule": "true", "messageExpression": "'\"\"\"' + '{{'", "reason": "FieldValueInvalid"},
        ],
    }
    return {"type": "object", "description": "\n".join(TEXTS), "properties": properties}


# Kinds and groups that are not Python identifiers (nor safe as module or class names).
KINDS: tuple[tuple[str, str, str], ...] = (
    # (kind, group, version)
    ("Widget-X", "9-lives.example.io", "v1"),
    ("None", "from.example.com", "v1alpha1"),
    ("TypedCustomResource", "from.example.com", "v1alpha1"),
    ("Class", "import.example.com", "v2"),
)


def hostile_crds() -> list[dict[str, Any]]:
    documents = []
    for kind, group, version in KINDS:
        document = crd(
            hostile_schema(), kind=kind, group=group, version=version, plural=kind.lower() + "s"
        )
        documents.append(document)
    return documents
