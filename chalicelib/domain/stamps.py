"""CM/ECF header stamps: find them on a page's text, tell them from body references, pick the
winning one for a document.

Pure: no I/O, no third-party imports.

Every page of an e-filed PDF carries a header line stamped by CM/ECF. It is the most reliable
metadata in the file. Forms (from shared/reference/domain.md and the corpus PDFs)::

    district   Case 4:19-cv-07123-PJH Document 494 Filed 12/20/24 Page 1 of 16
               Case 8:16-cv-01261-DOC-KES Document 40 Filed 08/05/16 Page 1 of 4 Page ID #:365
               Case: 1:19-cv-00123 Document #: 45 Filed: 03/04/20 Page 1 of 12 PageID #:678
               Case 1:19-cv-00123-PLM ECF No. 45, PageID.678 Filed 03/04/20 Page 1 of 12
    bankruptcy Case 18-09232 Doc 49 Filed 04/16/19 Entered 04/16/19 14:07:05 Desc Main Document
               Page 1 of 3
    ca2        Case 17-3510, Document 1-1, 10/31/2017, 2161300, Page1 of 2
    ca4        Appeal: 15-1504 Doc: 6 Filed: 05/12/2015 Pg: 1 of 4
    ca8        Appellate Case: 14-3253 Page: 1 Date Filed: 01/14/2015 Entry ID: 4234486
    ca10       Appellate Case: 21-800 Document: 010110462922 Date Filed: 01/11/2021 Page: 1
    cadc       USCA Case #16-1062 Document #1600692 Filed: 02/24/2016 Page 1 of 3
    ca11       USCA11 Case: 21-12355 Document: 24-1 Date Filed: 07/13/2021 Page: 1 of 2
    ca9        Case: 20-16408, 12/20/2020, ID: 11937413, DktEntry: 28-1, Page 1 of 3
    appellate  Case: 12-2209 Document: 00116475093 Page: 1 Date Filed: 01/03/2013 Entry ID: 5700979
               Case: 21-2728 Document: 138-2 Page: 1 Date Filed: 08/17/2022          (3d Cir.)
               Case: 17-3994 Document: 1-3 Filed: 09/20/2017 Page: 1                 (6th Cir.)
               Case: 14-1326 Document: 3 Page: 1 Filed: 03/18/2014                   (Fed. Cir.)

Text extraction may break the line, reorder its fields or drop spaces, so the page text is
flattened and only an *anchor* (the case label, the docket number and a document/date field) is
required; the other fields are read from a short window after it.

Body references ("ECF No. 59", "Dkt. 133", "Re: Dkt. No. 140", "[Doc. # 14.]") never match an
anchor: a stamp always pairs a case label + docket number with a Document/Doc field and a
filed date.

A re-filed document carries two stamps (the original and the new one); the one stamped last is
the document's identity: ``winning_stamp`` takes the latest filed date, then the stamp found on
the most pages.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

__all__ = ["Stamp", "find_stamps", "winning_stamp", "court_for_system", "parse_stamp_date"]

_DASH = r"[-\u2010\u2011\u2012\u2013\u2014]"
_DATE = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"

# District docket in a stamp: office:yy-type-serial[-JUDGE...][-defendant]
_DIST_DOCKET = rf"(?:\d{{1,2}}\s?:\s?)?\d{{2,4}}{_DASH}[A-Za-z]{{1,5}}{_DASH}\d{{1,6}}(?:{_DASH}[A-Za-z0-9]{{1,5}})*"
# Bankruptcy / appellate docket: yy-serial[-JUDGE]
# (bankruptcy suffixes: the judge's initials with the chapter, "20-31234-sgj11", "20-11234-t7";
# E.D.N.C.'s division digit, "20-01234-5-DMW")
_BARE_DOCKET = rf"\d{{2}}{_DASH}\d{{1,6}}(?:{_DASH}(?:[A-Za-z]{{1,5}}\d{{0,2}}|\d(?={_DASH}[A-Za-z])))*"

# Words CM/ECF prints between the entry number and "Filed" on restricted or special entries:
# "Document 132 (Ex Parte) Filed", "Document 271-13 *SEALED* Filed", "Doc 12 (Court only) Filed".
# The date's label: "Filed", "Filed:", D. Colo.'s "filed", S.D. Tex.'s "Filed on ... in TXSD",
# S.D. Fla.'s "Entered on FLSD Docket".
_FILED = r"(?:[Ff]iled(?::|\s?on)?|Entered\s?on\s?[A-Z]{4}\s?Docket)"
_ENTRY_MARKS = r"(?:(?:\([^()\d]{1,30}\)|\*[A-Za-z ]{1,30}\*)\s?){0,2}"

# District and bankruptcy anchor. "Doc" (bankruptcy) or "Document" (district); "Filed" required.
# N.D. Ill. writes "Case: 1:19-cv-00123 Document #: 45 Filed: 03/04/20 Page 1 of 12 PageID #:678"
# (a colon after "Case" only before a district docket: "Case: 17-3994" is an appellate label);
# W.D. Mich. "Case 1:19-cv-00123-PLM ECF No. 45, PageID.678 Filed 03/04/20 Page 1 of 12".
_DISTRICT_RE = re.compile(
    rf"\bCase(?:\s?|:\s?(?=(?:\d{{1,2}}\s?:\s?)?\d{{2,4}}{_DASH}[A-Za-z]))"
    rf"(?P<docket>{_DIST_DOCKET}|{_BARE_DOCKET})\s?(?P<kind>Document|Doc|ECF\s?No\.)\s?#?:?\s?"
    rf"(?P<doc>\d{{1,6}}(?:{_DASH}\d{{1,4}})?),?\s?(?:Page\s?ID\s?[#.:]*\s?(?P<pid>\d+)\s?)?"
    rf"{_ENTRY_MARKS}{_FILED}\s?(?P<date>{_DATE})")
# S.D.N.Y. bankruptcy stamps print no "Case": "20-12345-mg Doc 55 Filed 06/01/21 Entered ...";
# believed only with the judge's lower-case initials and an "Entered" date.
_NYSB_RE = re.compile(
    rf"(?<![\w/:.\-])(?P<docket>\d{{2}}{_DASH}\d{{5}}{_DASH}[a-z]{{2,4}})\s?(?P<kind>Doc)\s?#?:?\s?"
    rf"(?P<doc>\d{{1,6}}(?:{_DASH}\d{{1,4}})?)\s?(?P<pid>)Filed\s?(?P<date>{_DATE})(?=\s?Entered)")

# 2d Cir.: "Case 17-3510, Document 1-1, 10/31/2017, 2161300, Page1 of 2"
_CA2_RE = re.compile(
    rf"\bCase\s?(?P<docket>{_BARE_DOCKET}),\s?Document\s?(?P<doc>\d{{1,6}}(?:{_DASH}\d{{1,4}})?),"
    rf"\s?(?P<date>{_DATE}),\s?(?P<page_id>\d+),\s?Page\s?(?P<page>\d+)\s?of\s?(?P<of>\d+)")

# 9th Cir.: "Case: 20-16408, 12/20/2020, ID: 11937413, DktEntry: 28-1, Page 1 of 3"
_CA9_RE = re.compile(
    rf"\bCase:\s?(?P<docket>{_BARE_DOCKET}),\s?(?P<date>{_DATE}),\s?ID:\s?(?P<page_id>\d+),"
    rf"\s?DktEntry:\s?(?P<doc>\d{{1,6}}(?:[.\-]\d{{1,4}})?),\s?Page:?\s?(?P<page>\d+)"
    rf"(?:\s?of\s?(?P<of>\d+))?")

# Appellate key-value stamps: a label, the docket, then "Key: value" fields in any order.
_APPELLATE_RE = re.compile(
    rf"(?P<label>\bAppellate\s?Case:|\bUSCA11\s?Case:|\bUSCA\s?Case\s?#|\bAppeal:|\bCase:)"
    rf"\s?#?\s?(?P<docket>{_BARE_DOCKET})(?!,)")
_FIELD_RES = {
    "doc": re.compile(r"\b(?:Document|Doc|DktEntry):?\s?#?\s?(?P<v>\d{1,14}(?:[.\-]\d{1,4})?)"),
    "date": re.compile(rf"\b(?:Date\s?)?Filed:\s?(?P<v>{_DATE})"),
    "page": re.compile(r"\b(?:Page|Pg):?\s?(?P<v>\d{1,5})(?:\s?of\s?(?P<of>\d{1,5}))?"),
    "entry": re.compile(r"\bEntry\s?ID:\s?(?P<v>\d+)"),
    "entered": re.compile(rf"\bEntered:\s?(?P<v>{_DATE})"),
}
_DIST_FIELDS = {
    "page": re.compile(r"\b(?:Page|Pg|pg):?\s?(?P<v>\d{1,5})\s?of\s?(?P<of>\d{1,5})"),
    # the court some districts print in their stamp: "USDC Colorado", "in TXSD", "FLSD Docket"
    "court": re.compile(r"\bUSDC\s(?P<v>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?=\s?(?:pg|Page)\b)|"
                        r"\bin\s(?P<v2>[A-Z]{4})\s(?=Page\b)|\bon\s(?P<v3>[A-Z]{4})\sDocket\b"),
    "page_id": re.compile(r"\bPage\s?ID\s?[#.:]*\s?(?P<v>\d+)"),
    "entered": re.compile(rf"\bEntered:?\s?(?P<v>{_DATE})"),
}
_WINDOW = 160  # characters after an anchor that still belong to the stamp line


@dataclass(frozen=True)
class Stamp:
    """One CM/ECF stamp as printed on one page."""

    system: str                       # district, bankruptcy, ca2, ca4, ca8, ca9, ca10, ca11, cadc, appellate
    docket_number: str
    document: str | None              # as printed: "144-2", "00116475093", "28.1"
    date_filed: date | None
    page: int | None = None
    page_of: int | None = None
    page_id: str | None = None        # "Page ID #:365", 2d/9th Cir. ids
    entry_id: str | None = None       # 1st/8th Cir. "Entry ID"
    page_index: int | None = None     # 0-based PDF page where it was found
    text: str = field(default="", compare=False)
    court_id: str | None = None       # where the stamp names its court ("USDC Colorado", "in TXSD")

    @property
    def document_number(self) -> str | None:
        """Entry number without the attachment: "144" for "144-2"; long ids as printed."""
        if self.document is None:
            return None
        m = re.fullmatch(r"(\d{1,6})[-.](\d{1,4})", self.document)
        return m.group(1) if m else self.document

    @property
    def attachment_number(self) -> int | None:
        """2 for "144-2"; None when the stamp names the main document."""
        if self.document is None:
            return None
        m = re.fullmatch(r"(\d{1,6})[-.](\d{1,4})", self.document)
        return int(m.group(2)) if m else None

    @property
    def identity(self) -> tuple:
        return (self.system, _norm_docket(self.docket_number), self.document, self.date_filed)


def _norm_docket(s: str) -> str:
    return re.sub(_DASH, "-", re.sub(r"\s", "", s)).lower()


def parse_stamp_date(s: str | None) -> date | None:
    """``12/20/24`` or ``12/20/2024`` -> date; None when impossible."""
    if not s:
        return None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", s.strip())
    if not m:
        return None
    mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def court_for_system(system: str | None) -> str | None:
    """The court a stamp format alone identifies (appellate systems), else None."""
    if system and re.fullmatch(r"ca\d{1,2}|cadc", system):
        return system
    return None


def _flatten(text: str) -> str:
    return " ".join((text or "").split())


def _appellate_system(label: str, fields: dict[str, re.Match]) -> str:
    label = label.replace(" ", "").lower()
    if "entered" in fields:
        # N.D. Cal. bankruptcy: "Case: 20-50682 Doc# 33 Filed: 04/28/20 Entered: 04/28/20 ..."
        return "bankruptcy"
    if label.startswith("usca11"):
        return "ca11"
    if label.startswith("uscacase"):
        return "cadc"
    if label.startswith("appeal:"):
        return "ca4"
    if label.startswith("appellatecase"):
        # 8th Cir. prints no document number but an Entry ID; 10th Cir. prints "Document:".
        return "ca10" if "doc" in fields else "ca8"
    return "appellate"


def _window_fields(text: str, start: int, end: int, res: dict[str, re.Pattern]) -> dict[str, re.Match]:
    out = {}
    for key, rx in res.items():
        m = rx.search(text, start, end)
        if m:
            out[key] = m
    return out


def find_stamps(text: str, page_index: int | None = None) -> list[Stamp]:
    """Every CM/ECF stamp on one page's text, in reading order."""
    flat = _flatten(text)
    stamps: list[tuple[int, Stamp]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    for m in _CA2_RE.finditer(flat):
        taken.append(m.span())
        stamps.append((m.start(), Stamp("ca2", m.group("docket"), m.group("doc"),
                                        parse_stamp_date(m.group("date")), int(m.group("page")),
                                        int(m.group("of")), m.group("page_id"), None, page_index,
                                        m.group(0))))
    for m in _CA9_RE.finditer(flat):
        if not free(*m.span()):
            continue
        taken.append(m.span())
        of = m.group("of")
        stamps.append((m.start(), Stamp("ca9", m.group("docket"), m.group("doc"),
                                        parse_stamp_date(m.group("date")), int(m.group("page")),
                                        int(of) if of else None, m.group("page_id"), None,
                                        page_index, m.group(0))))
    for rx in (_DISTRICT_RE, _NYSB_RE):
        for start, end, st in _district_stamps(flat, rx, page_index, free):
            taken.append((start, end))
            stamps.append((start, st))
    anchors = list(_APPELLATE_RE.finditer(flat))
    for i, m in enumerate(anchors):
        if not free(*m.span()):
            continue
        end = min(len(flat), m.end() + _WINDOW)
        if i + 1 < len(anchors):
            end = min(end, anchors[i + 1].start())
        f = _window_fields(flat, m.end(), end, _FIELD_RES)
        # A stamp pairs the docket with a filed date and a document or page field; "Re: Case
        # No. 17-3994" or "Case: 17-3994" alone in a letter is not a stamp.
        if "date" not in f or not ({"doc", "page", "entry"} & f.keys()):
            continue
        # the fields must follow the anchor closely (stamps are one line)
        if min(x.start() for x in f.values()) - m.end() > 40:
            continue
        span_end = max(x.end() for x in f.values())
        taken.append((m.start(), span_end))
        page = f.get("page")
        stamps.append((m.start(), Stamp(
            _appellate_system(m.group("label"), f), m.group("docket"),
            f["doc"].group("v") if "doc" in f else None, parse_stamp_date(f["date"].group("v")),
            int(page.group("v")) if page else None,
            int(page.group("of")) if page and page.group("of") else None,
            None, f["entry"].group("v") if "entry" in f else None, page_index,
            flat[m.start():span_end])))
    return [s for _, s in sorted(stamps, key=lambda x: x[0])]


def _district_stamps(flat: str, rx: re.Pattern, page_index: int | None, free) -> list[tuple[int, int, Stamp]]:
    """District and bankruptcy stamps of one anchor pattern: (start, end, stamp)."""
    out: list[tuple[int, int, Stamp]] = []
    for m in rx.finditer(flat):
        if not free(*m.span()) or any(s < m.end() and m.start() < e for s, e, _ in out):
            continue
        end = min(len(flat), m.end() + _WINDOW)
        nxt = rx.search(flat, m.end())
        if nxt:
            end = min(end, nxt.start())
        f = _window_fields(flat, m.end(), end, _DIST_FIELDS)
        span_end = max(m.end(), *(x.end() for x in f.values())) if f else m.end()
        system = "bankruptcy" if m.group("kind") == "Doc" or "entered" in f else "district"
        page = f.get("page")
        out.append((m.start(), span_end, Stamp(
            system, m.group("docket"), m.group("doc"), parse_stamp_date(m.group("date")),
            int(page.group("v")) if page else None,
            int(page.group("of")) if page and page.group("of") else None,
            m.group("pid") or (f["page_id"].group("v") if "page_id" in f else None), None, page_index,
            flat[m.start():span_end], _stamp_court(_DIST_FIELDS["court"].search(flat, m.start(), end)))))
    return out


# The district a stamp names, by the names CM/ECF prints ("USDC Colorado" / "TXSD" / "FLSD"):
# a court id for the district's own abbreviation where it is the CourtListener id's form.
_STAMP_STATES = {"colorado": "cod"}


def _stamp_court(m: re.Match | None) -> str | None:
    if not m:
        return None
    if m.group("v"):
        return _STAMP_STATES.get(m.group("v").lower())
    code = (m.group("v2") or m.group("v3") or "").lower()  # "TXSD" -> "txsd", "FLSD" -> "flsd"
    return code if re.fullmatch(r"[a-z]{2}[nsewcm]d", code) else None


def winning_stamp(stamps_per_page: list[list[Stamp]]) -> Stamp | None:
    """The document's identity among all pages' stamps: the one stamped last.

    Latest filed date first (an outer stamp is never older than the one it covers), then the
    stamp found on the most pages; the first page's instance is returned.
    """
    coverage: Counter = Counter()
    first: dict[tuple, Stamp] = {}
    for page in stamps_per_page:
        for ident in {s.identity for s in page}:
            coverage[ident] += 1
        for s in page:
            first.setdefault(s.identity, s)
    if not first:
        return None
    best = max(first, key=lambda k: (first[k].date_filed or date.min, coverage[k],
                                     first[k].document is not None))
    return first[best]
