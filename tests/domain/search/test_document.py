"""The indexed document and the counter arithmetic built on it."""
from datetime import date

import pytest

from chalicelib.domain.models import CitationCount, FilingRecord, Party
from chalicelib.domain.search import counters
from chalicelib.domain.search.document import (
    MAX_TERMS,
    SNIPPET_TEXT_CHARS,
    analyze,
    entry_parts,
    field_value,
    name_words,
)
from chalicelib.domain.search.filters import counted, lists, multi_valued, passes


def record(**extra) -> FilingRecord:
    base = dict(id="fl_1", status="ready", sha256="0" * 64, size=1, created_at="2024-01-01T00:00:00Z",
                updated_at="2024-01-01T00:00:00Z", court_id="cand", case_id="cand-1", title="Motion to Dismiss",
                document_type="motion", document_number="12", date_filed=date(2021, 3, 1), judge="Hon. Jane Roe",
                parties=[Party(name="Google LLC"), Party(name="Google, LLC")],
                citations=[CitationCount(cite="17 F.4th 930", kind="case", count=2)])
    return FilingRecord(**{**base, **extra})


def test_analysis_keeps_words_posted_pairs_fields_and_text():
    doc = analyze(record(), ["Defendant moves to dismiss the turbine contract. " * 3])
    assert {"motion", "dismiss", "turbine", "contract", "motion_dismiss"} <= set(doc.terms)
    assert "turbine_contract" not in doc.terms and "turbine" in doc.neighbours
    assert doc.terms["dismiss"] > doc.terms["turbine"]  # title words weigh more
    assert ("party", "google") in doc.fields and doc.fields.count(("party", "google")) == 1
    assert ("cites", "17f4th930") in doc.fields
    assert ("judge", "jane") in doc.fields and ("judge", "roe") in doc.fields  # word by word
    assert not any(name == "judge" for name, _ in doc.counters)  # words are not counted
    assert doc.counters[0] == ("all", "all") and ("year", "2021") in doc.counters
    assert doc.facet == {"court": "cand", "document_type": "motion", "year": "2021"}
    assert doc.text.startswith("Defendant moves") and not doc.sealed


def test_analysis_is_bounded():
    words = " ".join(f"w{i}x" for i in range(MAX_TERMS + 500))
    doc = analyze(record(title=None), [words * 2])
    assert sum(1 for t in doc.terms if "_" not in t) == MAX_TERMS
    assert len(doc.text) == SNIPPET_TEXT_CHARS


def test_the_seal_given_overrides_the_records():
    assert analyze(record(), ["x"], sealed=True).sealed and not analyze(record(sealed=True), ["x"], False).sealed


@pytest.mark.parametrize("name, raw, stored", [
    ("party", "Hon. Google, LLC", "google"), ("cites", "18 U.S.C. § 1030(a)", "18usc1030"),
    ("court", " CAND ", "cand"), ("document_number", " 12 ", "12"),
    ("judge", "Hon. Phyllis J. Hamilton", "phyllis j hamilton"), ("party", "Q Cyber Technologies Ltd.", "q cyber technologies"),
])
def test_field_value(name, raw, stored):
    assert field_value(name, raw) == stored


def test_counters_move_once_between_public_and_sealed():
    doc = analyze(record(), ["text"])
    added = counters.contribution(doc, False, +1)
    assert added[("court", "cand")] == {"n|p": 1, "court|cand|p": 1, "document_type|motion|p": 1, "year|2021|p": 1}
    moved = counters.merge(counters.contribution(doc, False, -1), counters.contribution(doc, True, +1))
    total = counters.merge(added, moved)
    assert counters.view(total[("all", "all")], sees_sealed=False) == (0, {"court": {}, "document_type": {}, "year": {}})
    assert counters.view(total[("all", "all")], sees_sealed=True)[0] == 1
    assert counters.merge(added, counters.contribution(doc, False, -1)) == {}


def test_names_post_each_distinct_word_once_across_parties():
    doc = analyze(record(judge="Phyllis J. Hamilton", parties=[
        Party(name="NSO Group Technologies Limited"), Party(name="Q Cyber Technologies Limited"),
        Party(name="WhatsApp Inc."), Party(name="Meta Platforms, Inc.")]), ["x"])
    party = [v for n, v in doc.fields if n == "party"]
    assert party == ["nso", "group", "technologies", "limited", "q", "cyber", "whatsapp", "meta", "platforms"]
    assert [v for n, v in doc.fields if n == "judge"] == ["phyllis", "j", "hamilton"]


@pytest.mark.parametrize("raw, words", [
    ("Hamilton", ["hamilton"]), ("Judge Hamilton", ["hamilton"]), ("Q Cyber", ["q", "cyber"]),
    ("United States of America", ["united", "states", "america"]), ("  ", []),
])
def test_name_words(raw, words):
    assert name_words(raw) == words


@pytest.mark.parametrize("number, attachment, parts", [
    ("45-1", None, ("45", "1")), ("45", 1, ("45", "1")), ("45", None, ("45", "")), ("45.01", None, ("45", "1")),
    ("A-12", None, ("A-12", "")),
])
def test_entry_parts(number, attachment, parts):
    assert entry_parts(number, attachment) == parts


def test_document_number_filters_an_entry_or_one_attachment():
    main = analyze(record(document_number="45"), ["x"]).attrs
    attachment = analyze(record(document_number="45", attachment_number=1), ["x"]).attrs
    other = analyze(record(document_number="45", attachment_number=2), ["x"]).attrs
    assert [passes(a, {"document_number": "45"}, None, None) for a in (main, attachment, other)] == [True] * 3
    assert [passes(a, {"document_number": "45-1"}, None, None) for a in (main, attachment, other)] == [False, True, False]
    assert lists({"document_number": "45-1"}) == [("document_number", "45")]
    assert counted({"document_number": "45"}) == ("document_number", "45")
    assert counted({"document_number": "45-1"}) is None and counted({"judge": "hamilton"}) is None


def test_name_filters_need_a_posting_per_word():
    assert multi_valued({"party": "q cyber", "court": "cand"}) == [("party", "q"), ("party", "cyber")]
    assert lists({"judge": "hamilton", "court": "cand"}) == [("court", "cand"), ("judge", "hamilton")]
