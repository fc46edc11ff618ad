"""Full-text and filtered search over filings, kept in the archive's one DynamoDB table.

This is the DynamoDB implementation of `chalicelib.services.search.SearchBackend`. It only Queries
key ranges, Gets and BatchGets (never Scans), and every read is bounded by the page size and the
number of query words, not by the size of the archive.

Items (keys from `chalicelib.adapters.keys`; attribute names kept short, they repeat a lot)
---------------------------------------------------------------------------------------------
* TERM postings  PK=TERM#{term}#{shard} SK={999999-impact:06}#{filing_id}
  One per distinct word of title + body (`tokenize`), and one per distinct adjacent word pair
  ("motion_dismiss") for phrases. A Query returns a shard's best postings first. A term's
  postings are spread over `keys.TERM_SHARDS` partitions by filing id, so a common word is not
  one hot partition. Attributes denormalise what filters need: c court, t document type,
  d date filed, k case id, j judge (normalised), n document number.
* FIELD postings PK=FIELD#{name}#{value} SK={date}#{filing_id}, newest last (read backwards).
  Names: court, case_id, party, judge, document_type, document_number, cites, year. Same
  attributes as TERM postings plus s = sealed, kept current by `on_sealed_changed`.
* FACET counters PK=FACET#{name}#{value} SK=COUNTS for name in `COUNTED` (single-valued fields)
  and all/all: attributes "n|p", "n|s" (filings, public/sealed) and "{facet}|{value}|p|s" for the
  court, document_type and year facets. Updated with ADD in the same transaction as the manifest,
  so re-indexing is counted once and sealing moves a filing between p and s exactly once.
  Multi-valued fields (party, cites) have no counters: a filing may cite hundreds of authorities,
  more than one transaction can hold; their facets are counted from the FIELD list instead.
* INDEX manifest PK=FILING#{id} SK=INDEX: what was written for the filing (terms with impacts,
  field values, counters, sealed, text chunk count) and a generation number; re-indexing deletes
  what the new version no longer has. Stale keys are recorded as `pending` until deleted, so a
  crash between writing and cleaning up is finished by the next call.
* TEXT chunks PK=FILING#{id} SK=TEXT#{n:04}: the first `SNIPPET_TEXT_CHARS` of the normalised
  text, read only for the results on the page, for snippets.

Write path (`index_filing`): write the new postings and text (idempotent puts); then one
transaction puts the manifest (conditional on the generation read) and applies counter deltas;
then delete stale postings. A lost race re-reads and tries again.

Queries
-------
Full text (`q`): read the top `depth + 1` postings of every shard of every list the query needs
(`ParsedQuery.lists`), starting at depth ≈ 2 × limit / shards and doubling up to `MAX_DEPTH`
while too few visible matches remain. Candidates are filings found in the prefixes; each
quoted phrase requires its bigram postings; filters are checked on posting attributes (party and
cites by BatchGet of the filing's FIELD posting keys). Scores: Σ idf × impact over the lists a
candidate appeared in (`scoring`), filings matching more words first. All candidates (at most
`VERIFY_CAP`) are BatchGot from the filing items and dropped unless `ready` and visible to the
viewer: that makes sealing immediate without re-indexing. Total and facets count the visible
candidates; they are exact (`all_matches`) only when every needed list was read to its end,
else `candidates_examined`. Cost: lists × shards × (depth + 1) postings + candidates + page texts.

Paging (full text): a cursor holds "generations" [depth, last key shown]. A page re-reads the
lists to the current depth and skips every candidate that an earlier generation already
returned (present at that generation's depth and ranked at or before its last key), so
deepening between pages never repeats or loses a result.

Filter-only: with no filter, or one counted filter, and no dates, total and facets come from
that FACET counter (exact, one GetItem) and the page is read from the FIELD list (or the year
lists, newest year first) backwards from the cursor. Otherwise the lists of all filters are
read side by side in growing pages until one ends: that smallest list is read whole (dates
narrow it with a key condition), the other filters are checked on its postings, and total and
facets are exact over that match set. Cost grows with the smallest matching list, never with
the archive. Results are always verified against the filing items.

Known limits (documented for the API): phrases match adjacent words after stopword removal
("motion to dismiss" ~ "motion dismiss"); only the first `INDEX_TEXT_CHARS` of a filing's text
are indexed; a very selective filter combined with a common word examines at most `MAX_DEPTH`
postings per shard and says so (`total_exact` false). Facet counters count a filing from the
moment it is indexed (the worker indexes just before committing it as ready); the worker
should call `remove_filing` if the filing then fails for good.
"""
from __future__ import annotations

import hashlib
import heapq
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from chalicelib.adapters import dynamo, filings_repo, keys
from chalicelib.api import cursors
from chalicelib.api.search_models import Facets, SearchHit, SearchParams, SearchResponse
from chalicelib.domain.access import Viewer
from chalicelib.domain.models import FilingRecord, FilingStatus
from chalicelib.domain.search import scoring
from chalicelib.domain.search.query import ParsedQuery, parse
from chalicelib.domain.search.snippets import snippets
from chalicelib.domain.search.tokenize import bigrams, normalize_citation, normalize_name, tokenize
from chalicelib.errors import InvalidCursor

CURSOR_PURPOSE = "search"

