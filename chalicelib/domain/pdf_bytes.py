"""Cheap checks on raw upload bytes, before any PDF library is involved."""
from __future__ import annotations

PDF_HEADER_WINDOW = 1024  # readers accept the header anywhere in the first 1 KiB


def pdf_header_offset(data: bytes) -> int | None:
    """Where `%PDF-` starts within the first 1024 bytes, or None (then it is not a PDF)."""
    pos = data.find(b"%PDF-", 0, PDF_HEADER_WINDOW + 5)
    return pos if 0 <= pos <= PDF_HEADER_WINDOW else None
