"""Titles: the document's title as printed (capitals, may wrap over lines)."""
from __future__ import annotations

import re

from chalicelib.domain.captions.lines import clean_lines
from chalicelib.domain.captions.parties import ROLE_LINE, V_LINE

__all__ = ["find_title", "mostly_upper"]

_TITLE_WORDS = re.compile(
    r"\b(?:order|motion|complaint|opinion|judgment|notice|stipulation|declaration|affidavit|"
    r"brief|memorandum|exhibit|transcript|answer|application|petition|reply|opposition|"
    r"response|minutes|appearance|report|recommendation|subpoena|warrant|verdict|note|"
    r"syllabus|request|objection|list\s+of\s+decisions|findings)\b", re.I)
_NOT_TITLE = re.compile(
    r"\b(?:court|district\s+of|division|circuit|jury\s+trial|trial\s+by\s+jury|demanded|"
    r"hearing\s+date|date:|time:|ctrm|courtroom|judge:|action\s+filed|attorneys?\s+for|"
    r"counsel\s+for|is\s+required|charged\s+with|proceedings:?\s*$|"
    # a request printed under the title: "ORAL ARGUMENT REQUESTED", "HEARING REQUESTED"
    r"(?:oral\s+argument|hearing|expedited\s+consideration)\s+requested|no\s+hearing\s+required)\b|"
    r"@|^case\s+no|"
    r"^(?:date|time|place)\b|"
    r"(?-i:^[A-Z][A-Za-z'’\-]{2,},\s+(?:[CDM]\.\s?)?J\.(?:\s|$))", re.I)  # "SAYLOR, C.J." 


def mostly_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


# A title line left open ("... MOTION FOR SUMMARY", "[REDACTED VERSION OF") continues on the
# next line whatever the usual limit.
_DANGLING = re.compile(r"(?:\b(?:for|of|and|to|in|the|re|on|with|a|an|or|by|from|under|regarding|"
                       r"concerning|its|their|his|her)|[\[(,;:&\-–—])\s*$", re.I)
# A law firm's name (counsel block, footer) is never part of the title.
_FIRM = re.compile(r"\b(?:LLP|L\.L\.P\.|PLLC|P\.C\.|APC|A\s+PROFESSIONAL\s+CORPORATION|LAW\s+OFFICES?|"
                   r"LAW\s+GROUP|LAW\s+FIRM|ATTORNEYS?\s+AT\s+LAW)(?=$|[\s,.])", re.I)
# A law firm's name without its designator ("WILSON SONSINI GOODRICH & ROSATI"): names joined by
# an ampersand, after a title that is complete, is not the title's next line.
_NAMES_LINE = re.compile(r"^[A-Z][A-Za-z'’\-]+(?:,?\s+[A-Z][A-Za-z'’\-]+)*,?\s+&\s+[A-Z][A-Za-z'’\-]+"
                         r"(?:\s+[A-Z][A-Za-z'’\-]+)*$")
# Running headers and footers abbreviate what a printed title spells out ("DECL. OF X ISO MOT.").
_ABBREVIATED = re.compile(r"\b(?:DECL|MOT|MEM|MTN|MSJ|OPP(?:'N)?|SUPP|ISO|DEFS|PLS|PLTFS)\b\.?")
# A filer prefix wrapped onto the lines above the title's first title word: "DEFENDANTS NSO
# GROUP / TECHNOLOGIES LIMITED AND Q / CYBER TECHNOLOGIES LIMITED'S / ADMINISTRATIVE MOTION".
_FILER = re.compile(r"^(?:(?:third[- ]party\s+|counter[- ]?|cross[- ])?(?:plaintiffs?|defendants?|"
                    r"petitioners?|respondents?|appellants?|appellees?|debtors?|movants?|"
                    r"intervenors?|creditors?|trustees?|non-?part(?:y|ies))\b)", re.I)
_EXHIBIT_LABEL = re.compile(r"^(?:[A-Z’'\s]{0,20}\s)?(?:exhibit|exh?\.)\s*[\w.\-]{1,6}$", re.I)
_POSSESSIVE_END = re.compile(r"(?:['’]s|s['’])\s*$", re.I)


