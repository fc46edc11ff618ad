"""Judges: the judge's printed name from a caption label ("Judge: Hon. X"), a "Present: The
Honorable X" line, a signature block ("X, United States District Judge") or an opinion's byline
("FISHER, Circuit Judge"). Docket initials (``-PJH``) are never taken as the judge."""
from __future__ import annotations

import re

from chalicelib.domain.captions.parties import smart_title

__all__ = ["find_judge"]

# A capital letter (any script's: "Muñoz", "Ólafsdóttir"), then letters, periods, apostrophes.
_UP = r"(?-i:[^\W\d_a-zß-öø-ÿ])"
_WORD = r"(?:[^\W\d_]|[.'’\-])*"
_NAME = rf"{_UP}{_WORD}(?:[ \t]+{_UP}{_WORD}){{1,4}}"
# Caption labels: "Judge: Hon. X", "Assigned Judge: X", "Assigned to the Hon. X", "Assigned for
# all purposes to: Honorable Judge X", "Honorable Judge X".
_JUDGE_LABEL = re.compile(
    r"(?:^|[;,][ \t]*)\s*(?:(?:assigned\s+)?judge:|assigned\s+(?:for\s+all\s+purposes\s+)?to:?|"
    r"(?=hon(?:orable|\.)\s+judge\s))"
    rf"\s*(?:the\s+)?(?:hon(?:orable|\.)?\s+)?(?:(?:district\s+|magistrate\s+|bankruptcy\s+)?judge\s+)?(?P<n>{_NAME})",
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
    r"bankruptcy)[ \t]+(?:court[ \t]+)?judge\b|U\.[ \t]?S\.[ \t]?[DMB]\.[ \t]?J\.|"
    # "Catherine C. Eagles, Chief District Judge"; state trial judges: "HON. X, J.S.C.",
    # "X, A.J.S.C.", "X, Judge of the Superior Court"
    r"(?:chief|senior)[ \t]+(?:district|magistrate|bankruptcy)[ \t]+judge\b|"
    r"(?:A\.[ \t]?)?J\.[ \t]?S\.[ \t]?C\.|judge[ \t]+of[ \t]+the[ \t]+superior[ \t]+court\b)", re.I | re.M)
# "HON. EDGARDO RAMOS" / "The Honorable Maxine M. Chesney" alone on a caption line
_HON_LINE = re.compile(rf"^[ \t]*\)?[ \t]*(?:the[ \t]+)?hon(?:orable|\.)[ \t]+(?P<n>{_NAME})[ \t]*$",
                       re.I | re.M)
_TITLE_THEN_NAME = re.compile(
    rf"(?:U\.\s?S\.|United\s+States)\s+(?:District|Magistrate|Bankruptcy)\s+Judge\s+(?P<n>{_NAME})\s*$",
    re.M)
_JUDGE_TITLE_LINE = re.compile(
    r"^(?:(?:chief|senior)\s+)?(?:(?:united\s+states|u\.\s?s\.)\s+)?(?:chief\s+|senior\s+)?"
    r"(?:district|magistrate|bankruptcy|circuit)\s+(?:court\s+)?judge$|^(?:administrative\s+law\s+)?judge$",
    re.I)
_OPINION_AUTHOR = re.compile(
    r"^\s*(?P<n>(?:[A-Z]\.\s?|[A-Z][A-Z'’\-]+\s){0,3}[A-Z][A-Z'’\-]{2,}(?:,?\s(?:JR|SR)\.)?),\s+(?P<t>(?:Chief\s+|Senior\s+|Associate\s+)?(?:Circuit\s+|"
    r"District\s+|Special\s+Trial\s+)?(?:Judge|Justice)(?=\s*[.:]|[ \t]*$)|(?:U\.\s?S\.\s?)?[DM]\.\s?J\.(?=\s*:?\s*$))",
    re.M)
_JUDGE_PREFIX_NAME = re.compile(rf"^\s*\)?\s*(?:Hon(?:orable|\.)?\s+)?Judge\s+(?P<n>{_NAME})\s*$", re.M)


