"""One error hierarchy for the archive, rendered as RFC 9457 problem+json in one place.

Services raise these; `app.py` maps them (and anything unexpected) to a response. A client's
mistake is always a 4xx with a `type` URI, a human `title` and a `detail` that says what to fix.
"""
from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://court-archive.dev/problems/"


class ArchiveError(Exception):
    status = 500
    slug = "internal-error"
    title = "Internal error"

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra
        self.headers: dict[str, str] = {}

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


class BadRequest(ArchiveError):
    status, slug, title = 400, "bad-request", "Bad request"


class EmptyBody(BadRequest):
    slug, title = "empty-body", "Empty upload"


class InvalidCursor(BadRequest):
    slug, title = "invalid-cursor", "Invalid cursor"


class Unauthorized(ArchiveError):
    status, slug, title = 401, "unauthorized", "Missing or invalid API key"


class Forbidden(ArchiveError):
    status, slug, title = 403, "forbidden", "Missing scope"


class NotFound(ArchiveError):
    status, slug, title = 404, "not-found", "Not found"


class MethodNotAllowed(ArchiveError):
    status, slug, title = 405, "method-not-allowed", "Method not allowed"


class Conflict(ArchiveError):
    status, slug, title = 409, "conflict", "Conflict"


class PayloadTooLarge(ArchiveError):
    status, slug, title = 413, "payload-too-large", "Upload too large for this path"


class UnsupportedMediaType(ArchiveError):
    status, slug, title = 415, "unsupported-media-type", "Not a PDF"


class UnsupportedContentType(UnsupportedMediaType):
    """A body in a media type the route does not take (the route's own list is in `accepted`)."""

    title = "Unsupported media type"


class ValidationFailed(ArchiveError):
    """422: the request is well-formed but a field makes no sense; `errors` names each field."""

    status, slug, title = 422, "validation-failed", "Invalid field"

    def __init__(self, detail: str = "", errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail, errors=errors or [])

    @classmethod
    def field(cls, name: str, message: str) -> ValidationFailed:
        return cls(f"{name}: {message}", errors=[{"field": name, "message": message}])


class TooManyRequests(ArchiveError):
    status, slug, title = 429, "too-many-requests", "Too many requests"


class ServiceUnavailable(ArchiveError):
    status, slug, title = 503, "service-unavailable", "A backing service is unavailable"


def from_pydantic(exc: Any, prefix: str = "") -> ValidationFailed:
    """Turn a pydantic ValidationError into a 422 that names every offending field."""
    errors = []
    for err in exc.errors():
        name = ".".join(str(p) for p in err.get("loc", ())) or prefix or "body"
        if prefix and not name.startswith(prefix):
            name = f"{prefix}.{name}" if name != "body" else prefix
        errors.append({"field": name, "message": err.get("msg", "invalid")})
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return ValidationFailed(detail, errors=errors)
