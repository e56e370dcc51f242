"""The counters: one row per key (an account, an address, a sender), with its window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base


class LoginThrottle(Base):
    """Failed attempts per key within a window, shared by workers. The key is a keyed
    hash (``api.core.pseudonyms``): never what was typed, never a plain address."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime]
    # The growing delays count from the last failure.
    last_failure_at: Mapped[datetime | None]
