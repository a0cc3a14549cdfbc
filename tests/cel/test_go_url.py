"""One Go net/url parser for CEL's url()/isURL() and the `uri` format (library/urls.go,
kube-openapi IsURI): url.ParseRequestURI decides, the getters read url.Parse."""

from __future__ import annotations

from typing import Any

import pytest
from cel_expr_python import cel

from codegen.runtime import formats, go_url
from codegen.runtime.cel.environment import check_env
from codegen.runtime.cel.pool import new_pool
from codegen.runtime.cel.rules import EvaluationError, compile_expression


def evaluate(expr: str) -> Any:
    compiled = compile_expression(
        expr, check_env(new_pool(), cel.Type.DYN), optional_old_self=False
    )
    return compiled.evaluate({})


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        ("https://exa mple.com/", False),  # invalid character " " in host name
        ("https://a%20b/", False),  # a host %-escapes only non-ASCII bytes
        ("http://[fe80::1%en0]/", False),  # invalid URL escape "%en"
        ("http://[fe80::1%25en0]/", True),  # RFC 6874 zone
        ("https://us er@host/", False),  # net/url: invalid userinfo
        ("https://a{b}.com/", False),  # invalid character "{" in host name
        ("*", True),  # ParseRequestURI("*") is Path "*"
        ("https://example.com:8080/a b?q", True),  # the path is only unescaped
        ("https://example.com:80a/", False),  # invalid port
        ("/just/a/path", True),
        ("relative/path", False),  # invalid URI for request
        ("mailto:someone@example.com", True),  # opaque
        ("", False),
        ("http://a/%zz", False),
        ("https://h\x7f/", False),  # control character
    ],
)
def test_is_url_and_the_uri_format_agree_with_parse_request_uri(raw: str, valid: bool) -> None:
    assert evaluate(f"isURL({_cel_string(raw)})") is valid
    assert formats.validates("uri", raw) is valid
    assert go_url.is_request_uri(raw) is valid


def test_url_conversion_errors_are_gos() -> None:
    with pytest.raises(EvaluationError) as info:
        evaluate("url('https://exa mple.com/')")
    assert str(info.value) == (
        "URL parse error during conversion from string: "
        'parse "https://exa mple.com/": invalid character " " in host name'
    )


@pytest.mark.parametrize(
    ("raw", "getter", "wanted"),
    [
        ("https://user:pw@example.com:8080/a%2Fb c?x=1&x=2&y#frag", "getScheme", "https"),
        ("https://user:pw@example.com:8080/a%2Fb c?x=1&x=2&y#frag", "getHost", "example.com:8080"),
        ("https://example.com:8080/", "getHostname", "example.com"),
        ("https://example.com:8080/", "getPort", "8080"),
        ("https://[::1]:80/", "getHostname", "::1"),
        ("https://[fe80::1%25en0]/", "getHostname", "fe80::1%en0"),
        ("HTTPS://example.com", "getScheme", "https"),
        ("https://example.com/a%2Fb", "getEscapedPath", "/a%2Fb"),  # RawPath kept
        ("https://example.com/a%2Fb c", "getEscapedPath", "/a/b%20c"),  # RawPath not valid
        ("https://example.com/a b", "getEscapedPath", "/a%20b"),
        ("https://example.com/ä", "getEscapedPath", "/%C3%A4"),
        ("https://example.com/x#frag", "getEscapedPath", "/x"),  # url.Parse splits '#'
        ("//host/path", "getHost", "host"),  # ParseRequestURI: a path; Parse: an authority
        ("/path", "getHost", ""),
        ("*", "getEscapedPath", "*"),
    ],
)
def test_getters_read_url_parse(raw: str, getter: str, wanted: str) -> None:
    assert evaluate(f"url({_cel_string(raw)}).{getter}()") == wanted


def test_get_query_decodes_like_url_query() -> None:
    """url.ParseQuery: '+' is a space, pairs with a bad escape or a ';' are dropped."""
    assert evaluate(
        "url('https://h/?x=1&x=2&y&a+b=c%20d&bad=%zz&semi=1;2#f').getQuery()"
        " == {'x': ['1', '2'], 'y': [''], 'a b': ['c d']}"
    )


def _cel_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\x7f", "\\x7f") + "'"
