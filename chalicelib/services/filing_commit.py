"""The one writer of a filing item: every change to a filing goes through `commit`.

A write never replaces a filing with a copy read earlier. The caller says *what* it changes as a
function of the filing as it is now (`change(current) -> new`); `commit` reads the item, applies
the change, and writes it conditioned on the version it read — on a lost race it pauses (full
jitter) and does it again on a fresh read. So the worker's result keeps a seal that landed while
it was extracting, a seal keeps the worker's result, and a status write keeps both.

In the same transaction as the filing: the move of its contribution between case tallies
(commutative `ADD`s, no condition on the case, so filings of one case commit side by side; see
`domain.cases`) and, when there is something for the change feed to say, its change entry
(`created`, `updated`, `reclassified`, `sealed`, `unsealed`). A filing that has never been ready
has no change entries: the feed lists filings, and a seal before the first result says nothing.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalicelib.adapters import cases_repo, changes_repo, dynamo, filings_repo, queue
from chalicelib.domain import cases as case_rules
from chalicelib.domain.models import ErrorInfo, FilingRecord, FilingStatus
from chalicelib.errors import Conflict, NotFound
from chalicelib.observability import logger
from chalicelib.services.clock import Clock, system_clock

MAX_COMMIT_ATTEMPTS = 25
Change = Callable[[FilingRecord], "FilingRecord | None"]  # None: nothing to do


@dataclass(frozen=True)
class Committed:
    kind: str  # the change kind written, "status" (no feed entry) or "already-done"
    record: FilingRecord  # the filing as it now is


def change_kind(old: FilingRecord, new: FilingRecord) -> str:
    if not old.published:
        return "created"
    if old.sealed != new.sealed:
        return "sealed" if new.sealed else "unsealed"
    if (old.document_type, old.case_id) != (new.document_type, new.case_id):
        return "reclassified"
    return "updated"


def backoff(attempt: int, sleep: Callable[[float], None] = time.sleep,
            rng: Callable[[], float] = random.random) -> None:
    """Full-jitter exponential pause between optimistic-lock retries (≤ 1 s)."""
    sleep(rng() * min(1.0, 0.01 * 2 ** attempt))


def commit(filing_id: str, change: Change, *, kind: str | None = None, announce: bool = False,
           clock: Clock = system_clock, sleep: Callable[[float], None] = time.sleep) -> Committed:
    """Apply `change` to the filing as it is now, atomically with its case tallies and change.

    `kind` names the change-feed entry (sealing); without it a filing that becomes ready gets
    the kind `change_kind` gives and any other write is a plain status write with no entry.
    `announce`: a ready filing's metadata changed (a correction): the feed says so too, with the
    kind `change_kind` gives (`updated`, or `reclassified` when its case or type moved).
    """
    for attempt in range(MAX_COMMIT_ATTEMPTS):
        old = filings_repo.get(filing_id, consistent=True)
        if old is None:
            raise NotFound(f"no filing {filing_id}")
        new = change(old)
        if new is None:
            return Committed("already-done", old)
        ready = new.status == FilingStatus.ready
        target = new.model_copy(update={
            "id": old.id,
            "updated_at": clock(),
            "published": old.published or ready,
            "counted_case_id": new.case_id if ready else old.counted_case_id,
        })
        if kind and target.published:
            this_kind = kind
        elif ready and (announce or old.status != FilingStatus.ready):
            this_kind = change_kind(old, target)
        else:
            this_kind = "status"
        deltas = _tally_moves(old, target)
        seq = changes_repo.allocate(target.updated_at) if this_kind != "status" else None
        parts = [dynamo.put_part(*filings_repo.put_op(target, old.version))]
        for case_id, delta in deltas.items():
            founding = case_rules.new_case(target.model_copy(update={"case_id": case_id}), target.updated_at)
            parts.append(cases_repo.add_op(founding, delta, target.updated_at))
        if seq is not None:
            parts.append(dynamo.put_part(*changes_repo.append_op(seq, target.id, this_kind, target.updated_at)))
        try:
            dynamo.transact(parts)
        except dynamo.ConditionFailed:  # a lost race (or a conflicting transaction): read again
            if seq is not None:
                changes_repo.void(seq, clock())
            backoff(attempt, sleep)
            continue
        if target.counted_case_id and not target.sealed:
            cases_repo.index_name(target.counted_case_id, target.case_name)
        return Committed(this_kind, target.model_copy(update={"version": old.version + 1}))
    raise RuntimeError(f"could not commit filing {filing_id} after {MAX_COMMIT_ATTEMPTS} attempts")


def _tally_moves(old: FilingRecord, target: FilingRecord) -> dict[str, dict[str, int]]:
    """Per case: the counters to add so the case tallies count `target` instead of `old`."""
    moves: dict[str, dict[str, int]] = {}
    if old.counted_case_id:
        moves[old.counted_case_id] = case_rules.contribution(old, -1)
    if target.counted_case_id:
        moves[target.counted_case_id] = case_rules.merge(
            moves.get(target.counted_case_id, {}), case_rules.contribution(target, +1))
    return {case_id: delta for case_id, delta in moves.items() if delta}


# ------------------------------------------------------------------------------ status writes

def set_status(filing_id: str, status: FilingStatus, error: ErrorInfo | None = None, *,
               count_attempt: bool = False, unless_ready: bool = False,
               clock: Clock = system_clock) -> Committed:
    """Write a filing's status (and error); every other field stays as it is now.
    `unless_ready`: a concurrent delivery that already succeeded wins over this failure."""
    def change(current: FilingRecord) -> FilingRecord | None:
        if unless_ready and current.status == FilingStatus.ready:
            return None
        return current.model_copy(update={
            "status": status, "error": error,
            "attempts": current.attempts + (1 if count_attempt else 0),
        })
    return commit(filing_id, change, clock=clock)


def set_sealed(filing_id: str, sealed: bool, *, clock: Clock = system_clock) -> Committed:
    """Seal or unseal: only the flag changes; the tallies move column with it."""
    def change(current: FilingRecord) -> FilingRecord | None:
        return None if current.sealed == sealed else current.model_copy(update={"sealed": sealed})
    return commit(filing_id, change, kind="sealed" if sealed else "unsealed", clock=clock)


def request_reprocess(filing_id: str, reason: str = "Reprocess", *, clock: Clock = system_clock) -> FilingRecord:
    """Mark a filing for another run and queue it; returns the filing as marked."""
    marked = set_status(filing_id, FilingStatus.processing, None, clock=clock).record
    queue.enqueue_processing(filing_id, reason=reason)
    logger.info("reprocess requested", extra={"filing_id": filing_id, "reason": reason})
    return marked


def reprocess(record: FilingRecord, hints: dict[str, Any] | None = None, *,
              clock: Clock = system_clock) -> FilingRecord:
    """`POST /filings/{id}/reprocess` for a filing the caller may see. `hints` (as an upload
    takes them) replace the filing's hints of the same names before the run."""
    if record.status == FilingStatus.awaiting_upload:
        raise Conflict("the bytes of this filing have not been uploaded yet")
    if hints:
        def change(current: FilingRecord) -> FilingRecord:
            return current.model_copy(update={"hints": {**current.hints, **hints}})
        commit(record.id, change, clock=clock)
    return request_reprocess(record.id, clock=clock)
