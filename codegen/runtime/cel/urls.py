"""Kubernetes `urls` library: url(), isURL() and the URL getters, with Go net/url semantics.

`isURL()` and `url()` accept what Go's url.ParseRequestURI accepts (an absolute URI or an
absolute path; a '#' is no fragment there); the getters read the url.Parse of the same text,
as library/urls.go does (`codegen.runtime.go_url` ports both, shared with the `uri` format).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cel_expr_python import cel
from google.protobuf import message

from codegen.runtime.go_url import GoURL, URLError, is_request_uri, parse, parse_request_uri

from .library import LibFunction, LibOverload, LibraryError
from .pool import make_opaque, opaque_value

T = cel.Type
URL_TYPE = "kubernetes.URL"
_CONVERSION = "URL parse error during conversion from string"


def _url(raw: str) -> message.Message:
    try:
        parse_request_uri(raw)
        parse(raw)  # the getters' URL (errors are not expected once ParseRequestURI passed)
    except URLError as exc:
        raise LibraryError(f"{_CONVERSION}: {exc}") from None
    return make_opaque(URL_TYPE, raw)


@lru_cache(maxsize=256)
def _parsed(raw: str) -> GoURL:
    return parse(raw)


def _getter(extract: Callable[[GoURL], Any]) -> Callable[[message.Message], Any]:
    def impl(url: message.Message) -> Any:
        return extract(_parsed(opaque_value(url)))

    return impl


def functions() -> list[LibFunction]:
    url_t = T(URL_TYPE)

    def getter(name: str, result: cel.Type, extract: Callable[[GoURL], Any]) -> LibFunction:
        return LibFunction(
            name,
            (LibOverload(f"url_{name}", (url_t,), result, _getter(extract), member=True),),
        )

    return [
        LibFunction("url", (LibOverload("string_to_url", (T.STRING,), url_t, _url),)),
        LibFunction("isURL", (LibOverload("is_url_string", (T.STRING,), T.BOOL, is_request_uri),)),
        getter("getScheme", T.STRING, lambda u: u.scheme),
        getter("getHost", T.STRING, lambda u: u.host),
        getter("getHostname", T.STRING, GoURL.hostname),
        getter("getPort", T.STRING, GoURL.port),
        getter("getEscapedPath", T.STRING, GoURL.escaped_path),
        getter("getQuery", T.Map(T.STRING, T.List(T.STRING)), GoURL.query),
    ]
