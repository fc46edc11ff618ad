"""The `q` language: bare words are optional and ranked, quoted phrases are required."""
import pytest

from chalicelib.domain.search.query import MAX_TERMS, ParsedQuery, QueryError, parse


@pytest.mark.parametrize("q, terms, phrases", [
    ("privacy breach", ("privacy", "breach"), ()),
    ('"motion to dismiss"', (), (("motion", "dismiss"),)),
    ('standing "motion to dismiss" claims', ("standing", "claim"), (("motion", "dismiss"),)),
    ('"privacy"', (), (("privacy",),)),
    ('claims claim CLAIMS', ("claim",), ()),
    ('"motion to dismiss', (), (("motion", "dismiss"),)),  # unclosed quote runs to the end
    ('"the" privacy', ("privacy",), ()),  # a phrase of stopwords vanishes
])
def test_parse(q, terms, phrases):
    assert parse(q) == ParsedQuery(terms=terms, phrases=phrases)


@pytest.mark.parametrize("q, required, lists", [
    ("privacy breach", (), ("privacy", "breach")),
    ('"motion to dismiss" standing', ("motion_dismiss",), ("standing", "motion_dismiss")),
    ('"privacy" privacy', ("privacy",), ("privacy",)),
    ('"motion to dismiss the complaint"', ("motion_dismiss", "dismiss_complaint"),
     ("motion_dismiss", "dismiss_complaint")),
])
def test_required_and_lists(q, required, lists):
    parsed = parse(q)
    assert parsed.required == required
    assert parsed.lists == lists


def test_highlight_covers_words_and_phrase_words():
    assert parse('"motion to dismiss" standing').highlight == {"motion", "dismiss", "standing"}


@pytest.mark.parametrize("q", [
    "the of and",
    '""',
    " ".join(f"word{i}" for i in range(MAX_TERMS + 1)),
    '"a1 b2 c3 d4 e5 f6 g7"',
    '"a1 b1" "a2 b2" "a3 b3" "a4 b4"',
])
def test_unsearchable_queries_are_refused(q):
    with pytest.raises(QueryError):
        parse(q)
