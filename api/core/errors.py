"""One exception hierarchy for errors raised on purpose, and the problem+json shape.

Services raise these without knowing about HTTP frameworks; ``api.core.error_handlers``
turns them (and every other failure) into RFC 9457 documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.core.json import dumps

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ValidationErrorItem(BaseModel):
    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    """The RFC 9457 problem document, as documented in the OpenAPI schema."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "/problems/validation-error",
                    "title": "Validation error",
                    "status": 422,
                    "detail": "The request does not match the schema.",
                    "instance": "/api/v1/referrals",
                    "errors": [{"loc": ["body", "concern"], "msg": "Field required"}],
                }
            ]
        }
    )

    type: str = Field(examples=["/problems/not-found"])
    title: str = Field(examples=["Not found"])
    status: int = Field(examples=[404])
    detail: str | None = Field(default=None, examples=["No organisation with this slug."])
    instance: str | None = Field(default=None, examples=["/api/v1/organisations/unknown"])
    errors: list[ValidationErrorItem] | None = None


class AppError(Exception):
    """Base of every error the service raises on purpose."""

    status = 500
    type = "/problems/internal-error"
    title = "Internal server error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.headers = headers or {}
        self.extensions = extensions or {}


class BadRequest(AppError):
    status = 400
    type = "/problems/bad-request"
    title = "Bad request"


class InvalidCursor(BadRequest):
    type = "/problems/invalid-cursor"
    title = "Invalid cursor"


class Unauthorized(AppError):
    """Missing or unusable credentials. Says nothing about which part failed."""

    status = 401
    type = "/problems/unauthorized"
    title = "Unauthorized"

    def __init__(self, detail: str | None = None, **kwargs: Any) -> None:
        headers = kwargs.pop("headers", None) or {}
        headers.setdefault("WWW-Authenticate", 'Bearer error="invalid_token"')
        super().__init__(detail or "A valid access token is required.", headers=headers, **kwargs)


class Forbidden(AppError):
    status = 403
    type = "/problems/forbidden"
    title = "Forbidden"

    @classmethod
    def lacking(cls, scopes: Iterable[str]) -> Forbidden:
        """The refusal of a token without ``scopes``, worded the same wherever it is checked."""
        return cls("This token lacks the scope " + " ".join(sorted(scopes)) + ".")


class NotFound(AppError):
    status = 404
    type = "/problems/not-found"
    title = "Not found"


class Conflict(AppError):
    status = 409
    type = "/problems/conflict"
    title = "Conflict"


class PreconditionFailed(AppError):
    status = 412
    type = "/problems/precondition-failed"
    title = "Precondition failed"


class PreconditionRequired(AppError):
    status = 428
    type = "/problems/precondition-required"
    title = "Precondition required"


class UnprocessableEntity(AppError):
    status = 422
    type = "/problems/validation-error"
    title = "Validation error"


class TooManyRequests(AppError):
    status = 429
    type = "/problems/too-many-requests"
    title = "Too many requests"


class ServiceUnavailable(AppError):
    status = 503
    type = "/problems/service-unavailable"
    title = "Service unavailable"


_STATUS_TYPES = {
    400: ("/problems/bad-request", "Bad request"),
    401: ("/problems/unauthorized", "Unauthorized"),
    403: ("/problems/forbidden", "Forbidden"),
    404: ("/problems/not-found", "Not found"),
    405: ("/problems/method-not-allowed", "Method not allowed"),
    406: ("/problems/not-acceptable", "Not acceptable"),
    409: ("/problems/conflict", "Conflict"),
    412: ("/problems/precondition-failed", "Precondition failed"),
    413: ("/problems/payload-too-large", "Payload too large"),
    415: ("/problems/unsupported-media-type", "Unsupported media type"),
    422: ("/problems/validation-error", "Validation error"),
    428: ("/problems/precondition-required", "Precondition required"),
    429: ("/problems/too-many-requests", "Too many requests"),
    431: ("/problems/request-header-fields-too-large", "Request header fields too large"),
    503: ("/problems/service-unavailable", "Service unavailable"),
}


def problem_body(
    status: int,
    *,
    detail: str | None,
    instance: str | None,
    type_: str | None = None,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    extensions: dict[str, Any] | None = None,
) -> bytes:
    default_type, default_title = _STATUS_TYPES.get(status, ("about:blank", "Error"))
    body: dict[str, Any] = {
        "type": type_ or default_type,
        "title": title or default_title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    for key, value in (extensions or {}).items():
        body.setdefault(key, value)
    return dumps(body)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}, "description": title}
    for status, (_, title) in _STATUS_TYPES.items()
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry of a route, so its error shapes appear in the OpenAPI."""
    return {status: ERROR_RESPONSES[status] for status in statuses}
