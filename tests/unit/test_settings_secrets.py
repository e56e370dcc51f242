"""The service refuses to start outside development with a weak token secret."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from api.core.config import DEVELOPMENT_AUDIT_KEYS, DEVELOPMENT_JWT_SECRET, Environment, Settings
from tests.conftest import TEST_DATA_KEYS

KEYS = SecretStr(TEST_DATA_KEYS)


@pytest.mark.parametrize("environment", [Environment.production, Environment.test])
def test_the_default_secret_is_refused_outside_development(environment: Environment) -> None:
    with pytest.raises(ValidationError, match="KIPNI_JWT_SECRET"):
        Settings(environment=environment)


def test_a_short_secret_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="32"):
        Settings(environment=Environment.production, jwt_secret=SecretStr("x" * 31), data_keys=KEYS)


def test_a_missing_data_key_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="KIPNI_DATA_KEYS"):
        Settings(environment=Environment.production, jwt_secret=SecretStr("k" * 32))


def test_a_long_random_secret_is_accepted_in_production() -> None:
    settings = Settings(environment=Environment.production, jwt_secret=SecretStr("k" * 32), data_keys=KEYS)

    assert settings.jwt_secret.get_secret_value() == "k" * 32


def test_development_may_use_the_default_secret() -> None:
    assert (
        Settings(environment=Environment.development).jwt_secret.get_secret_value() == DEVELOPMENT_JWT_SECRET
    )


def test_the_secret_never_appears_in_the_settings_repr() -> None:
    settings = Settings(environment=Environment.production, jwt_secret=SecretStr("s" * 40), data_keys=KEYS)

    assert "s" * 40 not in repr(settings)


@pytest.mark.parametrize(
    "audit_keys",
    [DEVELOPMENT_AUDIT_KEYS, "a1:short", "no-id-or-secret", ":" + "k" * 40, "a1:" + "k" * 40 + ",a0:x"],
)
def test_a_default_or_weak_audit_key_is_refused_outside_development(audit_keys: str) -> None:
    with pytest.raises(ValidationError, match="KIPNI_AUDIT_KEYS"):
        Settings(
            environment=Environment.production,
            jwt_secret=SecretStr("k" * 32),
            data_keys=KEYS,
            audit_keys=SecretStr(audit_keys),
        )


def test_development_may_use_the_default_audit_key() -> None:
    settings = Settings(environment=Environment.development, audit_keys=SecretStr(DEVELOPMENT_AUDIT_KEYS))

    assert settings.audit_keys.get_secret_value() == DEVELOPMENT_AUDIT_KEYS
