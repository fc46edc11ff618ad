"""Issue #10 item 7: snippet work is bounded per hit, and one-character terms cannot be abused.

`GET /search?q=7&limit=100` once took 25 s against 100 filings dense with the term: snippets
tokenised each hit's whole stored text and compared every match with every other. The work is
counted here (words the snippet code looks at), never timed.
"""
from __future__ import annotations

import pytest

from chalicelib.api.search_models import SearchParams
from chalicelib.domain.access import PUBLIC
from chalicelib.domain.search import snippets as snippets_mod
from chalicelib.errors import ValidationFailed
from tests.support.search_archive import filing, fresh_table, load, query

WORK_PER_HIT = 2_000  # words examined per hit, however long or dense the text


class WordCounter:
    """Wraps the snippet module's word iterator and counts what it yields."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = snippets_mod.words

        def counted(text: str):
            for item in original(text):
                self.count += 1
                yield item

        monkeypatch.setattr(snippets_mod, "words", counted)


DENSE = {
    "digits": "77 " * 12_000,
    "mixed": ("77 order 77 7 77 " * 3_000),
    "one long word run": ("motion " * 10_000),
}


@pytest.mark.parametrize("text", list(DENSE.values()), ids=list(DENSE))
def test_snippet_work_is_bounded_by_a_constant(monkeypatch, text):
    counter = WordCounter(monkeypatch)
    out = snippets_mod.snippets(text, frozenset({"77", "motion"}), 2)
    assert out and all(len(s.replace("<mark>", "").replace("</mark>", "")) < 400 for s in out)
    assert counter.count <= WORK_PER_HIT


def test_a_hundred_dense_hits_cost_a_hundred_bounded_snippets(monkeypatch):
    with fresh_table():
        load([filing(f"Exhibit {i}", "77 " * 12_000, court="mad", case="mad-7", dt="exhibit")
              for i in range(100)])
        counter = WordCounter(monkeypatch)
        response = query(SearchParams(q="77", limit=100), PUBLIC)
        assert len(response.results) == 100
        assert all(h.snippets for h in response.results)
        assert counter.count <= 100 * WORK_PER_HIT


@pytest.mark.parametrize("q", ["7", "x", "7 x", '"7"', "a 1 b 2 c 3"])
def test_single_character_queries_are_refused(q):
    with fresh_table(), pytest.raises(ValidationFailed):
        query(SearchParams(q=q), PUBLIC)
