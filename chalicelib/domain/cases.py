"""A case as the sum of its filings' contributions: commutative tallies, and what they say.

Each filing adds one to a set of counters on its case — its document type, filed day, every
party (by a normalised key, with the spelling and role it printed), its case name, judge and
docket-number form — counted as public or sealed. Adding and removing are the same operation
with the opposite sign, so contributions commute: many filings of one case can be committed at
once (as `ADD` updates, no read-modify-write of the case), sealing moves a contribution from one
column to the other, and reprocessing removes the old contribution and adds the new.

What a reader sees is derived from the tallies at read time (`identity`, `visible_view`):

- the docket number is the form printed on the most recently filed filing (a case reassigned
  from 3:19-cv-07123 to 4:19-cv-07123-PJH shows the latter), every other form is a variant;
- parties are merged by key ("Whatsapp Inc" and "WhatsApp Inc." are one party) and shown in
  their best-attested spelling, preferring the one that keeps letter case and periods;
- the case name is the best-attested name across filings, in its best spelling;
- the case is `provisional` until the evidence agrees (see `is_provisional`) or a docket report
  (PACER's own record of the case) names it; the report's parties join the filings' parties.

Readers without `sealed:read` see only the public column, so nothing known only from sealed
filings (a party, a name, a docket form) ever reaches them.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from chalicelib.domain.docket_numbers import DocketNumber, match_reason, parse_docket_number
from chalicelib.domain.dockets import DocketCase
from chalicelib.domain.models import CaseRecord, FilingRecord

PUBLIC, SEALED = "public", "sealed"
TALLY = "~"  # item attributes holding a tally start with this; nothing else does
_SEP = "|"
# kinds of tally: ~kind|column|key...
TYPE, DAY, PARTY_NAME, PARTY_ROLE, NAME, JUDGE, DOCKET = (
    "type", "day", "pname", "prole", "name", "judge", "docket")
UNDATED = "0000-00-00"

# One commit's update expression must stay small (DynamoDB allows 4 KB; moto, the local stand-in,
# fails past ~150 clauses): a filing counts at most this many parties (two counters each; a
# caption with more lists the rest as "et al." in practice), and a counted name is cut at MAX_KEY.
MAX_PARTIES = 50
MAX_KEY = 200

# Provisional until: the court is known, at least MIN_FILINGS filings carry the docket number,
# and the leading case name is printed by at least MIN_FILINGS filings and by most of those
# that print one.
MIN_FILINGS = 2

_ET_AL = re.compile(r"[,\s]+et\s+al\.?\s*$", re.I)
_DESIGNATOR = re.compile(r"\b(Inc|Corp|Ltd|Co|Bros|Assn)(?=$|,|\s)")


def party_key(name: str) -> str:
    """One key for every spelling of a party: letter case, punctuation and "et al." aside."""
    return re.sub(r"[^a-z0-9]+", " ", _ET_AL.sub("", name).lower()).strip()


def clean_party_name(name: str) -> str:
    """The party as a name: "WhatsApp Inc., et al." → "WhatsApp Inc."; whitespace collapsed."""
    return " ".join(_ET_AL.sub("", name).split()).strip(" ,;")


def display_party_name(name: str) -> str:
    """A corporate designator keeps (or gets) its period: "Whatsapp Inc" → "Whatsapp Inc."."""
    return _DESIGNATOR.sub(lambda m: m.group(1) + ".", name.rstrip()).replace("..", ".")


_WORD = re.compile(r"[A-Za-z][A-Za-z']+")


def restore_inner_capitals(name: str, text: str) -> str:
    """A name read from a caption in capitals is title-cased by guess ("WHATSAPP" → "Whatsapp");
    where the filing's own text spells a word with inner capitals ("WhatsApp", "McDonald"), that
    spelling is the real one. Only inner capitals are restored: nothing else about case changes."""
    spelled: dict[str, Counter[str]] = {}
    for word in _WORD.findall(text):
        if not word.isupper() and any(c.isupper() for c in word[1:]):
            spelled.setdefault(word.lower(), Counter())[word] += 1

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        forms = spelled.get(word.lower())
        if not forms or word.isupper() or any(c.isupper() for c in word[1:]):
            return word
        return forms.most_common(1)[0][0]
    return _WORD.sub(fix, name)


def normal_role(role: str | None) -> str | None:
    """"Plaintiffs" → "Plaintiff", "Plaintiffs-Appellees" → "Plaintiff-Appellee"."""
    if not role or not role.strip():
        return None
    words = re.split(r"([-\s/]+)", " ".join(role.split()).strip(",.;:"))
    out = []
    for word in words:
        if len(word) > 4 and word.lower().endswith("s") and not word.lower().endswith("ss"):
            word = word[:-1]
        out.append(word[:1].upper() + word[1:].lower() if word.isalpha() else word)
    return "".join(out) or None


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _safe(value: str) -> str:
    return value.replace(_SEP, "/").strip()[:MAX_KEY]


def tally_key(kind: str, column: str, *parts: str) -> str:
    return TALLY + _SEP.join((kind, column, *(_safe(p) for p in parts)))


def split_tally(key: str) -> tuple[str, str, list[str]]:
    kind, column, *rest = key[len(TALLY):].split(_SEP)
    return kind, column, rest


def column_of(filing: FilingRecord) -> str:
    return SEALED if filing.sealed else PUBLIC


def contribution(filing: FilingRecord, sign: int) -> dict[str, int]:
    """The counters one filing adds to (sign=+1) or removes from (sign=-1) its case."""
    col = column_of(filing)
    out: Counter[str] = Counter()
    out[tally_key(TYPE, col, filing.document_type or "other")] += sign
    day = filing.date_filed.isoformat() if filing.date_filed else None
    if day:
        out[tally_key(DAY, col, day)] += sign
    seen: set[str] = set()
    for party in filing.parties:
        key = party_key(party.name)
        if not key or key in seen or len(seen) >= MAX_PARTIES:
            continue
        seen.add(key)
        out[tally_key(PARTY_NAME, col, key, clean_party_name(party.name))] += sign
        role = normal_role(party.role)
        if role:
            out[tally_key(PARTY_ROLE, col, key, role)] += sign
    if filing.case_name and filing.case_name.strip():
        out[tally_key(NAME, col, " ".join(filing.case_name.split()))] += sign
    if filing.judge and filing.judge.strip():
        out[tally_key(JUDGE, col, " ".join(filing.judge.split()))] += sign
    if filing.docket_number and filing.docket_number.strip():
        out[tally_key(DOCKET, col, day or UNDATED, filing.docket_number.strip())] += sign
    return {k: v for k, v in out.items() if v}


def merge(*deltas: dict[str, int]) -> dict[str, int]:
    """Sum counter deltas (the same counter may appear once per update), dropping zeros."""
    out: Counter[str] = Counter()
    for delta in deltas:
        out.update(delta)
    return {k: v for k, v in out.items() if v}


def docket_matches(query: DocketNumber, candidates: Iterable[CaseRecord]) -> list[tuple[CaseRecord, str]]:
    """The candidates whose docket number names the same case as `query`, each with the reason
    (the one rule the resolver, case resolution and re-homing share)."""
    out = []
    for candidate in candidates:
        printed = parse_docket_number(candidate.docket_number or "")
        reason = match_reason(query, printed) if printed else None
        if reason:
            out.append((candidate, reason))
    return out


def standalone_case_id(court_id: str | None, sha256: str) -> str:
    """The case the archive makes for a filing that prints no docket number (an image-only
    opinion, a list of decisions): its own, keyed by its bytes, so it is never orphaned and a
    reprocess of the same bytes lands in the same place."""
    court = re.sub(r"[^a-z0-9]+", "", (court_id or "").lower()) or "unk"
    return f"{court}-doc-{sha256[:16].lower()}"


def new_case(filing: FilingRecord, at: str) -> CaseRecord:
    """The case a filing founds: identity from its case id, court and docket number."""
    if filing.case_id is None:
        raise ValueError(f"filing {filing.id} founds a case only once it is resolved to one")
    parsed = parse_docket_number(filing.docket_number or "")
    return CaseRecord(
        case_id=filing.case_id,
        court_id=filing.court_id,
        docket_number=filing.docket_number,
        docket_core=parsed.core if parsed else None,
        case_type=parsed.case_type if parsed else None,
        created_at=at,
        updated_at=at,
    )


def apply(case: CaseRecord, delta: dict[str, int]) -> CaseRecord:
    """The case after `delta` (what the storage's ADD update does), identity re-derived."""
    tallies = merge(case.tallies, delta)
    return derive(case.model_copy(update={"tallies": {k: v for k, v in tallies.items() if v > 0}}))


def apply_contribution(case: CaseRecord, filing: FilingRecord, sign: int) -> CaseRecord:
    """Add (sign=+1) or remove (sign=-1) one filing's contribution to its case."""
    update = {}
    if sign > 0 and not case.court_id and filing.court_id:
        update["court_id"] = filing.court_id
    return apply(case.model_copy(update=update), contribution(filing, sign))


# ---------------------------------------------------------------------------- reading tallies

def _columns(sees_sealed: bool) -> tuple[str, ...]:
    return (PUBLIC, SEALED) if sees_sealed else (PUBLIC,)


def _counts(case: CaseRecord, kind: str, cols: Iterable[str]) -> dict[tuple[str, ...], int]:
    """{key parts: count} of one kind of tally over the given columns (positive totals only)."""
    cols = set(cols)
    out: Counter[tuple[str, ...]] = Counter()
    for key, n in case.tallies.items():
        k, col, parts = split_tally(key)
        if k == kind and col in cols:
            out[tuple(parts)] += n
    return {k: v for k, v in out.items() if v > 0}


def spelling_score(text: str) -> tuple[int, int, int]:
    """How much a spelling says: not shouting in capitals, internal capitals kept ("WhatsApp"),
    periods kept ("Inc."). A title-cased guess of an all-caps caption loses to the real form."""
    letters = [c for c in text if c.isalpha()]
    shouting = bool(letters) and all(c.isupper() for c in letters) and len(letters) > 3
    inner_capitals = sum(1 for w in text.split() for c in w[1:] if c.isupper() and not w.isupper())
    return (0 if shouting else 1, inner_capitals, text.count("."))


def _best_spelling(variants: dict[str, int]) -> str:
    return max(sorted(variants), key=lambda v: (spelling_score(v), variants[v]))


def best_name(names: dict[str, int]) -> str | None:
    """The best-attested name: spellings grouped by their words, the group printed most often
    wins (ties: the longer, then alphabetical), shown in the group's most careful spelling."""
    groups: dict[str, dict[str, int]] = {}
    for name, n in names.items():
        groups.setdefault(_name_key(name), {})[name] = n
    if not groups:
        return None
    top = max(sorted(groups), key=lambda g: (sum(groups[g].values()), len(g)))
    return _best_spelling(groups[top])


def current_docket_number(forms: dict[tuple[str, str], int]) -> tuple[str | None, list[str]]:
    """(the form of the latest filing, the other forms, latest first). Forms are (day, form)."""
    latest: dict[str, tuple[str, int]] = {}
    for (day, form), n in forms.items():
        seen_day, count = latest.get(form, ("", 0))
        latest[form] = (max(seen_day, day), count + n)
    if not latest:
        return None, []
    order = sorted(latest, key=lambda f: (latest[f][0], latest[f][1], f), reverse=True)
    return order[0], order[1:]


def parties(case: CaseRecord, sees_sealed: bool,
            reported: Iterable[tuple[str, str | None]] = ()) -> list[dict[str, str | None]]:
    """One entry per party: the filings' tallies merged by `party_key`, and the parties a docket
    report lists (`reported`: (name, role), the clerk's record) merged into them. A party's role
    is the report's where it lists the party, else the one most filings give it; its name is the
    most careful spelling any of them prints."""
    cols = _columns(sees_sealed)
    names = _counts(case, PARTY_NAME, cols)
    roles = _counts(case, PARTY_ROLE, cols)
    spellings: dict[str, dict[str, int]] = {}
    for (key, spelling), n in names.items():
        spellings.setdefault(key, {})[spelling] = n
    role_counts: dict[str, dict[str, int]] = {}
    for (key, role), n in roles.items():
        role_counts.setdefault(key, {})[role] = n
    clerk_roles: dict[str, str] = {}
    for name, listed_role in reported:
        key = party_key(name)
        if not key:
            continue
        variants = spellings.setdefault(key, {})
        spelling = clean_party_name(name)
        variants[spelling] = variants.get(spelling, 0) + 1
        clerk_role = normal_role(listed_role)
        if clerk_role and key not in clerk_roles:
            clerk_roles[key] = clerk_role
    named: list[tuple[str, str | None]] = []
    for key, variants in spellings.items():
        known = role_counts.get(key, {})
        party_role = clerk_roles.get(key) or (max(sorted(known), key=known.__getitem__) if known else None)
        named.append((display_party_name(_best_spelling(variants)), party_role))
    named.sort(key=lambda p: p[0].lower())
    return [{"name": name, "role": role} for name, role in named]


def identity(case: CaseRecord, sees_sealed: bool) -> dict:
    """Docket number (current form and variants), case name, judge, provisional — as a viewer
    may see them. Falls back to what the case item was founded with when no filing says."""
    cols = _columns(sees_sealed)
    forms = _docket_forms(case, cols)
    docket, variants = current_docket_number(forms)
    names = {parts[0]: n for parts, n in _counts(case, NAME, cols).items()}
    judges = {parts[0]: n for parts, n in _counts(case, JUDGE, cols).items()}
    return {
        "docket_number": docket or case.docket_number,
        "docket_number_variants": variants,
        "case_name": best_name(names),
        "judge": best_name(judges),
        "provisional": is_provisional(case.court_id, forms, names),
    }


def _docket_forms(case: CaseRecord, cols: Iterable[str]) -> dict[tuple[str, str], int]:
    """{(day, printed docket number): count}: a docket tally's key has exactly those two parts."""
    return {(day, form): n for (day, form), n in _counts(case, DOCKET, cols).items()}


def is_provisional(court_id: str | None, forms: dict[tuple[str, str], int], names: dict[str, int]) -> bool:
    """A case is confirmed (not provisional) once its filings agree on who and where it is:
    its court is known, at least MIN_FILINGS filings print its docket number, and the leading
    case name is printed by at least MIN_FILINGS filings and by more than half of those that
    print any name. One filing's reading, or filings that disagree on the name, stay provisional."""
    if not court_id:
        return True
    if sum(forms.values()) < MIN_FILINGS:
        return True
    groups: Counter[str] = Counter()
    for name, n in names.items():
        groups[_name_key(name)] += n
    if not groups:
        return True
    top = max(groups.values())
    return top < MIN_FILINGS or top * 2 <= sum(groups.values())


def derive(case: CaseRecord) -> CaseRecord:
    """The case with its public identity filled in from the tallies (what lists and the name
    index show; a viewer with `sealed:read` gets `identity(case, True)` on top)."""
    seen = identity(case, sees_sealed=False)
    return case.model_copy(update={
        "docket_number": seen["docket_number"],
        "case_name": seen["case_name"],
        "judge": seen["judge"],
        "provisional": seen["provisional"],
    })


def visible_view(case: CaseRecord, sees_sealed: bool, docket: DocketCase | None = None) -> dict:
    """The aggregates a viewer may see: identity, parties, counts by type, first and last filed.

    `docket` is the case's docket report as this viewer may see it (None without one). PACER's
    own record of the case confirms its identity: its parties join the filings' (see `parties`),
    its name and judge stand where no filing prints one, and the case is not provisional."""
    cols = _columns(sees_sealed)
    counts = {parts[0]: n for parts, n in sorted(_counts(case, TYPE, cols).items())}
    days = sorted(parts[0] for parts in _counts(case, DAY, cols))
    seen = identity(case, sees_sealed)
    reported: list[tuple[str, str | None]] = []
    if docket is not None:
        reported = [(str(p.get("name") or ""), p.get("type")) for p in docket.parties]
        seen["case_name"] = seen["case_name"] or docket.case_name
        seen["judge"] = seen["judge"] or docket.assigned_to
        seen["docket_number"] = seen["docket_number"] or docket.docket_number
        seen["provisional"] = False
    return {
        **seen,
        "parties": parties(case, sees_sealed, reported),
        "filing_counts": counts,
        "filing_count": sum(counts.values()),
        "first_filed": days[0] if days else None,
        "last_filed": days[-1] if days else None,
    }
