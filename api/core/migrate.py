"""Alembic driven from code, so ``kipni db upgrade`` and the tests share one path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Index

from api.core.config import PROJECT_ROOT


def alembic_config(database_url: str) -> Config:
    config = Config(toml_file=str(PROJECT_ROOT / "pyproject.toml"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def objects_of(dialect: str) -> Callable[..., bool]:
    """Alembic's ``include_object`` hook: leaves out what the models create only on other
    databases (an index made with ``.ddl_if(dialect=...)``), which autogenerate would
    otherwise report as missing."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        condition = getattr(obj, "_ddl_if", None) if isinstance(obj, Index) else None
        wanted = getattr(condition, "dialect", None)
        return wanted is None or wanted == dialect

    return include
