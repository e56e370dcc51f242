"""Router construction shared by the domains."""

from __future__ import annotations

from fastapi import APIRouter

API_PREFIX = "/api/v1"


def versioned_router(tag: str) -> APIRouter:
    """A domain router whose routes carry the full ``/api/v1/...`` path.

    The prefix sits on the domain router itself (not on an enclosing one) so each route
    knows its full template: metrics and access logs label requests with it.
    """
    return APIRouter(prefix=API_PREFIX, tags=[tag])
