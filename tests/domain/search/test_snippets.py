"""Snippets: HTML-escaped windows with matched words in <mark>…</mark>."""
import pytest

from chalicelib.domain.search.snippets import WINDOW, snippets


@pytest.mark.parametrize("text, terms, expected", [
    ("Plaintiff moves to dismiss.", {"dismiss"}, ["Plaintiff moves to <mark>dismiss</mark>."]),
    ("Two claims; one claim.", {"claim"}, ["Two <mark>claims</mark>; one <mark>claim</mark>."]),
    ("a <b> & c dismiss", {"dismiss"}, ["a &lt;b&gt; &amp; c <mark>dismiss</mark>"]),
    ("No match here.", {"privacy"}, ["No match here."]),
    ("", {"privacy"}, []),
])
def test_snippets(text, terms, expected):
    assert snippets(text, frozenset(terms)) == expected


def test_long_text_is_cut_with_ellipses_around_the_best_window():
    text = "filler " * 100 + "the privacy breach occurred " + "filler " * 100
    (only,) = snippets(text, frozenset({"privacy", "breach"}), count=1)
    assert only.startswith("…") and only.endswith("…")
    assert "<mark>privacy</mark> <mark>breach</mark>" in only
    assert len(only) < WINDOW + 60


def test_two_snippets_do_not_overlap_and_keep_text_order():
    text = "privacy first. " + "filler " * 80 + "then breach later."
    first, second = snippets(text, frozenset({"privacy", "breach"}))
    assert "<mark>privacy</mark>" in first and "<mark>breach</mark>" in second
