"""HTTP models for docket sheets: report uploads, entries, links (→ OpenAPI via `OPERATIONS`)."""
from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator

from chalicelib.api import models as m
from chalicelib.api.case_models import CaseOut
from chalicelib.api.envelope import ListEnvelope
from chalicelib.api.query_fields import CursorParam, UpdatedSince
from chalicelib.api.selection import ReadParams, Selection
from chalicelib.domain.base import Model
from chalicelib.domain.models import Hints

LinkType = Literal["responds_to", "cites_entry", "exhibit_of"]


class DocketUploadParams(Model):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    court: str | None = Field(None, max_length=32, description="CourtListener court id when the page does not say")
    sealed: bool = Field(False, description="A report only sealed:read callers may see")

    @field_validator("court")
    @classmethod
    def _known_court(cls, value: str | None) -> str | None:
        return Hints(court=value).court if value else None


class ReportError(Model):
    code: str
    message: str


class DocketReportOut(Model):
    """A docket report upload and what its import came to."""

    id: str
    status: Literal["processing", "ready", "failed"]
    sha256: str
    size: int
    sealed: bool = False
    case_id: str | None = None
    court_id: str | None = None
    docket_number: str | None = None
    entry_count: int | None = Field(None, description="Entries on the report")
    entries_added: int | None = None
    entries_updated: int | None = None
    filings_warned: int | None = Field(None, description="Held filings whose stamp the report contradicts "
                                                         "(each gets a warning; nothing is overwritten)")
    vintage: date | None = Field(None, description="The latest date the report shows; newer reports win")
    error: ReportError | None = None
    duplicate: bool | None = None
    created_at: str
    updated_at: str
    links: dict[str, str]

    @classmethod
    def of(cls, record: dict[str, Any], duplicate: bool | None = None) -> DocketReportOut:
        links = {"self": f"/dockets/{record['id']}"}
        if record.get("case_id"):
            links.update(case=f"/cases/{record['case_id']}", entries=f"/cases/{record['case_id']}/entries")
        return cls(**{k: v for k, v in record.items() if k in cls.model_fields and k != "links"},
                   duplicate=duplicate, links=links)


class Attorney(Model):
    model_config = ConfigDict(extra="allow")
    name: str
    roles: list[str] = []
    contact: str | None = None


class DocketParty(Model):
    model_config = ConfigDict(extra="allow")
    name: str
    type: str | None = Field(None, description="Role on the docket: Plaintiff, Defendant, Appellant…")
    extra_info: str | None = None
    date_terminated: date | None = None
    attorneys: list[Attorney] = []


class CaseDocketOut(Model):
    """What the case's docket reports say about it (newest report wins, field by field)."""

    court_id: str | None
    docket_number: str | None
    case_name: str | None
    judge: str | None = Field(description="Assigned to")
    referred_judge: str | None = Field(description="Referred to")
    cause: str | None
    nature_of_suit: str | None
    jury_demand: str | None
    demand: str | None
    jurisdiction: str | None
    date_filed: date | None
    date_terminated: date | None
    appeal_from: str | None
    panel: list[str]
    parties: list[DocketParty]
    vintage: date | None

    @classmethod
    def of(cls, docket: Any) -> CaseDocketOut:
        return cls(court_id=docket.court_id, docket_number=docket.docket_number, case_name=docket.case_name,
                   judge=docket.assigned_to, referred_judge=docket.referred_to, cause=docket.cause,
                   nature_of_suit=docket.nature_of_suit, jury_demand=docket.jury_demand, demand=docket.demand,
                   jurisdiction=docket.jurisdiction, date_filed=docket.date_filed,
                   date_terminated=docket.date_terminated, appeal_from=docket.appeal_from, panel=docket.panel,
                   parties=[DocketParty.model_validate(p) for p in docket.parties], vintage=docket.vintage)


class CaseWithDocketOut(CaseOut):
    docket: CaseDocketOut | None = Field(None, description="From the case's PACER docket report(s), if any")


class EntriesParams(Selection):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(100, ge=1, le=1000)
    cursor: CursorParam = None
    updated_since: UpdatedSince = None
    links: Literal["in", "out", "both", "true"] | None = Field(None, description="Include each entry's links")


class EntryDocument(Model):
    attachment_number: int = Field(description="0 for the main document")
    description: str | None = Field(description="The report's label for an attachment")
    available: bool = Field(description="Whether the archive holds this document's PDF")
    filing_id: str | None
    source: Literal["report", "filing", "reference", "implied"] = Field(
        description="Why the slot is listed: the report, a held PDF's stamp, another filing's "
                    "reference (ECF No. 59-20), or implied by a higher attachment number")
    title: str | None = None
    document_type: str | None = None
    page_count: int | None = None
    sealed: bool | None = None


class LinkOut(Model):
    type: LinkType
    direction: Literal["out", "in"]
    filing_id: str = Field(description="The filing whose text (or stamp) makes the reference")
    source_number: str | None
    source_attachment: int = 0
    target_number: int
    target_attachment: int
    evidence: str | None


class EntryLinks(Model):
    out: list[LinkOut] | None = None
    in_: list[LinkOut] | None = Field(None, alias="in", serialization_alias="in")


class EntryOut(Model):
    number: str | None = Field(description="Entry number as the report prints it; null for minute entries")
    position: str = Field(description="Docket place: the number, or 'N.k' for the k-th unnumbered entry after N")
    date_filed: date | None
    date_entered: date | None
    description: str | None
    title: str | None = Field(description="The main document's title, when the archive holds it")
    pacer_doc_id: str | None
    source: Literal["report", "filings"]
    documents: list[EntryDocument]
    updated_at: str | None
    links: EntryLinks | None = None


class EntriesPage(ListEnvelope):
    """The list envelope (`count` null: entries known only from PDFs are found page by page)."""

    case_id: str
    results: list[EntryOut]


class FilingSummary(Model):
    filing_id: str
    document_number: str | None
    attachment_number: int | None
    title: str | None
    document_type: str | None
    date_filed: date | None


class EntrySummary(Model):
    number: str | None
    date_filed: date | None
    description: str | None


class ResolvedLink(LinkOut):
    entry: EntrySummary | None = Field(None, description="The target entry as the report describes it")
    filings: list[FilingSummary] = Field(description="Held filings on the other side of the link")


class FilingLinksOut(Model):
    filing_id: str
    case_id: str | None
    outgoing: list[ResolvedLink]
    incoming: list[ResolvedLink]


OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("/dockets", "POST"): {
        "summary": "Upload a PACER docket report page (HTML ≤ 4 MB, district or appellate) as the raw body",
        "query": DocketUploadParams, "body": "text/html",
        "responses": {202: DocketReportOut, 200: DocketReportOut, 400: m.Problem, 413: m.Problem,
                      415: m.Problem, 422: m.Problem},
    },
    ("/dockets/{report_id}", "GET"): {"summary": "A docket report upload and its import", "query": ReadParams,
                                      "responses": {200: DocketReportOut, 404: m.Problem}},
    ("/cases/{case_id}/entries", "GET"): {
        "summary": "A case's docket entries in order, with documents (held or not) and links",
        "query": EntriesParams, "responses": {200: EntriesPage, 400: m.Problem, 404: m.Problem, 422: m.Problem}},
    ("/filings/{filing_id}/links", "GET"): {
        "summary": "The filing graph around a filing: entries it refers to and filings referring to it",
        "query": ReadParams, "responses": {200: FilingLinksOut, 404: m.Problem}},
}
