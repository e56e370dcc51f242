"""Who may use the accounts routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.accounts.dependencies import RequireScopes
from api.core.principal import Principal
from api.core.scopes import Scope

AccountsAdmin = Annotated[Principal, Depends(RequireScopes(Scope.users_manage))]
