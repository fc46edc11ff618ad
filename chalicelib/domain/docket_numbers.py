"""Docket numbers: parse every printed form of a case number, and derive the archive's case key.

Pure: no I/O, no third-party imports.

Printed forms (federal CM/ECF practice, see shared/reference/domain.md)::

    4:19-cv-07123-PJH        office : yy - type - serial - judge initials
    1:13-cv-04384-PAE-HBP    two judges
    3:20-cr-00070-TKW-MAL-1  defendant number last
    1:2019-cv-07123          four-digit year
    19-cv-07123, 4:19-cv-7123, 19-cv-7123 (JPO)
    C 19-07123 PJH, C-19-07123-PJH, CV08-02448-MMC, CV 99-8333-DMG (SKx), SACR 16-76JVS
    12 Civ. 5708 (ER), 21 Mag. 4335
    20-16408, 18-09232, 17-3510   appellate / bankruptcy / bare
    9:19-bk-11573-MB         bankruptcy
    en dash and em dash are accepted wherever a hyphen is.

The case key (``case_id``)
--------------------------
Downstream apps compute the same key, so the scheme is fixed here::

    case_id = "<court>-<yy>-<type>-<serial:05d>"     e.g. cand-19-cv-07123
            = "<court>-<yy>-<serial:05d>"            e.g. ca9-20-16408 (no case type printed)

* ``court`` is the CourtListener court id, lowercase; ``unk`` when the court is unknown.
* No office prefix (``4:``), no judge initials, no defendant suffix; the serial is zero-padded to
  five digits (``4:19-cv-7123-PJH`` and ``19-cv-07123`` give the same key).
* Case type is lowercase; the old N.D. Cal. prefix ``C``/``CV``/``Civ.`` maps to ``cv``, ``CR``/
  ``Cr.``/``SACR``-style prefixes to ``cr``, ``Mag.`` to ``mj``.
* In bankruptcy courts (court id listed as bankruptcy in ``court_ids.json``, e.g. ``canb``,
  ``nysb``) the type ``bk`` is dropped, so ``18-09232`` and ``1:18-bk-09232`` agree there.
* Numbers that are not federal-style (state courts ``363A14-4``, tax court ``19031-13``,
  ``2018-06-1735``) get a deterministic slug of the printed form: lowercase, every run of
  characters other than ``a-z0-9`` becomes ``-``, a leading ``No.`` is removed
  (``nc-363a14-4``).

The CourtListener "docket number core" is ``DocketNumber.core`` (``19-07123``, yy + serial).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.domain import courts

__all__ = ["DocketNumber", "parse_docket_number", "find_docket_numbers", "case_id",
           "match_reason", "slug"]

_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_D = f"[{_DASH}]"

# Type prefixes printed before the year: "C 04-0098 SI" (N.D. Cal. before CM/ECF), "CV 99-8333",
# "SACR 16-76JVS" (C.D. Cal. division letters SA/LA/ED + CR/CV), "12 Civ. 5708" (S.D.N.Y.).
_PREFIX_TYPES = {"c": "cv", "cv": "cv", "civ": "cv", "civil": "cv", "cr": "cr", "crim": "cr",
                 "mag": "mj", "mj": "mj", "m": "mj"}
# Printed district types normalised to the CM/ECF spelling.
_TYPE_ALIASES = {"c": "cv", "civ": "cv", "crim": "cr", "mag": "mj"}

# CM/ECF district / bankruptcy form: [office:]yy[yy]-type-serial[-JUDGE...][-defendant].
# Judge initials: 1-4 letters, may be written "-PJH", " PJH", " (KESx)". Source: CM/ECF case
# number format (PACER "case number" help) and the corpus stamps.
_ECF_RE = re.compile(
    rf"""(?<![\w:])
    (?:(?P<office>\d{{1,2}})\s?:\s?)?
    (?P<year>(?:19|20)\d{{2}}|\d{{2}})\s?{_D}\s?
    (?P<type>[A-Za-z]{{1,5}})\s?{_D}\s?
    (?P<serial>\d{{1,6}})(?!\d)
    (?P<tail>(?:\s?{_D}\s?(?:[A-Z]{{1,4}}|\d{{1,3}})(?!\w)|[ \t]\(?[A-Z]{{2,4}}x?\)(?!\w)
               |[ \t][A-Z]{{2,4}}(?![\w(]))*)
    """, re.X)

# Prefix form: "C 19-07123 PJH", "C-19-07123-PJH", "CV08-02448-MMC", "CV 99-8333-DMG (SKx)",
# "SACR 16-76JVS", "EDCV 17-1234". Division letters before CV/CR are dropped.
_PREFIX_RE = re.compile(
    rf"""(?<![\w])
    (?P<prefix>(?:[A-Z]{{2}})?(?:CV|CR)|C)\s?{_D}?\s?
    (?P<year>\d{{2}})\s?{_D}\s?
    (?P<serial>\d{{1,6}})(?!\d)
    (?P<tail>(?:\s?{_D}?\s?\(?[A-Z]{{1,4}}x?\)?(?![\w]))*)
    """, re.X)

# S.D.N.Y. form: "12 Civ. 5708 (ER)", "19 Cr. 725", "21 Mag. 4335".
_SDNY_RE = re.compile(
    r"""(?<![\w])(?P<year>\d{2})\s(?P<prefix>Civ|Cr|Crim|Mag|M)\.?\s(?P<serial>\d{1,6})(?!\d)
    (?P<tail>(?:\s?\([A-Z]{1,4}\))*)""", re.X)

# Bare appellate / bankruptcy form: "20-16408", "No. 11–889", "18-09232". Must stand alone:
# "2018-06-1735", "363A14-4" and "19031-13" are not this form.
_BARE_RE = re.compile(rf"(?<![\w{_DASH}.:/])(?P<year>\d{{2}}){_D}(?P<serial>\d{{1,6}})(?![\w{_DASH}/])")

_INITIALS_RE = re.compile(r"[A-Z]{1,4}")


@dataclass(frozen=True)
class DocketNumber:
    """One printed docket number, decomposed. ``year`` is two digits; ``case_type`` lowercase."""

    printed: str
    office: str | None
    year: str
    case_type: str | None
    serial: int
    judges: tuple[str, ...] = ()
    defendant: int | None = None

    @property
    def core(self) -> str:
        """CourtListener-style core: ``19-07123`` (year + five-digit serial)."""
        return f"{self.year}-{self.serial:05d}"

    @property
    def canonical(self) -> str:
        """``19-cv-07123``; ``20-16408`` when no type is printed."""
        if self.case_type:
            return f"{self.year}-{self.case_type}-{self.serial:05d}"
        return self.core

    def __str__(self) -> str:
        return self.printed


def _year2(year: str) -> str:
    return year[-2:]


def _split_tail(tail: str) -> tuple[tuple[str, ...], int | None]:
    judges: list[str] = []
    defendant = None
    for tok in re.findall(r"[A-Za-z]+|\d+", tail or ""):
        if tok.isdigit():
            defendant = int(tok)
        else:
            tok = tok.upper()
            if tok.endswith("X") and len(tok) > 1:  # C.D. Cal. magistrate "(KESx)"
                tok = tok[:-1]
            judges.append(tok)
    return tuple(judges), defendant


def _from_ecf(m: re.Match) -> DocketNumber:
    judges, defendant = _split_tail(m.group("tail"))
    ctype = m.group("type").lower()
    return DocketNumber(printed=m.group(0).strip(), office=m.group("office"),
                        year=_year2(m.group("year")), case_type=_TYPE_ALIASES.get(ctype, ctype),
                        serial=int(m.group("serial")), judges=judges, defendant=defendant)


def _from_prefix(m: re.Match) -> DocketNumber:
    prefix = m.group("prefix").lower()
    ctype = _PREFIX_TYPES.get(prefix) or _PREFIX_TYPES.get(prefix[-2:], prefix)
    judges, _ = _split_tail(m.group("tail"))
    return DocketNumber(printed=m.group(0).strip(), office=None, year=m.group("year"),
                        case_type=ctype, serial=int(m.group("serial")), judges=judges)


def _from_bare(m: re.Match) -> DocketNumber:
    return DocketNumber(printed=m.group(0).strip(), office=None, year=m.group("year"),
                        case_type=None, serial=int(m.group("serial")))


_FORMS = ((_ECF_RE, _from_ecf), (_PREFIX_RE, _from_prefix), (_SDNY_RE, _from_prefix),
          (_BARE_RE, _from_bare))


def find_docket_numbers(text: str) -> list[DocketNumber]:
    """Every federal-style docket number in ``text``, in order of appearance, without overlaps."""
    found: list[tuple[int, int, DocketNumber]] = []
    for regex, build in _FORMS:
        for m in regex.finditer(text or ""):
            s, e = m.span()
            if any(s < fe and fs < e for fs, fe, _ in found):
                continue
            found.append((s, e, build(m)))
    return [d for _, _, d in sorted(found, key=lambda x: x[0])]


def parse_docket_number(text: str) -> DocketNumber | None:
    """The first federal-style docket number in ``text``; None when there is none."""
    if not text:
        return None
    found = find_docket_numbers(text)
    return found[0] if found else None


def slug(text: str) -> str:
    """Deterministic URL-safe slug of a printed number: ``No. 363A14-4`` -> ``363a14-4``."""
    s = re.sub(r"^\s*(?:docket\s+|case\s+)?nos?\.?\s*:?\s*", "", text or "", flags=re.I)
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def _is_bankruptcy_court(court_id: str | None) -> bool:
    if not court_id:
        return False
    return courts.is_bankruptcy_court(court_id)


def case_id(court_id: str | None, docket: DocketNumber | str) -> str:
    """The archive's case key (scheme in the module docstring): ``cand-19-cv-07123``."""
    court = re.sub(r"[^a-z0-9]+", "", (court_id or "").lower()) or "unk"
    parsed = parse_docket_number(docket) if isinstance(docket, str) else docket
    if parsed is None:
        return f"{court}-{slug(str(docket))}"
    ctype = parsed.case_type
    if ctype == "bk" and _is_bankruptcy_court(court):
        ctype = None
    if ctype:
        return f"{court}-{parsed.year}-{ctype}-{parsed.serial:05d}"
    return f"{court}-{parsed.core}"


def match_reason(query: DocketNumber, candidate: DocketNumber) -> str | None:
    """Why two printed numbers name the same case, or None when they conflict."""
    if query.year != candidate.year or query.serial != candidate.serial:
        return None
    qt, ct = query.case_type, candidate.case_type
    if qt and ct and qt != ct:
        return None
    parts = []
    if qt and ct:
        parts.append("same year, type and serial")
    elif qt or ct:
        parts.append(f"same year and serial; type '{qt or ct}' printed on one side only")
    else:
        parts.append("same year and serial")
    ignored = []
    if query.office != candidate.office:
        ignored.append("office")
    if query.judges != candidate.judges:
        ignored.append("judge initials")
    if query.defendant != candidate.defendant:
        ignored.append("defendant number")
    if ignored:
        parts.append(" and ".join(ignored) + " ignored")
    return "; ".join(parts)
