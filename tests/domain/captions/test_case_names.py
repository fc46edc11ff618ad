"""Case names: what surrounds a caption never enters a party's name (real caption strings)."""
import pytest

from chalicelib.domain.captions.case_names import find_case_name
from chalicelib.domain.captions.parties import short_party_name, smart_title

CASES = [
    # docket lines above the first party
    ("IN THE UNITED STATES COURT OF APPEALS\nFOR THE ELEVENTH CIRCUIT\nNo. 08-14991\n"
     "D. C. Docket No. 06-02274-CV-AR-S\nBRENDA ROBINSON,\nPlaintiff-Appellant,\nversus\n"
     "TYSON FOODS, INC.,\nDefendant-Appellee.", "Robinson v. Tyson Foods, Inc."),
    ("IN THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF COLORADO\n"
     "Civil Action No. 1:21-cv-______________\nBERKSHIRE LIFE INSURANCE COMPANY OF AMERICA,\n"
     "Plaintiff,\nv.\nANNA SCHUBERT,\nDefendant.",
     "Berkshire Life Insurance Company of America v. Schubert"),
    # a sealing banner, a bankruptcy chapter and a declaration's title above the caption
    ("REDACTED VERSION OF DOCUMENT(S) SOUGHT TO BE SEALED\nWHATSAPP INC., a Delaware corporation,\n"
     "Plaintiffs,\nv.\nNSO GROUP TECHNOLOGIES LIMITED,\nDefendants.\nWhatsApp Inc. moves to seal.",
     "WhatsApp Inc. v. NSO Group Technologies Limited"),
    ("Chapter 11\nAdv. Pro. No. 20-03050 (HLB)\nDECLARATION OF MIRIAM MANNING IN SUPPORT OF\n"
     "ANTHONY LEVANDOWSKI,\nPlaintiff,\nv.\nUBER TECHNOLOGIES, INC.,\nDefendant.",
     "Levandowski v. Uber Technologies, Inc."),
    # a dashed "v." line; the printed short title above the caption wins over the first defendant
    ("08-6301-cv\nGildernew v. Gantner\nUNITED STATES COURT OF APPEALS\nFOR THE SECOND CIRCUIT\n"
     "Docket No. 08-6301-cv\nFRANCIS B. GILDERNEW,\nPlaintiff-Appellant,\n–v.–\n"
     "ANDREA QUARANTILLO, District Director,\nDefendants-Appellees.", "Gildernew v. Gantner"),
    # a footnote after the "v." is not the defendant
    ("UNITED STATES OF AMERICA,\nPlaintiff - Appellee,\nv.\nJOHN WILSON,\nDefendant - Appellant.\n"
     "* The Honorable Linda R. Reade", "United States v. Wilson"),
    # a body sentence that quotes a cited case is no caption
    ("The court in Smith held that the rule applies when the parties agree v.\nJones Corp., "
     "Defendant.\nIn re: Roundup Products\nLiability Litigation\nMDL No. 2741",
     "In re Roundup Products Liability Litigation"),
    # long MDL names wrap; "In re:" alone on its line; "Inc." keeps its period
    ("IN RE: ROUNDUP PRODUCTS\nLIABILITY LITIGATION\nThis document relates to:\nALL ACTIONS",
     "In re Roundup Products Liability Litigation"),
    ("UNITED STATES BANKRUPTCY COURT\nIn re:\nWAVE COMPUTING, INC., et al.,\nDebtors.1\n"
     "Case No. 20-50682 (MEH)\nChapter 11", "In re Wave Computing, Inc."),
    # a deposition caption: middle-dot padding, line numbers, ":" as the column separator, an
    # "and" line between defendants
    ("·1· · · ·IN THE UNITED STATES DISTRICT COURT\n· · · · · · ·FOR THE DISTRICT OF MARYLAND\n·2\n"
     "·3· ·CRYSTAL LONG,· · · · · ·:\n· · · · · · · · · · · · · · ·:\n·4· · · · · Plaintiff,· · · ·:\n"
     "· · · · · · · · · · · · · · ·:\n·5· ·v.· · · · · · · · · · · : Civil Action No:\n"
     "· · · · · · · · · · · · · · ·: 8:17-cv-01955-GJH\n·6· ·PENDRICK CAPITAL· · · · :\n"
     "· · ·PARTNERS, II, LLC,· · · :\n·7· · · · · · · · · · · · · ·:\n· · ·ABILITY RECOVERY· · · · :\n"
     "·8· ·SERVICES, LLC,· · · · · :\n10· · · · · · · · · · · · · ·:\n· · · ·and· · · · · · · · · ·:\n"
     "11· · · · · · · · · · · · · ·:\n· · ·EQUIFAX INFORMATION· · ·:\n12· ·SYSTEMS, LLC,· · · · · ·:\n"
     "13· · · · · Defendants.· · · :\n14\n15· · CONFIDENTIAL DEPOSITION OF CRYSTAL M. LONG",
     "Long v. Pendrick Capital Partners, II, LLC"),
    # an organisation whose name reads like a person's: a vowel-less token is no given name
    ("UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA\nTCL COMMUNICATION\n"
     "TECHNOLOGY HOLDINGS, LTD.,\net al.,\nPlaintiffs/Counterclaim-Defendants,\nv.\n"
     "TELEFONAKTIEBOLAGET LM\nERICSSON, et al.,\nDefendants/Counterclaim-Plaintiffs,",
     "TCL Communication Technology Holdings, LTD. v. Telefonaktiebolaget LM Ericsson"),
    # an official bankruptcy form's debtor fields
    ("Fill in this information to identify your case:\nDebtor 1 Larry Lewis\nDebtor 2 Beverly A Lewis\n"
     "(Spouse, if filing)\nUnited States Bankruptcy Court for the: NORTHERN DISTRICT OF ILLINOIS\n"
     "Case number Check if this is:", "In re Larry Lewis and Beverly A Lewis"),
    ("Fill in this information to identify the case:\nDebtor name Acme Widgets LLC\n"
     "United States Bankruptcy Court for the: DISTRICT OF DELAWARE", "In re Acme Widgets LLC"),
    # a letter's reference line above its greeting names the case
    ("AFFELD GRIVAKES LLP\n2049 Century Park East, Ste. 2460\nMarch 23, 2021\n"
     " Case 4:19-cv-06669-JST-DMR; Ross v. AT&T Mobility LLC et al. \n"
     "Dear Magistrate Judge Ryu:\n This letter is being submitted", "Ross v. AT&T Mobility LLC"),
    # a court's seat line above the caption is not a party
    ("IN THE UNITED STATES DISTRICT COURT\nFOR THE MIDDLE DISTRICT OF TENNESSEE\nAT NASHVILLE\n"
     "LEONARDO CALDERON-FUENTES,\nPlaintiff,\nv.\nCEVA LOGISTICS U.S. HOLDINGS, INC.,\nDefendant.",
     "Calderon-Fuentes v. Ceva Logistics U.S. Holdings, Inc."),
    # a court heading's jurisdiction line (state, county) above the first party is no party
    ("WORKERS' COMPENSATION APPEALS BOARD\nSTATE OF CALIFORNIA\nJOHN DOE,\nApplicant,\nvs.\n"
     "ACME CORP.; ZENITH INSURANCE COMPANY,\nDefendants.", "Doe v. Acme Corp."),
    ("IN THE CIRCUIT COURT OF THE CITY OF ST. LOUIS\nSTATE OF MISSOURI\nJOHN ROE,\nPlaintiff,\nv.\n"
     "ACME CORP.,\nDefendant.\nCause No. 2122-CC01234", "Roe v. Acme Corp."),
    ("SUPREME COURT OF THE STATE OF NEW YORK\nCOUNTY OF KINGS\n-----------------------------X\n"
     "MARÍA GONZÁLEZ,\nPlaintiff,\n-against-\nACME CORP.,\nDefendant.", "González v. Acme Corp."),
    # ... but a state that is the party keeps its place
    ("IN THE CIRCUIT COURT OF COLE COUNTY\nSTATE OF MISSOURI,\nPlaintiff,\nv.\nJOHN ROE,\n"
     "Defendant.", "State of Missouri v. Roe"),
    ("IN THE CIRCUIT COURT OF COLE COUNTY\nSTATE OF MISSOURI\nPlaintiff,\nv.\nJOHN ROE,\n"
     "Defendant.", "State of Missouri v. Roe"),
    # OCR of a slip opinion's italic "v." after an upper-case party reads "u."
    ("SUPREME COURT OF THE UNITED STATES\nSyllabus\nTARRANT REGIONAL WATER DISTRICT u.\n"
     "HERRMANN ET AL.\nCERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR\nTHE TENTH CIRCUIT",
     "Tarrant Regional Water District v. Herrmann"),
    # a form's "DEFENDANT(S)." role line ends the party block (OCR of a C.D. Cal. surety form)
    ("UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA\nUNITED STATES OF AMERICA\n"
     "PLAINTIFF,\nV.\nKEITH BERMAN\nDEFENDANT(S).\nCASENUMBER\n20MJ6108-1\n"
     "AFFIDAYIT OFSURETY (NO JUSTIFICATION)", "United States v. Berman"),
    # pleading-paper line numbers that OCR splits ("1 1" for 11) are no part of a party
    ("UNITED STATES DISTRICT COURT\n10\nNORTHERN DISTRICT OF CALIFORNIA\n1 1\n12\n"
     "MICHAEL FERNANDES,\n13\nPlaintiff,\n14\nVs.\n15\nACME WIDGETS, LLC,\n16\nDefendants.",
     "Fernandes v. Acme Widgets, LLC"),
    # party/role grammar: an organisation "and" a person are two parties (OCR of a 3d Cir.
    # caption); "in his individual and official capacity" is a descriptor
    ("UNITED STATES COURT OF APPEALS\nFOR THE THIRD CIRCUIT\nNo. 21-1298\n"
     "BRAD RUSH, as the administrator ofthe estate of Jeffrey Dennis,\nAppellee\nV.\n"
     "CITY OF PHILADELPHIA and\nOFFICER RICHARD NICOLETTI, in his individual and official capacity,\n"
     "OFFICER RICHARD NICOLETTI,\nAppellant\nOn Appeal from the United States District Court",
     "Rush v. City of Philadelphia"),
    # a union whose name is a list is one party, not its first word; S.D.N.Y.'s caption
    # border as OCR reads it ("X", full-width "：") is no part of a party
    ("UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK\nX\nIn re:\n"
     "HOSTESS BRANDS, INC., et al.,\nDebtors.\n：\nX\n：\nBAKERY, CONFECTIONERY, TOBACCO\n"
     "WORKERS AND GRAIN MILLERS\nINTERNATIONAL UNION,\nAppellant,\n-against-\n"
     "HOSTESS BRANDS, INC., et al.,\nAppellees.\nX\nRamos, D.J.:",
     "Bakery, Confectionery, Tobacco Workers and Grain Millers International Union v. "
     "Hostess Brands, Inc."),
]


