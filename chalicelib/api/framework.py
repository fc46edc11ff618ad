"""What Chalice answers on its own, in the archive's problem+json; path ids checked at the door.

Chalice answers some requests before a route runs, in its own `{"Code": ..., "Message": ...}`
shape: a Content-Type the route does not take (415, also for a missing one on a JSON route),
a method the path does not have (405), a view error (400/500). The middleware here turns each
into the archive's problem+json (the 415 says which types the route takes, the 405 keeps
`Allow`), never quoting what the client sent.

It also refuses path ids that cannot name anything before any key is built from them: longer
than `MAX_ID_CHARS` (DynamoDB caps a key at 1–2 KB, and moto never complains where AWS answers
500) or with a character outside the ids' alphabet (a `#` would reach into the key design) —
a 404, as for any id that names nothing.
"""
from __future__ import annotations

import re
from typing import Any
from collections.abc import Callable

from chalice import Chalice, Response

from chalicelib import errors
from chalicelib.api import query_fields
from chalicelib.api.query_fields import MAX_ID_CHARS

ID_PATTERN = re.compile(query_fields.ID_PATTERN)
_ID_NOUNS = {"filing_id": "filing", "case_id": "case", "report_id": "docket report", "key_id": "key"}
_BY_STATUS: dict[int, type[errors.ArchiveError]] = {
    400: errors.BadRequest, 401: errors.Unauthorized, 403: errors.Forbidden, 404: errors.NotFound,
    405: errors.MethodNotAllowed, 409: errors.Conflict, 413: errors.PayloadTooLarge,
    415: errors.UnsupportedContentType, 422: errors.ValidationFailed, 429: errors.TooManyRequests,
}


def bad_path_id(params: dict[str, str] | None) -> errors.NotFound | None:
    for name, value in (params or {}).items():
        if len(value) > MAX_ID_CHARS or not ID_PATTERN.match(value):
            noun = _ID_NOUNS.get(name, name.replace("_", " "))
            return errors.NotFound(f"no {noun} has this id (ids are at most {MAX_ID_CHARS} letters, "
                                   "digits and . _ ~ : -)")
    return None


def from_chalice(app: Chalice, request: Any, response: Response) -> errors.ArchiveError | None:
    """The archive's error for one of Chalice's own error responses, or None for any other."""
    body = response.body
    if response.status_code < 400 or not (isinstance(body, dict) and set(body) == {"Code", "Message"}):
        return None
    status = response.status_code
    if status == 415 and _unauthenticated(app, request):
        # API Gateway's authorizer answers before anything reads the body: say so first here too
        return errors.Unauthorized("send a valid API key: Authorization: Bearer <key>")
    if status == 415:
        accepted = _content_types(app, request)
        return errors.UnsupportedContentType(
            "this route takes a body of type " + " or ".join(accepted) + " (Content-Type header)",
            accepted=accepted)
    if status == 405:
        allowed = response.headers.get("Allow", "")
        exc: errors.ArchiveError = errors.MethodNotAllowed(
            f"this path takes {allowed or 'other methods'}; GET /openapi.json lists every route")
        exc.headers["Allow"] = allowed
        return exc
    if status >= 500:
        return errors.ArchiveError("an unexpected error occurred; it has been logged")
    kind = _BY_STATUS.get(status)
    if kind is None or kind is errors.ValidationFailed:
        exc = errors.BadRequest("the request could not be read")
        exc.status = status
        return exc
    return kind("the request could not be read" if kind is errors.BadRequest else kind.title)


def _unauthenticated(app: Chalice, request: Any) -> bool:
    try:
        entry = app.routes[request.context["resourcePath"]][request.method]
        verdict = (request.context.get("authorizer") or {}).get("valid")
    except (KeyError, AttributeError, TypeError):
        return False
    return entry.authorizer is not None and verdict != "true"


def _content_types(app: Chalice, request: Any) -> list[str]:
    try:
        entry = app.routes[request.context["resourcePath"]][request.method]
        return list(entry.content_types)
    except (KeyError, AttributeError, TypeError):
        return ["application/json"]


def register(app: Chalice, problem: Callable[[errors.ArchiveError], Response]) -> None:
    """Install the middleware on `app`; `problem` renders an error as the routes do."""

    @app.middleware("http")
    def problem_json(event: Any, get_response: Callable[[Any], Response]) -> Response:
        refused = bad_path_id(getattr(event, "uri_params", None))
        if refused is not None:
            return problem(refused)
        response = get_response(event)
        mapped = from_chalice(app, event, response)
        return response if mapped is None else problem(mapped)
