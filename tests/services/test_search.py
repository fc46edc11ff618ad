"""Search over moto: ranking, phrases, every filter, paging, facets, sealing, cursors, and cost.

Read-only tests share one module-wide archive (`corpus`); tests that seal, re-index or grow the
archive get a table of their own (`fresh`). Bulk loads use the backend's `index_filings` with
`sequential_writes`, because moto copies the whole table for every part of a transaction; the
transactional path itself is exercised by the `fresh` tests through `index_filing`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

import pytest
from moto import mock_aws

from chalicelib import config
from chalicelib.adapters import aws as aws_clients
from chalicelib.adapters import dynamo, filings_repo, keys
from chalicelib.api.search_models import SearchParams, SearchResponse
from chalicelib.domain.access import PUBLIC, SYSTEM, Viewer
from chalicelib.domain.models import FilingRecord, FilingStatus
from chalicelib.errors import InvalidCursor, ValidationFailed
from chalicelib.services import search
from tests.support.search_archive import create_table, filing, fresh_table, load, query, use_table

SEALED_READER = Viewer(key_id="clerk", scopes=frozenset({"read", "sealed:read"}))


# --------------------------------------------------------------------------------------------
# Building an archive
# --------------------------------------------------------------------------------------------

def run(viewer: Viewer = PUBLIC, **params) -> SearchResponse:
    return query(SearchParams(**params), viewer)


def ids(response) -> list[str]:
    return [h.id for h in response.results]


@dataclass
class Corpus:
    table: str
    f: dict[str, FilingRecord] = field(default_factory=dict)
    all: list[FilingRecord] = field(default_factory=list)

    def visible(self, viewer: Viewer, pred=lambda r: True) -> set[str]:
        return {r.id for r in self.all if (viewer.sees_sealed or not r.sealed) and pred(r)}


@pytest.fixture(scope="module")
def corpus():
    saved = os.environ.get("ARCHIVE_TABLE")
    with mock_aws():
        name = "search-corpus"
        create_table(name)
        named = {
            "dismiss": filing("Motion to Dismiss for Lack of Standing",
                              "Defendant moves to dismiss. Plaintiff lacks standing to sue over privacy.",
                              number="12", judge="Hon. William Alsup", parties=("Google LLC", "Jane Doe"),
                              cites=("17 F.4th 930",), filed="2021-03-01"),
            "order": filing("Order on Case Management",
                            ("The parties met and conferred about scheduling, discovery, deadlines and "
                             "exhibits. " * 40) + "Standing was mentioned once in passing. "
                            + "Scheduling continues. " * 40,
                            dt="order", number="30", judge="William Alsup", parties=("Google LLC",),
                            filed="2021-05-01"),
            "complaint": filing("Complaint for Privacy Breach",
                                "Plaintiff alleges a privacy breach of user data under the statute.",
                                dt="complaint", number="1", parties=("Jane Doe",),
                                cites=("18 U.S.C. § 1030",), filed="2020-11-01"),
            "sealed": filing("Declaration of Confidential Informant",
                             "The informant describes the privacy breach in secret detail.",
                             dt="declaration", number="40", sealed=True, parties=("Jane Doe",),
                             cites=("17 F.4th 930",), filed="2021-06-01"),
            "reversed": filing("Notice of Motion",
                               "The court may dismiss the motion as moot.", court="nysd", case="nysd-2",
                               dt="notice", number="7", judge="Jed Rakoff", parties=("Acme Corp",),
                               filed="2021-02-01"),
            "compel": filing("Motion to Compel", "After the motion to dismiss was denied, plaintiff "
                             "moves to compel discovery.", court="nysd", case="nysd-2", number="9",
                             judge="Jed Rakoff", parties=("Acme Corp",), cites=("17 F. 4th 930",),
                             filed="2022-01-15"),
        }
        filler = [filing(f"Status Report {i}", f"Routine status report number {i} on the docket schedule.",
                         court="txsd", case="txsd-3", dt="notice", number=str(100 + i),
                         filed=f"2019-{1 + i % 12:02d}-{1 + i % 27:02d}", parties=("Acme Corp",))
                  for i in range(25)]
        batch = list(named.values()) + filler
        load(batch)
        c = Corpus(table=name, f={k: r for k, (r, _) in named.items()})
        c.all = [r for r, _ in batch if r.status == "ready"]
        yield c
        search.use_backend(None)
    if saved is not None:
        os.environ["ARCHIVE_TABLE"] = saved
    config.reset()
    aws_clients.reset()


@pytest.fixture
def archive(corpus):
    use_table(corpus.table)
    return corpus


@pytest.fixture
def fresh():
    """An empty table of our own (nested inside the module's moto if it is running)."""
    with fresh_table():
        yield


# --------------------------------------------------------------------------------------------
# Ranking and phrases
# --------------------------------------------------------------------------------------------

def test_a_title_match_ranks_above_a_passing_mention(archive):
    response = run(q="standing")
    ranked = ids(response)
    assert ranked.index(archive.f["dismiss"].id) < ranked.index(archive.f["order"].id)
    assert response.results[0].score > response.results[-1].score
    assert response.sort == "relevance"


def test_filings_matching_more_words_rank_first(archive):
    ranked = ids(run(q="privacy breach"))
    assert ranked[0] == archive.f["complaint"].id  # both words (title), dismiss has only one
    assert archive.f["dismiss"].id in ranked


def test_phrase_requires_the_words_adjacent_and_in_order(archive):
    found = set(ids(run(q='"motion to dismiss"')))
    assert found == {archive.f["dismiss"].id, archive.f["compel"].id}
    assert archive.f["reversed"].id not in found  # "dismiss the motion"


def test_snippets_mark_matched_words(archive):
    (hit,) = [h for h in run(q='privacy breach').results if h.id == archive.f["complaint"].id]
    assert hit.snippets and "<mark>privacy</mark> <mark>breach</mark>" in hit.snippets[0]


def test_filings_that_are_not_ready_are_never_returned(fresh):
    ready, pages = filing("Motion to Dismiss Draft", "standing privacy", court="mad", case="mad-2")
    search.index_filing(ready, pages)  # the worker indexes, then commits the filing as ready:
    dynamo.put(filings_repo.to_item(ready.model_copy(update={"status": FilingStatus.processing})))  # not yet
    assert ids(run(SYSTEM, q='"motion to dismiss" standing')) == []
    assert ids(run(SYSTEM, court="mad")) == []
    dynamo.put(filings_repo.to_item(ready))
    assert ids(run(SYSTEM, q='"motion to dismiss" standing')) == [ready.id]
    search.index_filing(ready.model_copy(update={"status": FilingStatus.failed}), pages)  # not ready: removed
    assert ids(run(SYSTEM, q="standing")) == [] and run(SYSTEM, court="mad").total == 0


def test_unsearchable_q_is_a_422(archive):
    with pytest.raises(ValidationFailed):
        run(q="the of and")


# --------------------------------------------------------------------------------------------
# Filters, facets, totals
# --------------------------------------------------------------------------------------------

FILTERS = [
    ({"court": "NYSD"}, lambda r: r.court_id == "nysd"),
    ({"case_id": "cand-1"}, lambda r: r.case_id == "cand-1"),
    ({"party": "google"}, lambda r: any(p.name == "Google LLC" for p in r.parties)),
    ({"party": "Jane Doe"}, lambda r: any(p.name == "Jane Doe" for p in r.parties)),
    ({"judge": "William Alsup"}, lambda r: (r.judge or "").endswith("William Alsup")),
    ({"document_type": "motion"}, lambda r: r.document_type == "motion"),
    ({"filed_after": "2021-02-01"}, lambda r: r.date_filed >= date(2021, 2, 1)),
    ({"filed_before": "2020-12-31"}, lambda r: r.date_filed <= date(2020, 12, 31)),
    ({"document_number": "12"}, lambda r: r.document_number == "12"),
    ({"cites": "17 F.4th 930"}, lambda r: any(c.cite.replace(" ", "") == "17F.4th930" for c in r.citations)),
    ({"cites": "18 USC 1030"}, lambda r: any("1030" in c.cite for c in r.citations)),
    ({"court": "cand", "document_type": "motion"}, lambda r: r.court_id == "cand" and r.document_type == "motion"),
    ({"party": "acme corp", "court": "nysd"}, lambda r: r.court_id == "nysd"),
    ({"court": "cand", "filed_after": "2021-01-01", "filed_before": "2021-12-31"},
     lambda r: r.court_id == "cand" and r.date_filed.year == 2021),
    ({}, lambda r: True),
]


@pytest.mark.parametrize("viewer", [PUBLIC, SEALED_READER], ids=["public", "sealed-reader"])
@pytest.mark.parametrize("params, expected", FILTERS, ids=[str(p) for p, _ in FILTERS])
def test_each_filter_alone_and_combined_and_facets_equal_totals(archive, params, expected, viewer):
    want = archive.visible(viewer, expected)
    response = run(viewer, limit=100, **params)
    assert set(ids(response)) == want
    assert response.total == len(want) and response.total_exact
    assert response.facets_exact and response.facets_basis == "all_matches"
    for facet in ("court", "document_type", "year"):
        assert sum(getattr(response.facets, facet).values()) == response.total, facet
    assert response.sort == "date"
    dates = [h.date_filed for h in response.results]
    assert dates == sorted(dates, reverse=True)


def test_filters_narrow_full_text(archive):
    assert set(ids(run(q="motion", court="nysd"))) == {archive.f["compel"].id, archive.f["reversed"].id}
    assert ids(run(q="privacy", cites="17 F.4th 930")) == [archive.f["dismiss"].id]
    assert ids(run(q="privacy", party="Jane Doe", filed_before="2020-12-31")) == [archive.f["complaint"].id]


def test_sort_by_date_with_q(archive):
    response = run(q="motion", sort="date")
    dates = [h.date_filed for h in response.results]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 3


def test_full_text_facets_say_what_they_count(archive):
    response = run(q="privacy")
    assert response.facets_basis in ("all_matches", "candidates_examined")
    assert response.facets_exact == (response.facets_basis == "all_matches")
    assert sum(response.facets.court.values()) == response.total


# --------------------------------------------------------------------------------------------
# Paging and cursors
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"court": "txsd", "limit": 9},  # one counted filter: pages read from the FIELD list
    {"party": "acme corp", "limit": 10},  # read whole, paged in memory
    {"limit": 12},  # no filter: the year lists, newest first
    {"q": "status report docket", "limit": 9},  # full text
    {"q": "status report", "sort": "date", "limit": 9},
])
def test_three_pages_without_loss_or_duplicates(archive, params):
    seen, cursor, pages = [], None, 0
    while True:
        response = run(cursor=cursor, **params)
        seen += ids(response)
        pages += 1
        cursor = response.cursor
        if not cursor:
            break
    assert pages >= 3
    assert len(seen) == len(set(seen))
    assert len(seen) == run(**{**params, "limit": 100}).total


