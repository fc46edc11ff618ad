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
"""
from __future__ import annotations

import html

from chalicelib.domain.search.tokenize import words

WINDOW = 160
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


def snippets(text: str, terms: frozenset[str] | set[str], count: int = 2) -> list[str]:
    if not text:
        return []
    hits = [(s, e, t) for s, e, t in words(text) if t in terms]
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
