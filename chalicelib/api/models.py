"""Request and response models of filings at the HTTP boundary: the filing, its upload, its text, its
corrections, and the problem every error answers. They drive the OpenAPI document."""
from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field, StrictBool, field_validator, model_validator

from chalicelib.api import links as urls
from chalicelib.domain import corrections as correction_rules
from chalicelib.domain.base import Model, Root
from chalicelib.domain.corrections import Correction
from chalicelib.domain.models import (
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
