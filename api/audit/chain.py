"""The hash chain of the audit log: how a row's hash is computed from its content.

The hash covers every column a reader relies on, in a canonical JSON form, plus the
previous row's hash. Verification recomputes it row by row.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from api.audit.models import AuditEvent

GENESIS = "0" * 64


def canonical(event: AuditEvent) -> bytes:
    content: dict[str, Any] = {
        "id": str(event.id),
        "occurred_at": event.occurred_at.isoformat(),
        "actor_kind": event.actor_kind,
        "actor_id": event.actor_id,
        "organisation": event.organisation,
        "action": event.action,
        "outcome": event.outcome,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "client_address": event.client_address,
        "request_id": event.request_id,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()
