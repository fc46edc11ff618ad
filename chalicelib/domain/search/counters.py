"""Facet counter arithmetic: what a filing adds to (or removes from) the exact counts.

A counter item per counted filter value (and all/all) holds "n|p", "n|s" (filings, public /
sealed) and "{facet}|{value}|p|s" for the court, document_type and year facets. Indexing adds a
filing's contribution, removal subtracts it, sealing moves it from p to s; deltas are merged so
one write per counter item applies them (with ADD, in the manifest's transaction).
"""
from __future__ import annotations

from chalicelib.domain.search.document import IndexedDocument
from chalicelib.domain.search.model import FACETS, UNKNOWN

Deltas = dict[tuple[str, str], dict[str, int]]


def bucket(sealed: bool) -> str:
    return "s" if sealed else "p"


def contribution(doc: IndexedDocument, sealed: bool, sign: int) -> Deltas:
    """Counter item -> attribute -> delta for adding (sign=+1) or removing (-1) a filing."""
    b = bucket(sealed)
    attrs = {f"n|{b}": sign, **{f"{f}|{doc.facet.get(f, UNKNOWN)}|{b}": sign for f in FACETS}}
    return {tuple(c): dict(attrs) for c in doc.counters}  # type: ignore[misc]


def merge(*parts: Deltas) -> Deltas:
    out: Deltas = {}
    for part in parts:
        for counter, attrs in part.items():
            slot = out.setdefault(counter, {})
            for attr, delta in attrs.items():
                slot[attr] = slot.get(attr, 0) + delta
    return {c: {a: d for a, d in attrs.items() if d} for c, attrs in out.items() if any(attrs.values())}


def view(counts: dict[str, int] | None, sees_sealed: bool) -> tuple[int, dict[str, dict[str, int]]]:
    """(filings, facets) a viewer may see from one counter item's attributes."""
    buckets = ("p", "s") if sees_sealed else ("p",)
    total, facets = 0, {f: {} for f in FACETS}  # type: tuple[int, dict[str, dict[str, int]]]
    for attr, count in (counts or {}).items():
        if "|" not in attr or not isinstance(count, int):
            continue
        head, _, rest = attr.partition("|")
        if head == "n":
            total += count if rest in buckets else 0
            continue
        value, _, b = rest.rpartition("|")
        if head in facets and b in buckets and count:
            facets[head][value] = facets[head].get(value, 0) + count
    return total, {f: {v: n for v, n in c.items() if n > 0} for f, c in facets.items()}
