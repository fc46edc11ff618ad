"""A case as the sum of its filings' contributions — reversible arithmetic, no storage.

Each filing adds its parties, document type and filed date to its case, counted as public or
sealed. Sealing moves the contribution from one column to the other; reprocessing removes the
old contribution and adds the new. Readers without `sealed:read` see only the public column, so
a party known only from sealed filings never appears to them.
"""
from __future__ import annotations

import re

from chalicelib.domain.models import CaseRecord, FilingRecord, PartyTally


def party_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _column(sealed: bool) -> str:
    return "sealed" if sealed else "public"


def apply_contribution(case: CaseRecord, filing: FilingRecord, sign: int) -> CaseRecord:
    """Add (sign=+1) or remove (sign=-1) one filing's contribution to its case."""
    col = _column(filing.sealed)
    parties = {k: v.model_copy() for k, v in case.parties.items()}
    for party in filing.parties:
        key = party_key(party.name)
        if not key:
            continue
        tally = parties.get(key) or PartyTally(name=party.name, role=party.role)
        setattr(tally, col, max(0, getattr(tally, col) + sign))
        if tally.role is None and party.role:
            tally.role = party.role
        if tally.public or tally.sealed:
            parties[key] = tally
        else:
            parties.pop(key, None)
    type_counts = {k: dict(v) for k, v in case.type_counts.items()}
    dtype = filing.document_type or "other"
    counts = type_counts.setdefault(dtype, {"public": 0, "sealed": 0})
    counts[col] = max(0, counts.get(col, 0) + sign)
    if not counts["public"] and not counts["sealed"]:
        type_counts.pop(dtype)
    date_counts = {k: dict(v) for k, v in case.date_counts.items()}
    if filing.date_filed:
        day = filing.date_filed.isoformat()
        dc = date_counts.setdefault(day, {"public": 0, "sealed": 0})
        dc[col] = max(0, dc.get(col, 0) + sign)
        if not dc["public"] and not dc["sealed"]:
            date_counts.pop(day)
    update: dict = {"parties": parties, "type_counts": type_counts, "date_counts": date_counts}
    if sign > 0:
        if not case.case_name and filing.case_name and not filing.sealed:
            update["case_name"] = filing.case_name
        if not case.judge and filing.judge and not filing.sealed:
            update["judge"] = filing.judge
        if not case.court_id and filing.court_id:
            update["court_id"] = filing.court_id
        if not case.docket_number and filing.docket_number:
            update["docket_number"] = filing.docket_number
    return case.model_copy(update=update)


def visible_view(case: CaseRecord, sees_sealed: bool) -> dict:
    """The aggregates a viewer may see: parties, counts by type, first and last filed dates."""
    cols = ("public", "sealed") if sees_sealed else ("public",)
    parties = [
        {"name": t.name, "role": t.role}
        for t in sorted(case.parties.values(), key=lambda t: t.name.lower())
        if any(getattr(t, c) for c in cols)
    ]
    counts = {
        dtype: total
        for dtype, c in sorted(case.type_counts.items())
        if (total := sum(c.get(col, 0) for col in cols))
    }
    days = sorted(d for d, c in case.date_counts.items() if any(c.get(col, 0) for col in cols))
    return {
        "parties": parties,
        "filing_counts": counts,
        "filing_count": sum(counts.values()),
        "first_filed": days[0] if days else None,
        "last_filed": days[-1] if days else None,
    }
