"""PDF bytes -> text per page, with PDFium (pypdfium2), inside explicit limits.

* The ``%PDF-`` header may follow stray bytes (mail gateways, HTTP uploads): it is searched in
  the first 1024 bytes and anything before it is dropped.
* PDFium is not thread-safe: every call into it holds ``PDFIUM_LOCK``.
* Limits (bytes, pages, wall time) raise ``TooComplex``; a truncated or corrupt file raises
  ``UnreadablePdf``; a password-protected one ``EncryptedPdf`` unless the empty password opens it.
* Scans with an OCR text layer drawn inside a unit-square form XObject (Debenu/Foxit Quick PDF
  Library and other OCR tools: ``/BBox [0 0 1 1]``, ``0.001 0 0 0.001 0 0 cm`` inside, the page
  scaling the form up by its size): PDFium's text page drops every glyph narrower than 0.01
  *form* units, i.e. the whole layer. On pages that read (almost) empty, such forms are rescaled
  in memory (content scaled up, the form matrix down by the same factor: page positions are
  unchanged) and the page is read again.
"""
from __future__ import annotations

import re

import threading
import time
from dataclasses import dataclass

from chalicelib.extract.errors import EncryptedPdf, NotPdf, TooComplex, UnreadablePdf

__all__ = ["Limits", "PdfText", "read_pdf_text", "pdf_start"]

PDFIUM_LOCK = threading.Lock()
_HEADER = b"%PDF-"
_HEADER_WINDOW = 1024
_SHORT_PAGE_CHARS = 300   # pages with fewer letters/digits are checked for unit-scale forms
_TINY_FORM_SCALE = 20.0   # a form the page scales up at least this much holds unit-scale content


@dataclass(frozen=True)
class Limits:
    """Bounds on one extraction (defaults suit a Lambda worker with 1-2 GB of memory)."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    time_budget_s: float = 40.0  # the worker Lambda has 60 s for everything
    max_chars_per_page: int = 200_000


@dataclass(frozen=True)
class PdfText:
    page_count: int
    pages: list[str]
    metadata: dict[str, str]


def pdf_start(data: bytes) -> int:
    """Offset of the ``%PDF-`` header within the first 1024 bytes; raises ``NotPdf``."""
    i = data.find(_HEADER, 0, _HEADER_WINDOW + len(_HEADER))
    if i < 0:
        raise NotPdf("no %PDF- header in the first 1024 bytes")
    return i


def _open(pdfium, data: bytes):
    """PDFium's document, or the reason it cannot be read.

    PDFium's last error is process-wide and not reset by every failure (a zero-page document
    fails to load without setting one): an error code is believed only when this document bears
    it out. "Needs a password" requires an ``/Encrypt`` entry in these very bytes.
    """
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        encrypted = b"/Encrypt" in data
        if code == pdfium.raw.FPDF_ERR_PASSWORD and encrypted:
            try:
                return pdfium.PdfDocument(data, password="")
            except pdfium.PdfiumError:
                raise EncryptedPdf("the PDF needs a password") from None
        if code == pdfium.raw.FPDF_ERR_SECURITY and encrypted:
            raise EncryptedPdf("unsupported security handler") from None
        if code in (pdfium.raw.FPDF_ERR_FORMAT, pdfium.raw.FPDF_ERR_FILE):
            raise UnreadablePdf(str(e)) from None
        raise UnreadablePdf("PDFium could not load the document (corrupt, or no pages)") from None


_NOT_ALNUM = re.compile(r"[\W_]+")


def _alnum(text: str) -> int:
    """Letters and digits in `text` (at C speed: pages can hold 100k characters)."""
    return len(_NOT_ALNUM.sub("", text))


def _rescale_unit_forms(pdfium, page) -> bool:
    """Rescale the page's unit-square form XObjects (see the module doc); True if any was."""
    raw = pdfium.raw
    changed = False
    for obj in page.get_objects(max_depth=1):
        if obj.type != raw.FPDF_PAGEOBJ_FORM:
            continue
        form = obj.raw
        m = raw.FS_MATRIX()
        if not raw.FPDFPageObj_GetMatrix(form, m):
            continue
        scale = abs(m.a * m.d - m.b * m.c) ** 0.5
        n = raw.FPDFFormObj_CountObjects(form)
        if scale < _TINY_FORM_SCALE or n <= 0:
            continue
        get = raw.FPDFFormObj_GetObject
        inner = [get(form, i) for i in range(n)]
        kind, text = raw.FPDFPageObj_GetType, raw.FPDF_PAGEOBJ_TEXT
        if not any(kind(o) == text for o in inner):
            continue
        transform = raw.FPDFPageObj_Transform
        for o in inner:  # content scaled up in the form's own space ...
            transform(o, scale, 0.0, 0.0, scale, 0.0, 0.0)
        # ... and the form's matrix scaled down before it: page positions stay the same
        m2 = raw.FS_MATRIX(m.a / scale, m.b / scale, m.c / scale, m.d / scale, m.e, m.f)
        raw.FPDFPageObj_SetMatrix(form, m2)
        changed = True
    return changed


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_bounded()
    finally:
        textpage.close()


def read_pdf_text(data: bytes, limits: Limits | None = None) -> PdfText:
    """Text of every page (``""`` for pages without a text layer)."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise TooComplex(f"{len(data)} bytes > limit {limits.max_bytes}")
    # Only PDFium decides whether a file is readable: real filings carry padding after %%EOF
    # (and stray bytes before %PDF-), and PDFium itself refuses a truncated one.
    data = data[pdf_start(data):]
    import pypdfium2 as pdfium  # lazy: native library, worker only

    t0 = time.monotonic()
    with PDFIUM_LOCK:
        doc = _open(pdfium, data)
        try:
            n = len(doc)
            if n == 0:
                raise UnreadablePdf("the PDF has no pages")
            if n > limits.max_pages:
                raise TooComplex(f"{n} pages > limit {limits.max_pages}")
            try:
                meta = {k: v for k, v in doc.get_metadata_dict().items() if v}
            except Exception:  # noqa: BLE001 - metadata is optional
                meta = {}
            pages: list[str] = []
            for i in range(n):
                if time.monotonic() - t0 > limits.time_budget_s:
                    raise TooComplex(f"text extraction over {limits.time_budget_s:.0f}s "
                                     f"at page {i + 1} of {n}")
                try:
                    page = doc[i]
                except pdfium.PdfiumError as e:
                    raise UnreadablePdf(f"page {i + 1}: {e}") from None
                try:
                    text = _page_text(page)
                    if (len(text) < 8 * _SHORT_PAGE_CHARS and _alnum(text) < _SHORT_PAGE_CHARS
                            and _rescale_unit_forms(pdfium, page)):
                        again = _page_text(page)
                        if _alnum(again) > _alnum(text):
                            text = again
                finally:
                    page.close()
                pages.append(text.replace("\r\n", "\n").replace("\r", "\n")
                             [:limits.max_chars_per_page])
        finally:
            doc.close()
    return PdfText(page_count=n, pages=pages, metadata=meta)
