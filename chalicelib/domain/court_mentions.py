"""Court mentions: the court names a page's text prints, found in reading order.

``courts_in_text`` finds federal circuits and districts by pattern, the Supreme Court, state
courts, and courts of special jurisdiction, each resolved to its CourtListener id through
``courts`` (court_ids.json's table, courts-db for a name it lacks). The patterns compile on
import: extraction's, never on the API's cold start.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.domain.courts import (EXTRA_COURTS, ORDINAL_PATTERN, SPECIAL_COURTS, STATE_PATTERN, TERRITORIES,
                                      appellate_division_id, circuit_court_id, district_court_id,
                                      find_court_id, is_known_court, state_court_id, trial_court_id)

__all__ = ["CourtMention", "courts_in_text", "close_spaced_letters", "close_ocr_abbreviations"]

# "UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT", "Court of Appeals, 9th Cir.",
# "USCA for the District of Columbia Circuit". Source: captions of the corpus' appellate filings.
_CIRCUIT_RE = re.compile(
    r"court\s+of\s+appeals\s*,?\s*(?:for\s+the\s+)?(?P<c>"
    + ORDINAL_PATTERN +
    r"|\d{1,2}(?:st|nd|rd|th)|district\s+of\s+columbia|d\.\s?c\.|federal)\s+cir(?:cuit|\.)",
    re.I)

# "NORTHERN DISTRICT OF CALIFORNIA", "District of Maryland", "S.D.N.Y." is NOT matched (that
# abbreviation appears in citations far more often than in captions).
_DISTRICT_RE = re.compile(
    rf"(?:(?P<dir>northern|southern|eastern|western|central|middle)\s+)?district\s+of\s+"
    rf"(?P<state>{STATE_PATTERN})\b", re.I)
_DISTRICT_COURT_RE = re.compile(r"district\s+court", re.I)
_BANKRUPTCY_COURT_RE = re.compile(r"bankruptcy\s+court", re.I)

# "United States District Court, N.D. California", "U.S. District Court, D. Arizona": an
# abbreviated district directly after the court's name (never in a citation's parenthesis).
_ABBREV_DIRS = {"n": "Northern", "s": "Southern", "e": "Eastern", "w": "Western", "c": "Central",
                "m": "Middle"}
_ABBREV_DISTRICT_RE = re.compile(
    rf"(?P<bk>(?:district|bankruptcy)\s+court|u\.\s?s\.\s?(?:dist|bankr)\.\s?ct\.)\s*,?\s*(?:for\s+the\s+)?"
    rf"(?:(?P<dir>[NSEWCM])\.\s?)?D\.\s?(?:of\s+)?(?P<state>{STATE_PATTERN})\b", re.I)
# OCR noise inside abbreviations: "U .S. Dist .C t. S.D. Ohio" -> "U.S. Dist. Ct. S.D. Ohio"
_SPACE_BEFORE_DOT = re.compile(r"\b([A-Z][a-z]{0,3}) \.(?=[A-Z]|\s)")
_SPLIT_CT = re.compile(r"(?<![A-Za-z])C t\.")

# Federal courts of special jurisdiction by the name they print, compiled once.
_SPECIAL_RES = tuple((re.compile(rx, re.I), name) for rx, name in SPECIAL_COURTS)

# Letter-spaced headings: "U N I T E D  S T A T E S  D I S T R I C T  C O U R T" (letters one
# space apart, words two or more): each run of spaced letters is closed up into its word.
_SPACED_RUN = re.compile(r"(?<![\w.])[A-Za-z](?: [A-Za-z])+(?![\w.])")


def close_spaced_letters(text: str) -> str:
    """``"U N I T E D  S T A T E S"`` -> ``"UNITED  STATES"``; other text unchanged."""
    if not _SPACED_RUN.search(text):
        return text
    return _SPACED_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)


def close_ocr_abbreviations(text: str) -> str:
    """OCR's stray spaces in abbreviations: ``"U .S. Dist .C t."`` -> ``"U.S. Dist.Ct."``."""
    if " ." not in text and "C t." not in text:
        return text
    text = _SPACE_BEFORE_DOT.sub(r"\1.", text)
    return _SPLIT_CT.sub("Ct.", text)


_SCOTUS_RE = re.compile(r"supreme\s+court\s+of\s+the\s+united\s+states", re.I)
_TAX_RE = re.compile(r"united\s+states\s+tax\s+court", re.I)

