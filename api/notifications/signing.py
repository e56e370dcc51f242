"""The signature on every webhook delivery.

``KIPNI-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body)>``.
Signing the timestamp with the body lets a receiver refuse replays of an old delivery;
the README shows how to verify it.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "KIPNI-Signature"


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"
