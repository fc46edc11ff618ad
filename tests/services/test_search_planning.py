"""Ranking, phrases and paging of the two planners, table-driven against the in-memory index
(fast: no moto). The same planners over DynamoDB: tests/services/test_search.py."""
from __future__ import annotations

import pytest

from chalicelib.api.search_models import SearchParams, to_request, to_response
from chalicelib.domain.access import PUBLIC, Viewer
from chalicelib.services import search
from tests.support.search_archive import filing
from tests.support.search_fake import InMemorySearchIndex

SEALED_READER = Viewer(key_id="clerk", scopes=frozenset({"read", "sealed:read"}))

NAMED = {
    "title": filing("Turbine Contract Breach", "The parties disagree.", filed="2021-01-05"),
    "body_dense": filing("Order", "turbine contract " * 30 + "and more", dt="order", filed="2021-02-05"),
    "body_once": filing("Declaration", "A long story. " * 80 + "The turbine contract was signed.",
                        dt="declaration", filed="2021-03-05"),
    "apart": filing("Notice", "The turbine broke; later a contract was signed.", dt="notice", filed="2021-04-05"),
    "reversed": filing("Brief", "A contract turbine clause.", dt="brief", filed="2021-05-05"),
    "dismiss": filing("Motion to Dismiss", "Defendant moves to dismiss.", filed="2021-06-05"),
    "dismiss_apart": filing("Reply", "The motion, filed late, does not dismiss anything.", dt="brief",
                            filed="2021-07-05"),
    "sealed": filing("Turbine Secrets", "turbine contract turbine", sealed=True, filed="2021-08-05"),
}
FILLER = [filing(f"Status Report {i}", f"Routine status report {i} about the turbine docket.", court="txsd",
                 case="txsd-3", dt="notice", number=str(100 + i), filed=f"2019-{1 + i % 12:02d}-{1 + i % 27:02d}")
          for i in range(30)]
ID = {name: r.id for name, (r, _) in NAMED.items()}


@pytest.fixture(scope="module")
def index():
    fake = InMemorySearchIndex()
    for record, pages in list(NAMED.values()) + FILLER:
        fake.put_filing(record)
        fake.index_filing(record, pages)
    return fake


@pytest.fixture
def run(index):
    search.use_backend(index)
    search.use_reader(index)

    def go(viewer: Viewer = PUBLIC, **params):
        p = SearchParams(**params)
        return to_response(search.search(to_request(p, viewer), viewer), p, viewer)

    yield go
    search.use_backend(None)


def ids(response) -> list[str]:
    return [h.id for h in response.results]


@pytest.mark.parametrize("q, before, after, why", [
    ("turbine contract", "title", "apart", "a title match ranks above a body mention"),
    ("turbine contract", "body_dense", "body_once", "more occurrences rank higher"),
    ("turbine contract", "apart", "filler", "matching both words ranks above one"),
    ("dismiss", "dismiss", "dismiss_apart", "the title carries more weight"),
])
def test_ranking(run, q, before, after, why):
    ranked = ids(run(q=q, limit=100))
    later = FILLER[0][0].id if after == "filler" else ID[after]
    assert ranked.index(ID[before]) < ranked.index(later), why


@pytest.mark.parametrize("q, expected", [
    ('"turbine contract"', {"title", "body_dense", "body_once"}),  # fingerprinted pair (uncommon word)
    ('"contract turbine"', {"reversed", "body_dense"}),  # order matters; "contract turbine" repeats in dense
    ('"motion to dismiss"', {"dismiss"}),  # posted pair of common words
    ('"status report" "turbine docket"', {f"filler{i}" for i in range(30)}),
])
def test_phrases_need_the_words_adjacent_and_in_order(run, q, expected):
    want = {FILLER[int(n[6:])][0].id if n.startswith("filler") else ID[n] for n in expected}
    response = run(q=q, limit=100)
    assert set(ids(response)) == want and response.total == len(want)


@pytest.mark.parametrize("params", [
    {"q": "turbine", "limit": 4}, {"q": "turbine report", "limit": 7}, {"q": "turbine", "sort": "date", "limit": 5},
    {"q": '"turbine contract"', "limit": 1}, {"court": "txsd", "limit": 6}, {"limit": 9},
    {"court": "txsd", "document_type": "notice", "limit": 8}, {"filed_after": "2019-03-01", "limit": 5},
])
@pytest.mark.parametrize("viewer", [PUBLIC, SEALED_READER], ids=["public", "sealed-reader"])
def test_pages_neither_lose_nor_repeat(run, params, viewer):
    seen, cursor, pages = [], None, 0
    while True:
        response = run(viewer, cursor=cursor, **params)
        seen += ids(response)
        pages += 1
        cursor = response.cursor
        if not cursor:
            break
    whole = run(viewer, **{**params, "limit": 100})
    assert pages >= 2 and len(seen) == len(set(seen))
    assert sorted(seen) == sorted(ids(whole)) and len(seen) == whole.total
    if viewer is PUBLIC:
        assert ID["sealed"] not in seen


def test_sealed_filings_are_absent_for_the_public_and_found_by_a_sealed_reader(run, index):
    assert ID["sealed"] not in ids(run(q="turbine secrets", limit=100))
    assert ids(run(SEALED_READER, q="turbine secrets"))[0] == ID["sealed"]
    index.on_sealed_changed(NAMED["sealed"][0], False)
    try:
        search.use_reader(index)
        assert ID["sealed"] not in ids(run(q="secrets"))  # still sealed in the filing record: never shown
    finally:
        index.on_sealed_changed(NAMED["sealed"][0], True)


def test_reads_do_not_grow_with_unrelated_filings(run, index):
    index.reads = 0
    run(q="turbine contract", limit=5)
    before = index.reads
    bigger = InMemorySearchIndex()
    for record, pages in list(NAMED.values()) + FILLER + [
            filing("Unrelated", "turbine contract", court="flsd", case=f"x-{i}") for i in range(300)]:
        bigger.put_filing(record)
        bigger.index_filing(record, pages)
    search.use_reader(bigger)
    bigger.reads = 0
    run(q="turbine contract", limit=5)
    assert bigger.reads <= before * 2  # bounded by the depth read, not the archive


@pytest.mark.parametrize("state", [
    {"g": [[500, None]]}, {"g": [[0, None]]}, {"g": [[8, None]] * 9}, {"g": [[16, ["a"]], [8, None]]},
    {"g": [["x", None]]}, {"g": [[8, "last"]]},
])
def test_malformed_next_page_state_is_refused(index, state):
    from chalicelib.domain.search.model import SearchRequest
    from chalicelib.domain.search.query import parse
    from chalicelib.errors import InvalidCursor
    from chalicelib.services.search_fulltext import FullTextPlanner

    request = SearchRequest(query=parse("turbine"), filters={}, filed_after=None, filed_before=None,
                            sort="relevance", limit=5, state=state)
    with pytest.raises(InvalidCursor):
        FullTextPlanner(index, request, PUBLIC).run()
