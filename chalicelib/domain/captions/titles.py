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
    r"counsel\s+for|is\s+required|charged\s+with|proceedings:?\s*$)\b|@|^case\s+no|"
    r"^(?:date|time|place)\b", re.I)


def mostly_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def find_title(pages: list[str], skip: set[str] | None = None) -> str | None:
    """The document's title as printed (capitals, may wrap over lines)."""
    skip = {s.lower() for s in (skip or set())}
    for text in pages[:3]:
        lines = clean_lines(text)
        for i, line in enumerate(lines):
            short_top = i < 4 and len(line.split()) <= 6 and line[:1].isupper()
            if not (mostly_upper(line) or short_top):
                continue
            if _NOT_TITLE.search(line) and not re.match(
                    r"(?i)(?:order|opinion|judgment)\s+of\s+(?:the\s+)?court\b|"
                    r"(?:(?:reporter'?s'?|official|certified)\s+)?transcript\s+of\b", line):
                continue
            if line.lower() in skip or not _TITLE_WORDS.search(line):
                continue
            if V_LINE.match(line) or ROLE_LINE.match(line):
                continue
            parts = [re.sub(r"^Proceedings:\s*", "", line)]
            for nxt in lines[i + 1:i + 5]:
                if not mostly_upper(nxt) or _NOT_TITLE.search(nxt) or re.search(r"\d{2}-", nxt):
                    break
                parts.append(nxt)
            return " ".join(" ".join(parts).split())
    return None

