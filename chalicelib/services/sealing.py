"""Sealing and unsealing: one atomic commit moves the filing out of (or back into) every view.

Views read the filing item's `sealed` flag at query time (filings, docket pages, search results,
sha lookups, the change feed) or the case's public/sealed tallies, which the same transaction
moves; the search index's public/sealed counts are moved right after, from the flag as it was
committed. The commit changes nothing but the flag, on the filing as it is then, so a seal and
the worker's result never overwrite each other (`filing_commit`).
"""
from __future__ import annotations

from chalicelib.domain.models import FilingRecord
from chalicelib.services import filing_commit, search
from chalicelib.services.clock import Clock, system_clock


def set_sealed(filing_id: str, sealed: bool, clock: Clock = system_clock) -> FilingRecord:
    """Raises NotFound for an unknown filing. Sealing a sealed filing writes nothing but still
    brings the search counts in line (idempotent), so a retried PATCH repairs an interrupted one."""
    committed = filing_commit.set_sealed(filing_id, sealed, clock=clock)
    search.on_sealed_changed(committed.record, committed.record.sealed)
    return committed.record
