"""Settings."""

from __future__ import annotations

import base64

import pytest
from pydantic import SecretStr, ValidationError

from api.core.config import Environment, Settings, normalise_database_url

KEYS = SecretStr("k1:" + base64.b64encode(b"\x01" * 32).decode())


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


def test_outside_development_staff_roles_need_a_second_factor_by_default() -> None:
    settings = Settings(environment=Environment.production, jwt_secret=SecretStr("k" * 32), data_keys=KEYS)

    assert settings.second_factor_roles == {"coordinator", "case_worker", "admin"}


def test_in_development_nobody_needs_a_second_factor_by_default() -> None:
    assert Settings(environment=Environment.development).second_factor_roles == frozenset()


def test_an_empty_second_factor_roles_setting_means_nobody(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIPNI_REQUIRE_SECOND_FACTOR_ROLES", "")

    settings = Settings(environment=Environment.production, jwt_secret=SecretStr("k" * 32), data_keys=KEYS)

    assert settings.second_factor_roles == frozenset()


def test_second_factor_roles_are_read_as_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIPNI_REQUIRE_SECOND_FACTOR_ROLES", "admin, editor")

    assert Settings().second_factor_roles == {"admin", "editor"}


def test_an_unknown_role_in_second_factor_roles_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIPNI_REQUIRE_SECOND_FACTOR_ROLES", "admin,coordinater")

    with pytest.raises(ValidationError, match="coordinater"):
        Settings()
