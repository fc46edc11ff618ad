"""The full-text planner (`q`): bounded prefix reads of impact-ordered lists, verified results.

Read the top `depth + 1` postings of every list of every term the query needs
(`ParsedQuery.lists`; a term has `reader.shards` public lists, and as many sealed ones that only
a viewer with `sealed:read` reads), starting at depth ≈ 2 × limit / shards and doubling up to
`MAX_DEPTH` while too few visible matches remain. Candidates are filings found in the prefixes:
each required term must hold the filing, each fingerprinted phrase pair must match on the
posting of one of its uncommon words (`phrases`), filters are checked on posting attributes
(party and cites through `reader.members`). Scores: Σ idf × impact over the lists a candidate
appeared in, filings matching more words first; document frequencies and the archive size come
only from lists and counters the viewer may see, so a score never depends on sealed text the
viewer cannot read. At most `VERIFY_CAP` candidates are checked against the filing records
(ready and visible, `domain.access`). Totals and facets count the visible candidates; exact
only when every list that defines the match set was read to its end.

Paging: the cursor state holds "generations" [depth, last key shown]. A page re-reads to the
current depth and skips every candidate an earlier generation returned (present within that
generation's depth, ranked at or before its last key), so deepening never repeats or loses.
Cost: lists × shards × (depth + 1) postings + candidates + page texts, never the archive.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain.access import Viewer, can_see_filing
from chalicelib.domain.models import FilingRecord, FilingStatus
from chalicelib.domain.search import counters, filters, phrases, scoring
from chalicelib.domain.search.model import NO_DATE, Hit, SearchRequest, SearchResult, TermPosting
from chalicelib.domain.search.query import ParsedQuery
from chalicelib.domain.search.snippets import snippets
from chalicelib.errors import InvalidCursor
from chalicelib.services.search_ports import PostingReader

FANOUT = 2  # postings read per result wanted, across a term's shards
MIN_DEPTH = 3  # per list
MAX_DEPTH = 128  # per list: the most a full-text query reads from one partition
VERIFY_CAP = 500  # candidates checked against the filing records
MAX_GENERATIONS = 8  # depths double from MIN_DEPTH to MAX_DEPTH: a cursor holds at most this many
SNIPPETS_PER_HIT = 2


def visible(record: FilingRecord | None, viewer: Viewer) -> bool:
    return record is not None and can_see_filing(viewer, record.sealed, record.status == FilingStatus.ready)


@dataclass
class _List:
    """One partition of one term's postings, read in growing prefixes."""

    reader: PostingReader
    term: str
    shard: int
    sealed: bool
    items: list[TermPosting] = field(default_factory=list)
    start: Any | None = None
    done: bool = False

    def read_to(self, count: int) -> None:
        while not self.done and len(self.items) < count:
            got, self.start = self.reader.term_page(self.term, self.shard, self.sealed,
                                                    count - len(self.items), self.start)
            self.items.extend(got)
            self.done = self.start is None

    def exhausted_at(self, depth: int) -> bool:
        return self.done and len(self.items) <= depth


@dataclass
class _Candidate:
    filing_id: str
    attrs: Any
    matched: int
    score: float


