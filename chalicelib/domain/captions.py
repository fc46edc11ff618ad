"""Captions: what a filing's first pages say about the case — court, parties, case name, title,
judge, and printed dates.

Pure apart from court-name lookups (``chalicelib.domain.courts``, courts-db loaded lazily).

Layout facts this module relies on (shared/reference/domain.md and the corpus):

* Party filings open with a counsel block (names, bar numbers, addresses) *before* the court name.
* Two-column captions extract in unpredictable order; the right column is often separated by
  ``)`` characters. Left and right parts of such lines are split; right parts are read last.
* The short case name follows CourtListener's convention: the first party on each side,
  individuals by surname, organisations by full name, no "et al."; "In re X" and
  "United States v. Y" kept; "Commissioner of Internal Revenue" -> "Commissioner".
* Docket initials (``-PJH``) are never taken as the judge: only printed names are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from chalicelib.domain import courts as _courts
from chalicelib.domain.stamps import court_for_system

__all__ = ["Caption", "read_caption", "clean_lines", "split_party_block", "short_party_name",
           "short_case_name", "find_judge", "find_printed_dates", "parse_month_date",
           "find_court", "find_title", "find_case_name", "find_labelled_docket",
           "is_exhibit_cover"]

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# "January 11, 2021", "Oct 02, 2019", "11 February 2022", "February 5,2010"
_MONTH_DATE = rf"(?:{_MONTH}\s*\d{{1,2}},?\s*\d{{4}}|\d{{1,2}}\s+{_MONTH}\s*,?\s*\d{{4}})"
_MONTH_DATE_RE = re.compile(_MONTH_DATE, re.I)
_NUM_DATE = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"


@dataclass(frozen=True)
class Caption:
    court_id: str | None = None
    court_name: str | None = None
    court_source: str | None = None
    parties: tuple[tuple[str, str | None], ...] = ()
    case_name: str | None = None
    title: str | None = None
    judge: str | None = None
    judge_source: str | None = None
    docket_number: str | None = None          # labelled number printed in the caption
    date_filed: date | None = None
    date_source: str | None = None
    document_date: date | None = None
    self_citation: str | None = None
    exhibit_cover: bool = False
    notes: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------- lines
_LINE_NUMBER = re.compile(r"^\s*\d{1,2}\s*$")
_NUMBERED_LINE = re.compile(r"^\s*\d{1,2}\s+(?=\S)")
_RULE_LINE = re.compile(r"^[\s_\-=*/)(|.]*$")
# ")" used as a column separator: "DEREK J. HARVEY ) Case No. ..." (not "(KESx)")
_COLUMN_SPLIT = re.compile(r"\s\)(?=\s|$)|^\)(?=\s|$)")


def clean_lines(text: str) -> list[str]:
    """Page text as caption lines: line numbers, rules and column ``)`` markers removed; the
    right-hand parts of two-column lines moved after the left column."""
    left: list[str] = []
    right: list[str] = []
    raws = (text or "").replace("\r", "\n").split("\n")
    # transcripts and pleading paper print a line number before each line: "7 WHATSAPP INC., )"
    numbered = sum(1 for r in raws if _NUMBERED_LINE.match(r)) >= 10
    for raw in raws:
        line = _NUMBERED_LINE.sub("", raw, count=1).strip() if numbered else raw.strip()
        if not line or _LINE_NUMBER.match(line) or _RULE_LINE.match(line):
            continue
        parts = _COLUMN_SPLIT.split(line)
        if len(parts) > 1:
            head = parts[0].strip()
            tail = " ".join(p.strip() for p in parts[1:] if p.strip())
            if head and not _RULE_LINE.match(head):
                left.append(head)
            if tail and not _RULE_LINE.match(tail):
                right.append(tail)
            continue
        left.append(" ".join(line.split()))
    return left + right


# --------------------------------------------------------------------------- court
def find_court(pages: list[str], stamp_system: str | None = None,
               exhibit_cover: bool = False) -> tuple[str | None, str | None, str | None]:
    """(court_id, printed name, source). The stamp format decides for appellate systems; a
    caption court must fit the stamp (a district stamp never yields an appellate court)."""
    cid = court_for_system(stamp_system)
    if cid:
        return cid, None, "stamp"
    if exhibit_cover:
        return None, None, None  # the pages after an exhibit cover belong to another filing
    allowed = {"district": {"district", "other"}, "bankruptcy": {"bankruptcy", "district"},
               "appellate": {"appellate"}}.get(stamp_system or "")
    for text in pages[:2]:
        for m in _courts.courts_in_text(text[:6000]):
            if allowed and m.level not in allowed:
                continue
            court_id = m.court_id
            if stamp_system == "bankruptcy" and m.level == "district":
                guess = court_id[:-1] + "b"
                if not _courts.is_bankruptcy_court(guess):
                    continue
                court_id = guess
            return court_id, " ".join(m.printed.split()), "caption"
    return None, None, None


# --------------------------------------------------------------------------- parties
_V_LINE = re.compile(r"^(?:v|vs|versus)\.?$|^-*\s*against\s*-*$", re.I)
_V_END = re.compile(r"^(?P<left>.+?)\s+(?:v|vs)\.$", re.I)
_V_START = re.compile(r"^(?:v|vs)\.\s+(?P<right>\S.+)$", re.I)
_ROLE_WORDS = (r"(?:third[- ]party\s+|counter[- ]?|cross[- ])?(?:plaintiffs?|defendants?|"
               r"petitioners?|respondents?|appellants?|appellees?|employees?|employers?|"
               r"carriers?|debtors?|creditors?|intervenors?|movants?|claimants?|relators?|"
               r"garnishees?|objectors?|real\s+parties\s+in\s+interest)")
_ROLE_LINE = re.compile(rf"^(?:{_ROLE_WORDS}[\s,.;\-]*(?:and\s+)?)+$", re.I)
_ROLE_TAIL = re.compile(rf"[,\s]+(?:{_ROLE_WORDS}[\s,.;\-]*(?:and\s+)?)+$", re.I)
_BOUNDARY = re.compile(
    r"\b(?:court|district\s+of|division|circuit|claims|bureau|attorneys?\s+for|counsel\s+for|"
    r"telephone|facsimile|e-?mail|bar\s+no|sbn|precedential|on\s+appeal|docket\s+#|filed|"
    r"decided|argued|submitted|honorable)\b|^\d{4}-[A-Z]{2,8}-\d+$|"
    r"^(?:case\s+)?nos?\.|^case\s+(?:no|number)|@|^\(?\d{3}\)?\s?\d{3}-\d{4}", re.I)
_SUFFIX = (r"(?:Inc|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|Co|Company|LLP|L\.L\.P|L\.P|LP|"
           r"N\.A|P\.C|PLC|P\.A|GmbH|S\.A|AG|N\.V|B\.V)\.?")
_SUFFIX_RE = re.compile(rf"\b{_SUFFIX}(?=$|[\s,;)])", re.I)
_DESCRIPTOR = re.compile(
    r",?\s+(?:a|an)\s+(?:[A-Z][a-z]+\s+)?(?:corporation|limited\s+liability\s+company|"
    r"company|individual|partnership|municipal\s+corporation|minor)\b.*$|"
    r",?\s+(?:individually|in\s+(?:his|her|its|their)\s+official\s+capacit).*$|"
    r",?\s+(?:dba|d/b/a|f/k/a|fka|a/k/a|aka)\s.*$|,?\s+et\.?\s+al\.?.*$|\s+as\s+described\s.*$",
    re.I)
_ORG_WORDS = re.compile(
    r"\b(?:association|council|district|department|dept|city|county|state|states|commonwealth|"
    r"people|republic|government|bank|trust|union|university|college|school|board|commission|"
    r"commissioner|committee|authority|agency|bureau|office|services?|systems?|group|holdings|"
    r"partners|partnership|fund|foundation|church|hospital|center|centre|network|housing|"
    r"insurance|assurance|technologies|technology|america|american|national|international|"
    r"federal|secretary|director|attorney|estate|properties|capital|media|news|energy|motors|"
    r"airlines|pharmaceuticals?|laboratories|labs|enterprises|industries|entertainment|"
    r"society|institute|coalition|club|trustees?|llc|inc|corp|company|logistics|chevron|"
    r"communications|the|of|and|for|usa|doe|does)\b", re.I)
_PERSON_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z'’\-]+|[A-Z]\.?|[A-Z][a-z]*\.)$")
_NAME_SUFFIX = re.compile(r",?\s+(?:Jr|Sr|II|III|IV)\.?$", re.I)
_KEEP_UPPER = {"LLC", "LLP", "LP", "USA", "NSO", "II", "III", "IV", "NA", "PLC", "FBI", "IRS",
               "CNN", "NFL", "DVA", "ULC", "PC", "PA", "AG", "SA", "NV", "BV", "DOES"}


def _smart_title(s: str) -> str:
    """Title-case an all-capitals name; leave mixed-case text alone."""
    letters = [c for c in s if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return s
    out = []
    for i, w in enumerate(s.split()):
        core = re.sub(r"[^A-Za-z]", "", w)
        if core.upper() in _KEEP_UPPER or (core and not re.search(r"[AEIOUY]", core.upper())
                                           and len(core) <= 4):
            out.append(w)
        elif i and core.lower() in ("of", "the", "and", "for", "in", "a", "an", "as", "ex", "rel"):
            out.append(w.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def _is_person(name: str) -> bool:
    n = _NAME_SUFFIX.sub("", name.strip().rstrip(",."))
    toks = n.split()
    if not 2 <= len(toks) <= 4 or _ORG_WORDS.search(n) or _SUFFIX_RE.search(n):
        return False
    return all(_PERSON_TOKEN.match(t) for t in toks)


def _first_entity(s: str) -> str:
    """The first party of a side's text: up to its corporate suffix, or the first comma."""
    s = s.strip(" ,;.")
    m = re.search(r"\bex\s+rel\.?\s+", s, re.I)
    if m:  # "STATE OF NORTH CAROLINA, ex rel. ROY COOPER, GOVERNOR" -> keep "ex rel. Cooper"
        who = s[m.end():].split(",")[0].strip()
        base = _smart_title(s[:m.start()].strip(" ,"))
        who = short_party_name(who)
        return f"{base} ex rel. {who}"
    for sm in _SUFFIX_RE.finditer(s):
        end = sm.end()
        while True:  # "DAMMANN & CO., INC." - absorb a following suffix
            nxt = re.match(rf",?\s*{_SUFFIX}(?=$|[\s,;)])", s[end:], re.I)
            if not nxt:
                break
            end += nxt.end()
        rest = s[end:]
        if not rest or re.match(r"\s*(?:,|;|\band\b|\()", rest, re.I):
            return s[:end].strip(" ,")
    head = s.split(",")[0].strip()
    if _is_person(head) or not re.search(r"\band\b", head, re.I):
        return head
    left = re.split(r"\s+and\s+", head, maxsplit=1, flags=re.I)[0]
    return left if _is_person(left) or _SUFFIX_RE.search(left) else head


