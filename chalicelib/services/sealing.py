"""Sealing and unsealing: one atomic commit moves the filing out of (or back into) every view.

Views read the filing item's `sealed` flag at query time (filings, docket pages, search results,
sha lookups, the change feed) or the case's public/sealed tallies, which the same transaction
moves; the search facet counters are moved right after.
"""
from __future__ import annotations

from chalicelib.adapters import filings_repo
from chalicelib.domain.models import FilingRecord
from chalicelib.errors import NotFound
from chalicelib.services import process


def set_sealed(filing_id: str, sealed: bool) -> FilingRecord:
    record = filings_repo.get(filing_id, consistent=True)
    if record is None:
        raise NotFound(f"no filing {filing_id}")
    if record.sealed == sealed:
        return record
    process.set_sealed(record, sealed)
    updated = filings_repo.get(filing_id, consistent=True)
    from chalicelib.services import search

    search.on_sealed_changed(updated, sealed)
    return updated
