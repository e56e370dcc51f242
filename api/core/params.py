"""Request parameters every domain shares: paging, times, the language of texts.

This module is HTTP: routers import it, services never do (they take plain values). The
rules behind the parameters (cursors, language negotiation, UTC ranges) live in
FastAPI-free modules: ``api.core.pagination``, ``api.core.i18n``.
"""

# No `from __future__ import annotations`: FastAPI reads the annotations of the
# dependency built in `language_dependency`, which name a local of that function.

from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Query
from pydantic import AfterValidator, AwareDatetime

from api.core.i18n import Language, negotiate
from api.core.pagination import DEFAULT_LIMIT, MAX_CURSOR_LENGTH, MAX_LIMIT, in_utc_range

LimitQuery = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.", examples=[DEFAULT_LIMIT]),
]
CursorQuery = Annotated[
    str | None,
    Query(max_length=MAX_CURSOR_LENGTH, description="`next_cursor` of the previous page."),
]


def _exists_in_utc(moment: datetime) -> datetime:
    if not in_utc_range(moment):
        raise ValueError("the time lies outside the years a UTC time can have")
    return moment


# A naive time would be ambiguous (and cannot be compared with stored UTC times).
UtcMoment = Annotated[AwareDatetime, AfterValidator(_exists_in_utc)]
MomentQuery = Annotated[
    UtcMoment | None,
    Query(description="A time with its zone, e.g. 2026-01-31T23:00:00Z.", examples=["2026-01-31T23:00:00Z"]),
]

TEXT_LANGUAGE = "Language of the texts; without it `Accept-Language` decides, else German."
AcceptLanguage = Annotated[str | None, Header(include_in_schema=False)]


def language_dependency(description: str = TEXT_LANGUAGE) -> Any:
    """A dependency giving the negotiated language: ``?lang=`` wins, then the best of
    ``Accept-Language``, then German. ``description`` documents ``lang`` for the route."""

    def language(
        lang: Annotated[Language | None, Query(description=description)] = None,
        accept_language: AcceptLanguage = None,
    ) -> Language:
        return negotiate(lang, accept_language)

    return Depends(language)


# The language of the texts a route answers with (and says in `Content-Language`).
LanguageDep = Annotated[Language, language_dependency()]
