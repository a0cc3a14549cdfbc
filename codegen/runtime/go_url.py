"""Go's net/url parser: `url.Parse` and `url.ParseRequestURI`, with Go's error texts.

One parser for the two places the API server uses it: the `uri` format (kube-openapi's
`IsURI` is `url.ParseRequestURI(s) == nil`) and the CEL URL library (`isURL()`, `url()`, and
the getters, which read the result of `url.Parse`). Go works on bytes; so does this port (text is
UTF-8 encoded first, results decoded back, invalid UTF-8 replaced).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from codegen.runtime.errors import go_quote

# Go's encoding modes (the ones parse uses)
_PATH, _USER_PASSWORD, _QUERY_COMPONENT, _FRAGMENT, _HOST, _ZONE = range(6)
_HEX: Final = frozenset(b"0123456789abcdefABCDEF")
_ALNUM: Final = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_HOST_EXTRA: Final = frozenset(b"!$&'()*+,;=:[]<>\"")
_RESERVED: Final = frozenset(b"$&+,/:;=?@")
_USERINFO: Final = frozenset(b"-._:~!$&'()*+,;=%@") | _ALNUM
_SUB_DELIMS: Final = frozenset(b"!$&'()*+,;=:@[]%")


class URLError(ValueError):
    """A `*url.Error` (or one of the errors it wraps), worded as Go prints it."""


@dataclass(frozen=True)
class GoURL:
    scheme: str = ""
    opaque: str = ""
    host: str = ""
    path: str = ""
    raw_path: str = ""
    raw_query: str = ""
    fragment: str = ""

    def hostname(self) -> str:
        """URL.Hostname(): the host without port and IPv6 brackets."""
        return _split_host_port(self.host)[0]

    def port(self) -> str:
        """URL.Port()."""
        return _split_host_port(self.host)[1]

    def escaped_path(self) -> str:
        """URL.EscapedPath()."""
        raw = self.raw_path.encode()
        if raw and _valid_encoded(raw, _PATH):
            try:
                if _unescape(raw, _PATH) == self.path.encode():
                    return self.raw_path
            except URLError:
                pass
        if self.path == "*":
            return "*"
        return _escape(self.path.encode(), _PATH)

    def query(self) -> dict[str, list[str]]:
        """URL.Query(): url.ParseQuery of the raw query, pairs that fail to unescape dropped."""
        result: dict[str, list[str]] = {}
        for pair in self.raw_query.encode().split(b"&"):
            if b";" in pair or not pair:
                continue
            key, _, value = pair.partition(b"=")
            try:
                k = _text(_unescape(key, _QUERY_COMPONENT))
                v = _text(_unescape(value, _QUERY_COMPONENT))
            except URLError:
                continue
            result.setdefault(k, []).append(v)
        return result


def parse(raw: str) -> GoURL:
    """url.Parse: the fragment is split off first."""
    rest, hash_, fragment = raw.partition("#")
    url = _parse(rest, via_request=False, shown=rest)
    if not hash_:
        return url
    try:
        frag = _text(_unescape(fragment.encode(), _FRAGMENT))
    except URLError as exc:
        raise URLError(f"parse {go_quote(raw)}: {exc}") from None
    return GoURL(url.scheme, url.opaque, url.host, url.path, url.raw_path, url.raw_query, frag)


def parse_request_uri(raw: str) -> GoURL:
    """url.ParseRequestURI: an absolute URI or an absolute path ('#' is no fragment here)."""
    return _parse(raw, via_request=True, shown=raw)


def is_request_uri(raw: str) -> bool:
    try:
        parse_request_uri(raw)
    except URLError:
        return False
    return True


def _parse(raw: str, *, via_request: bool, shown: str) -> GoURL:
    try:
        return _parse_inner(raw.encode("utf-8", "surrogateescape"), via_request)
    except URLError as exc:
        raise URLError(f"parse {go_quote(shown)}: {exc}") from None


def _parse_inner(raw: bytes, via_request: bool) -> GoURL:
    if any(b < 0x20 or b == 0x7F for b in raw):
        raise URLError("net/url: invalid control character in URL")
    if not raw and via_request:
        raise URLError("empty url")
    if raw == b"*":
        return GoURL(path="*")
    scheme, rest = _get_scheme(raw)
    scheme = scheme.lower()
    raw_query = b""
    if rest.endswith(b"?") and rest.count(b"?") == 1:
        rest = rest[:-1]  # ForceQuery
    else:
        rest, _, raw_query = rest.partition(b"?")
    if not rest.startswith(b"/"):
        if scheme:
            # rootless paths are opaque (RFC 3986)
            return GoURL(_text(scheme), _text(rest), raw_query=_text(raw_query))
        if via_request:
            raise URLError("invalid URI for request")
        segment = rest.partition(b"/")[0]
        if b":" in segment:
            raise URLError("first path segment in URL cannot contain colon")
    host = b""
    if (scheme or (not via_request and not rest.startswith(b"///"))) and rest.startswith(b"//"):
        authority, slash, tail = rest[2:].partition(b"/")
        rest = slash + tail
        host = _parse_authority(authority)
    path = _unescape(rest, _PATH)
    raw_path = b"" if _escape(path, _PATH).encode() == rest else rest
    return GoURL(
        _text(scheme), "", _text(host), _text(path), _text(raw_path), raw_query=_text(raw_query)
    )


def _get_scheme(raw: bytes) -> tuple[bytes, bytes]:
    for i, c in enumerate(raw):
        if 0x61 <= c <= 0x7A or 0x41 <= c <= 0x5A:
            continue
        if 0x30 <= c <= 0x39 or c in b"+-.":
            if i == 0:
                return b"", raw
            continue
        if c == 0x3A:  # ':'
            if i == 0:
                raise URLError("missing protocol scheme")
            return raw[:i], raw[i + 1 :]
        return b"", raw  # an invalid character: no scheme
    return b"", raw


def _parse_authority(authority: bytes) -> bytes:
    at = authority.rfind(b"@")
    host = _parse_host(authority[at + 1 :] if at >= 0 else authority)
    if at < 0:
        return host
    userinfo = authority[:at]
    if not all(c in _USERINFO for c in userinfo):
        raise URLError("net/url: invalid userinfo")
    for part in userinfo.split(b":", 1):
        _unescape(part, _USER_PASSWORD)
    return host


def _parse_host(host: bytes) -> bytes:
    if host.startswith(b"["):
        # an IP-literal (RFC 3986, RFC 6874): "[fe80::1]", "[fe80::1%25en0]:80"
        i = host.rfind(b"]")
        if i < 0:
            raise URLError("missing ']' in host")
        colon_port = host[i + 1 :]
        if not _valid_optional_port(colon_port):
            raise URLError(f"invalid port {_quote(colon_port)} after host")
        zone = host[:i].find(b"%25")
        if zone >= 0:
            return (
                _unescape(host[:zone], _HOST)
                + _unescape(host[zone:i], _ZONE)
                + _unescape(host[i:], _HOST)
            )
    else:
        i = host.rfind(b":")
        if i >= 0 and not _valid_optional_port(host[i:]):
            raise URLError(f"invalid port {_quote(host[i:])} after host")
    return _unescape(host, _HOST)


def _valid_optional_port(port: bytes) -> bool:
    if not port:
        return True
    return port[:1] == b":" and all(0x30 <= c <= 0x39 for c in port[1:])


def _should_escape(c: int, mode: int) -> bool:
    if c in _ALNUM:
        return False
    if mode in (_HOST, _ZONE) and c in _HOST_EXTRA:
        return False
    if c in b"-_.~":
        return False
    if c in _RESERVED:
        if mode == _PATH:
            return c == 0x3F  # '?'
        if mode == _USER_PASSWORD:
            return c in b"@/?:"
        if mode == _QUERY_COMPONENT:
            return True
        if mode == _FRAGMENT:
            return False
    # everything else is escaped (the fragment keeps some sub-delims)
    return not (mode == _FRAGMENT and c in b"!()*")


def _unescape(s: bytes, mode: int) -> bytes:
    """Go's unescape: the decoded bytes, or URLError (EscapeError / InvalidHostError)."""
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == 0x25:  # '%'
            if i + 2 >= n or s[i + 1] not in _HEX or s[i + 2] not in _HEX:
                raise URLError(f"invalid URL escape {_quote(s[i : i + 3])}")
            if mode == _HOST and int(chr(s[i + 1]), 16) < 8 and s[i : i + 3] != b"%25":
                raise URLError(f"invalid URL escape {_quote(s[i : i + 3])}")
            if mode == _ZONE:
                v = int(s[i + 1 : i + 3], 16)
                if s[i : i + 3] != b"%25" and v != 0x20 and _should_escape(v, _HOST):
                    raise URLError(f"invalid URL escape {_quote(s[i : i + 3])}")
            i += 3
            continue
        if mode in (_HOST, _ZONE) and c < 0x80 and _should_escape(c, mode):
            raise URLError(f"invalid character {_quote(s[i : i + 1])} in host name")
        i += 1
    out = bytearray()
    i = 0
    while i < n:
        c = s[i]
        if c == 0x25:
            out.append(int(s[i + 1 : i + 3], 16))
            i += 3
        elif c == 0x2B and mode == _QUERY_COMPONENT:  # '+'
            out.append(0x20)
            i += 1
        else:
            out.append(c)
            i += 1
    return bytes(out)


def _escape(s: bytes, mode: int) -> str:
    out = []
    for c in s:
        if _should_escape(c, mode):
            if c == 0x20 and mode == _QUERY_COMPONENT:
                out.append("+")
            else:
                out.append(f"%{c:02X}")
        else:
            out.append(chr(c))
    return "".join(out)


def _valid_encoded(s: bytes, mode: int) -> bool:
    return all(c in _SUB_DELIMS or not _should_escape(c, mode) for c in s)


def _split_host_port(host_port: str) -> tuple[str, str]:
    host, port = host_port, ""
    colon = host.rfind(":")
    if colon >= 0 and _valid_optional_port(host[colon:].encode()):
        host, port = host[:colon], host[colon + 1 :]
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host, port


def _text(b: bytes) -> str:
    return b.decode("utf-8", "replace")


def _quote(b: bytes) -> str:
    """strconv.Quote of Go bytes (invalid UTF-8 as \\xNN)."""
    text = b.decode("utf-8", "surrogateescape")
    parts = []
    for ch in text:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            parts.append(f"\\x{o - 0xDC00:02x}")
        else:
            parts.append(go_quote(ch)[1:-1])
    return '"' + "".join(parts) + '"'
