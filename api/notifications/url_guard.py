"""Which webhook URLs the service calls: https, and only hosts on the public internet.

A webhook makes the service send requests to an address a partner chose. Without this
check a partner could aim it at the database, a metadata endpoint (169.254.169.254) or
an admin port on the internal network (server-side request forgery). Every address the
host resolves to is checked, at registration and again before each delivery, because
DNS answers may change in between; delivery then connects to the checked address
itself (``pinned``), so a second DNS answer never gets a say.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_PORTS = frozenset({443})

# Whatever is wrong with the host (no answer, a private or a transition address), the
# partner gets this one text: different answers would let it map internal host names.
UNREACHABLE = "The host of the URL is not a public internet host the service may call."

# Ranges that carry or reach other addresses (IPv6 transition mechanisms) and look
# global to the ``ipaddress`` module: through them, 10.0.0.1 hides behind 2002:a00:1::.
_TRANSITION = tuple(
    ipaddress.ip_network(network)
    for network in (
        "2002::/16",  # 6to4
        "2001::/32",  # Teredo
        "64:ff9b::/96",  # NAT64, well-known prefix
        "64:ff9b:1::/48",  # NAT64, local use
        "::/96",  # IPv4-compatible (deprecated)
        "::ffff:0:0:0/96",  # IPv4-translated (SIIT)
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
    )
)


class UnsafeUrl(ValueError):
    """The URL is not one the service may call; the message says why."""


def _host_and_port(url: str, *, allow_http: bool) -> tuple[str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeUrl("The URL is malformed.") from exc
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes:
        raise UnsafeUrl("The URL must use https.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("The URL must not contain credentials.")
    if not parts.hostname:
        raise UnsafeUrl("The URL has no host.")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def is_forbidden(address: IPAddress, *, allow_loopback: bool) -> bool:
    """True for every address that is not plainly on the public internet."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if allow_loopback and address.is_loopback:
        return False
    if any(address.version == network.version and address in network for network in _TRANSITION):
        return True
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


async def check(
    url: str, *, allow_loopback: bool, timeout: float, ports: frozenset[int] = DEFAULT_PORTS
) -> IPAddress:
    """An address of the URL's host to connect to; raises ``UnsafeUrl`` unless every
    address of the host may be called, on one of ``ports``.

    ``allow_loopback`` (a test setting) also allows plain http and any port on loopback
    addresses, for a receiver the tests start on this machine.
    """
    host, port = _host_and_port(url, allow_http=allow_loopback)
    if port not in ports and not allow_loopback:
        raise UnsafeUrl(_port_refusal(ports))
    try:
        async with asyncio.timeout(timeout):
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, TimeoutError, UnicodeError) as exc:  # UnicodeError: an impossible IDNA label
        raise UnsafeUrl(UNREACHABLE) from exc
    addresses = [ipaddress.ip_address(str(sockaddr[0]).partition("%")[0]) for *_, sockaddr in infos]
    if not addresses or any(is_forbidden(address, allow_loopback=allow_loopback) for address in addresses):
        # Which address, or whether there was none, is not said.
        raise UnsafeUrl(UNREACHABLE)
    if port not in ports and not all(address.is_loopback for address in addresses):
        raise UnsafeUrl(_port_refusal(ports))
    return addresses[0]


def _port_refusal(ports: frozenset[int]) -> str:
    return "The URL must use port " + " or ".join(str(port) for port in sorted(ports)) + "."


def pinned(url: str, address: IPAddress) -> tuple[str, str, str]:
    """The URL with its host replaced by ``address``, the Host header, and the TLS name."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if isinstance(address, ipaddress.IPv6Address) else str(address)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    host_header = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl(), host_header, host
