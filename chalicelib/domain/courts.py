"""Courts: printed court names -> CourtListener court ids, and the list of known ids.

* ``KNOWN_COURT_IDS`` / ``BANKRUPTCY_COURT_IDS`` come from the committed ``court_ids.json``
  (generated from courts-db by ``tools/gen_court_ids.py``), so the API can validate a court id
  hint without importing courts-db. They load on first attribute access (PEP 562).
* ``find_court_id`` and the ``*_court_id`` helpers name a court by kind and place; the names
  built from patterns are looked up in court_ids.json's table, any other name in courts-db.
* courts-db is imported lazily and every lookup is cached: its first call compiles ~2,800
  regexes (~0.3 s), later calls cost ~10-50 ms each.

Finding court names in a page's text is ``court_mentions``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from chalicelib.domain import court_ids

__all__ = ["STATE_PATTERN", "ORDINAL_PATTERN", "SPECIAL_COURTS", "TRIAL_COURT_KINDS", "TERRITORIES",
           "KNOWN_COURT_IDS", "BANKRUPTCY_COURT_IDS", "DISTRICT_COURT_IDS", "COURT_IDS_PATH", "EXTRA_COURTS",
           "is_bankruptcy_court", "is_known_court", "court_level",
           "find_court_id", "canonical_name", "district_court_id", "circuit_court_id", "state_court_id",
           "trial_court_id", "appellate_division_id"]

COURT_IDS_PATH = court_ids.PATH

# CourtListener ids that courts-db (0.10) does not list, with a printed name and a pattern.
EXTRA_COURTS: tuple[tuple[str, str, str], ...] = (
    ("tennworkcompcl", "Tennessee Court of Workers' Compensation Claims",
     r"court\s+of\s+workers[’'`]?\s*compensation\s+claims"),
)

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11}
ORDINAL_PATTERN = "|".join(_ORDINALS)  # regex alternation of the circuits' ordinal words (no groups)

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
# regex alternation of US state / territory names (no groups)
STATE_PATTERN = "|".join(sorted((re.escape(s).replace(r"\ ", r"\s+") for s in _STATES),
                                key=len, reverse=True))

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
# The state courts with an appellate division of their own ("Superior Court of New Jersey,
# Appellate Division").
_APPELLATE_DIVISION_KINDS = ("Supreme Court", "Superior Court")


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
        for kind in _APPELLATE_DIVISION_KINDS:
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


def trial_court_id(kind: str, state: str) -> str | None:
    """courts-db's id for a state's trial court of ``kind``, only where its name is that kind
    (courts-db's fuzzy match answers "Tennessee Chancery Court" with the Court of Appeals)."""
    kind, state = _title(" ".join(kind.split())), _title(" ".join(state.split()))
    cid = find_court_id(f"{state} {kind}", bankruptcy=False)
    name = (canonical_name(cid) or "").lower() if cid else ""
    key = kind.lower().replace("court of ", "").replace(" court", "")
    return cid if key in name else None


def appellate_division_id(kind: str, state: str) -> str | None:
    """``("Superior Court", "New Jersey")`` -> ``njsuperctappdiv``: the appellate division of a
    state's Supreme or Superior Court; None for a court of another kind."""
    kind = _title(" ".join(kind.split()))
    if kind not in _APPELLATE_DIVISION_KINDS:
        return None
    state = _title(" ".join(state.split()))
    return find_court_id(f"{kind} of {state}, Appellate Division", bankruptcy=False)


