"""Who may use the referral routes.

Reads and moves need only a signed-in caller: the queries are scoped to what the caller
may see, so another organisation's referral is simply not found.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.accounts.dependencies import CurrentPrincipal, RequireScopes
from api.core.principal import Principal
from api.core.scopes import Scope

ReferralCaller = CurrentPrincipal
ReferralSubmitter = Annotated[Principal, Depends(RequireScopes(Scope.referrals_submit))]
ReferralEraser = Annotated[Principal, Depends(RequireScopes(Scope.users_manage))]
