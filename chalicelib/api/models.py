"""Request and response models at the HTTP boundary. They drive the OpenAPI document."""
from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field, StrictBool, field_validator, model_validator

from chalicelib.api import links as urls
from chalicelib.api.envelope import ListEnvelope
from chalicelib.api.query_fields import CourtParam, CursorParam, DocumentTypeParam, IdParam, UpdatedSince
from chalicelib.api.selection import Selection
from chalicelib.domain import corrections as correction_rules
from chalicelib.domain.access import Scope
from chalicelib.domain.base import Model, Root
from chalicelib.domain.corrections import Correction
from chalicelib.domain.models import (
    ChangeKind,
    CitationCount,
    DocumentType,
    ErrorInfo,
    FilingRecord,
    Hints,
    Party,
)


class Problem(Model):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class Links(Model):
    """Absolute URLs (see `chalicelib.api.links`)."""

    self: str
    content: str
    text: str
    case: str | None = None


class FilingOut(Model):
    """A filing: its bytes' identity, what the archive read from the PDF, and where it stands."""

    id: str
    status: Literal["awaiting_upload", "processing", "ready", "failed"]
    sha256: str
    size: int
    content_type: str
    filename: str | None
    page_count: int | None
    court_id: str | None = Field(description="CourtListener court id, e.g. cand")
    court_name: str | None = Field(description="The court's canonical name (courts-db), e.g. `United States "
                                               "District Court for the Northern District of California`")
    court_name_printed: str | None = Field(None, description="The court's name as the PDF prints it")
    docket_number: str | None = Field(description="As printed on the filing")
    case_id: str | None = Field(description="Canonical case id: court + normalized docket number")
    case_name: str | None
    parties: list[Party]
    document_number: str | None = Field(description="Docket entry number as printed, e.g. 144")
    attachment_number: int | None = Field(description="2 for a stamp reading Document 144-2")
    date_filed: date | None
    document_date: date | None
    title: str | None
    document_type: str | None
    judge: str | None
    citations: list[CitationCount]
    needs_ocr: bool = Field(description="Some page has no usable text layer and OCR has not "
                                         "read it (yet, or past the cap)")
    ocr_pages: list[int] = Field(description="Pages without a usable text layer (none, only "
                                             "stamps/furniture, or glyphs that decode to garbage)")
    ocr_page_count: int = Field(0, description="Pages whose text OCR read")
    ocr_engine: str | None = Field(None, description="ocr:local or ocr:textract")
    ocr_pending: list[int] = Field([], description="Pages follow-up OCR has still to read; the "
                                                   "metadata pages are read before the filing is ready")
    sealed: bool
    warnings: list[str]
    sources: dict[str, str] = Field(description="Where each field came from, in detail: stamp, caption, "
                                                "hint, case, corrected…")
    provenance: dict[str, Literal["extracted", "hint", "corrected"]] = Field(
        default_factory=dict,
        description="For each correctable field with a value: `extracted` (read from the PDF, or lent by "
                    "its case), `hint` (the uploader's) or `corrected` (`PATCH /filings/{id}`)")
    corrections: dict[str, Correction] = Field(
        default_factory=dict, description="The corrections in force: value, what it replaced, who, when")
    error: ErrorInfo | None
    created_at: str
    updated_at: str
    duplicate: bool | None = Field(None, description="True when these bytes were already archived")
    links: Links

    @classmethod
    def of(cls, record: FilingRecord, duplicate: bool | None = None) -> FilingOut:
        data = record.model_dump()
        base = f"/filings/{record.id}"
        return cls(
            **{k: v for k, v in data.items() if k in cls.model_fields and k != "provenance"},
            provenance=correction_rules.provenance(record.sources, record.corrections, data),
            duplicate=duplicate,
            links=Links(
                self=urls.url(base), content=urls.url(f"{base}/content"), text=urls.url(f"{base}/text"),
                case=urls.url(f"/cases/{record.case_id}") if record.case_id else None,
            ),
        )


class UploadRequest(Model):
    """Ask for a presigned upload (files up to 500 MB go straight to S3)."""

    model_config = ConfigDict(extra="forbid")

    filename: str | None = Field(None, max_length=500)
    size: int = Field(gt=0, description="Exact size in bytes; bound into the signature")
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$", description="Hex SHA-256 of the bytes")
    content_type: str = "application/pdf"
    hints: Hints = Field(default_factory=Hints)


class PresignedUpload(Model):
    method: Literal["PUT"]
    url: str
    headers: dict[str, str] = Field(description="Send exactly these headers with the PUT")
    expires_in: int


class ArchivedOut(Model):
    """Bytes archived as a filing the caller may not see (sealed): that they are archived, under
    which id, and nothing the archive read from them."""

    id: str
    duplicate: bool
    detail: str = "these bytes are already archived"


class AcceptedOut(Root[FilingOut | ArchivedOut]):
    """An upload's answer: the filing, or only its id when the caller may not see it."""


class UploadOut(Model):
    filing: FilingOut | ArchivedOut
    duplicate: bool
    upload: PresignedUpload | None = Field(None, description="Absent when the bytes are archived")


class PageText(Model):
    page: int
    text: str
    source: str = Field("pdf", description="pdf (the text layer) or ocr:<engine>")
    confidence: float | None = Field(None, description="The OCR engine's mean confidence, 0-1")


