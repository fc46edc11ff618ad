"""Courts: printed court names -> CourtListener court ids, and the list of known ids.

* ``KNOWN_COURT_IDS`` / ``BANKRUPTCY_COURT_IDS`` come from the committed ``court_ids.json``
  (generated from courts-db by ``tools/gen_court_ids.py``), so the API can validate a court id
  hint without importing courts-db. They load on first attribute access (PEP 562).
* ``courts_in_text`` finds court names in a page's text (federal circuits and districts by
  pattern, the Supreme Court, state courts through courts-db) and returns them in reading order.
* courts-db is imported lazily and every lookup is cached: its first call compiles ~2,800
  regexes (~0.3 s), later calls cost ~10-50 ms each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from chalicelib.domain import court_ids

__all__ = ["STATE_PATTERN", "SPECIAL_COURTS", "TRIAL_COURT_KINDS", "TERRITORIES", "close_spaced_letters", "KNOWN_COURT_IDS", "BANKRUPTCY_COURT_IDS", "DISTRICT_COURT_IDS", "COURT_IDS_PATH", "EXTRA_COURTS",
           "CourtMention", "is_bankruptcy_court", "is_known_court", "court_level",
           "find_court_id", "canonical_name", "district_court_id", "circuit_court_id", "state_court_id",
           "courts_in_text"]

COURT_IDS_PATH = court_ids.PATH

# CourtListener ids that courts-db (0.10) does not list, with a printed name and a pattern.
EXTRA_COURTS: tuple[tuple[str, str, str], ...] = (
    ("tennworkcompcl", "Tennessee Court of Workers' Compensation Claims",
     r"court\s+of\s+workers[’'`]?\s*compensation\s+claims"),
)

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11}

_STATES = ("Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
           "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
           "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
           "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
           "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
           "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
           "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia",
           "Washington", "West Virginia", "Wisconsin", "Wyoming", "Columbia", "Puerto Rico",
           "Guam", "the Virgin Islands", "Virgin Islands", "the Northern Mariana Islands",
           "Northern Mariana Islands")
_STATE_ALT = "|".join(sorted((re.escape(s).replace(r"\ ", r"\s+") for s in _STATES),
                             key=len, reverse=True))
STATE_PATTERN = _STATE_ALT  # regex alternation of US state / territory names (no groups)

# "UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT", "Court of Appeals, 9th Cir.",
# "USCA for the District of Columbia Circuit". Source: captions of the corpus' appellate filings.
_CIRCUIT_RE = re.compile(
    r"court\s+of\s+appeals\s*,?\s*(?:for\s+the\s+)?(?P<c>"
    + "|".join(_ORDINALS) +
    r"|\d{1,2}(?:st|nd|rd|th)|district\s+of\s+columbia|d\.\s?c\.|federal)\s+cir(?:cuit|\.)",
    re.I)

# "NORTHERN DISTRICT OF CALIFORNIA", "District of Maryland", "S.D.N.Y." is NOT matched (that
# abbreviation appears in citations far more often than in captions).
_DISTRICT_RE = re.compile(
    rf"(?:(?P<dir>northern|southern|eastern|western|central|middle)\s+)?district\s+of\s+"
    rf"(?P<state>{_STATE_ALT})\b", re.I)
_DISTRICT_COURT_RE = re.compile(r"district\s+court", re.I)
_BANKRUPTCY_COURT_RE = re.compile(r"bankruptcy\s+court", re.I)

# "United States District Court, N.D. California", "U.S. District Court, D. Arizona": an
# abbreviated district directly after the court's name (never in a citation's parenthesis).
_ABBREV_DIRS = {"n": "Northern", "s": "Southern", "e": "Eastern", "w": "Western", "c": "Central",
                "m": "Middle"}
_ABBREV_DISTRICT_RE = re.compile(
    rf"(?P<bk>(?:district|bankruptcy)\s+court|u\.\s?s\.\s?(?:dist|bankr)\.\s?ct\.)\s*,?\s*(?:for\s+the\s+)?"
    rf"(?:(?P<dir>[NSEWCM])\.\s?)?D\.\s?(?:of\s+)?(?P<state>{_STATE_ALT})\b", re.I)
# OCR noise inside abbreviations: "U .S. Dist .C t. S.D. Ohio" -> "U.S. Dist. Ct. S.D. Ohio"
_SPACE_BEFORE_DOT = re.compile(r"\b([A-Z][a-z]{0,3}) \.(?=[A-Z]|\s)")
_SPLIT_CT = re.compile(r"(?<![A-Za-z])C t\.")

# Federal courts of special jurisdiction, by the name they print (ids through courts-db).
SPECIAL_COURTS: tuple[tuple[str, str], ...] = (
    (r"court\s+of\s+federal\s+claims", "United States Court of Federal Claims"),
    (r"court\s+of\s+international\s+trade", "United States Court of International Trade"),
    (r"court\s+of\s+appeals\s+for\s+veterans\s*'?\s*claims",
     "United States Court of Appeals for Veterans Claims"),
    (r"court\s+of\s+appeals\s+for\s+the\s+armed\s+forces",
     "United States Court of Appeals for the Armed Forces"),
    (r"judicial\s+panel\s+on\s+multi-?district\s+litigation",
     "United States Judicial Panel on Multidistrict Litigation"),
)
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
    rf"(?:state\s+of\s+|commonwealth\s+of\s+)?(?P<state>{_STATE_ALT})\b", re.I)
# The state named first, the court on the next line ("STATE OF MICHIGAN / IN THE COURT OF
# APPEALS", "COMMONWEALTH OF MASSACHUSETTS / SUPERIOR COURT"), or before the court's kind
# ("NEW YORK STATE COURT OF APPEALS", "New York Supreme Court").
_STATE_FIRST_RE = re.compile(
    rf"(?:^[ \t]*(?:state|commonwealth)\s+of\s+(?P<s1>{_STATE_ALT})[ \t]*,?[ \t]*\n[ \t]*(?:in\s+the\s+)?|"
    rf"^[ \t]*(?:in\s+the\s+)?(?P<s2>{_STATE_ALT})\s+(?:state\s+)?)"
    r"(?P<court>supreme\s+court|court\s+of\s+criminal\s+appeals|court\s+of\s+appeals?|"
    r"superior\s+court|appellate\s+court|commonwealth\s+court)(?![ \t]+(?:of|for)\b)", re.I | re.M)
# A state trial court's heading line: its kind first, the state on that line or the next two.
_TRIAL_COURT_RE = re.compile(r"^[ \t]*(?:in\s+the\s+)?(?P<court>circuit\s+court|court\s+of\s+common\s+pleas|"
                             r"chancery\s+court|family\s+court)\b(?!\s+of\s+appeals)", re.I | re.M)
_STATE_IN_HEADING = re.compile(rf"(?:,|\bstate\s+of|\bcommonwealth\s+of|\bdistrict\s+of)\s+(?P<state>{_STATE_ALT})\b", re.I)
_TERRITORY_RE = re.compile(r"district\s+court\s+(?:of|for)\s+(?:the\s+)?(?P<t>guam|northern\s+mariana\s+islands|"
                           r"virgin\s+islands)\b", re.I)
_BAP_RE = re.compile(r"bankruptcy\s+appellate\s+panel\s+(?:of|for)\s+the\s+(?P<c>"
                     + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))\s+circuit", re.I)


@dataclass(frozen=True)
class CourtMention:
    """A court name found in text: its id, the printed words, where, and what kind of court."""

    court_id: str
    printed: str
    start: int
    level: str  # "supreme", "appellate", "district", "bankruptcy", "state", "other"


# ---------------------------------------------------------------- known ids (no courts-db)
def __getattr__(name: str):  # PEP 562: load court_ids.json on first use, not at import
    kinds = {"KNOWN_COURT_IDS": "ids", "BANKRUPTCY_COURT_IDS": "bankruptcy", "DISTRICT_COURT_IDS": "district"}
    if name in kinds:
        return court_ids.ids(kinds[name])
    raise AttributeError(name)


is_known_court = court_ids.is_known
is_bankruptcy_court = court_ids.is_bankruptcy


def court_level(court_id: str | None) -> str | None:
    """Coarse level of a court id: supreme / appellate / district / bankruptcy / other."""
    if not court_id:
        return None
    if court_id == "scotus":
        return "supreme"
    if re.fullmatch(r"ca\d{1,2}|cadc|cafc", court_id):
        return "appellate"
    if is_bankruptcy_court(court_id):
        return "bankruptcy"
    if court_id in court_ids.ids("district"):
        return "district"
    return "other"


# ---------------------------------------------------------------- courts-db lookups
# The names this module builds from patterns (federal districts and bankruptcy courts by
# direction and state, state courts by kind and state) are resolved once, by
# tools/gen_court_ids.py through courts-db, into court_ids.json's "names" table: a lookup costs a
# dict access instead of courts-db's ~1.5 s regex compilation plus ~50 ms per new name.
DIRECTIONS = ("", "Northern", "Southern", "Eastern", "Western", "Central", "Middle")
STATE_COURT_KINDS = ("Supreme Court", "Court of Criminal Appeals", "Court of Appeals",
                     "Court of Appeal", "Superior Court", "Appellate Court", "Commonwealth Court",
                     "Court of Chancery", "Court of Special Appeals")


# State trial courts, known to courts-db by "<State> <kind>" ("Florida Circuit Court",
# "Pennsylvania Court of Common Pleas"); captions print the kind first and the state after the
# county ("IN THE CIRCUIT COURT OF THE ELEVENTH JUDICIAL CIRCUIT / IN AND FOR MIAMI-DADE COUNTY,
# FLORIDA").
TRIAL_COURT_KINDS = ("Circuit Court", "Court of Common Pleas", "Chancery Court", "Family Court")
# Territorial district courts ("DISTRICT COURT OF GUAM", "... FOR THE NORTHERN MARIANA ISLANDS").
TERRITORIES = ("Guam", "the Northern Mariana Islands", "the Virgin Islands")


def court_name_key(name: str, bankruptcy: bool | None) -> str:
    return f"{' '.join(name.lower().split())}|{bankruptcy}"


def pattern_names() -> list[tuple[str, bool | None]]:
    """Every (name, bankruptcy) this module may look up from a pattern (the table's keys)."""
    out: list[tuple[str, bool | None]] = []
    for state in _STATES:
        for d in DIRECTIONS:
            for bk in (False, True):
                out.append((_district_name(d or None, state, bk), bk))
        for kind in STATE_COURT_KINDS:
            out.append((f"{kind} of {_title(state)}", False))
            out.append((f"{_title(state)} {kind}", False))
        for kind in TRIAL_COURT_KINDS:
            out.append((f"{_title(state)} {kind}", False))
        for kind in ("Supreme Court", "Superior Court"):
            out.append((f"{kind} of {_title(state)}, Appellate Division", False))
    out.extend((name, False) for _rx, name in SPECIAL_COURTS)
    out.extend((f"District Court of {t}", False) for t in TERRITORIES)
    return out


@lru_cache(maxsize=512)
def find_court_id(name: str, bankruptcy: bool | None = None) -> str | None:
    """courts-db ``find_court`` on a printed name; the single id, or None when 0 or ambiguous."""
    name = " ".join((name or "").split())
    if not name:
        return None
    table = court_ids.table().get("names") or {}
    key = court_name_key(name, bankruptcy)
    if key in table:
        return table[key]
    return courts_db_court_id(name, bankruptcy)


def courts_db_court_id(name: str, bankruptcy: bool | None = None) -> str | None:
    """``find_court_id`` without the precomputed table (tools/gen_court_ids.py builds it)."""
    for cid, _printed, rx in EXTRA_COURTS:
        if re.search(rx, name, re.I):
            return cid
    from courts_db import find_court  # lazy: heavy regex table

    ids = find_court(name, bankruptcy=bankruptcy)
    if len(ids) == 1:
        return ids[0]
    if bankruptcy is not None and ids:
        wanted = [i for i in ids if is_bankruptcy_court(i) == bankruptcy]
        if len(wanted) == 1:
            return wanted[0]
    return None


@lru_cache(maxsize=4096)
def canonical_name(court_id: str | None) -> str | None:
    """The court's canonical name in courts-db ("cand" -> "United States District Court for the
    Northern District of California"); None for an id courts-db does not know. Loads courts-db's
    court list (not its regexes) on first use: worker and correction paths only."""
    if not court_id:
        return None
    for cid, printed, _rx in EXTRA_COURTS:
        if cid == court_id:
            return printed
    from courts_db import courts  # lazy: the court list, ~0.1 s once

    return next((c.get("name") for c in courts if c.get("id") == court_id), None)


def _title(s: str) -> str:
    return " ".join(w.capitalize() if w.lower() not in ("of", "the") else w.lower()
                    for w in s.split())


def _district_name(direction: str | None, state: str, bankruptcy: bool) -> str:
    where = f"{direction.capitalize()} District" if direction else "District"
    kind = "Bankruptcy Court" if bankruptcy else "District Court"
    return f"United States {kind} for the {where} of {_title(state)}"


def district_court_id(direction: str | None, state: str, bankruptcy: bool = False) -> str | None:
    """``("northern", "California")`` -> ``cand`` (or ``canb`` with bankruptcy=True)."""
    return find_court_id(_district_name(direction, " ".join(state.split()), bankruptcy),
                         bankruptcy=bankruptcy)


def circuit_court_id(word: str) -> str | None:
    """``"Ninth"`` / ``"9th"`` / ``"District of Columbia"`` / ``"Federal"`` -> ``ca9`` etc."""
    w = " ".join(word.lower().split())
    if w in _ORDINALS:
        return f"ca{_ORDINALS[w]}"
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", w)
    if m and 1 <= int(m.group(1)) <= 11:
        return f"ca{int(m.group(1))}"
    if w.replace(" ", "") in ("districtofcolumbia", "d.c."):
        return "cadc"
    if w == "federal":
        return "cafc"
    return None


def state_court_id(kind: str, state: str) -> str | None:
    """``("Supreme Court", "New York")`` -> ``nysupct``: "Supreme Court of New York", else "New
    York Supreme Court" (courts-db knows some courts by one form only)."""
    kind, state = _title(" ".join(kind.split())), _title(" ".join(state.split()))
    return (find_court_id(f"{kind} of {state}", bankruptcy=False)
            or find_court_id(f"{state} {kind}", bankruptcy=False))


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
        cid = _trial_court_id(m.group("court"), st.group("state"))
        if cid:
            found.append(CourtMention(cid, heading[:st.end()], m.start("court"), "state"))
    return found


def _trial_court_id(kind: str, state: str) -> str | None:
    """courts-db's id for a state's trial court of ``kind``, only where its name is that kind
    (courts-db's fuzzy match answers "Tennessee Chancery Court" with the Court of Appeals)."""
    kind, state = _title(" ".join(kind.split())), _title(" ".join(state.split()))
    cid = find_court_id(f"{state} {kind}", bankruptcy=False)
    name = (canonical_name(cid) or "").lower() if cid else ""
    key = kind.lower().replace("court of ", "").replace(" court", "")
    return cid if key in name else None


def _appellate_division(text: str, m: re.Match) -> str | None:
    """"SUPERIOR COURT OF NEW JERSEY / APPELLATE DIVISION", "APPELLATE DIVISION OF THE SUPREME
    COURT OF THE STATE OF NEW YORK": the division's own court id."""
    kind = _title(" ".join(m.group("court").split()))
    if kind not in ("Supreme Court", "Superior Court"):
        return None
    if not (re.search(r"appellate\s+division\s*,?\s*(?:of\s+)?(?:the\s+)?$", text[max(0, m.start() - 40):m.start()], re.I)
            or re.match(r"\s*,?\s*(?:\n\s*)?appellate\s+division\b", text[m.end():], re.I)):
        return None
    state = _title(" ".join(m.group("state").split()))
    return find_court_id(f"{kind} of {state}, Appellate Division", bankruptcy=False)


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
