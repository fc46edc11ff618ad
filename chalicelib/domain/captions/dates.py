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



# "1st day of June, 2021" (signature lines: "SO ORDERED this 1st day of June, 2021")
ORDINAL_DATE = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+day\s+of\s+{MONTH},?\s*\d{{4}}"
_ORDINAL_RE = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+day\s+of\s+({MONTH}),?\s*(\d{{4}})", re.I)


def _parse_any(s: str) -> date | None:
    m = _ORDINAL_RE.fullmatch(s.strip())
    if m:
        return parse_month_date(f"{m.group(2)} {m.group(1)} {m.group(3)}")
    return parse_stamp_date(s) if "/" in s else parse_month_date(s)



# "2021 MAR 12", "2021 Feb-16": a clerk's date-time stamp, year first.
YEAR_FIRST = rf"\d{{4}}\s+{MONTH}[\s\-]*\d{{1,2}}\b"
_YEAR_FIRST_RE = re.compile(rf"(\d{{4}})\s+({MONTH})[\s\-]*(\d{{1,2}})\b", re.I)


def _parse_stamped(s: str) -> date | None:
    """A clerk stamp's date in any of its printed forms (month name, numeric, year first)."""
    m = _YEAR_FIRST_RE.fullmatch(s.strip())
    if m:
        return parse_month_date(f"{m.group(2)} {m.group(3)} {m.group(1)}")
    return _parse_any(s)


# Clerk's FILED stamp: "FILED\nOct 02, 2019", "FILED United States Court of Appeals Tenth Circuit
# January 11, 2021"; a state court's: "ELECTRONICALLY FILED\nSuperior Court of California,\n
# County of Orange\n03/15/2021 at 11:32:00 AM", "FILED: NEW YORK COUNTY CLERK 03/04/2021 05:43 PM",
# "FILED\n2021 MAR 12 AM 9:30". Printed lines: "(Filed: February 5, 2010)", "Filed 11 February
# 2022", "Decided June 13, 2013". Not "Action Filed:", "Date Filed:" of a complaint, "Filed Under
# Seal".
_CLERK_FILED = re.compile(
    rf"^\s*(?-i:(?:ELECTRONICALLY\s+|E-?)?FILED|(?:Electronically\s+|E-?)Filed):?(?:\s*$(?:\n[^\n]*){{0,3}}?\n?|[ \t]+)[^\n]*?"
    rf"(?P<d>{MONTH_DATE}|{NUM_DATE}|{YEAR_FIRST})", re.M | re.I)
# Florida's and Delaware's e-filing headers: "Filing # 123456789 E-Filed 06/01/2021 10:11:12 AM",
# "EFiled: Jun 01 2021 10:11AM EDT"
_E_FILED = re.compile(rf"\bE-?Filed:?\s+(?P<d>{NUM_DATE}|{MONTH_DATE})")
_FILED_LINE = re.compile(rf"(?:^|\(|,\s)\s*(?:Filed|FILED):?\s*(?P<d>{MONTH_DATE})", re.M)
_DECIDED = re.compile(rf"\b(?:Decided|Entered|Issued):?\s*(?P<d>{MONTH_DATE})", re.I)
_DATED = re.compile(rf"\b(?:Dated|DATED|Date|Signed(?:\s+on)?|SIGNED(?:\s+ON)?|ENTERED|Entered|"
                    rf"SO\s+ORDERED|(?-i:[Ss]ubmitted))\s*[:,]?\s*(?:this\s+|on\s+)?(?P<d>{ORDINAL_DATE}|"
                    rf"{MONTH_DATE}|{NUM_DATE})")
# A hearing block ("Hearing Date: May 1, 2020 / Time: 11:15 a.m. / Courtroom 11") gives the
# hearing's date, not the document's.
_HEARING_AFTER = re.compile(r"\A[^\n]*\n?[^\n]*\b(?:time|courtroom|ctrm|dept|place|judge)\s*:", re.I)


def _hearing_date(text: str, m: re.Match) -> bool:
    before = text[max(0, m.start() - 40):m.start()].split("\n")[-1]
    hearing_word = bool(re.search(r"(?i)\b(?:hearing|trial|conference|scheduled)\b", before))
    label_only = m.group(0).lower().startswith("date") and not m.group(0).lower().startswith("dated")
    return hearing_word or (label_only and bool(_HEARING_AFTER.search(text[m.end():m.end() + 120])))


def find_printed_dates(pages: list[str]) -> tuple[date | None, str | None, date | None]:
    """(date filed, its source, document date) from printed lines (no stamp)."""
    head = "\n".join(p.replace("\r", "\n") for p in pages[:2])
    filed = source = None
    m = _CLERK_FILED.search(head)
    if m:
        filed, source = _parse_stamped(m.group("d")), "clerk_stamp"
    if not filed:
        m = _E_FILED.search(head)
        if m:
            filed, source = _parse_any(m.group("d")), "clerk_stamp"
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
        found = [m for m in _DATED.finditer(text) if not _hearing_date(text, m)]
        if found:
            doc_date = _parse_any(found[-1].group("d"))
            if doc_date:
                break
    return filed, source, doc_date
