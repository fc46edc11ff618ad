"""Caption layouts of courts beyond the development corpus, as those courts print them (party
names replaced by placeholders): each row is a layout class the reader must understand —
S.D.N.Y. "x" rules and ":" columns, E.D. Pa. captions without roles, "Pratter, J." and "SAYLOR,
C.J." authors, the Supreme Court's one-line "X, PETITIONERS v. Y", memorandum dispositions,
per curiam footnote markers, docket numbers beside "v.", Texas "CAUSE NO." and "§" columns,
court seat lines, "Doe" placeholders, columns set apart by wide gaps, parenthesised notes
("(Jointly Administered)"), appellate panels and lower-court judges that are not the author. Court, case name, judge (by last name) and type."""
import pytest

from chalicelib.domain import document_types
from chalicelib.domain.captions import read_caption

LAYOUTS = [
 ("sdny x-rules", "UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK\n---------------------------------------------------------------x\nJOHN DOE,\n\nPlaintiff,\n\n-against-\n\nCITY OF NEW YORK, et al.,\n\nDefendants.\n---------------------------------------------------------------x\n21-cv-1234 (JPO)\n\nOPINION AND ORDER\n\nJ. PAUL OETKEN, District Judge:\nPlaintiff brings this action.",
  "nysd", "Doe v. City of New York", "J. Paul Oetken", "opinion"),
 ("sdny x-rules right col", "UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK\n----------------------------------------------------------- X\n:\nACME CAPITAL LLC, :\n:\nPlaintiff, : 20 Civ. 5678 (LGS)\n:\n-against- : OPINION AND ORDER\n:\nBETA BANK N.A., :\n:\nDefendant. :\n----------------------------------------------------------- X\nLORNA G. SCHOFIELD, District Judge:\nPlaintiff sues.",
  "nysd", "Acme Capital LLC v. Beta Bank N.A.", "Lorna G. Schofield", "opinion"),
 ("5th cir em-dash", "IN THE UNITED STATES COURT OF APPEALS\nFOR THE FIFTH CIRCUIT\n____________\nNo. 20-10001\n____________\nUNITED STATES OF AMERICA,\nPlaintiff—Appellee,\nversus\nJOHN SMITH,\nDefendant—Appellant.\n______________________________\nAppeal from the United States District Court\nfor the Northern District of Texas\nUSDC No. 3:19-CR-123-1\n______________________________\nBefore JONES, SMITH, and ELROD, Circuit Judges.\nPER CURIAM:*\nJohn Smith appeals.",
  "ca5", "United States v. Smith", None, "opinion"),
 ("9th cir memo", "FILED\nJUN 1 2021\nMOLLY C. DWYER, CLERK\nU.S. COURT OF APPEALS\nNOT FOR PUBLICATION\nUNITED STATES COURT OF APPEALS\nFOR THE NINTH CIRCUIT\nJANE ROE,\nPlaintiff-Appellant,\nv.\nACME CORPORATION,\nDefendant-Appellee.\nNo. 20-55555\nD.C. No. 2:19-cv-01234-JAK\nMEMORANDUM*\nAppeal from the United States District Court\nfor the Central District of California\nJohn A. Kronstadt, District Judge, Presiding\nSubmitted May 10, 2021**\nBefore: WARDLAW, BEA, and VANDYKE, Circuit Judges.\nJane Roe appeals pro se.",
  "ca9", "Roe v. Acme Corporation", None, "opinion"),
 ("ddc v + civil action same line", "UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF COLUMBIA\nJOHN DOE,\nPlaintiff,\nv. Civil Action No. 21-1234 (RDM)\nDEPARTMENT OF JUSTICE,\nDefendant.\nMEMORANDUM OPINION AND ORDER\nPlaintiff seeks records.",
  "dcd", "Doe v. Department of Justice", None, "opinion"),
 ("criminal no role line", "UNITED STATES DISTRICT COURT\nEASTERN DISTRICT OF NEW YORK\nUNITED STATES OF AMERICA\n- against -\nJOHN DOE,\nDefendant.\nMEMORANDUM & ORDER\n19-CR-123 (KAM)\nKIYO A. MATSUMOTO, United States District Judge:",
  "nyed", "United States v. Doe", "Kiyo A. Matsumoto", "order"),
 ("bankruptcy in re jointly", "UNITED STATES BANKRUPTCY COURT\nSOUTHERN DISTRICT OF NEW YORK\nIn re:\nACME RETAIL HOLDINGS, INC., et al.,1\nDebtors.\nChapter 11\nCase No. 20-12345 (MG)\n(Jointly Administered)\nMEMORANDUM OPINION AND ORDER GRANTING DEBTORS' MOTION\nMARTIN GLENN\nUNITED STATES BANKRUPTCY JUDGE",
  "nysb", "In re Acme Retail Holdings, Inc.", "Martin Glenn", "opinion"),
 ("state superior", "SUPERIOR COURT OF THE STATE OF CALIFORNIA\nFOR THE COUNTY OF LOS ANGELES\nMARIA GARCIA, an individual,\nPlaintiff,\nvs.\nACME FOODS, INC., a Delaware corporation; and DOES 1 through 50, inclusive,\nDefendants.\nCase No. 21STCV12345\nCOMPLAINT FOR DAMAGES",
  "calsuperct", "Garcia v. Acme Foods, Inc.", None, "complaint"),
 ("ndcal order signed", "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA\nJOHN DOE,\nPlaintiff,\nv.\nMETA PLATFORMS, INC.,\nDefendant.\nCase No. 22-cv-03580-WHO\nORDER GRANTING MOTION TO DISMISS\nRe: Dkt. No. 45\nThe motion is granted.\nIT IS SO ORDERED.\nDated: May 1, 2023\nWilliam H. Orrick\nUnited States District Judge",
  "cand", "Doe v. Meta Platforms, Inc.", "William H. Orrick", "order"),
 ("dnj opinion", "UNITED STATES DISTRICT COURT\nDISTRICT OF NEW JERSEY\nJOHN SMITH,\nPlaintiff,\nv.\nNEW JERSEY TRANSIT CORPORATION, et al.,\nDefendants.\nCivil Action No. 20-1234 (ZNQ) (DEA)\nOPINION\nQURAISHI, District Judge\nThis matter comes before the Court",
  "njd", "Smith v. New Jersey Transit Corporation", "Quraishi", "opinion"),
 ("scotus", "Cite as: 590 U. S. ____ (2020)\nOpinion of the Court\nNOTICE: This opinion is subject to formal revision\nSUPREME COURT OF THE UNITED STATES\n_________________\nNo. 18–1195\n_________________\nKENDRA ESPINOZA, ET AL., PETITIONERS v. MONTANA\nDEPARTMENT OF REVENUE, ET AL.\nON WRIT OF CERTIORARI TO THE SUPREME COURT OF MONTANA\n[June 30, 2020]\nCHIEF JUSTICE ROBERTS delivered the opinion of the Court.",
  "scotus", "Espinoza v. Montana Department of Revenue", "Roberts", "opinion"),
 ("ilnd minute", "UNITED STATES DISTRICT COURT\nFOR THE NORTHERN DISTRICT OF ILLINOIS\nEASTERN DIVISION\nJANE DOE, )\n) Case No. 21-cv-4567\nPlaintiff, )\n) Judge Sharon Johnson Coleman\nv. )\n)\nACME LOGISTICS LLC, )\n)\nDefendant. )\nMEMORANDUM OPINION AND ORDER\nPlaintiff sues.",
  "ilnd", "Doe v. Acme Logistics LLC", "Sharon Johnson Coleman", "opinion"),
 ("complaint counsel first", "Jane Attorney (SBN 123456)\njane@firm.com\nFIRM LLP\n100 Main St.\nAttorneys for Plaintiff\nJOHN DOE\nUNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA\nJOHN DOE, individually and on behalf of all others similarly situated,\nPlaintiff,\nv.\nACME STREAMING, INC.,\nDefendant.\nCase No. 2:23-cv-01234\nCLASS ACTION COMPLAINT\nDEMAND FOR JURY TRIAL",
  "cacd", "Doe v. Acme Streaming, Inc.", None, "complaint"),
 ("1st cir", "United States Court of Appeals\nFor the First Circuit\nNo. 19-1234\nUNITED STATES,\nAppellee,\nv.\nCARLOS RIVERA-GONZÁLEZ,\nDefendant, Appellant.\nAPPEAL FROM THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF PUERTO RICO\n[Hon. Francisco A. Besosa, U.S. District Judge]\nBefore\nHoward, Chief Judge,\nLynch and Kayatta, Circuit Judges.\nJanuary 5, 2021\nKAYATTA, Circuit Judge. Carlos Rivera appeals.",
  "ca1", "United States v. Rivera-González", "Kayatta", "opinion"),
 ("stipulation", "UNITED STATES DISTRICT COURT\nWESTERN DISTRICT OF WASHINGTON\nAT SEATTLE\nAMAZON.COM, INC.,\nPlaintiff,\nv.\nJOHN DOES 1-10,\nDefendants.\nNo. 2:22-cv-00123-RSL\nSTIPULATED MOTION AND [PROPOSED] ORDER TO EXTEND DEADLINES",
  "wawd", "Amazon.com, Inc. v. John Does 1-10", None, "stipulation"),
 ("3d cir", "NOT PRECEDENTIAL\nUNITED STATES COURT OF APPEALS\nFOR THE THIRD CIRCUIT\n_____________\nNo. 19-1234\n_____________\nJOHN ROE,\nAppellant\nv.\nACME INC\n_____________\nOn Appeal from the United States District Court\nfor the Eastern District of Pennsylvania\n(D.C. Civil No. 2:18-cv-01234)\nDistrict Judge: Honorable Gene E.K. Pratter\n_____________\nSubmitted Under Third Circuit L.A.R. 34.1(a)\nBefore: HARDIMAN, PORTER, and PHIPPS, Circuit Judges\n(Opinion filed: June 1, 2021)\n_____________\nOPINION*\n_____________\nPORTER, Circuit Judge.\nJohn Roe appeals.",
  "ca3", "Roe v. Acme Inc.", "Porter", "opinion"),
 ("edpa colon columns", "IN THE UNITED STATES DISTRICT COURT\nFOR THE EASTERN DISTRICT OF PENNSYLVANIA\nJOHN ROE : CIVIL ACTION\n:\nv. :\n:\nACME CORP. : NO. 21-1234\nMEMORANDUM\nPratter, J. June 1, 2021\nJohn Roe sues.",
  "paed", "Roe v. Acme Corp.", "Pratter", "opinion"),
 ("dmass paren columns C.J.", "UNITED STATES DISTRICT COURT\nDISTRICT OF MASSACHUSETTS\n)\nJOHN ROE, )\nPlaintiff, )\n) Civil Action No.\nv. ) 21-10001-FDS\n)\nACME CORP., )\nDefendant. )\n)\nMEMORANDUM AND ORDER ON DEFENDANT'S MOTION TO DISMISS\nSAYLOR, C.J.\nThis is a dispute.",
  "mad", "Roe v. Acme Corp.", "Saylor", "order"),
 ("fed cir", "NOTE: This disposition is nonprecedential.\nUnited States Court of Appeals\nfor the Federal Circuit\n______________________\nACME CORP.,\nPlaintiff-Appellant\nv.\nBETA LLC,\nDefendant-Appellee\n______________________\n2020-1234\n______________________\nAppeal from the United States District Court for the District of Delaware in No. 1:18-cv-01234-CFC, Judge Colm F. Connolly.\n______________________\nDecided: June 1, 2021\n______________________\nJOHN SMITH, Kirkland & Ellis LLP, Washington, DC, argued for plaintiff-appellant.\nBefore MOORE, REYNA, and CHEN, Circuit Judges.\nMOORE, Circuit Judge.\nAcme appeals.",
  "cafc", "Acme Corp. v. Beta LLC", "Moore", "opinion"),
 ("ndga district court judge", "IN THE UNITED STATES DISTRICT COURT\nFOR THE NORTHERN DISTRICT OF GEORGIA\nATLANTA DIVISION\nJOHN ROE,\nPlaintiff,\nv.\nACME CORP.,\nDefendant.\nCIVIL ACTION NO.\n1:21-cv-01234-SDG\nOPINION AND ORDER\nThis case is before the Court.\nSO ORDERED this 1st day of June, 2021.\nSteven D. Grimberg\nUnited States District Court Judge",
  "gand", "Roe v. Acme Corp.", "Steven D. Grimberg", "opinion"),
 ("texas state section", "CAUSE NO. 2021-12345\nJOHN ROE, § IN THE DISTRICT COURT OF\nPlaintiff, §\n§\nv. § HARRIS COUNTY, TEXAS\n§\nACME INC., §\nDefendant. § 125TH JUDICIAL DISTRICT\nPLAINTIFF'S ORIGINAL PETITION",
  None, "Roe v. Acme Inc.", None, "complaint"),
 ("magistrate R&R", "UNITED STATES DISTRICT COURT\nWESTERN DISTRICT OF NEW YORK\nJANE ROE,\nPlaintiff,\nv. 20-CV-1234-LJV-MJR\nCOMMISSIONER OF SOCIAL SECURITY,\nDefendant.\nREPORT AND RECOMMENDATION\nThis case has been referred.\nMICHAEL J. ROEMER\nUnited States Magistrate Judge",
  "nywd", "Roe v. Commissioner of Social Security", "Michael J. Roemer", "order"),
 ("in the matter of", "UNITED STATES DISTRICT COURT\nDISTRICT OF NEW JERSEY\nIN THE MATTER OF THE EXTRADITION OF\nJOHN ROE\nMag. No. 21-1234\nOPINION",
  "njd", "In the Matter of the Extradition of John Roe", None, "opinion"),
 ("ex rel", "UNITED STATES DISTRICT COURT\nDISTRICT OF COLUMBIA\nUNITED STATES ex rel. JANE ROE,\nPlaintiff,\nv.\nACME HEALTH SYSTEMS, INC.,\nDefendant.\nCivil Action No. 19-1234 (ABJ)\nMEMORANDUM OPINION",
  "dcd", "United States ex rel. Roe v. Acme Health Systems, Inc.", None, "opinion"),
 ("hyphen name, vs", "IN THE UNITED STATES DISTRICT COURT\nFOR THE SOUTHERN DISTRICT OF TEXAS\nHOUSTON DIVISION\nMARÍA JOSÉ GARCÍA-LÓPEZ,\nPlaintiff,\nVS.\nTHE HOME DEPOT U.S.A., INC.,\nDefendant.\nCIVIL ACTION NO. 4:20-CV-1234\nMEMORANDUM AND ORDER\nLee H. Rosenthal\nChief United States District Judge",
  "txsd", "García-López v. Home Depot U.S.A., Inc.", "Lee H. Rosenthal", "order"),
]