def split_party_block(block: str) -> list[str]:
    """A side's text -> its party names (first one first), descriptors removed."""
    block = re.sub(r"(?<=[A-Za-z.,])\d{1,2}(?=[,\s]|$)", "", block)  # footnote markers "BORDELON,1"
    block = _ROLE_TAIL.sub("", " ".join(block.split()))
    parties = []
    for chunk in re.split(r";\s*(?:and\s+)?", block):
        chunk = _DESCRIPTOR.sub("", chunk).strip(" ,.")
        if not chunk or re.match(r"(?i)^(?:and\s+)?does?\s+\d", chunk):
            continue
        chunk = re.sub(r"^(?i:and)\s+", "", chunk)
        parties.append(_first_entity(chunk))
    return [p for p in parties if p]


def short_party_name(name: str) -> str:
    """CourtListener-style short form: individuals by surname, organisations in full."""
    n = " ".join(name.split()).strip(" ,.;")
    n = re.sub(r"^the\s+(?=\w)", "", n, flags=re.I) if _SUFFIX_RE.search(n) else n
    if re.fullmatch(r"(?i)(?:the\s+)?united\s+states(?:\s+of\s+america)?|u\.?s\.?a\.?", n):
        return "United States"
    if re.fullmatch(r"(?i)commissioner\s+of\s+internal\s+revenue", n):
        return "Commissioner"
    if _is_person(n):
        core = _NAME_SUFFIX.sub("", n)
        return _smart_title(core.split()[-1])
    if re.search(r"\b(?:inc|corp|co|ltd)$", n, re.I):
        n += "."
    return _smart_title(n)


