"""The extraction pipeline: PDF bytes -> ``Extraction``. The one entry point the ingest worker
calls.

Stages (each timed into the optional ``timings`` dict, seconds accumulated per key):

    text       PDFium text per page                     (chalicelib.extract.pdf_text)
    ocr        pages without a usable text layer, OCR'd (chalicelib.extract.ocr.reader)
    stamps     CM/ECF stamps on every page, the winner  (chalicelib.domain.stamps)
    courts     court id from the stamp format / caption (chalicelib.domain.courts, courts-db)
    caption    parties, case name, title, judge, dates  (chalicelib.domain.captions)
    citations  eyecite case and statute citations       (chalicelib.extract.citations)

Precedence, highest first: the winning stamp (docket number, document number, filed date,
appellate court); then the caption (court, case name, judge, title); then printed date lines
(clerk's FILED stamp, "Filed:", "Decided"). ``sources`` records which one gave each field.
"""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from chalicelib.domain import captions, document_types, stamps as stamps_mod
from chalicelib.domain.docket_numbers import case_id as make_case_id
from chalicelib.domain.courts import is_known_court
from chalicelib.domain.extraction import Citation, Extraction, Party, PageStamp
from chalicelib.extract.citations import find_citations
from chalicelib.extract.errors import ExtractionError
from chalicelib.extract.ocr import OcrConfig, OcrPage
from chalicelib.extract.ocr.reader import PagesRead, text_with_ocr
from chalicelib.extract.pdf_text import Limits, PdfText, read_pdf_text

__all__ = ["extract", "Limits", "ExtractionError", "STAGES"]

STAGES = ("text", "ocr", "stamps", "courts", "caption", "citations")
_OCR_MIN_CHARS = 25  # letters/digits a page needs, besides its stamp, to count as having text


@contextmanager
def _timed(timings: dict | None, stage: str):
    t0 = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - t0


def _page_stamp(s: stamps_mod.Stamp) -> PageStamp:
    return PageStamp(system=s.system, docket_number=s.docket_number,
                     document_number=s.document_number, attachment_number=s.attachment_number,
                     date_filed=s.date_filed, page=s.page, page_of=s.page_of, page_id=s.page_id,
                     entry_id=s.entry_id)


@contextmanager
def _degrade(warnings: list[str], what: str):
    """A stage that trips over an odd document costs that stage's fields, not the filing: the
    stamp, page count and text already read are kept, and the miss is a warning."""
    try:
        yield
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 - any bug in one reader must not fail the filing
        warnings.append(f"{what}: could not be read ({type(exc).__name__})")


def extract(data: bytes, limits: Limits | None = None, *, timings: dict | None = None,
            citations: bool = True, ocr: OcrConfig | None = None,
            known_ocr: dict[int, OcrPage] | None = None) -> Extraction:
    """Read one filing. Raises ``ExtractionError`` (code not_pdf / unreadable_pdf / encrypted /
    too_complex); pages without a usable text layer are listed in ``ocr_pages`` and, when `ocr`
    names an engine, their metadata pages are OCR'd here (the rest are ``ocr_pending``).
    `known_ocr`: pages a previous run read with the same engine (not read again)."""
    with _timed(timings, "text"):
        pdf = read_pdf_text(data, limits)
    stamped = _read_and_stamp(data, pdf, ocr, known_ocr, timings)
    read, win, pages = stamped.read, stamped.win, stamped.read.pages
    warnings = _reading_warnings(pdf, stamped, ocr)
    text_pages = [t for t, b in zip(pages, stamped.bare) if _has_text(b)]
    court = _court(stamped, text_pages, warnings, timings)
    cap, court = _caption(stamped, court, warnings, timings)
    doc_type = _document_type(pdf, stamped, cap, text_pages, warnings, timings)
    cites = _citations(text_pages, warnings, timings) if citations and text_pages else []
    court_id, court_name, _ = court
    docket = win.docket_number if win else cap.docket_number
    date_filed = win.date_filed if win and win.date_filed else cap.date_filed
    return Extraction(
        page_count=pdf.page_count, pages=pages, needs_ocr=bool(stamped.unread), ocr_pages=read.wanted,
        page_sources=read.sources, page_confidence=read.confidence, ocr_pending=read.pending,
        ocr_capped=read.capped,
        court_id=court_id, court_name=court_name, docket_number=docket,
        case_id=make_case_id(court_id, docket) if docket else None,
        case_name=cap.case_name, parties=[Party(name=n, role=r) for n, r in cap.parties],
        document_number=win.document_number if win else None,
        attachment_number=win.attachment_number if win else None,
        date_filed=date_filed, document_date=cap.document_date, title=cap.title,
        document_type=doc_type, judge=cap.judge, citations=cites,
        self_citation=cap.self_citation, stamp=_page_stamp(win) if win else None,
        sources=_sources(win, cap, court, doc_type, docket=docket, date_filed=date_filed),
        warnings=warnings)