# State courts: "IN THE SUPREME COURT OF NORTH CAROLINA", "COURT OF APPEALS OF TEXAS",
# "THE SUPREME COURT OF ALABAMA"; resolved through courts-db.
_STATE_COURT_RE = re.compile(
    rf"(?P<court>supreme\s+court|court\s+of\s+criminal\s+appeals|court\s+of\s+appeals?|"
    rf"superior\s+court|appellate\s+court|commonwealth\s+court|court\s+of\s+chancery|"
    rf"court\s+of\s+special\s+appeals)\s+(?:of\s+)?(?:the\s+)?"
    rf"(?:state\s+of\s+|commonwealth\s+of\s+)?(?P<state>{STATE_PATTERN})\b", re.I)
# The state named first, the court on the next line ("STATE OF MICHIGAN / IN THE COURT OF
# APPEALS", "COMMONWEALTH OF MASSACHUSETTS / SUPERIOR COURT"), or before the court's kind
# ("NEW YORK STATE COURT OF APPEALS", "New York Supreme Court").
_STATE_FIRST_RE = re.compile(
    rf"(?:^[ \t]*(?:state|commonwealth)\s+of\s+(?P<s1>{STATE_PATTERN})[ \t]*,?[ \t]*\n[ \t]*(?:in\s+the\s+)?|"
    rf"^[ \t]*(?:in\s+the\s+)?(?P<s2>{STATE_PATTERN})\s+(?:state\s+)?)"
    r"(?P<court>supreme\s+court|court\s+of\s+criminal\s+appeals|court\s+of\s+appeals?|"
    r"superior\s+court|appellate\s+court|commonwealth\s+court)(?![ \t]+(?:of|for)\b)", re.I | re.M)
# A state trial court's heading line: its kind first, the state on that line or the next two.
_TRIAL_COURT_RE = re.compile(r"^[ \t]*(?:in\s+the\s+)?(?P<court>circuit\s+court|court\s+of\s+common\s+pleas|"
                             r"chancery\s+court|family\s+court)\b(?!\s+of\s+appeals)", re.I | re.M)
_STATE_IN_HEADING = re.compile(rf"(?:,|\bstate\s+of|\bcommonwealth\s+of|\bdistrict\s+of)\s+(?P<state>{STATE_PATTERN})\b", re.I)
_TERRITORY_RE = re.compile(r"district\s+court\s+(?:of|for)\s+(?:the\s+)?(?P<t>guam|northern\s+mariana\s+islands|"
                           r"virgin\s+islands)\b", re.I)
_BAP_RE = re.compile(r"bankruptcy\s+appellate\s+panel\s+(?:of|for)\s+the\s+(?P<c>"
                     + ORDINAL_PATTERN + r"|\d{1,2}(?:st|nd|rd|th))\s+circuit", re.I)


@dataclass(frozen=True)
class CourtMention:
    """A court name found in text: its id, the printed words, where, and what kind of court."""

    court_id: str
    printed: str
    start: int
    level: str  # "supreme", "appellate", "district", "bankruptcy", "state", "other"



def courts_in_text(text: str) -> list[CourtMention]:
    """Court names in ``text`` in reading order (several may refer to the same court)."""
    text = close_ocr_abbreviations(close_spaced_letters(text))
    found = _federal_mentions(text)
    found += _state_mentions(text, found)
    found += _special_mentions(text, found)
    found.sort(key=lambda c: c.start)
    return found


