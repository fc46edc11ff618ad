"""Opaque, tamper-proof pagination cursors.

A cursor is base64url(JSON) plus an HMAC over it and the cursor's purpose ("case-filings",
"search", "changes"), so a tampered cursor, or one taken from another endpoint, is a 400 rather
than a wrong page. The secret comes from the settings (ARCHIVE_CURSOR_SECRET).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from chalicelib.config import settings
from chalicelib.errors import InvalidCursor


def _sign(purpose: str, payload: bytes) -> str:
    mac = hmac.new(settings().cursor_secret.encode(), purpose.encode() + b"\0" + payload, hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:16]).decode().rstrip("=")


def encode(purpose: str, state: dict[str, Any]) -> str:
    payload = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{body}.{_sign(purpose, payload)}"


def decode(purpose: str, cursor: str) -> dict[str, Any]:
    try:
        body, mac = cursor.rsplit(".", 1)
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (ValueError, TypeError) as exc:
        raise InvalidCursor("cursor is malformed; pass back the `next` value unchanged") from exc
    if not hmac.compare_digest(mac, _sign(purpose, payload)):
        raise InvalidCursor("cursor was altered or belongs to another endpoint")
    try:
        state = json.loads(payload)
    except ValueError as exc:
        raise InvalidCursor("cursor is malformed") from exc
    if not isinstance(state, dict):
        raise InvalidCursor("cursor is malformed")
    return state