def short_case_name(plaintiffs: list[str], defendants: list[str]) -> str | None:
    if not plaintiffs or not defendants:
        return None
    return f"{short_party_name(plaintiffs[0])} v. {short_party_name(defendants[0])}"


def _role_of(lines: list[str]) -> str | None:
    for line in lines:
        if _ROLE_LINE.match(line):
            return line.strip(" ,.;")
    return None


# Right-hand column of a transcript / hearing caption, read into the party column when the
# columns are not separated: "vs. Sacramento, California", "TUESDAY", "9:03 A.M.",
# "No. 2:18-CR-00119", "February 25, 2020".
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_CLOCK = r"\d{1,2}:\d{2}\s*(?:[ap]\.?\s?m\.?)?"
_PLACE = rf"[A-Za-z.'\-]+(?:\s+[A-Za-z.'\-]+){{0,2}},\s*(?:{_courts.STATE_PATTERN})"
_RIGHT_ITEM = re.compile(
    rf"^(?:{_WEEKDAY},?(?:\s+{_MONTH_DATE})?|{_MONTH_DATE}|{_NUM_DATE}|{_CLOCK}|"
    rf"(?:(?:case|docket|criminal|civil)\s+)?(?:nos?\.?|number|#)\s*:?\s*[\w:.\-]*\d[\w:.\-]*|"
    rf"{_PLACE})\.?$", re.I)
