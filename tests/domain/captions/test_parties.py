"""Parties: the party/role grammar of a side's block (real caption strings)."""
import pytest

from chalicelib.domain.captions.parties import split_party_block

BLOCKS = [
    # an organisation "and" a person: two parties; the capacity descriptor goes
    ("CITY OF PHILADELPHIA and OFFICER RICHARD NICOLETTI, in his individual and official capacity,"
     " OFFICER RICHARD NICOLETTI, Appellant", ["CITY OF PHILADELPHIA", "OFFICER RICHARD NICOLETTI"]),
    ("ACME CORP. and JOHN DOE, Defendants", ["ACME CORP.", "JOHN DOE"]),
    ("GIFT SURPLUS, LLC, and SANDHILL AMUSEMENTS, INC., Plaintiffs,",
     ["GIFT SURPLUS, LLC", "SANDHILL AMUSEMENTS, INC."]),
    # two names a text layer runs together are not taken as one party
    ("DAMMANN & CO., INC. and INTERNATIONAL FLAVORS & FRAGRANCES INC. DAMMANN & CO., INC.",
     ["DAMMANN & CO., INC."]),
    # an organisation's own "and" joins no person
    ("U.S. DEPARTMENT OF HEALTH AND HUMAN SERVICES, Defendant",
     ["U.S. DEPARTMENT OF HEALTH AND HUMAN SERVICES"]),
    # two people joined by "and" are two parties; a company after a person is its own party
    ("JOHN SMITH and MARY SMITH, Plaintiffs", ["JOHN SMITH", "MARY SMITH"]),
    ("Maria de la Cruz and Jose Garcia, Plaintiffs", ["Maria de la Cruz", "Jose Garcia"]),
    ("ROBERT JONES and JONES HOLDINGS, LLC, Defendants", ["ROBERT JONES", "JONES HOLDINGS, LLC"]),
    # ... but a first name alone before "and" is no person ("JOHN AND JANE DOE" is one line)
    ("JOHN AND JANE DOE, Plaintiffs", ["JOHN AND JANE DOE"]),
    ("KEVIN LEE, in his official capacity as Secretary, Respondent", ["KEVIN LEE"]),
    # a union named by a list of trades is one party
    ("BAKERY, CONFECTIONERY, TOBACCO WORKERS AND GRAIN MILLERS INTERNATIONAL UNION, Appellant,",
     ["BAKERY, CONFECTIONERY, TOBACCO WORKERS AND GRAIN MILLERS INTERNATIONAL UNION"]),
    ("Hotel, Motel, Restaurant Employees and Bartenders Union, Local 2, Plaintiff",
     ["Hotel, Motel, Restaurant Employees and Bartenders Union"]),
    # ... but a surname before "et al." stays alone, and a list without an organisation's noun
    # at its end is no name
    ("SMITH, et al., Defendants", ["SMITH"]),
    ("APPLE, GOOGLE and MICROSOFT, Defendants", ["APPLE"]),
]


@pytest.mark.parametrize("block,want", BLOCKS)
def test_split_party_block(block, want):
    assert split_party_block(block) == want


@pytest.mark.parametrize("block,want", [
    ("Dean Witter and Co., Inc., Defendant", ["Dean Witter and Co., Inc"]),
    ("Smith and Wesson, Inc., Defendant", ["Smith and Wesson, Inc"]),
])
def test_a_company_named_for_a_person_stays_whole(block, want):
    assert split_party_block(block) == want