# Index side
INDEX_TEXT_CHARS = 400_000  # text analysed into postings
MAX_TERMS = 3_000  # distinct words kept per filing (highest impact first)
MAX_BIGRAMS = 3_000  # distinct word pairs kept per filing
SNIPPET_TEXT_CHARS = 32_000  # text kept for snippets
TEXT_CHUNK_CHARS = 80_000  # ≤ 320 KB of UTF-8 per TEXT item, under DynamoDB's 400 KB
COUNTED = ("court", "case_id", "judge", "document_type", "document_number", "year")
MULTI_VALUED = ("party", "cites")
FACETS = ("court", "document_type", "year")
UNKNOWN = "unknown"
NO_DATE = "0000-00-00"

# Query side
FANOUT = 2  # postings read per result wanted, across a term's shards
MIN_DEPTH = 3  # per shard
MAX_DEPTH = 128  # per shard: the most a full-text query reads from one partition
VERIFY_CAP = 500  # candidates checked against the filing items
RACE_PAGE = 50  # first page size when racing filter lists for the smallest
SNIPPETS_PER_HIT = 2

_POSTING_ATTRS = ("c", "t", "d", "k", "j", "n")
_FILTER_ATTR = {"court": "c", "document_type": "t", "case_id": "k", "judge": "j", "document_number": "n"}


# --------------------------------------------------------------------------------------------
# Field values
# --------------------------------------------------------------------------------------------

def field_value(name: str, raw: str) -> str:
    """The stored form of a filter value, for both indexing and querying."""
    if name in ("party", "judge"):
        return normalize_name(raw)
    if name == "cites":
        return normalize_citation(raw)
    if name in ("court", "document_type"):
        return raw.strip().lower()
    return raw.strip()


def _year(date_filed: str) -> str:
    return date_filed[:4] if date_filed and date_filed != NO_DATE else UNKNOWN


@dataclass(frozen=True)
class _Doc:
    """What the index records about one filing."""

    filing_id: str
    sealed: bool
    attrs: dict[str, str]  # the posting attributes (c t d k j n), empty values dropped
    terms: dict[str, int]  # term -> impact (words and bigrams)
    fields: tuple[tuple[str, str], ...]  # (name, value) FIELD postings
    counters: tuple[tuple[str, str], ...]  # (name, value) FACET counters
    facet: dict[str, str]  # facet -> value
    chunks: tuple[str, ...] = ()

    @property
    def date(self) -> str:
        return self.attrs.get("d", NO_DATE)

    def term_keys(self) -> list[dict[str, str]]:
        return [keys.posting(t, i, self.filing_id) for t, i in self.terms.items()]

    def field_keys(self) -> list[dict[str, str]]:
        return [keys.field_posting(n, v, self.date, self.filing_id) for n, v in self.fields]

    def chunk_keys(self, count: int | None = None) -> list[dict[str, str]]:
        return [keys.filing_text_chunk(self.filing_id, n) for n in range(len(self.chunks) if count is None else count)]


def _analyze(record: FilingRecord, pages: list[str]) -> _Doc:
    body_text = "\n".join(pages)[:INDEX_TEXT_CHARS]
    title_terms = tokenize(record.title)
    body_terms = tokenize(body_text)
    lengths = {"body_len": len(body_terms), "title_len": len(title_terms)}
    title_tf, body_tf = Counter(title_terms), Counter(body_terms)
    impacts: dict[tuple[int, int], int] = {}  # most terms share a handful of (title, body) counts

    def impact(title_count: int, body_count: int) -> int:
        found = impacts.get((title_count, body_count))
        if found is None:
            found = impacts[(title_count, body_count)] = scoring.impact(title_count, body_count, **lengths)
        return found

    words = {t: impact(title_tf[t], body_tf[t]) for t in title_tf.keys() | body_tf.keys()}
    title_bi, body_bi = Counter(bigrams(title_terms)), Counter(bigrams(body_terms))
    pairs = {t: impact(title_bi[t], body_bi[t]) for t in title_bi.keys() | body_bi.keys()}

    def best(found: dict[str, int], cap: int) -> dict[str, int]:
        if len(found) <= cap:
            return found
        return dict(heapq.nsmallest(cap, found.items(), key=lambda kv: (-kv[1], kv[0])))

    terms = {**best(words, MAX_TERMS), **best(pairs, MAX_BIGRAMS)}
    date_filed = record.date_filed.isoformat() if record.date_filed else NO_DATE
    attrs = {
        "c": record.court_id or "", "t": record.document_type or "", "d": date_filed,
        "k": record.case_id or "", "j": field_value("judge", record.judge or ""),
        "n": record.document_number or "",
    }
    attrs = {k: v for k, v in attrs.items() if v}
    single = {
        "court": attrs.get("c"), "case_id": attrs.get("k"), "judge": attrs.get("j"),
        "document_type": attrs.get("t"), "document_number": attrs.get("n"), "year": _year(date_filed),
    }
    fields: list[tuple[str, str]] = [(n, v) for n, v in single.items() if v]
    for party in record.parties:
        value = field_value("party", party.name)
        if value and ("party", value) not in fields:
            fields.append(("party", value))
    for cite in record.citations:
        value = field_value("cites", cite.cite)
        if value and ("cites", value) not in fields:
            fields.append(("cites", value))
    counters = (("all", "all"),) + tuple((n, v) for n, v in fields if n in COUNTED)
    facet = {"court": attrs.get("c") or UNKNOWN, "document_type": attrs.get("t") or UNKNOWN,
             "year": _year(date_filed)}
    text = " ".join("\n".join(pages).split())[:SNIPPET_TEXT_CHARS]
    chunks = tuple(text[i:i + TEXT_CHUNK_CHARS] for i in range(0, len(text), TEXT_CHUNK_CHARS))
    return _Doc(record.id, record.sealed, attrs, terms, tuple(fields), counters, facet, chunks)