_TRAILING_CLOCK = re.compile(rf"\s+(?:{_WEEKDAY},?\s+)?(?:{_MONTH_DATE},?\s*)?{_CLOCK}$", re.I)


def _right_item(line: str) -> bool:
    """A right-column item (place, day, date, time, case number), never a party: a place
    naming a city / county / state organisation ("CITY OF ..., California") is a party."""
    return bool(_RIGHT_ITEM.match(line)) and not re.search(
        r"\b(?:city|county|state|of|inc|llc|corp)\b", line.split(",")[0], re.I)


def _structured_caption(lines: list[str]) -> tuple[list[str], list[str], str | None, str | None] | None:
    """Parties around a ``v.`` line (or a line ending / starting with ``v.``)."""
    for i, line in enumerate(lines[:120]):
        left_extra = right_extra = None
        if _V_LINE.match(line):
            pass
        elif (m := _V_END.match(line)) and not _BOUNDARY.search(line) and len(line) < 90:
            left_extra = m.group("left")
        elif (m := _V_START.match(line)) and len(line) < 90:
            right_extra = m.group("right")
            if _right_item(right_extra):  # "vs. Sacramento, California": the other column
                right_extra = None
        else:
            continue
        up: list[str] = [left_extra] if left_extra else []
        j = i - 1
        role_p = None
        while j >= 0 and len(up) < 30:
            cand = lines[j]
            if _ROLE_LINE.match(cand):
                if up:
                    break
                role_p = role_p or cand.strip(" ,.;")
                j -= 1
                continue
            if _BOUNDARY.search(cand) or _V_LINE.match(cand) or cand.endswith(":"):
                break
            up.insert(0, cand) if not left_extra else up.insert(0, cand)
            j -= 1
        if left_extra:  # "ROCK BORDELON AND TORIE BORDELON,1 Petitioners v."
            up = [u for u in up if u is not left_extra] + [left_extra]
            if len(up) > 1:
                up = up[-1:]
        down: list[str] = [right_extra] if right_extra else []
        role_d = None
        k = i + 1
        while k < len(lines) and len(down) < 14:
            cand = _TRAILING_CLOCK.sub("", lines[k])  # "FIRDOS SHEIKH 9:03 A.M."
            if not down and _right_item(cand):
                k += 1
                continue
            if _ROLE_LINE.match(cand):
                role_d = cand.strip(" ,.;")
                break
            if _BOUNDARY.search(cand) or _V_LINE.match(cand) or cand.endswith(":"):
                break
            if re.match(r"^(?:[a-z]|On\s|This\s|Before\s)", cand) and down:
                break
            down.append(cand)
            if re.search(rf"[,\s]{_ROLE_WORDS}[.,]?$", cand, re.I):
                break
            k += 1
        p = split_party_block(" ".join(up))
        d = split_party_block(" ".join(down))
        if p and d:
            return p, d, role_p or _role_of_tail(" ".join(up)), role_d or _role_of_tail(" ".join(down))
    return None


def _role_of_tail(block: str) -> str | None:
    m = _ROLE_TAIL.search(block)
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


_LEADING_DOCKET = re.compile(r"^(?:(?:case|docket|appeal)\s+)?nos?\.?\s*:?\s*[\w\-–:]+\s*,\s*", re.I)


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


