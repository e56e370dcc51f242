"""Folding for search."""

from __future__ import annotations

import pytest

from api.directory.search import fold, like_pattern


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Prävention", "praevention"),
        ("PRÄVENTION", "praevention"),
        ("Straße", "strasse"),
        ("Größe", "groesse"),
        ("Café", "cafe"),
        ("  viele   Leerzeichen ", "viele leerzeichen"),
    ],
)
def test_fold_ignores_case_umlauts_and_accents(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_like_pattern_escapes_wildcards() -> None:
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"