LAYOUTS += [
 ("domain.md two columns merged", "UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA\nWHATSAPP INC., et al.,            Case No. 4:19-cv-07123-PJH\n        Plaintiffs,\n    v.                             ORDER GRANTING IN PART AND DENYING\nNSO GROUP TECHNOLOGIES LIMITED,    IN PART MOTION TO DISMISS\net al.,\n        Defendants.\nWhatsApp Inc. sued NSO Group.",
  "cand", "WhatsApp Inc. v. NSO Group Technologies Limited", None, "order"),
 ("cdcal civil minutes", "UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA\nCIVIL MINUTES - GENERAL\nCase No. 2:20-cv-01234-ODW (JCx) Date June 1, 2021\nTitle John Roe v. Acme Corp., et al.\nPresent: The Honorable OTIS D. WRIGHT II, UNITED STATES DISTRICT JUDGE\nSheila English Not Reported\nDeputy Clerk Court Reporter\nProceedings (In Chambers): ORDER GRANTING DEFENDANT'S MOTION TO DISMISS [12]",
  "cacd", "Roe v. Acme Corp.", "Otis D. Wright II", "order"),
 ("2d cir summary order", "UNITED STATES COURT OF APPEALS\nFOR THE SECOND CIRCUIT\nSUMMARY ORDER\nRULINGS BY SUMMARY ORDER DO NOT HAVE PRECEDENTIAL EFFECT.\nAt a stated term of the United States Court of Appeals for the Second Circuit, held at the Thurgood Marshall United States Courthouse, 40 Foley Square, in the City of New York, on the 1st day of June, two thousand twenty-one.\nPRESENT:\nJOHN M. WALKER, JR.,\nRICHARD C. WESLEY,\nJOSEPH F. BIANCO,\nCircuit Judges.\n_____________________________________\nJOHN ROE,\nPlaintiff-Appellant,\nv. 20-1234\nACME CORP.,\nDefendant-Appellee.\n_____________________________________\nFOR PLAINTIFF-APPELLANT: JOHN ROE, pro se, New York, NY.",
  "ca2", "Roe v. Acme Corp.", None, "order"),
 ("11th cir per curiam", "[DO NOT PUBLISH]\nIN THE UNITED STATES COURT OF APPEALS\nFOR THE ELEVENTH CIRCUIT\n________________________\nNo. 20-12345\nNon-Argument Calendar\n________________________\nD.C. Docket No. 1:19-cv-01234-ABC\nJOHN ROE,\nPlaintiff - Appellant,\nversus\nACME CORP.,\nDefendant - Appellee.\n________________________\nAppeal from the United States District Court\nfor the Northern District of Georgia\n________________________\n(June 1, 2021)\nBefore WILSON, JILL PRYOR, and LUCK, Circuit Judges.\nPER CURIAM:\nJohn Roe appeals.",
  "ca11", "Roe v. Acme Corp.", None, "opinion"),
 ("7th cir", "In the\nUnited States Court of Appeals\nFor the Seventh Circuit\n____________________\nNo. 20-1234\nJOHN ROE,\nPlaintiff-Appellant,\nv.\nACME CORP.,\nDefendant-Appellee.\n____________________\nAppeal from the United States District Court for the\nNorthern District of Illinois, Eastern Division.\nNo. 1:19-cv-01234 — Sharon Johnson Coleman, Judge.\n____________________\nARGUED MAY 1, 2021 — DECIDED JUNE 1, 2021\n____________________\nBefore SYKES, Chief Judge, and EASTERBROOK and KANNE, Circuit Judges.\nSYKES, Chief Judge. This appeal concerns a contract.",
  "ca7", "Roe v. Acme Corp.", "Sykes", "opinion"),
 ("tax court", "T.C. Memo. 2021-70\nUNITED STATES TAX COURT\nJOHN ROE, Petitioner\nv.\nCOMMISSIONER OF INTERNAL REVENUE, Respondent\nDocket No. 1234-19.\nFiled June 1, 2021.\nJane Counsel, for petitioner.\nMEMORANDUM FINDINGS OF FACT AND OPINION\nGUSTAFSON, Judge: This case is before the Court.",
  "tax", "Roe v. Commissioner", "Gustafson", "opinion"),
 ("wash ct app", "IN THE COURT OF APPEALS OF THE STATE OF WASHINGTON\nSTATE OF WASHINGTON,\nRespondent,\nv.\nJOHN ROE,\nAppellant.\nNo. 81234-5-I\nDIVISION ONE\nUNPUBLISHED OPINION\nSMITH, J. — John Roe appeals his conviction.",
  "washctapp", "State of Washington v. Roe", "Smith", "opinion"),
 ("bankr adversary", "UNITED STATES BANKRUPTCY COURT\nDISTRICT OF DELAWARE\nIn re:\nACME CORP., et al.,\nDebtors.\nChapter 11\nCase No. 19-10001 (KBO)\n(Jointly Administered)\nJANE SMITH, as Liquidating Trustee,\nPlaintiff,\nv.\nBETA BANK, N.A.,\nDefendant.\nAdv. Proc. No. 21-50001 (KBO)\nOPINION",
  "deb", "Smith v. Beta Bank, N.A.", None, "opinion"),
]


@pytest.mark.parametrize("layout,text,court,case,judge,kind", LAYOUTS, ids=[x[0] for x in LAYOUTS])
def test_layout(layout, text, court, case, judge, kind):
    cap = read_caption([text])
    assert cap.court_id == court
    assert cap.case_name == case
    if judge is None:
        assert cap.judge is None
    else:
        assert cap.judge and cap.judge.split(",")[0].split()[-1] == judge.split()[-1]
    assert document_types.classify(cap.title, text) == kind
