"""Folding of texts for search, so "praevention", "Prävention" and "PRÄVENTION" meet.

Stored texts and queries pass through the same ``fold``; the database then only needs a
plain ``LIKE``, which behaves the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import unicodedata

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    lowered = text.casefold().replace("ß", "ss").translate(_GERMAN)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def like_pattern(query: str) -> str:
    """A ``LIKE`` pattern matching ``query`` anywhere, wildcards escaped with ``\\``."""
    escaped = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def searchable(*texts: str | None) -> str:
    return fold(" ".join(text for text in texts if text))