# --------------------------------------------------------------------------------------------
# The manifest: compact, so a filing with thousands of terms fits in one item
# --------------------------------------------------------------------------------------------

def _pack_terms(terms: dict[str, int]) -> str:
    return "\n".join(f"{t} {i}" for t, i in terms.items())


def _unpack_terms(packed: str) -> dict[str, int]:
    out = {}
    for line in packed.splitlines():
        term, _, impact = line.rpartition(" ")
        out[term] = int(impact)
    return out


def _manifest_item(doc: _Doc, gen: int, pending: list[dict] | None) -> dict[str, Any]:
    item = {
        **keys.filing_index_manifest(doc.filing_id), "item_type": "search_manifest",
        "filing_id": doc.filing_id, "gen": gen, "sealed": doc.sealed, "attrs": doc.attrs,
        "terms": _pack_terms(doc.terms), "fields": [list(f) for f in doc.fields],
        "counters": [list(c) for c in doc.counters], "facet": doc.facet, "chunks": len(doc.chunks),
    }
    if pending:
        item["pending"] = json.dumps(pending, separators=(",", ":"))
    return item


def _doc_from_manifest(item: dict[str, Any]) -> tuple[_Doc, int]:
    doc = _Doc(
        filing_id=item["filing_id"], sealed=bool(item.get("sealed")), attrs=item.get("attrs") or {},
        terms=_unpack_terms(item.get("terms", "")),
        fields=tuple(tuple(f) for f in item.get("fields", [])),
        counters=tuple(tuple(c) for c in item.get("counters", [])), facet=item.get("facet") or {},
    )
    return doc, int(item.get("chunks", 0))


def _key_list(doc: _Doc, chunks: int) -> list[dict[str, str]]:
    return doc.term_keys() + doc.field_keys() + doc.chunk_keys(chunks)


def _marker(key: dict[str, str]) -> tuple[str, str]:
    return key["PK"], key["SK"]


# --------------------------------------------------------------------------------------------
# Counters
# --------------------------------------------------------------------------------------------

def _bucket(sealed: bool) -> str:
    return "s" if sealed else "p"


def _contribution(doc: _Doc, sealed: bool, sign: int) -> dict[tuple[str, str], dict[str, int]]:
    """Counter item -> attribute -> delta for adding (sign=+1) or removing (-1) a filing."""
    b = _bucket(sealed)
    attrs = {f"n|{b}": sign, **{f"{f}|{doc.facet.get(f, UNKNOWN)}|{b}": sign for f in FACETS}}
    return {tuple(c): dict(attrs) for c in doc.counters}


def _merge(*parts: dict) -> dict[tuple[str, str], dict[str, int]]:
    out: dict[tuple[str, str], dict[str, int]] = {}
    for part in parts:
        for counter, attrs in part.items():
            slot = out.setdefault(counter, {})
            for attr, delta in attrs.items():
                slot[attr] = slot.get(attr, 0) + delta
    return {c: {a: d for a, d in attrs.items() if d} for c, attrs in out.items()
            if any(attrs.values())}


def _counter_ops(deltas: dict[tuple[str, str], dict[str, int]]) -> list[dict[str, Any]]:
    ops = []
    for (name, value), attrs in deltas.items():
        names = {f"#a{i}": attr for i, attr in enumerate(attrs)}
        vals = {f":d{i}": delta for i, delta in enumerate(attrs.values())}
        ops.append({"Update": {
            "TableName": dynamo.table(),
            "Key": dynamo.serialize(keys.facet_counter(name, value)),
            "UpdateExpression": "SET item_type = :type ADD " + ", ".join(f"#a{i} :d{i}" for i in range(len(attrs))),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": dynamo.values({**vals, ":type": "facet_counter"}),
        }})
    return ops


def _transact(ops: list[dict[str, Any]]) -> None:
    client = dynamo.client()
    try:
        client.transact_write_items(TransactItems=ops)
    except client.exceptions.TransactionCanceledException as exc:
        reasons = exc.response.get("CancellationReasons", [])
        if any(r.get("Code") == "ConditionalCheckFailed" for r in reasons):
            raise dynamo.ConditionFailed(str(exc)) from exc
        raise


def _manifest_guard(gen: int | None) -> dict[str, Any]:
    if gen is None:
        return {"ConditionExpression": "attribute_not_exists(PK)"}
    return {"ConditionExpression": "gen = :g", "ExpressionAttributeValues": dynamo.values({":g": gen})}


def _read_counter(name: str, value: str) -> dict[str, Any] | None:
    return dynamo.get(keys.facet_counter(name, value))


