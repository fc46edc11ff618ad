"""Reading a caption's court: the document's own court, not the one it mentions."""
import pytest

from chalicelib.domain.captions.case_names import find_case_name
from chalicelib.domain.captions.reader import (find_court, find_labelled_docket,
                                               judge_matches_docket, read_caption)

CASES = [
    # an appellate opinion names the court appealed from, and a visiting judge's court
    ("United States Court of Appeals\nFor the Eighth Circuit\nNo. 14-3253\nUnited States of America\n"
     "Plaintiff - Appellee\nv.\nJohn Wilson\nDefendant - Appellant\n"
     "Appeal from United States District Court\nfor the Northern District of Iowa", None, "ca8"),
    ("* The Honorable Linda R. Reade, Chief Judge, United States District Court for the Northern "
     "District of Iowa, sitting by designation.\nUnited States Court of Appeals\nFor the Eighth Circuit",
     None, "ca8"),
    # an appellate opinion's footnote names the court below or a visiting judge's court
    ("* The district court, United States District Court for the Western District of Texas, "
     "granted summary judgment.\nIN THE UNITED STATES COURT OF APPEALS\nFOR THE FIFTH CIRCUIT",
     None, "ca5"),
    ("** The Honorable Jed S. Rakoff, United States District Judge for the Southern District of "
     "New York, sitting by designation.\nUNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT",
     None, "ca9"),
    # pleading paper's line numbers are no footnote marks
    ("1 UNITED STATES DISTRICT COURT\n2 NORTHERN DISTRICT OF CALIFORNIA\n3 JOHN ROE,\n"
     "14 affirmed by the United States Court of Appeals for the Ninth Circuit", None, "cand"),
    # a letter to a district judge is filed in that judge's court
    ("The Honorable J. Paul Oetken\nUnited States District Judge\nSouthern District of New York\n"
     "40 Foley Square", None, "nysd"),
    # a district caption after a counsel block
    ("Attorneys for Defendants\nUNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA",
     "district", "cand"),
    # a bankruptcy stamp makes a district's name its bankruptcy court
    ("UNITED STATES BANKRUPTCY COURT\nNORTHERN DISTRICT OF CALIFORNIA, SAN JOSE DIVISION\nIn re:",
     "bankruptcy", "canb"),
]


@pytest.mark.parametrize("text,system,want", CASES)
def test_find_court(text, system, want):
    assert find_court([text], system)[0] == want


@pytest.mark.parametrize("text,appellate,want", [
    # the lower court's number is not the appeal's
    ("IN THE UNITED STATES COURT OF APPEALS\nD. C. Docket No. 06-02274-CV-AR-S\nNo. 08-14991",
     True, "08-14991"),
    ("D.C. No. 2:03-cv-01234-ABC\nAppeal No. 05-55555", False, "05-55555"),
    ("Bankruptcy No. 19-10001\nBAP No. 20-1234\nNo. 21-55123", True, "21-55123"),
    ("Nos. 3:19-cv-07123-PJH\nNo. 20-16408", True, "20-16408"),
    ("Tax Ct. No. 1234-19\nNo. 20-1234", True, "20-1234"),
    ("(Los Angeles County\nSuper. Ct. No. BA123456)\nNo. B301234", False, "B301234"),
    # a district caption keeps its own number
    ("Case No. 4:19-cv-07123-PJH", False, "4:19-cv-07123-PJH"),
])
def test_labelled_docket(text, appellate, want):
    assert find_labelled_docket([text], appellate=appellate) == want


def test_asterisk_columns_split_like_parentheses():
    caption = ("United States Court of Appeals\nFOR THE EIGHTH CIRCUIT\nNo. 07-1306\n"
               "United States of America, *\nAppellee, *\n* Appeal from the United States\n"
               "v. * District Court for the\n* Northern District of Iowa.\nRobert Wilson, Jr., *\n"
               "* [UNPUBLISHED]\nAppellant. *\nSubmitted: January 8, 2010")
    assert find_case_name([caption])[0] == "United States v. Wilson"
    assert find_court([caption])[0] == "ca8"


@pytest.mark.parametrize("name,docket,want", [
    ("Beth Labson Freeman", "5:17-cv-04467-BLF", True),
    ("Anthony W. Ishii", "1:18-cv-00127 AWI (EPG)", True),
    ("Phyllis J. Hamilton", "4:19-cv-07123-PJH", True),
    ("Richard Seeborg", "3:20-cv-01234-RS", True),          # two-letter initials
    ("Edgardo Ramos", "4:19-cv-07123-PJH", False),
    ("Hamilton", "4:19-cv-07123-PJH", False),               # a surname alone proves nothing
    ("Phyllis J. Hamilton", "20-16408", False),             # no initials on the number
])
def test_judge_matches_docket(name, docket, want):
    assert judge_matches_docket(name, docket) is want


EMBEDDED = ("Attorneys for Defendant\nCISCO SYSTEMS, INC.\nUNITED STATES DISTRICT COURT\n"
            "NORTHERN DISTRICT OF CALIFORNIA\nSAN JOSE DIVISION\nFINJAN, INC., a Delaware Corporation,\n"
            "Plaintiff,\nv.\nCISCO SYSTEMS, INC. a California\nCorporation,\nDefendant.\n"
            "Case No.: 5:17-cv-00072-BLF-SVK\n[PROPOSED] JOINT PRETRIAL\nSTATEMENT AND ORDER\n"
            "Judge: Hon. Beth Labson Freeman\n")


@pytest.mark.parametrize("docket,court,judge", [
    # the exhibit embeds a filing before the same judge: its court and judge are this filing's
    ("5:17-cv-04467-BLF", "cand", "Beth Labson Freeman"),
    # another judge's filing: nothing of it is taken
    ("3:19-cv-07123-PJH", None, None),
])
def test_exhibit_cover_takes_an_embedded_caption_only_from_the_same_bench(docket, court, judge):
    cap = read_caption(["EXHIBIT 7\n", EMBEDDED], "district", docket=docket)
    assert (cap.court_id, cap.judge, cap.case_name) == (court, judge, None)
    assert cap.exhibit_cover and cap.title == "EXHIBIT 7"
