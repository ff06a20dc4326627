"""Exceptions: every error answer of the API (RFC 9457 problem+json) becomes an ApiError subclass
chosen by its HTTP status, carrying the problem's fields and, for 422, the field errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One entry of a problem's ``errors``: the field (``parties[0].id_number``) and why."""

    field: str
    message: str


class MediationError(Exception):
    """Base of every exception this package raises."""


class TransportError(MediationError):
    """No HTTP answer came (connection refused or lost, timeout), after the retries."""


class ApiError(MediationError):
    """The server answered with an error status. ``problem`` is the parsed body (``{}`` when it
    was not JSON)."""

    status: int
    type: str | None
    title: str | None
    detail: str | None
    errors: list[FieldError]
    request_id: str | None
    retry_after: int | None
    problem: dict[str, Any]

    def __init__(self, status: int, problem: dict[str, Any], *, request_id: str | None = None,
                 retry_after: int | None = None) -> None:
        self.status = status
        self.problem = problem
        self.type = _str(problem.get("type"))
        self.title = _str(problem.get("title"))
        self.detail = _str(problem.get("detail"))
        self.errors = [FieldError(str(e.get("field", "")), str(e.get("message", "")))
                       for e in problem.get("errors") or [] if isinstance(e, dict)]
        self.request_id = request_id or _str(problem.get("request_id"))
        self.retry_after = retry_after
        super().__init__(self._message())

    def _message(self) -> str:
        text = f"{self.status} {self.title or ''}".rstrip()
        if self.detail and self.detail != self.title:
            text += f": {self.detail}"
        for e in self.errors:
            text += f"\n  {e.field}: {e.message}"
        return text

    def field_errors(self) -> dict[str, str]:
        """The field errors as ``{field: message}`` (the last message when a field repeats)."""
        return {e.field: e.message for e in self.errors}


class BadRequest(ApiError):
    """400: malformed JSON, a cursor the list did not issue, …"""


class Unauthorized(ApiError):
    """401: no token, a wrong or expired one, or failed login."""


class Forbidden(ApiError):
    """403: the token may not do this."""


class NotFound(ApiError):
    """404: no such resource, or not the caller's to see."""


class Conflict(ApiError):
    """409: a status the action is not allowed from, or a unique value already used."""


class PreconditionFailed(ApiError):
    """412: ``If-Match`` names an older version."""


class PayloadTooLarge(ApiError):
    """413: the body is over the server's cap."""


class UnsupportedMediaType(ApiError):
    """415: a content type (or, for attachments, a sniffed file type) the server refuses."""


class ValidationError(ApiError):
    """422: invalid fields; ``errors`` names each."""


class PreconditionRequired(ApiError):
    """428: the change needs ``If-Match``."""


class TooManyRequests(ApiError):
    """429: throttled; ``retry_after`` seconds."""


class ServiceUnavailable(ApiError):
    """503 after the retries: the database is unreachable or busy."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict,
    412: PreconditionFailed, 413: PayloadTooLarge, 415: UnsupportedMediaType,
    422: ValidationError, 428: PreconditionRequired, 429: TooManyRequests,
    503: ServiceUnavailable,
}


def error_from_response(status: int, body: bytes, headers: dict[str, str]) -> ApiError:
    """The exception for an error answer (its status, body and lower-cased headers)."""
    try:
        problem = json.loads(body.decode("utf-8")) if body else {}
    except (UnicodeDecodeError, ValueError):
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    if not problem.get("title") and body and not problem:
        problem = {"detail": body[:500].decode("utf-8", "replace")}
    retry = headers.get("retry-after")
    retry_after = int(retry) if retry and retry.isdigit() else None
    cls = _BY_STATUS.get(status, ApiError)
    return cls(status, problem, request_id=headers.get("x-request-id"), retry_after=retry_after)


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None
