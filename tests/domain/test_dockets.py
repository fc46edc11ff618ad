"""Docket rules: places in docket order, attachments in descriptions, newer/older report merges."""
from datetime import date

import pytest

from chalicelib.domain import dockets as d


@pytest.mark.parametrize("number,order", [("45", 45), ("45-2", 45), ("28.1", 28), ("00106008873", 106008873),
                                          (None, None), ("", None)])
def test_order_of(number, order):
    assert d.order_of(number) == order


@pytest.mark.parametrize("description,expected", [
    ("MOTION to Dismiss (Attachments: # 1 Declaration of Daniel Eran, # 2 Exhibit A, # 3 Proposed Order) "
     "(Entered: 04/02/2020)", [(1, "Declaration of Daniel Eran"), (2, "Exhibit A"), (3, "Proposed Order")]),
    ("COMPLAINT (Attachments: # 1 Civil Cover Sheet)(cl, ) (Entered: 08/26/2008)", [(1, "Civil Cover Sheet")]),
    ("MOTION (Attachments: # 1 Declaration of Priya Ramanathan (Redacted), # 2 Proposed Order) (Entered: 1/1/2024)",
     [(1, "Declaration of Priya Ramanathan (Redacted)"), (2, "Proposed Order")]),
    ("NOTICE of appearance (Entered: 01/01/2020)", []),
])
def test_attachments_in_description(description, expected):
    assert [(a.number, a.description) for a in d.attachments_in_description(description)] == expected


def _report(*entries):
    return {"docket_entries": [{"document_number": n, "date_filed": f, "date_entered": f, "description": t}
                               for n, f, t in entries]}


def test_unnumbered_entries_follow_the_numbered_one_before_them():
    parsed = _report((None, "2020-01-01", "a"), ("1", "2020-01-02", "b"), (None, "2020-01-03", "c"),
                     (None, "2020-01-04", "d"), ("3", "2020-01-05", "e"))
    assert [e.place for e in d.entries_from_report(parsed, None)] == [(0, 1), (1, 0), (1, 1), (1, 2), (3, 0)]


def test_a_newer_report_updates_an_older_one_only_fills():
    held = d.Entry(order=5, number="5", description="MOTION", date_filed=date(2020, 1, 1), vintage=date(2020, 6, 1))
    older = d.Entry(order=5, number="5", description="MOTION (old text)", date_entered=date(2020, 1, 2),
                    vintage=date(2020, 3, 1))
    merged = d.merge_entry(held, older)
    assert (merged.description, merged.date_entered, merged.vintage) == ("MOTION", date(2020, 1, 2), date(2020, 6, 1))
    newer = d.Entry(order=5, number="5", description="MOTION (corrected)", vintage=date(2020, 9, 1))
    merged = d.merge_entry(held, newer)
    assert (merged.description, merged.date_filed, merged.vintage) == ("MOTION (corrected)", date(2020, 1, 1), date(2020, 9, 1))


def test_parties_merge_never_drops_one():
    held = d.DocketCase(parties=[{"name": "A", "type": "Plaintiff"}, {"name": "B", "type": "Defendant"}],
                        vintage=date(2020, 6, 1))
    older = d.DocketCase(parties=[{"name": "A", "type": "Petitioner"}, {"name": "C", "type": "Intervenor"}],
                         vintage=date(2020, 1, 1))
    merged = d.merge_case(held, older, "dr_2")
    assert [(p["name"], p["type"]) for p in merged.parties] == [("A", "Plaintiff"), ("B", "Defendant"), ("C", "Intervenor")]
    assert merged.report_ids == ["dr_2"] or "dr_2" in merged.report_ids


def test_restated_minute_entries_keep_their_place_new_ones_go_after():
    held = [d.Entry(order=1, sub=1, date_filed=date(2020, 1, 3), description="Minute entry c")]
    incoming = [d.Entry(order=1, sub=1, date_filed=date(2020, 1, 2), description="Clerk's notice x"),
                d.Entry(order=1, sub=2, date_filed=date(2020, 1, 3), description="Minute entry c")]
    assert [e.sub for e in d.match_unnumbered(held, incoming)] == [2, 1]


def test_implied_attachments_fill_the_gaps():
    assert d.implied_attachments({3}, {20}) == set(range(1, 21))


@pytest.mark.parametrize("given, forms", [
    ("035120095028", ["035120095028", "035020095028"]),  # copied from a doc1 link that shows a receipt
    ("035020095028", ["035020095028"]),  # as juriscraper files it
    (" 01712427473 ", ["01712427473", "01702427473"]),  # juriscraper's own example
])
def test_a_pacer_document_id_is_found_in_the_form_juriscraper_files(given, forms):
    assert d.pacer_doc_id_forms(given) == forms


def test_a_report_older_than_the_case_only_fills_even_against_a_stale_entry():
    # the entry was last changed by a 2020 report; a 2024 report restated it unchanged (no write),
    # so only the case knows 2024: a 2022 report must not overwrite it
    held = d.Entry(order=5, number="5", description="MOTION", vintage=date(2020, 6, 1))
    middle = d.Entry(order=5, number="5", description="MOTION (2022 text)", vintage=date(2022, 1, 1))
    assert d.merge_entry(held, middle, newest=False).description == "MOTION"
    assert d.merge_entry(held, middle, newest=True).description == "MOTION (2022 text)"
    assert d.same_entry(held, held.model_copy(update={"vintage": date(2024, 1, 1), "version": 3}))