def find_case_name(pages: list[str], docket: str | None = None
                   ) -> tuple[str | None, list[tuple[str, str | None]]]:
    """(short case name, parties with roles) from the caption, a "Re:" line or "In re".
    ``docket`` (the stamped number) picks this case's block in a consolidated caption."""
    lines_by_page = [clean_lines(p) for p in pages[:3]]
    own = _own_block(lines_by_page, docket)
    for lines in ([own] if own else []) + lines_by_page[:2]:
        s = _structured_caption(lines)
        if s:
            p, d, rp, rd = s
            parties = [(_smart_title(x), rp) for x in p] + [(_smart_title(x), rd) for x in d]
            return short_case_name(p, d), parties
    for lines in lines_by_page[:2]:
        for i, line in enumerate(lines[:40]):
            m = _IN_RE.match(line)
            if not m:
                continue
            rest = [m.group("rest")]
            for nxt in lines[i + 1:i + 4]:
                if _BOUNDARY.search(nxt) or nxt.endswith(":") or not nxt.isupper():
                    break
                rest.append(nxt)
            who = _TRAILING_DOCKET.sub("", " ".join(rest)).strip(" ,.;")
            if not who or len(who) > 160:
                continue
            lead = m.group("lead").rstrip(":")
            lead = "In re" if lead.lower().startswith("in re") else _smart_title(lead.upper()).capitalize()
            return f"{lead} {_smart_title(who)}", [(_smart_title(who), "In re")]
    for lines in [clean_lines(p) for p in pages[:6]]:
        for i, line in enumerate(lines):
            m = _INLINE_LABEL.match(line)
            if m:
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
                    return short_case_name(*r), [(_smart_title(x), None) for x in r[0] + r[1]]
    for lines in lines_by_page[:2]:
        for line in lines[:12]:
            if re.search(r"\b(?:docket|case)\s+no", line, re.I) and re.search(r"\sv(?:s)?\.?\s", line):
                r = _inline_case(line)
                if r:
                    return short_case_name(*r), [(_smart_title(x), None) for x in r[0] + r[1]]
    return None, []


# --------------------------------------------------------------------------- title
_TITLE_WORDS = re.compile(
    r"\b(?:order|motion|complaint|opinion|judgment|notice|stipulation|declaration|affidavit|"
    r"brief|memorandum|exhibit|transcript|answer|application|petition|reply|opposition|"
    r"response|minutes|appearance|report|recommendation|subpoena|warrant|verdict|note|"
    r"syllabus|request|objection|list\s+of\s+decisions|findings)\b", re.I)
_NOT_TITLE = re.compile(
    r"\b(?:court|district\s+of|division|circuit|jury\s+trial|trial\s+by\s+jury|demanded|"
    r"hearing\s+date|date:|time:|ctrm|courtroom|judge:|action\s+filed|attorneys?\s+for|"
    r"counsel\s+for|is\s+required|charged\s+with|proceedings:?\s*$)\b|@|^case\s+no|"
    r"^(?:date|time|place)\b", re.I)


def _mostly_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def find_title(pages: list[str], skip: set[str] | None = None) -> str | None:
    """The document's title as printed (capitals, may wrap over lines)."""
    skip = {s.lower() for s in (skip or set())}
    for text in pages[:3]:
        lines = clean_lines(text)
        for i, line in enumerate(lines):
            short_top = i < 4 and len(line.split()) <= 6 and line[:1].isupper()
            if not (_mostly_upper(line) or short_top):
                continue
            if _NOT_TITLE.search(line) and not re.match(
                    r"(?i)(?:order|opinion|judgment)\s+of\s+(?:the\s+)?court\b|"
                    r"(?:(?:reporter'?s'?|official|certified)\s+)?transcript\s+of\b", line):
                continue
            if line.lower() in skip or not _TITLE_WORDS.search(line):
                continue
            if _V_LINE.match(line) or _ROLE_LINE.match(line):
                continue
            parts = [re.sub(r"^Proceedings:\s*", "", line)]
            for nxt in lines[i + 1:i + 5]:
                if not _mostly_upper(nxt) or _NOT_TITLE.search(nxt) or re.search(r"\d{2}-", nxt):
                    break
                parts.append(nxt)
            return " ".join(" ".join(parts).split())
    return None


# --------------------------------------------------------------------------- judge
_NAME = r"[A-Z][A-Za-z.'’\-]*(?:[ \t]+[A-Z][A-Za-z.'’\-]*){1,4}"
_JUDGE_LABEL = re.compile(rf"^\s*(?:assigned\s+)?judge:\s*(?:the\s+)?(?:hon(?:orable|\.)?\s+)?(?P<n>{_NAME})",
                          re.I | re.M)
# "Present: The Honorable DOLLY M. GEE, UNITED STATES DISTRICT JUDGE", "BEFORE THE HONORABLE
# WILLIAM B. SHUBB" (a transcript's caption), "Before the Honorable X, Judge"
_PRESENT = re.compile(rf"(?:present:|before:?)\s*the\s+honorable\s+(?P<n>{_NAME}?)"
                      r"(?=\s*,|[ \t]*$|\s+(?:senior|chief|united|u\.\s?s\.|district|magistrate|"
                      r"bankruptcy|circuit|judge)\b)", re.I | re.M)
