"""Where the versioned API lives; services build the links they store (``Location``) from it."""

from __future__ import annotations

API_PREFIX = "/api/v1"
