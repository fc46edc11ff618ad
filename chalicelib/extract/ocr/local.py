"""The local OCR engine: RapidOCR (PP-OCRv4 detection + recognition, ONNX Runtime, models inside
the ``rapidocr-onnxruntime`` wheel: nothing is downloaded, no system package).

Settings, measured on this archive's scans (see README "OCR"): 150 dpi grayscale, no angle
classifier (it turns single lines, cost ~10 % on every page; a page scanned sideways or upside
down is found and read turned upright instead, ``orientation``), one ONNX thread (the worker runs
one filing per core; more threads only contend). PP-OCR's recogniser is trained mostly on
Chinese and often drops the spaces between English words ("UNITEDSTATESCOURTOFAPPEALS"), which
would blind every reader downstream. The page itself shows where the words are: a run of blank
pixel columns inside the line's box, wide for the line's own letter gaps, is a space, and it
goes between the two recognised characters whose boxes straddle it (``_gaps``). "Wide" is the
line's own: its blank runs split in two groups (letter gaps, word gaps) at the threshold that
best separates them, kept between 0.34 and 0.7 of the line's character pitch (ink width per
character). A fixed share of the box height missed a third of the spaces of small or dense
print ("ofthe", "thatI"); on the dev scans' OCR lines this took lines with glued words from
205 to 185 of 1449 and words split apart from 54 to 44 (measured against a vocabulary of the
corpus's text layers). No space goes inside a number ('2:15', '08/01/19'), inside initials
('U.S.'), before closing or after opening punctuation, or where it would leave one letter
standing alone ('DISTRIC T'); a line whose respacing would still strew single letters
("D o c n C o n") is a broken or letter-spaced print, left as recognised.
"""
from __future__ import annotations

from typing import Any

from chalicelib.extract.ocr import OcrConfig, OcrLine, PageImage, orientation

__all__ = ["RapidOcrEngine", "respace", "space_width"]

_SPACE_MIN, _SPACE_MAX = 0.34, 0.7  # a word gap: at least / at most this share of the pitch
_SPACE_MIN_PX = 3  # ... and never narrower than this many pixels
_INK = 140  # gray levels below this are ink


def _split_point(widths: list[int]) -> int | None:
    """The width that best splits `widths` in two groups (Otsu's between-class variance)."""
    ws = sorted(widths)
    best, cut = -1.0, None
    for i in range(1, len(ws)):
        if ws[i - 1] == ws[i]:
            continue
        low, high = ws[:i], ws[i:]
        spread = len(low) * len(high) * (sum(high) / len(high) - sum(low) / len(low)) ** 2
        if spread > best:
            best, cut = spread, ws[i]
    return cut


def space_width(widths: list[int], pitch: float) -> float:
    """How wide a blank run in a line must be to be a space: where the line's own runs split,
    within [_SPACE_MIN, _SPACE_MAX] of its character pitch (and at least _SPACE_MIN_PX)."""
    low = max(float(_SPACE_MIN_PX), _SPACE_MIN * pitch)
    high = max(float(_SPACE_MIN_PX), _SPACE_MAX * pitch)
    cut = _split_point(widths)
    return high if cut is None else min(max(float(cut), low), high)


def _gaps(gray: Any, box: Any, chars: int) -> list[float]:
    """Centres (page x) of the blank column runs inside a line's box wide enough to be spaces
    (`chars`: the non-space characters recognised on the line)."""
    import numpy as np

    xs = [int(p[0]) for p in box]
    ys = [int(p[1]) for p in box]
    x0, x1 = max(0, min(xs)), min(gray.shape[1], max(xs))
    y0, y1 = max(0, min(ys)), min(gray.shape[0], max(ys))
    if x1 - x0 < 2 or y1 - y0 < 2 or chars < 2:
        return []
    inked = (gray[y0:y1, x0:x1] < _INK).any(axis=0)
    ink = np.flatnonzero(inked)
    if ink.size < 2:
        return []
    first, last = int(ink[0]), int(ink[-1])
    blank = np.flatnonzero(~inked[first:last + 1]) + first  # between the first and last ink
    if blank.size == 0:
        return []
    runs = np.split(blank, np.flatnonzero(np.diff(blank) != 1) + 1)
    wide = space_width([len(r) for r in runs], (last - first + 1) / chars)
    return [x0 + (r[0] + r[-1]) / 2 for r in runs if len(r) >= wide]


def _strewn(before: str, after: str) -> bool:
    """Respacing that made single letters of a line's words: broken print, not word gaps."""
    def singles(text: str) -> int:
        return sum(1 for w in text.split() if len(w) == 1 and w.isalpha())
    return singles(after) - singles(before) > max(1, 0.15 * len(after.split()))


_NO_SPACE_BEFORE = set(".,:;)]}!?%'’”")
_NO_SPACE_AFTER = set("([{$#'‘“/")


