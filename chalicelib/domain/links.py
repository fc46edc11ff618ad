"""The filing graph: references in a filing's text to other entries of the same case.

Pure: no I/O. Briefs and orders say what they answer and rely on — "Re: Dkt. No. 133",
"ECF No. 59-20", "Docket No. 45", "(Dkt. 626, 627)" — and each such reference becomes a typed
link from the filing to an entry (and attachment) of its own case:

* ``responds_to`` — the filing answers or decides that entry: an order's "Re: Dkt. Nos. 399, 409"
  line, "Opposition to … Motion (Dkt. No. 45)", "Reply in support of … (ECF No. 60)";
* ``exhibit_of`` — the filing is an exhibit or attachment of that entry: its own stamp
  ("Document 45-2" is an attachment of entry 45), or "Exhibit A to the Eran Declaration (Dkt. 45-1)";
* ``cites_entry`` — every other reference.

A reference that names another case's docket ("Doe v. Roe, No. 3:18-cv-01234, ECF No. 45";
"No. 20-16408, Dkt. 12") is no link of this case. A filing's reference to its own entry is none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.domain.docket_numbers import find_docket_numbers, match_reason, parse_docket_number

RESPONDS_TO = "responds_to"
CITES_ENTRY = "cites_entry"
EXHIBIT_OF = "exhibit_of"
LINK_TYPES = (RESPONDS_TO, EXHIBIT_OF, CITES_ENTRY)  # strongest first: one link per target
MAX_LINKS = 200  # a filing's links are one small set of items; a 900-page appendix stops here

_NUM = r"\d{1,6}(?:\s?[-\u2010\u2011\u2013]\s?\d{1,4})?"
_SEP = r"(?:\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+|\s*;\s*)"
_REF_RE = re.compile(
    r"(?<![\w.])(?P<label>Dkt\.?|Docket|ECF|D\.\s?E\.|Doc\.)"
    r"(?:\s*(?:Entry|Entries))?\s*(?:Nos?\.?|Numbers?|#)?\s*:?\s*#?\s*"
    rf"(?P<list>{_NUM}(?:{_SEP}#?\s*{_NUM})*)(?![\d/])",
    re.I,
)
_ITEM_RE = re.compile(r"(\d{1,6})(?:\s?[-\u2010\u2011\u2013]\s?(\d{1,4}))?")
_RE_LINE = re.compile(r"(?:^|[\s(\[])(?:re|regarding|related\s+to|in\s+re\s+to)\s*:\s*$|(?:^|\n)\s*re\s*:?\s*$", re.I)
_RESPONSE_RE = re.compile(
    r"(?:opposition|oppositions|opposing|response|responding|reply|replies|objections?|order)"
    r"\s+(?:brief\s+)?(?:to|in\s+support\s+of|in\s+opposition\s+to|on|re|regarding|granting|denying)\b"
    r"[^.;]{0,160}$",
    re.I,
)
_EXHIBIT_RE = re.compile(r"(?:\bexhibits?\s+[\w.-]{1,4}\s+to\b|\bex\.\s*[\w.-]{1,4}\s+to\b|\battach(?:ed|ment)\s+(?:to|as)\b)"
                         r"[^.;]{0,120}$", re.I)
_ANSWERING_TITLE_RE = re.compile(
    r"\b(?:opposition|reply|response|objections?)\b.{0,80}\bmotion|^\W*(?:\[proposed\]\s*)?order\b.{0,200}\bmotion",
    re.I | re.S)
_MOTION_BEFORE_RE = re.compile(r"\bmotions?\b[^.;()]{0,40}[(,\s]*$", re.I)
_OTHER_COURT_RE = re.compile(r"\b(?:cir\.|circuit|bankr\.|app\.)\s*(?:ct\.\s*)?$", re.I)


@dataclass(frozen=True)
class Reference:
    """One link a filing's text makes: to entry `number`, attachment `attachment` (0 = main)."""

    number: int
    attachment: int
    kind: str
    evidence: str


