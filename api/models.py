"""Imports every domain's models so ``Base.metadata`` knows all tables (Alembic, tests)."""

from api.core.db import Base
from api.directory import models as directory_models

__all__ = ["Base", "directory_models"]
