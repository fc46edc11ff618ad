"""One contract for the `PostingReader` / `SearchIndexWriter` ports, run against the in-memory
fake, the DynamoDB adapters in moto and the local SQLite backend: same lists, same orders, same
pages, same counts, and therefore the same search results."""
from __future__ import annotations

import pytest

from chalicelib.adapters import dynamo, filings_repo
from chalicelib.adapters.search_reader import DynamoPostingReader
from chalicelib.adapters.search_sqlite import SqliteSearchIndex
from chalicelib.adapters.search_writer import DynamoSearchIndex
from chalicelib.api.search_models import SearchParams, to_request
from chalicelib.domain.access import PUBLIC, Viewer
from chalicelib.services import search
from tests.support.search_archive import filing, fresh_table
from tests.support.search_fake import InMemorySearchIndex

SEALED_READER = Viewer(key_id="clerk", scopes=frozenset({"read", "sealed:read"}))


def _archive():
    out = [filing("Motion to Dismiss", "Defendant moves to dismiss the turbine contract claim.", number="3",
                  parties=("Acme Corp",), cites=("17 F.4th 930",), filed="2021-03-01"),
           filing("Order", "The motion to dismiss is granted. Turbine blades were defective.", dt="order",
                  number="9", filed="2021-05-02"),
           filing("Sealed Exhibit", "Turbine schematics under seal.", dt="exhibit", sealed=True, filed="2021-04-01"),
           filing("Notice", "Notice of the contract turbine hearing.", court="nysd", case="nysd-4", dt="notice",
                  parties=("Acme Corp",), filed="2020-12-12")]
    out += [filing(f"Report {i}", f"Turbine status report {i} on the docket.", court="txsd", case="txsd-2",
                   dt="notice", number=str(20 + i), filed=f"2019-0{1 + i % 9}-1{i % 9}") for i in range(14)]
    return out


BATCH = _archive()  # the same ids on both sides


@pytest.fixture(params=["fake", "moto", "sqlite"])
def ports(request, tmp_path):
    batch = BATCH
    if request.param == "fake":
        index = InMemorySearchIndex()
        for record, pages in batch:
            index.put_filing(record)
            index.index_filing(record, pages)
        yield index, index, batch
        return
    with fresh_table():
        dynamo.batch_write([filings_repo.to_item(r) for r, _ in batch])
        if request.param == "sqlite":
            index = SqliteSearchIndex(tmp_path / "search.sqlite3")
            for record, pages in batch:
                index.index_filing(record, pages)
            yield index, index, batch
            return
        writer = DynamoSearchIndex()
        for record, pages in batch:
            writer.index_filing(record, pages)
        yield writer, DynamoPostingReader(), batch


def _whole(page, limit):
    out, start = [], None
    while True:
        got, start = page(limit, start)
        assert len(got) <= limit
        out += got
        if start is None:
            return out


@pytest.mark.parametrize("sealed", [False, True])
def test_term_lists_are_best_first_and_page_without_loss(ports, sealed):
    _, reader, batch = ports
    seen = []
    for shard in range(reader.shards):
        one = _whole(lambda n, s, shard=shard: reader.term_page("turbine", shard, sealed, n, s), 3)
        assert [(-p.impact, p.filing_id) for p in one] == sorted((-p.impact, p.filing_id) for p in one)
        assert one == _whole(lambda n, s, shard=shard: reader.term_page("turbine", shard, sealed, n, s), 100)
        seen += [p.filing_id for p in one]
    want = {r.id for r, pages in batch if r.sealed == sealed and "turbine" in (r.title + pages[0]).lower()}
    assert sorted(seen) == sorted(want)


def test_field_lists_are_newest_first_within_bounds_and_before_a_position(ports):
    _, reader, batch = ports
    every = _whole(lambda n, s: reader.field_page("court", "txsd", None, None, None, n, s), 4)
    assert [p.position for p in every] == sorted((p.position for p in every), reverse=True) and len(every) == 14
    bounded = _whole(lambda n, s: reader.field_page("court", "txsd", "2019-03-01", "2019-06-30", None, n, s), 2)
    assert bounded and all("2019-03-01" <= p.date <= "2019-06-30" for p in bounded)
    cut = every[5].position
    after_cut = _whole(lambda n, s: reader.field_page("court", "txsd", None, None, cut, n, s), 3)
    assert after_cut == every[6:]
    sealed = _whole(lambda n, s: reader.field_page("case_id", "cand-1", None, None, None, n, s), 10)
    assert {p.filing_id for p in sealed if p.sealed} == {r.id for r, _ in batch if r.sealed}


def test_counts_members_filings_and_texts(ports):
    writer, reader, batch = ports
    counts = reader.counts("court", "cand")
    assert counts["n|p"] == 2 and counts["n|s"] == 1
    assert reader.counts("court", "nowhere") is None
    acme = {r.id: r.date_filed.isoformat() for r, _ in batch}
    assert reader.members([("party", "acme")], acme) == {r.id for r, _ in batch if r.parties}
    ids = [r.id for r, _ in batch[:3]]
    assert set(reader.filings(ids + ["missing"])) == set(ids)
    texts = reader.texts(ids)
    assert "turbine contract" in texts[ids[0]]
    writer.on_sealed_changed(batch[0][0], True)
    assert reader.counts("court", "cand")["n|s"] == 2
    assert batch[0][0].id not in {p.filing_id for s in range(reader.shards)
                                  for p in _whole(lambda n, t, s=s: reader.term_page("turbine", s, False, n, t), 10)}
    writer.remove_filing(batch[1][0].id)
    assert reader.counts("court", "cand")["n|p"] == 0


REQUESTS = [{"q": "turbine"}, {"q": "turbine contract", "limit": 3}, {"q": '"turbine contract"'},
            {"q": '"motion to dismiss"'}, {"q": "turbine", "court": "txsd", "sort": "date"},
            {"court": "txsd", "limit": 5}, {"party": "acme corp"}, {}, {"filed_after": "2020-01-01"}]


def _answers(reader) -> dict:
    saved = search.reader()
    answers = {}
    try:
        search.use_reader(reader)
        for i, params in enumerate(REQUESTS):
            for viewer in (PUBLIC, SEALED_READER):
                p = SearchParams(**params)
                result = search.search(to_request(p, viewer), viewer)
                answers[(i, viewer.key_id)] = ([(h.record.id, h.score, tuple(h.snippets)) for h in result.hits],
                                               result.total, result.facets, result.next_state)
    finally:
        search.use_reader(saved)
    return answers


def test_the_planners_answer_the_same_on_every_backend(tmp_path):
    fake = InMemorySearchIndex()
    for record, pages in BATCH:
        fake.put_filing(record)
        fake.index_filing(record, pages)
    on_fake = _answers(fake)
    with fresh_table():
        dynamo.batch_write([filings_repo.to_item(r) for r, _ in BATCH])
        writer = DynamoSearchIndex()
        for record, pages in BATCH:
            writer.index_filing(record, pages)
        on_moto = _answers(DynamoPostingReader())
        local = SqliteSearchIndex(tmp_path / "search.sqlite3")
        for record, pages in BATCH:
            local.index_filing(record, pages)
        on_sqlite = _answers(local)
    assert on_fake == on_moto == on_sqlite
    assert any(hits for hits, *_ in on_fake.values())
