"""The archive's own records: a filing, a case, client hints. Pure pydantic, no storage.

Repositories turn these into items and back; the API renders them through `chalicelib.api`.
"""
from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator

from chalicelib.domain import court_ids
from chalicelib.domain.base import Model
from chalicelib.domain.extraction import DOCUMENT_TYPES, Party  # noqa: F401  (one definition)
from chalicelib.domain.extraction import Citation as CitationCount

DocumentType = Literal[
    "complaint", "answer", "motion", "order", "opinion", "judgment", "notice", "stipulation",
    "declaration", "brief", "exhibit", "transcript", "docket", "other",
]

_DOCUMENT_NUMBER = re.compile(r"^\d{1,14}(?:[-.]\d{1,4})?$")


# What the change feed says happened: a filing's change, or a docket report's import into a case.
ChangeKind = Literal["created", "updated", "reclassified", "sealed", "unsealed", "removed", "docket"]


class FilingStatus(str, Enum):
    awaiting_upload = "awaiting_upload"  # presigned upload reserved, bytes not yet in S3
    processing = "processing"
    ready = "ready"
    failed = "failed"


class ErrorInfo(Model):
    code: str
    message: str


class Hints(Model):
    """What a client says about a filing. Validated strictly: nonsense gets a 422 naming the field.

    Hints win over what the PDF says; every disagreement is recorded in the filing's warnings.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    court: str | None = Field(None, max_length=32, description="CourtListener court id, e.g. cand")
    docket_number: str | None = Field(None, min_length=2, max_length=100)
    document_number: str | None = Field(None, max_length=32, description='As printed: "144"')
    attachment_number: int | None = Field(None, ge=0, le=9999)
    date_filed: date | None = None
    title: str | None = Field(None, min_length=1, max_length=1000)
    document_type: DocumentType | None = None
    sealed: bool | None = None
    pacer_doc_id: str | None = Field(None, pattern=r"^\d{8,15}$",
                                     description="PACER document id; links a stampless PDF to its docket entry")

    @field_validator("court")
    @classmethod
    def _known_court(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.lower()
        if not court_ids.is_known(value):  # court_ids.json, loaded on first use
            raise ValueError(f"unknown court id {value!r} (use a CourtListener id such as 'cand')")
        return value

    @field_validator("document_number")
    @classmethod
    def _document_number(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.lstrip("#")
        if not _DOCUMENT_NUMBER.match(value):
            raise ValueError("must be a docket entry number such as 144 or 144-2 (no sign)")
        return value

    @field_validator("date_filed")
    @classmethod
    def _plausible_date(cls, value: date | None) -> date | None:
        if value is not None and not (date(1789, 1, 1) <= value <= date(2200, 1, 1)):
            raise ValueError("out of range")
        return value

    def given(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, mode="json")


class FilingRecord(Model):
    """A filing as the archive stores it (one item, no text)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    status: FilingStatus
    sha256: str
    size: int
    content_type: str = "application/pdf"
    filename: str | None = None
    upload_path: Literal["direct", "presigned"] = "direct"
    page_count: int | None = None
    court_id: str | None = None
    court_name: str | None = None  # canonical (courts-db) for court_id
    court_name_printed: str | None = None  # as the PDF prints it
    docket_number: str | None = None
    case_id: str | None = None
    case_name: str | None = None
    parties: list[Party] = []
    document_number: str | None = None
    attachment_number: int | None = None
    date_filed: date | None = None
    document_date: date | None = None
    title: str | None = None
    document_type: str | None = None
    judge: str | None = None
    citations: list[CitationCount] = []
    needs_ocr: bool = False  # some page has no usable text layer and OCR has not read it (yet)
    ocr_pages: list[int] = []  # pages without a usable text layer
    ocr_page_count: int = 0  # pages whose text OCR read
    ocr_engine: str | None = None  # "ocr:local" | "ocr:textract": the engine that read them
    ocr_pending: list[int] = []  # pages follow-up OCR has still to read
    sealed: bool = False
    warnings: list[str] = []
    sources: dict[str, str] = {}
    hints: dict[str, Any] = {}
    corrections: dict[str, dict[str, Any]] = {}  # field -> domain.corrections.Correction
    error: ErrorInfo | None = None
    attempts: int = 0
    published: bool = False  # has been ready at least once (the change feed said "created")
    counted_case_id: str | None = None  # the case this filing's contribution is counted in
    created_at: str
    updated_at: str
    version: int = 0


class CaseRecord(Model):
    """A case: its identity as founded, plus the tallies its filings add (`domain.cases`).

    `docket_number`, `case_name`, `judge` and `provisional` are derived from the public tallies
    when the case is read; the tallies themselves are only ever changed by commutative deltas.
    """

    model_config = ConfigDict(extra="ignore")

    case_id: str
    court_id: str | None = None
    docket_number: str | None = None
    docket_core: str | None = None
    case_type: str | None = None
    case_name: str | None = None
    judge: str | None = None
    provisional: bool = True
    tallies: dict[str, int] = {}  # "~kind|column|key…" -> count (see domain.cases)
    created_at: str
    updated_at: str
    version: int = 0