@pytest.mark.parametrize("text,want", CASES)
def test_find_case_name(text, want):
    assert find_case_name([text])[0] == want


@pytest.mark.parametrize("text", [
    # "u." is believed for "v." only after an upper-case party, never in running text
    "The parties agreed to proceed u.\nThe court then ruled on the motion.",
])
def test_no_case_name_from_a_lower_case_u(text):
    assert find_case_name([text])[0] is None


def test_letter_case_is_the_documents_where_the_caption_is_in_capitals():
    caption = ("WHATSAPP INC., and FACEBOOK, INC.,\nPlaintiffs,\nv.\nNSO GROUP TECHNOLOGIES LIMITED,\n"
               "Defendants.\nPlaintiffs WhatsApp Inc. and Facebook, Inc. bring this action.")
    name, parties = find_case_name([caption])
    assert name == "WhatsApp Inc. v. NSO Group Technologies Limited"
    assert ("WhatsApp Inc.", "Plaintiffs") in parties


@pytest.mark.parametrize("name,short", [
    ("JUAN DE LA CRUZ", "De La Cruz"),          # a compound surname keeps its particles
    ("Ludwig van Beethoven", "van Beethoven"),
    ("SUHAIL NAJIM ABDULLA AL SHIMARI", "Al Shimari"),
    ("ERIC H. HOLDER, JR.", "Holder"),
    ("MARIA DEL CARMEN LOPEZ", "Lopez"),
    ("José Muñoz", "Muñoz"),
    ("John Ng", "Ng"),                           # a vowel-less surname is still a surname
])
def test_short_party_name_of_people(name, short):
    assert short_party_name(name) == short


