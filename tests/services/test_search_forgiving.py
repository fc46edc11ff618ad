"""Filters that forgive the way people type names and entry numbers (#15).

`judge=Hamilton` finds Phyllis J. Hamilton; `party=NSO`, `party=Q Cyber`, `party=group` find
NSO Group Technologies Limited and Q Cyber Technologies Limited; `document_number=45-1` is entry
45, attachment 1. With and without `q`, counted exactly, and read from FIELD lists only.
"""
from __future__ import annotations

import pytest

from chalicelib.api.search_models import SearchParams
from chalicelib.domain.access import PUBLIC
from tests.support.search_archive import filing, fresh_table, load, query

NSO = ("WhatsApp Inc.", "Meta Platforms, Inc.", "NSO Group Technologies Limited", "Q Cyber Technologies Limited")


@pytest.fixture(scope="module")
def archive():
    with fresh_table():
        docs = {
            "order": filing("Order Denying Motion to Dismiss", "spyware order", case="cand-19-cv-07123",
                            dt="order", number="45", judge="Hon. Phyllis J. Hamilton", parties=NSO,
                            filed="2020-07-16"),
            "exhibit": filing("Exhibit A to Declaration", "spyware exhibit", case="cand-19-cv-07123",
                              dt="exhibit", number="45", judge="Phyllis J. Hamilton", parties=NSO,
                              filed="2020-07-16"),
            "exhibit2": filing("Exhibit B to Declaration", "spyware exhibit", case="cand-19-cv-07123",
                               dt="exhibit", number="45", parties=NSO, filed="2020-07-16"),
            "other": filing("Motion for Summary Judgment", "spyware motion", case="nysd-1", court="nysd",
                            number="45", judge="Alexander Hamilton Smith", parties=("Acme Group LLC",),
                            filed="2021-01-05"),
            "unrelated": filing("Notice", "spyware notice", case="nysd-2", court="nysd", number="7",
                                judge="Jed Rakoff", parties=("Cyberdyne Systems Corp.",), filed="2021-02-01"),
        }
        docs["exhibit"][0].attachment_number = 1
        docs["exhibit2"][0].attachment_number = 2
        load(list(docs.values()))
        yield {k: r.id for k, (r, _) in docs.items()}


CASES = [
    ({"judge": "Hamilton"}, {"order", "exhibit", "other"}),
    ({"judge": "Phyllis Hamilton"}, {"order", "exhibit"}),
    ({"judge": "Hon. Phyllis J. Hamilton"}, {"order", "exhibit"}),
    ({"judge": "hamilton", "court": "cand"}, {"order", "exhibit"}),
    ({"party": "NSO"}, {"order", "exhibit", "exhibit2"}),
    ({"party": "Q Cyber"}, {"order", "exhibit", "exhibit2"}),
    ({"party": "group"}, {"order", "exhibit", "exhibit2", "other"}),
    ({"party": "NSO Group Technologies Ltd."}, {"order", "exhibit", "exhibit2"}),
    ({"party": "cyber"}, {"order", "exhibit", "exhibit2"}),  # a word, not a substring: Cyberdyne is not Cyber
    ({"party": "Nobody Here"}, set()),
    ({"document_number": "45"}, {"order", "exhibit", "exhibit2", "other"}),
    ({"document_number": "45-1"}, {"exhibit"}),
    ({"document_number": "45-2", "case_id": "cand-19-cv-07123"}, {"exhibit2"}),
    ({"document_number": "45-3"}, set()),
]


@pytest.mark.parametrize("with_q", [False, True], ids=["filters", "full-text"])
@pytest.mark.parametrize("params, expected", CASES, ids=[str(p) for p, _ in CASES])
def test_forgiving_filters(archive, params, expected, with_q):
    response = query(SearchParams(**params, **({"q": "spyware"} if with_q else {}), limit=50), PUBLIC)
    assert {h.id for h in response.results} == {archive[k] for k in expected}
    assert response.total == len(expected)
    if not with_q:
        assert response.total_exact and response.count == len(expected)