def test_a_tampered_cursor_is_refused(archive):
    cursor = run(court="txsd", limit=5).cursor
    body, mac = cursor.rsplit(".", 1)
    with pytest.raises(InvalidCursor):
        run(court="txsd", limit=5, cursor=body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + mac)


def test_a_cursor_for_another_query_is_refused(archive):
    cursor = run(court="txsd", limit=5).cursor
    with pytest.raises(InvalidCursor):
        run(court="cand", limit=5, cursor=cursor)
    with pytest.raises(InvalidCursor):
        run(court="txsd", limit=5, cursor=cursor, viewer=SYSTEM)


def test_limit_out_of_range_is_a_validation_error():
    from pydantic import ValidationError

    for bad in (0, 101):
        with pytest.raises(ValidationError):
            SearchParams(limit=bad)


# --------------------------------------------------------------------------------------------
# Sealed filings
# --------------------------------------------------------------------------------------------

def test_sealed_filing_absent_without_sealed_read(archive):
    sealed = archive.f["sealed"].id
    for params in ({"q": "informant"}, {"q": "privacy breach"}, {"document_type": "declaration"},
                   {"case_id": "cand-1"}, {"cites": "17 F.4th 930"}, {}):
        public = run(**params)
        assert sealed not in ids(public), params
        assert "declaration" not in public.facets.document_type, params
        assert sealed in ids(run(SEALED_READER, **params)), params
    assert not any("informant" in s for h in run(q="privacy breach").results for s in h.snippets)


