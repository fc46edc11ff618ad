"""The local OCR engine: RapidOCR (PP-OCRv4 detection + recognition, ONNX Runtime, models inside
the ``rapidocr-onnxruntime`` wheel: nothing is downloaded, no system package).

Settings, measured on this archive's scans (see README "OCR"): 150 dpi grayscale, no angle
classifier (filings are upright; it cost ~10 % for nothing), one ONNX thread (the worker runs
one filing per core; more threads only contend). PP-OCR's recogniser is trained mostly on
Chinese and often drops the spaces between English words ("UNITEDSTATESCOURTOFAPPEALS"), which
would blind every reader downstream. The page itself shows where the words are: a run of blank
pixel columns inside the line's box, wide for the line's height, is a space, and it goes
between the two recognised characters whose boxes straddle it.
"""
from __future__ import annotations

from typing import Any

from chalicelib.extract.ocr import OcrConfig, OcrLine, PageImage

__all__ = ["RapidOcrEngine", "respace"]

_SPACE_GAP = 0.22  # a blank column run wider than this share of the line's height is a space
_INK = 140  # gray levels below this are ink


def _gaps(gray: Any, box: Any, min_gap: float) -> list[float]:
    """Centres (page x) of the blank column runs at least `min_gap` wide inside a line's box."""
    import numpy as np

    xs = [int(p[0]) for p in box]
    ys = [int(p[1]) for p in box]
    x0, x1 = max(0, min(xs)), min(gray.shape[1], max(xs))
    y0, y1 = max(0, min(ys)), min(gray.shape[0], max(ys))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return []
    inked = (gray[y0:y1, x0:x1] < _INK).any(axis=0)
    blank = np.flatnonzero(~inked)
    if blank.size == 0:
        return []
    runs = np.split(blank, np.flatnonzero(np.diff(blank) != 1) + 1)
    return [x0 + (r[0] + r[-1]) / 2 for r in runs if len(r) >= min_gap]


def respace(text: str, char_boxes: Any, gaps: list[float]) -> str:
    """`text` with a space between two characters whose boxes straddle a blank gap on the page."""
    if not char_boxes or len(char_boxes) != len(text) or not gaps:
        return text
    centre = [sum(p[0] for p in b) / len(b) for b in char_boxes]
    out = [text[0]]
    for i in range(1, len(text)):
        if (text[i] != " " and out[-1] != " "
                and any(centre[i - 1] < g < centre[i] for g in gaps)):
            out.append(" ")
        out.append(text[i])
    return "".join(out)


def reading_order(boxes: list[tuple[float, float, float, float]]) -> list[int]:
    """Indices of line boxes (x0, y0, x1, y1; page fractions) in reading order.

    RapidOCR sorts lines by rows, which interleaves a caption's two columns ("Plaintiff,",
    "(PHASE II)", "vs."); a text layer and Textract keep each column together. Rows are grouped
    into runs whose lines all sit in one half of the page (none spans the middle); within a run
    the left column is read before the right one. A line that spans the middle ends a run.
    """
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][1], boxes[i][0]))
    out: list[int] = []
    run: list[int] = []

    def flush() -> None:
        left = [i for i in run if boxes[i][2] <= 0.55]
        right = [i for i in run if boxes[i][2] > 0.55]
        out.extend(left + right if left and right else run)
        run.clear()

    for i in order:
        x0, _, x1, _ = boxes[i]
        # spans the middle (prose, a centred heading): crosses the whole gutter band, so a long
        # left-column party ("WILLOWS CENTER CONCORD, LLC," ending at 0.49) stays in its column
        if x0 < 0.45 and x1 > 0.55 and x1 - x0 > 0.2:
            flush()
            out.append(i)
        else:
            run.append(i)
    flush()
    return out


class RapidOcrEngine:
    """``OcrEngine`` over RapidOCR, loaded once per process (~1 s, ~300 MB)."""

    name = "local"

    def __init__(self, config: OcrConfig):
        from rapidocr_onnxruntime import RapidOCR  # lazy: heavy, worker only

        threads = int(config.options.get("threads", 1))
        self._ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1,
                             use_cls=False, print_verbose=False)

    def read(self, image: PageImage) -> list[OcrLine]:
        import numpy as np

        gray = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.stride)
        bgr = np.repeat(gray[:, :image.width, None], 3, axis=2)
        result, _ = self._ocr(bgr, use_cls=False, return_word_box=True)
        items = [item for item in result or [] if str(item[1]).strip()]
        frames = [(min(p[0] for p in it[0]) / image.width, min(p[1] for p in it[0]) / image.height,
                   max(p[0] for p in it[0]) / image.width, max(p[1] for p in it[0]) / image.height)
                  for it in items]
        lines = []
        for i in reading_order(frames):
            box, text, score = items[i][0], items[i][1], float(items[i][2])
            height = (frames[i][3] - frames[i][1]) * image.height
            gaps = _gaps(gray, box, max(3.0, _SPACE_GAP * height))
            text = respace(text, items[i][3] if len(items[i]) > 3 else None, gaps).strip()
            if text:
                lines.append(OcrLine(text=text, confidence=round(score, 4),
                                     top=frames[i][1], left=frames[i][0]))
        return lines