# "/s/ Susan Illston, United States District Judge" / "Edgardo Ramos, U.S.D.J." on one line
_NAME_THEN_TITLE = re.compile(
    rf"^[ \t]*(?:/s/[ \t]*)?(?:hon(?:orable|\.)[ \t]+)?(?P<n>{_NAME}?),?[ \t]+(?:chief[ \t]+|senior[ \t]+)?"
    r"(?:(?:united[ \t]+states|u\.[ \t]?s\.)[ \t]+(?:chief[ \t]+|senior[ \t]+)?(?:district|magistrate|"
    r"bankruptcy)[ \t]+(?:court[ \t]+)?judge\b|U\.[ \t]?S\.[ \t]?[DMB]\.[ \t]?J\.)", re.I | re.M)
# "HON. EDGARDO RAMOS" / "The Honorable Maxine M. Chesney" alone on a caption line
_HON_LINE = re.compile(rf"^[ \t]*\)?[ \t]*(?:the[ \t]+)?hon(?:orable|\.)[ \t]+(?P<n>{_NAME})[ \t]*$",
                       re.I | re.M)
_TITLE_THEN_NAME = re.compile(
    rf"(?:U\.\s?S\.|United\s+States)\s+(?:District|Magistrate|Bankruptcy)\s+Judge\s+(?P<n>{_NAME})\s*$",
    re.M)
_JUDGE_TITLE_LINE = re.compile(
    r"^(?:(?:chief\s+)?(?:united\s+states|u\.\s?s\.)\s+)?(?:chief\s+|senior\s+)?"
    r"(?:district|magistrate|bankruptcy|circuit)\s+(?:court\s+)?judge$|^(?:administrative\s+law\s+)?judge$",
    re.I)
_OPINION_AUTHOR = re.compile(
    r"^\s*(?P<n>[A-Z][A-Z'’\-]{2,}),\s+(?P<t>(?:Chief\s+|Senior\s+|Associate\s+)?(?:Circuit\s+|"
    r"District\s+|Special\s+Trial\s+)?(?:Judge|Justice)(?=\s*[.:])|(?:U\.\s?S\.\s?)?[DM]\.\s?J\.(?=\s*:?\s*$))",
    re.M)
_JUDGE_PREFIX_NAME = re.compile(rf"^\s*\)?\s*(?:Hon(?:orable|\.)?\s+)?Judge\s+(?P<n>{_NAME})\s*$", re.M)


def _clean_judge(name: str) -> str | None:
    n = re.sub(r"^(?:/s/|s/)\s*", "", name.strip())
    n = re.sub(r"^(?:the\s+)?(?:hon(?:orable|\.)?)\s+", "", n, flags=re.I)
    n = re.split(r",|\s{2,}|\s+(?:united|u\.\s?s\.|district|magistrate|chief)\b", n, flags=re.I)[0]
    n = n.strip(" .,")
    if not n or len(n) < 4 or re.search(r"\d|@|court|clerk|date", n, re.I):
        return None
    return _smart_title(n)


def find_judge(pages: list[str]) -> tuple[str | None, str | None]:
    """(judge name, source) where the document prints it."""
    head = "\n".join(pages[:2])
    for rx, src in ((_JUDGE_LABEL, "caption"), (_PRESENT, "caption")):
        m = rx.search(head)
        if m and (n := _clean_judge(m.group("n"))):
            return n, src
    order = list(range(len(pages) - 1, max(-1, len(pages) - 4), -1)) + list(range(min(3, len(pages))))
    seen = set()
    for idx in order:
        if idx in seen:
            continue
        seen.add(idx)
        m = _TITLE_THEN_NAME.search(pages[idx])
        if m and (n := _clean_judge(m.group("n"))):
            return n, "signature"
        m = _NAME_THEN_TITLE.search(pages[idx])
        if m and (n := _clean_judge(m.group("n"))) and len(n.split()) >= 2:
            return n, "signature"
        lines = [ln.strip() for ln in pages[idx].replace("\r", "\n").split("\n") if ln.strip()]
        for i, line in enumerate(lines):
            if _JUDGE_TITLE_LINE.match(line.strip(" ,.")) and i:
                for back in (1, 2):
                    if i - back < 0:
                        break
                    prev = lines[i - back]
                    if re.search(r"\d{4}|_{3,}|dated", prev, re.I):
                        continue
                    n = _clean_judge(prev)
                    if n and len(n.split()) >= 2:
                        return n, "signature"
                    break
    for idx in range(min(4, len(pages))):
        m = _OPINION_AUTHOR.search(pages[idx])
        if m:  # as printed: "FISHER, Circuit Judge" -> "Fisher, Circuit Judge"
            return f"{_smart_title(m.group('n'))}, {m.group('t')}", "opinion"
    m = _JUDGE_PREFIX_NAME.search(head)
    if m and (n := _clean_judge(m.group("n"))):
        return n, "caption"
    m = _HON_LINE.search(head)
    if m and (n := _clean_judge(m.group("n"))) and len(n.split()) >= 2:
        return n, "caption"
    return None, None


