"""Read-side use cases: a filing, its text and content, a case, a docket page, the resolver.

Every read goes through a `Viewer`; a sealed filing is indistinguishable from a missing one to a
viewer without `sealed:read`.
"""
from __future__ import annotations

from typing import Any

from chalicelib import cursors
from chalicelib.adapters import blobs, cases_repo, entries_repo, filings_repo
from chalicelib.domain import cases as case_rules
from chalicelib.domain.access import Viewer
from chalicelib.domain.docket_numbers import parse_docket_number
from chalicelib.domain.dockets import DocketCase
from chalicelib.domain.models import CaseRecord, FilingRecord, FilingStatus
from chalicelib.errors import InvalidCursor, NotFound

MAX_PAGE = 1000


def visible(record: FilingRecord | None, viewer: Viewer) -> bool:
    return viewer.may_see(record)


def filing(filing_id: str, viewer: Viewer) -> FilingRecord:
    record = filings_repo.get(filing_id)
    if record is None or not visible(record, viewer):
        raise NotFound(f"no filing {filing_id}")
    return record


def filing_by_sha(sha256: str, viewer: Viewer) -> FilingRecord | None:
    fid = filings_repo.id_for_sha(sha256.lower())
    record = filings_repo.get(fid) if fid else None
    return record if visible(record, viewer) else None


def text_document(filing_id: str, viewer: Viewer) -> tuple[FilingRecord, dict]:
    """The filing and its stored text: pages, each page's source ("pdf", "ocr:local") and the
    OCR engine's mean confidence."""
    record = filing(filing_id, viewer)
    if record.status != FilingStatus.ready:
        raise NotFound(f"filing {filing_id} has no text yet (status {record.status.value})")
    doc = blobs.get_text_document(filing_id)
    if doc is None:
        raise NotFound(f"no text stored for filing {filing_id}")
    return record, doc


def download_name(record: FilingRecord) -> str:
    if record.filename:
        return record.filename
    parts = [record.case_id or "filing"]
    if record.document_number:
        parts.append(record.document_number + (f"-{record.attachment_number}" if record.attachment_number else ""))
    return "_".join(parts) + ".pdf"


def content_url(filing_id: str, viewer: Viewer) -> str:
    record = filing(filing_id, viewer)
    return blobs.presign_download(record.id, download_name(record))


def case(case_id: str, viewer: Viewer) -> tuple[CaseRecord, dict[str, Any]]:
    record = cases_repo.get(case_id)
    if record is None:
        raise NotFound(f"no case {case_id}")
    docket = visible_docket(case_id, viewer)
    view = case_rules.visible_view(record, viewer.sees_sealed, docket)
    if not view["filing_count"] and record.provisional and docket is None:
        # known only from sealed filings, or an empty shell whose filings moved to their court's
        # case; a case a docket report names exists without PDFs
        raise NotFound(f"no case {case_id}")
    return record, view


def visible_docket(case_id: str, viewer: Viewer) -> DocketCase | None:
    """The case's docket report metadata as `viewer` may see it (a sealed report: with the scope)."""
    found = entries_repo.get_docket_case(case_id)
    return found if viewer.may_see(found) else None


def case_filings(case_id: str, viewer: Viewer, *, limit: int, cursor: str | None, document_type: str | None,
                 updated_since: str | None) -> tuple[list[FilingRecord], str | None, int | None]:
    """One docket page, the cursor to the next, and how many filings the whole docket lists for
    this viewer (from the case's tallies; None with `updated_since`, which they cannot answer)."""
    filters = {"case_id": case_id, "document_type": document_type, "updated_since": updated_since,
               "sealed": viewer.sees_sealed}
    start = None
    if cursor:
        state = cursors.decode("case-filings", cursor)
        if state.get("f") != filters:
            raise InvalidCursor("cursor belongs to a different query; start again without it")
        start = state["k"]
    _, view = case(case_id, viewer)  # 404 for unknown or invisible cases
    count = None
    if not updated_since:
        count = view["filing_counts"].get(document_type, 0) if document_type else view["filing_count"]
    items, last = filings_repo.list_case(
        case_id, limit=limit, start_key=start, include_sealed=viewer.sees_sealed,
        document_type=document_type, updated_since=updated_since,
    )
    next_cursor = cursors.encode("case-filings", {"f": filters, "k": last}) if last else None
    return items, next_cursor, count


def resolve(docket_number: str, court: str | None, viewer: Viewer) -> list[dict[str, Any]]:
    """Every case a printed docket number can name, with the reason each one matches."""
    query = parse_docket_number(docket_number)
    if query is None:
        return []
    out = []
    candidates = [c for c in cases_repo.by_docket_core(query.core) if not court or c.court_id == court]
    for candidate, reason in case_rules.docket_matches(query, candidates):
        try:
            record, view = case(candidate.case_id, viewer)
        except NotFound:
            continue
        out.append({"case": record, "view": view, "match": reason})
    return out


def cases_by_name(name: str, viewer: Viewer, limit: int = 50,
                  court: str | None = None) -> list[tuple[CaseRecord, dict[str, Any]]]:
    """Cases whose name has every given word (the last may be a prefix), of `court` if given."""
    words = cases_repo.name_tokens(name)
    if not words:
        return []
    # the rarest-looking (longest) word narrows fastest; the rest filter in memory
    words.sort(key=len, reverse=True)
    ids = cases_repo.ids_by_name_token(words[0], limit=500)
    found = cases_repo.get_many(ids)
    out = []
    for record in found:
        if court and record.court_id != court:
            continue
        tokens = cases_repo.name_tokens(record.case_name)
        if all(any(t.startswith(w) for t in tokens) for w in words):
            try:
                out.append(case(record.case_id, viewer))
            except NotFound:
                continue
    out.sort(key=lambda pair: (pair[0].case_name or "").lower())
    return out[:limit]


STATUS_LIST = "filings-status"


def filings_by_status(status: FilingStatus, viewer: Viewer, *, limit: int, cursor: str | None,
                      filters: dict[str, Any]) -> tuple[list[FilingRecord], str | None]:
    """Filings in a status other than ready (the sparse status index), newest change first:
    operators find what failed or is stuck. Cost: the page, plus what `filters` skip."""
    bound = {"status": status.value, "sealed": viewer.sees_sealed, **filters}
    start = None
    if cursor:
        state = cursors.decode(STATUS_LIST, cursor)
        if state.get("f") != bound:
            raise InvalidCursor("cursor belongs to a different query; start again without it")
        start = state["k"]
    items, last = filings_repo.list_by_status(status, limit=limit, start_key=start,
                                              include_sealed=viewer.sees_sealed, filters=filters)
    return items, cursors.encode(STATUS_LIST, {"f": bound, "k": last}) if last else None
