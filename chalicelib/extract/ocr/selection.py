"""Which pages need OCR, decided per page from the text layer itself (never from a file name).

A page is OCR'd when its text layer

* is empty, or holds only page furniture: the CM/ECF stamp, page numbers, ``Page ID #:``,
  pleading-paper line numbers, a clerk's typed date (``empty`` / ``furniture``);
* decodes to garbage: a font without a usable ToUnicode map (``81,7('67$7(6`` is
  ``UNITED STATES`` with every code shifted by 29), symbol-font mojibake (``&ŝŶũĂŶ͕``), or a
  scanner's OCR layer that misread the page (``garbage``).

Garbage is judged from three measurements of the page's words: the share of control characters
and of letters from scripts a US filing does not mix into Latin text; the share of tokens whose
shape no word has (``3ODLQWLII``: a digit inside letters; ``(16#-*$3&%"``: symbols for letters);
and the share of alphabetic words found among the most common words of English (and of the few
languages filings quote), which real prose always hits and shifted codes never do. A page needs
enough words for the rates to mean anything: a short page with a good layer is kept. A page with
a good text layer is never OCR'd.

A page can also be good but for a few lines: a title, a caption's case number or a footer set in
a broken font on a page whose body font is fine (``(16#-*$\x013&%"$5&%\x017&34*0/)`` for
``(PUBLIC REDACTED VERSION)`` under a readable caption). Its whole-page rates are those of good
prose, so its garbage is looked for line by line (``garbage_lines``): the control characters
such a font prints for its spaces (a text layer never prints C0 controls but PDFium's ``\x02``
soft hyphen), or a line whose codes, shifted back by 29 (a TrueType font's glyph order against
ASCII), are common words. Such a page is ``garbage`` too: the title is read from its image.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PageVerdict", "judge_page", "garbage_score", "garbage_lines", "strip_furniture",
           "TextStats"]

MIN_TEXT_ALNUM = 25  # letters/digits a page needs, besides its furniture, to count as text
_MIN_TOKENS = 12  # fewer tokens than this: word rates are noise, the layer is believed
_MIN_SHAPED_TOKENS = 5  # ... or most of five words malformed
_MIN_CODED_TOKENS = 3  # ... but control characters or foreign scripts tell from a few
_WORDS = frozenset(Path(__file__).with_name("common_words.txt").read_text().split())

_LINE_NUMBERS = re.compile(r"(?<!\S)(?:\d{1,2}\s+){4,}\d{1,2}(?!\S)")  # pleading paper 1 2 3 .. 28
_PAGE_FURNITURE = re.compile(
    r"\bPage\s*(?:ID\s*)?#?:?\s*\d+(?:\s*of\s*\d+)?\b|\bPg:?\s*\d+\s*of\s*\d+\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|(?<!\S)\d{1,4}(?!\S)", re.I)
_PAGE_FURNITURE_NO_NUMBERS = re.compile(
    r"\bPage\s*(?:ID\s*)?#?:?\s*\d+(?:\s*of\s*\d+)?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", re.I)
_COVER_LABEL = re.compile(r"^(?:EXHIBIT|EX\.|APPENDIX|ATTACHMENT|ANNEX|TAB|SCHEDULE)\s+[\w.-]{1,6}"
                          r"(?:\s+[A-Za-z]+){0,4}$", re.I)
_INTERPUNCT = re.compile(r"[·•]")  # court reporters' dotted leaders: separators, not text
_NOT_ALNUM = re.compile(r"[\W_]+")
# A word as printed: optional opening punctuation, letters (apostrophes, inner hyphens, a
# trailing period of an abbreviation), optional closing punctuation.
_WORD_SHAPE = re.compile(
    r"^[(\[\"'“‘«]*"
    r"(?:[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’\-][A-Za-zÀ-ÖØ-öø-ÿ]+)*\.?"
    r"|(?:[A-Za-z]\.){2,}"
    r"|[$€£]?\d[\d,.:/\-]*%?(?:st|nd|rd|th|s)?"
    r"|§+|¶+|&|[-–—]+|\d+[A-Za-z]{1,2}|[A-Za-z]{1,3}\d[\w\-:]*)"
    r"[)\]\"'”’».,;:!?*]*$")
_ALPHA_WORD = re.compile(r"[A-Za-z]{2,}")
# C0 controls a text layer never prints: not \t \n \r \f (layout) nor \x02 (PDFium's hyphen)
_CODES = re.compile(r"[\x00\x01\x03-\x08\x0b\x0e-\x1f]")
_GLYPH_SHIFT = 29  # a font without ToUnicode: its codes are glyph ids, ASCII minus 29
_SHIFTED = str.maketrans({chr(c): chr(c + _GLYPH_SHIFT) for c in range(0x03, 0x7f - _GLYPH_SHIFT)})
_MIN_GARBAGE_ALNUM = 8  # letters/digits a page's garbage lines need for the page to be OCR'd


@dataclass(frozen=True)
class TextStats:
    tokens: int
    control: float  # share of characters that are control characters
    exotic: float  # share of letters outside Latin (Latin Extended-A/B, IPA, Greek, ...)
    bad_shape: float  # share of tokens no word has the shape of
    dictionary: float  # share of alphabetic words among common words


@dataclass(frozen=True)
class PageVerdict:
    reason: str | None  # None: the text layer is good; else "empty" | "furniture" | "garbage"

    @property
    def needs_ocr(self) -> bool:
        return self.reason is not None


def _without_stamps(text: str, stamp_texts: tuple[str, ...] | list[str]) -> str:
    flat = " ".join(_INTERPUNCT.sub(" ", text).split())
    for stamp in sorted(set(stamp_texts), key=len, reverse=True):
        if stamp:
            flat = flat.replace(" ".join(stamp.split()), " ")
    return " ".join(flat.split())


def strip_furniture(text: str, stamp_texts: tuple[str, ...] | list[str] = ()) -> str:
    """The page's text without its stamps, page numbers, line numbers and bare dates."""
    flat = _LINE_NUMBERS.sub(" ", _without_stamps(text, stamp_texts))
    flat = _PAGE_FURNITURE.sub(" ", flat)
    return " ".join(flat.split())


