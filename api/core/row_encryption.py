"""Encryption of personal fields in rows, each value bound to its table, column and row."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from api.core.crypto import FieldCipher, field_context


@dataclass(frozen=True)
class Sealer:
    cipher: FieldCipher

    def seal(self, table: str, column: str, row_id: uuid.UUID, value: str | None) -> str | None:
        if value is None:
            return None
        return self.cipher.encrypt(value, context=field_context(table, column, row_id))

    def open(self, table: str, column: str, row_id: uuid.UUID, stored: str | None) -> str | None:
        if stored is None:
            return None
        return self.cipher.decrypt(stored, context=field_context(table, column, row_id))

    def seal_json(self, table: str, column: str, row_id: uuid.UUID, value: Any) -> str | None:
        return (
            None if value is None else self.seal(table, column, row_id, json.dumps(value, ensure_ascii=False))
        )

    def open_json(self, table: str, column: str, row_id: uuid.UUID, stored: str | None) -> Any:
        opened = self.open(table, column, row_id, stored)
        return None if opened is None else json.loads(opened)

    def reseal(self, table: str, column: str, row_id: uuid.UUID, stored: str | None) -> str | None:
        """The same value under the newest key (for key rotation)."""
        return self.seal(table, column, row_id, self.open(table, column, row_id, stored))