@dataclass(frozen=True)
class _Stamped:
    """A filing's pages as read (text layer or OCR) with the stamps found on them."""

    read: PagesRead
    per_page: list[list[stamps_mod.Stamp]]
    win: stamps_mod.Stamp | None  # the winning stamp
    stamp_texts: tuple[str, ...]  # every stamp's text, longest first
    bare: list[str]  # each page on one line, its stamps removed
    textless: list[int]  # pages (1-based) with too little text besides their stamps

    @property
    def unread(self) -> list[int]:
        """Pages without a usable text layer that OCR did not read."""
        return [p for p in self.read.wanted if self.read.sources[p - 1] == "pdf"]

    @property
    def system(self) -> str | None:
        return self.win.system if self.win else None


def _read_and_stamp(data: bytes, pdf: PdfText, ocr: OcrConfig | None,
                    known_ocr: dict[int, OcrPage] | None, timings: dict | None) -> _Stamped:
    with _timed(timings, "stamps"):
        layer_stamps = [stamps_mod.find_stamps(text, i) for i, text in enumerate(pdf.pages)]
    with _timed(timings, "ocr"):
        read = text_with_ocr(data, pdf.pages, [[s.text for s in found if s.text]
                                                for found in layer_stamps], ocr, known_ocr)
    pages = read.pages
    with _timed(timings, "stamps"):
        # a text layer's stamps are exact; OCR's are believed only when no layer has one
        stamped_layer = any(layer_stamps)
        per_page = [found if stamped_layer or read.sources[i] == "pdf"
                    else stamps_mod.find_stamps(pages[i], i)
                    for i, found in enumerate(layer_stamps)]
        win = stamps_mod.winning_stamp(per_page)
        stamp_texts = tuple(sorted({s.text for page in per_page for s in page if s.text},
                                   key=len, reverse=True))
        bare = [_without_stamps(text, found) for text, found in zip(pages, per_page)]
        textless = [i + 1 for i, t in enumerate(bare) if not _has_text(t)]
    return _Stamped(read, per_page, win, stamp_texts, bare, textless)


def _without_stamps(text: str, found: list[stamps_mod.Stamp]) -> str:
    flat = " ".join(text.split())
    # a page's stamps were found in this very flattened text: remove just those
    for st in sorted({s.text for s in found if s.text}, key=len, reverse=True):
        flat = flat.replace(st, " ")
    return flat


def _has_text(bare: str) -> bool:
    """Enough letters and digits, besides the page's stamps, to count as having text."""
    return len(re.sub(r"[\W_]", "", bare)) >= _OCR_MIN_CHARS


def _reading_warnings(pdf: PdfText, stamped: _Stamped, ocr: OcrConfig | None) -> list[str]:
    """What stamps and OCR leave in doubt: stamps that disagree, a page count the stamp
    disputes, pages read by OCR, left for it or never read."""
    warnings: list[str] = []
    win, read, unread = stamped.win, stamped.read, stamped.unread
    identities = {s.identity for page in stamped.per_page for s in page}
    if len(identities) > 1 and win:
        warnings.append(f"{len(identities)} different stamps; the latest ({win.docket_number} "
                        f"document {win.document}) was taken")
    if win and win.page_of and win.page_of != pdf.page_count:
        warnings.append(f"stamp says {win.page_of} pages, the PDF has {pdf.page_count}")
    if read.ocr_read:
        warnings.append(f"{len(read.ocr_read)} of {pdf.page_count} pages read by OCR "
                        f"({read.sources[read.ocr_read[0] - 1]})")
    if read.error:
        warnings.append(f"OCR failed ({read.error}); its pages are left for follow-up")
    if read.capped and ocr is not None:
        warnings.append(f"{len(read.capped)} pages past the OCR cap of {ocr.max_pages} pages "
                        "were not read")
    if unread and not read.pending and not read.capped:
        warnings.append(f"{len(unread)} of {pdf.page_count} pages have no usable text layer")
    return warnings


