"""Who may use the referral routes.

Reads and moves need only a signed-in caller: the queries are scoped to what the caller
may see, so another organisation's referral is simply not found.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.accounts.dependencies import CurrentPrincipal, RequireAnyScope, RequireScopes, RequireScopesLater
from api.core.principal import Principal
from api.core.scopes import Scope
from api.core.tokens import AccessClaims

# One referral, its history and its moves: any signed-in caller. The service decides per
# referral (one the caller may not see is a 404, a move it may not make a 403) and audits
# each refusal with the referral it was about, which a dependency could not.
ReferralCaller = CurrentPrincipal
# Lists are scoped to what the caller may see; each of these scopes shows a part.
ReferralReader = Annotated[
    Principal,
    Depends(
        RequireAnyScope(Scope.referrals_read_own, Scope.referrals_read_assigned, Scope.referrals_read_all)
    ),
]
ReferralWithdrawer = Annotated[Principal, Depends(RequireScopes(Scope.referrals_submit))]
# A submission's caller is looked up in the transaction that stores it, with the rest of
# its batch (see ``intake``); the route itself checks only the token's signature.
ReferralSubmitterToken = Annotated[AccessClaims, Depends(RequireScopesLater(Scope.referrals_submit))]
ReferralEraser = Annotated[Principal, Depends(RequireScopes(Scope.users_manage))]
