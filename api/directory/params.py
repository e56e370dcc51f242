"""Request parameters shared by the public and the staff routes of the directory."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Header, Path, Query

from api.directory.schemas import SLUG_PATTERN

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
