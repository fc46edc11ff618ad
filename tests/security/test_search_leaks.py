"""Issue #10 item 3: search scores must not reveal words of sealed filings.

Two archives differ only in what one sealed filing says. A caller without `sealed:read` must get
exactly the same results, scores, totals and facets from both: every statistic it sees comes from
what it may see.
"""
from __future__ import annotations

import pytest

from chalicelib.api.search_models import SearchParams
from chalicelib.domain.access import PUBLIC, Viewer
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
                "hits": [(order[h.filing_id], h.score, tuple(h.snippets)) for h in response.results],
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
