"""Request parameters shared by the public and the staff routes of the directory."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query

from api.directory.schemas import SLUG_PATTERN

SlugPath = Annotated[str, Path(max_length=80, pattern=SLUG_PATTERN, examples=["kip-ni"])]
SlugQuery = Annotated[str | None, Query(max_length=80, pattern=SLUG_PATTERN)]
IdPath = Annotated[uuid.UUID, Path()]
