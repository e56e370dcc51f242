"""Who is calling: a signed-in person or a partner system, with its organisation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from api.audit.service import Actor


@dataclass(frozen=True)
class Principal:
    kind: Literal["user", "client"]
    id: uuid.UUID
    name: str
    role: str | None
    organisation_id: uuid.UUID
    organisation_slug: str
    organisation_name: str
    scopes: frozenset[str]
    token_id: str
    token_expires_at: datetime

    @property
    def actor(self) -> Actor:
        return Actor(kind=self.kind, id=str(self.id), organisation=self.organisation_slug)

    def has(self, *scopes: str) -> bool:
        return set(scopes) <= self.scopes
