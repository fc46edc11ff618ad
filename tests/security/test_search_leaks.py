"""Issue #10 item 3: search scores must not reveal words of sealed filings.

Two archives differ only in what one sealed filing says. A caller without `sealed:read` must get
exactly the same results, scores, totals and facets from both: every statistic it sees comes from
what it may see.
"""
from __future__ import annotations

import pytest

from chalicelib.api.search_models import SearchParams
from chalicelib.domain.access import PUBLIC, Viewer
from chalicelib.domain.models import FilingStatus
from chalicelib.services import search
from tests.support.search_archive import filing, fresh_table, load, query

SEALED_READER = Viewer(key_id="clerk", scopes=frozenset({"read", "sealed:read"}))

PUBLIC_FILINGS = [
    ("Order on Discovery", "The turbine contract was breached; discovery continues."),
    ("Order on Discovery", "The turbine contract was breached; discovery continues."),
    ("Notice of Hearing", "A hearing on the contract is set."),
    ("Status Report", "Nothing about wind machines here."),
]
SECRETS = {
    "mentions": "turbine turbine turbine: the informant describes the turbine contract.",
    "silent": "The informant describes something else entirely.",
}


def _world(secret: str, queries: list[dict]) -> list[dict]:
    with fresh_table():
        batch = [filing(title, body, court="mad", case="mad-5", dt="order", filed=f"2021-0{i + 1}-01")
                 for i, (title, body) in enumerate(PUBLIC_FILINGS)]
        batch += [filing(f"Sealed Declaration {i}", secret, court="mad", case="mad-5", dt="declaration",
                         sealed=True, filed="2021-06-01") for i in range(3)]
        load(batch)
        order = {r.id: i for i, (r, _) in enumerate(batch)}
        out = []
        for params in queries:
            response = query(SearchParams(**params), PUBLIC)
            out.append({
                "hits": [(order[h.id], h.score, tuple(h.snippets)) for h in response.results],
                "total": response.total, "facets": response.facets.model_dump(),
                "exact": response.total_exact,
            })
            sealed_view = query(SearchParams(**params), SEALED_READER)
            out[-1]["sealed_reader_total"] = sealed_view.total
        return out


QUERIES = [{"q": "turbine"}, {"q": "turbine contract"}, {"q": '"turbine contract"'},
           {"q": "contract discovery", "court": "mad"}, {"q": "hearing turbine", "limit": 2}]


def test_public_scores_do_not_depend_on_what_sealed_filings_say():
    mentions, silent = _world(SECRETS["mentions"], QUERIES), _world(SECRETS["silent"], QUERIES)
    for params, a, b in zip(QUERIES, mentions, silent):
        assert a["hits"], params
        assert a["hits"] == b["hits"], params  # same filings, same scores, same snippets
        assert (a["total"], a["facets"], a["exact"]) == (b["total"], b["facets"], b["exact"]), params


def test_identical_public_filings_score_identically():
    (result,) = _world(SECRETS["mentions"], [{"q": "turbine contract"}])
    scores = [score for i, score, _ in result["hits"] if i in (0, 1)]
    assert len(scores) == 2 and scores[0] == scores[1]


@pytest.mark.parametrize("secret", sorted(SECRETS))
def test_a_sealed_reader_still_sees_sealed_matches(secret):
    (result,) = _world(SECRETS[secret], [{"q": "informant"}])
    assert result["hits"] == [] and result["total"] == 0
    assert result["sealed_reader_total"] == 3


# ---- the postings of a sealed filing never sit in the public lists ----------------------------

def _public_postings(term: str) -> set[str]:
    reader = search.reader()  # whichever backend this run uses (SEARCH_BACKEND)
    return {p.filing_id for s in range(reader.shards) for p in reader.term_page(term, s, False, 100, None)[0]}


