"""Response bodies built from what the services return: domain records in, API models out.

Routes in `app.py` call one service and hand its result to one of these; nothing here reads
storage or decides visibility (the services already did).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from chalicelib.api import change_models
from chalicelib.api import docket_models as dm
from chalicelib.api import links
from chalicelib.api import models as m
from chalicelib.api.admin_models import AuditEvent, AuditPage, KeyList, KeyOut
from chalicelib.api.case_models import CaseList, CaseMatch, CaseOut, DocketItem, DocketPage
from chalicelib.api.envelope import paged
from chalicelib.api.filing_list import FilingList
from chalicelib.api.search_models import to_response
from chalicelib.domain.models import CaseRecord, FilingRecord

if TYPE_CHECKING:  # a type only: the use case loads with its route (chalicelib/services/__init__.py)
    from chalicelib.services.changes import ChangePage


def accepted_filing(accepted: Any) -> BaseModel:
    """An upload's filing, or only its id when the caller may not see it (sealed)."""
    if accepted.hidden:
        return m.ArchivedOut(id=accepted.filing_id, duplicate=accepted.duplicate)
    return m.FilingOut.of(accepted.filing, duplicate=accepted.duplicate)


def upload_out(accepted: Any) -> m.UploadOut:
    return m.UploadOut(
        filing=accepted_filing(accepted),
        duplicate=accepted.duplicate,
        upload=m.PresignedUpload(**accepted.upload) if accepted.upload else None,
    )


def text_out(record: FilingRecord, pages: list[str], sources: list[str] | None = None,
             confidence: list[float | None] | None = None) -> m.TextOut:
    """The text per page with where it came from (`pdf`, `ocr:<engine>`) and OCR's confidence."""
    sources = sources or ["pdf"] * len(pages)
    confidence = confidence or [None] * len(pages)
    return m.TextOut(
        filing_id=record.id, page_count=len(pages), needs_ocr=record.needs_ocr,
        ocr_page_count=record.ocr_page_count, ocr_pending=record.ocr_pending,
        pages=[m.PageText(page=n, text=t, source=s, confidence=c)
               for n, (t, s, c) in enumerate(zip(pages, sources, confidence), start=1)],
    )


def plain_text(pages: list[str]) -> str:
    return "\f".join(pages)  # form feed between pages, as pdftotext does


def case_list(matches: list[dict[str, Any]] | None = None,
              named: list[tuple[CaseRecord, dict[str, Any]]] | None = None) -> CaseList:
    """Cases a docket number resolved to (each with its reason), or cases found by name."""
    results = [CaseMatch(case=CaseOut.of(hit["case"], hit["view"]), match=hit["match"])
               for hit in matches or []]
    results += [CaseMatch(case=CaseOut.of(rec, view), match="name") for rec, view in named or []]
    return CaseList(count=len(results), results=results)


def case_with_docket(case_id: str, record: CaseRecord, view: dict[str, Any],
                     docket: Any) -> dm.CaseWithDocketOut:
    body = dm.CaseWithDocketOut(**CaseOut.of(record, view).model_dump(),
                                docket=dm.CaseDocketOut.of(docket) if docket else None)
    body.links["entries"] = links.url(f"/cases/{case_id}/entries")
    return body


def entries_page(case_id: str, results: list[Any], next_cursor: str | None) -> dict[str, Any]:
    page = dm.EntriesPage.model_validate({"case_id": case_id, "results": results, **paged(next_cursor)})
    return page.model_dump(mode="json", by_alias=True, exclude_none=False)


def docket_page(case_id: str, items: list[FilingRecord], next_cursor: str | None,
                count: int | None = None) -> DocketPage:
    return DocketPage(count=count, **paged(next_cursor), case_id=case_id,
                      results=[DocketItem.of(i) for i in items])


def change_page(feed: ChangePage) -> change_models.ChangePage:
    """The feed never ends: `next` always points where to poll (`since` = its cursor)."""
    return change_models.ChangePage(**paged(feed.next, "since"), results=[
        change_models.Change(seq=c.seq, kind=c.kind, filing_id=c.filing_id, case_id=c.case_id, at=c.at,
                             filing=m.FilingOut.of(c.filing) if c.filing else None,
                             docket=change_models.DocketChange(**c.docket) if c.docket else None)
        for c in feed.changes])


def key_list(keys: list[dict[str, Any]]) -> dict[str, Any]:
    """Every key, never a secret (`key` is only in a mint's answer)."""
    page = KeyList(count=len(keys), results=[KeyOut(**k) for k in keys])
    return page.model_dump(mode="json", exclude={"results": {"__all__": {"key"}}})


def audit_page(events: list[dict[str, Any]], next_cursor: str | None) -> AuditPage:
    return AuditPage(**paged(next_cursor), results=[AuditEvent(**e) for e in events])


def filing_list(items: list[FilingRecord], next_cursor: str | None) -> FilingList:
    """Filings not ready, from the status index (no exact count without reading them all)."""
    return FilingList(**paged(next_cursor), results=[m.FilingOut.of(r) for r in items])


def filing_list_from_search(result: Any, params: Any, viewer: Any) -> FilingList:
    """Ready filings: a filter-only search's page, its exact count and its cursor."""
    page = to_response(result, params, viewer)
    return FilingList(count=page.count, next=page.next, cursor=page.cursor,
                      results=[m.FilingOut.of(h.record) for h in result.hits])