# --------------------------------------------------------------------------- dates
def parse_month_date(s: str) -> date | None:
    s = s.replace(",", " ").replace(".", " ")
    m = re.match(r"\s*([A-Za-z]+)\s+(\d{1,2})\s+(\d{4})", s) or None
    if m:
        mon, d, y = m.group(1), m.group(2), m.group(3)
    else:
        m = re.match(r"\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", s)
        if not m:
            return None
        d, mon, y = m.group(1), m.group(2), m.group(3)
    mo = _MONTHS.get(mon[:3].lower())
    try:
        return date(int(y), mo, int(d)) if mo else None
    except ValueError:
        return None


def _parse_any(s: str) -> date | None:
    from chalicelib.domain.stamps import parse_stamp_date

    return parse_stamp_date(s) if "/" in s else parse_month_date(s)


# Clerk's FILED stamp: "FILED\nOct 02, 2019", "FILED United States Court of Appeals Tenth Circuit
# January 11, 2021". Printed lines: "(Filed: February 5, 2010)", "Filed 11 February 2022",
# "Decided June 13, 2013". Not "Action Filed:", "Date Filed:" of a complaint, "Filed Under Seal".
_CLERK_FILED = re.compile(rf"^\s*FILED\s*$(?P<gap>(?:\n[^\n]*){{0,3}}?)\n?[^\n]*?(?P<d>{_MONTH_DATE})",
                          re.M)
_FILED_LINE = re.compile(rf"(?:^|\(|,\s)\s*(?:Filed|FILED):?\s*(?P<d>{_MONTH_DATE})", re.M)
_DECIDED = re.compile(rf"\b(?:Decided|Entered|Issued):?\s*(?P<d>{_MONTH_DATE})", re.I)
_DATED = re.compile(rf"\b(?:Dated|DATED|Date|Signed)\s*:?\s*(?:this\s+)?(?P<d>{_MONTH_DATE}|{_NUM_DATE})")


def find_printed_dates(pages: list[str]) -> tuple[date | None, str | None, date | None]:
    """(date filed, its source, document date) from printed lines (no stamp)."""
    head = "\n".join(p.replace("\r", "\n") for p in pages[:2])
    filed = source = None
    m = _CLERK_FILED.search(head)
    if m:
        filed, source = parse_month_date(m.group("d")), "clerk_stamp"
    if not filed:
        m = _FILED_LINE.search(head)
        if m:
            filed, source = parse_month_date(m.group("d")), "filed_line"
    if not filed:
        m = _DECIDED.search(head)
        if m:
            filed, source = parse_month_date(m.group("d")), "decided_line"
    doc_date = None
    for text in reversed(pages[-3:]):
        m = None
        for m in _DATED.finditer(text):
            pass
        if m:
            doc_date = _parse_any(m.group("d"))
            if doc_date:
                break
    return filed, source, doc_date


# --------------------------------------------------------------------------- docket, citation
_LABELLED_DOCKET = re.compile(
    r"(?:\b(?:case|docket|appeal|civil\s+action|criminal|cause|file)\s*(?:nos?\.?|number|#)|"
    r"(?<![A-Za-z])(?<!Bar )(?<!Security )Nos?\.)\s*:?\s*(?P<num>[A-Z]{0,5}[\s-]?\d[\w\-–:]*(?:[ -](?:[A-Z]{1,4})\b(?!\.))?"
    r"(?:\s\([A-Z]{1,4}x?\))?)", re.I)
