"""Case names: the first reading that names the case — a ``v.`` caption's two sides (``versus``),
a printed short title, "In re X", a bankruptcy form's debtors, an inline "Re: X v. Y" line, a
letter's reference line; a consolidated caption's own block; names cut by fixed-width fields
completed from the text."""
from __future__ import annotations

import re
from collections import Counter

from chalicelib.domain.captions.lines import clean_lines
from chalicelib.domain.captions.parties import (BOUNDARY, ROLE_LINE, V_LINE, short_case_name, smart_title,
                                                split_party_block)
from chalicelib.domain.captions.versus import structured_caption

__all__ = ["find_case_name"]


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
        s = structured_caption(lines)
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
