"""Request parameters shared by the public and the staff routes of the directory."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Header, Path, Query

from api.core.i18n import Language
from api.directory.schemas import SLUG_PATTERN

LangQuery = Annotated[
    Language | None,
    Query(description="Language of the texts; without it `Accept-Language` decides, else German."),
]
AcceptLanguage = Annotated[str | None, Header(include_in_schema=False)]
SlugPath = Annotated[str, Path(max_length=80, pattern=SLUG_PATTERN, examples=["kip-ni"])]
SlugQuery = Annotated[str | None, Query(max_length=80, pattern=SLUG_PATTERN)]
IdPath = Annotated[uuid.UUID, Path()]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The `ETag` of the version you change, as a staff read or the last write "
        "returned it. Required: without it 428; when the entry changed since, 412.",
        examples=['"3"'],
    ),
]
