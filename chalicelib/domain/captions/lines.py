"""Caption lines: a page's text as the lines a caption reader sees.

Two-column captions extract in unpredictable order; the right column is often separated by
``)`` characters. Left and right parts of such lines are split; right parts are read last.
Pleading paper and transcripts print a line number before each line: it is dropped.
"""
from __future__ import annotations

import re

__all__ = ["clean_lines"]

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

