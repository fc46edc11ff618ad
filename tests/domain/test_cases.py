"""Case identity from tallies: parties merged, current docket number, best name, provisional."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import cases
from chalicelib.domain.docket_numbers import parse_docket_number
from chalicelib.domain.models import CaseRecord, FilingRecord, FilingStatus, Party

AT = "2025-01-01T00:00:00.000+00:00"


def filing(n: int, *, docket="4:19-cv-07123-PJH", day="2020-01-01", name=None, parties=(),
           sealed=False, doc_type="motion", judge=None, court="cand") -> FilingRecord:
    return FilingRecord(
        id=f"fl_{n}", status=FilingStatus.ready, sha256="0" * 64, size=1, created_at=AT, updated_at=AT,
        case_id="cand-19-cv-07123", court_id=court, docket_number=docket,
        date_filed=date.fromisoformat(day) if day else None, case_name=name, judge=judge,
        parties=[Party(name=a, role=b) for a, b in parties], sealed=sealed, document_type=doc_type,
    )


def case_of(*filings: FilingRecord) -> CaseRecord:
    case = cases.new_case(filings[0], AT)
    for f in filings:
        case = cases.apply_contribution(case, f, +1)
    return case


@pytest.mark.parametrize("a, b, same", [
    ("Whatsapp Inc", "WhatsApp Inc.", True),
    ("WhatsApp Inc., et al.", "WhatsApp Inc.", True),
    ("Facebook, Inc.", "FACEBOOK, INC", True),
    ("Meta Platforms, Inc.", "Facebook, Inc.", False),
    ("NSO Group Technologies Limited", "Q Cyber Technologies Limited", False),
])
def test_party_keys_merge_spellings_not_parties(a, b, same):
    assert (cases.party_key(a) == cases.party_key(b)) is same


@pytest.mark.parametrize("role, normal", [
    ("Plaintiffs", "Plaintiff"),
    ("Plaintiffs-Appellees", "Plaintiff-Appellee"),
    ("DEFENDANTS.", "Defendant"),
    ("Counter-Defendants", "Counter-Defendant"),
    ("Debtor", "Debtor"),
    ("", None),
    (None, None),
])
def test_roles_are_singular_and_title_case(role, normal):
    assert cases.normal_role(role) == normal


@pytest.mark.parametrize("printed, shown", [
    ("Whatsapp Inc", "Whatsapp Inc."),
    ("WhatsApp Inc.", "WhatsApp Inc."),
    ("Facebook, Inc", "Facebook, Inc."),
    ("Acme Co", "Acme Co."),
    ("Incyte Corporation", "Incyte Corporation"),
    ("Q Cyber Technologies Limited", "Q Cyber Technologies Limited"),
])
def test_a_corporate_designator_keeps_its_period(printed, shown):
    assert cases.display_party_name(printed) == shown


def test_parties_are_merged_once_each_with_their_roles():
    case = case_of(
        filing(1, parties=[("Whatsapp Inc", "Plaintiffs"), ("NSO Group Technologies Limited", None)]),
        filing(2, parties=[("WhatsApp Inc.", "Plaintiff"), ("Facebook, Inc.", "Plaintiff"),
                           ("NSO Group Technologies Limited", "Defendant"),
                           ("Q Cyber Technologies Limited", "Defendant")]),
        filing(3, parties=[("WhatsApp Inc., et al.", "Plaintiffs"), ("Meta Platforms, Inc.", "Plaintiff"),
                           ("Q CYBER TECHNOLOGIES LIMITED", "Defendants")]),
    )
    got = cases.visible_view(case, sees_sealed=False)["parties"]
    assert got == [
        {"name": "Facebook, Inc.", "role": "Plaintiff"},
        {"name": "Meta Platforms, Inc.", "role": "Plaintiff"},
        {"name": "NSO Group Technologies Limited", "role": "Defendant"},
        {"name": "Q Cyber Technologies Limited", "role": "Defendant"},
        {"name": "WhatsApp Inc.", "role": "Plaintiff"},
    ]


@pytest.mark.parametrize("forms, current, variants", [
    # reassigned: the latest stamp's form is the current one
    ([("2019-10-29", "3:19-cv-07123"), ("2020-03-16", "4:19-cv-07123-PJH"), ("2024-12-20", "4:19-cv-07123-PJH")],
     "4:19-cv-07123-PJH", ["3:19-cv-07123"]),
    # arrival order does not matter, only filed dates
    ([("2024-12-20", "4:19-cv-07123-PJH"), ("2019-10-29", "3:19-cv-07123")], "4:19-cv-07123-PJH", ["3:19-cv-07123"]),
    ([("2020-01-01", "19-cv-07123")], "19-cv-07123", []),
    # an undated filing's form yields to any dated one
    ([(None, "C 19-07123 PJH"), ("2020-01-01", "4:19-cv-07123-PJH")], "4:19-cv-07123-PJH", ["C 19-07123 PJH"]),
])
def test_the_docket_number_is_the_latest_filings_form(forms, current, variants):
    case = case_of(*[filing(n, docket=form, day=day) for n, (day, form) in enumerate(forms)])
    view = cases.visible_view(case, sees_sealed=False)
    assert (view["docket_number"], view["docket_number_variants"]) == (current, variants)


@pytest.mark.parametrize("names, best", [
    # the most-attested name wins, shown in its most careful spelling
    (["Whatsapp Inc. v. NSO Group Technologies Limited", "WhatsApp Inc. v. NSO Group Technologies Limited",
      "Whatsapp LLC v. NSO Group Technologies Limited"], "WhatsApp Inc. v. NSO Group Technologies Limited"),
    # not the first filing's guess
    (["Q Cyber v. WhatsApp", "WhatsApp Inc. v. NSO Group Technologies Limited",
      "WhatsApp Inc. v. NSO Group Technologies Limited"], "WhatsApp Inc. v. NSO Group Technologies Limited"),
    # a spelling in capitals loses to the caption's letter case
    (["WHATSAPP INC. V. NSO GROUP TECHNOLOGIES LIMITED", "WhatsApp Inc. v. NSO Group Technologies Limited"],
     "WhatsApp Inc. v. NSO Group Technologies Limited"),
    ([], None),
])
def test_the_case_name_is_the_best_attested(names, best):
    case = case_of(filing(0), *[filing(n + 1, name=name) for n, name in enumerate(names)])
    assert cases.visible_view(case, sees_sealed=False)["case_name"] == best


@pytest.mark.parametrize("filings, provisional", [
    ([dict(name="A v. B")], True),  # one filing's reading
    ([dict(name="A v. B"), dict(name="A v. B")], False),
    ([dict(name="A v. B"), dict(name="A v. B", court=None)], False),  # the case knows its court
    ([dict(name="A v. B"), dict(name="C v. D")], True),  # disagree
    ([dict(name="A v. B"), dict(name="A v. B"), dict(name="C v. D")], False),
    ([dict(name="A v. B"), dict(name="A v. B"), dict(name="C v. D"), dict(name="E v. F")], True),  # no majority
    ([dict(name="A v. B", docket=None), dict(name="A v. B", docket=None)], True),  # no docket number printed
    ([dict(name="A v. B", sealed=True), dict(name="A v. B", sealed=True)], True),  # public evidence only
])
def test_provisional_until_the_filings_agree(filings, provisional):
    case = case_of(*[filing(n, **kw) for n, kw in enumerate(filings)])
    assert case.provisional is provisional


def test_a_courtless_case_stays_provisional():
    case = case_of(filing(1, court=None, name="A v. B"), filing(2, court=None, name="A v. B"))
    assert case.court_id is None and case.provisional is True


def test_contributions_commute_and_cancel():
    a = filing(1, name="A v. B", parties=[("A Inc", "Plaintiff")], judge="Jane Roe")
    b = filing(2, name="A v. B", parties=[("B LLC", "Defendant")], doc_type="order", day="2021-05-05")
    one = cases.apply(cases.apply(cases.new_case(a, AT), cases.contribution(a, 1)), cases.contribution(b, 1))
    other = cases.apply(cases.apply(cases.new_case(a, AT), cases.contribution(b, 1)), cases.contribution(a, 1))
    assert one.tallies == other.tallies
    back = cases.apply(one, cases.merge(cases.contribution(a, -1), cases.contribution(b, -1)))
    assert back.tallies == {}
    assert cases.visible_view(back, True)["filing_count"] == 0


def test_sealing_moves_a_contribution_between_columns():
    public = filing(1, name="A v. B", parties=[("Secret Informant", "Witness")])
    sealed = public.model_copy(update={"sealed": True})
    case = cases.apply_contribution(cases.new_case(public, AT), public, +1)
    case = cases.apply(case, cases.merge(cases.contribution(public, -1), cases.contribution(sealed, +1)))
    assert cases.visible_view(case, sees_sealed=False)["filing_count"] == 0
    assert cases.visible_view(case, sees_sealed=False)["parties"] == []
    assert cases.visible_view(case, sees_sealed=False)["case_name"] is None
    seen = cases.visible_view(case, sees_sealed=True)
    assert seen["filing_count"] == 1 and seen["parties"] == [{"name": "Secret Informant", "role": "Witness"}]


@pytest.mark.parametrize("query, candidates, matched", [
    ("19-7123", ["4:19-cv-07123-PJH", "4:19-cr-07123", "4:19-cv-07124"], ["4:19-cv-07123-PJH", "4:19-cr-07123"]),
    ("4:19-cv-07123", ["3:19-cv-07123", "4:19-cr-07123"], ["3:19-cv-07123"]),
    ("19-cv-07123", [], []),
])
def test_docket_matches_is_the_one_match_rule(query, candidates, matched):
    records = [CaseRecord(case_id=f"c{n}", docket_number=d, created_at=AT, updated_at=AT)
               for n, d in enumerate(candidates)]
    got = cases.docket_matches(parse_docket_number(query), records)
    assert [c.docket_number for c, _ in got] == matched
    assert all(reason for _, reason in got)


@pytest.mark.parametrize("court, sha, case_id", [
    (None, "ABCDEF0123456789" + "0" * 48, "unk-doc-abcdef0123456789"),
    ("ca9", "f" * 64, "ca9-doc-ffffffffffffffff"),
])
def test_a_filing_without_a_docket_number_gets_a_case_of_its_own(court, sha, case_id):
    assert cases.standalone_case_id(court, sha) == case_id


@pytest.mark.parametrize("name, text, restored", [
    ("Whatsapp Inc. v. NSO Group", 'Plaintiffs WhatsApp Inc. ("WhatsApp") allege', "WhatsApp Inc. v. NSO Group"),
    ("Mcdonald v. Smith", "Defendant McDonald moved", "McDonald v. Smith"),
    ("Apple Inc. v. Doe", "apple pie, APPLE", "Apple Inc. v. Doe"),  # no inner capitals: unchanged
    ("NSO Group v. Doe", "Nso said", "NSO Group v. Doe"),  # never lowers capitals
    ("Smith v. Jones", "", "Smith v. Jones"),
])
def test_inner_capitals_come_back_from_the_filings_text(name, text, restored):
    assert cases.restore_inner_capitals(name, text) == restored


def test_one_filing_counts_a_bounded_number_of_parties():
    many = filing(1, parties=[(f"Party Number {n} LLC", "Defendant") for n in range(500)])
    delta = cases.contribution(many, +1)
    assert sum(1 for k in delta if k.startswith(cases.TALLY + cases.PARTY_NAME + "|")) == cases.MAX_PARTIES
    assert all(len(k) < cases.MAX_KEY * 2 + 20 for k in delta)


def report(*parties: tuple[str, str], name=None, judge=None, docket=None):
    from chalicelib.domain.dockets import DocketCase

    return DocketCase(case_name=name, assigned_to=judge, docket_number=docket,
                      parties=[{"name": a, "type": b} for a, b in parties])


# Real strings: the first four parties as the fixture captions print them, the rest as real
# PACER reports list them (juriscraper's parses of the dev corpus's reports).
@pytest.mark.parametrize("printed, reported, merged", [
    # the caption reader's first parties and the report's full list: one party each, report roles
    ([("Whatsapp Inc", "Plaintiffs"), ("NSO Group Technologies Limited", None)],
     [("WhatsApp Inc.", "Plaintiff"), ("Facebook, Inc.", "Plaintiff"), ("WhatsApp LLC", "Plaintiff"),
      ("Meta Platforms, Inc.", "Plaintiff"), ("NSO Group Technologies Limited", "Defendant"),
      ("Q Cyber Technologies Limited", "Defendant")],
     [("Facebook, Inc.", "Plaintiff"), ("Meta Platforms, Inc.", "Plaintiff"),
      ("NSO Group Technologies Limited", "Defendant"), ("Q Cyber Technologies Limited", "Defendant"),
      ("WhatsApp Inc.", "Plaintiff"), ("WhatsApp LLC", "Plaintiff")]),
    # a report without periods: the designator gets one; the clerk's role wins over a caption's
    ([("LA PRINTEX INDUSTRIES, INC.", "Plaintiffs"), ("Daffy's Inc.", "Defendants")],
     [("LA Printex Industries Inc", "Plaintiff"), ("Daffy's Inc", "Defendant"), ("Mervyn's LLC", "Defendant")],
     [("Daffy's Inc.", "Defendant"), ("LA Printex Industries Inc.", "Plaintiff"), ("Mervyn's LLC", "Defendant")]),
    # a report in capitals yields to the filings' letter case; spaced roles are one word each
    ([("Paul J. Manafort, Jr.", "Defendant")],
     [("PAUL J. MANAFORT, JR.", "Defendant"), ("USA", "Plaintiff"),
      ("President   Donald J. Trump", "Interested\xa0Party")],
     [("Paul J. Manafort, Jr.", "Defendant"), ("President Donald J. Trump", "Interested Party"),
      ("USA", "Plaintiff")]),
    # two parties the report itself keeps apart stay apart
    ([], [("Best Chevrolet", "Defendant"), ("Best Chevrolet Inc", "Defendant")],
     [("Best Chevrolet", "Defendant"), ("Best Chevrolet Inc.", "Defendant")]),
    # no report: the filings alone (a designator still gets its period)
    ([("Whatsapp Inc", "Plaintiffs")], [], [("Whatsapp Inc.", "Plaintiff")]),
])
def test_a_docket_reports_parties_merge_into_the_filings_parties(printed, reported, merged):
    case = case_of(filing(1, parties=printed))
    view = cases.visible_view(case, sees_sealed=False, docket=report(*reported) if reported else None)
    assert [(p["name"], p["role"]) for p in view["parties"]] == merged


def test_a_docket_report_confirms_the_case_and_names_it_where_no_filing_does():
    one = case_of(filing(1, name="WhatsApp Inc. v. NSO Group Technologies Limited"))
    assert cases.visible_view(one, False)["provisional"] is True
    confirmed = cases.visible_view(one, False, report(("WhatsApp Inc.", "Plaintiff"), name="Whatsapp v. NSO"))
    assert confirmed["provisional"] is False
    assert confirmed["case_name"] == "WhatsApp Inc. v. NSO Group Technologies Limited"  # the filings' reading stands
    empty = CaseRecord(case_id="cand-19-cv-07123", court_id="cand", created_at=AT, updated_at=AT)
    founded = cases.visible_view(empty, False, report(name="WhatsApp Inc. v. NSO Group Technologies Limited",
                                                      judge="Phyllis J. Hamilton", docket="4:19-cv-07123"))
    assert (founded["case_name"], founded["judge"], founded["docket_number"], founded["provisional"]) == (
        "WhatsApp Inc. v. NSO Group Technologies Limited", "Phyllis J. Hamilton", "4:19-cv-07123", False)