def _counter_view(item: dict[str, Any] | None, sees_sealed: bool) -> tuple[int, dict[str, dict[str, int]]]:
    buckets = ("p", "s") if sees_sealed else ("p",)
    total, facets = 0, {f: {} for f in FACETS}
    for attr, count in (item or {}).items():
        if "|" not in attr or not isinstance(count, int):
            continue
        head, _, rest = attr.partition("|")
        if head == "n":
            total += count if rest in buckets else 0
            continue
        value, _, bucket = rest.rpartition("|")
        if head in facets and bucket in buckets and count:
            facets[head][value] = facets[head].get(value, 0) + count
    return total, {f: {v: n for v, n in c.items() if n > 0} for f, c in facets.items()}


# --------------------------------------------------------------------------------------------
# Writes
# --------------------------------------------------------------------------------------------

MAX_ATTEMPTS = 5


def sequential_writes(ops: list[dict[str, Any]]) -> None:
    """Apply transaction parts one by one, the guarded manifest write first: the same result as
    `_transact` when nothing fails midway, without atomicity. For bulk loads into an emulator
    whose transactions cost O(table) (moto copies the table per transaction); never in AWS."""
    client = dynamo.client()
    for op in ops:
        (kind, body), = op.items()
        call = {"Put": client.put_item, "Update": client.update_item, "Delete": client.delete_item}[kind]
        try:
            call(**body)
        except client.exceptions.ConditionalCheckFailedException as exc:
            raise dynamo.ConditionFailed(str(exc)) from exc


