"""Settings."""

from __future__ import annotations

import pytest

from api.core.config import Settings, normalise_database_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///var/x.sqlite3", "sqlite+aiosqlite:///var/x.sqlite3"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_plain_database_urls_get_the_async_driver(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected


def test_cors_origins_are_read_as_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIPNI_CORS_ORIGINS", "https://a.example, https://b.example")

    assert Settings().cors_origins == ["https://a.example", "https://b.example"]


def test_an_empty_sign_language_folder_setting_means_none() -> None:
    assert Settings(sign_language_dir="").sign_language_dir is None