_NEUTRAL_CITE = re.compile(r"^\s*(?P<c>\d{4}-[A-Z]{2,8}-\d{1,5}|T\.C\.\s+(?:Memo|Summary\s+Opinion)"
                           r"\.\s+\d{4}-\d{1,4}|\d{4}\s+(?:IL|ME|ND|OK|SD|UT|VT|WI|WY|MT|NM|"
                           r"Ark\.|Ohio)\s+(?:App\s+)?\d{1,6})\s*$", re.M)


def find_labelled_docket(pages: list[str]) -> str | None:
    """First docket number printed after a "No." / "Case No." / "Docket No." label."""
    for text in pages[:2]:
        for m in _LABELLED_DOCKET.finditer(text[:5000]):
            num = m.group("num").strip(" .,;")
            if re.search(r"\d", num) and len(num) >= 4:
                return num
    return None


# --------------------------------------------------------------------------- all together
_EXHIBIT_COVER = re.compile(r"^\s*(?:exhibit|attachment|appendix)\s+[\w.\-]{1,6}\s*$", re.I)


def is_exhibit_cover(first_lines: list[str]) -> bool:
    """A cover sheet ("EXHIBIT A" and little else): the pages after it are another filing."""
    return bool(first_lines) and len(first_lines) <= 4 and any(
        _EXHIBIT_COVER.match(x) for x in first_lines)


_HEAD_PAGES = 6  # find_case_name reads up to 6 pages; the rest fewer
_TAIL_PAGES = 3  # find_judge and find_printed_dates read the last 3


def _first_n(indices, keep, n: int) -> list[int]:
    out = []
    for i in indices:
        if keep(i):
            out.append(i)
            if len(out) == n:
                break
    return out


@lru_cache(maxsize=256)
def _stamp_pattern(stamp: str) -> re.Pattern:
    return re.compile(r"\s*".join(re.escape(tok) for tok in stamp.split()))


def read_caption(pages: list[str], stamp_system: str | None = None,
                 stamp_texts: tuple[str, ...] = (),
                 court: tuple[str | None, str | None, str | None] | None = None,
                 docket: str | None = None) -> Caption:
    """Everything the first pages print about the case. ``pages`` hold the text per page;
    ``stamp_texts`` (the stamps found) are removed before reading; ``court`` passes a court
    already resolved by the caller (otherwise ``find_court`` runs here)."""
    # the stamp may wrap: long ones are also removed token-wise (patterns compiled once)
    wrapped = {s: _stamp_pattern(s) for s in stamp_texts if len(s) > 20}

    def unstamp(t: str) -> str:
        flat = t
        for s in stamp_texts:
            if s in flat:
                flat = flat.replace(s, " ")
            elif s in wrapped:
                flat = wrapped[s].sub(" ", flat)
        return flat

    # Only the first _HEAD_PAGES and last _TAIL_PAGES pages with text are read (captions,
    # titles, signatures, dates): unstamp just those, lazily, not the whole document.
    memo: dict[int, str] = {}

    def text_of(i: int) -> str:
        if i not in memo:
            memo[i] = unstamp(pages[i])
        return memo[i]

    def has_text(i: int) -> bool:
        return len(re.sub(r"[\W_]", "", text_of(i))) >= 25

    head = [i for i in _first_n(range(len(pages)), has_text, _HEAD_PAGES)]
    tail = [i for i in _first_n(range(len(pages) - 1, -1, -1), has_text, _TAIL_PAGES)]
    nonempty = sorted(set(head) | set(tail))
    first_lines = clean_lines(text_of(0)) if pages else []
    exhibit_cover = is_exhibit_cover(first_lines)
    body = [text_of(i) for i in nonempty] or [text_of(i) for i in range(len(pages))]
    if court is None:
        court = find_court(body, stamp_system, exhibit_cover)
    court_id, court_printed, court_source = court
    if exhibit_cover:
        title = next(x for x in first_lines if _EXHIBIT_COVER.match(x))
        case_name, parties, judge, judge_src = None, [], None, None
    else:
        case_name, parties = find_case_name(body, docket)
        title = find_title(body, skip={p for p, _ in parties})
        judge, judge_src = find_judge(body)
    filed, filed_src, doc_date = find_printed_dates(body)
    m = _NEUTRAL_CITE.search(body[0][:1500]) if body else None
    return Caption(court_id=court_id, court_name=court_printed, court_source=court_source,
                   parties=tuple(parties), case_name=case_name, title=title, judge=judge,
                   judge_source=judge_src, docket_number=find_labelled_docket(body),
                   date_filed=filed, date_source=filed_src, document_date=doc_date,
                   self_citation=" ".join(m.group("c").split()) if m else None,
                   exhibit_cover=exhibit_cover)