@pytest.mark.parametrize("printed,want", [
    ("KIYO A. MATSUMOTO", "Kiyo A. Matsumoto"),                # an initial is not the article
    ("MICHAEL ANTHONY BUTLER, JR., AS DESCRIBED IN ATTACHMENT A-4",
     "Michael Anthony Butler, Jr., as Described in Attachment A-4"),
    ("UNITED STATES EX REL. JANE ROE", "United States ex rel. Jane Roe"),
    ("THE HOME DEPOT U.S.A., INC.", "The Home Depot U.S.A., Inc."),
    ("PG&E CORPORATION", "PG&E Corporation"),                   # an ampersand initialism
    ("AT&T MOBILITY LLC", "AT&T Mobility LLC"),
])
def test_smart_title(printed, want):
    assert smart_title(printed) == want


@pytest.mark.parametrize("name,short", [
    ("BANCO POPULAR DE PUERTO RICO", "Banco Popular De Puerto Rico"),  # an organisation, not "Rico"
    ("JUAN CARLOS DE LA ROSA", "De La Rosa"),
])
def test_spanish_organisations_are_not_people(name, short):
    assert short_party_name(name) == short


@pytest.mark.parametrize("name,short", [
    ("BANK OF AMERICA, N.A", "Bank of America, N.A."),        # "N.A." keeps its period
    ("JANE DOE", "Doe"),                                       # a placeholder name is a person's
    ("JOHN DOES 1-10", "John Does 1-10"),
])
def test_short_party_name_keeps_what_is_printed(name, short):
    assert short_party_name(name) == short
