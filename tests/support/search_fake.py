"""An in-memory search index: both ports (`SearchIndexWriter`, `PostingReader`) over plain dicts.

It applies the same domain rules as the DynamoDB adapters (analysis, counters, the list a posting
belongs to, the orders of both list kinds), so the planners give the same answers on it; the
contract suite (`tests/services/test_search_reader_contract.py`) holds both to that.
"""
from __future__ import annotations

from typing import Any

from chalicelib.adapters.keys import TERM_SHARDS, term_shard
from chalicelib.domain.models import FilingRecord, FilingStatus
from chalicelib.domain.search import counters
from chalicelib.domain.search.document import IndexedDocument, analyze
from chalicelib.domain.search.model import FieldPosting, TermPosting


class InMemorySearchIndex:
    shards = TERM_SHARDS

    def __init__(self) -> None:
        self.docs: dict[str, IndexedDocument] = {}
        self.records: dict[str, FilingRecord] = {}
        self.counts_by: dict[tuple[str, str], dict[str, int]] = {}
        self.reads = 0  # pages and items asked for, for cost tests

    # ---- the filing store the reader verifies against -----------------------------------

    def put_filing(self, record: FilingRecord) -> None:
        self.records[record.id] = record

    # ---- SearchIndexWriter --------------------------------------------------------------

    def _apply(self, deltas: counters.Deltas) -> None:
        for counter, attrs in deltas.items():
            slot = self.counts_by.setdefault(counter, {})
            for attr, delta in attrs.items():
                slot[attr] = slot.get(attr, 0) + delta

    def index_filing(self, record: FilingRecord, pages: list[str]) -> None:
        if record.status != FilingStatus.ready:
            self.remove_filing(record.id)
            return
        current = self.records.get(record.id)
        doc = analyze(record, pages, current.sealed if current is not None else record.sealed)
        old = self.docs.get(record.id)
        parts = [counters.contribution(doc, doc.sealed, +1)]
        if old is not None:
            parts.append(counters.contribution(old, old.sealed, -1))
        self._apply(counters.merge(*parts))
        self.docs[record.id] = doc

    def remove_filing(self, filing_id: str) -> None:
        old = self.docs.pop(filing_id, None)
        if old is not None:
            self._apply(counters.contribution(old, old.sealed, -1))

    def on_sealed_changed(self, record: FilingRecord, sealed: bool) -> None:
        doc = self.docs.get(record.id)
        if doc is None or doc.sealed == sealed:
            return
        self._apply(counters.merge(counters.contribution(doc, doc.sealed, -1), counters.contribution(doc, sealed, +1)))
        self.docs[record.id] = doc.with_sealed(sealed)

    # ---- PostingReader ------------------------------------------------------------------

    def _page(self, items: list[Any], limit: int, start: Any | None) -> tuple[list[Any], Any | None]:
        offset = start or 0
        page = items[offset:offset + limit]
        self.reads += 1 + len(page)
        end = offset + len(page)
        return page, (end if end < len(items) else None)

    def term_page(self, term: str, shard: int, sealed: bool, limit: int,
                  start: Any | None) -> tuple[list[TermPosting], Any | None]:
        found = [TermPosting(d.filing_id, d.terms[term], dict(d.attrs), *d.neighbours.get(term, (b"", b"")))
                 for d in self.docs.values()
                 if term in d.terms and d.sealed == sealed and term_shard(term, d.filing_id) == shard]
        found.sort(key=lambda p: (-p.impact, p.filing_id))
        return self._page(found, limit, start)

    def field_page(self, name: str, value: str, after: str | None, before: str | None,
                   upto: tuple[str, str] | None, limit: int, start: Any | None) -> tuple[list[FieldPosting], Any | None]:
        found = [FieldPosting(d.filing_id, d.date, dict(d.attrs), d.sealed) for d in self.docs.values()
                 if (name, value) in d.fields and (not after or d.date >= after)
                 and (not before or d.date <= before) and (upto is None or (d.date, d.filing_id) < upto)]
        found.sort(key=lambda p: p.position, reverse=True)
        return self._page(found, limit, start)

    def counts(self, name: str, value: str) -> dict[str, int] | None:
        self.reads += 1
        found = self.counts_by.get((name, value))
        return dict(found) if found else None

    def members(self, wanted: list[tuple[str, str]], filing_dates: dict[str, str]) -> set[str]:
        self.reads += len(wanted) * len(filing_dates)
        return {fid for fid, date in filing_dates.items() if fid in self.docs and self.docs[fid].date == date
                and all(w in self.docs[fid].fields for w in wanted)}

    def filings(self, filing_ids: list[str]) -> dict[str, FilingRecord]:
        self.reads += len(filing_ids)
        return {fid: self.records[fid] for fid in filing_ids if fid in self.records}

    def texts(self, filing_ids: list[str]) -> dict[str, str]:
        return {fid: self.docs[fid].text for fid in filing_ids if fid in self.docs and self.docs[fid].text}
