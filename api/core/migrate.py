"""Alembic driven from code, so ``kipni db upgrade`` and the tests share one path."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from api.core.config import PROJECT_ROOT


def alembic_config(database_url: str) -> Config:
    config = Config(toml_file=str(PROJECT_ROOT / "pyproject.toml"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)
