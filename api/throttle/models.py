"""The counters: one row per key (an account, an address, a sender), with its window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base


class LoginThrottle(Base):
    """Failed sign-ins per account or per address within a window, shared by workers."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime]