_Court = tuple[str | None, str | None, str | None]  # court id, printed name, source


def _court(stamped: _Stamped, text_pages: list[str], warnings: list[str], timings: dict | None) -> _Court:
    court: _Court = (None, None, None)
    win = stamped.win
    with _timed(timings, "courts"), _degrade(warnings, "court"):
        first_lines = captions.clean_lines(stamped.bare[0]) if stamped.bare else []
        exhibit_cover = captions.is_exhibit_cover(first_lines)
        court = captions.find_court(text_pages or stamped.read.pages, stamped.system, exhibit_cover)
        if win and win.court_id and is_known_court(win.court_id) and court[2] != "stamp":
            # the district the stamp names ("USDC Colorado", "in TXSD") is the filing's court
            court = (win.court_id, None, "stamp")
    return court


def _caption(stamped: _Stamped, court: _Court, warnings: list[str],
             timings: dict | None) -> tuple[captions.Caption, _Court]:
    """The caption, and the court it names when nothing else did."""
    cap, win = captions.Caption(), stamped.win
    with _timed(timings, "caption"), _degrade(warnings, "caption"):
        cap = captions.read_caption(stamped.read.pages, stamped.system, stamped.stamp_texts,
                                    court=court, docket=win.docket_number if win else None)
        if cap.court_id and not court[0]:  # an exhibit's embedded caption, same bench
            court = (cap.court_id, cap.court_name, cap.court_source)
    return cap, court


def _document_type(pdf: PdfText, stamped: _Stamped, cap: captions.Caption, text_pages: list[str],
                   warnings: list[str], timings: dict | None) -> str | None:
    doc_type, win = None, stamped.win
    with _timed(timings, "caption"), _degrade(warnings, "document_type"):
        stamp_only = win is not None and len(stamped.textless) == pdf.page_count
        doc_type = document_types.classify(
            cap.title, "\n".join(text_pages[:3]), last_pages="\n".join(text_pages[3:][-2:]),
            body="\n".join(text_pages), attachment_number=win.attachment_number if win else None,
            stamp_only=stamp_only, exhibit_cover=cap.exhibit_cover)
    return doc_type


def _citations(text_pages: list[str], warnings: list[str], timings: dict | None) -> list[Citation]:
    cites: list[Citation] = []
    with _timed(timings, "citations"), _degrade(warnings, "citations"):
        cites = find_citations("\n".join(text_pages))
    return cites


def _sources(win: stamps_mod.Stamp | None, cap: captions.Caption, court: _Court, doc_type: str | None,
             *, docket: str | None, date_filed: date | None) -> dict[str, str]:
    """Which reading gave each field: the stamp, the caption, a date line, the signature."""
    court_id, _, court_src = court
    sources: dict[str, str] = {}
    if docket:
        sources["docket_number"] = "stamp" if win else "caption"
    if date_filed:
        sources["date_filed"] = "stamp" if win and win.date_filed else (cap.date_source or "caption")
    if win and win.document:
        sources["document_number"] = "stamp"
    if court_id:
        sources["court_id"] = court_src or "caption"
    for f, v, src in (("case_name", cap.case_name, "caption"), ("title", cap.title, "caption"),
                      ("judge", cap.judge, cap.judge_source or "caption"),
                      ("document_date", cap.document_date, "signature"),
                      ("self_citation", cap.self_citation, "caption")):
        if v:
            sources[f] = src
    if doc_type:
        sources["document_type"] = "title" if document_types.classify_title(cap.title) else "cues"
    return sources