class DynamoSearchIndex:
    """`SearchBackend` over the archive table. `transact` applies a manifest write together with
    its counter updates (atomically by default)."""

    def __init__(self, transact: Callable[[list[dict[str, Any]]], None] | None = None) -> None:
        self._transact = transact or _transact

    # ---- writes ---------------------------------------------------------------------------

    def index_filing(self, record: FilingRecord, pages: list[str]) -> None:
        """Only a `ready` record is searchable: any other status removes the filing instead.
        (The worker passes the ready record it is about to commit.)"""
        if record.status != FilingStatus.ready:
            self.remove_filing(record.id)
            return
        doc = _analyze(record, pages)
        for _ in range(MAX_ATTEMPTS):
            old_item = dynamo.get(keys.filing_index_manifest(record.id), consistent=True)
            old_gen = int(old_item["gen"]) if old_item else None
            if old_item and old_item.get("pending"):
                self._finish_pending(old_item)
                continue
            self._write_postings(doc)
            if old_item:
                old, old_chunks = _doc_from_manifest(old_item)
                deltas = _merge(_contribution(old, old.sealed, -1), _contribution(doc, doc.sealed, +1))
                new_keys = {_marker(k) for k in _key_list(doc, len(doc.chunks))}
                stale = [k for k in _key_list(old, old_chunks) if _marker(k) not in new_keys]
            else:
                deltas, stale = _contribution(doc, doc.sealed, +1), []
            gen = (old_gen or 0) + 1
            pending = [[k["PK"], k["SK"]] for k in stale] if stale else None
            manifest = _manifest_item(doc, gen, pending if pending and len(json.dumps(pending)) < 150_000 else None)
            put = {"Put": {"TableName": dynamo.table(), "Item": dynamo.serialize(manifest), **_manifest_guard(old_gen)}}
            try:
                self._transact([put] + _counter_ops(deltas))
            except dynamo.ConditionFailed:
                continue
            if stale:
                dynamo.batch_write([], stale)
                if "pending" in manifest:
                    self._clear_pending(record.id, gen)
            return
        raise RuntimeError(f"could not index filing {record.id}: concurrent re-indexing")

    def index_filings(self, batch: list[tuple[FilingRecord, list[str]]]) -> None:
        """Bulk `index_filing` for backfills: filings never indexed before are written in chunks,
        each chunk's manifests (guarded: must not exist) and summed counter deltas in one
        transaction of ≤ 100 parts; a filing already indexed, or a chunk that loses a race,
        goes through `index_filing`. Costs about one write request per 25 postings plus one
        transaction per chunk, instead of one transaction per filing."""
        for record, _ in batch:
            if record.status != FilingStatus.ready:
                self.remove_filing(record.id)
        batch = [(record, pages) for record, pages in batch if record.status == FilingStatus.ready]
        docs = [_analyze(record, pages) for record, pages in batch]
        if not docs:
            return
        existing = {i["filing_id"] for i in dynamo.batch_get([keys.filing_index_manifest(d.filing_id) for d in docs])}
        by_id = {record.id: (record, pages) for record, pages in batch}
        fresh = [d for d in docs if d.filing_id not in existing]
        for doc in docs:
            if doc.filing_id in existing:
                self.index_filing(*by_id[doc.filing_id])
        chunk: list[_Doc] = []
        deltas: dict = {}
        for doc in fresh + [None]:
            if doc is not None:
                merged = _merge(deltas, _contribution(doc, doc.sealed, +1))
                if len(chunk) + 1 + len(merged) <= 100:
                    chunk, deltas = chunk + [doc], merged
                    continue
            if chunk:
                for d in chunk:
                    self._write_postings(d)
                puts = [{"Put": {"TableName": dynamo.table(), "Item": dynamo.serialize(_manifest_item(d, 1, None)),
                                 **_manifest_guard(None)}} for d in chunk]
                try:
                    self._transact(puts + _counter_ops(deltas))
                except dynamo.ConditionFailed:
                    for d in chunk:
                        self.index_filing(*by_id[d.filing_id])
            if doc is not None:
                chunk, deltas = [doc], _contribution(doc, doc.sealed, +1)

    def _write_postings(self, doc: _Doc) -> None:
        term_items = [{**k, "item_type": "posting", **doc.attrs} for k in doc.term_keys()]
        field_items = [{**k, "item_type": "field_posting", **doc.attrs, "f": doc.filing_id, "s": doc.sealed}
                       for k in doc.field_keys()]
        chunk_items = [{**k, "item_type": "search_text", "text": text}
                       for k, text in zip(doc.chunk_keys(), doc.chunks)]
        dynamo.batch_write(term_items + field_items + chunk_items)

    def _finish_pending(self, item: dict[str, Any]) -> None:
        """Delete stale postings a previous call recorded but did not get to delete."""
        current, chunks = _doc_from_manifest(item)
        live = {_marker(k) for k in _key_list(current, chunks)}
        stale = [{"PK": pk, "SK": sk} for pk, sk in json.loads(item["pending"]) if (pk, sk) not in live]
        dynamo.batch_write([], stale)
        self._clear_pending(item["filing_id"], int(item["gen"]))

    def _clear_pending(self, filing_id: str, gen: int) -> None:
        try:
            dynamo.update(keys.filing_index_manifest(filing_id), "REMOVE pending",
                          condition="gen = :g", vals={":g": gen}, return_values="NONE")
        except dynamo.ConditionFailed:
            pass  # someone re-indexed meanwhile; their manifest is current

    def remove_filing(self, filing_id: str) -> None:
        for _ in range(MAX_ATTEMPTS):
            item = dynamo.get(keys.filing_index_manifest(filing_id), consistent=True)
            if item is None:
                return
            doc, chunks = _doc_from_manifest(item)
            extra = [{"PK": pk, "SK": sk} for pk, sk in json.loads(item.get("pending") or "[]")]
            dynamo.batch_write([], _key_list(doc, chunks) + extra)
            delete = {"Delete": {"TableName": dynamo.table(),
                                 "Key": dynamo.serialize(keys.filing_index_manifest(filing_id)),
                                 **_manifest_guard(int(item["gen"]))}}
            try:
                self._transact([delete] + _counter_ops(_contribution(doc, doc.sealed, -1)))
                return
            except dynamo.ConditionFailed:
                continue
        raise RuntimeError(f"could not remove filing {filing_id} from the index")

    def on_sealed_changed(self, record: FilingRecord, sealed: bool) -> None:
        """Move the filing between the public and sealed counters (once) and mark its FIELD
        postings. Idempotent; results never depend on it (they are checked against the filing)."""
        for _ in range(MAX_ATTEMPTS):
            item = dynamo.get(keys.filing_index_manifest(record.id), consistent=True)
            if item is None:
                return
            doc, _ = _doc_from_manifest(item)
            if doc.sealed != sealed:
                gen = int(item["gen"])
                flip = {"Update": {
                    "TableName": dynamo.table(), "Key": dynamo.serialize(keys.filing_index_manifest(record.id)),
                    "UpdateExpression": "SET sealed = :s, gen = :next",
                    "ConditionExpression": "gen = :g",
                    "ExpressionAttributeValues": dynamo.values({":s": sealed, ":g": gen, ":next": gen + 1}),
                }}
                deltas = _merge(_contribution(doc, doc.sealed, -1), _contribution(doc, sealed, +1))
                try:
                    self._transact([flip] + _counter_ops(deltas))
                except dynamo.ConditionFailed:
                    continue
            marked = _Doc(doc.filing_id, sealed, doc.attrs, {}, doc.fields, doc.counters, doc.facet)
            dynamo.batch_write([{**k, "item_type": "field_posting", **marked.attrs, "f": marked.filing_id,
                                 "s": sealed} for k in marked.field_keys()])
            return
        raise RuntimeError(f"could not record the sealing of filing {record.id}")

    # ---- queries --------------------------------------------------------------------------

    def query(self, params: SearchParams, viewer: Viewer) -> SearchResponse:
        state = _decode_cursor(params, viewer)
        if params.q:
            return _FullText(params, parse(params.q), viewer, state).run()
        return _FilterOnly(params, viewer, state).run()


# --------------------------------------------------------------------------------------------
# Shared query helpers
# --------------------------------------------------------------------------------------------