def _federal_mentions(text: str) -> list[CourtMention]:
    """Circuits, the Supreme Court, the Tax Court, districts and their bankruptcy courts."""
    found: list[CourtMention] = []
    for m in _CIRCUIT_RE.finditer(text):
        cid = circuit_court_id(m.group("c"))
        if cid:
            found.append(CourtMention(cid, m.group(0), m.start(), "appellate"))
    for m in _SCOTUS_RE.finditer(text):
        found.append(CourtMention("scotus", m.group(0), m.start(), "supreme"))
    for m in _TAX_RE.finditer(text):
        found.append(CourtMention("tax", m.group(0), m.start(), "other"))
    for m in _DISTRICT_RE.finditer(text):
        before = text[max(0, m.start() - 80):m.start()]
        if re.search(r"court\s+of\s+appeals|circuit", before, re.I) and not re.search(
                r"district\s+court|bankruptcy\s+court", before, re.I):
            continue  # "... Court of Appeals for the District of Columbia Circuit"
        bankrupt = bool(_BANKRUPTCY_COURT_RE.search(before)) and not _DISTRICT_COURT_RE.search(
            before[-40:])
        cid = district_court_id(m.group("dir"), m.group("state"), bankruptcy=bankrupt)
        if cid:
            found.append(CourtMention(cid, m.group(0), m.start(),
                                      "bankruptcy" if bankrupt else "district"))
    for m in _TERRITORY_RE.finditer(text):
        t = " ".join(m.group("t").split()).lower()
        name = next(x for x in TERRITORIES if x.lower().removeprefix("the ") == t)
        cid = find_court_id(f"District Court of {name}", bankruptcy=False)
        if cid and not any(f.start <= m.start("t") < f.start + len(f.printed) for f in found):
            found.append(CourtMention(cid, m.group(0), m.start(), "district"))
    for m in _ABBREV_DISTRICT_RE.finditer(text):
        bankrupt = "bankr" in m.group("bk").lower()
        d = _ABBREV_DIRS.get((m.group("dir") or "").lower())
        cid = district_court_id(d, m.group("state"), bankruptcy=bankrupt)
        if cid and not any(f.start <= m.start("state") < f.start + len(f.printed) for f in found):
            found.append(CourtMention(cid, m.group(0), m.start(),
                                      "bankruptcy" if bankrupt else "district"))
    return found


def _state_mentions(text: str, federal: list[CourtMention]) -> list[CourtMention]:
    """State courts: "<kind> of <state>", "<state> / <kind>", a trial court's "<kind> ...
    <county>, <state>", and an appellate division of a state's trial court."""
    found: list[CourtMention] = []
    for m in _STATE_COURT_RE.finditer(text):
        if re.match(r"court\s+of\s+appeals", m.group("court"), re.I) and re.match(
                r"\s*(?:for\s+the\s+)?\w+\s+circuit", text[m.end("court"):], re.I):
            continue
        cid = _appellate_division(text, m) or state_court_id(m.group("court"), m.group("state"))
        if cid:
            found.append(CourtMention(cid, m.group(0), m.start(), "state"))
    for m in _STATE_FIRST_RE.finditer(text):
        cid = state_court_id(m.group("court"), m.group("s1") or m.group("s2"))
        if cid and not any(f.start <= m.start("court") < f.start + len(f.printed) for f in found):
            found.append(CourtMention(cid, m.group(0), m.start(), "state"))
    for m in _TRIAL_COURT_RE.finditer(text):
        if any(f.start <= m.start("court") < f.start + len(f.printed) for f in found + federal):
            continue
        heading = "\n".join(text[m.start("court"):].split("\n")[:3])
        st = _STATE_IN_HEADING.search(heading)
        if not st:
            continue
        cid = trial_court_id(m.group("court"), st.group("state"))
        if cid:
            found.append(CourtMention(cid, heading[:st.end()], m.start("court"), "state"))
    return found


def _appellate_division(text: str, m: re.Match) -> str | None:
    """"SUPERIOR COURT OF NEW JERSEY / APPELLATE DIVISION", "APPELLATE DIVISION OF THE SUPREME
    COURT OF THE STATE OF NEW YORK": the division's own court id."""
    if not (re.search(r"appellate\s+division\s*,?\s*(?:of\s+)?(?:the\s+)?$", text[max(0, m.start() - 40):m.start()], re.I)
            or re.match(r"\s*,?\s*(?:\n\s*)?appellate\s+division\b", text[m.end():], re.I)):
        return None
    return appellate_division_id(m.group("court"), m.group("state"))


def _special_mentions(text: str, found: list[CourtMention]) -> list[CourtMention]:
    """Bankruptcy appellate panels, federal courts of special jurisdiction, courts courts-db
    lacks."""
    out: list[CourtMention] = []
    for m in _BAP_RE.finditer(text):
        n = circuit_court_id(m.group("c"))
        if n and is_known_court(f"bap{n[2:]}"):
            out.append(CourtMention(f"bap{n[2:]}", m.group(0), m.start(), "other"))
    for rx, name in _SPECIAL_RES:
        for m in rx.finditer(text):
            cid = find_court_id(name, bankruptcy=False)
            if cid:
                out.append(CourtMention(cid, m.group(0), m.start(), "other"))
    for cid, _printed, pattern in EXTRA_COURTS:
        for m in re.finditer(pattern, text, re.I):
            out.append(CourtMention(cid, m.group(0), m.start(), "other"))
    return out
