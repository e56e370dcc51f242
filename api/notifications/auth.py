"""Who may use the notification routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.accounts.dependencies import RequireScopes
from api.core.principal import Principal
from api.core.scopes import Scope

WebhookOwner = Annotated[Principal, Depends(RequireScopes(Scope.referrals_read_own))]
OutboxAdmin = Annotated[Principal, Depends(RequireScopes(Scope.users_manage))]
