"""Printed dates: month-name and numeric date patterns, a clerk's FILED stamp, "Filed:" and
"Decided" lines, and the signature's "Dated" line (the document date)."""
from __future__ import annotations

import re
from datetime import date

from chalicelib.domain.stamps import parse_stamp_date

__all__ = ["MONTH", "MONTH_DATE", "MONTH_DATE_RE", "NUM_DATE", "parse_month_date",
           "find_printed_dates"]

MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# "January 11, 2021", "Oct 02, 2019", "11 February 2022", "February 5,2010"
MONTH_DATE = rf"(?:{MONTH}\s*\d{{1,2}},?\s*\d{{4}}|\d{{1,2}}\s+{MONTH}\s*,?\s*\d{{4}})"
MONTH_DATE_RE = re.compile(MONTH_DATE, re.I)
NUM_DATE = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"


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
    mo = MONTHS.get(mon[:3].lower())
    try:
        return date(int(y), mo, int(d)) if mo else None
    except ValueError:
        return None



def _parse_any(s: str) -> date | None:
    return parse_stamp_date(s) if "/" in s else parse_month_date(s)



# Clerk's FILED stamp: "FILED\nOct 02, 2019", "FILED United States Court of Appeals Tenth Circuit
# January 11, 2021". Printed lines: "(Filed: February 5, 2010)", "Filed 11 February 2022",
# "Decided June 13, 2013". Not "Action Filed:", "Date Filed:" of a complaint, "Filed Under Seal".
_CLERK_FILED = re.compile(rf"^\s*FILED\s*$(?P<gap>(?:\n[^\n]*){{0,3}}?)\n?[^\n]*?(?P<d>{MONTH_DATE})",
                          re.M)
_FILED_LINE = re.compile(rf"(?:^|\(|,\s)\s*(?:Filed|FILED):?\s*(?P<d>{MONTH_DATE})", re.M)
_DECIDED = re.compile(rf"\b(?:Decided|Entered|Issued):?\s*(?P<d>{MONTH_DATE})", re.I)
_DATED = re.compile(rf"\b(?:Dated|DATED|Date|Signed)\s*:?\s*(?:this\s+)?(?P<d>{MONTH_DATE}|{NUM_DATE})")


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

