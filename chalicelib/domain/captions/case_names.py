"""Case names: parties around a ``v.`` line, "In re X", and inline "Re: X v. Y" lines; a
consolidated caption's own block; names cut by fixed-width fields completed from the text."""
from __future__ import annotations

import re
from collections import Counter

from chalicelib.domain import courts as _courts
from chalicelib.domain.captions.dates import MONTH_DATE, NUM_DATE
from chalicelib.domain.captions.lines import clean_lines
from chalicelib.domain.captions.parties import (BOUNDARY, ROLE_LINE, ROLE_TAIL, ROLE_WORDS, V_END, V_END_OCR,
                                                V_LINE, V_MID, V_START, short_case_name, smart_title,
                                                split_party_block)

__all__ = ["find_case_name"]


# Right-hand column of a transcript / hearing caption, read into the party column when the
# columns are not separated: "vs. Sacramento, California", "TUESDAY", "9:03 A.M.",
# "No. 2:18-CR-00119", "February 25, 2020".
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_CLOCK = r"\d{1,2}:\d{2}\s*(?:[ap]\.?\s?m\.?)?"
_PLACE = rf"[A-Za-z.'\-]+(?:\s+[A-Za-z.'\-]+){{0,2}},\s*(?:{_courts.STATE_PATTERN})"
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


def _structured_caption(lines: list[str]) -> tuple[list[str], list[str], str | None, str | None] | None:
    """Parties around a ``v.`` line (or a line ending / starting with ``v.``)."""
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


_IN_RE = re.compile(r"^(?P<lead>in\s+re\b:?|in\s+the\s+matter\s+of\b|matter\s+of\b|ex\s+parte\b)\s*"
                    r"(?P<rest>.*)$",
                    re.I)
_INLINE_LABEL = re.compile(r"^(?:re|case\s+name|title|short\s+title|caption|in\s+the\s+case\s+of)"
                           r"\s*[:.]?\s+(?P<rest>.+)$", re.I)
_INLINE_V = re.compile(r"^(?P<p>.+?)\s+(?:v|vs)\.?\s+(?P<d>.+)$", re.I)
_TRAILING_DOCKET = re.compile(
    r"(?:,?\s*(?:et\.?\s*al\.?,?)?\s*(?:(?:case|docket|appeal)\s+)?(?:nos?\.?|number|#)\s*:?\s*\S+.*$)|"
    r"(?:,\s*\d{1,2}[-\s](?:cv|cr|civ|mj)[-\s.]?\d+.*$)|(?:\s+page\s+\d+\s+of\s+\d+.*$)|"
    r"(?:,?\s+\d{2}-\d{3,6}.*$)", re.I)


_LEADING_DOCKET = re.compile(r"^(?:(?:(?:case|docket|appeal)\s+)?nos?\.?\s*:?\s*[\w\-–:]+\s*,\s*|"
                             r"(?:case|docket|appeal)\s+(?:nos?\.?\s*:?\s*)?\d[\w\-–:]*\s*[,;]\s*)", re.I)
# A letter's greeting: the reference line just above it names the case ("Case 4:19-cv-06669-JST;
# Ross v. AT&T Mobility LLC et al.") where the letter has no "Re:" label.
_SALUTATION = re.compile(r"^dear\s+\S.{0,60}[:,]$", re.I)


def _inline_case(rest: str) -> tuple[list[str], list[str]] | None:
    rest = _TRAILING_DOCKET.sub("", _LEADING_DOCKET.sub("", rest)).strip(" ,.;")
    m = _INLINE_V.match(rest)
    if not m:
        return None
    p, d = split_party_block(m.group("p")), split_party_block(m.group("d"))
    return (p, d) if p and d else None


def _complete_truncated(name: str, text: str) -> str:
    """A party name cut mid-word by a fixed-width field (CM/ECF short titles keep 30 characters
    a side: "National Football League Playe"), completed where the document prints it in full
    ("... filed by National Football League Players Association in the ..."). Names shorter
    than 20 characters, or not found continued mid-word, are returned as they are."""
    name = name.strip()
    if len(name) < 20 or not name[-1:].isalpha():
        return name
    words = [re.escape(w) for w in name.split()]
    m = re.search(r"(?i:\b" + r"\s+".join(words) + r")(?P<rest>[A-Za-z]+(?:[ \t]+(?:[A-Z][\w&'.\-]*|"
                  r"of|and|for|the)){0,5})", text)
    if not m:
        return name
    return re.sub(r"(?:[ \t]+(?:of|and|for|the))+$", "", " ".join(m.group(0).split()), flags=re.I)


_NO_LINE = re.compile(r"^(?:(?:case|docket|appeal)\s+)?nos?\.?\s*:?\s*(?P<num>\d[\w:\-–]*)\s*$", re.I)


def _serial(num: str) -> str:
    """Year + serial of a docket number, for comparing two printings of it."""
    m = re.search(r"(\d{2})[-–](?:[a-z]{1,5}[-–])?0*(\d{1,6})", num, re.I)
    return f"{m.group(1)}-{m.group(2)}" if m else num