def test_a_filing_sealed_before_the_worker_indexes_it_is_filed_under_its_seal():
    from chalicelib.adapters import dynamo, filings_repo

    with fresh_table():
        record, pages = filing("Zephyr Memo", "The zephyr turbine memo.", court="mad", case="mad-8")
        dynamo.put(filings_repo.to_item(record.model_copy(update={"sealed": True, "status": FilingStatus.processing})))
        search.index_filing(record, pages)  # the worker's copy still says public
        dynamo.put(filings_repo.to_item(record.model_copy(update={"sealed": True})))
        assert _public_postings("zephyr") == set()
        assert query(SearchParams(q="zephyr"), PUBLIC).total == 0
        assert [h.id for h in query(SearchParams(q='"zephyr turbine"'), SEALED_READER).results] == [record.id]
        assert query(SearchParams(court="mad"), PUBLIC).total == 0


def test_a_seal_applied_while_indexing_moves_the_postings_out_of_the_public_lists():
    from chalicelib.adapters import dynamo, filings_repo
    from chalicelib.adapters.search_writer import DynamoSearchIndex, transact

    with fresh_table():
        record, pages = filing("Quokka Notice", "A quokka contract notice.", court="mad", case="mad-9")
        dynamo.put(filings_repo.to_item(record))
        calls = []

        def seal_first(ops):
            if not calls:  # the seal route wins the race: between postings and manifest
                dynamo.put(filings_repo.to_item(record.model_copy(update={"sealed": True})))
            calls.append(len(ops))
            transact(ops)

        from chalicelib.adapters.search_reader import DynamoPostingReader

        index = DynamoSearchIndex(transact=seal_first)
        search.use_backend(index)
        search.use_reader(DynamoPostingReader())
        try:
            index.index_filing(record, pages)
            assert len(calls) == 2  # the first transaction failed its seal check
            assert _public_postings("quokka") == set()
            assert query(SearchParams(q="quokka"), SEALED_READER).total == 1
        finally:
            search.use_backend(None)


def test_on_the_local_backend_a_seal_applied_while_indexing_moves_the_postings_out(tmp_path):
    from chalicelib.adapters import dynamo, filings_repo
    from chalicelib.adapters.search_sqlite import SqliteSearchIndex

    class SealDuringCommit(SqliteSearchIndex):
        calls = 0

        def _write(self):
            if not SealDuringCommit.calls:  # the seal route flips the record before our commit;
                # its on_sealed_changed found nothing indexed yet
                dynamo.put(filings_repo.to_item(record.model_copy(update={"sealed": True})))
            SealDuringCommit.calls += 1
            return super()._write()

    with fresh_table():
        record, pages = filing("Quokka Notice", "A quokka contract notice.", court="mad", case="mad-9")
        dynamo.put(filings_repo.to_item(record))
        index = SealDuringCommit(tmp_path / "search.sqlite3")
        search.use_backend(index)
        search.use_reader(index)
        try:
            index.index_filing(record, pages)
            assert SealDuringCommit.calls == 2  # the index, then the move under the new seal
            assert _public_postings("quokka") == set()
            assert index.counts("court", "mad") == {"n|p": 0, "n|s": 1, **index.counts("court", "mad")}
            assert query(SearchParams(q="quokka"), PUBLIC).total == 0
            assert query(SearchParams(q="quokka"), SEALED_READER).total == 1
        finally:
            search.use_backend(None)


def test_sealing_moves_postings_with_their_phrase_fingerprints_and_unsealing_brings_them_back():
    from chalicelib.adapters import dynamo, filings_repo

    with fresh_table():
        record, pages = filing("Wombat Order", "The wombat contract is void.", court="mad", case="mad-3")
        dynamo.put(filings_repo.to_item(record))
        search.index_filing(record, pages)
        assert _public_postings("wombat") == {record.id}
        sealed = record.model_copy(update={"sealed": True})
        dynamo.put(filings_repo.to_item(sealed))
        search.on_sealed_changed(sealed, True)
        search.on_sealed_changed(sealed, True)  # idempotent
        assert _public_postings("wombat") == set()
        assert [h.id for h in query(SearchParams(q='"wombat contract"'), SEALED_READER).results] == [record.id]
        dynamo.put(filings_repo.to_item(record))
        search.on_sealed_changed(record, False)
        assert _public_postings("wombat") == {record.id}
        assert [h.id for h in query(SearchParams(q='"wombat contract"'), PUBLIC).results] == [record.id]
