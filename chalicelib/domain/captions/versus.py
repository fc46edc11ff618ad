"""The two sides of a ``v.`` caption: the party blocks above and below its ``v.`` line, each
with its role, up to the boundaries that end a block (a court heading, the other column's place,
date and case number, the document's title)."""
from __future__ import annotations

import re

from chalicelib.domain.captions.dates import MONTH_DATE, NUM_DATE
from chalicelib.domain.captions.parties import (BOUNDARY, ROLE_LINE, ROLE_TAIL, ROLE_WORDS, V_END, V_END_OCR,
                                                V_LINE, V_MID, V_START, split_party_block)
from chalicelib.domain.courts import STATE_PATTERN

__all__ = ["structured_caption"]


# Right-hand column of a transcript / hearing caption, read into the party column when the
# columns are not separated: "vs. Sacramento, California", "TUESDAY", "9:03 A.M.",
# "No. 2:18-CR-00119", "February 25, 2020".
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_CLOCK = r"\d{1,2}:\d{2}\s*(?:[ap]\.?\s?m\.?)?"
_PLACE = rf"[A-Za-z.'\-]+(?:\s+[A-Za-z.'\-]+){{0,2}},\s*(?:{STATE_PATTERN})"
_RIGHT_ITEM = re.compile(
    rf"^(?:{_WEEKDAY},?(?:\s+{MONTH_DATE})?|{MONTH_DATE}|{NUM_DATE}|{_CLOCK}|"
    rf"(?:(?:case|docket|criminal|civil)(?:\s+action)?\s+)?(?:nos?\.?|number|#)\s*:?\s*[\w:.\-]*\d[\w:.\-]*"
    r"(?:\s+\([A-Z]{1,4}\))*|"
    # a docket number without its label: "20-CV-1234-LJV-MJR", "1:21-cv-01234 (ABC)"
    r"(?:\d{1,2}:)?\d{2}[-–](?:[A-Za-z]{1,5}[-–])?\d{2,6}(?:[-–][A-Za-z]{1,4}|\s\([A-Z]{1,4}\))*|"
    rf"{_PLACE})\.?$", re.I)
_TRAILING_CLOCK = re.compile(rf"\s+(?:{_WEEKDAY},?\s+)?(?:{MONTH_DATE},?\s*)?{_CLOCK}$", re.I)


def _right_item(line: str) -> bool:
    """A right-column item (place, day, date, time, case number), never a party: a place
    naming a city / county / state organisation ("CITY OF ..., California") is a party."""
    return bool(_RIGHT_ITEM.match(line)) and not re.search(
        r"\b(?:city|county|state|of|inc|llc|corp)\b", line.split(",")[0], re.I)


def _v_line(line: str) -> tuple[str | None, str | None] | None:
    """(left, right) text a ``v.`` line carries with it, or None when `line` is no ``v.`` line:
    "v." alone; "X, Petitioners v. Y" (both sides); "X v." / OCR's "X u." (the left side);
    "v. Y" (the right side, unless it is the other column's place or date)."""
    if V_LINE.match(line):
        return None, None
    if (m := V_MID.match(line)) and not BOUNDARY.search(m.group("left")):
        return m.group("left"), m.group("right")
    if (m := V_END.match(line) or V_END_OCR.match(line)) and not BOUNDARY.search(line) \
            and len(line) < 90:
        return m.group("left"), None
    if (m := V_START.match(line)) and len(line) < 90:
        right = m.group("right")
        return None, (None if _right_item(right) else right)  # "vs. Sacramento, California"
    return None


def _side_above(lines: list[str], i: int, left_extra: str | None) -> tuple[list[str], str | None]:
    """The first side's lines above the ``v.`` line `i` (up to a boundary) and its role line."""
    up: list[str] = [left_extra] if left_extra else []
    role = None
    j = i - 1
    while j >= 0 and len(up) < 30:
        cand = lines[j]
        if ROLE_LINE.match(cand):
            if up:
                break
            role = role or cand.strip(" ,.;")
            j -= 1
            continue
        if BOUNDARY.search(cand) or V_LINE.match(cand) or cand.endswith(":"):
            break
        up.insert(0, cand)
        j -= 1
    if j >= 0 and BOUNDARY.search(lines[j]):
        up = _without_court_lines(up)
    if left_extra:  # "ROCK BORDELON AND TORIE BORDELON,1 Petitioners v."
        up = [u for u in up if u is not left_extra] + [left_extra]
        if len(up) > 1:
            up = up[-1:]
    return up, role


