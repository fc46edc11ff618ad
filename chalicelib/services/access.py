"""API keys and the audit trail.

A key looks like `ca_<id>_<secret>`. Only the id and a SHA-256 of the whole key are stored (the
secret has 256 bits of entropy, so a fast hash is safe); the key is shown once, when minted.
Keys and secrets never reach logs: log lines name the key id only.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta, UTC
from typing import Any

from chalicelib.adapters import apikeys_repo, audit_repo
from chalicelib.domain.access import SCOPES, Viewer
from chalicelib import cursors
from chalicelib.errors import InvalidCursor, NotFound, ValidationFailed
from chalicelib.ids import ulid
from chalicelib.services.clock import system_clock

KEY_PREFIX = "ca_"
LAST_USED_RESOLUTION_MINUTES = 1


def _minutes_ago(minutes: int) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(timespec="milliseconds")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def parse_token(token: str | None) -> tuple[str, str] | None:
    """(key_id, full key) from an Authorization value ("Bearer <key>" or the bare key).

    Minted keys carry their id (`ca_<id>_<secret>`); a key chosen by an operator (the local
    stack's ARCHIVE_ADMIN_KEY, say) may be any string and gets an id derived
    from its hash.
    """
    if not token:
        return None
    token = token.strip()
    if token.lower().startswith("bearer "):
        token = token[7:].strip()
    if token.startswith(KEY_PREFIX):
        parts = token[len(KEY_PREFIX):].split("_", 1)
        if len(parts) == 2 and parts[0] and parts[1]:
            return parts[0], token
    if token:
        return "x" + _digest(token)[:15], token
    return None


def mint(name: str, scopes: list[str], *, created_by: str | None = None,
         key: str | None = None) -> tuple[dict[str, Any], str]:
    """Create a key; returns (its public record, the key itself — shown this once).

    `key` lets the local stack install a key chosen through the environment.
    """
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValidationFailed.field("scopes", f"choose from {', '.join(SCOPES)}; got {unknown or 'none'}")
    if key is not None:
        parsed = parse_token(key)
        if parsed is None:
            raise ValidationFailed.field("key", "must not be empty")
        key_id = parsed[0]
    else:
        key_id = ulid()[-12:]
        key = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    record = {
        "key_id": key_id,
        "name": name,
        "scopes": sorted(set(scopes)),
        "hash": _digest(key),
        "created_at": system_clock(),
        "created_by": created_by,
        "last_used_at": None,
        "revoked": False,
    }
    apikeys_repo.put({k: v for k, v in record.items() if v is not None})
    return public(record), key


def ensure(key: str, name: str, scopes: list[str]) -> None:
    """Install a known key if it is not there yet (the local stack's fixed keys)."""
    parsed = parse_token(key)
    if parsed and apikeys_repo.get(parsed[0]) is None:
        mint(name, scopes, created_by="local-stack", key=key)


def public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record.get(k) for k in ("key_id", "name", "scopes", "created_at", "created_by",
                                       "last_used_at", "revoked")}


VERDICT_TTL_SECONDS = 10  # a warm Lambda re-checks a key at most this often
_verdicts: dict[str, tuple[float, Viewer]] = {}
# The clock verdicts expire by: seconds, only differences matter (tests fix it, so what a
# request reads never depends on how long the machine took to get there).
verdict_clock: Callable[[], float] = time.monotonic


def forget_verdicts() -> None:
    """Every remembered verdict: the next request of each key reads its record again."""
    _verdicts.clear()


def authenticate(token: str | None) -> Viewer | None:
    """The viewer a token stands for, or None when it is missing, unknown, wrong or revoked.

    A valid verdict is remembered for VERDICT_TTL_SECONDS in this process (a bulk upload sends
    many requests a second with one key); revoking here forgets them at once.
    """
    parsed = parse_token(token)
    if parsed is None:
        return None
    key_id, key = parsed
    digest = _digest(key)
    cached = _verdicts.get(digest)
    if cached and cached[0] > verdict_clock():
        return cached[1]
    record = apikeys_repo.get(key_id)
    if not record or record.get("revoked"):
        return None
    if not hmac.compare_digest(record["hash"], digest):
        return None
    now = system_clock()
    if (record.get("last_used_at") or "") < _minutes_ago(LAST_USED_RESOLUTION_MINUTES):
        try:  # to the minute is enough: one write per key a minute, not one per request
            apikeys_repo.set_fields(key_id, last_used_at=now)
        except Exception:  # bookkeeping must never deny a valid key
            pass
    viewer = Viewer(key_id=key_id, scopes=frozenset(record["scopes"]))
    if len(_verdicts) > 1000:
        _verdicts.clear()
    _verdicts[digest] = (verdict_clock() + VERDICT_TTL_SECONDS, viewer)
    return viewer


def list_keys() -> list[dict[str, Any]]:
    return [public(r) for r in apikeys_repo.list_all()]


def revoke(key_id: str) -> dict[str, Any]:
    if apikeys_repo.get(key_id) is None:
        raise NotFound(f"no key {key_id}")
    _verdicts.clear()
    return public(apikeys_repo.set_fields(key_id, revoked=True, revoked_at=system_clock()))


def _event(viewer: Viewer, action: str, filing_id: str | None, detail: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": ulid(),
        "at": system_clock(),
        "key_id": viewer.key_id,
        "action": action,
        "filing_id": filing_id,
        "detail": {k: v for k, v in detail.items() if v is not None} or None,
    }


def audit(viewer: Viewer, action: str, filing_id: str | None = None, **detail: Any) -> None:
    audit_repo.put(_event(viewer, action, filing_id, detail))


def audit_each(viewer: Viewer, action: str, filing_ids: list[str], **detail: Any) -> None:
    """The same event for many filings, written together (a batch of uploads)."""
    if filing_ids:
        audit_repo.put_many([_event(viewer, action, fid, detail) for fid in filing_ids])


def audit_sealed_read(viewer: Viewer, record: Any, action: str) -> None:
    """Every read of a sealed filing is audited; public reads are not (they would drown the log)."""
    if record.sealed:
        audit(viewer, action, record.id)


def audit_events(filing_id: str | None, day: str | None, limit: int,
                 cursor: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the audit trail of a filing, or of a day (UTC; today by default), newest
    first; and the cursor to the next page."""
    scope = {"filing_id": filing_id} if filing_id else {"day": day or system_clock()[:10]}
    start = None
    if cursor:
        state = cursors.decode("audit", cursor)
        if state.get("f") != scope:
            raise InvalidCursor("cursor belongs to a different query; start again without it")
        start = state["k"]
    if filing_id:
        items, last = audit_repo.for_filing(filing_id, limit, start)
    else:
        items, last = audit_repo.for_day(scope["day"], limit, start)
    return items, cursors.encode("audit", {"f": scope, "k": last}) if last else None
