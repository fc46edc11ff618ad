"""Legal citations in a filing's text, with eyecite (imported lazily: ~0.3 s to load).

Case citations are normalised to eyecite's corrected form ("17 F.4th 930"); short forms
("509 U.S. at 589") count toward the full citation with the same volume and reporter. Statutes
become "18 U.S.C. § 1030". Id. and supra references are not counted (they repeat the previous
citation, whatever it was).
"""
from __future__ import annotations

import re
from collections import Counter

from chalicelib.domain.extraction import Citation

__all__ = ["find_citations"]


def _law_cite(c) -> str | None:
    g = c.groups or {}
    reporter, section = g.get("reporter"), g.get("section")
    if not reporter or not section:
        return None
    title = g.get("title") or g.get("chapter") or ""
    return " ".join(f"{title} {reporter} § {section}".split())


def find_citations(text: str, max_chars: int = 400_000) -> list[Citation]:
    """Case and statute citations with counts, most frequent first."""
    if not text or not text.strip():
        return []
    import logging

    logging.getLogger("eyecite").setLevel(logging.ERROR)  # "Unknown overlap case" chatter
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation, FullLawCitation, ShortCaseCitation

    flat = " ".join(text[:max_chars].split())  # citations often wrap across lines
    counts: Counter = Counter()
    kinds: dict[str, str] = {}
    order: dict[str, int] = {}
    full_by_volume: dict[tuple[str, str], str] = {}
    shorts: list[tuple[str, str]] = []
    for c in get_citations(flat):
        if isinstance(c, FullCaseCitation):
            cite = c.corrected_citation()
            kind = "case"
            vol, rep = c.groups.get("volume"), c.corrected_reporter()
            full_by_volume.setdefault((vol, rep), cite)
        elif isinstance(c, ShortCaseCitation):
            shorts.append((c.groups.get("volume"), c.corrected_reporter()))
            continue
        elif isinstance(c, FullLawCitation):
            cite = _law_cite(c)
            kind = "statute"
            if not cite:
                continue
        else:
            continue
        cite = re.sub(r"\s+", " ", cite).strip()
        counts[cite] += 1
        kinds.setdefault(cite, kind)
        order.setdefault(cite, len(order))
    for key in shorts:
        cite = full_by_volume.get(key)
        if cite:
            counts[cite] += 1
    ranked = sorted(counts, key=lambda k: (-counts[k], order[k]))
    return [Citation(cite=k, kind=kinds[k], count=counts[k]) for k in ranked]
