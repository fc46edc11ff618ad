"""Amazon Textract's answer (``Block`` structures) -> lines in reading order.

DetectDocumentText returns one ``PAGE`` block whose ``CHILD`` relationship lists the page's
``LINE`` blocks in Textract's reading order (columns kept together), and ``WORD`` blocks under
each line. Confidence is a percentage. When the PAGE block names no children (some answers,
moto's canned ones), lines are ordered by their bounding boxes: top to bottom, and left to right
within a row (boxes whose vertical centres are within half a line height).
"""
from __future__ import annotations

from typing import Any

from chalicelib.extract.ocr import OcrLine

__all__ = ["lines_from_blocks"]


def _box(block: dict[str, Any]) -> dict[str, float]:
    return (block.get("Geometry") or {}).get("BoundingBox") or {}


def _line(block: dict[str, Any]) -> OcrLine | None:
    text = (block.get("Text") or "").strip()
    if not text:
        return None
    box = _box(block)
    return OcrLine(text=text, confidence=round(float(block.get("Confidence", 0.0)) / 100.0, 4),
                   top=float(box.get("Top", 0.0)), left=float(box.get("Left", 0.0)))


def _geometric_order(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def centre(b: dict[str, Any]) -> float:
        box = _box(b)
        return float(box.get("Top", 0.0)) + float(box.get("Height", 0.0)) / 2

    rows: list[list[dict[str, Any]]] = []
    for b in sorted(blocks, key=centre):
        height = float(_box(b).get("Height", 0.0)) or 0.01
        if rows and abs(centre(rows[-1][0]) - centre(b)) < height / 2:
            rows[-1].append(b)
        else:
            rows.append([b])
    return [b for row in rows for b in sorted(row, key=lambda x: float(_box(x).get("Left", 0.0)))]


def lines_from_blocks(blocks: list[dict[str, Any]]) -> list[OcrLine]:
    """The LINE blocks' text and confidence, in reading order."""
    by_id = {b.get("Id"): b for b in blocks if b.get("Id")}
    lines = [b for b in blocks if b.get("BlockType") == "LINE"]
    ordered: list[dict[str, Any]] = []
    for page in (b for b in blocks if b.get("BlockType") == "PAGE"):
        for rel in page.get("Relationships") or []:
            if rel.get("Type") == "CHILD":
                ordered += [by_id[i] for i in rel.get("Ids", [])
                            if i in by_id and by_id[i].get("BlockType") == "LINE"]
    if len(ordered) != len(lines):  # no (or a partial) reading order: the page's geometry
        ordered = _geometric_order(lines)
    return [ln for ln in (_line(b) for b in ordered) if ln is not None]
