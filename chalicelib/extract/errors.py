"""Why a PDF could not be read: one error type with a machine-readable ``code``.

Codes (stable; the ingest worker stores them on the filing):

* ``not_pdf``        no ``%PDF-`` header in the first 1024 bytes
* ``unreadable_pdf`` truncated or corrupt beyond PDFium's repair
* ``encrypted``      needs a password (an empty user password is tried first)
* ``too_complex``    over the page, size or time limits
"""
from __future__ import annotations

__all__ = ["ExtractionError", "NotPdf", "UnreadablePdf", "EncryptedPdf", "TooComplex", "error_for"]


class ExtractionError(Exception):
    """Base error; ``code`` names the reason, ``detail`` says what was seen."""

    code = "extraction_error"

    def __init__(self, detail: str = "", *, code: str | None = None):
        if code is not None:
            self.code = code
        self.detail = detail
        super().__init__(f"{self.code}: {detail}" if detail else self.code)


class NotPdf(ExtractionError):
    code = "not_pdf"


class UnreadablePdf(ExtractionError):
    code = "unreadable_pdf"


class EncryptedPdf(ExtractionError):
    code = "encrypted"


class TooComplex(ExtractionError):
    code = "too_complex"


def error_for(code: str, detail: str = "") -> ExtractionError:
    """The error of that code (as the sandboxed child reported it) with its own type."""
    for kind in (NotPdf, UnreadablePdf, EncryptedPdf, TooComplex):
        if kind.code == code:
            return kind(detail)
    return ExtractionError(detail, code=code)