def _window_start(text: str, start: int, span: int = 200) -> int:
    """Where the sentence holding position `start` begins (no further back than `span`)."""
    lo = max(0, start - span)
    cut = max(text.rfind(". ", lo, start), text.rfind("; ", lo, start), text.rfind("\n\n", lo, start))
    return cut + 2 if cut >= 0 else lo


def _names_other_case(text: str, start: int, end: int, own: str | None) -> bool:
    """Whether the sentence around a reference names a docket other than this case's."""
    own_parsed = parse_docket_number(own or "")
    before = text[_window_start(text, start, 160):start]
    after = text[end:end + 60]
    after = re.split(r"[;)\]]", after, maxsplit=1)[0]
    for piece, tail in ((before, True), (after, False)):
        numbers = find_docket_numbers(piece)
        if tail and numbers:
            numbers = numbers[-1:]  # the case the reference belongs to is the nearest one before it
        elif not tail and not re.match(r"\s*,?\s*(?:in|of|filed\s+in)\s+(?:case\s+)?(?:no\.|number)",
                                       piece, re.I):
            numbers = []
        for number in numbers:
            if own_parsed is None or not match_reason(number, own_parsed):
                return True
    return False


def _kind(text: str, start: int, answering: bool = False) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    if _RE_LINE.search(text[max(line_start, start - 40):start]):
        return RESPONDS_TO
    window = text[_window_start(text, start):start]
    if _EXHIBIT_RE.search(window):
        return EXHIBIT_OF
    if _RESPONSE_RE.search(window):
        return RESPONDS_TO
    if answering and _MOTION_BEFORE_RE.search(text[max(0, start - 60):start]):
        return RESPONDS_TO  # an opposition's "NSO's motion (Dkt. No. 45)" is the motion it answers
    return CITES_ENTRY


def answers_a_motion(title: str | None) -> bool:
    """An opposition, reply, response or order on a motion: its references to "the motion" are
    what it answers."""
    return bool(_ANSWERING_TITLE_RE.search(title or ""))


def find_references(text: str, own_docket: str | None = None, own_number: int | None = None,
                    own_attachment: int = 0, title: str | None = None) -> list[Reference]:
    """Every entry of the same case that `text` refers to, once each, strongest type kept."""
    answering = answers_a_motion(title)
    best: dict[tuple[int, int], Reference] = {}
    text = (text or "").replace("\u00a0", " ")
    for m in _REF_RE.finditer(text):
        if _OTHER_COURT_RE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        if _names_other_case(text, m.start(), m.end(), own_docket):
            continue
        kind = _kind(text, m.start(), answering)
        evidence = " ".join(m.group(0).split())
        for item in _ITEM_RE.finditer(m.group("list")):
            number, attachment = int(item.group(1)), int(item.group(2) or 0)
            if number == 0 or (number, attachment) == (own_number, own_attachment):
                continue
            key = (number, attachment)
            held = best.get(key)
            if held is None or LINK_TYPES.index(kind) < LINK_TYPES.index(held.kind):
                best[key] = Reference(number, attachment, kind, evidence)
            if len(best) >= MAX_LINKS:
                return sorted(best.values(), key=lambda r: (r.number, r.attachment))
    return sorted(best.values(), key=lambda r: (r.number, r.attachment))


def structural_links(own_number: int | None, own_attachment: int | None) -> list[Reference]:
    """What the stamp itself says: "Document 59-20" is an exhibit (attachment) of entry 59."""
    if own_number is not None and own_attachment:
        return [Reference(own_number, 0, EXHIBIT_OF, f"Document {own_number}-{own_attachment}")]
    return []


def links_of(text: str, own_docket: str | None, own_number: int | None,
             own_attachment: int | None, title: str | None = None) -> list[Reference]:
    """A filing's links: its stamp's, then its text's (the stamp wins for the same target)."""
    refs = find_references(text, own_docket, own_number, own_attachment or 0, title)
    out = {(r.number, r.attachment): r for r in refs}
    for r in structural_links(own_number, own_attachment):
        out[(r.number, r.attachment)] = r
    return sorted(out.values(), key=lambda r: (r.number, r.attachment))
