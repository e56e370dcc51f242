"""Imports every domain's models so ``Base.metadata`` knows all tables (Alembic, tests)."""

from api.accounts import models as accounts_models
from api.audit import models as audit_models
from api.core.db import Base
from api.directory import models as directory_models
from api.messages import models as messages_models
from api.notifications import models as notifications_models
from api.referrals import models as referrals_models

__all__ = [
    "Base",
    "accounts_models",
    "audit_models",
    "directory_models",
    "messages_models",
    "notifications_models",
    "referrals_models",
]
