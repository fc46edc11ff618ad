"""Pages scanned sideways or upside down, and landscape tables printed across a portrait page:
told from what the engine read on the page as it is, and read again turned upright.

RapidOCR's detector and recogniser are trained on upright text. On a page turned by a quarter
its line boxes come out tall and narrow (the recogniser turns a tall crop a quarter
counter-clockwise before reading it, so text running top to bottom still reads, text running
bottom to top reads upside down: low confidence); on a page upside down, or turned the other
way, the detector finds little text in a lot of ink. Measured on the dev scans' OCR pages at
150 dpi: upright pages read at a character-weighted confidence of 0.83-0.99 with at most ~150
dark pixels per recognised character outside figures; turned pages at 0.56-0.79 with 350-4,600
dark pixels per character, or with 40-100 % of their characters in tall boxes.

Only a page that looks turned is read again (each reading costs a full OCR pass): the quarter
turns most likely first, and the first reading that looks upright is kept; else the best one,
and the page as it is unless a turn reads clearly more.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Reading", "measure", "looks_turned", "turns_to_try", "looks_upright", "best"]

TALL = 1.5  # a box this many times taller than wide holds text running up or down the page
_TALL_SHARE = 0.3  # ... and a page with this share of its characters in such boxes is turned
_LOW_CONFIDENCE = 0.85
_INK_PER_CHAR = 250  # dark pixels per recognised character past which text was missed
_FEW_CHARS = 20  # a page with ink but fewer characters than this read nothing it shows
_INKED = 0.01  # ... when at least this share of its pixels is ink
_BETTER = 1.3  # a turn is kept over the page as it is when it reads this much more


@dataclass(frozen=True)
class Reading:
    """What one OCR pass read on a page: characters, their mean confidence, the share of
    them in tall boxes, and the page's dark pixels (per character read, and per pixel)."""

    chars: int
    confidence: float
    tall: float
    ink_per_char: float
    ink_share: float

    @property
    def score(self) -> float:
        """Characters read, by their confidence; text read in tall boxes counts half (its
        lines are out of reading order, each read on its own)."""
        return self.chars * self.confidence * (1 - self.tall / 2)


def measure(lines: Sequence[tuple[float, float, str, float]], ink: int, pixels: int) -> Reading:
    """`lines`: (width, height, text, confidence) of each box read; `ink`: dark pixels of the
    page image, `pixels`: all its pixels."""
    chars = sum(len(t.strip()) for _, _, t, _ in lines)
    weighted = sum(c * len(t.strip()) for _, _, t, c in lines)
    tall = sum(len(t.strip()) for w, h, t, _ in lines if len(t.strip()) >= 3 and h >= TALL * w)
    return Reading(chars=chars, confidence=weighted / chars if chars else 0.0,
                   tall=tall / chars if chars else 0.0, ink_per_char=ink / max(1, chars),
                   ink_share=ink / max(1, pixels))


def looks_turned(r: Reading) -> bool:
    if r.tall >= _TALL_SHARE:
        return True
    if r.chars < _FEW_CHARS:
        return r.ink_share >= _INKED
    return r.confidence < _LOW_CONFIDENCE and r.ink_per_char > _INK_PER_CHAR


def turns_to_try(r: Reading) -> list[int]:
    """Counter-clockwise quarter turns of the image (numpy's rot90 `k`) to read, likeliest
    first. Tall boxes read well: the text runs top to bottom (the page was turned clockwise),
    one turn back counter-clockwise; tall boxes read badly: bottom to top, three turns.
    No tall boxes: upside down first."""
    if r.tall >= _TALL_SHARE:
        return [1, 3, 2] if r.confidence >= _LOW_CONFIDENCE else [3, 1, 2]
    return [2, 3, 1]


def looks_upright(r: Reading, before: Reading) -> bool:
    return (r.tall < _TALL_SHARE / 2 and r.confidence >= 0.9 and r.chars >= _FEW_CHARS
            and r.score >= _BETTER * before.score)


def best(first: Reading, turned: dict[int, Reading]) -> int:
    """The turn to keep (0: the page as it is) once `turned` readings were made."""
    if not turned:
        return 0
    k = max(turned, key=lambda t: turned[t].score)
    return k if turned[k].score >= _BETTER * first.score else 0
