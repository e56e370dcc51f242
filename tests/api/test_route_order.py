"""Routing tries the routes in order: the submissions, the busiest path it decides, first."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from api.core.paths import API_PREFIX


def test_a_submission_is_matched_before_any_other_route_of_the_api(app: FastAPI) -> None:
    operations = [
        (route.path, sorted(route.methods or ()))
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute) and route.path and route.path.startswith(API_PREFIX)
    ]

    assert operations[0] == (f"{API_PREFIX}/referrals", ["POST"])
