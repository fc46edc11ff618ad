"""The archive's identity: one id, created the first time anyone asks, never changed.

Clients that remember what they uploaded (the `filings` journal) record it with the archive's
identity, not only its URL: an archive that was reset, or a different archive behind the same
URL, has another id, so a client knows its memory is not this archive's truth.
"""
from __future__ import annotations

from datetime import datetime, UTC

from chalicelib.adapters import dynamo, keys
from chalicelib.ids import ulid


def archive_id() -> str:
    """This archive's id (``arc_…``); the first call on a new archive creates it, atomically."""
    item = dynamo.get(keys.archive_identity(), consistent=True)
    if item:
        return str(item["archive_id"])
    new = "arc_" + ulid()
    try:
        dynamo.put({**keys.archive_identity(), "item_type": "archive_identity", "archive_id": new,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds")},
                   condition="attribute_not_exists(PK)")
        return new
    except dynamo.ConditionFailed:  # another request created it first: theirs is the one
        winner = dynamo.get(keys.archive_identity(), consistent=True)
        return str(winner["archive_id"]) if winner else new
