"""Phrase pairs: common-word pairs are posted, the rest matched by neighbour fingerprints."""
import pytest

from chalicelib.domain.search import phrases
from chalicelib.domain.search.query import parse
from chalicelib.domain.search.tokenize import tokenize


@pytest.mark.parametrize("first, second, posted", [
    ("motion", "dismiss", True), ("summary", "judgment", True), ("2021", "court", True),
    ("turbine", "contract", False), ("contract", "turbine", False), ("zebra", "giraffe", False),
])
def test_only_pairs_of_common_words_are_posted(first, second, posted):
    assert phrases.posted(first, second) is posted


def test_neighbours_record_both_sides_of_uncommon_words_only():
    found = phrases.neighbours([tokenize("turbine contract zebra giraffe motion dismiss")])
    assert set(found) == {"turbine", "zebra", "giraffe"}
    after, before = found["turbine"]
    assert phrases.fingerprint("contract") in after and not before
    assert phrases.fingerprint("zebra") in found["giraffe"][1] and phrases.fingerprint("motion") in found["giraffe"][0]


@pytest.mark.parametrize("stored, probe, expected", [
    ({"contract"}, "contract", True), ({"contract", "order"}, "order", True), ({"contract"}, "zebra", False),
    (set(), "contract", False),
])
def test_packed_fingerprints(stored, probe, expected):
    packed = phrases.pack({phrases.fingerprint(w) for w in stored})
    assert phrases.has(packed, probe) is expected


def test_too_many_neighbours_match_anything():
    packed = phrases.pack(set(range(phrases.MAX_NEIGHBOURS + 1)))
    assert packed == phrases.ANY and phrases.has(packed, "anything")


@pytest.mark.parametrize("q, required, pairs, lists", [
    ('"motion to dismiss"', ("motion_dismiss",), (), ("motion_dismiss",)),
    ('"turbine contract"', (), (("turbine", "contract"),), ("turbine",)),
    ('"zebra giraffe" zebra', (), (("zebra", "giraffe"),), ("zebra", "giraffe")),
    ('"summary judgment turbine"', ("summary_judgment",), (("judgment", "turbine"),),
     ("summary_judgment", "turbine")),
])
def test_query_plans_posted_and_fingerprinted_pairs(q, required, pairs, lists):
    parsed = parse(q)
    assert (parsed.required, parsed.pairs, parsed.lists) == (required, pairs, lists)