def _side_below(lines: list[str], i: int, right_extra: str | None) -> tuple[list[str], str | None]:
    """The other side's lines below the ``v.`` line `i` (up to its role) and its role line."""
    down: list[str] = [right_extra] if right_extra else []
    k = i + 1
    while k < len(lines) and len(down) < 14:
        cand = _TRAILING_CLOCK.sub("", lines[k])  # "FIRDOS SHEIKH 9:03 A.M."
        if not down and _right_item(cand):
            k += 1
            continue
        if ROLE_LINE.match(cand):
            return down, cand.strip(" ,.;")
        if BOUNDARY.search(cand) or V_LINE.match(cand) or cand.endswith(":") or (
                down and _TITLE_START.match(cand)):
            break
        if (re.match(r"^(?:[a-z]|On\s|This\s|Before\s)", cand) and down
                and not re.fullmatch(r"and\W*", cand)):  # "and" between two parties
            break
        down.append(cand)
        if re.search(rf"[,\s]{ROLE_WORDS}[.,]?$", cand, re.I):
            break
        k += 1
    return down, None


def structured_caption(lines: list[str]) -> tuple[list[str], list[str], str | None, str | None] | None:
    """Parties around a ``v.`` line (or a line ending / starting with ``v.``): (the first side's
    parties, the other side's, their roles), or None where no ``v.`` line has a party (not a
    cited case's sentence) on each side."""
    for i, line in enumerate(lines[:120]):
        sides = _v_line(line)
        if sides is None:
            continue
        up, role_p = _side_above(lines, i, sides[0])
        down, role_d = _side_below(lines, i, sides[1])
        p = split_party_block(" ".join(up))
        d = split_party_block(" ".join(down))
        if p and d and not (_sentence_like(p[0]) or _sentence_like(d[0])):
            return p, d, role_p or _role_of_tail(" ".join(up)), role_d or _role_of_tail(" ".join(down))
    return None


# A court heading continues on a jurisdiction line ("SUPREME COURT OF THE STATE OF NEW YORK /
# COUNTY OF KINGS", "WORKERS' COMPENSATION APPEALS BOARD / STATE OF CALIFORNIA"): printed
# without the comma a party line ends with, it is no party.
_JURISDICTION_LINE = re.compile(r"^(?:(?:state|county|commonwealth|parish|city\s+and\s+county|"
                                r"territory)\s+of\s+[A-Z][\w.' ]+|[A-Z][\w.' ]+\s+county)$", re.I)


def _without_court_lines(up: list[str]) -> list[str]:
    """The lines of a party block below a court heading, its jurisdiction lines dropped (a
    block of nothing else is a party: "STATE OF MISSOURI / Plaintiff")."""
    k = 0
    while k < len(up) - 1 and _JURISDICTION_LINE.match(up[k].strip()):
        k += 1
    return up[k:]


# The document's title below a caption that prints no roles (E.D. Pa.: "ACME CORP. : NO. 21-1234
# / MEMORANDUM") ends the last side's block.
_TITLE_START = re.compile(r"^(?:\[?proposed\]?\s+)?(?:memorandum|order|opinion|motion|notice|"
                          r"stipulation|complaint|judgment|report\s+and\s+recommendation)\b(?!\s+of\s+the\b)",
                          re.I)


def _role_of_tail(block: str) -> str | None:
    m = ROLE_TAIL.search(block)
    return m.group(0).strip(" ,.;") if m else None


_SMALL = frozenset(["of", "the", "and", "for", "a", "an", "ex", "rel", "de", "la", "del", "van", "von", "in", "re", "on", "behalf", "et", "al", "dba", "as", "to", "by", "through", "its", "his", "her", "their", "all", "others", "similarly", "situated"])


def _sentence_like(name: str) -> bool:
    """A body sentence caught around a ``v.`` (a cited case), not a party: several lowercase
    words that no party name or descriptor has."""
    words = re.findall(r"[^\W\d_][\w'’\-]*", name)
    return len(name) > 150 or sum(1 for w in words if w[0].islower() and w not in _SMALL) >= 3
