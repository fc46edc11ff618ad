"""Titles: where a caption prints its title, and what is not part of it."""
import pytest

from chalicelib.domain.captions.titles import find_title

COUNSEL = ("JOSEPH N. AKROTIRIANAKIS (Bar No. 197971)\njakro@kslaw.com\nKING & SPALDING LLP\n"
           "633 West Fifth Street, Suite 1700\nAttorneys for Defendants\n")
COURT = "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA\nOAKLAND DIVISION\n"
PARTIES = "WHATSAPP INC.,\nPlaintiffs,\nv.\nNSO GROUP TECHNOLOGIES LIMITED,\nDefendants.\n"

CASES = [
    # the filer prefix wraps above the first title word
    (COUNSEL + COURT + PARTIES + "Case No. 4:19-cv-07123-PJH\nDEFENDANTS NSO GROUP\n"
     "TECHNOLOGIES LIMITED AND Q\nCYBER TECHNOLOGIES LIMITED’S\nADMINISTRATIVE MOTION TO FILE\n"
     "UNDER SEAL\nJudge: Hon. Phyllis J. Hamilton",
     "DEFENDANTS NSO GROUP TECHNOLOGIES LIMITED AND Q CYBER TECHNOLOGIES LIMITED’S "
     "ADMINISTRATIVE MOTION TO FILE UNDER SEAL"),
    # a footer extracted before the counsel block is not the title
    ("DEFENDANTS’ ADMINISTRATIVE\nMOTION TO FILE UNDER SEAL\nCase No. 4:19-cv-07123-PJH\n" + COUNSEL
     + COURT + PARTIES + "Case No. 4:19-cv-07123-PJH\nDEFENDANTS’ REPLY IN SUPPORT OF\n"
     "MOTION TO DISMISS\nDate: June 3, 2020",
     "DEFENDANTS’ REPLY IN SUPPORT OF MOTION TO DISMISS"),
    # a running header abbreviates: the spelled-out title wins
    ("DECL. OF JOHN SMITH ISO MOT. TO DISMISS\n" + COURT + PARTIES
     + "DECLARATION OF JOHN SMITH IN SUPPORT OF\nMOTION TO DISMISS",
     "DECLARATION OF JOHN SMITH IN SUPPORT OF MOTION TO DISMISS"),
    # a title left open continues past the usual four lines; a firm's name is never appended
    (COURT + PARTIES + "PLAINTIFFS’ NOTICE OF MOTION AND\nMOTION FOR PARTIAL\nSUMMARY JUDGMENT AS TO\n"
     "LIABILITY ON COUNTS ONE\nAND TWO [REDACTED VERSION OF\nDOCUMENT SOUGHT TO BE SEALED]\n"
     "MORRISON & FOERSTER LLP",
     "PLAINTIFFS’ NOTICE OF MOTION AND MOTION FOR PARTIAL SUMMARY JUDGMENT AS TO LIABILITY ON "
     "COUNTS ONE AND TWO [REDACTED VERSION OF DOCUMENT SOUGHT TO BE SEALED]"),
    (COURT + PARTIES + "ORDER GRANTING MOTION TO DISMISS\nCOOLEY LLP", "ORDER GRANTING MOTION TO DISMISS"),
    # a firm named without its designator, a request printed under the title
    (COURT + PARTIES + "STIPULATION AND [PROPOSED] ORDER\nEXTENDING TIME TO RESPOND TO\nCOMPLAINT\n"
     "WILSON SONSINI GOODRICH & ROSATI",
     "STIPULATION AND [PROPOSED] ORDER EXTENDING TIME TO RESPOND TO COMPLAINT"),
    (COURT + PARTIES + "DEFENDANT'S REPLY MEMORANDUM IN\nFURTHER SUPPORT OF ITS MOTION FOR\n"
     "SUMMARY JUDGMENT\nORAL ARGUMENT REQUESTED",
     "DEFENDANT'S REPLY MEMORANDUM IN FURTHER SUPPORT OF ITS MOTION FOR SUMMARY JUDGMENT"),
    # ... but an ampersand inside a title left open is the title's
    (COURT + PARTIES + "MOTION TO COMPEL PRODUCTION BY\nSMITH & WESSON BRANDS\nDate: June 3, 2020",
     "MOTION TO COMPEL PRODUCTION BY SMITH & WESSON BRANDS"),
    # a form's title above a court name near the top of the page is the title
    ("JURY NOTE NO.\nUNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA", "JURY NOTE NO."),
    ("EXHIBIT M\nDocket 27, Plaintiff’s Motion\nFILED\n2021 Feb-16 AM 08:55\nU.S. DISTRICT COURT\n"
     "N.D. OF ALABAMA\nUNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF ALABAMA\n"
     "PLAINTIFF’S UNOPPOSED MOTION FOR LEAVE", "EXHIBIT M"),
    # a title printed in title case below the caption, with its modifier line above it
    ("UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA\nTCL COMMUNICATION\n"
     "TECHNOLOGY HOLDINGS, LTD.,\nPlaintiffs/Counterclaim-Defendants,\nv.\nTELEFONAKTIEBOLAGET LM\n"
     "ERICSSON, et al.,\nDefendants/Counterclaim-Plaintiffs.\nCASE NO: SACV 14-341 JVS(DFMx)\n"
     "Amended\nMemorandum of Findings of Fact and Conclusions of Law\nSeptember 14, 2018",
     "Amended Memorandum of Findings of Fact and Conclusions of Law"),
]


@pytest.mark.parametrize("text", [
    # body sentences and headings in title case are not titles
    COURT + PARTIES + "The Motion to Dismiss Is Granted in Part.\nBackground and Procedural History",
    COURT + PARTIES + "Plaintiffs filed their Motion for Summary Judgment on May 1.",
])
def test_no_title_from_body_text(text):
    assert find_title([text]) is None


@pytest.mark.parametrize("text,want", CASES)
def test_find_title(text, want):
    assert find_title([text]) == want