def _own_block(lines_by_page: list[list[str]], docket: str | None) -> list[str] | None:
    """A consolidated caption prints one block per case ("No. 12-2207 ... No. 12-2209 ..."):
    the lines after the block headed by this filing's own (stamped) docket number."""
    if not docket:
        return None
    lines = [ln for page in lines_by_page[:2] for ln in page]  # the blocks may run on
    heads = [(i, m.group("num")) for i, ln in enumerate(lines[:300]) if (m := _NO_LINE.match(ln))]
    if len({_serial(n) for _, n in heads}) < 2:
        return None
    for i, num in heads:
        if _serial(num) == _serial(docket):
            return lines[i + 1:]
    return None


_SMALL = frozenset(["of", "the", "and", "for", "a", "an", "ex", "rel", "de", "la", "del", "van", "von", "in", "re", "on", "behalf", "et", "al", "dba", "as", "to", "by", "through", "its", "his", "her", "their", "all", "others", "similarly", "situated"])


def _sentence_like(name: str) -> bool:
    """A body sentence caught around a ``v.`` (a cited case), not a party: several lowercase
    words that no party name or descriptor has."""
    words = re.findall(r"[^\W\d_][\w'’\-]*", name)
    return len(name) > 150 or sum(1 for w in words if w[0].islower() and w not in _SMALL) >= 3


# A short title printed alone on a line above the caption ("Gildernew v. Gantner", 2d Cir.).
_SIDE = r"[A-Z][\w.&'’\-]*(?:\s+(?:[A-Z][\w.&'’\-]*|of|the|and|&|de|la|van|von)){0,5}"
_SHORT_TITLE = re.compile(rf"^(?P<p>{_SIDE})\s+v\.\s+(?P<d>{_SIDE})$")


def _printed_short_title(lines: list[str]) -> tuple[str, str] | None:
    for line in lines[:20]:
        if V_LINE.match(line):
            return None
        m = _SHORT_TITLE.match(line)
        if m and not mostly_upper_line(line):
            return m.group("p"), m.group("d")
    return None


