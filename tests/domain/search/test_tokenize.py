"""The analyzer: what text becomes which index terms (the same for documents and queries)."""
import pytest

from chalicelib.domain.search.tokenize import (
    bigrams, normalize_citation, normalize_name, normalize_value, stem, tokenize, words,
)


@pytest.mark.parametrize("text, expected", [
    ("Motion to Dismiss", ["motion", "dismiss"]),
    ("The plaintiffs' claims", ["plaintiff", "claim"]),
    ("PARTIES, parties; party", ["party", "party", "party"]),
    ("Müller v. Société Générale", ["muller", "societe", "generale"]),
    ("18 U.S.C. § 1030", ["18", "1030"]),  # single letters dropped, numbers kept
    ("Exhibit 7, page 1 of 12", ["exhibit", "page", "12"]),  # one-character numbers are not terms
    ("a an the of", []),
    ("", []),
    (None, []),
    ("x" * 41 + " ok", ["ok"]),  # junk runs are not indexed
])
def test_tokenize(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize("word, expected", [
    ("claims", "claim"), ("parties", "party"), ("boxes", "box"), ("cases", "case"),
    ("press", "press"), ("status", "status"), ("analysis", "analysis"), ("1990s", "1990s"),
    ("ties", "tie"), ("is", "is"),
])
def test_stem(word, expected):
    assert stem(word) == expected


def test_bigrams_join_adjacent_surviving_words():
    assert bigrams(tokenize("motion to dismiss the complaint")) == ["motion_dismiss", "dismiss_complaint"]


def test_words_give_offsets_into_the_original_text():
    text = "Über claims"
    assert [(text[s:e], t) for s, e, t in words(text)] == [("Über", "uber"), ("claims", "claim")]


@pytest.mark.parametrize("raw, expected", [
    ("17 F.4th 930", "17f4th930"),
    ("17 F. 4th 930", "17f4th930"),
    ("18 U.S.C. § 1030", "18usc1030"),
    ("18 USC 1030(a)(2)", "18usc1030"),
    ("", ""),
])
def test_normalize_citation(raw, expected):
    assert normalize_citation(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Google LLC", "google"),
    ("Hon. William H. Alsup", "william h alsup"),
    ("  ACME,  Inc. ", "acme"),
    ("United States", "united states"),
])
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


def test_normalize_value_keeps_words():
    assert normalize_value("Doe, Jane  (a minor)") == "doe jane a minor"
