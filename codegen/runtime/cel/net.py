"""Kubernetes `net.ip` and `net.cidr` libraries with Go net/netip parsing rules and messages."""

from __future__ import annotations

import ipaddress
from typing import Any

from cel_expr_python import cel
from google.protobuf import message

from .library import LibFunction, LibOverload, LibraryError
from .pool import is_opaque, make_opaque, opaque_value

T = cel.Type
IP_TYPE = "net.IP"
CIDR_TYPE = "net.CIDR"
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _v4_error(text: str) -> str | None:
    fields = text.split(".")
    if len(fields) > 4:
        return "IPv4 address too long"
    if len(fields) < 4:
        return "IPv4 address too short"
    for f in fields:
        if not f:
            return "IPv4 field must have at least one digit"
        if not f.isdigit():
            return "unexpected character"
        if len(f) > 1 and f[0] == "0":
            return "IPv4 field has octet with leading zero"
        if int(f) > 255:
            return "IPv4 field has value >255"
    return None


def _go_addr_error(text: str) -> str:
    if not text:
        return "unable to parse IP"
    if "%" in text:
        return "zones are not supported"
    dot, colon = text.find("."), text.find(":")
    if dot >= 0 and (colon < 0 or dot < colon):
        return _v4_error(text) or "unable to parse IP"
    if ":::" in text:
        rest = text[text.find(":::") + 2 :]
        return f"each colon-separated field must have at least one digit (at {rest!r})".replace(
            "'", '"'
        )
    return "unable to parse IP"


def parse_addr(text: str) -> Address:
    """netip.ParseAddr, minus IPv6 zones; the error text is Go's."""
    try:
        if "%" in text or (":" not in text and _v4_error(text)):
            raise ValueError
        return ipaddress.ip_address(text)
    except ValueError:
        raise LibraryError(f'ParseAddr("{text}"): {_go_addr_error(text)}') from None


def parse_ip(text: str) -> Address:
    try:
        addr = parse_addr(text)
    except LibraryError as exc:
        raise LibraryError(
            f'IP Address "{text}" parse error during conversion from string: {exc}'
        ) from None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        raise LibraryError(f'IPv4-mapped IPv6 address "{text}" is not allowed')
    return addr


def parse_prefix(text: str) -> tuple[Address, int]:
    where = f'netip.ParsePrefix("{text}")'
    addr_text, slash, bits_text = text.rpartition("/")
    if not slash:
        raise LibraryError(f"{where}: no '/'")
    try:
        addr = parse_addr(addr_text)
    except LibraryError as exc:
        raise LibraryError(f"{where}: {exc}") from None
    if not bits_text.isdigit() or (len(bits_text) > 1 and bits_text[0] == "0"):
        raise LibraryError(f'{where}: bad bits after slash: "{bits_text}"')
    bits = int(bits_text)
    if bits > addr.max_prefixlen:
        raise LibraryError(f"{where}: prefix length out of range")
    return addr, bits


def _cidr_of(text: str) -> tuple[Address, int]:
    """library/cidr.go parseCIDR (netip.ParsePrefix, then no IPv4-mapped IPv6 prefix), with
    the texts stringToCIDR wraps its errors in."""
    prefix = "network address parse error during conversion from string"
    try:
        addr, bits = parse_prefix(text)
    except LibraryError as exc:
        raise LibraryError(f"{prefix}: {prefix}: {exc}") from None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        raise LibraryError(f'{prefix}: IPv4-mapped IPv6 address "{text}" is not allowed')
    return addr, bits


def _ip_value(value: Any) -> Address:
    return (
        parse_addr(opaque_value(value)) if isinstance(value, message.Message) else parse_ip(value)
    )


def _network(value: Any) -> Network:
    addr, bits = _cidr_of(opaque_value(value) if isinstance(value, message.Message) else value)
    return ipaddress.ip_network(f"{addr}/{bits}", strict=False)


def _make_ip(addr: Address) -> message.Message:
    return make_opaque(IP_TYPE, str(addr))


def _ip(text: str) -> message.Message:
    return _make_ip(parse_ip(text))


def _is_ip(text: str) -> bool:
    try:
        parse_ip(text)
    except LibraryError:
        return False
    return True


def _is_canonical(text: str) -> bool:
    return str(parse_ip(text)) == text


def _is_link_local_multicast(addr: Address) -> bool:
    if addr.version == 4:
        return addr in ipaddress.ip_network("224.0.0.0/24")
    return (int(addr) >> 112) & 0xFF0F == 0xFF02