def _fingerprint(params: SearchParams, viewer: Viewer) -> str:
    raw = json.dumps([params.fingerprint(), viewer.sees_sealed], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _decode_cursor(params: SearchParams, viewer: Viewer) -> dict[str, Any]:
    if not params.cursor:
        return {}
    state = cursors.decode(CURSOR_PURPOSE, params.cursor)
    if state.get("h") != _fingerprint(params, viewer):
        raise InvalidCursor("cursor belongs to a different query; repeat the same parameters with it")
    return state


def _encode_cursor(params: SearchParams, viewer: Viewer, state: dict[str, Any]) -> str:
    return cursors.encode(CURSOR_PURPOSE, {**state, "h": _fingerprint(params, viewer)})


def _visible(record: FilingRecord | None, viewer: Viewer) -> bool:
    return (record is not None and record.status == FilingStatus.ready
            and (not record.sealed or viewer.sees_sealed))


def _date_bounds(params: SearchParams) -> tuple[str | None, str | None]:
    lo = params.filed_after.isoformat() if params.filed_after else None
    hi = params.filed_before.isoformat() + "#~" if params.filed_before else None
    return lo, hi


def _hit(record: FilingRecord, score: float | None, snips: list[str]) -> SearchHit:
    return SearchHit(
        filing_id=record.id, case_id=record.case_id, court_id=record.court_id,
        docket_number=record.docket_number, case_name=record.case_name, title=record.title,
        document_type=record.document_type, document_number=record.document_number,
        attachment_number=record.attachment_number, date_filed=record.date_filed,
        score=None if score is None else round(score, 4), snippets=snips,
    )


def _facets_of(postings: Iterable[dict[str, Any]]) -> Facets:
    counts: dict[str, Counter] = {f: Counter() for f in FACETS}
    for p in postings:
        counts["court"][p.get("c") or UNKNOWN] += 1
        counts["document_type"][p.get("t") or UNKNOWN] += 1
        counts["year"][_year(p.get("d", NO_DATE))] += 1
    return Facets(**{f: dict(sorted(c.items())) for f, c in counts.items()})


def _posting_passes(posting: dict[str, Any], filters: dict[str, str], lo: str | None, hi: str | None) -> bool:
    for name, value in filters.items():
        attr = _FILTER_ATTR.get(name)
        if attr is not None and posting.get(attr, "") != value:
            return False
    date = posting.get("d", NO_DATE)
    return not ((lo and date < lo) or (hi and date > hi))


def _members(filing_dates: dict[str, str], filters: dict[str, str]) -> set[str]:
    """Filing ids (of those given with their dates) that have every multi-valued filter value:
    one BatchGet of the exact FIELD posting keys, whose SK is (date, id)."""
    wanted = [(n, v) for n, v in filters.items() if n in MULTI_VALUED]
    ok = set(filing_dates)
    if not wanted or not ok:
        return ok
    found = dynamo.batch_get([keys.field_posting(n, v, d, fid) for fid, d in filing_dates.items() for n, v in wanted])
    have = Counter(i["f"] for i in found)
    return {fid for fid in ok if have[fid] == len(wanted)}


def _texts(filing_ids: list[str]) -> dict[str, str]:
    items = dynamo.batch_get([keys.filing_text_chunk(fid, 0) for fid in filing_ids])
    return {i["PK"].split("#", 1)[1]: i.get("text", "") for i in items}


def _normalized_filters(params: SearchParams) -> dict[str, str]:
    out = {}
    for name, raw in params.filters().items():
        value = field_value(name, raw)
        out[name] = value if value else "\u0000"  # a value that normalises to nothing matches nothing
    return out


# --------------------------------------------------------------------------------------------
# Full text
# --------------------------------------------------------------------------------------------

@dataclass
class _Shard:
    partition: str
    items: list[dict[str, Any]] = field(default_factory=list)
    start: dict[str, Any] | None = None
    done: bool = False

    def read_to(self, count: int) -> None:
        while not self.done and len(self.items) < count:
            got, self.start = dynamo.query_page(self.partition, limit=count - len(self.items), start_key=self.start)
            self.items.extend(got)
            self.done = self.start is None

    def exhausted_at(self, depth: int) -> bool:
        return self.done and len(self.items) <= depth


class _FullText:
    def __init__(self, params: SearchParams, parsed: ParsedQuery, viewer: Viewer, state: dict[str, Any]):
        self.params, self.parsed, self.viewer = params, parsed, viewer
        self.filters = _normalized_filters(params)
        self.lo, self.hi = _date_bounds(params)
        self.gens: list[list] = [list(g) for g in state.get("g", [])]
        if any(not isinstance(g, list) or len(g) != 2 or not isinstance(g[0], int) for g in self.gens):
            raise InvalidCursor("cursor is malformed")
        self.shards = {term: [_Shard(keys.term_partition(term, s)) for s in range(keys.TERM_SHARDS)]
                       for term in parsed.lists}
        self.records: dict[str, FilingRecord | None] = {}
        self.member_checked: dict[str, bool] = {}

    def base_depth(self) -> int:
        return max(MIN_DEPTH, math.ceil(FANOUT * (self.params.limit + 1) / keys.TERM_SHARDS))

    def run(self) -> SearchResponse:
        n_docs, _ = _counter_view(_read_counter("all", "all"), True)
        depth = self.gens[-1][0] if self.gens else self.base_depth()
        if not self.gens:
            self.gens = [[depth, None]]
        while True:
            for shards in self.shards.values():
                for shard in shards:
                    shard.read_to(depth + 1)  # one past the depth tells whether the list ends there
            ranked, exact = self.rank(depth, n_docs)
            self.verify([c["id"] for c, _ in ranked])
            visible = [(c, k) for c, k in ranked if _visible(self.records.get(c["id"]), self.viewer)]
            remaining = [(c, k) for c, k in visible if not self.shown(c["id"], k, n_docs)]
            if len(remaining) > self.params.limit or exact or depth >= MAX_DEPTH:
                break
            depth = min(MAX_DEPTH, depth * 2)
            if self.gens[-1][1] is None:
                self.gens[-1][0] = depth  # nothing shown at the shallower depth: forget it
            else:
                self.gens.append([depth, None])
        page = remaining[: self.params.limit]
        nxt = None
        if len(remaining) > self.params.limit:
            self.gens[-1][1] = list(page[-1][1])
            nxt = _encode_cursor(self.params, self.viewer, {"g": self.gens})
        texts = _texts([c["id"] for c, _ in page])
        hits = [_hit(self.records[c["id"]], c["score"],
                     snippets(texts.get(c["id"], ""), self.parsed.highlight, SNIPPETS_PER_HIT))
                for c, _ in page]
        cands = [c for c, _ in visible]
        return SearchResponse(
            results=hits, total=len(cands), total_exact=exact,
            facets=_facets_of(c["posting"] for c in cands), facets_exact=exact,
            facets_basis="all_matches" if exact else "candidates_examined",
            sort=self.params.sort, next=nxt,
        )

    def candidates(self, depth: int, n_docs: int) -> tuple[list[dict[str, Any]], bool]:
        """Candidates found within `depth` postings of every shard, with scores; and whether the
        match set is complete (every list that defines it was read to its end)."""
        required = set(self.parsed.required)
        idfs, found, seen_in = {}, {}, {}
        complete = True
        for term, shards in self.shards.items():
            prefix = [p for s in shards for p in s.items[:depth]]
            ended = all(s.exhausted_at(depth) for s in shards)
            if not ended and (term in required or not required):
                complete = False
            idfs[term] = scoring.idf(scoring.estimate_df(len(prefix), ended, n_docs), n_docs)
            for posting in prefix:
                inv, _, fid = posting["SK"].partition("#")
                found.setdefault(fid, posting)
                seen_in.setdefault(fid, {})[term] = scoring.MAX_IMPACT - int(inv)
        out = []
        for fid, impacts in seen_in.items():
            if not required.issubset(impacts):
                continue
            posting = found[fid]
            if not _posting_passes(posting, self.filters, self.lo, self.hi):
                continue
            matched = sum(1 for t in self.parsed.terms if t in impacts) + len(required)
            out.append({"id": fid, "posting": posting, "matched": matched,
                        "score": scoring.score(impacts, idfs)})
        multi = {c["id"]: c["posting"].get("d", NO_DATE) for c in out if c["id"] not in self.member_checked}
        if multi and any(n in MULTI_VALUED for n in self.filters):
            ok = _members(multi, self.filters)
            self.member_checked.update({fid: fid in ok for fid in multi})
        out = [c for c in out if self.member_checked.get(c["id"], True)]
        return out, complete

    def key(self, cand: dict[str, Any]) -> tuple:
        if self.params.sort == "date":
            date = cand["posting"].get("d", NO_DATE)
            return (-int(date.replace("-", "")), cand["id"])
        return scoring.rank_key(cand["matched"], cand["score"], cand["id"])

    def rank(self, depth: int, n_docs: int) -> tuple[list[tuple[dict, tuple]], bool]:
        cands, complete = self.candidates(depth, n_docs)
        ranked = sorted(((c, self.key(c)) for c in cands), key=lambda ck: ck[1])
        return ranked[:VERIFY_CAP], complete and len(ranked) <= VERIFY_CAP

    def shown(self, filing_id: str, key: tuple, n_docs: int) -> bool:
        """Was this candidate on an earlier page? Yes if some generation had it within its depth
        and at or before the last key that generation returned."""
        for depth, after in self.gens:
            if after is None:
                continue
            earlier = self._gen_keys(depth, n_docs)
            k = earlier.get(filing_id)
            if k is not None and list(k) <= list(after):
                return True
        return False

    def _gen_keys(self, depth: int, n_docs: int) -> dict[str, tuple]:
        cache = self.__dict__.setdefault("_gen_cache", {})
        if depth not in cache:
            cands, _ = self.candidates(depth, n_docs)
            cache[depth] = {c["id"]: self.key(c) for c in cands}
        return cache[depth]

    def verify(self, filing_ids: list[str]) -> None:
        missing = [fid for fid in filing_ids if fid not in self.records]
        if missing:
            got = filings_repo.get_many(missing)
            self.records.update({fid: got.get(fid) for fid in missing})


# --------------------------------------------------------------------------------------------
# Filter only
# --------------------------------------------------------------------------------------------

def _read_range(partition: str, lo: str | None, hi: str | None, upto: str | None = None,
                page: int = 100, start: dict | None = None) -> tuple[list[dict[str, Any]], dict | None]:
    """One page of a FIELD list backwards (newest first), within [lo, min(hi, upto)]."""
    top = min(x for x in (hi, upto, "~") if x is not None)  # "~" sorts after every date#id
    bottom = lo or "0"
    items, last = dynamo.query_page(
        partition, sk_condition="#sk BETWEEN :lo AND :hi", sk_values={":lo": bottom, ":hi": top},
        forward=False, limit=page, start_key=start,
    )
    if upto is not None:
        items = [i for i in items if i["SK"] < upto]
    return items, last


def _walk(partitions: list[str], lo: str | None, hi: str | None, upto: str | None,
          page: int) -> Iterator[dict[str, Any]]:
    for partition in partitions:
        start = None
        while True:
            items, start = _read_range(partition, lo, hi, upto, page, start)
            yield from items
            if not start:
                break


class _FilterOnly:
    def __init__(self, params: SearchParams, viewer: Viewer, state: dict[str, Any]):
        self.params, self.viewer = params, viewer
        self.filters = _normalized_filters(params)
        self.lo, self.hi = _date_bounds(params)
        self.upto = state.get("pos")
        if self.upto is not None and not isinstance(self.upto, str):
            raise InvalidCursor("cursor is malformed")

    def accept_posting(self, posting: dict[str, Any]) -> bool:
        return self.viewer.sees_sealed or not posting.get("s")

    def run(self) -> SearchResponse:
        counted = not self.lo and not self.hi and (
            not self.filters or (len(self.filters) == 1 and next(iter(self.filters)) in COUNTED))
        if counted:
            name, value = next(iter(self.filters.items())) if self.filters else ("all", "all")
            total, facets = _counter_view(_read_counter(name, value), self.viewer.sees_sealed)
            if self.filters:
                partitions = [keys.field_partition(name, value)]
            else:
                years = sorted((y for y in facets["year"] if y != UNKNOWN), reverse=True)
                partitions = [keys.field_partition("year", y) for y in years]
                if UNKNOWN in facets["year"]:
                    partitions.append(keys.field_partition("year", UNKNOWN))
                if self.upto:  # skip the years the cursor has passed
                    cut = _year(self.upto.split("#", 1)[0])
                    partitions = [p for p in partitions
                                  if p.rsplit("#", 1)[1] == UNKNOWN or (cut != UNKNOWN and p.rsplit("#", 1)[1] <= cut)]
            stream = (p for p in _walk(partitions, self.lo, self.hi, self.upto,
                                       page=min(self.params.limit * 2 + 5, 500))
                      if self.accept_posting(p))
            results, more, last = self.page(stream)
            facets_model = Facets(**{f: dict(sorted(c.items())) for f, c in facets.items()})
        else:
            matches = self.all_matches()
            total, facets_model = len(matches), _facets_of(matches)
            results, more, last = self.page(p for p in matches if not self.upto or p["SK"] < self.upto)
        nxt = _encode_cursor(self.params, self.viewer, {"pos": last}) if more else None
        return SearchResponse(
            results=[_hit(r, None, []) for r in results], total=total, total_exact=True,
            facets=facets_model, facets_exact=True, facets_basis="all_matches",
            sort="date", next=nxt,
        )

    def page(self, stream: Iterator[dict[str, Any]]) -> tuple[list[FilingRecord], bool, str | None]:
        """Take postings in order, verify them against the filing items in small batches, until a
        page plus one is visible."""
        out: list[tuple[FilingRecord, str]] = []
        want = self.params.limit + 1
        while len(out) < want:
            batch = []
            for posting in stream:
                batch.append(posting)
                if len(batch) >= want - len(out) + 2:
                    break
            if not batch:
                break
            records = filings_repo.get_many([p["f"] for p in batch])
            for posting in batch:
                record = records.get(posting["f"])
                if _visible(record, self.viewer):
                    out.append((record, posting["SK"]))
        more = len(out) > self.params.limit
        page = out[: self.params.limit]
        return [r for r, _ in page], more, (page[-1][1] if more else None)

    def all_matches(self) -> list[dict[str, Any]]:
        """Every visible posting matching all filters, newest first, read from the smallest list."""
        if self.filters:
            driving = self.smallest([keys.field_partition(n, v) for n, v in self.filters.items()])
        else:
            n_all, facets = _counter_view(_read_counter("all", "all"), True)
            years = [y for y in facets["year"] if y != UNKNOWN
                     and (not self.lo or y >= self.lo[:4]) and (not self.hi or y <= self.hi[:4])]
            driving = list(_walk([keys.field_partition("year", y) for y in sorted(years, reverse=True)],
                                 self.lo, self.hi, None, page=1000))
        matches = [p for p in driving if self.accept_posting(p)
                   and _posting_passes(p, self.filters, self.lo, self.hi)]
        if any(n in MULTI_VALUED for n in self.filters):
            ok = _members({p["f"]: p.get("d", NO_DATE) for p in matches}, self.filters)
            matches = [p for p in matches if p["f"] in ok]
        matches.sort(key=lambda p: p["SK"], reverse=True)
        return matches

    def smallest(self, partitions: list[str]) -> list[dict[str, Any]]:
        """Read the lists side by side in doubling pages; the first to end is the smallest.
        Costs at most len(partitions) × 2 × its size."""
        if len(partitions) == 1:
            return list(_walk(partitions, self.lo, self.hi, None, page=1000))
        state = {p: ([], None, False) for p in partitions}
        size = RACE_PAGE
        while True:
            for partition in partitions:
                items, start, _ = state[partition]
                got, start = _read_range(partition, self.lo, self.hi, None, size, start)
                items = items + got
                state[partition] = (items, start, start is None)
                if start is None:
                    return items
            size = min(size * 2, 1000)
