"""The keyed chain of the audit log: how a row's hash is computed from its content.

Each row's hash is an HMAC-SHA256, under a key from the settings (``KIPNI_AUDIT_KEYS``),
of every column a reader relies on in a canonical JSON form, plus the previous row's
hash. The key never lives in the database: whoever can write to the database can delete
or rewrite rows, but cannot recompute hashes that verify. A cut tail (the last rows
deleted) leaves a chain that is intact in itself; a checkpoint, a signed head kept off
the host, finds it.

Client addresses are erased after a retention period (``KIPNI_AUDIT_ADDRESS_DAYS``), so
the chain covers a keyed hash of the address rather than the address: erasing it
changes nothing the chain covers, and an investigator holding the key can still check
whether a given address made a request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from api.audit.models import AuditEvent
from api.core.config import Settings, get_settings

GENESIS = "0" * 64
# Each use of a key gets its own prefix, so a value made for one never passes for another.
_ROW = b"audit-row\x00"
_CHECKPOINT = b"audit-checkpoint\x00"
_ADDRESS = b"client-address\x00"


class UnknownAuditKey(LookupError):
    """A row or checkpoint names a key the settings do not hold."""


@dataclass(frozen=True)
class AuditKeys:
    """The chain keys, newest first; the newest signs new rows, older ones verify."""

    keys: tuple[tuple[str, bytes], ...]

    @classmethod
    def parse(cls, spec: str) -> AuditKeys:
        keys = []
        for entry in spec.split(","):
            key_id, _, secret = entry.strip().partition(":")
            if not key_id or not secret:
                raise ValueError("KIPNI_AUDIT_KEYS entries are ID:SECRET")
            keys.append((key_id, secret.encode()))
        return cls(tuple(keys))

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for candidate, secret in self.keys:
            if candidate == key_id:
                return secret
        raise UnknownAuditKey(key_id)

    def mac(self, key_id: str, message: bytes) -> str:
        return hmac.new(self.key(key_id), message, hashlib.sha256).hexdigest()


@lru_cache(maxsize=8)
def _parsed(spec: str) -> AuditKeys:
    return AuditKeys.parse(spec)


def keys_of(settings: Settings) -> AuditKeys:
    return _parsed(settings.audit_keys.get_secret_value())


def current_keys() -> AuditKeys:
    """The keys of this process's settings: the server, the worker and the ``kipni``
    command all read the same ``KIPNI_AUDIT_KEYS``."""
    return keys_of(get_settings())


def address_digest(keys: AuditKeys, key_id: str, address: str | None) -> str | None:
    if address is None:
        return None
    return keys.mac(key_id, _ADDRESS + address.encode())


# The columns the chain covers (``client_address`` is not: it is erased after a while).
COVERED = (
    "id",
    "occurred_at",
    "actor_kind",
    "actor_id",
    "organisation",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "client_address_digest",
    "request_id",
    "details",
    "key_id",
    "prev_hash",
)


def canonical(row: Mapping[str, Any]) -> bytes:
    """The covered columns of an audit row as the bytes its hash is computed over."""
    content = {name: row[name] for name in COVERED}
    content["id"] = str(content["id"])
    content["occurred_at"] = content["occurred_at"].isoformat()
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_hash(keys: AuditKeys, row: Mapping[str, Any]) -> str:
    """The hash of an audit row given as its column values."""
    return keys.mac(row["key_id"], _ROW + canonical(row))


def compute_hash(keys: AuditKeys, event: AuditEvent) -> str:
    """The hash of a stored audit row."""
    return row_hash(keys, {name: getattr(event, name) for name in COVERED})


def checkpoint_message(seq: int, hash_: str, count: int, at: str) -> bytes:
    return json.dumps(
        {"seq": seq, "hash": hash_, "count": count, "at": at}, sort_keys=True, separators=(",", ":")
    ).encode()


def sign_checkpoint(keys: AuditKeys, seq: int, hash_: str, count: int, at: str) -> str:
    """``KEY_ID:HEX``: the key that signed it is named, so a rotation keeps old
    checkpoints checkable while the old key is still configured."""
    key_id = keys.current_id
    mac = keys.mac(key_id, _CHECKPOINT + checkpoint_message(seq, hash_, count, at))
    return f"{key_id}:{mac}"


def checkpoint_signature_holds(
    keys: AuditKeys, seq: int, hash_: str, count: int, at: str, signature: str
) -> bool:
    key_id, _, mac = signature.partition(":")
    try:
        expected = keys.mac(key_id, _CHECKPOINT + checkpoint_message(seq, hash_, count, at))
    except UnknownAuditKey:
        return False
    return hmac.compare_digest(expected, mac)
