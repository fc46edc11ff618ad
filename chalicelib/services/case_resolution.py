"""Which case a filing belongs to: resolve, inherit, re-home. Nothing is ever orphaned.

- A filing's case id comes from its court and docket number (`docket_numbers.case_id`); where
  the PDF leaves something out, the one archived case that fits fills it in.
- A filing that prints no docket number gets a case of its own (`cases.standalone_case_id`).
- A filing takes the case name and judge its PDF does not print (an exhibit) from its case.
- Filings that arrived before their court was known (an `unk-…` case) move to the court's case
  as soon as a filing names the court.

All three use one match rule, `domain.cases.docket_matches`.
"""
from __future__ import annotations

from typing import Any

from chalicelib.adapters import cases_repo, filings_repo
from chalicelib.domain import cases as case_rules
from chalicelib.domain.docket_numbers import DocketNumber, parse_docket_number
from chalicelib.domain.docket_numbers import case_id as make_case_id
from chalicelib.domain.models import CaseRecord, FilingStatus
from chalicelib.observability import logger
from chalicelib.services import filing_commit


def fitting_cases(parsed: DocketNumber, court_id: str | None = None) -> list[CaseRecord]:
    """Archived cases whose docket number names the same case as `parsed` (of `court_id`)."""
    candidates = [c for c in cases_repo.by_docket_core(parsed.core) if not court_id or c.court_id == court_id]
    return [case for case, _ in case_rules.docket_matches(parsed, candidates)]


def resolve_case_id(court_id: str | None, docket_number: str | None,
                    sha256: str) -> tuple[str, str | None, str | None]:
    """(case id, court id, note). The canonical case id from court + docket number; where the PDF
    leaves something out, an existing case fills it in when exactly one fits:

    - a docket number printed without its type ("19-7123") joins the one case of that court with
      the same year and serial;
    - a filing whose court cannot be read (a scan whose only text is the stamp) joins the one
      archived case whose docket number matches — court and all;
    - a filing with no docket number at all gets a case of its own, keyed by its bytes.
    """
    if not docket_number:
        own = case_rules.standalone_case_id(court_id, sha256)
        return own, court_id, f"no docket number found in the PDF or hints: filed under a case of its own ({own})"
    parsed = parse_docket_number(docket_number)
    if parsed is not None and (court_id is None or parsed.case_type is None):
        fitting = fitting_cases(parsed, court_id)
        if court_id is None:  # only a case whose court is known can lend one
            fitting = [c for c in fitting if c.court_id]
        if len(fitting) == 1:
            found = fitting[0]
            note = None if court_id else f"court_id: not printed; taken from the archived case {found.case_id}"
            return found.case_id, found.court_id, note
    return make_case_id(court_id, parsed or docket_number), court_id, None


def inherit_from_case(case_id: str | None, extraction: Any) -> dict[str, str]:
    """What the filing's case already knows and the PDF does not say (an exhibit, a scan)."""
    if not case_id or (extraction.case_name and extraction.judge):
        return {}
    case = cases_repo.get(case_id)
    if case is None:
        return {}
    out = {}
    if not extraction.case_name and case.case_name:
        out["case_name"] = case.case_name
    if not extraction.judge and case.judge:
        out["judge"] = case.judge
    return out


def rehome_courtless(court_id: str, docket_number: str | None) -> int:
    """Filings that arrived before their court was known (a stamp-only scan files under an
    `unk-…` case) move to the case once a filing names its court: they are queued for another
    run, which now finds exactly one case that fits. Returns how many were queued."""
    parsed = parse_docket_number(docket_number or "")
    if parsed is None:
        return 0
    moved = 0
    for candidate in fitting_cases(parsed):
        if candidate.court_id:
            continue
        start = None
        while True:
            filings, start = filings_repo.list_case(candidate.case_id, limit=100, start_key=start,
                                                    include_sealed=True)
            for filing in filings:
                if filing.status == FilingStatus.ready:
                    filing_commit.request_reprocess(filing.id, reason="Rehome")
                    moved += 1
            if not start:
                break
    if moved:
        logger.info("re-homing court-less filings", extra={"count": moved, "court_id": court_id})
    return moved
