"""Court ids: the committed list matches courts-db; printed names resolve (court_mentions finds
them in text); the API path never imports courts-db, eyecite or pypdfium2."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.domain import court_mentions, courts
from tools import gen_court_ids

ROOT = Path(__file__).resolve().parents[2]


def test_court_ids_file_was_built_from_todays_courts_db_and_patterns():
    """The committed table's fingerprint is that of the installed courts-db, the pattern names and
    EXTRA_COURTS (else: run tools/gen_court_ids.py); its id lists and name keys are today's. The
    whole rebuild (a minute of courts-db regexes) is `tools/gen_court_ids.py --check`."""
    table = json.loads(courts.COURT_IDS_PATH.read_text())
    assert table["inputs"] == gen_court_ids.inputs_fingerprint(), "court_ids.json is stale: run tools/gen_court_ids.py"
    assert {k: table[k] for k in ("ids", "bankruptcy", "district")} == gen_court_ids.id_lists()
    assert set(table["names"]) == {courts.court_name_key(n, bk) for n, bk in courts.pattern_names()}


def test_court_ids_names_resolve_as_courts_db_resolves_them():
    """A spread of the table's names, every kind of pattern among them, looked up in courts-db now."""
    table = json.loads(courts.COURT_IDS_PATH.read_text())["names"]
    sample = courts.pattern_names()[::47]
    assert len(sample) > 40
    assert {n: table[courts.court_name_key(n, bk)] for n, bk in sample} == {
        n: courts.courts_db_court_id(n, bk) for n, bk in sample}


def test_known_ids():
    assert {"cand", "canb", "ca9", "scotus", "tennworkcompcl"} <= courts.KNOWN_COURT_IDS
    assert courts.is_bankruptcy_court("canb") and not courts.is_bankruptcy_court("neb")


@pytest.mark.parametrize("text,want", [
    ("UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA\nOAKLAND DIVISION", "cand"),
    ("IN THE UNITED STATES DISTRICT COURT \nFOR THE DISTRICT OF MARYLAND", "mdd"),
    ("United States District Court\nFor the Northern District of California", "cand"),
    ("UNITED STATES DISTRICT COURT \nDISTRICT OF ALASKA", "akd"),
    ("UNITED STATES BANKRUPTCY COURT\nCENTRAL DISTRICT OF CALIFORNIA", "cacb"),
    ("UNITED STATES COURT OF APPEALS \nFOR THE TENTH CIRCUIT", "ca10"),
    ("United States Court of Appeals\nFor the First Circuit", "ca1"),
    ("UNITED STATES COURT OF APPEALS FOR THE FEDERAL CIRCUIT", "cafc"),
    ("United States Court of Appeals for the District of Columbia Circuit", "cadc"),
    ("In the Supreme Court of the United States", "scotus"),
    ("IN THE SUPREME COURT OF NORTH CAROLINA", "nc"),
    ("THE SUPREME COURT OF ALABAMA", "ala"),
    ("UNITED STATES TAX COURT", "tax"),
    ("IN THE COURT OF WORKERS' COMPENSATION CLAIMS\nAT NASHVILLE", "tennworkcompcl"),
    ("The Honorable J. Paul Oetken\nUnited States District Judge\nSouthern District of New York",
     "nysd"),
    # one line, or split over lines anywhere
    ("IN THE UNITED STATES DISTRICT COURT FOR THE EASTERN DISTRICT OF ARKANSAS", "ared"),
    ("UNITED STATES DISTRICT COURT\nEASTERN DISTRICT\nOF ARKANSAS\nDELTA DIVISION", "ared"),
    ("UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW\nYORK", "nysd"),
    ("United States District Court\nfor the\nEastern District of Virginia\nAlexandria Division",
     "vaed"),
    # letter-spaced headings
    ("U N I T E D  S T A T E S  D I S T R I C T  C O U R T\n"
     "E A S T E R N  D I S T R I C T  O F  A R K A N S A S", "ared"),
    ("S U P R E M E  C O U R T  O F  T H E  U N I T E D  S T A T E S", "scotus"),
    # an abbreviated district right after the court's name
    ("UNITED STATES DISTRICT COURT\nN.D. CALIFORNIA", "cand"),
    ("United States District Court, D. Arizona", "azd"),
    ("UNITED STATES BANKRUPTCY COURT, S.D. New York", "nysb"),
    # federal courts of special jurisdiction
    ("IN THE UNITED STATES COURT OF FEDERAL CLAIMS\nBid Protest", "uscfc"),
    ("UNITED STATES COURT OF INTERNATIONAL TRADE", "cit"),
    ("UNITED STATES COURT OF APPEALS FOR VETERANS CLAIMS", "cavc"),
    ("UNITED STATES JUDICIAL PANEL ON MULTIDISTRICT LITIGATION", "jpml"),
    # a form's abbreviated court ("2. Court or Organization"), clean and as OCR reads it
    ("2.Court or Organization\nU.S. Dist. Ct. S.D. Ohio", "ohsd"),
    ("2.Court or Organization\nU .S. Dist .C t. S.D. Ohio", "ohsd"),
    ("U.S. Bankr. Ct. N.D. Ohio", "ohnb"),
])
def test_courts_in_text(text, want):
    found = court_mentions.courts_in_text(text)
    assert found and found[0].court_id == want


