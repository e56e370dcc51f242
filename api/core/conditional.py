"""Conditional requests (RFC 9110): the ETags this service sends and the checks of
``If-None-Match`` (a cached copy is still good: 304) and ``If-Match`` (a change is based
on the current version: else 412, and 428 without one).

Two kinds of ETag: a public page's is a hash of its bytes; a directory row's is its
version number, which grows with every change. This module is free of HTTP types, so
services use it; the header parameter ``IfMatch`` is declared in ``api.core.params``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Generic, TypeVar

from api.core.errors import PreconditionFailed, PreconditionRequired

T = TypeVar("T", covariant=True)

CHANGED_MEANWHILE = "The entry was changed since you read it. Read it again, then repeat your change."


def content_etag(body: bytes) -> str:
    """The strong ETag of a representation: a hash of its bytes."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def version_etag(version: int) -> str:
    """The strong ETag of a row: its version, which grows with every change."""
    return f'"{version}"'


@dataclass(frozen=True)
class Versioned(Generic[T]):
    """A representation and the version of the row behind it."""

    item: T
    version: int

    @property
    def etag(self) -> str:
        return version_etag(self.version)


def none_match(if_none_match: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (so the answer is 304).

    RFC 9110 weak comparison, as ``If-None-Match`` asks for.
    """
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(candidate.strip().removeprefix("W/") == bare for candidate in if_none_match.split(","))


def check_if_match(if_match: str | None, version: int) -> None:
    """428 without ``If-Match``, 412 unless it names the current version (or is ``*``)."""
    if if_match is None:
        raise PreconditionRequired("Send the ETag of the version you change in If-Match.")
    candidates = {candidate.strip() for candidate in if_match.split(",")}
    if "*" not in candidates and version_etag(version) not in candidates:
        raise PreconditionFailed(CHANGED_MEANWHILE)