def _set_sealed(record: FilingRecord, sealed: bool) -> FilingRecord:
    current = filings_repo.get(record.id, consistent=True)
    saved = filings_repo.save(current.model_copy(update={"sealed": sealed}), current.version)
    search.on_sealed_changed(saved, sealed)
    return saved


def test_sealing_and_unsealing_take_effect_everywhere_at_once(fresh):
    target, pages = filing("Privacy Breach Notice", "A privacy breach was reported.", court="ilnd",
                           case="ilnd-9", dt="notice", cites=("17 F.4th 930",))
    other, other_pages = filing("Privacy Policy Order", "An order about privacy.", court="ilnd",
                                case="ilnd-9", dt="order")
    for record, text in ((target, pages), (other, other_pages)):
        dynamo.put(filings_repo.to_item(record))
        search.index_filing(record, text)  # the transactional path

    views = [{"q": "privacy"}, {"court": "ilnd"}, {"court": "ilnd", "document_type": "notice"},
             {"cites": "17 F.4th 930"}, {}]
    before = {i: run(**v) for i, v in enumerate(views)}
    assert all(target.id in ids(r) for r in before.values())

    _set_sealed(target, True)
    for i, v in enumerate(views):
        after = run(**v)
        assert target.id not in ids(after), v
        assert after.total == before[i].total - 1, v
        assert after.facets.document_type.get("notice", 0) == before[i].facets.document_type.get("notice", 0) - 1, v
        assert target.id in ids(run(SEALED_READER, **v)), v
        assert run(SEALED_READER, **v).total == before[i].total, v
    _set_sealed(target, True)  # idempotent: counts move once
    assert run(court="ilnd").total == 1

    _set_sealed(target, False)
    for i, v in enumerate(views):
        again = run(**v)
        assert ids(again) == ids(before[i]) and again.total == before[i].total, v
        assert again.facets == before[i].facets, v


