"""Request parameters every domain shares: paging, times, the language of texts.

This module is HTTP: routers import it, services never do (they take plain values). The
rules behind the parameters (cursors, language negotiation, UTC ranges) live in
FastAPI-free modules: ``api.core.pagination``, ``api.core.i18n``.
"""

# No `from __future__ import annotations`: FastAPI reads the annotations of the
# dependency built in `language_dependency`, which name a local of that function.

import re
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Query
from pydantic import AfterValidator, AwareDatetime, BeforeValidator

from api.core.i18n import Language, negotiate
from api.core.openapi import required_header
from api.core.pagination import DEFAULT_LIMIT, MAX_CURSOR_LENGTH, MAX_LIMIT, check_signature, in_utc_range

LimitQuery = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.", examples=[DEFAULT_LIMIT]),
]


def _signed_cursor(
    cursor: Annotated[
        str | None,
        Query(max_length=MAX_CURSOR_LENGTH, description="`next_cursor` of the previous page."),
    ] = None,
) -> str | None:
    """A cursor the server did not sign is a 400 here, before the route does any work
    (no query, no page-cache entry)."""
    if cursor is not None:
        check_signature(cursor)
    return cursor


CursorQuery = Annotated[str | None, Depends(_signed_cursor)]


def _exists_in_utc(moment: datetime) -> datetime:
    if not in_utc_range(moment):
        raise ValueError("the time lies outside the years a UTC time can have")
    return moment


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _written_time(value: object) -> object:
    """Only a written time (RFC 3339, as documented): pydantic would also read a number
    as seconds since 1970, which the document does not offer."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value.strip())):
        raise ValueError("give a time with its zone, e.g. 2026-01-31T23:00:00Z")
    return value


# A naive time would be ambiguous (and cannot be compared with stored UTC times).
UtcMoment = Annotated[AwareDatetime, BeforeValidator(_written_time), AfterValidator(_exists_in_utc)]
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

# The version a change is based on; see api.core.conditional.check_if_match.
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The `ETag` of the version you change, as a staff read or the last write "
        "returned it. Required: without it 428; when the entry changed since, 412.",
        examples=['"3"'],
        json_schema_extra=required_header(),
    ),
]
