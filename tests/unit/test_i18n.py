"""Language negotiation."""

from __future__ import annotations

import pytest

from api.core.i18n import Language, negotiate, pick


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, Language.de),
        ("", Language.de),
        ("en", Language.en),
        ("en-GB,en;q=0.9", Language.en),
        ("de-DE,de;q=0.9,en;q=0.8", Language.de),
        ("fr, en;q=0.5, de;q=0.4", Language.en),
        ("en;q=0, de;q=0.1", Language.de),
        ("tr, ar", Language.de),
        ("en;q=abc", Language.de),
    ],
)
def test_accept_language_picks_the_best_supported_language(header: str | None, expected: Language) -> None:
    assert negotiate(None, header) is expected


def test_the_query_parameter_wins_over_the_header() -> None:
    assert negotiate(Language.de, "en") is Language.de


def test_english_falls_back_to_german() -> None:
    assert pick(Language.en, "Nur Deutsch", None) == "Nur Deutsch"
    assert pick(Language.en, "Deutsch", "English") == "English"