def _is_exotic(ch: str) -> bool:
    if ch.isascii() or not ch.isalpha():
        return False
    return ord(ch) > 0xFF  # Latin-1 letters (accents real filings print) are not exotic


def text_stats(text: str) -> TextStats:
    text = _INTERPUNCT.sub(" ", text)
    tokens = text.split()
    chars = [c for c in text if not c.isspace()]
    control = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\r\f")
    letters = [c for c in chars if c.isalpha()]
    exotic = sum(1 for c in letters if _is_exotic(c))
    bad = sum(1 for t in tokens if not _WORD_SHAPE.match(t))
    words = [w.lower() for t in tokens if _WORD_SHAPE.match(t) for w in _ALPHA_WORD.findall(t)]
    hits = sum(1 for w in words if w in _WORDS)
    return TextStats(
        tokens=len(tokens),
        control=control / max(1, len(chars) + control),
        exotic=exotic / max(1, len(letters)),
        bad_shape=bad / max(1, len(tokens)),
        dictionary=hits / len(words) if words else 0.0,
    )


def garbage_score(text: str) -> float:
    """0 (reads as text) .. 1 (certainly garbage); ``is_garbage`` draws the line at 0.5."""
    s = text_stats(text)
    if s.tokens < _MIN_CODED_TOKENS:
        return 0.0
    # control characters and non-Latin letters inside Latin text: a font's codes, not its text
    score = max(min(1.0, s.control * 20), min(1.0, s.exotic * 2.5))  # 5 % / 20 % is garbage
    if s.tokens >= _MIN_SHAPED_TOKENS:  # a short run of words: most of them malformed
        score = max(score, min(1.0, max(0.0, s.bad_shape - 0.35) * 2))
    if s.tokens >= _MIN_TOKENS:
        score = max(score, min(1.0, max(0.0, s.bad_shape - 0.15) * 2.5))  # 35 % malformed tokens
        if s.dictionary < 0.06:  # prose hits common words 35-60 % of the time, codes ~0 %
            score = max(score, 0.5 + (0.06 - s.dictionary) * 8)
    return round(min(1.0, score), 3)


def is_garbage(text: str) -> bool:
    return garbage_score(text) >= 0.5


def _shifted_hits(line: str) -> int:
    """Common words the line spells once its codes are shifted back (``WKH &RXUW`` -> the Court),
    when the line as printed spells none. Shifted codes have no lower-case letters (those come
    from codes past ``~``), so a line that has them is text."""
    letters = [c for c in line if c.isalpha()]
    if not letters or sum(c.islower() for c in letters) > 0.1 * len(letters):
        return 0
    if any(w.lower() in _WORDS for w in _ALPHA_WORD.findall(line)):
        return 0
    words = _ALPHA_WORD.findall(line.translate(_SHIFTED))
    hits = sum(1 for w in words if w.lower() in _WORDS)
    return hits if hits >= 0.4 * len(words) else 0


def garbage_lines(text: str) -> list[str]:
    """The lines of a page that decode to garbage (coded spaces, or shifted codes spelling words),
    when together they hold enough letters to matter; [] when the page has none."""
    found, codes, alnum = [], 0, 0
    for line in text.splitlines():
        n_codes, hits = len(_CODES.findall(line)), 0
        if not n_codes:
            hits = _shifted_hits(line)
            if hits < 2:
                continue
        rest = len(_NOT_ALNUM.sub("", _CODES.sub("", line)))
        if rest < 3:  # a stray control character, a lone symbol: not a line of text
            continue
        found.append(line)
        codes += n_codes + hits
        alnum += rest
    return found if codes >= 2 and alnum >= _MIN_GARBAGE_ALNUM else []


def judge_page(text: str, stamp_texts: tuple[str, ...] | list[str] = ()) -> PageVerdict:
    """Whether this page's text layer can be used as it is, and if not, why."""
    if not text.strip():
        return PageVerdict("empty")
    rest = strip_furniture(text, stamp_texts)
    if len(_NOT_ALNUM.sub("", rest)) < MIN_TEXT_ALNUM:
        label = _PAGE_FURNITURE_NO_NUMBERS.sub(" ", _without_stamps(text, stamp_texts)).strip()
        if _COVER_LABEL.match(label) and not is_garbage(label):
            return PageVerdict(None)  # an exhibit cover sheet: its whole text is its label
        return PageVerdict("furniture")
    if is_garbage(rest) or garbage_lines(text):
        return PageVerdict("garbage")
    return PageVerdict(None)
