"""Highlighted snippets: short windows of a filing's text around the query's words.

Format (for clients): each snippet is HTML-escaped text in which every matched word is wrapped
in `<mark>…</mark>`; a window cut inside the text starts or ends with "…". Escaping first makes
the snippet safe to insert as HTML even though filings may contain "<" or "&"; a client that
wants plain text strips the two tags and unescapes.

Words match through the same analyzer as the index (`tokenize.words`), so "claims" in the text
is marked for a query "claim". Windows are chosen greedily: the window of about `WINDOW` chars
holding the most distinct query words (earliest on ties), then the next best that does not
overlap, up to `count` snippets. Text without any match yields its opening as one unmarked
snippet, so a title-only match still shows context.

Work per text is bounded by constants, whatever the text or query: a compiled pattern finds
words that begin like a query term (in C, over text of bounded size), at most `MAX_EXAMINED` of
them are checked with the analyzer, and at most `MAX_MARKS` matches are kept for choosing
windows. A text dense with a query word ("77 77 77 …") therefore costs the same as any other.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from chalicelib.domain.search.tokenize import words

WINDOW = 160
MAX_EXAMINED = 400  # words that look like a query term, checked with the analyzer
MAX_MARKS = 48  # matches kept for choosing windows (enough to fill two windows)
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


def _window_for(text: str, start: int, end: int) -> tuple[int, int]:
    """About WINDOW chars centred on [start, end), widened to word boundaries."""
    pad = max(0, (WINDOW - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    while lo > 0 and not text[lo - 1].isspace() and start - lo < WINDOW:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - end < WINDOW:
        hi += 1
    return lo, hi


def _render(text: str, lo: int, hi: int, marks: list[tuple[int, int]]) -> str:
    out, pos = [], lo
    for start, end in marks:
        if start < lo or end > hi:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(MARK_OPEN + html.escape(text[start:end]) + MARK_CLOSE)
        pos = end
    out.append(html.escape(text[pos:hi]))
    body = " ".join("".join(out).split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")


@lru_cache(maxsize=256)
def _prefixes(terms: frozenset[str]) -> re.Pattern[str]:
    """Words starting like a term: its plurals ("claims"), "-ies" forms ("parties" for "party")."""
    heads = {t for t in terms} | {t[:-1] + "ies" for t in terms if t.endswith("y")}
    alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def _matches(text: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    if not terms:
        return found
    for examined, match in enumerate(_prefixes(terms).finditer(text)):
        if examined >= MAX_EXAMINED or len(found) >= MAX_MARKS:
            break
        for start, end, term in words(match.group()):
            if term in terms:
                found.append((match.start() + start, match.start() + end, term))
    return found


def snippets(text: str, terms: frozenset[str] | set[str], count: int = 2) -> list[str]:
    if not text:
        return []
    hits = _matches(text, frozenset(terms))
    if not hits:
        lo, hi = _window_for(text, 0, 0)
        return [_render(text, 0, hi, [])] if text.strip() else []
    marks = [(s, e) for s, e, _ in hits]
    # candidate windows start at each hit; value = distinct words inside
    chosen: list[tuple[int, int]] = []
    for _ in range(count):
        best: tuple[int, int, int] | None = None  # (-distinct, lo, hi)
        for i, (start, _, _) in enumerate(hits):
            j, inside = i, set()
            while j < len(hits) and hits[j][1] - start <= WINDOW:
                inside.add(hits[j][2])
                j += 1
            end = hits[max(i, j - 1)][1]
            lo, hi = _window_for(text, start, end)
            if any(lo < c_hi and c_lo < hi for c_lo, c_hi in chosen):
                continue
            candidate = (-len(inside), lo, hi)
            if best is None or candidate < best:
                best = candidate
        if best is None:
            break
        chosen.append((best[1], best[2]))
    chosen.sort()
    return [_render(text, lo, hi, marks) for lo, hi in chosen]
