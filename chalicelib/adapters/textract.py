"""Amazon Textract as the OCR engine of the AWS worker (``OCR_ENGINE=textract``).

Synchronous ``DetectDocumentText`` on each rendered page image, not the asynchronous job on the
S3 object: the metadata pages are needed within the worker's invocation (the filing becomes
`ready` with them), a page answers in ~1-2 s, it costs the same per page ($1.50 / 1000), and the
pages past them go through the same continuation messages as local OCR, so one path serves both
engines and no SNS topic or job bookkeeping is needed (README "OCR"). Throttling is retried by
botocore's standard mode (``aws.client``).
"""
from __future__ import annotations

from typing import Any

from chalicelib.adapters import aws
from chalicelib.extract.ocr import OcrConfig, OcrLine, PageImage
from chalicelib.extract.ocr.render import to_png
from chalicelib.extract.ocr.textract_blocks import lines_from_blocks

__all__ = ["TextractEngine", "detect_document_text"]


def detect_document_text(image_bytes: bytes) -> list[dict[str, Any]]:
    """Textract's blocks for one page image (PNG or JPEG, ≤ 10 MB)."""
    return aws.client("textract").detect_document_text(Document={"Bytes": image_bytes})["Blocks"]


class TextractEngine:
    name = "textract"

    def __init__(self, config: OcrConfig):
        self.config = config

    def read(self, image: PageImage) -> list[OcrLine]:
        return lines_from_blocks(detect_document_text(to_png(image)))
