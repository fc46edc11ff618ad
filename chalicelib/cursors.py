"""Opaque, tamper-proof pagination cursors.

A cursor is base64url(JSON) plus an HMAC over it and the cursor's purpose ("case-filings",
"search", "changes"), so a tampered cursor, or one taken from another endpoint, is a 400 rather
than a wrong page. The secret comes from the settings (ARCHIVE_CURSOR_SECRET; outside the local
stage the app does not start without one, `config.check_startup`).

A signature proves only that the archive wrote the bytes with this secret, not that they have the
shape today's code expects (an older release, a leaked development secret): each purpose
declares its state's shape below and `decode` checks it, so a well-signed but malformed cursor
is a 400 too — never a 500 — and its numbers (a search's depths, a feed position) are bounded.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, ValidationError

from chalicelib.config import settings
from chalicelib.domain.base import Model
from chalicelib.errors import InvalidCursor

MAX_CURSOR_CHARS = 4096
MAX_SEQ = 10**12 - 1            # change numbers are written as 12 digits (adapters/keys.py)
MAX_ENTRY_NUMBER = 10**10 - 1   # docket entry places are 10 + 4 digits
MAX_SEARCH_DEPTH = 128          # postings per list a search reads (services/search_fulltext.MAX_DEPTH)
MAX_SEARCH_GENERATIONS = 8

Text = Annotated[str, Field(max_length=1024)]
Scalar = Text | int | float | bool | None


class _State(Model):
    model_config = ConfigDict(extra="forbid", strict=True)


class ChangesState(_State):
    s: int = Field(ge=0, le=MAX_SEQ)


class CaseFilingsState(_State):
    f: dict[Text, Scalar] = Field(max_length=16)
    k: dict[Literal["PK", "SK", "GSI1PK", "GSI1SK"], Text] = Field(min_length=4, max_length=4)


class CaseEntriesState(_State):
    f: dict[Text, Scalar] = Field(max_length=16)
    p: tuple[Annotated[int, Field(ge=0, le=MAX_ENTRY_NUMBER)], Annotated[int, Field(ge=0, le=9999)]]


Generation = tuple[Annotated[int, Field(ge=1, le=MAX_SEARCH_DEPTH)], list[Scalar] | None]


class SearchState(_State):
    h: Text
    g: list[Generation] | None = Field(None, max_length=MAX_SEARCH_GENERATIONS)
    pos: tuple[Text, Text] | None = None


SHAPES: dict[str, type[_State]] = {
    "changes": ChangesState,
    "case-filings": CaseFilingsState,
    "case-entries": CaseEntriesState,
    "search": SearchState,
}


def _sign(purpose: str, payload: bytes) -> str:
    mac = hmac.new(settings().cursor_secret.encode(), purpose.encode() + b"\0" + payload, hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:16]).decode().rstrip("=")


def encode(purpose: str, state: dict[str, Any]) -> str:
    payload = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{body}.{_sign(purpose, payload)}"


def decode(purpose: str, cursor: str) -> dict[str, Any]:
    """The state a cursor carries, checked against its purpose's shape; InvalidCursor (400) for
    anything else. Returns the JSON as written (lists stay lists)."""
    if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_CHARS:
        raise InvalidCursor("cursor is malformed; pass back the `next` value unchanged")
    try:
        body, mac = cursor.rsplit(".", 1)
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (ValueError, TypeError) as exc:
        raise InvalidCursor("cursor is malformed; pass back the `next` value unchanged") from exc
    if not hmac.compare_digest(mac.encode(), _sign(purpose, payload).encode()):
        raise InvalidCursor("cursor was altered or belongs to another endpoint")
    try:
        state = json.loads(payload)
    except ValueError as exc:  # UnicodeDecodeError is a ValueError
        raise InvalidCursor("cursor is malformed") from exc
    if not isinstance(state, dict):
        raise InvalidCursor("cursor is malformed")
    shape = SHAPES.get(purpose)
    if shape is not None:
        try:
            shape.model_validate_json(payload)  # JSON mode: arrays are tuples, nothing coerced
        except ValidationError as exc:
            raise InvalidCursor("cursor is malformed; start again without it") from exc
    return state