def mostly_upper_line(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _printed_case(name: str, text: str) -> str:
    """Each word of ``name`` in the letter case the document prints it in where that is not
    plain capitalisation ("Whatsapp" -> "WhatsApp" when the body says "WhatsApp"): a name
    read from an all-capitals caption otherwise loses its inner capitals."""
    def fix(m: re.Match) -> str:
        w = m.group(0)
        if len(w) < 3 or not (w[0].isupper() and w[1:].islower()):
            return w
        forms = Counter(re.findall(rf"(?<![\w]){re.escape(w)}(?![\w])", text, re.I))
        best = max((f for f in forms if not f.isupper() and f != w and any(c.isupper() for c in f[1:])),
                   key=lambda f: forms[f], default=None)
        return best if best and forms[best] >= max(1, forms.get(w, 0)) else w
    return re.sub(r"[^\W\d_]+", fix, name)


# The official bankruptcy forms' identification block: "Debtor 1 Larry Lewis", "Debtor 2
# Beverly A Lewis" (individuals, Form 101 family) or "Debtor name Acme LLC" (Form 201 family).
_FORM_DEBTOR = re.compile(r"^debtor(?:\s+[12]|\s+name)\s*:?\s+(?P<n>\S.*)$", re.I)
_FORM_BLANK = re.compile(r"(?i)\b(?:first|middle|last)\s+name\b|^\(|\bif\s+known\b")


def _form_debtors(lines: list[str]) -> list[str]:
    out = []
    for line in lines[:15]:
        m = _FORM_DEBTOR.match(line)
        if m and not _FORM_BLANK.search(m.group("n")) and not re.search(r"\d", m.group("n")):
            out.append(smart_title(" ".join(m.group("n").split()).strip(" ,.")))
    return out


def find_case_name(pages: list[str], docket: str | None = None
                   ) -> tuple[str | None, list[tuple[str, str | None]]]:
    """(short case name, parties with roles) from the caption, a "Re:" line or "In re", in the
    letter case the document prints the names in. ``docket`` (the stamped number) picks this
    case's block in a consolidated caption."""
    name, parties = _find_case_name(pages, docket)
    if name:
        whole = "\n".join(pages)
        name = _printed_case(name, whole)
        parties = [(_printed_case(n, whole), r) for n, r in parties]
    return name, parties


Named = tuple[str | None, list[tuple[str, str | None]]]


def _find_case_name(pages: list[str], docket: str | None) -> Named:
    """The first reading that finds a name: the caption (this case's own block first), a printed
    short title, "In re X", a bankruptcy form's debtors, a "Re:" line, a letter's reference line,
    a docket line that carries "X v. Y"."""
    lines_by_page = [clean_lines(p) for p in pages[:3]]
    return (_caption_name(lines_by_page, docket) or _in_re_name(lines_by_page)
            or _form_name(lines_by_page) or _inline_label_name(pages)
            or _letter_reference_name(lines_by_page) or _docket_line_name(lines_by_page)
            or (None, []))


def _caption_name(lines_by_page: list[list[str]], docket: str | None) -> Named | None:
    printed = _printed_short_title(lines_by_page[0]) if lines_by_page else None
    own = _own_block(lines_by_page, docket)
    for lines in ([own] if own else []) + lines_by_page[:2]:
        s = _structured_caption(lines)
        if s:
            p, d, rp, rd = s
            parties = [(smart_title(x), rp) for x in p] + [(smart_title(x), rd) for x in d]
            return (f"{printed[0]} v. {printed[1]}" if printed else short_case_name(p, d)), parties
    if printed:
        return f"{printed[0]} v. {printed[1]}", [(printed[0], None), (printed[1], None)]
    return None


_LEADS = {"in re": "In re", "in the matter of": "In the Matter of", "matter of": "Matter of",
          "ex parte": "Ex parte"}


def _in_re_rest(lines: list[str], i: int, first: str) -> str:
    """The name after "In re" on line `i`, with the lines it wraps onto in its own letter case."""
    rest = [first]
    follow = lines[i + 1:i + 5]
    # "In re:" alone on its line: the name is on the next, in its own letter case
    upper = mostly_upper_line(first if first.strip(" :") else (follow or [""])[0])
    for nxt in follow:
        nxt = re.sub(r"(?<=[A-Za-z.,])\d{1,2}$", "", nxt)  # footnote marker "Debtors.1"
        # a long name ("IN RE: X PRODUCTS / LIABILITY LITIGATION") wraps in its own case
        nxt = re.sub(r",?\s+et\.?\s+al\.?,?$", "", nxt)
        same_case = nxt.isupper() if upper else bool(re.fullmatch(
            r"(?:(?:[A-Z][\w.,'’&\-]*|of|the|and|for|in|on|de)\s*)+", nxt))
        if (BOUNDARY.search(nxt) or nxt.endswith(":") or not same_case or V_LINE.match(nxt)
                or ROLE_LINE.match(nxt)):
            break
        rest.append(nxt)
        if re.search(r"(?i)\blitigation\W*$", nxt):
            break
    return _TRAILING_DOCKET.sub("", " ".join(rest)).strip(" ,.;")


def _in_re_name(lines_by_page: list[list[str]]) -> Named | None:
    for lines in lines_by_page[:2]:
        for i, line in enumerate(lines[:40]):
            m = _IN_RE.match(line)
            if not m:
                continue
            who = _in_re_rest(lines, i, m.group("rest"))
            if re.search(r"\b(?:inc|corp|co|ltd)$", who, re.I):
                who += "."  # "Inc." keeps its period
            if not who or len(who) > 160:
                continue
            lead = _LEADS.get(" ".join(m.group("lead").rstrip(":").lower().split()), "In re")
            who = smart_title(who)
            named = re.sub(r"^The\s+(?=\S+\s+of\b)", "the ", who)  # "... of the Extradition of X"
            return f"{lead} {named}", [(who, "In re")]
    return None


def _form_name(lines_by_page: list[list[str]]) -> Named | None:
    debtors = _form_debtors(lines_by_page[0] if lines_by_page else [])
    if debtors:
        return "In re " + " and ".join(debtors), [(d, "Debtor") for d in debtors]
    return None


def _inline_label_name(pages: list[str]) -> Named | None:
    for lines in [clean_lines(p) for p in pages[:6]]:
        for i, line in enumerate(lines):
            m = _INLINE_LABEL.match(line)
            if not m:
                continue
            rest = m.group("rest")
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if (nxt and ":" not in nxt and len(nxt) < 60 and nxt[:1].isupper()
                    and re.search(r"\sv\.?\s*$|\sv\.?\s", rest)):
                rest = f"{rest} {nxt}"  # a wrapped short title
            r = _inline_case(rest)
            if r:
                whole = "\n".join(pages)
                r = ([_complete_truncated(x, whole) for x in r[0]],
                     [_complete_truncated(x, whole) for x in r[1]])
                return short_case_name(*r), [(smart_title(x), None) for x in r[0] + r[1]]
    return None


def _letter_reference_name(lines_by_page: list[list[str]]) -> Named | None:
    first = lines_by_page[0] if lines_by_page else []
    for i, line in enumerate(first[:40]):
        if _SALUTATION.match(line):
            for ref in reversed(first[max(0, i - 3):i]):
                r = _inline_case(ref) if re.search(r"\sv(?:s)?\.\s", ref) else None
                if r:
                    return short_case_name(*r), [(smart_title(x), None) for x in r[0] + r[1]]
            break
    return None


def _docket_line_name(lines_by_page: list[list[str]]) -> Named | None:
    for lines in lines_by_page[:2]:
        for line in lines[:12]:
            if re.search(r"\b(?:docket|case)\s+no", line, re.I) and re.search(r"\sv(?:s)?\.?\s", line):
                r = _inline_case(line)
                if r:
                    return short_case_name(*r), [(smart_title(x), None) for x in r[0] + r[1]]
    return None
