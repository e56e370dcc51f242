"""Who may use the staff routes of the directory."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.accounts.dependencies import RequireScopes
from api.core.principal import Principal
from api.core.scopes import Scope

DirectoryWriter = Annotated[Principal, Depends(RequireScopes(Scope.directory_write))]
