"""Ingest workers' heartbeats: one small item per worker, all in one partition (one Query reads them).

A long-running worker (the local stack's) writes its heartbeat every few seconds; `/health` reads
them to say whether anyone is taking work off the queue. Items expire (TTL) a day after their
last beat, so workers that came and went do not accumulate.
"""
from __future__ import annotations

from typing import Any

from chalicelib.adapters import dynamo, keys

EXPIRE_AFTER_SECONDS = 86_400


def beat(worker_id: str, at: str, epoch: float, **state: Any) -> None:
    dynamo.put({**keys.worker_heartbeat(worker_id), "item_type": "heartbeat", "worker_id": worker_id,
                "at": at, "epoch": round(epoch, 3), "expires_at": int(epoch) + EXPIRE_AFTER_SECONDS,
                **{k: v for k, v in state.items() if v is not None}})


def all_beats(limit: int = 100) -> list[dict[str, Any]]:
    items, _ = dynamo.query_page(keys.WORKERS_PARTITION, limit=limit)
    return [keys.strip(i) for i in items]
