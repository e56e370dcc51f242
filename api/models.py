"""Imports every domain's models so ``Base.metadata`` knows all tables (Alembic, tests),
and gathers the encrypted columns every domain declares (key rotation)."""

from api.accounts import models as accounts_models
from api.audit import models as audit_models
from api.core.db import Base
from api.directory import models as directory_models
from api.messages import models as messages_models
from api.notifications import models as notifications_models
from api.referrals import models as referrals_models
from api.throttle import models as throttle_models

ENCRYPTED_COLUMNS = (
    *accounts_models.ENCRYPTED_COLUMNS,
    *referrals_models.ENCRYPTED_COLUMNS,
    *messages_models.ENCRYPTED_COLUMNS,
    *notifications_models.ENCRYPTED_COLUMNS,
)

__all__ = [
    "ENCRYPTED_COLUMNS",
    "Base",
    "accounts_models",
    "audit_models",
    "directory_models",
    "messages_models",
    "notifications_models",
    "referrals_models",
    "throttle_models",
]
