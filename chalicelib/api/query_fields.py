"""The query parameters several routes share, validated once: every route that takes
`document_type`, `updated_since`, `court`, a cursor or an id answers a bad value with the same 422
(`/search` and the docket routes alike), and no value can reach a DynamoDB key longer than a key
may be.

Each is an `Annotated` type for a pydantic field, so OpenAPI documents the same constraint the
route enforces.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from chalicelib.domain import court_ids
from chalicelib.domain.models import DOCUMENT_TYPES

MAX_ID_CHARS = 200
MAX_CURSOR_CHARS = 4096
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._~:-]*$"  # every id the archive mints; `#` would reach into keys


def _document_type(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if value not in DOCUMENT_TYPES:
        raise ValueError("must be one of " + ", ".join(DOCUMENT_TYPES))
    return value


def _court(value: str | None) -> str | None:
    if value is None:
        return None

    value = value.strip().lower()
    if not court_ids.is_known(value):
        raise ValueError("unknown court id (use a CourtListener id such as 'cand')")
    return value


def _timestamp(value: object) -> str | None:
    """An ISO 8601 date or date-time, in any offset, as the archive writes `updated_at` (UTC,
    milliseconds), so comparing the two strings compares the instants."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 date or date-time, e.g. 2024-05-01T12:00:00Z")
    text = value.strip()
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time(), UTC)
        else:
            moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise ValueError("must be an ISO 8601 date or date-time, e.g. 2024-05-01T12:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


DocumentTypeParam = Annotated[
    str | None, AfterValidator(_document_type),
    Field(description="One of: " + ", ".join(DOCUMENT_TYPES) + "."),
]
CourtParam = Annotated[
    str | None, Field(max_length=32, description="CourtListener court id, e.g. `cand`."),
    AfterValidator(_court),
]
UpdatedSince = Annotated[
    str | None, BeforeValidator(_timestamp),
    Field(description="ISO 8601 date or date-time (any offset; a bare date is midnight UTC): "
                      "only what changed after it.", examples=["2024-05-01T12:00:00Z"]),
]
CursorParam = Annotated[
    str | None, Field(max_length=MAX_CURSOR_CHARS,
                      description="The cursor of the previous page, passed back unchanged."),
]
IdParam = Annotated[
    str | None, Field(max_length=MAX_ID_CHARS, pattern=ID_PATTERN,
                      description="An archive id."),
]
