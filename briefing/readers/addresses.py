"""Which addresses found inside content may be fetched: no loopback, private or metadata IPs.

A feed's entry links, a fetched OPML's feed list and every redirect come from someone
else. Fetching them when they lead inside the user's network (``127.0.0.1``, ``10/8``,
``169.254.169.254``, ``[::1]``, ``0x7f000001``...) would publish internal pages in the
briefing (server-side request forgery). Addresses the user names (command line, config, a
local OPML file) are fetched as given. An address found in content is allowed when it
resolves only to public IPs, when it is on the same host as the document that listed it,
or when the user allows it (``[fetch] allow_private = true``, or ``allow_hosts``).

The IP checked is the one resolved, never the name; :mod:`briefing.readers.guard` checks
it again where the connection is made, so a name that changes its answer between the
check and the connection (DNS rebinding) gains nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefing.errors import RefusedAddress

__all__ = ["AddressPolicy", "describe_ip", "resolve", "same_host"]

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
_WEB_PORTS = frozenset({80, 443})


def describe_ip(ip: IP) -> str | None:
    """What kind of non-public address ``ip`` is ("a loopback address"), None when public."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            return describe_ip(inner)
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return "a reserved address"  # 0.0.0.0 reaches this very machine
    if ip.is_link_local:
        if str(ip) in ("169.254.169.254", "fd00:ec2::254"):
            return "a cloud metadata address"
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a non-public address"
    return None


def resolve(host: str, port: int) -> list[IP]:
    """Every IP ``host`` resolves to (an IP literal in any form, ``0x7f000001`` too)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[IP] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip not in found:
            found.append(ip)
    return found


def _port(parts: object) -> int | None:
    try:
        return parts.port  # type: ignore[attr-defined, no-any-return]
    except ValueError:
        return None


def same_host(url: str, other: str | None) -> bool:
    """Whether ``url`` is on the host of ``other`` (a URL): the same name, and the same port
    unless both use the standard web ports (an ``http`` feed may link its ``https`` pages)."""
    if other is None or "://" not in other:
        return False
    a, b = urlsplit(url), urlsplit(other)
    if not a.hostname or a.hostname != b.hostname:
        return False
    port_a = _port(a) or (443 if a.scheme == "https" else 80)
    port_b = _port(b) or (443 if b.scheme == "https" else 80)
    return port_a == port_b or (port_a in _WEB_PORTS and port_b in _WEB_PORTS)


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """What may be fetched of the addresses found in content."""

    allow_private: bool = False
    #: Host names (``intranet.example``), IPs or networks (``10.1.0.0/16``) always allowed.
    allow_hosts: tuple[str, ...] = ()

    def allows_host(self, host: str) -> bool:
        """Whether the user allowed ``host`` by name, IP or network."""
        host = host.lower().strip("[]")
        for allowed in self.allow_hosts:
            allowed = allowed.lower().strip("[]")
            if host == allowed:
                return True
            try:
                if ipaddress.ip_address(host) in ipaddress.ip_network(allowed, strict=False):
                    return True
            except ValueError:
                continue
        return False

    def check_url(self, url: str, listed_by: str | None) -> bool:
        """Raise :class:`RefusedAddress` when ``url``, found in content listed by ``listed_by``, is
        not to be fetched: credentials in it, or a name that resolves to a non-public IP.

        Returns whether the connection must still check the IPs it reaches (False when
        the host may be anywhere: the lister's own host, or one the user allowed).
        """
        parts = urlsplit(url)
        if parts.username is not None or parts.password is not None:
            raise RefusedAddress("refused: the address carries a user name or password")
        host = parts.hostname or ""
        if self.allow_private or same_host(url, listed_by) or self.allows_host(host):
            return False
        try:
            ips = resolve(host, _port(parts) or 80)
        except (OSError, UnicodeError):
            return True  # Nothing to connect to: the fetch itself says "no such host".
        self.check_ips(host, ips)
        return True

    def check_ips(self, host: str, ips: Sequence[IP]) -> None:
        """Raise :class:`RefusedAddress` when any of ``ips`` (``host`` resolved) is not public."""
        if self.allow_private or self.allows_host(host):
            return
        for ip in ips:
            kind = describe_ip(ip)
            if kind is not None and not self.allows_host(str(ip)):
                raise RefusedAddress(
                    f"refused: {host} is {kind} ({ip}), found inside content; "
                    "set [fetch] allow_private = true or list it in allow_hosts to fetch it"
                )
