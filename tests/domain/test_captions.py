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
    # a transcript's two columns read as one: place, day, time and number are not parties
    ("BEFORE THE HONORABLE WILLIAM B. SHUBB\nUNITED STATES OF AMERICA,\nPlaintiff,\n"
     "vs. Sacramento, California\nNo. 2:18-CR-00119\nTUESDAY\nFIRDOS SHEIKH, 9:03 A.M.\n"
     "Defendant.\n", "United States v. Sheikh"),
    ("JOHN SMITH,\nPlaintiff,\nv. Los Angeles, California\nMonday, March 2, 2020\n"
     "ACME WIDGETS, INC.,\nDefendant.\n", "Smith v. Acme Widgets, Inc."),
    ("MARY ROE,\nPlaintiff,\nv.\nCITY OF FRESNO, California,\nDefendant.\n",
     "Roe v. City of Fresno"),
    # CM/ECF short titles keep 30 characters a side; completed where the text prints them whole
    ("Short Title: National Football League Manag v. National\nFootball League Playe\n"
     "A notice of appeal filed by National Football League Players Association in the case\n",
     "National Football League Manag v. National Football League Players Association"),
    ("Short Title: Springfield Power Company v. Simpson\nfiled by SPRINGFIELD POWER COMPANY "
     "HOLDINGS, appellant\n", "Springfield Power Company v. Simpson"),  # not cut: kept
    ("Short Title: Homer Simpson v. Springfield Nuclear Power Pl\nDocket #: 17-3510\n"
     "The appeal of SPRINGFIELD NUCLEAR POWER PLANT CORPORATION was docketed today.\n",
     "Simpson v. Springfield Nuclear Power Plant Corporation"),
])
def test_case_names(text, want):
    assert find_case_name([text])[0] == want


CONSOLIDATED = ["United States Court of Appeals\nFor the First Circuit\nNo. 12-2207\n"
                "TRANSAMERICA LIFE INSURANCE COMPANY,\nPlaintiff, Appellant,\nv.\n"
                "ESTELLA RODRIGUES,\nDefendant, Appellee,\nNo. 12-2208\n"
                "WESTERN RESERVE LIFE ASSURANCE CO. OF OHIO,\nPlaintiff, Appellant,\nv.\n"
                "ADM ASSOCIATES, LLC,\nDefendant, Appellee,\n",
                "No. 12-2209\nWESTERN RESERVE LIFE ASSURANCE CO. OF OHIO,\nPlaintiff, Appellant,\n"
                "v.\nDK LLC, ET AL.,\nDefendant, Appellee,\nORDER OF COURT\n"]


@pytest.mark.parametrize("docket,want", [
    ("12-2209", "Western Reserve Life Assurance Co. of Ohio v. DK LLC"),
    ("12-2208", "Western Reserve Life Assurance Co. of Ohio v. Adm Associates, LLC"),
    ("12-2207", "Transamerica Life Insurance Company v. Rodrigues"),
    (None, "Transamerica Life Insurance Company v. Rodrigues"),
    ("13-1111", "Transamerica Life Insurance Company v. Rodrigues"),  # not among them: the first
])
def test_consolidated_caption_takes_the_stamped_case(docket, want):
    assert find_case_name(CONSOLIDATED, docket)[0] == want


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
    (["BEFORE THE HONORABLE WILLIAM B. SHUBB\nUNITED STATES OF AMERICA,\n"], "William B. Shubb"),
    (["Before the Honorable Maxine M. Chesney, Senior District Judge\n"], "Maxine M. Chesney"),
    (["IT IS SO ORDERED.\n/s/ Susan Illston, United States District Judge\n"], "Susan Illston"),
    (["SO ORDERED.\nDated: New York, New York\nSeptember 27, 2013\nEdgardo Ramos, U.S.D.J.\n"],
     "Edgardo Ramos"),
    (["IT IS SO ORDERED.\nJEREMY D. PETERSON, U.S. MAGISTRATE JUDGE\n"], "Jeremy D. Peterson"),
    (["RAMOS, D.J.:\nAppellant Bakery, Confectionery"], "Ramos, D.J."),
    (["Case No. 08-2448\nHON. MAXINE M. CHESNEY\n[PROPOSED] ORDER\n"], "Maxine M. Chesney"),
    # a lower court's judge named in an appellate caption is not this document's judge
    (["Appeal from the District Court\nDistrict Judge: Honorable Dickinson R. Debevoise\n"], None),
    (["Respectfully submitted,\n/s/ Jane Smith\nCounsel for the United States\n"], None),
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
