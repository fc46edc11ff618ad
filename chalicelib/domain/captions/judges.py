"""Judges: the judge's printed name from a caption label ("Judge: Hon. X"), a "Present: The
Honorable X" line, a signature block ("X, United States District Judge") or an opinion's byline
("FISHER, Circuit Judge"). Docket initials (``-PJH``) are never taken as the judge."""
from __future__ import annotations

import re

from chalicelib.domain.captions.parties import smart_title

__all__ = ["find_judge"]

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
    return smart_title(n)


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
            return f"{smart_title(m.group('n'))}, {m.group('t')}", "opinion"
    m = _JUDGE_PREFIX_NAME.search(head)
    if m and (n := _clean_judge(m.group("n"))):
        return n, "caption"
    m = _HON_LINE.search(head)
    if m and (n := _clean_judge(m.group("n"))) and len(n.split()) >= 2:
        return n, "caption"
    return None, None

