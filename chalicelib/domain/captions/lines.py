"""Caption lines: a page's text as the lines a caption reader sees.

Two-column captions extract in unpredictable order; the right column is often separated by
``)`` characters. Left and right parts of such lines are split; right parts are read last.
Pleading paper and transcripts print a line number before each line: it is dropped.
"""
from __future__ import annotations

import re

__all__ = ["clean_lines", "strip_pleading_numbers"]

_LINE_NUMBER = re.compile(r"^\s*\d(?: ?\d)?\s*$")  # OCR splits "11" into "1 1"
_NUMBERED_LINE = re.compile(r"^\s*\d{1,2}\s+(?=\S)")
# a rule line: "-----x" (S.D.N.Y.'s caption border), or what OCR reads of it: the lone "X" at
# its end, a full-width colon "：" for the column's dots
_RULE_LINE = re.compile(r"^[\s_\-=*/)(|.:：]*$|^\s*(?:[_\-=]{5,}\s*)?[xX]\s*$")
# ")" used as a column separator: "DEREK J. HARVEY ) Case No. ..." (not "(KESx)")
_COLUMN_SPLIT = re.compile(r"\s\)(?=\s|$)|^\)(?=\s|$)")
# "*" (older 8th Cir. captions) or "§" (Texas) as the separator, where several lines use it
# (a lone footnote asterisk does not make a column)
_MARK_SPLIT = re.compile(r"\s\)(?=\s|$)|^\)(?=\s|$)|(?:^|\s)[*§](?=\s|$)")
# ":" standing alone as the separator (deposition captions: "CRYSTAL LONG,      :"), where
# several lines use it; "Case No.:" keeps its colon (it is glued to its label)
_COLON_SPLIT = re.compile(r"\s\)(?=\s|$)|^\)(?=\s|$)|(?:^|\s):(?=\s|$)")
_GAP = re.compile(r"(?<=\S)[ \t]{3,}(?=\S)")
# Transcript software pads with middle dots: "·3· ·CRYSTAL LONG,· · ·:" is "3 CRYSTAL LONG, :"
_FILLER = re.compile(r"[\u00b7\u2219\u22c5]")


def clean_lines(text: str) -> list[str]:
    """Page text as caption lines: line numbers, rules and column ``)`` (or ``*``, ``§``)
    markers removed; the right-hand parts of two-column lines moved after the left column."""
    left: list[str] = []
    right: list[str] = []
    raws = _FILLER.sub(" ", (text or "").replace("\r", "\n")).split("\n")
    # transcripts and pleading paper print a line number before each line: "7 WHATSAPP INC., )"
    numbered = sum(1 for r in raws if _NUMBERED_LINE.match(r)) >= 10
    marks = _COLUMN_SPLIT
    if sum(1 for r in raws[:80] if re.search(r"(?:^|\s)[*§](?:\s|$)", r)) >= 4:
        marks = _MARK_SPLIT
    elif sum(1 for r in raws[:80] if re.search(r"(?:^|\s):(?:\s|$)", r)) >= 4:
        marks = _COLON_SPLIT
    # a caption whose two columns share baselines, set apart by a wide gap of spaces
    gapped = sum(1 for r in raws[:80] if _GAP.search(r.strip())) >= 3
    for raw in raws:
        line = _NUMBERED_LINE.sub("", raw, count=1).strip() if numbered else raw.strip()
        if gapped and _GAP.search(line):
            head, tail = _GAP.split(line, maxsplit=1)
            left.append(" ".join(head.split()))
            if not _RULE_LINE.match(tail):
                right.append(" ".join(tail.split()))
            continue
        if not line or _LINE_NUMBER.match(line) or _RULE_LINE.match(line):
            continue
        parts = marks.split(line)
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



_LEADING_DIGITS = re.compile(r"^\s*(\d+)")


def strip_pleading_numbers(text: str) -> str:
    """Pleading paper's line numbers (1-28 down the margin) removed from the start of its lines,
    also where the text layer glues one to the line's first word ("10" + "1983" -> "101983").

    Structure, not position: a number is only taken as a line number where it continues the
    page's sequence (the line after "9" starting "10..."), and only in text where at least ten
    lines do so, so a statute section or an address that starts a line elsewhere is kept."""
    if not text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    expect, since, hits = 1, 99, 0
    for line in lines:
        since += 1
        m = _LEADING_DIGITS.match(line)
        if m:
            digits = m.group(1)
            rest = line[m.end():]
            # glued to a capitalised word ("11" + "U.S. 544") is spaced too; "10th" is not
            spaced = not rest or rest[:1].isspace() or (expect > 1 and since <= 3 and rest[:1].isupper())
            if digits == "1" and (expect > 20 or since > 6) and spaced:
                expect = 1  # a new page's sequence
            # the expected number, or one a little ahead (numbered blank lines may be dropped)
            ahead = next((k for k in range(expect, expect + 4) if digits == str(k) and spaced), None)
            want = str(expect)
            glued = (ahead is None and expect > 1 and since <= 3 and len(digits) > len(want)
                     and digits.startswith(want))
            if ahead is not None or glued:
                hits += 1
                n = ahead if ahead is not None else expect
                expect, since = n + 1, 0
                out.append((digits[len(str(n)):] + rest).strip())
                continue
        out.append(line)
    return "\n".join(out) if hits >= 10 else text
