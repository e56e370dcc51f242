"""Who acts, as plain values: the caller behind a token (``Principal``), the actor an
audit row names (``Actor``) and where a request came from (``RequestMeta``).

These are value types only; resolving a token into a principal is the accounts domain's
job (``api.accounts.dependencies``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from api.core.scopes import Scope


@dataclass(frozen=True)
class Actor:
    """Who did something, as the audit log records it."""

    kind: str
    id: str | None = None
    organisation: str | None = None


ANONYMOUS = Actor(kind="anonymous")
SYSTEM = Actor(kind="system")


@dataclass(frozen=True)
class RequestMeta:
    """Where a request came from, as far as the audit log keeps it."""

    client_address: str | None = None
    request_id: str | None = None


NO_REQUEST = RequestMeta()


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
    # The sign-in (refresh token family) the token belongs to, for users.
    session_id: str | None = None
    # Whether the account has a second factor, and whether its role must have one; a
    # principal that must but has none may only enrol (it holds no scopes until then).
    second_factor_enrolled: bool = False
    second_factor_required: bool = False

    @property
    def enrolment_pending(self) -> bool:
        return self.second_factor_required and not self.second_factor_enrolled

    @property
    def actor(self) -> Actor:
        return Actor(kind=self.kind, id=str(self.id), organisation=self.organisation_slug)

    def has(self, *scopes: Scope) -> bool:
        return set(scopes) <= self.scopes
