"""Posting filters: what a posting's own attributes say about a request's filters and dates.

A request's filters map a name to its normalised value (`document.field_value`). Court, type,
case and document number are single-valued: every posting carries them (`FILTER_ATTR`), so they
are checked on the posting. A name filter (`party`, `judge`) holds words — the filing must have
a FIELD posting for each — and `cites` one citation: those are checked through the FIELD lists
(`multi_valued`). `document_number=45-1` is entry 45, attachment 1: the entry's list is read and
the attachment checked on the posting.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from chalicelib.domain.search.document import ATTACHMENT_ATTR, COUNTED, FILTER_ATTR, NAME_FIELDS, entry_parts, year_of
from chalicelib.domain.search.model import FACETS, NO_DATE, UNKNOWN

NOTHING = "\u0000"  # a filter value that normalises to nothing matches nothing


def passes(attrs: Mapping[str, str], filters: Mapping[str, str], lo: str | None, hi: str | None) -> bool:
    """Single-valued filters and the date range, on a posting's attributes (multi-valued filters,
    names and cites, need the FIELD lists: `multi_valued`)."""
    for name, value in filters.items():
        attr = FILTER_ATTR.get(name)
        if attr is None:
            continue
        if name == "document_number":
            number, attachment = entry_parts(value)
            if attrs.get(attr, "") != number or (attachment and attrs.get(ATTACHMENT_ATTR, "") != attachment):
                return False
        elif attrs.get(attr, "") != value:
            return False
    date = attrs.get("d", NO_DATE)
    return not ((lo and date < lo) or (hi and date > hi))


def multi_valued(filters: Mapping[str, str]) -> list[tuple[str, str]]:
    """The FIELD postings a filing must have: one per word of a name filter, the citation."""
    out: list[tuple[str, str]] = []
    for name, value in filters.items():
        if name in NAME_FIELDS:
            out += [(name, word) for word in (value.split() or [NOTHING])]
        elif name not in FILTER_ATTR:
            out.append((name, value))
    return out


def lists(filters: Mapping[str, str]) -> list[tuple[str, str]]:
    """The FIELD lists that hold every match of each filter (the planner reads the smallest)."""
    out = [(n, entry_parts(v)[0] if n == "document_number" else v)
           for n, v in filters.items() if n in FILTER_ATTR]
    return out + multi_valued(filters)


def counted(filters: Mapping[str, str]) -> tuple[str, str] | None:
    """The one filter whose counter item counts its matches exactly, if the request has only it
    (("all", "all") for no filter); None when the matches must be counted from the lists."""
    if not filters:
        return ("all", "all")
    if len(filters) != 1:
        return None
    (name, value), = filters.items()
    if name not in COUNTED or (name == "document_number" and entry_parts(value)[1]):
        return None
    return name, value


def facets_of(postings_attrs: Iterable[Mapping[str, str]]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter] = {f: Counter() for f in FACETS}
    for attrs in postings_attrs:
        counts["court"][attrs.get("c") or UNKNOWN] += 1
        counts["document_type"][attrs.get("t") or UNKNOWN] += 1
        counts["year"][year_of(attrs.get("d", NO_DATE))] += 1
    return {f: dict(sorted(c.items())) for f, c in counts.items()}
