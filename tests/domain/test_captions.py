"""Captions: parties, short case names, titles, judges and printed dates (corpus layouts)."""
from datetime import date

import pytest

from chalicelib.domain.captions import (clean_lines, find_case_name, find_judge,
                                        find_printed_dates, find_title, read_caption,
                                        short_party_name)

NDCAL = """JOSEPH N. AKROTIRIANAKIS (Bar No. 197971)
KING & SPALDING LLP
Attorneys for Defendants NSO GROUP TECHNOLOGIES
UNITED STATES DISTRICT COURT
NORTHERN DISTRICT OF CALIFORNIA
OAKLAND DIVISION
WHATSAPP INC., a Delaware corporation,
and FACEBOOK, INC., a Delaware
corporation,
Plaintiffs,
v.
NSO GROUP TECHNOLOGIES LIMITED
and Q CYBER TECHNOLOGIES LIMITED,
Defendants.
 Case No. 4:19-cv-07123-PJH
DEFENDANTS NSO GROUP
TECHNOLOGIES LIMITED AND Q
CYBER TECHNOLOGIES LIMITED’S
ADMINISTRATIVE MOTION TO FILE
UNDER SEAL
Judge: Hon. Phyllis J. Hamilton
Action Filed: 10/29/2019
"""

PAREN_COLUMNS = """IN THE UNITED STATES DISTRICT COURT
FOR THE DISTRICT OF MARYLAND
DEREK J. HARVEY )
 )
 Plaintiff, )
v. ) Case No. 1:20-cv-03068-RGA
 ) TRIAL BY JURY
CABLE NEWS NETWORK, INC. ) IS DEMANDED
 Defendant. )
AMENDED COMPLAINT
"""


def test_two_column_caption():
    c = read_caption([NDCAL])
    assert c.court_id == "cand"
    assert c.case_name == "Whatsapp Inc. v. NSO Group Technologies Limited"
    assert c.judge == "Phyllis J. Hamilton"
    assert "MOTION TO FILE" in c.title
    assert c.docket_number == "4:19-cv-07123-PJH"
    assert c.date_filed is None  # "Action Filed" is not this document's filing date


def test_paren_columns():
    assert clean_lines(PAREN_COLUMNS)[2:5] == ["DEREK J. HARVEY", "Plaintiff,", "v."]
    c = read_caption([PAREN_COLUMNS])
    assert (c.court_id, c.case_name, c.title) == ("mdd", "Harvey v. Cable News Network, Inc.",
                                                  "AMENDED COMPLAINT")


@pytest.mark.parametrize("text,want", [
    ("UNITED STATES COURT OF APPEALS\nFOR THE TENTH CIRCUIT\nIn re: RICHARD P. LIEBOWITZ No. 21-800\n"
     "ORDER\n", "In re Richard P. Liebowitz"),
    ("Dear Mr. Gans,\n Re: United States v. Haitao Xiang, No. 22-1801\n", "United States v. Xiang"),
    (" Re: Case No. 17-3994, Island Creek Coal Company v. Linda Hill, et al\n",
     "Island Creek Coal Company v. Hill"),
    ("Re: United States v. Parnas, et. al., 19-cr-725 (JPO)\n", "United States v. Parnas"),
    ("CASE NAME: Juan Frias v. City of Los Angeles, et al.\n", "Frias v. City of Los Angeles"),
    ("Title United States of America v. Kimberly A. Aiken Page 1 of 1\n", "United States v. Aiken"),
    ("UNITED STATES TAX COURT\nROCK BORDELON AND TORIE BORDELON,1 Petitioners v.\n"
     "COMMISSIONER OF INTERNAL REVENUE, Respondent\n", "Bordelon v. Commissioner"),
    ("CONSUMERINFO.COM, INC. dba\nEXPERIAN CONSUMER\nSERVICES,\nPlaintiff,\nv.\n"
     "ESTEBAN LEON; and DOES 1\nthrough 10, inclusive,\nDefendants.\n", "Consumerinfo.com, Inc. v. Leon"),
    ("No. 363A14-4\nFiled 11 February 2022\nGIFT SURPLUS, LLC, and SANDHILL AMUSEMENTS, INC.,\n"
     "Plaintiffs,\nv.\nSTATE OF NORTH CAROLINA, ex rel. ROY COOPER, GOVERNOR, in his\n",
     "Gift Surplus, LLC v. State of North Carolina ex rel. Cooper"),
])
def test_case_names(text, want):
    assert find_case_name([text])[0] == want


@pytest.mark.parametrize("name,short", [
    ("UNITED STATES OF AMERICA", "United States"), ("USA", "United States"),
    ("Leonardo Calderon-Fuentes", "Calderon-Fuentes"), ("DEREK J. HARVEY", "Harvey"),
    ("FEDEX CORPORATION", "Fedex Corporation"), ("CITY OF HOBOKEN", "City of Hoboken"),
    ("Commissioner of Internal Revenue", "Commissioner"),
])
def test_short_party_name(name, short):
    assert short_party_name(name) == short


@pytest.mark.parametrize("pages,want", [
    (["IT IS SO ORDERED.\nDated: August 5, 2016\n DAVID O. CARTER\n United States District Judge\n"],
     "David O. Carter"),
    (["Present: The Honorable DOLLY M. GEE, UNITED STATES DISTRICT JUDGE\n"], "Dolly M. Gee"),
    (["July 12, 2021\nDate U. S. District Judge James V Selna\n"], "James V Selna"),
    (["OPINION OF THE COURT\nFISHER, Circuit Judge.\nThe Travelers Indemnity Company sought"],
     "Fisher, Circuit Judge"),
    (["HUDSON, Justice.\n¶ 1 Gift Surplus"], "Hudson, Justice"),
    (["On Appeal\n(D.C. No. 04-cv-05699)\nDistrict Judge: Honorable Dickinson R. Debevoise\n"], None),
    ([") Judge Kenneth M. Switzer\n"], "Kenneth M. Switzer"),
])
def test_judges(pages, want):
    assert find_judge(pages)[0] == want


@pytest.mark.parametrize("text,want", [
    ("FILED\nOct 02, 2019\n02:19 PM(CT)\n", (date(2019, 10, 2), "clerk_stamp")),
    ("Before: FISHER\n(Filed:February 5, 2010)\n", (date(2010, 2, 5), "filed_line")),
    ("No. 363A14-4\nFiled 11 February 2022\n", (date(2022, 2, 11), "filed_line")),
    ("Docket Nos. 19031-13, 27735-13, Filed February 20, 2020.", (date(2020, 2, 20), "filed_line")),
    ("Action Filed: October 29, 2019\nconcurrently filed September 2, 2020 Declaration", (None, None)),
])
def test_printed_dates(text, want):
    assert find_printed_dates([text])[:2] == want


def test_title_skips_counsel_and_court():
    assert find_title(["UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA\n"
                       "JURY TRIAL DEMANDED\nCOMPLAINT\n"]) == "COMPLAINT"


def test_exhibit_cover_ignores_embedded_caption():
    c = read_caption(["EXHIBIT A\n", "No. 19-648\nIn the Supreme Court of the United States\n"
                      "CACI PREMIER TECHNOLOGY, INC., PETITIONER\nv.\nSUHAIL NAJIM AL SHIMARI\n"],
                     stamp_system="district")
    assert (c.exhibit_cover, c.court_id, c.case_name, c.title) == (True, None, None, "EXHIBIT A")