def _title_line(line: str, skip: set[str], i: int, strict: bool) -> bool:
    short_top = i < 4 and len(line.split()) <= 6 and line[:1].isupper()
    if not (mostly_upper(line) or short_top):
        return False
    if _NOT_TITLE.search(line) and not re.match(
            r"(?i)(?:order|opinion|judgment)\s+of\s+(?:the\s+)?court\b|"
            r"(?:(?:reporter'?s'?|official|certified)\s+)?transcript\s+of\b", line):
        return False
    if line.lower() in skip or not _TITLE_WORDS.search(line) or _FIRM.search(line):
        return False
    if strict and _ABBREVIATED.search(line):
        return False
    return not (V_LINE.match(line) or ROLE_LINE.match(line))


def _continues(nxt: str) -> bool:
    return (mostly_upper(nxt) and not _NOT_TITLE.search(nxt) and not re.search(r"\d{2}-", nxt)
            and not _FIRM.search(nxt))


def _filer_prefix(lines: list[str], i: int) -> list[str]:
    """The lines above line ``i`` that name the title's filer, or none."""
    back: list[str] = []
    for j in range(i - 1, max(-1, i - 5), -1):
        prev = lines[j]
        if (not mostly_upper(prev) or _NOT_TITLE.search(prev) or _FIRM.search(prev)
                or V_LINE.match(prev) or ROLE_LINE.match(prev) or re.search(r"\d", prev)):
            break
        back.insert(0, prev)
        if _FILER.match(prev):
            return back
    if back and _POSSESSIVE_END.search(back[-1]) and _FILER.match(back[0]):
        return back
    return []


def find_title(pages: list[str], skip: set[str] | None = None) -> str | None:
    """The document's title as printed (capitals, may wrap over lines), with the filer prefix
    that wraps above its first title word. Running headers (abbreviated), law-firm lines and
    lines above the court's name (counsel block, a footer extracted first) are read only when
    nothing else on the first pages is a title."""
    skip = {s.lower() for s in (skip or set())}
    page_lines = [clean_lines(text) for text in pages[:3]]
    for strict in (True, False):
        for lines in page_lines:
            # a caption's title follows the court's name; above it are counsel and footers
            # (a form's or an exhibit slip sheet's title may stand above a court name near the top)
            court = next((j for j, ln in enumerate(lines[:80])
                          if mostly_upper(ln) and re.search(r"(?i)\bcourt\b", ln)), 0)
            for i, line in enumerate(lines):
                above = strict and court >= 5 and i < court and not _EXHIBIT_LABEL.match(line)
                if above or not _title_line(line, skip, i, strict):
                    continue
                parts = _filer_prefix(lines, i) + [re.sub(r"^Proceedings:\s*", "", line)]
                k = i + 1
                while k < len(lines) and k < i + 9:
                    nxt = lines[k]
                    open_end = bool(_DANGLING.search(parts[-1])) or parts[-1].count("[") > parts[-1].count("]")
                    if not _continues(nxt) or (k >= i + 5 and not open_end) or (
                            not open_end and _NAMES_LINE.match(nxt) and not _TITLE_WORDS.search(nxt)):
                        break
                    parts.append(nxt)
                    k += 1
                return " ".join(" ".join(parts).replace("\x02", "-").split())  # PDFium hyphen
    return _title_case_title(page_lines[0] if page_lines else [], skip)


_MODIFIER = re.compile(r"^(?:amended|corrected|revised|supplemental|further|final|"
                       r"\[?proposed\]?|redacted)$", re.I)
_SMALL_WORDS = frozenset(["of", "the", "and", "for", "in", "on", "to", "re", "a", "an", "or", "by", "with", "from", "under", "at", "as", "its", "their", "his", "her"])


def _title_cased(line: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’\-]*", line)
    return (3 <= len(words) <= 16 and not re.search(r"[.,;:]$", line)
            and all(w[0].isupper() for w in words if w.lower() not in _SMALL_WORDS))


def _title_case_title(lines: list[str], skip: set[str]) -> str | None:
    """A first page whose title is printed in title case ("Amended / Memorandum of Findings of
    Fact and Conclusions of Law"): a title-cased line below the court's name that starts with a
    document word, with a modifier line ("Amended") just above it kept."""
    court = next((j for j, ln in enumerate(lines[:80]) if re.search(r"(?i)\bcourt\b", ln)), None)
    if court is None:
        return None
    for i in range(court + 1, min(len(lines), court + 60)):
        line = lines[i]
        if (line.lower() in skip or not _title_cased(line) or _NOT_TITLE.search(line)
                or _FIRM.search(line) or not _TITLE_WORDS.match(line)):
            continue
        parts = [line]
        if i and _MODIFIER.match(lines[i - 1].strip()):
            parts.insert(0, lines[i - 1].strip())
        return " ".join(" ".join(parts).split())
    return None
