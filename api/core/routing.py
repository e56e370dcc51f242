"""Router construction shared by the domains."""

from __future__ import annotations

from fastapi import APIRouter

from api.core.errors import error_responses
from api.core.paths import API_PREFIX as API_PREFIX

# Answers any route may give: a body that is no JSON at all (400), too large (413), or a
# database that is down (503).
COMMON_ERRORS = error_responses(400, 413, 503)


def versioned_router(tag: str) -> APIRouter:
    """A domain router whose routes carry the full ``/api/v1/...`` path.

    The prefix sits on the domain router itself (not on an enclosing one) so each route
    knows its full template: metrics and access logs label requests with it.
    """
    return APIRouter(prefix=API_PREFIX, tags=[tag], responses=COMMON_ERRORS)
