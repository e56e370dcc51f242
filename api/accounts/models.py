"""Tables of accounts: people, partner systems, refresh tokens, revocations, throttling."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.core.db import Base, Timestamps, UUIDPrimaryKey, one_of
from api.core.row_encryption import EncryptedColumns
from api.core.scopes import Role

# Accounts belong to an organisation of the directory (a relationship, loaded explicitly).
from api.directory.models import Organisation as Organisation


class User(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(one_of("role", Role), name="role"),)

    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Access tokens issued before this moment are refused (password reset, deactivation).
    tokens_valid_after: Mapped[datetime | None]
    # The second factor (TOTP, RFC 6238): the shared secret, sealed; set when enrolment
    # starts, in force once a code confirmed it (``totp_enrolled_at``).
    totp_secret_enc: Mapped[str | None] = mapped_column(String(500))
    totp_enrolled_at: Mapped[datetime | None]
    # The last time step a code was accepted for: each code works once.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    organisation: Mapped[Organisation] = relationship(lazy="raise")


class RecoveryCode(UUIDPrimaryKey, Base):
    """A one-time code that stands in for the authenticator app. Only the SHA-256 of the
    code is kept: the codes are 80 random bits, so no slow hash is needed."""

    __tablename__ = "recovery_codes"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ApiClient(UUIDPrimaryKey, Timestamps, Base):
    """A partner system signing in with client credentials."""

    __tablename__ = "api_clients"

    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    secret_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Access tokens issued before this moment are refused (secret rotation, deactivation).
    tokens_valid_after: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship(lazy="raise")


class RefreshToken(UUIDPrimaryKey, Base):
    """One link of a refresh token family; only the SHA-256 of the token is stored.

    Rotation marks the used token and issues the next link of the same family; a used
    token presented again means it was stolen, and the whole family is revoked.
    """

    __tablename__ = "refresh_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # The scopes of the sign-in that started the family: a refresh never widens them.
    scope: Mapped[str | None] = mapped_column(String(1000))


class RevokedAccessToken(Base):
    """The ``jti`` denylist: kept until the token would have expired anyway."""

    __tablename__ = "revoked_access_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


ENCRYPTED_COLUMNS = (EncryptedColumns(User, ("totp_secret_enc",)),)