# Words of a signature block or an order that are never part of a judge's name: "IT IS SO
# ORDERED", "Circuit Judges", "Dated:", "and" before the last of a panel's names.
_NOT_NAME = frozenset(["it", "is", "so", "ordered", "order", "orders", "circuit", "judges", "judge", "district", "court", "courts", "before", "present", "panel", "and", "the", "of", "united", "states", "chief", "senior", "magistrate", "bankruptcy", "justice", "justices", "clerk", "deputy", "dated", "date", "signed", "respectfully", "submitted", "honorable", "hon", "opinion", "per", "curiam", "entered", "filed", "page", "case", "no", "for", "by", "on", "in", "at", "to", "all", "counsel", "parties", "plaintiff", "defendant", "appellant", "appellee", "petitioner", "respondent"])
_NAME_TOKEN = re.compile(rf"^(?:{_UP}{_WORD}|{_UP}\.?)$")


def _clean_judge(name: str) -> str | None:
    """The person's name at the start of ``name``: the longest run of name-like words, so a
    title, a date or a column gap after it ends the name and "It Is So Ordered" is no name."""
    n = re.sub(r"^(?:/s/|s/)\s*", "", name.strip())
    n = re.sub(r"^(?:the\s+)?(?:hon(?:orable|\.)?)\s+", "", n, flags=re.I)
    n = re.sub(r"^and\s+", "", n, flags=re.I)
    n = re.split(r",|\s+(?:united|u\.\s?s\.|district|magistrate|chief)\b", n, flags=re.I)[0]
    words: list[str] = []
    for tok in n.split():
        if tok.lower().strip(".,:;") in _NOT_NAME or not _NAME_TOKEN.match(tok):
            break
        words.append(tok)
    n = " ".join(words).strip(" .,")
    if not n or len(n) < 4 or re.search(r"\d|@", n):
        return None
    return smart_title(n)


# "CHIEF JUSTICE ROBERTS delivered the opinion of the Court." (the Supreme Court's byline)
_DELIVERED = re.compile(r"^\s*(?:(?:CHIEF\s+)?JUSTICE\s+)(?P<n>[A-Z][A-Z'’\-]{2,})\s+delivered\s+the\s+opinion",
                        re.M)
_OPINION_BY = re.compile(rf"\bopinion\s+by\s+(?:chief\s+|senior\s+)?(?:circuit\s+)?judge\s+(?P<n>{_UP}{_WORD}"
                         rf"(?:[ \t]+{_UP}{_WORD}){{0,3}})", re.I)


# "Pratter, J.", "SAYLOR, C.J.", "Ramos, D.J." on a line of its own (or before the date): the
# author of a district court's memorandum (E.D. Pa., D. Mass. and state courts print it so).
SURNAME_J = re.compile(r"^[ \t]*(?P<n>[A-Z][A-Za-z'’\-]{2,}),[ \t]+(?:(?:C|D|M|U\.\s?S\.\s?D)\.[ \t]?)?J\.(?=[ \t]|$)",
                       re.M)


# Inside a panel's list ("PRESENT: X, / Y, / Circuit Judges, / Z, District Judge."): no line
# has ended with a full stop or a bare "Judges" since "Present:" / "Before:"; a member is no
# author and no signature.
_IN_PANEL = re.compile(r"(?:^|\n)[ \t]*(?:PRESENT|Present|BEFORE|Before)\b:?"
                       r"(?:(?!(?:\.|(?i:judges))[ \t]*(?:\n|$))[\s\S])*$")


def _opinion_byline(pages: list[str]) -> str | None:
    """An opinion's author as its byline prints it ("FISHER, Circuit Judge." / "Opinion by
    Judge Callahan"), in reading order on the first pages: it names the author, where the end
    of the opinion may carry a concurrence's or a panel member's signature."""
    for idx in range(min(4, len(pages))):
        m = next((a for a in _OPINION_AUTHOR.finditer(pages[idx])
                  if not _IN_PANEL.search(pages[idx][max(0, a.start() - 400):a.start()])), None)
        if m:  # as printed: "FISHER, Circuit Judge" -> "Fisher, Circuit Judge"
            return f"{smart_title(m.group('n'))}, {m.group('t')}"
        m = _OPINION_BY.search(pages[idx])
        if m and (n := _clean_judge(m.group("n"))):
            return n
        m = _DELIVERED.search(pages[idx])
        if m:
            return smart_title(m.group("n"))
        # one author only: a list of decisions prints "Bryan, J." beside each of many cases
        authors = {a.lower() for a in SURNAME_J.findall(pages[idx])} - _NOT_NAME
        if len(authors) == 1 and (sole := SURNAME_J.search(pages[idx])):
            return smart_title(sole.group("n"))
    return None


