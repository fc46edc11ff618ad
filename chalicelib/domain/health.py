"""What `/health` says, and the rule for whether the ingest worker is alive (pure: no I/O).

The local stack's workers write a heartbeat every few seconds, so locally a worker is `down`
when none is fresh. In AWS the worker is Lambda, which writes none: there it counts as `stalled`
only when the queue's oldest message has waited longer than a healthy queue ever makes it wait.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HEARTBEAT_FRESH_SECONDS = 20  # the local worker beats every 5 s
STALLED_AFTER_SECONDS = 900   # > the queue's 360 s visibility timeout: a retry is not a stall


@dataclass(frozen=True)
class WorkerHealth:
    alive: bool | None  # False: nobody takes work off the queue; None: not known (Lambda, idle)
    workers: int        # workers with a fresh heartbeat
    last_heartbeat_age_seconds: float | None = None


@dataclass(frozen=True)
class QueueHealth:
    messages: int | None = None
    in_flight: int | None = None
    oldest_message_age_seconds: float | None = None


@dataclass(frozen=True)
class HealthReport:
    status: str
    components: dict[str, str] = field(default_factory=dict)
    archive_id: str | None = None
    worker: WorkerHealth | None = None
    queue: QueueHealth | None = None


def worker_health(beats: list[dict[str, Any]], now: float, *, expect_heartbeats: bool,
                  oldest_age: float | None) -> tuple[WorkerHealth, str]:
    """(the worker section, its component verdict) from heartbeats and the queue's oldest age."""
    ages = sorted(now - float(b.get("epoch") or 0) for b in beats)
    fresh = [a for a in ages if a <= HEARTBEAT_FRESH_SECONDS]
    last = round(max(0.0, ages[0]), 1) if ages else None
    if expect_heartbeats:
        alive: bool | None = bool(fresh)
        verdict = "ok" if alive else (f"down: last heartbeat {last:.0f} s ago" if last is not None
                                      else "down: no heartbeat")
    else:
        stalled = oldest_age is not None and oldest_age > STALLED_AFTER_SECONDS and not fresh
        alive = False if stalled else (True if fresh else None)
        verdict = f"stalled: the oldest message has waited {oldest_age:.0f} s" if stalled else "ok"
    return WorkerHealth(alive=alive, workers=len(fresh), last_heartbeat_age_seconds=last), verdict