def _joins(text: str, i: int) -> bool:
    """Whether text[i - 1] and text[i] stay together whatever the gap between them: closing
    punctuation after its word, opening after; a number's digits and its inner separators
    ('2:15', '08/01/19', 'U.S.' keeps its dots)."""
    a, b = text[i - 1], text[i]
    if b in _NO_SPACE_BEFORE or a in _NO_SPACE_AFTER:
        return True
    if a.isdigit() and b.isdigit():
        return True
    before = text[i - 2] if i >= 2 else ""
    if a in ":./-" and b.isdigit() and before.isdigit():
        return True
    # initials: 'U.S.', 'a.m.' (a letter, a dot, a letter, a dot)
    return (a == "." and b.isalpha() and before.isalpha() and text[i + 1:i + 2] == "."
            and not text[i - 3:i - 2].isalpha())


def respace(text: str, char_boxes: Any, gaps: list[float]) -> str:
    """`text` with a space between two characters whose boxes straddle a blank gap on the page
    (never inside a number, before closing or after opening punctuation)."""
    if not char_boxes or len(char_boxes) != len(text) or not gaps:
        return text
    centre = [sum(p[0] for p in b) / len(b) for b in char_boxes]
    cuts = [i for i in range(1, len(text))
            if text[i] != " " and text[i - 1] != " " and not _joins(text, i)
            and any(centre[i - 1] < g < centre[i] for g in gaps)]
    return _cut(text, cuts)


def _cut(text: str, cuts: list[int]) -> str:
    """`text` with a space before each index in `cuts`, except a cut that would leave a single
    letter standing alone ('DISTRIC T', 'C ALIFORNIA': a wide gap inside a word of capitals)."""
    bounds = sorted({i for i, c in enumerate(text) if c == " "} | set(cuts))
    kept = []
    for i in cuts:
        j = bounds.index(i)
        start = bounds[j - 1] if j else 0
        end = bounds[j + 1] if j + 1 < len(bounds) else len(text)
        left, right = text[start:i].strip(), text[i:end].strip()
        if any(len(w) == 1 and w.isalpha() and w not in "aAI" for w in (left, right)):
            bounds.remove(i)  # the letter stays with its word
            continue
        kept.append(i)
    out, last = [], 0
    for i in kept:
        out += [text[last:i], " "]
        last = i
    return "".join(out + [text[last:]])


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

    def _recognise(self, gray: Any) -> list:
        import numpy as np

        result, _ = self._ocr(np.repeat(gray[:, :, None], 3, axis=2), use_cls=False,
                              return_word_box=True)
        return [item for item in result or [] if str(item[1]).strip()]

    def read(self, image: PageImage) -> list[OcrLine]:
        import numpy as np

        gray = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.stride)
        gray = gray[:, :image.width]
        ink = int((gray < _INK).sum())
        items = self._recognise(gray)

        def measure(found: list) -> orientation.Reading:
            return orientation.measure([_box_size(it) for it in found], ink, gray.size)

        first = measure(items)
        if orientation.looks_turned(first):  # sideways or upside down: read it turned upright
            readings: dict[int, tuple[Any, list]] = {}
            measured: dict[int, orientation.Reading] = {}
            for k in orientation.turns_to_try(first):
                turned = np.ascontiguousarray(np.rot90(gray, k))
                readings[k] = (turned, self._recognise(turned))
                measured[k] = measure(readings[k][1])
                if orientation.looks_upright(measured[k], first):
                    break
            k = orientation.best(first, measured)
            if k:
                gray, items = readings[k]
        return _lines(gray, items)


def _box_size(item: Any) -> tuple[float, float, str, float]:
    xs = [p[0] for p in item[0]]
    ys = [p[1] for p in item[0]]
    return max(xs) - min(xs), max(ys) - min(ys), str(item[1]), float(item[2])


def _lines(gray: Any, items: list) -> list[OcrLine]:
    """RapidOCR's boxes on `gray` as lines in reading order, their word spaces put back."""
    height, width = gray.shape
    frames = [(min(p[0] for p in it[0]) / width, min(p[1] for p in it[0]) / height,
               max(p[0] for p in it[0]) / width, max(p[1] for p in it[0]) / height)
              for it in items]
    lines = []
    for i in reading_order(frames):
        box, text, score = items[i][0], items[i][1], float(items[i][2])
        gaps = _gaps(gray, box, sum(1 for c in text if not c.isspace()))
        spaced = respace(text, items[i][3] if len(items[i]) > 3 else None, gaps)
        text = (text if _strewn(text, spaced) else spaced).strip()
        if text:
            lines.append(OcrLine(text=text, confidence=round(score, 4),
                                 top=frames[i][1], left=frames[i][0]))
    return lines
