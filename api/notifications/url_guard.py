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
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


async def check(url: str, *, allow_loopback: bool, timeout: float) -> IPAddress:
    """An address of the URL's host to connect to; raises ``UnsafeUrl`` unless every
    address of the host may be called.

    ``allow_loopback`` (a test setting) also allows plain http, for a receiver the tests
    start on this machine.
    """
    host, port = _host_and_port(url, allow_http=allow_loopback)
    try:
        async with asyncio.timeout(timeout):
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, TimeoutError, UnicodeError) as exc:  # UnicodeError: an impossible IDNA label
        raise UnsafeUrl("The host of the URL does not resolve.") from exc
    addresses = [ipaddress.ip_address(str(sockaddr[0]).partition("%")[0]) for *_, sockaddr in infos]
    if not addresses:
        raise UnsafeUrl("The host of the URL does not resolve.")
    if any(is_forbidden(address, allow_loopback=allow_loopback) for address in addresses):
        # Which address, is not said: the answer must not map the internal network.
        raise UnsafeUrl(
            "The host of the URL resolves to a private, loopback or otherwise non-public address."
        )
    return addresses[0]


def pinned(url: str, address: IPAddress) -> tuple[str, str, str]:
    """The URL with its host replaced by ``address``, the Host header, and the TLS name."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if isinstance(address, ipaddress.IPv6Address) else str(address)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    host_header = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl(), host_header, host