@pytest.mark.parametrize("text", [
    "347 B.R. 473 (Bankr. S.D.N.Y. 2006)",
    "See Smith v. Jones, 1 F. Supp. 2d 3 (N.D. Cal. 2001)",
    "Doe v. Roe, No. 19-cv-1 (D. Arizona Mar. 3, 2020)",
    "Doe v. Roe, 1 F.4th 2 (Dist. Ct. N.D. Ohio 2021)",  # no "U.S." before the abbreviation
])
def test_no_court_in_citation_abbreviations(text):
    assert court_mentions.courts_in_text(text) == []


@pytest.mark.parametrize("text,want", [
    ("U N I T E D  S T A T E S", "UNITED  STATES"),
    ("O R D E R  G R A N T I N G", "ORDER  GRANTING"),
    ("J. R. SMITH and U.S.A. v. A.B.C. Corp.", "J. R. SMITH and U.S.A. v. A.B.C. Corp."),
])
def test_close_spaced_letters(text, want):
    assert court_mentions.close_spaced_letters(text) == want


@pytest.mark.parametrize("text,want", [
    ("U .S. Dist .C t. S.D. Ohio", "U.S. Dist.Ct. S.D. Ohio"),
    ("Smith v. Jones, Inc. and Doe", "Smith v. Jones, Inc. and Doe"),  # nothing to mend
    ("the end .The next", "the end .The next"),  # a long word before the dot is not an abbreviation
])
def test_close_ocr_abbreviations(text, want):
    assert court_mentions.close_ocr_abbreviations(text) == want


@pytest.mark.parametrize("cid,level", [("cand", "district"), ("mdd", "district"),
                                       ("canb", "bankruptcy"), ("ca9", "appellate"),
                                       ("scotus", "supreme"), ("nc", "other"), (None, None)])
def test_court_level(cid, level):
    assert courts.court_level(cid) == level


def test_domain_import_is_light():
    code = ("import sys; import chalicelib.domain as d; "
            "from chalicelib.domain import courts, court_mentions, stamps, captions, docket_numbers, "
            "document_types, extraction; import chalicelib.extract; "
            "from chalicelib.domain.courts import KNOWN_COURT_IDS; assert 'cand' in KNOWN_COURT_IDS; "
            "heavy = [m for m in ('courts_db', 'eyecite', 'pypdfium2') if m in sys.modules]; "
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


@pytest.mark.parametrize("heading,want", [
    # state trial and appellate courts as their captions print them
    ("SUPREME COURT OF THE STATE OF NEW YORK\nCOUNTY OF NEW YORK", "nysupct"),
    ("IN THE COURT OF CHANCERY OF THE STATE OF DELAWARE", "delch"),
    ("IN THE COURT OF SPECIAL APPEALS OF MARYLAND", "mdctspecapp"),
    # the state on the line above the court, or before its kind
    ("COMMONWEALTH OF MASSACHUSETTS\nSUPERIOR COURT", "masssuperct"),
    ("STATE OF MICHIGAN\nIN THE COURT OF APPEALS", "michctapp"),
    ("NEW YORK STATE COURT OF APPEALS", "ny"),
    # a circuit's bankruptcy appellate panel
    ("UNITED STATES BANKRUPTCY APPELLATE PANEL OF THE NINTH CIRCUIT", "bap9"),
    # state trial courts: the kind first, the state after the county on the heading's lines
    ("IN THE CIRCUIT COURT OF THE ELEVENTH JUDICIAL CIRCUIT\nIN AND FOR MIAMI-DADE COUNTY, FLORIDA",
     "flacirct"),
    ("IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS\nCOUNTY DEPARTMENT, LAW DIVISION", "illcirct"),
    ("IN THE COURT OF COMMON PLEAS OF PHILADELPHIA COUNTY\nFIRST JUDICIAL DISTRICT OF PENNSYLVANIA\n"
     "CIVIL TRIAL DIVISION", "pactcompl"),
    ("IN THE COURT OF COMMON PLEAS\nCUYAHOGA COUNTY, OHIO", "ohioctcompl"),
    # a state court's appellate division, the division before or after the court
    ("SUPERIOR COURT OF NEW JERSEY\nAPPELLATE DIVISION\nDOCKET NO. A-1234-19", "njsuperctappdiv"),
    ("APPELLATE DIVISION OF THE SUPREME COURT OF THE STATE OF NEW YORK\nFIRST JUDICIAL DEPARTMENT",
     "nyappdiv"),
    # territorial district courts
    ("IN THE DISTRICT COURT OF GUAM", "gud"),
    ("IN THE UNITED STATES DISTRICT COURT\nFOR THE NORTHERN MARIANA ISLANDS", "nmid"),
])

def test_state_courts_and_panels(heading, want):
    assert [m.court_id for m in court_mentions.courts_in_text(heading)][:1] == [want]


@pytest.mark.parametrize("heading", [
    # courts-db's nearest name is another court: no court rather than an invented one
    "IN THE CHANCERY COURT FOR DAVIDSON COUNTY, TENNESSEE",
    # a body sentence about "the circuit court" is no heading
    "We review the circuit court's judgment. See Doe v. Roe, 1 So. 3d 2 (Fla. 2020).",
])
def test_no_state_trial_court_from_near_names(heading):
    assert court_mentions.courts_in_text(heading) == []


def test_a_state_named_as_a_party_is_no_court():
    assert court_mentions.courts_in_text("STATE OF CALIFORNIA,\nPlaintiff,\nv.\nACME CORP.,\nDefendant.") == []
