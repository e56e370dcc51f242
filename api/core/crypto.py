"""Field encryption for personal data at rest: AES-256-GCM with rotating keys.

Each value gets a fresh 96-bit nonce; the key id travels with the ciphertext so old
values stay readable after a new key is added. The associated data binds a ciphertext
to its table, column and row: copied into another row, it no longer decrypts.

Stored form: ``v1.<key id>.<base64url nonce>.<base64url ciphertext+tag>``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from api.core.config import Environment, Settings

VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
# Development only: derived from a fixed label, so a fresh checkout runs with no set-up.
_DEVELOPMENT_KEY = ("dev", hashlib.sha256(b"kipni development data key").digest())


class DecryptionError(Exception):
    """The value was tampered with, moved to another row, or its key is gone."""


class KeyConfigurationError(ValueError):
    pass


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_keys(spec: str) -> list[tuple[str, bytes]]:
    """``id1:base64,id2:base64`` into (id, key) pairs, newest first."""
    keys: list[tuple[str, bytes]] = []
    for part in spec.split(","):
        if not part.strip():
            continue
        key_id, _, encoded = part.strip().partition(":")
        if not key_id.isalnum() or len(key_id) > 16:
            raise KeyConfigurationError("A data key id is 1 to 16 letters or digits.")
        try:
            key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), altchars=b"-_", validate=False)
        except (binascii.Error, ValueError) as exc:
            raise KeyConfigurationError(f"Data key {key_id} is not base64.") from exc
        if len(key) != KEY_BYTES:
            raise KeyConfigurationError(f"Data key {key_id} must be {KEY_BYTES} bytes.")
        keys.append((key_id, key))
    return keys


def new_key_spec(key_id: str) -> str:
    """A fresh ``id:base64`` entry for ``KIPNI_DATA_KEYS``."""
    return f"{key_id}:{base64.b64encode(os.urandom(KEY_BYTES)).decode()}"


@dataclass(frozen=True)
class FieldCipher:
    keys: tuple[tuple[str, bytes], ...]
    # One cipher per key, built once: building one per value was a third of sealing it.
    _ciphers: dict[str, AESGCM] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ciphers", {key_id: AESGCM(key) for key_id, key in self.keys})

    @classmethod
    def from_settings(cls, settings: Settings) -> FieldCipher:
        keys = parse_keys(settings.data_keys.get_secret_value())
        if not keys:
            if settings.environment is not Environment.development:
                raise KeyConfigurationError("KIPNI_DATA_KEYS is required outside development.")
            keys = [_DEVELOPMENT_KEY]
        return cls(tuple(keys))

    @property
    def current_key_id(self) -> str:
        return self.keys[0][0]

    def _cipher(self, key_id: str) -> AESGCM:
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise DecryptionError(f"no key with id {key_id}")
        return cipher

    def encrypt(self, plaintext: str, *, context: str) -> str:
        key_id = self.keys[0][0]
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers[key_id].encrypt(nonce, plaintext.encode(), context.encode())
        return f"{VERSION}.{key_id}.{_b64encode(nonce)}.{_b64encode(sealed)}"

    def decrypt(self, stored: str, *, context: str) -> str:
        try:
            version, key_id, nonce, sealed = stored.split(".")
        except ValueError as exc:
            raise DecryptionError("not an encrypted value") from exc
        if version != VERSION:
            raise DecryptionError("unknown format")
        try:
            return (
                self._cipher(key_id).decrypt(_b64decode(nonce), _b64decode(sealed), context.encode()).decode()
            )
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionError("the value does not decrypt in this place") from exc

    def key_id_of(self, stored: str) -> str:
        return stored.split(".", 2)[1]


def field_context(table: str, column: str, row_id: object) -> str:
    """The associated data binding a ciphertext to one field of one row."""
    return f"{table}.{column}.{row_id}"
