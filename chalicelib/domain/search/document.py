"""A filing as the index sees it: one `IndexedDocument` from the record and its text.

What is indexed: title and the first `INDEX_TEXT_CHARS` of the body, as words (at most
`MAX_TERMS`, highest impact first) and as posted pairs of common words (`phrases`, at most
`MAX_BIGRAMS`), each with a BM25F impact (`scoring.impact`); the neighbour fingerprints of
uncommon words; the single-valued attributes filters check on every posting; the FIELD values
(court, case, judge, type, number, year, parties, citations); the counters the filing adds to;
and the first `SNIPPET_TEXT_CHARS` of the text for snippets.
"""
from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

from chalicelib.domain.models import FilingRecord
from chalicelib.domain.search import phrases, scoring
from chalicelib.domain.search.model import FACETS, NO_DATE, UNKNOWN
from chalicelib.domain.search.tokenize import bigram, normalize_citation, normalize_name, tokenize

INDEX_TEXT_CHARS = 400_000  # text analysed into postings
MAX_TERMS = 3_000  # distinct words kept per filing (highest impact first)
MAX_BIGRAMS = 1_000  # distinct posted (common-word) pairs kept per filing
SNIPPET_TEXT_CHARS = 20_000  # text kept for snippets
COUNTED = ("court", "case_id", "judge", "document_type", "document_number", "year")
MULTI_VALUED = ("party", "cites")
FILTER_ATTR = {"court": "c", "document_type": "t", "case_id": "k", "judge": "j", "document_number": "n"}


def field_value(name: str, raw: str) -> str:
    """The stored form of a filter value, for both indexing and querying."""
    if name in ("party", "judge"):
        return normalize_name(raw)
    if name == "cites":
        return normalize_citation(raw)
    if name in ("court", "document_type"):
        return raw.strip().lower()
    return raw.strip()


def year_of(date_filed: str) -> str:
    return date_filed[:4] if date_filed and date_filed != NO_DATE else UNKNOWN


@dataclass(frozen=True)
class IndexedDocument:
    filing_id: str
    sealed: bool
    attrs: dict[str, str]  # posting attributes (c t d k j n), empty values dropped
    terms: dict[str, int]  # term -> impact (words and posted pairs)
    fields: tuple[tuple[str, str], ...]  # (name, value) FIELD postings
    counters: tuple[tuple[str, str], ...]  # (name, value) FACET counters
    facet: dict[str, str]  # facet -> value
    neighbours: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)  # word -> (next, prev)
    text: str = ""

    @property
    def date(self) -> str:
        return self.attrs.get("d", NO_DATE)

    def with_sealed(self, sealed: bool) -> "IndexedDocument":
        return IndexedDocument(self.filing_id, sealed, self.attrs, self.terms, self.fields, self.counters,
                               self.facet, self.neighbours, self.text)


def _best(found: dict[str, int], cap: int) -> dict[str, int]:
    if len(found) <= cap:
        return found
    return dict(heapq.nsmallest(cap, found.items(), key=lambda kv: (-kv[1], kv[0])))


def _posted_pairs(terms: list[str]) -> Counter:
    return Counter(bigram(a, b) for a, b in zip(terms, terms[1:]) if phrases.posted(a, b))


def analyze(record: FilingRecord, pages: list[str], sealed: bool | None = None) -> IndexedDocument:
    """`sealed` overrides the record's flag (the index files a filing by its current seal)."""
    body_text = "\n".join(pages)[:INDEX_TEXT_CHARS]
    title_terms, body_terms = tokenize(record.title), tokenize(body_text)
    lengths = {"body_len": len(body_terms), "title_len": len(title_terms)}
    title_tf, body_tf = Counter(title_terms), Counter(body_terms)
    impacts: dict[tuple[int, int], int] = {}  # most terms share a handful of (title, body) counts

    def impact(title_count: int, body_count: int) -> int:
        found = impacts.get((title_count, body_count))
        if found is None:
            found = impacts[(title_count, body_count)] = scoring.impact(title_count, body_count, **lengths)
        return found

    words = _best({t: impact(title_tf[t], body_tf[t]) for t in title_tf.keys() | body_tf.keys()}, MAX_TERMS)
    title_bi, body_bi = _posted_pairs(title_terms), _posted_pairs(body_terms)
    pairs = _best({t: impact(title_bi[t], body_bi[t]) for t in title_bi.keys() | body_bi.keys()}, MAX_BIGRAMS)
    near = {w: (phrases.pack(after), phrases.pack(before))
            for w, (after, before) in phrases.neighbours([title_terms, body_terms]).items() if w in words}

    date_filed = record.date_filed.isoformat() if record.date_filed else NO_DATE
    attrs = {
        "c": record.court_id or "", "t": record.document_type or "", "d": date_filed,
        "k": record.case_id or "", "j": field_value("judge", record.judge or ""),
        "n": record.document_number or "",
    }
    attrs = {k: v for k, v in attrs.items() if v}
    single = {
        "court": attrs.get("c"), "case_id": attrs.get("k"), "judge": attrs.get("j"),
        "document_type": attrs.get("t"), "document_number": attrs.get("n"), "year": year_of(date_filed),
    }
    fields: list[tuple[str, str]] = [(n, v) for n, v in single.items() if v]
    for name, raws in (("party", [p.name for p in record.parties]), ("cites", [c.cite for c in record.citations])):
        for raw in raws:
            value = field_value(name, raw)
            if value and (name, value) not in fields:
                fields.append((name, value))
    counters = (("all", "all"),) + tuple((n, v) for n, v in fields if n in COUNTED)
    facet = {"court": attrs.get("c") or UNKNOWN, "document_type": attrs.get("t") or UNKNOWN,
             "year": year_of(date_filed)}
    assert set(facet) == set(FACETS)
    text = " ".join("\n".join(pages).split())[:SNIPPET_TEXT_CHARS]
    return IndexedDocument(record.id, record.sealed if sealed is None else sealed, attrs,
                           {**words, **pairs}, tuple(fields), counters, facet, near, text)
