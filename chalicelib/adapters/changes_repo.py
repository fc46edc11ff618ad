"""The change feed in DynamoDB: a dense sequence and one item per change.

Writers take the next number from an atomic counter and write the change item in the same
transaction as the filing it describes, so a change exists if and only if its write happened.
A transaction that loses a race writes a `void` item for its number. Numbers are dense, so a
reader can see a gap (a writer between taking its number and committing) and stops there: no
change is ever skipped. A gap older than GAP_TIMEOUT_SECONDS (a writer that died) is passed.
The reader's clock is a parameter, so tests decide when that timeout has passed, not the machine.

Neither a change nor a void may overwrite an existing item of its number: if a number were ever
handed out twice, the second writer's transaction fails (and it retries with a new number) rather
than erasing a committed change.
"""
from __future__ import annotations

from datetime import datetime, UTC
from typing import Any

from chalicelib.adapters import dynamo, keys

GAP_TIMEOUT_SECONDS = 60


def allocate(at: str | None = None) -> int:
    """The next change number; `at` (ISO time, default now) dates it for the gap timeout."""
    item = dynamo.update(
        keys.change_sequence(),
        "ADD #n :one SET allocated_at = :now",
        names={"#n": "seq"},
        vals={":one": 1, ":now": at or datetime.now(UTC).isoformat()},
    )
    return int(item["seq"])


def append_op(seq: int, filing_id: str, kind: str, at: str) -> tuple[dict[str, Any], str]:
    """The transaction part that writes change `seq`; it fails if the number is already used."""
    return item_for(seq, filing_id, kind, at), "attribute_not_exists(PK)"


def item_for(seq: int, filing_id: str, kind: str, at: str, detail: dict | None = None) -> dict[str, Any]:
    return {
        **keys.change(seq),
        "item_type": "change",
        "seq": seq,
        "filing_id": filing_id,
        "kind": kind,
        "at": at,
        **({"detail": detail} if detail else {}),
    }


def case_change_op(seq: int, case_id: str, kind: str, at: str, detail: dict[str, Any],
                   sealed: bool) -> tuple[dict[str, Any], str]:
    """The transaction part for a change about a case rather than a filing (a docket import)."""
    item = {**keys.change(seq), "item_type": "change", "seq": seq, "case_id": case_id, "kind": kind,
            "at": at, "detail": detail, "sealed": sealed}
    return item, "attribute_not_exists(PK)"


def void(seq: int, at: str) -> None:
    """Mark an abandoned number consumed, unless a change already holds it (never erase one)."""
    try:
        dynamo.put({**keys.change(seq), "item_type": "change", "seq": seq, "kind": "void", "at": at},
                   condition="attribute_not_exists(PK)")
    except dynamo.ConditionFailed:
        pass


def head() -> tuple[int, datetime | None]:
    """The last number handed out and when."""
    item = dynamo.get(keys.change_sequence(), consistent=True)
    if not item:
        return 0, None
    return int(item["seq"]), datetime.fromisoformat(item["allocated_at"])


def read_after(since: int, limit: int, now: datetime | None = None) -> tuple[list[dict[str, Any]], int]:
    """Changes with seq > since, in order, at most `limit` (void items are consumed silently).

    Returns (changes, last seq consumed) — the next call passes that number back as `since`.
    Stops before a gap younger than the timeout, so a slow writer's change is never skipped.
    """
    now = now or datetime.now(UTC)
    out: list[dict[str, Any]] = []
    expected = since + 1
    latest: tuple[int, datetime | None] | None = None
    while len(out) < limit:
        bucket = keys.change_bucket(expected)
        want = limit - len(out)
        items, more = dynamo.query_page(
            keys.change_partition(bucket),
            sk_condition="#sk >= :from",
            sk_values={":from": f"{expected:012d}"},
            limit=want,
            consistent=True,
        )
        for item in items:
            seq = int(item["seq"])
            if seq != expected and not _older_than_timeout(item["at"], now):
                return out, expected - 1  # a writer still holds `expected`
            expected = seq + 1
            if item["kind"] != "void":
                out.append(item)
        if len(out) >= limit or more:
            continue
        # Nothing more in this bucket from `expected` on.
        latest = latest or head()
        last_given, allocated_at = latest
        if last_given < expected:
            break  # caught up
        next_start = (bucket + 1) * keys.CHANGE_BUCKET_SIZE
        if last_given < next_start:
            # expected..last_given were handed out but are not written yet
            if allocated_at and _older_than_timeout(allocated_at.isoformat(), now):
                expected = last_given + 1
                continue
            break
        first, _ = dynamo.query_page(keys.change_partition(bucket + 1), limit=1, consistent=True)
        if expected < next_start and not (first and _older_than_timeout(first[0]["at"], now)):
            break
        expected = max(expected, next_start)
    return out, expected - 1


def _older_than_timeout(at: str, now: datetime) -> bool:
    return (now - datetime.fromisoformat(at)).total_seconds() > GAP_TIMEOUT_SECONDS
