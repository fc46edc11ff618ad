"""A filing as the index sees it: one `IndexedDocument` from the record and its text.

What is indexed: title and the first `INDEX_TEXT_CHARS` of the body, as words (at most
`MAX_TERMS`, highest impact first) and as posted pairs of common words (`phrases`, at most
`MAX_BIGRAMS`), each with a BM25F impact (`scoring.impact`); the neighbour fingerprints of
uncommon words; the single-valued attributes filters check on every posting; the FIELD values
(court, case, type, number, year; one per word of the judge's and the parties' names; citations);
the counters the filing adds to; and the first `SNIPPET_TEXT_CHARS` of the text for snippets.

Names are indexed by word (`name_words`), not as whole strings: `judge=Hamilton` finds Phyllis J.
Hamilton and `party=NSO` finds NSO Group Technologies Ltd. A filing posts each distinct word of
its judge and of all its parties once (words the parties share are posted once), so a filing
with three two-word parties writes six name postings where it wrote three whole names.
"""
from __future__ import annotations

import heapq
from collections import Counter
import re
from dataclasses import dataclass, field

from chalicelib.domain.models import FilingRecord
from chalicelib.domain.search import phrases, scoring
from chalicelib.domain.search.model import FACETS, NO_DATE, UNKNOWN
from chalicelib.domain.search.tokenize import bigram, normalize_citation, normalize_name, tokenize

INDEX_TEXT_CHARS = 400_000  # text analysed into postings
MAX_TERMS = 3_000  # distinct words kept per filing (highest impact first)
MAX_BIGRAMS = 1_000  # distinct posted (common-word) pairs kept per filing
SNIPPET_TEXT_CHARS = 20_000  # text kept for snippets
COUNTED = ("court", "case_id", "document_type", "document_number", "year")
MULTI_VALUED = ("party", "judge", "cites")
NAME_FIELDS = ("party", "judge")  # posted and matched word by word
FILTER_ATTR = {"court": "c", "document_type": "t", "case_id": "k", "document_number": "n"}
ATTACHMENT_ATTR = "a"  # on postings of attachments only: `document_number=45-1`
_NAME_FILLER = frozenset({"of", "and", "et", "al"})
_ENTRY = re.compile(r"^(\d+)[-.](\d+)$")


def name_words(raw: str | None) -> list[str]:
    """The distinct words of a normalised name, in order: "Hon. Phyllis J. Hamilton" ->
    ["phyllis", "j", "hamilton"]; titles, corporate suffixes and "of"/"and" are dropped."""
    out: list[str] = []
    for word in normalize_name(raw or "").split():
        if word not in _NAME_FILLER and word not in out:
            out.append(word)
    return out


def entry_parts(document_number: str | None, attachment_number: int | None = None) -> tuple[str, str]:
    """(entry number, attachment number) as indexed and filtered: "45-1" -> ("45", "1"),
    ("45", 1) -> ("45", "1"), "45" -> ("45", ""); other forms are kept whole."""
    number = (document_number or "").strip()
    match = _ENTRY.match(number)
    if match:
        return match.group(1), match.group(2).lstrip("0") or "0"
    return number, str(attachment_number) if attachment_number else ""


def field_value(name: str, raw: str) -> str:
    """The stored form of a filter value, for both indexing and querying (a name filter's value
    is its words, space separated: `name_words`)."""
    if name in NAME_FIELDS:
        return " ".join(name_words(raw))
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
    attrs: dict[str, str]  # posting attributes (c t d k n a), empty values dropped
    terms: dict[str, int]  # term -> impact (words and posted pairs)
    fields: tuple[tuple[str, str], ...]  # (name, value) FIELD postings
    counters: tuple[tuple[str, str], ...]  # (name, value) FACET counters
    facet: dict[str, str]  # facet -> value
    neighbours: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)  # word -> (next, prev)
    text: str = ""

    @property
    def date(self) -> str:
        return self.attrs.get("d", NO_DATE)

    def with_sealed(self, sealed: bool) -> IndexedDocument:
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
    number, attachment = entry_parts(record.document_number, record.attachment_number)
    attrs = {
        "c": record.court_id or "", "t": record.document_type or "", "d": date_filed,
        "k": record.case_id or "", "n": number, ATTACHMENT_ATTR: attachment,
    }
    attrs = {k: v for k, v in attrs.items() if v}
    single = {
        "court": attrs.get("c"), "case_id": attrs.get("k"),
        "document_type": attrs.get("t"), "document_number": attrs.get("n"), "year": year_of(date_filed),
    }
    fields: list[tuple[str, str]] = [(n, v) for n, v in single.items() if v]
    names = {"judge": name_words(record.judge),
             "party": [w for p in record.parties for w in name_words(p.name)]}
    for name, words_ in names.items():
        for word in words_:
            if (name, word) not in fields:
                fields.append((name, word))
    for raw in (c.cite for c in record.citations):
        value = field_value("cites", raw)
        if value and ("cites", value) not in fields:
            fields.append(("cites", value))
    counters = (("all", "all"),) + tuple((n, v) for n, v in fields if n in COUNTED)
    facet = {"court": attrs.get("c") or UNKNOWN, "document_type": attrs.get("t") or UNKNOWN,
             "year": year_of(date_filed)}
    assert set(facet) == set(FACETS)
    text = " ".join("\n".join(pages).split())[:SNIPPET_TEXT_CHARS]
    return IndexedDocument(record.id, record.sealed if sealed is None else sealed, attrs,
                           {**words, **pairs}, tuple(fields), counters, facet, near, text)
