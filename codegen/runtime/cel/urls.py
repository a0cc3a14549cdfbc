"""Kubernetes `urls` library: url(), isURL() and the URL getters, with Go net/url semantics.

`url()` follows Go's url.ParseRequestURI: an absolute URI or an absolute path; no fragment
handling (a '#' stays part of the query or path, as in Go).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from cel_expr_python import cel
from google.protobuf import message

from .library import LibFunction, LibOverload, LibraryError
from .pool import make_opaque, opaque_value

T = cel.Type
URL_TYPE = "kubernetes.URL"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_PATH_SAFE = set("-_.~$&+,/:;=@")


@dataclass(frozen=True)
class ParsedURL:
    scheme: str
    host: str
    path: str
    raw_query: str


def parse_request_uri(raw: str) -> ParsedURL:
    """Parse like Go's url.ParseRequestURI; LibraryError when Go would fail."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        raise LibraryError(f"URL {raw!r}: invalid control character in URL")
    scheme, rest = _split_scheme(raw)
    query = ""
    if "?" in rest:
        rest, query = rest.split("?", 1)
    if not rest.startswith("/"):
        if scheme:
            return ParsedURL(scheme, "", "", query)  # opaque URI (e.g. "mailto:x")
        raise LibraryError(f"parse {raw!r}: invalid URI for request")
    host = ""
    if rest.startswith("//") and not rest.startswith("///") and scheme:
        authority, slash, tail = rest[2:].partition("/")
        host = _parse_host(authority.rpartition("@")[2], raw)
        rest = slash + tail
    try:
        path = urllib.parse.unquote(rest, errors="strict")
    except UnicodeDecodeError as exc:
        raise LibraryError(f"parse {raw!r}: invalid URL escape") from exc
    if re.search(r"%(?![0-9A-Fa-f]{2})", rest):
        raise LibraryError(f"parse {raw!r}: invalid URL escape")
    return ParsedURL(scheme.lower(), host, path, query)


def _split_scheme(raw: str) -> tuple[str, str]:
    for i, c in enumerate(raw):
        if c == ":":
            if i == 0:
                raise LibraryError(f"parse {raw!r}: missing protocol scheme")
            return (raw[:i], raw[i + 1 :]) if _SCHEME.fullmatch(raw[:i]) else ("", raw)
        if not (c.isascii() and (c.isalnum() or c in "+-.")):
            return "", raw
    return "", raw


def _parse_host(host: str, raw: str) -> str:
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            raise LibraryError(f"parse {raw!r}: missing ']' in host")
        port = host[end + 1 :]
    else:
        port = host[host.rfind(":") :] if ":" in host else ""
    if port and not ((port.startswith(":") and port[1:].isdigit()) or port == ":"):
        raise LibraryError(f"parse {raw!r}: invalid port {port!r} after host")
    return host


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rpartition(":")[0] if ":" in host else host


def _port(host: str) -> str:
    tail = host[host.find("]") + 1 :] if host.startswith("[") else host
    return tail.rpartition(":")[2] if ":" in tail else ""


def _escaped_path(path: str) -> str:
    out = []
    for ch in path:
        if ch.isascii() and (ch.isalnum() or ch in _PATH_SAFE):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode())
    return "".join(out)


def _query(raw_query: str) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for pair in raw_query.split("&"):
        if not pair or ";" in pair:
            continue
        key, _, value = pair.partition("=")
        try:
            k = urllib.parse.unquote_plus(key, errors="strict")
            v = urllib.parse.unquote_plus(value, errors="strict")
        except UnicodeDecodeError:
            continue
        result.setdefault(k, []).append(v)
    return result


def _url(raw: str) -> message.Message:
    try:
        parse_request_uri(raw)
    except LibraryError as exc:
        raise LibraryError(f"URL parse error during conversion from string: {exc}") from exc
    return make_opaque(URL_TYPE, raw)


def _is_url(raw: str) -> bool:
    try:
        parse_request_uri(raw)
    except LibraryError:
        return False
    return True


def _getter(extract: object) -> object:
    def impl(url: message.Message) -> object:
        # url() validates like ParseRequestURI but the getters see url.Parse: no fragment
        raw = opaque_value(url).partition("#")[0]
        return extract(parse_request_uri(raw))  # type: ignore[operator]

    return impl


def functions() -> list[LibFunction]:
    url_t = T(URL_TYPE)

    def getter(name: str, result: cel.Type, extract: object) -> LibFunction:
        return LibFunction(
            name,
            (LibOverload(f"url_{name}", (url_t,), result, _getter(extract), member=True),),  # type: ignore[arg-type]
        )

    return [
        LibFunction("url", (LibOverload("string_to_url", (T.STRING,), url_t, _url),)),
        LibFunction("isURL", (LibOverload("is_url_string", (T.STRING,), T.BOOL, _is_url),)),
        getter("getScheme", T.STRING, lambda u: u.scheme),
        getter("getHost", T.STRING, lambda u: u.host),
        getter("getHostname", T.STRING, lambda u: _hostname(u.host)),
        getter("getPort", T.STRING, lambda u: _port(u.host)),
        getter("getEscapedPath", T.STRING, lambda u: _escaped_path(u.path)),
        getter("getQuery", T.Map(T.STRING, T.List(T.STRING)), lambda u: _query(u.raw_query)),
    ]
