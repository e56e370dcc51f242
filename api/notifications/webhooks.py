"""Delivering one webhook event: a signed JSON POST to the partner's URL.

Redirects are not followed, proxies from the environment are ignored, and the request
goes to the address the check approved: otherwise a request could end up somewhere the
check never saw.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx

from api.core.config import Settings
from api.core.json import dumps
from api.notifications import url_guard
from api.notifications.errors import DeliveryError
from api.notifications.signing import SIGNATURE_HEADER, signature_header

USER_AGENT = "KIPNI-Webhooks/1"


async def deliver(
    settings: Settings, *, url: str, secret: str, delivery_id: uuid.UUID, event: dict[str, Any]
) -> None:
    """Sends ``event``; a 2xx answer is success, anything else a failed attempt."""
    try:
        address = await url_guard.check(
            url,
            allow_loopback=settings.webhooks_allow_loopback,
            timeout=settings.webhook_timeout_seconds,
            ports=frozenset(settings.webhook_ports),
        )
    except url_guard.UnsafeUrl as exc:
        raise DeliveryError(f"webhook URL refused: {exc}", permanent=True) from exc
    target, host_header, tls_name = url_guard.pinned(url, address)
    body = dumps(event)
    headers = {
        "Host": host_header,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: signature_header(secret, body, int(time.time())),
        "KIPNI-Event": str(event.get("event", "")),
        # The same on every retry of one event, so receivers can drop duplicates.
        "KIPNI-Delivery": str(delivery_id),
    }
    try:
        async with httpx.AsyncClient(
            timeout=settings.webhook_timeout_seconds, follow_redirects=False, trust_env=False
        ) as client:
            # The checked address, with the certificate still checked against the host name.
            response = await client.post(
                target, content=body, headers=headers, extensions={"sni_hostname": tls_name}
            )
    except httpx.HTTPError as exc:
        raise DeliveryError(f"webhook request failed ({type(exc).__name__})") from exc
    if not response.is_success:
        raise DeliveryError(f"webhook receiver answered HTTP {response.status_code}")
