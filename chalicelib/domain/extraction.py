"""The extraction result: what one filing's PDF says about itself.

Pure pydantic v2 models, produced by ``chalicelib.extract.pipeline.extract`` and stored by the
ingest worker. ``sources`` records where each value came from ("stamp", "caption", "signature",
"clerk_stamp", "filed_line", ...), so a client hint or a later docket report can be weighed
against it.

Document number semantics: a district stamp "Document 144-2" gives ``document_number="144"``
and ``attachment_number=2``; appellate ids are kept as printed ("00116475093", "28.1").
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from chalicelib.domain.base import Model

__all__ = ["Party", "Citation", "PageStamp", "Extraction", "DOCUMENT_TYPES"]

DOCUMENT_TYPES = ("complaint", "answer", "motion", "order", "opinion", "judgment", "notice",
                  "stipulation", "declaration", "brief", "exhibit", "transcript", "docket",
                  "other")


class Party(Model):
    model_config = ConfigDict(frozen=True)

    name: str
    role: str | None = None


class Citation(Model):
    model_config = ConfigDict(frozen=True)

    cite: str
    kind: Literal["case", "statute", "other"]
    count: int = 1


class PageStamp(Model):
    model_config = ConfigDict(frozen=True)

    system: str
    docket_number: str | None = None
    document_number: str | None = None
    attachment_number: int | None = None
    date_filed: date | None = None
    page: int | None = None
    page_of: int | None = None
    page_id: str | None = None
    entry_id: str | None = None


class Extraction(Model):
    page_count: int
    pages: list[str] = Field(default_factory=list)  # text per page
    needs_ocr: bool = False  # some page's text layer is unusable and OCR has not read it (yet)
    ocr_pages: list[int] = Field(default_factory=list)  # 1-based pages without a usable layer
    page_sources: list[str] = Field(default_factory=list)  # per page: "pdf" | "ocr:<engine>"
    page_confidence: list[float | None] = Field(default_factory=list)  # OCR's mean, per page
    ocr_pending: list[int] = Field(default_factory=list)  # to be OCR'd by follow-up work
    ocr_capped: list[int] = Field(default_factory=list)  # past the per-filing OCR cap
    court_id: str | None = None
    court_name: str | None = None
    docket_number: str | None = None  # as printed (the stamp's form when there is one)
    case_id: str | None = None
    case_name: str | None = None
    parties: list[Party] = Field(default_factory=list)
    document_number: str | None = None
    attachment_number: int | None = None
    date_filed: date | None = None
    document_date: date | None = None
    title: str | None = None
    document_type: str | None = None
    judge: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    self_citation: str | None = None
    stamp: PageStamp | None = None  # the winning stamp
    sources: dict[str, str] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
