"""``POST /api/v1/referrals`` for a well-formed submission, without the route's per-request
dependency resolution.

FastAPI resolves a route's dependencies anew for every request, and for the submission
route (the token, the caller's metadata, the intake, the key header, the body) that was
half of a submission's time outside storing: 150 of 210 µs in process, where the same
checks written out cost 50. Submissions come in bursts from partner systems, so this
route sits in front of the routed one: it reads the body, and when everything is in
order (one JSON body that validates, one valid bearer token naming
``referrals:submit``, one valid ``Idempotency-Key``) it hands the submission to the
intake and answers as the route would, through the same ``answer_submission``.

Anything else goes to the routed endpoint with the body it sent, so every refusal (401,
403, 400, 415, 422) is written by the route itself, in its own words. The middleware
around both is the same: request id, access log, security headers, CORS, limits, and
the error handlers.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.routing import APIRoute
from pydantic import ValidationError
from starlette.datastructures import URLPath
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Message, Receive, Scope, Send

from api.accounts.dependencies import bearer_claims
from api.core.config import Settings
from api.core.dependencies import meta_of
from api.core.errors import AppError
from api.core.scopes import Scope as ApiScope
from api.core.tokens import InvalidToken
from api.referrals import idempotency, service
from api.referrals.intake import Intake
from api.referrals.router import answer_submission, router, submit_referral
from api.referrals.schemas import ReferralCreate

# Set on a request this route passed on, so routing it again finds the routed endpoint.
_PASSED_ON = "kipni.submission_passed_on"
_NEEDED = ApiScope.referrals_submit.value
_WANTED_HEADERS = (b"authorization", b"idempotency-key", b"content-type")


class SubmissionRoute(BaseRoute):
    def __init__(self, route: APIRoute) -> None:
        self.route = route
        self.path = route.path
        self.child_scope = {"endpoint": route.endpoint, "path_params": {}, "route": route}

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] == self.path
            and _PASSED_ON not in scope
        ):
            return Match.FULL, self.child_scope
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        # The routed endpoint behind this one names the URL.
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = await _whole_body(receive)
        submission = _well_formed(scope, b"".join(message.get("body", b"") for message in received))
        if submission is None:
            scope[_PASSED_ON] = True
            await scope["router"].app(scope, _replaying(received, receive), send)
            return
        intake: Intake = scope["app"].state.intake
        response = await answer_submission(intake, submission, Request(scope, receive))
        await response(scope, receive, send)


def install(app: FastAPI) -> None:
    """Puts the route in front of every other route of ``app``."""
    routed = next(
        route for route in router.routes if isinstance(route, APIRoute) and route.endpoint is submit_referral
    )
    app.router.routes.insert(0, SubmissionRoute(routed))


async def _whole_body(receive: Receive) -> list[Message]:
    """The messages of the request body as they came, up to its last one (or the client's
    going away); the body limit around the application counts them as they arrive."""
    received = []
    while True:
        message = await receive()
        received.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return received


def _replaying(received: list[Message], receive: Receive) -> Receive:
    pending = list(received)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


def _well_formed(scope: Scope, body: bytes) -> service.Submission | None:
    """The submission, when the routed endpoint would take it as it is; None otherwise."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name in _WANTED_HEADERS:
            if name in found:
                return None  # said twice: the route decides which one counts
            found[name] = value
    if found.get(b"content-type") != b"application/json" or b"idempotency-key" not in found:
        return None
    settings: Settings = scope["app"].state.settings
    try:
        claims = bearer_claims(found.get(b"authorization", b"").decode("latin-1") or None, settings)
        key = idempotency.check_key(found[b"idempotency-key"].decode("latin-1"))
        parsed: Any = json.loads(body)
        referral = ReferralCreate.model_validate(parsed)
    except (InvalidToken, AppError, ValueError, RecursionError, ValidationError):
        return None
    if claims is None or _NEEDED not in claims.scopes:
        return None
    return service.Submission(claims, referral, meta_of(scope), key)
