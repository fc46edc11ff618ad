"""HTTP models of cases: a case, finding cases by docket number or name, and a case's docket of filings."""
from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field

from chalicelib.api import links as urls
from chalicelib.api.envelope import ListEnvelope
from chalicelib.api.query_fields import CourtParam, CursorParam, DocumentTypeParam, UpdatedSince
from chalicelib.api.selection import Selection
from chalicelib.domain.base import Model
from chalicelib.domain.models import FilingRecord, Party


class CaseOut(Model):
    case_id: str = Field(description="`<court>-<yy>-<type>-<serial:05d>`, e.g. `cand-19-cv-07123`; "
                                     "`<court>-doc-<hash>` for a filing that prints no docket number")
    court_id: str | None
    docket_number: str | None = Field(
        description="The current form: as stamped on the most recently filed filing "
                    "(a case reassigned from `3:19-cv-07123` shows `4:19-cv-07123-PJH`)")
    docket_number_variants: list[str] = Field(
        [], description="Other forms the case's filings print, most recent first")
    case_name: str | None = Field(
        description="The short name most filings print, in its most careful spelling")
    judge: str | None
    provisional: bool = Field(description=(
        "True while the case is known only from what its filings print and they do not yet "
        "agree. It becomes false once a docket report for the case has been imported (PACER's "
        "own record of the case), or once the filings agree: the court is known, at least two "
        "filings print the docket number, and the leading case name is printed by at least two "
        "filings and by more than half of those that print one. Only evidence the caller may see "
        "counts (sealed filings confirm a case only for callers with `sealed:read`). A provisional "
        "case's name, parties or even id may still change as more filings arrive."))
    parties: list[Party] = Field(description=(
        "Merged across the case's filings and its docket report, one entry per party (spellings "
        "such as \"Whatsapp Inc\" and \"WhatsApp Inc.\" are one party, shown in the most careful "
        "spelling, corporate designators with their period), with the docket report's role where "
        "the report lists the party, else the role most filings give it"))
    first_filed: date | None
    last_filed: date | None
    filing_count: int
    filing_counts: dict[str, int] = Field(description="Filings by document type")
    links: dict[str, str]

    @classmethod
    def of(cls, record: Any, view: dict[str, Any]) -> CaseOut:
        return cls(
            case_id=record.case_id,
            court_id=record.court_id,
            docket_number=view.get("docket_number", record.docket_number),
            docket_number_variants=view.get("docket_number_variants", []),
            case_name=view.get("case_name", record.case_name),
            judge=view.get("judge", record.judge),
            provisional=view.get("provisional", record.provisional),
            parties=[Party(**p) for p in view["parties"]],
            first_filed=view["first_filed"],
            last_filed=view["last_filed"],
            filing_count=view["filing_count"],
            filing_counts=view["filing_counts"],
            links={"self": urls.url(f"/cases/{record.case_id}"),
                   "filings": urls.url(f"/cases/{record.case_id}/filings")},
        )


class CaseMatch(Model):
    case: CaseOut
    match: str = Field(description="Why this case matches the query")


class CaseList(ListEnvelope):
    """Every matching case on one page: `count` is exact, `next` null."""

    results: list[CaseMatch]


class DocketItem(Model):
    """A lightweight docket entry: no text, no citations."""

    id: str
    status: str
    document_number: str | None
    attachment_number: int | None
    date_filed: date | None
    title: str | None
    document_type: str | None
    page_count: int | None
    sealed: bool
    sha256: str
    updated_at: str

    @classmethod
    def of(cls, record: FilingRecord) -> DocketItem:
        return cls(**{k: v for k, v in record.model_dump().items() if k in cls.model_fields})


class DocketPage(ListEnvelope):
    """`count`: the case's filings the caller may see (of `document_type` when given), from the
    case's tallies; null with `updated_since`."""

    case_id: str
    results: list[DocketItem]


class CaseFilingsParams(Selection):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(100, ge=1, le=1000)
    cursor: CursorParam = None
    updated_since: UpdatedSince = None
    document_type: DocumentTypeParam = None


class CasesParams(Selection):
    model_config = ConfigDict(extra="forbid")

    docket_number: str | None = Field(None, min_length=2, max_length=100)
    court: CourtParam = None
    name: str | None = Field(None, min_length=2, max_length=200)