# A letter to the court greets the judge it is filed with: "Dear Magistrate Judge Ryu:",
# "Dear Judge Chhabria:", "Dear Chief Judge Seeborg,". The surname may be short ("Ryu").
_SALUTATION = re.compile(
    r"^[ \t]*dear[ \t]+(?:the[ \t]+)?(?:hon(?:orable|\.)?[ \t]+)?(?:chief[ \t]+|senior[ \t]+)?"
    r"(?:(?:united[ \t]+states[ \t]+|u\.[ \t]?s\.[ \t]+)?(?:district|magistrate|bankruptcy|circuit)[ \t]+)?"
    rf"judge[ \t]+(?P<n>{_UP}{_WORD}(?:[ \t]+{_UP}{_WORD}){{0,3}})[ \t]*[:,]", re.I | re.M)


def find_judge(pages: list[str]) -> tuple[str | None, str | None]:
    """(judge name, source) where the document prints it."""
    head = "\n".join(pages[:2])
    for rx, src in ((_JUDGE_LABEL, "caption"), (_PRESENT, "caption")):
        m = rx.search(head)
        if m and (n := _clean_judge(m.group("n"))):
            return n, src
    m = _SALUTATION.search(pages[0] if pages else "")
    if m and not re.search(r"\d|@", m.group("n")):
        # the addressee; the judge's full name where the letter prints it (an endorsement)
        addressee = smart_title(m.group("n"))
        full, full_src = _printed_judge(pages, head)
        if full and full.lower().split()[-1] == addressee.lower().split()[-1]:
            return full, full_src
        return addressee, "letter"
    return _printed_judge(pages, head)


def _printed_judge(pages: list[str], head: str) -> tuple[str | None, str | None]:
    """The opinion's author, else a signature block on the last pages (then the first), else a
    caption's "Judge X" / "Hon. X" line."""
    byline = _opinion_byline(pages)
    if byline:
        return byline, "opinion"
    order = list(range(len(pages) - 1, max(-1, len(pages) - 4), -1)) + list(range(min(3, len(pages))))
    for idx in dict.fromkeys(order):
        n = _signature(pages[idx])
        if n:
            return n, "signature"
    m = _JUDGE_PREFIX_NAME.search(head)
    if m and (n := _clean_judge(m.group("n"))):
        return n, "caption"
    m = _HON_LINE.search(head)
    if m and (n := _clean_judge(m.group("n"))) and len(n.split()) >= 2:
        return n, "caption"
    return None, None


def _signature(page: str) -> str | None:
    """A judge's signature on one page: "Judge X" / "X, Judge" on a line, or a name line above
    a judge's title line."""
    m = _TITLE_THEN_NAME.search(page)
    if m and (n := _clean_judge(m.group("n"))):
        return n
    m = _NAME_THEN_TITLE.search(page)
    if m and (n := _clean_judge(m.group("n"))) and len(n.split()) >= 2:
        return n
    lines = [ln.strip() for ln in page.replace("\r", "\n").split("\n") if ln.strip()]
    for i, line in enumerate(lines):
        if i and _JUDGE_TITLE_LINE.match(line.strip(" ,.")) and not _IN_PANEL.search(
                "\n".join(lines[max(0, i - 8):i])):
            n = _name_above(lines, i)
            if n:
                return n
        elif i >= 2 and _COURT_LINE.match(line.strip(" ,.")):
            n = _esigned_name_above(lines, i)
            if n:
                return n
    return None


def _name_above(lines: list[str], i: int) -> str | None:
    """The name line above a title line (above it may be a "/s/" or "SO ORDERED")."""
    for back in (1, 2, 3):
        if i - back < 0:
            break
        prev = lines[i - back]
        if re.search(r"\d{4}|_{3,}|dated", prev, re.I) or re.fullmatch(r"/?s/?", prev):
            continue
        n = _clean_judge(prev)
        if n and len(n.split()) >= 2:
            return n
    return None


# A court's name under a signature (D. Minn.: "s/ Eric C. Tostrud / Eric C. Tostrud / United
# States District Court"): a judge only where an electronic signature of the same name is
# above it, as a counsel block's party name above a caption's court line never is.
_COURT_LINE = re.compile(r"^(?:united\s+states|u\.\s?s\.)\s+(?:district|bankruptcy)\s+court$", re.I)


def _esigned_name_above(lines: list[str], i: int) -> str | None:
    name, signed = lines[i - 1], lines[i - 2]
    m = re.match(r"^/?s/\s*(?P<n>\S.*)$", signed)
    if m and " ".join(m.group("n").split()).lower() == " ".join(name.split()).lower():
        n = _clean_judge(name)
        return n if n and len(n.split()) >= 2 else None
    return None
