"""Judges: real signature blocks, caption labels and opinion bylines, and the words that are
never a judge's name."""
import pytest

from chalicelib.domain.captions.judges import find_judge

CASES = [
    # "IT IS SO ORDERED" above the name is no judge; the name line is
    ("IT IS SO ORDERED.\nDated: February 26, 2021\n\nANTHONY W. ISHII\nSENIOR DISTRICT JUDGE",
     "Anthony W. Ishii"),
    ("IT IS SO ORDERED.\nUNITED STATES DISTRICT JUDGE", None),
    # a panel line is not the author; the byline is
    ("Before: WARDLAW, CALLAHAN, and BEA, Circuit Judges.\nOpinion by Judge Callahan", "Callahan"),
    ("Before JOLLY and DENNIS, Circuit Judges, and JORDAN, District Judge.\n*\n"
     "E. GRADY JOLLY, Circuit Judge:\nThis case presents a question", "E. Grady Jolly, Circuit Judge"),
    ("Before FAY, ANDERSON and EDMONDSON, Circuit Judges.\nFAY, Circuit Judge:\nBrenda Robinson",
     "Fay, Circuit Judge"),
    # names with letters beyond ASCII are read whole
    ("/s/ José Muñoz Ortíz\nUnited States District Judge", "José Muñoz Ortíz"),
    ("Hon. Ólafur Þórðarson, United States District Judge", "Ólafur Þórðarson"),
    # caption labels
    ("Case No. 20-50682 (MEH)\nChapter 11 (Joint Administration Requested)\n"
     "Assigned to the Hon. M. Elaine Hammond\nMOTION OF DEBTORS", "M. Elaine Hammond"),
    ("Honorable Judge R. David Proctor", "R. David Proctor"),
    ("Judge: Hon. Phyllis J. Hamilton\nCtrm: 3", "Phyllis J. Hamilton"),
    # a column gap inside a name does not cut its last word; a date after it does
    ("BETH LABSON  FREEMAN\nUnited States District Judge", "Beth Labson Freeman"),
    ("and Susan Illston\nUnited States District Judge", "Susan Illston"),
    # a label wrapped mid-line after another caption field
    ("CASE NO. 1:18-cv-00127 AWI (EPG)\nComplaint Filed: 01/23/2018; Assigned\n"
     "to the Hon. Anthony W. Ishii\n[PROPOSED] ORDER RE:", "Anthony W. Ishii"),
    # a letter to the court greets its judge; a short surname is a surname
    ("March 23, 2021\nCase 4:19-cv-06669-JST-DMR; Ross v. AT&T Mobility LLC et al.\n"
     "Dear Magistrate Judge Ryu:\nThis letter is being submitted", "Ryu"),
    ("Dear Judge Oetken:\nWe write on behalf of\nSO ORDERED.\nJ. PAUL OETKEN\n"
     "United States District Judge", "J. Paul Oetken"),   # the endorsement's full name
    ("Dear Counsel:\nThis case has been docketed.", None),
    # signature titles beyond "United States District Judge"
    ("ENTERED this 1st day of June, 2021.\nBY THE COURT:\nJOHN L. KANE\nSenior U.S. District Judge",
     "John L. Kane"),
    ("SO ORDERED.\nSigned: June 1, 2021\nCatherine C. Eagles, Chief District Judge", "Catherine C. Eagles"),
    ("Dated: June 1, 2021\nMARCIA S. KRIEGER\nSenior United States District Judge", "Marcia S. Krieger"),
    # D. Minn. signs above the court's name: believed under an electronic signature of the name
    ("It Is So Ordered.\nDated: June 1, 2021\ns/ Eric C. Tostrud\nEric C. Tostrud\n"
     "United States District Court", "Eric C. Tostrud"),
    ("Attorneys for Plaintiff\nJOHN DOE\nUNITED STATES DISTRICT COURT\nDISTRICT OF MINNESOTA", None),
    # state trial judges
    ("SO ORDERED.\nDated: June 1, 2021\nHON. ARTHUR F. ENGORON, J.S.C.", "Arthur F. Engoron"),
    ("DECISION AND ORDER\nHon. Loren Baily-Schiffman, J.S.C.", "Loren Baily-Schiffman"),
    ("Dated: June 1, 2021\nHON. JOHN SMITH\nJudge of the Superior Court", "John Smith"),
    # a panel's list (its district judge sitting by designation too) names no author
    ("PRESENT: WILLIAM J. NARDINI,\nSTEVEN J. MENASHI,\nCircuit Judges,\nLEWIS J. LIMAN,\n"
     "District Judge.\nJOHN ROE,\nPlaintiff-Appellant,", None),
    ("Before: O'SCANNLAIN, RAWLINSON, and BEA, Circuit Judges.\nOpinion by Judge O'Scannlain",
     "O'Scannlain"),
    ("IT IS SO ORDERED.\nDated: June 1, 2021\nJOSÉ A. CABRANES\nCircuit Judge", "José A. Cabranes"),
    ("DATED this 1st day of June, 2021.\nA\nThe Honorable Richard A. Jones\n"
     "United States District Judge", "Richard A. Jones"),
]


@pytest.mark.parametrize("text,want", CASES)
def test_find_judge(text, want):
    assert find_judge([text])[0] == want


def test_a_concurrence_signed_at_the_end_does_not_replace_the_author():
    pages = ["Before FAY, ANDERSON and EDMONDSON, Circuit Judges.\nFAY, Circuit Judge:\nText.",
             "ANDERSON, Circuit Judge, concurring:\nI concur.\nR. LANIER ANDERSON\nCircuit Judge"]
    assert find_judge(pages)[0] == "Fay, Circuit Judge"