class FullTextPlanner:
    def __init__(self, reader: PostingReader, request: SearchRequest, viewer: Viewer):
        assert request.query is not None
        self.reader, self.request, self.viewer = reader, request, viewer
        self.query: ParsedQuery = request.query
        self.lo, self.hi = request.date_bounds
        self.gens: list[list] = [list(g) for g in request.state.get("g", [])]
        if any(not isinstance(g, list) or len(g) != 2 or not isinstance(g[0], int) or g[0] < 1
               or g[0] > MAX_DEPTH or not (g[1] is None or isinstance(g[1], list)) for g in self.gens) \
                or len(self.gens) > MAX_GENERATIONS or [g[0] for g in self.gens] != sorted({g[0] for g in self.gens}):
            raise InvalidCursor("cursor is malformed")
        seals = (False, True) if viewer.sees_sealed else (False,)
        self.lists = {term: [_List(reader, term, s, sealed) for sealed in seals for s in range(reader.shards)]
                      for term in self.query.lists}
        self.records: dict[str, FilingRecord | None] = {}
        self.member_checked: dict[str, bool] = {}
        self.gen_cache: dict[int, dict[str, tuple]] = {}

    def base_depth(self) -> int:
        return max(MIN_DEPTH, math.ceil(FANOUT * (self.request.limit + 1) / self.reader.shards))

    def run(self) -> SearchResult:
        n_docs, _ = counters.view(self.reader.counts("all", "all"), self.viewer.sees_sealed)
        limit = self.request.limit
        depth = self.gens[-1][0] if self.gens else self.base_depth()
        if not self.gens:
            self.gens = [[depth, None]]
        while True:
            for lists in self.lists.values():
                for one in lists:
                    one.read_to(depth + 1)  # one past the depth tells whether the list ends there
            ranked, exact = self.rank(depth, n_docs)
            self.verify([c.filing_id for c, _ in ranked])
            shown = [(c, k) for c, k in ranked if visible(self.records.get(c.filing_id), self.viewer)]
            remaining = [(c, k) for c, k in shown if not self.shown_before(c.filing_id, k, n_docs)]
            if len(remaining) > limit or exact or depth >= MAX_DEPTH:
                break
            depth = min(MAX_DEPTH, depth * 2)
            if self.gens[-1][1] is None:
                self.gens[-1][0] = depth  # nothing shown at the shallower depth: forget it
            else:
                self.gens.append([depth, None])
        page = remaining[:limit]
        next_state = None
        if len(remaining) > limit:
            self.gens[-1][1] = list(page[-1][1])
            next_state = {"g": self.gens}
        texts = self.reader.texts([c.filing_id for c, _ in page])
        hits = [Hit(self.records[c.filing_id], round(c.score, 4),  # type: ignore[arg-type]
                    snippets(texts.get(c.filing_id, ""), self.query.highlight, SNIPPETS_PER_HIT))
                for c, _ in page]
        return SearchResult(
            hits=hits, total=len(shown), total_exact=exact,
            facets=filters.facets_of(c.attrs for c, _ in shown), facets_exact=exact,
            facets_basis="all_matches" if exact else "candidates_examined",
            sort=self.request.sort, next_state=next_state,
        )

    def pair_holds(self, pair: tuple[str, str], postings: dict[str, TermPosting]) -> bool:
        first, second = pair
        if not phrases.is_common(first) and first in postings and phrases.has(postings[first].next_words, second):
            return True
        return (not phrases.is_common(second) and second in postings
                and phrases.has(postings[second].prev_words, first))

    def candidates(self, depth: int, n_docs: int) -> tuple[list[_Candidate], bool]:
        """Candidates found within `depth` postings of every list, with scores; and whether the
        match set is complete (every list that defines it was read to its end)."""
        required, pairs = set(self.query.required), self.query.pairs
        idfs: dict[str, float] = {}
        ended: dict[str, bool] = {}
        seen: dict[str, dict[str, TermPosting]] = {}
        for term, lists in self.lists.items():
            prefix = [p for one in lists for p in one.items[:depth]]
            ended[term] = all(one.exhausted_at(depth) for one in lists)
            idfs[term] = scoring.idf(scoring.estimate_df(len(prefix), ended[term], n_docs), n_docs)
            for posting in prefix:
                seen.setdefault(posting.filing_id, {}).setdefault(term, posting)
        if required or pairs:
            complete = all(ended[t] for t in required) and all(
                any(ended.get(w, False) for w in pair if not phrases.is_common(w)) for pair in pairs)
        else:
            complete = all(ended.values())
        out = []
        filters_ = self.request.filters
        for fid, postings in seen.items():
            if not required.issubset(postings) or not all(self.pair_holds(p, postings) for p in pairs):
                continue
            attrs = next(iter(postings.values())).attrs
            if not filters.passes(attrs, filters_, self.lo, self.hi):
                continue
            impacts = {t: p.impact for t, p in postings.items()}
            matched = sum(1 for t in self.query.terms if t in impacts) + len(required) + len(pairs)
            out.append(_Candidate(fid, attrs, matched, scoring.score(impacts, idfs)))
        wanted = filters.multi_valued(filters_)
        unchecked = {c.filing_id: c.attrs.get("d", NO_DATE) for c in out if c.filing_id not in self.member_checked}
        if wanted and unchecked:
            ok = self.reader.members(wanted, unchecked)
            self.member_checked.update({fid: fid in ok for fid in unchecked})
        return [c for c in out if self.member_checked.get(c.filing_id, True)], complete

    def key(self, cand: _Candidate) -> tuple:
        if self.request.sort == "date":
            return (-int(cand.attrs.get("d", NO_DATE).replace("-", "")), cand.filing_id)
        return scoring.rank_key(cand.matched, cand.score, cand.filing_id)

    def rank(self, depth: int, n_docs: int) -> tuple[list[tuple[_Candidate, tuple]], bool]:
        cands, complete = self.candidates(depth, n_docs)
        ranked = sorted(((c, self.key(c)) for c in cands), key=lambda ck: ck[1])
        return ranked[:VERIFY_CAP], complete and len(ranked) <= VERIFY_CAP

    def shown_before(self, filing_id: str, key: tuple, n_docs: int) -> bool:
        """Was this candidate on an earlier page? Yes if some generation had it within its depth
        and at or before the last key that generation returned."""
        for depth, after in self.gens:
            if after is None:
                continue
            if depth not in self.gen_cache:
                cands, _ = self.candidates(depth, n_docs)
                self.gen_cache[depth] = {c.filing_id: self.key(c) for c in cands}
            k = self.gen_cache[depth].get(filing_id)
            try:
                if k is not None and list(k) <= list(after):
                    return True
            except TypeError as exc:  # a signed cursor whose keys are not comparable
                raise InvalidCursor("cursor is malformed") from exc
        return False

    def verify(self, filing_ids: list[str]) -> None:
        missing = [fid for fid in filing_ids if fid not in self.records]
        if missing:
            got = self.reader.filings(missing)
            self.records.update({fid: got.get(fid) for fid in missing})
