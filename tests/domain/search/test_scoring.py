"""Index-time impacts and query-time combination."""
import pytest

from chalicelib.domain.search import scoring


@pytest.mark.parametrize("better, worse, why", [
    ((1, 0, 200), (0, 1, 200), "a title occurrence outweighs a body one"),
    ((0, 3, 200), (0, 1, 200), "more occurrences score higher"),
    ((0, 1, 200), (0, 1, 20_000), "a passing mention in a long filing scores lower"),
    ((1, 0, 20_000), (0, 1, 500), "a title match beats a passing mention even in a long filing"),
])
def test_impact_order(better, worse, why):
    assert scoring.impact(*better) > scoring.impact(*worse), why


@pytest.mark.parametrize("args, expected", [
    ((0, 0, 100), 0),
    ((1000, 1000, 1), None),  # saturates below the maximum
])
def test_impact_range(args, expected):
    value = scoring.impact(*args)
    assert 0 <= value <= scoring.MAX_IMPACT
    if expected is not None:
        assert value == expected


def test_idf_rare_terms_weigh_more_and_never_negative():
    assert scoring.idf(1, 1000) > scoring.idf(500, 1000) > 0
    assert scoring.idf(1000, 1000) > 0
    assert scoring.idf(5, 0) > 0  # an empty archive counter does not break scoring


@pytest.mark.parametrize("read, exhausted, n, expected", [
    (7, True, 1000, 7.0),
    (40, False, 1000, 500.0),
    (40, False, 10, 40.0),
])
def test_estimate_df(read, exhausted, n, expected):
    assert scoring.estimate_df(read, exhausted, n) == expected


def test_score_sums_weighted_impacts():
    idfs = {"a": 2.0, "b": 1.0}
    assert scoring.score({"a": scoring.MAX_IMPACT}, idfs) == pytest.approx(2.0 * (scoring.K1 + 1))
    assert scoring.score({"a": 500_000, "b": 500_000}, idfs) > scoring.score({"a": 500_000}, idfs)


def test_rank_key_prefers_more_matched_words_then_score_then_id():
    keys = [scoring.rank_key(1, 9.0, "A"), scoring.rank_key(2, 1.0, "B"),
            scoring.rank_key(2, 3.0, "C"), scoring.rank_key(2, 3.0, "B")]
    assert sorted(keys) == [(-2, -3.0, "B"), (-2, -3.0, "C"), (-2, -1.0, "B"), (-1, -9.0, "A")]
