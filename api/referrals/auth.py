"""Who may use the referral routes.

Reads and moves need only a signed-in caller: the queries are scoped to what the caller
may see, so another organisation's referral is simply not found.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.accounts.dependencies import CurrentPrincipal, RequireAnyScope, RequireScopes
from api.core.principal import Principal
from api.core.scopes import Scope

# One referral and its history: any signed-in caller; one it may not see is a 404 (and
# the refusal is audited), never a 403.
ReferralCaller = CurrentPrincipal
# Lists are scoped to what the caller may see; each of these scopes shows a part.
ReferralReader = Annotated[
    Principal,
    Depends(
        RequireAnyScope(Scope.referrals_read_own, Scope.referrals_read_assigned, Scope.referrals_read_all)
    ),
]
# The service checks the move against the scope it needs (triage or the programme's).
ReferralMover = Annotated[
    Principal, Depends(RequireAnyScope(Scope.referrals_triage, Scope.referrals_update_assigned))
]
ReferralWithdrawer = Annotated[Principal, Depends(RequireScopes(Scope.referrals_submit))]
ReferralSubmitter = Annotated[Principal, Depends(RequireScopes(Scope.referrals_submit))]
ReferralEraser = Annotated[Principal, Depends(RequireScopes(Scope.users_manage))]