def test_reindexing_replaces_postings_and_counts_once(fresh):
    record, _ = filing("Original Title", "zebra text", court="mad", case="mad-1", dt="motion")
    dynamo.put(filings_repo.to_item(record))
    search.index_filing(record, ["zebra text"])
    search.index_filing(record, ["zebra text"])  # a retried delivery
    assert run(court="mad").total == 1
    changed = record.model_copy(update={"title": "Amended Title", "document_type": "order"})
    dynamo.put(filings_repo.to_item(changed))
    search.index_filing(changed, ["giraffe text"])
    assert ids(run(q="zebra")) == [] and ids(run(q="giraffe")) == [record.id]
    assert ids(run(q="original")) == [] and ids(run(q="amended")) == [record.id]
    response = run(court="mad")
    assert response.total == 1 and response.facets.document_type == {"order": 1}
    assert run(document_type="motion").total == 0
    search.remove_filing(record.id)
    assert run(court="mad").total == 0 and ids(run(q="giraffe")) == []
    search.remove_filing(record.id)  # unknown now: a no-op


# --------------------------------------------------------------------------------------------
# Cost: no Scan, and items read independent of the archive's size
# --------------------------------------------------------------------------------------------

class ReadMeter:
    """Counts DynamoDB items read per search, and fails on any Scan."""

    def __init__(self) -> None:
        self.items = 0
        self.requests = 0
        self.operations: set[str] = set()

    def before(self, model, **_):
        self.operations.add(model.name)
        assert model.name != "Scan", "search must never Scan"

    def after(self, http_response, parsed, model, **_):
        self.requests += 1
        if model.name == "Query":
            self.items += parsed.get("ScannedCount", parsed.get("Count", 0))
        elif model.name == "GetItem":
            self.items += 1 if parsed.get("Item") else 0
        elif model.name == "BatchGetItem":
            self.items += sum(len(v) for v in parsed.get("Responses", {}).values())

    def measure(self, params: dict, viewer: Viewer = PUBLIC) -> int:
        client = dynamo.client()
        client.meta.events.register("before-call.dynamodb", self.before)
        client.meta.events.register("after-call.dynamodb", self.after)
        self.items = 0
        try:
            run(viewer, **params)
        finally:
            client.meta.events.unregister("before-call.dynamodb", self.before)
            client.meta.events.unregister("after-call.dynamodb", self.after)
        return self.items


def test_items_read_do_not_grow_with_a_tenfold_archive(fresh):
    base = [filing("Privacy Breach Motion", "the privacy breach and the data breach of privacy",
                   court="cand", case="cand-7", number=str(i), filed=f"2021-01-{1 + i:02d}",
                   parties=("Google LLC",))
            for i in range(6)]
    per_shard = [0] * keys.TERM_SHARDS
    while min(per_shard) < 4:  # every shard of "privacy" longer than what a limit-5 query reads
        record, pages = filing("Report", "privacy breach report", court="wawd", case="wawd-1",
                               dt="notice", filed="2020-02-02")
        shard = keys.term_shard("privacy", record.id)
        if per_shard[shard] < 4:
            base.append((record, pages))
            per_shard[shard] += 1
    load(base)
    queries = {
        "one filter": {"case_id": "cand-7", "limit": 5},
        "two filters": {"court": "cand", "document_type": "motion", "limit": 5},
        "party": {"party": "google", "limit": 5},
        "two words": {"q": "privacy breach", "limit": 5},
        "words + filter": {"q": "privacy breach", "court": "cand", "limit": 5},
    }
    meter = ReadMeter()
    before = {name: meter.measure(q) for name, q in queries.items()}

    # tenfold, other courts and cases, the same words (kept small: moto's Query walks the table)
    unrelated = [filing("Unrelated", "privacy breach", court=("nyed", "flsd", "txnd")[i % 3],
                        case=f"other-{i % 50}", dt="notice", filed=f"2022-03-{1 + i % 28:02d}")
                 for i in range(10 * len(base))]
    load(unrelated)
    after = {name: meter.measure(q) for name, q in queries.items()}

    assert "Scan" not in meter.operations
    for name in queries:
        assert after[name] <= before[name], (name, before[name], after[name])
    assert run(q="privacy breach", court="cand", limit=5).results  # still finds the target case
    print(f"\nitems read at 1x ({len(base)} filings) vs 10x ({len(base) + len(unrelated)}):",
          {n: (before[n], after[n]) for n in queries})
