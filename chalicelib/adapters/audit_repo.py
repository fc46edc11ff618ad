"""The audit trail: one item per event, by filing and by day."""
from __future__ import annotations

from typing import Any

from chalicelib.adapters import dynamo, keys


def _item(event: dict[str, Any]) -> dict[str, Any]:
    item = {
        **event,
        **keys.audit(event.get("filing_id"), event["at"], event["event_id"]),
        "item_type": "audit",
        "GSI1PK": keys.audit_day_index(event["at"][:10]),
        "GSI1SK": f"{event['at']}#{event['event_id']}",
    }
    return {k: v for k, v in item.items() if v is not None}


def put(event: dict[str, Any]) -> None:
    dynamo.put(_item(event))


def put_many(events: list[dict[str, Any]]) -> None:
    """Many events in BatchWriteItem calls of 25 (a bulk upload's 100 files: 4 calls, not 100).
    Unconditional is safe: every event has a key of its own (a fresh ULID)."""
    dynamo.batch_write([_item(e) for e in events])


def for_filing(filing_id: str, limit: int,
               start: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """A filing's events, newest first; and the key to go on from (None at the end)."""
    items, last = dynamo.query_page(keys.audit_partition(filing_id), limit=limit, forward=False, start_key=start)
    return [keys.strip(i) for i in items], last


def for_day(day: str, limit: int,
            start: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    items, last = dynamo.query_page(keys.audit_day_index(day), index="GSI1", limit=limit, forward=False,
                                    start_key=start)
    return [keys.strip(i) for i in items], last
