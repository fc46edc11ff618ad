"""`PATCH /filings/{id}`: a write-scoped key corrects a filing's metadata.

A correction is written through `filing_commit.commit` (version-conditioned on the filing as it
is now, so a seal landing meanwhile is kept) together with the filing's move between case
tallies and, for a ready filing, a change-feed entry (`updated`, or `reclassified` when its case
or type changed). Correcting the court or docket number re-resolves the filing's case with the
worker's rule (`case_resolution.resolve_case_id`), so it moves to the case it now names. The
filing is then re-indexed for search and its docket entry refreshed. The worker applies the
same corrections on every later run (`services.process`), so reprocessing keeps them.
"""
from __future__ import annotations

from typing import Any

from chalicelib.adapters import blobs
from chalicelib.domain import corrections as rules
from chalicelib.domain.access import Viewer
from chalicelib.domain.models import FilingRecord, FilingStatus
from chalicelib.errors import NotFound
from chalicelib.domain.courts import canonical_name  # courts-db loads only when called
from chalicelib.services import case_resolution, dockets, filing_commit, search
from chalicelib.services.clock import Clock, system_clock


def with_corrections(record: FilingRecord, corrections: dict[str, Any]) -> FilingRecord:
    """`record` with `corrections` applied: values, sources, the court's canonical name, and its
    case re-resolved when the court or docket number is corrected."""
    values = rules.values(corrections)
    update: dict[str, Any] = {**values, "corrections": corrections,
                              "sources": {**record.sources, **{k: "corrected" for k in values}}}
    if "court_id" in values:
        update["court_name"] = canonical_name(values["court_id"])
    new = record.model_copy(update=update)
    if any(name in values for name in rules.IDENTITY):
        case_id, court_id, _note = case_resolution.resolve_case_id(new.court_id, new.docket_number, new.sha256)
        new = new.model_copy(update={"case_id": case_id, "court_id": court_id})
    return new


def correct(filing_id: str, changes: dict[str, Any], viewer: Viewer, *,
            clock: Clock = system_clock) -> tuple[FilingRecord, dict[str, Any]]:
    """Apply `changes` (field -> value; None clears) as corrections by `viewer`. Returns the
    filing as committed and what changed (field -> {"from", "to"}) for the audit trail."""
    at = clock()
    changed: dict[str, Any] = {}

    def change(current: FilingRecord) -> FilingRecord | None:
        if not viewer.may_see(current):
            raise NotFound(f"no filing {filing_id}")
        changed.clear()
        fresh = {k: v for k, v in changes.items()
                 if getattr(current, k) != v or k not in current.corrections}
        if not fresh:
            return None
        changed.update({k: {"from": _json(getattr(current, k)), "to": _json(v)} for k, v in fresh.items()})
        recorded = rules.record({**current.model_dump(), "corrections": current.corrections},
                                {k: _json(v) for k, v in fresh.items()}, viewer.key_id, at)
        return with_corrections(current, recorded)

    committed = filing_commit.commit(filing_id, change, announce=True, clock=clock)
    record = committed.record
    if committed.kind != "already-done" and record.status == FilingStatus.ready:
        pages = blobs.get_text(filing_id)
        if pages is not None:
            search.index_filing(record, pages)
        dockets.after_filing(record, pages)
    return record, changed


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
