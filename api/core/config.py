"""Settings read from the environment (prefix ``KIPNI_``).

The CLI and the server read the same settings, so a script acts on the database the
server uses. Secrets are ``SecretStr`` so they never end up in a repr or a log line.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from api.core.scopes import Role

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "kipni.sqlite3"


DEVELOPMENT_JWT_SECRET = "development-only-secret-do-not-use-in-production"
DEVELOPMENT_AUDIT_KEYS = "dev:development-only-audit-key-do-not-use-in-production"
MIN_SECRET_BYTES = 32
DEFAULT_SECOND_FACTOR_ROLES = frozenset({Role.coordinator.value, Role.case_worker.value, Role.admin.value})


class WeakSecretError(ValueError):
    """Raised at start-up outside development when a secret is missing, default or short."""


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


def normalise_database_url(url: str) -> str:
    """Map plain URLs onto the async drivers the service uses.

    Operators write ``postgresql://...`` or ``sqlite:///...``; SQLAlchemy's async engine
    needs the driver named, so the mapping lives here and nowhere else.
    """
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url.split("://", 1)[1]
    return url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIPNI_", extra="ignore")

    environment: Environment = Environment.development
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    # Proxies whose X-Forwarded-For is believed (client addresses feed the throttles).
    forwarded_allow_ips: str = "127.0.0.1"
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    database_pool_size: int = Field(default=10, ge=1)
    database_timeout_seconds: float = Field(default=5.0, gt=0)
    public_base_url: str = "http://127.0.0.1:8000"
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Memory per worker for cached public pages, and the part of it free-text searches may use.
    public_cache_mb: float = Field(default=64, ge=0)
    public_search_cache_mb: float = Field(default=8, ge=0)
    directory_version_poll_seconds: float = Field(default=5.0, ge=0)
    log_level: str = "INFO"
    log_json: bool = True
    access_log: bool = True
    frontend_dist: Path = PROJECT_ROOT / "frontend" / "dist"

    jwt_secret: SecretStr = SecretStr(DEVELOPMENT_JWT_SECRET)
    jwt_issuer: str = "kipni"
    jwt_audience: str = "kipni-api"
    access_token_minutes: int = Field(default=15, ge=1, le=60)
    refresh_token_days: int = Field(default=14, ge=1, le=90)
    secure_cookies: bool = True
    # Failed sign-ins per account and address pair before that pair is blocked...
    login_max_failures: int = Field(default=5, ge=1)
    # ...and per account (any address) or per address (any account) before doubling delays.
    login_account_max_failures: int = Field(default=50, ge=1)
    login_address_max_failures: int = Field(default=100, ge=1)
    login_window_seconds: int = Field(default=900, ge=1)
    # Roles that must sign in with a second factor (TOTP). Unset: coordinator, case worker
    # and admin outside development, nobody in development; an empty value: nobody.
    require_second_factor_roles: Annotated[list[str] | None, NoDecode] = None
    redis_url: str | None = None

    data_keys: SecretStr = SecretStr("")
    # Keys of the audit chain, ``ID:SECRET[,ID:SECRET...]`` newest first; never stored in
    # the database, so whoever can write to it cannot recompute the chain.
    audit_keys: SecretStr = SecretStr(DEVELOPMENT_AUDIT_KEYS)
    # Days a client address stays readable in the audit log; then only its keyed hash.
    audit_address_days: int = Field(default=90, ge=1)
    retention_days: int = Field(default=730, ge=1)
    message_retention_days: int = Field(default=180, ge=1)
    # Contact-form messages one organisation accepts per hour, from all senders together.
    message_organisation_hourly_cap: int = Field(default=30, ge=1)
    # Staff hear of new contact messages once per this many seconds and organisation.
    message_notice_batch_seconds: int = Field(default=600, ge=1)
    idempotency_hours: int = Field(default=48, ge=24)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, ge=1, le=65535)
    smtp_tls: Literal["none", "starttls", "tls"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    mail_from: str = "KIP NI <no-reply@kipni.example>"
    outbox_max_attempts: int = Field(default=8, ge=1)
    outbox_backoff_seconds: int = Field(default=30, ge=1)
    worker_poll_seconds: float = Field(default=5.0, gt=0)
    worker_in_process: bool = False
    webhooks_allow_loopback: bool = False
    webhook_timeout_seconds: float = Field(default=5.0, gt=0)
    # Ports a webhook URL may name; anything but 443 is for tests and special set-ups.
    webhook_ports: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [443])

    # What the legal pages show beyond the centre's own facts (see api/site/). Empty
    # required values are named on the pages as missing, never invented.
    site_responsible_person: str = ""
    site_vat_id: str = ""
    site_data_protection_officer: str = ""
    site_supervisory_authority: str = (
        "Die Landesbeauftragte für den Datenschutz Niedersachsen, Prinzenstraße 5, 30159 Hannover"
    )
    site_arbitration_body: str = (
        "Schlichtungsstelle nach dem Niedersächsischen Behindertengleichstellungsgesetz (NBGG) "
        "beim Landesbeauftragten für Menschen mit Behinderungen, Hannah-Arendt-Platz 2, 30159 Hannover"
    )
    sign_language_dir: Path | None = None

    @field_validator("database_url")
    @classmethod
    def _use_async_driver(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("require_second_factor_roles", mode="before")
    @classmethod
    def _split_roles(cls, value: object) -> object:
        if isinstance(value, str):
            return [role.strip() for role in value.split(",") if role.strip()]
        return value

    @field_validator("require_second_factor_roles")
    @classmethod
    def _known_roles(cls, value: list[str] | None) -> list[str] | None:
        unknown = sorted(set(value or ()) - {role.value for role in Role})
        if unknown:
            raise ValueError(f"Unknown roles in KIPNI_REQUIRE_SECOND_FACTOR_ROLES: {', '.join(unknown)}.")
        return value

    @field_validator("sign_language_dir", mode="before")
    @classmethod
    def _blank_dir_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_ports", mode="before")
    @classmethod
    def _split_ports(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(port) for port in value.split(",") if port.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_weak_secrets(self) -> Settings:
        if self.environment is Environment.development:
            return self
        secret = self.jwt_secret.get_secret_value()
        if secret == DEVELOPMENT_JWT_SECRET or len(secret.encode()) < MIN_SECRET_BYTES:
            raise WeakSecretError(
                f"KIPNI_JWT_SECRET must be set to at least {MIN_SECRET_BYTES} random bytes "
                f"outside development (environment: {self.environment})."
            )
        if not self.data_keys.get_secret_value().strip():
            raise WeakSecretError(
                "KIPNI_DATA_KEYS must name at least one data key outside development "
                "(format: KEY_ID:BASE64_32_BYTES[,KEY_ID:BASE64_32_BYTES...], newest first)."
            )
        audit_keys = self.audit_keys.get_secret_value()
        entries = [entry.partition(":") for entry in audit_keys.split(",")]
        if audit_keys == DEVELOPMENT_AUDIT_KEYS or not all(
            key_id.strip() and len(key.encode()) >= MIN_SECRET_BYTES for key_id, _, key in entries
        ):
            raise WeakSecretError(
                "KIPNI_AUDIT_KEYS must be set outside development: ID:SECRET[,ID:SECRET...], newest "
                f"first, each secret at least {MIN_SECRET_BYTES} random bytes "
                f"(environment: {self.environment})."
            )
        return self

    @model_validator(mode="after")
    def _loopback_webhooks_only_outside_production(self) -> Settings:
        """Loopback webhooks let tests run a receiver on this host; in production they
        would let a partner make the service call its own internal endpoints."""
        if self.webhooks_allow_loopback and self.environment is Environment.production:
            raise ValueError("KIPNI_WEBHOOKS_ALLOW_LOOPBACK is for tests and development only.")
        return self

    @property
    def second_factor_roles(self) -> frozenset[str]:
        """The roles whose accounts must have a second factor."""
        if self.require_second_factor_roles is not None:
            return frozenset(self.require_second_factor_roles)
        if self.environment is Environment.development:
            return frozenset()
        return DEFAULT_SECOND_FACTOR_ROLES

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
