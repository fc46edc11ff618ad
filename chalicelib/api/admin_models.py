"""HTTP models of operating the archive: health, API keys and the audit trail."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from chalicelib.api.envelope import ListEnvelope
from chalicelib.api.query_fields import IdParam
from chalicelib.api.selection import Selection
from chalicelib.domain.access import Scope
from chalicelib.domain.base import Model


class WorkerHealth(Model):
    alive: bool | None = Field(description="false: no worker is taking work; null: not known (Lambda, idle)")
    workers: int = Field(description="workers with a fresh heartbeat")
    last_heartbeat_age_seconds: float | None = None


class QueueHealth(Model):
    messages: int | None = Field(None, description="messages waiting to be received")
    in_flight: int | None = Field(None, description="messages received and not yet done")
    oldest_message_age_seconds: float | None = Field(
        None, description="age of the oldest message (CloudWatch ApproximateAgeOfOldestMessage)")


class HealthOut(Model):
    status: Literal["ok", "degraded"]
    components: dict[str, str]
    archive_id: str | None = Field(
        None, description="This archive's identity, created once: a reset or different archive has "
                          "another (clients that remember uploads key their memory by it)")
    worker: WorkerHealth | None = None
    queue: QueueHealth | None = None


class KeyRequest(Model):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    scopes: list[Scope] = Field(min_length=1)


class KeyOut(Model):
    key_id: str
    name: str
    scopes: list[str]
    created_at: str
    created_by: str | None
    last_used_at: str | None
    revoked: bool
    key: str | None = Field(None, description="The secret: returned once, when minted")


class KeyList(ListEnvelope):
    """Every key (never a secret); `count` is exact."""

    results: list[KeyOut]


class AuditParams(Selection):
    model_config = ConfigDict(extra="forbid")

    filing_id: IdParam = None
    day: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    limit: int = Field(100, ge=1, le=1000)
    cursor: str | None = Field(None, max_length=2048, description="The `cursor` of the previous page")


class AuditEvent(Model):
    event_id: str
    at: str
    key_id: str | None = None
    action: str
    filing_id: str | None = None
    detail: dict[str, Any] | None = None


class AuditPage(ListEnvelope):
    """Newest first, of one filing or one day (UTC; today by default)."""

    results: list[AuditEvent]