def _is_global_unicast(addr: Address) -> bool:
    if addr.version == 4 and str(addr) == "255.255.255.255":
        return False
    return not (addr.is_unspecified or addr.is_loopback or addr.is_multicast or addr.is_link_local)


def _cidr(text: str) -> message.Message:
    addr, bits = _cidr_of(text)
    return make_opaque(CIDR_TYPE, f"{addr}/{bits}")


def _is_cidr(text: str) -> bool:
    try:
        _cidr_of(text)
    except LibraryError:
        return False
    return True


def _contains_ip(cidr: message.Message, ip: Any) -> bool:
    network, addr = _network(cidr), _ip_value(ip)
    return addr.version == network.version and addr in network


def _contains_cidr(cidr: message.Message, other: Any) -> bool:
    outer, inner = _network(cidr), _network(other)
    return (
        inner.version == outer.version
        and outer.prefixlen <= inner.prefixlen
        and inner.network_address in outer
    )


def _cidr_ip(cidr: message.Message) -> message.Message:
    return _make_ip(_cidr_of(opaque_value(cidr))[0])


def _masked(cidr: message.Message) -> message.Message:
    network = _network(cidr)
    return make_opaque(CIDR_TYPE, str(network))


def _prefix_length(cidr: message.Message) -> int:
    return _cidr_of(opaque_value(cidr))[1]


def _predicate(test: Any) -> Any:
    return lambda ip: test(_ip_value(ip))


def functions() -> list[LibFunction]:
    ip_t, cidr_t = T(IP_TYPE), T(CIDR_TYPE)

    def member(name: str, receiver: cel.Type, result: cel.Type, impl: Any) -> LibFunction:
        return LibFunction(
            name,
            (LibOverload(f"{name}_{receiver.name()}", (receiver,), result, impl, member=True),),
        )

    ip_predicates = {
        "isUnspecified": lambda a: a.is_unspecified,
        "isLoopback": lambda a: a.is_loopback,
        "isLinkLocalMulticast": _is_link_local_multicast,
        "isLinkLocalUnicast": lambda a: a.is_link_local and not a.is_multicast,
        "isGlobalUnicast": _is_global_unicast,
    }
    return [
        LibFunction(
            "ip",
            (
                LibOverload("string_to_ip", (T.STRING,), ip_t, _ip),
                LibOverload("cidr_ip", (cidr_t,), ip_t, _cidr_ip, member=True),
            ),
        ),
        LibFunction("isIP", (LibOverload("is_ip", (T.STRING,), T.BOOL, _is_ip),)),
        LibFunction(
            "ip.isCanonical",
            (LibOverload("ip_is_canonical", (T.STRING,), T.BOOL, _is_canonical),),
        ),
        member("family", ip_t, T.INT, lambda ip: _ip_value(ip).version),
        *(member(n, ip_t, T.BOOL, _predicate(p)) for n, p in ip_predicates.items()),
        LibFunction("cidr", (LibOverload("string_to_cidr", (T.STRING,), cidr_t, _cidr),)),
        LibFunction("isCIDR", (LibOverload("is_cidr", (T.STRING,), T.BOOL, _is_cidr),)),
        LibFunction(
            "containsIP",
            (
                LibOverload(
                    "cidr_contains_ip_string", (cidr_t, T.STRING), T.BOOL, _contains_ip, member=True
                ),
                LibOverload(
                    "cidr_contains_ip_ip", (cidr_t, ip_t), T.BOOL, _contains_ip, member=True
                ),
            ),
        ),
        LibFunction(
            "containsCIDR",
            (
                LibOverload(
                    "cidr_contains_cidr_string",
                    (cidr_t, T.STRING),
                    T.BOOL,
                    _contains_cidr,
                    member=True,
                ),
                LibOverload(
                    "cidr_contains_cidr", (cidr_t, cidr_t), T.BOOL, _contains_cidr, member=True
                ),
            ),
        ),
        member("masked", cidr_t, cidr_t, _masked),
        member("prefixLength", cidr_t, T.INT, _prefix_length),
        LibFunction(
            "string",
            (
                LibOverload(
                    "ip_to_string", (ip_t,), T.STRING, opaque_value, message_types=(IP_TYPE,)
                ),
                LibOverload(
                    "cidr_to_string", (cidr_t,), T.STRING, opaque_value, message_types=(CIDR_TYPE,)
                ),
            ),
        ),
    ]


__all__ = ["functions", "is_opaque"]
