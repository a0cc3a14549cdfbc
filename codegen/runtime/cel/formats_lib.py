"""Kubernetes `format` library: format.<name>() values and NamedFormat.validate().

The engine cannot receive an optional value from Python, so `format.named(s)` and
`f.validate(s)` are implemented by functions returning the zero value / an empty list and the
rule source is rewritten to wrap them in `optional.ofNonZeroValue(...)` (see optional_calls.py).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable

from cel_expr_python import cel
from google.protobuf import message

from codegen.runtime.go_url import is_request_uri

from . import go_time
from .library import LibFunction, LibOverload
from .pool import make_opaque, opaque_class, opaque_value

T = cel.Type
FORMAT_TYPE = "kubernetes.NamedFormat"
EVAL_NAMED = "__k8s_format_named"
EVAL_VALIDATE = "__k8s_format_validate"

_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_SUBDOMAIN = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
_DNS1035 = "[a-z]([-a-z0-9]*[a-z0-9])?"
_QUALIFIED = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _regex_message(what: str, regex: str, examples: tuple[str, ...]) -> str:
    shown = ",  or ".join(f"'{e}'" for e in examples)
    return f"{what} (e.g. {shown}, regex used for validation is '{regex}')"


_LABEL_MSG = _regex_message(
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character",
    _LABEL,
    ("my-name", "123-abc"),
)
_SUBDOMAIN_MSG = _regex_message(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character",
    _SUBDOMAIN,
    ("example.com",),
)
_DNS1035_MSG = _regex_message(
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
    "an alphabetic character, and end with an alphanumeric character",
    _DNS1035,
    ("my-name", "abc-123"),
)
_QUALIFIED_TEXT = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
    "an alphanumeric character"
)
_LABEL_VALUE_MSG = _regex_message(
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
    "or '.', and must start and end with an alphanumeric character",
    _LABEL_VALUE,
    ("MyValue", "my_value", "12345"),
)


def _pattern(regex: str, max_len: int, msg: str) -> Callable[[str], list[str]]:
    compiled = re.compile(regex)

    def check(value: str) -> list[str]:
        errors = []
        if len(value) > max_len:
            errors.append(f"must be no more than {max_len} characters")
        if not compiled.fullmatch(value):
            errors.append(msg)
        return errors

    return check


def _prefix(check: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    # A generateName prefix may end in '-': validate it as if a suffix followed.
    return lambda v: check(v[:-1] + "a" if len(v) > 1 and v.endswith("-") else v)


_dns_label = _pattern(_LABEL, 63, _LABEL_MSG)
_dns_subdomain = _pattern(_SUBDOMAIN, 253, _SUBDOMAIN_MSG)
_dns1035_label = _pattern(_DNS1035, 63, _DNS1035_MSG)


def _qualified_name(value: str) -> list[str]:
    parts = value.split("/")
    if len(parts) == 2:
        prefix, name = parts
        if not prefix:
            return ["prefix part must be non-empty"]
        errors = [f"prefix part {e}" for e in _dns_subdomain(prefix)]
    elif len(parts) == 1:
        name, errors = parts[0], []
    else:
        return [
            _regex_message(
                f"a qualified name {_QUALIFIED_TEXT}", _QUALIFIED, ("MyName", "my.name", "123-abc")
            )
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        return [*errors, "name part must be non-empty"]
    if len(name) > 63:
        errors.append("name part must be no more than 63 characters")
    if not re.fullmatch(_QUALIFIED, name):
        errors.append(
            _regex_message(
                f"name part {_QUALIFIED_TEXT}", _QUALIFIED, ("MyName", "my.name", "123-abc")
            )
        )
    return errors


def _uri(value: str) -> list[str]:
    return [] if is_request_uri(value) else ["invalid URI"]


def _uuid(value: str) -> list[str]:
    return [] if _UUID.fullmatch(value) else ["invalid UUID"]


def _byte(value: str) -> list[str]:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return ["invalid base64"]
    return []


def _parses(parse: Callable[[str], object], error: str) -> Callable[[str], list[str]]:
    def check(value: str) -> list[str]:
        try:
            parse(value)
        except ValueError:
            return [error]
        return []

    return check


VALIDATORS: dict[str, Callable[[str], list[str]]] = {
    "dns1123Label": _dns_label,
    "dns1123Subdomain": _dns_subdomain,
    "dns1035Label": _dns1035_label,
    "qualifiedName": _qualified_name,
    "dns1123LabelPrefix": _prefix(_dns_label),
    "dns1123SubdomainPrefix": _prefix(_dns_subdomain),
    "dns1035LabelPrefix": _prefix(_dns1035_label),
    "labelValue": _pattern(_LABEL_VALUE, 63, _LABEL_VALUE_MSG),
    "uri": _uri,
    "uuid": _uuid,
    "byte": _byte,
    "date": _parses(go_time.date_value, "invalid date"),
    "datetime": _parses(go_time.datetime_value, "invalid datetime"),
}


def _named(name: str) -> message.Message:
    if name in VALIDATORS:
        return make_opaque(FORMAT_TYPE, name)
    return opaque_class(FORMAT_TYPE)()  # zero value: becomes optional.none()


def _validate(fmt: message.Message, value: str) -> list[str]:
    return VALIDATORS[opaque_value(fmt)](value)


def _constructor(name: str) -> LibFunction:
    return LibFunction(
        f"format.{name}",
        (
            LibOverload(
                f"format_{name}", (), T(FORMAT_TYPE), lambda: make_opaque(FORMAT_TYPE, name)
            ),
        ),
    )


def functions() -> list[LibFunction]:
    fmt = T(FORMAT_TYPE)
    return [
        *(_constructor(name) for name in VALIDATORS),
        LibFunction(EVAL_NAMED, (LibOverload("format_named", (T.STRING,), fmt, _named),)),
        LibFunction(
            EVAL_VALIDATE,
            (
                LibOverload(
                    "format_validate", (fmt, T.STRING), T.List(T.STRING), _validate, member=True
                ),
            ),
        ),
    ]
