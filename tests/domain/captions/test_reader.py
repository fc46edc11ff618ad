"""Reading a caption's court: the document's own court, not the one it mentions."""
import pytest

from chalicelib.domain.captions.reader import find_court

CASES = [
    # an appellate opinion names the court appealed from, and a visiting judge's court
    ("United States Court of Appeals\nFor the Eighth Circuit\nNo. 14-3253\nUnited States of America\n"
     "Plaintiff - Appellee\nv.\nJohn Wilson\nDefendant - Appellant\n"
     "Appeal from United States District Court\nfor the Northern District of Iowa", None, "ca8"),
    ("* The Honorable Linda R. Reade, Chief Judge, United States District Court for the Northern "
     "District of Iowa, sitting by designation.\nUnited States Court of Appeals\nFor the Eighth Circuit",
     None, "ca8"),
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
