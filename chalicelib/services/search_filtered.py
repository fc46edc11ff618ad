"""The filter-only planner (no `q`): date-ordered FIELD lists, exact totals and facets.

With no filter, or one counted filter (`filters.counted`), and no dates, total and facets come from that filter's
counter (exact, one read) and the page is read from its FIELD list (or the year lists, newest
year first) backwards from the cursor. Otherwise the lists of all filters are read side by side
in growing pages until one ends: that smallest list is read whole (dates narrow it), the other
filters are checked on its postings, and total and facets are exact over that match set. Cost
grows with the smallest matching list, never with the archive. Sealed postings count only for
a viewer who may see them, and results are always verified against the filing records.
"""
from __future__ import annotations

from collections.abc import Iterator

from chalicelib.domain.access import Viewer
from chalicelib.domain.models import FilingRecord
from chalicelib.domain.search import counters, filters
from chalicelib.domain.search.document import year_of
from chalicelib.domain.search.model import UNKNOWN, FieldPosting, Hit, SearchRequest, SearchResult
from chalicelib.errors import InvalidCursor
from chalicelib.services.search_fulltext import visible
from chalicelib.services.search_ports import Position, PostingReader

RACE_PAGE = 50  # first page size when racing filter lists for the smallest
WHOLE_PAGE = 1000


class FilterPlanner:
    def __init__(self, reader: PostingReader, request: SearchRequest, viewer: Viewer):
        self.reader, self.request, self.viewer = reader, request, viewer
        self.filters = dict(request.filters)
        self.after, self.before = request.filed_after, request.filed_before
        pos = request.state.get("pos")
        if pos is not None and not (isinstance(pos, list) and len(pos) == 2 and all(isinstance(x, str) for x in pos)):
            raise InvalidCursor("cursor is malformed")
        self.upto: Position | None = (pos[0], pos[1]) if pos else None

    def walk(self, lists: list[tuple[str, str]], upto: Position | None, page: int) -> Iterator[FieldPosting]:
        for name, value in lists:
            start = None
            while True:
                items, start = self.reader.field_page(name, value, self.after, self.before, upto, page, start)
                yield from items
                if start is None:
                    break

    def may_see(self, posting: FieldPosting) -> bool:
        return self.viewer.may_see(posting)

    def run(self) -> SearchResult:
        counted = None if self.after or self.before else filters.counted(self.filters)
        if counted:
            name, value = counted
            total, facets = counters.view(self.reader.counts(name, value), self.viewer.sees_sealed)
            if self.filters:
                lists = [(name, value)]
            else:
                years = sorted((y for y in facets["year"] if y != UNKNOWN), reverse=True)
                if self.upto:  # skip the years the cursor has passed
                    cut = year_of(self.upto[0])
                    years = [y for y in years if cut != UNKNOWN and y <= cut]
                lists = [("year", y) for y in years] + ([("year", UNKNOWN)] if UNKNOWN in facets["year"] else [])
            stream = (p for p in self.walk(lists, self.upto, min(self.request.limit * 2 + 5, 500)) if self.may_see(p))
            records, last = self.page(stream)
            facets = {f: dict(sorted(c.items())) for f, c in facets.items()}
        else:
            matches = self.all_matches()
            total, facets = len(matches), filters.facets_of(p.attrs for p in matches)
            records, last = self.page(p for p in matches if not self.upto or p.position < self.upto)
        return SearchResult(
            hits=[Hit(r, None, []) for r in records], total=total, total_exact=True, facets=facets,
            facets_exact=True, facets_basis="all_matches", sort="date",
            next_state={"pos": list(last)} if last else None,
        )

    def page(self, stream: Iterator[FieldPosting]) -> tuple[list[FilingRecord], Position | None]:
        """Take postings in order, verify them against the filing records in small batches, until
        a page plus one is visible; the position of the page's last result if there is more."""
        out: list[tuple[FilingRecord, Position]] = []
        want = self.request.limit + 1
        while len(out) < want:
            batch = []
            for posting in stream:
                batch.append(posting)
                if len(batch) >= want - len(out) + 2:
                    break
            if not batch:
                break
            records = self.reader.filings([p.filing_id for p in batch])
            for posting in batch:
                record = records.get(posting.filing_id)
                if visible(record, self.viewer):
                    out.append((record, posting.position))  # type: ignore[arg-type]
        page = out[: self.request.limit]
        more = len(out) > self.request.limit
        return [r for r, _ in page], (page[-1][1] if more else None)

    def all_matches(self) -> list[FieldPosting]:
        """Every visible posting matching all filters, newest first, read from the smallest list."""
        if self.filters:
            driving = self.smallest(filters.lists(self.filters))
        else:
            _, facets = counters.view(self.reader.counts("all", "all"), True)
            years = [y for y in facets["year"] if y != UNKNOWN and (not self.after or y >= self.after[:4])
                     and (not self.before or y <= self.before[:4])]
            driving = list(self.walk([("year", y) for y in sorted(years, reverse=True)], None, WHOLE_PAGE))
        lo, hi = self.request.date_bounds
        matches = [p for p in driving if self.may_see(p) and filters.passes(p.attrs, self.filters, lo, hi)]
        wanted = filters.multi_valued(self.filters)
        if wanted:
            ok = self.reader.members(wanted, {p.filing_id: p.date for p in matches})
            matches = [p for p in matches if p.filing_id in ok]
        matches.sort(key=lambda p: p.position, reverse=True)
        return matches

    def smallest(self, lists: list[tuple[str, str]]) -> list[FieldPosting]:
        """Read the lists side by side in doubling pages; the first to end is the smallest.
        Costs at most len(lists) × 2 × its size."""
        if len(lists) == 1:
            return list(self.walk(lists, None, WHOLE_PAGE))
        state: dict[tuple[str, str], tuple[list[FieldPosting], object]] = {one: ([], None) for one in lists}
        size = RACE_PAGE
        while True:
            for name, value in lists:
                items, start = state[(name, value)]
                got, start = self.reader.field_page(name, value, self.after, self.before, None, size, start)
                items = items + got
                state[(name, value)] = (items, start)
                if start is None:
                    return items
            size = min(size * 2, WHOLE_PAGE)
