"""PDF pages -> grayscale images for OCR, with PDFium, bounded in pixels.

A page's size is the PDF's to choose (a hostile MediaBox of 200 × 200 inches at 150 dpi is a
900-megapixel bitmap), so the scale is the requested dpi only while the image stays within
``MAX_PIXELS``; past that it shrinks to fit. PDFium is not thread-safe: every call holds the
lock ``pdf_text`` holds.
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Iterator

from chalicelib.extract.ocr import PageImage
from chalicelib.extract.pdf_text import PDFIUM_LOCK, pdf_start

__all__ = ["render_pages", "to_png", "MAX_PIXELS"]

MAX_PIXELS = 1800 * 2400  # a Letter page at ~215 dpi; larger pages are scaled down to this


def _scale(width_pt: float, height_pt: float, dpi: int) -> float:
    scale = dpi / 72.0
    area = max(1.0, width_pt * height_pt) * scale * scale
    if area > MAX_PIXELS:
        scale *= (MAX_PIXELS / area) ** 0.5
    return scale


def render_pages(data: bytes, pages: Iterable[int], dpi: int = 150) -> Iterator[PageImage]:
    """Each requested page (1-based) rendered in grayscale; pages past the end are skipped."""
    import pypdfium2 as pdfium  # lazy: worker only

    data = data[pdf_start(data):]
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(data)
    try:
        for number in pages:
            with PDFIUM_LOCK:  # per page: the lock is not held while the caller reads it
                if not 1 <= number <= len(doc):
                    continue
                page = doc[number - 1]
                try:
                    w, h = page.get_size()
                    bitmap = page.render(scale=_scale(w, h, dpi), grayscale=True,
                                         may_draw_forms=True)
                    image = PageImage(page=number, width=bitmap.width, height=bitmap.height,
                                      stride=bitmap.stride, pixels=bytes(bitmap.buffer), dpi=dpi)
                    bitmap.close()
                finally:
                    page.close()
            yield image
    finally:
        with PDFIUM_LOCK:
            doc.close()


def to_png(image: PageImage) -> bytes:
    """The image as an 8-bit grayscale PNG (for engines that take files: Textract)."""
    rows = b"".join(b"\x00" + image.pixels[y * image.stride:y * image.stride + image.width]
                    for y in range(image.height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", image.width, image.height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 6))
            + chunk(b"IEND", b""))