class TextOut(Model):
    filing_id: str
    page_count: int
    needs_ocr: bool
    ocr_page_count: int = 0
    ocr_pending: list[int] = []
    pages: list[PageText]


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


class SealPatch(Model):
    model_config = ConfigDict(extra="forbid")

    sealed: StrictBool = Field(description='`true` or `false` only: "yes" or 1 could seal by accident')


class DocketChange(Model):
    """What one imported docket report changed in its case's entries."""

    report_id: str
    entries_added: int
    entries_updated: int
    entries_since: str = Field(description="Pass as `updated_since` to `GET /cases/{case_id}/entries` "
                                           "for every entry this import added or changed")


class FilingPatch(Model):
    """A correction of the filing's metadata (write scope) and/or its seal (admin). Give only the
    fields to change; `null` clears one. Each correction is kept across reprocessing and recorded
    in the audit trail with who and when."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    sealed: StrictBool | None = Field(None, description="Seal or unseal (admin only)")
    title: str | None = Field(None, min_length=1, max_length=1000)
    document_type: DocumentType | None = None
    document_number: str | None = Field(None, max_length=32, description='Docket entry number, e.g. "45"')
    attachment_number: int | None = Field(None, ge=0, le=9999)
    date_filed: date | None = None
    case_name: str | None = Field(None, min_length=1, max_length=500)
    judge: str | None = Field(None, min_length=1, max_length=200)
    court_id: str | None = Field(None, max_length=32, description="CourtListener court id; moves the filing "
                                                                   "to the case it now names")
    docket_number: str | None = Field(None, min_length=2, max_length=100,
                                      description="As printed; moves the filing to the case it now names")

    # the same rules as an upload's hints
    _court = field_validator("court_id")(classmethod(lambda cls, v: Hints._known_court.__func__(Hints, v)))
    _number = field_validator("document_number")(
        classmethod(lambda cls, v: Hints._document_number.__func__(Hints, v)))
    _date = field_validator("date_filed")(classmethod(lambda cls, v: Hints._plausible_date.__func__(Hints, v)))

    @model_validator(mode="after")
    def _something(self) -> FilingPatch:
        if not self.model_dump(exclude_unset=True):
            raise ValueError("give at least one field to change")
        if "sealed" in self.model_fields_set and self.sealed is None:
            raise ValueError("sealed must be true or false")
        return self

    def corrections(self) -> dict[str, Any]:
        """The metadata fields given (None: cleared), court id lower-cased, `#` dropped."""
        given = self.model_dump(exclude_unset=True)
        given.pop("sealed", None)
        if given.get("court_id"):
            given["court_id"] = given["court_id"].lower()
        if given.get("document_number"):
            given["document_number"] = given["document_number"].lstrip("#")
        return given


class Change(Model):
    seq: int
    kind: ChangeKind = Field(
        description="A filing's change, or `docket`: a docket report was imported into `case_id`")
    filing_id: str | None = Field(None, description="The filing changed; absent on `docket` changes")
    case_id: str | None = Field(None, description="The case a `docket` change is about")
    at: str
    filing: FilingOut | None = Field(None, description="The filing as it is now; absent on removal")
    docket: DocketChange | None = Field(None, description="On `docket` changes: the entries it added or changed")


class ChangesParams(Selection):
    model_config = ConfigDict(extra="forbid")

    since: CursorParam = Field(None, description="Cursor from a previous page; omit to start")
    limit: int = Field(100, ge=1, le=1000)


class ChangePage(ListEnvelope):
    """The feed never ends: `next` is always given (where to poll), `cursor` is its `since`."""

    results: list[Change]


class WorkerHealth(Model):
    alive: bool | None = Field(description="false: no worker is taking work; null: not known (Lambda, idle)")
    workers: int = Field(description="workers with a fresh heartbeat")
    last_heartbeat_age_seconds: float | None = None


class QueueHealth(Model):
    messages: int | None = Field(None, description="messages waiting to be received")
    in_flight: int | None = Field(None, description="messages received and not yet done")
    oldest_message_age_seconds: float | None = Field(
        None, description="age of the oldest message (CloudWatch ApproximateAgeOfOldestMessage)")


class HealthOut(Model):
    status: Literal["ok", "degraded"]
    components: dict[str, str]
    archive_id: str | None = Field(
        None, description="This archive's identity, created once: a reset or different archive has "
                          "another (clients that remember uploads key their memory by it)")
    worker: WorkerHealth | None = None
    queue: QueueHealth | None = None


class KeyRequest(Model):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    scopes: list[Scope] = Field(min_length=1)


class KeyOut(Model):
    key_id: str
    name: str
    scopes: list[str]
    created_at: str
    created_by: str | None
    last_used_at: str | None
    revoked: bool
    key: str | None = Field(None, description="The secret: returned once, when minted")


class KeyList(ListEnvelope):
    """Every key (never a secret); `count` is exact."""

    results: list[KeyOut]


class AuditParams(Selection):
    model_config = ConfigDict(extra="forbid")

    filing_id: IdParam = None
    day: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    limit: int = Field(100, ge=1, le=1000)
    cursor: str | None = Field(None, max_length=2048, description="The `cursor` of the previous page")


class AuditEvent(Model):
    event_id: str
    at: str
    key_id: str | None = None
    action: str
    filing_id: str | None = None
    detail: dict[str, Any] | None = None


class AuditPage(ListEnvelope):
    """Newest first, of one filing or one day (UTC; today by default)."""

    results: list[AuditEvent]
