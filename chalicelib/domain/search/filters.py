"""Posting filters: what a posting's own attributes say about a request's filters and dates."""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping

from chalicelib.domain.search.document import FILTER_ATTR, year_of
from chalicelib.domain.search.model import FACETS, NO_DATE, UNKNOWN

NOTHING = "\u0000"  # a filter value that normalises to nothing matches nothing


def passes(attrs: Mapping[str, str], filters: Mapping[str, str], lo: str | None, hi: str | None) -> bool:
    """Single-valued filters and the date range, on a posting's attributes (multi-valued filters,
    party and cites, need the FIELD lists: `multi_valued`)."""
    for name, value in filters.items():
        attr = FILTER_ATTR.get(name)
        if attr is not None and attrs.get(attr, "") != value:
            return False
    date = attrs.get("d", NO_DATE)
    return not ((lo and date < lo) or (hi and date > hi))


def multi_valued(filters: Mapping[str, str]) -> list[tuple[str, str]]:
    return [(n, v) for n, v in filters.items() if n not in FILTER_ATTR]


def facets_of(postings_attrs: Iterable[Mapping[str, str]]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter] = {f: Counter() for f in FACETS}
    for attrs in postings_attrs:
        counts["court"][attrs.get("c") or UNKNOWN] += 1
        counts["document_type"][attrs.get("t") or UNKNOWN] += 1
        counts["year"][year_of(attrs.get("d", NO_DATE))] += 1
    return {f: dict(sorted(c.items())) for f, c in counts.items()}
