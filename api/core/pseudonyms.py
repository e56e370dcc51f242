"""Keyed hashes of what people type or where they come from, for rows that only need to
recognise a value again (attempt counters), and client address buckets.

A counter row needs to know that two attempts came from the same address or named the
same account, not what was typed: a password typed into the name field must never lie
in the database in plain text, nor must client addresses be kept for longer than the
window needs them. The key comes from the settings (derived from the newest
``KIPNI_AUDIT_KEYS`` entry, never stored in the database), so the hashes cannot be
reversed by trying every IPv4 address or a list of names.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from functools import lru_cache

from api.core.config import get_settings

# IPv6 hands a whole /64 to one line, so its addresses are counted per /64.
IPV6_BUCKET_PREFIX = 64


@lru_cache(maxsize=8)
def _derived(spec: str, purpose: str) -> bytes:
    _, _, secret = spec.split(",")[0].strip().partition(":")
    return hmac.new(secret.encode(), b"kipni-" + purpose.encode(), hashlib.sha256).digest()


def derived_key(purpose: str) -> bytes:
    """A key for one purpose (pseudonyms, cursors), from the settings' newest audit key:
    the same in every worker of one deployment, never in the database."""
    return _derived(get_settings().audit_keys.get_secret_value(), purpose)


def _key(spec: str) -> bytes:
    return _derived(spec, "pseudonyms")


def pseudonym(kind: str, value: str) -> str:
    """``kind:HEX``, the HMAC-SHA256 of ``value`` for that kind."""
    key = _key(get_settings().audit_keys.get_secret_value())
    digest = hmac.new(key, kind.encode() + b"\x00" + value.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return f"{kind}:{digest.hexdigest()}"


def address_bucket(address: str | None) -> str:
    """The unit a client address is counted in: an IPv4 address, or an IPv6 /64."""
    if not address:
        return "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_BUCKET_PREFIX}", strict=False))
    return str(parsed)
