"""Document types from printed titles (corpus titles), and the page cues used without one."""
import pytest

from chalicelib.domain.document_types import DOCUMENT_TYPES, classify, classify_title

TITLES = [
    ("ORDER", "order"),
    ("DOCKETING NOTICE", "notice"),
    ("[PROPOSED] ORDER GRANTING PLAINTIFFS’ MOTION TO STRIKE AFFIRMATIVE DEFENSES", "order"),
    ("DEFENDANTS NSO GROUP TECHNOLOGIES LIMITED AND Q CYBER TECHNOLOGIES LIMITED’S "
     "ADMINISTRATIVE MOTION TO FILE UNDER SEAL", "motion"),
    ("EXHIBIT A", "exhibit"),
    ("SECOND AMENDED COMPLAINT", "complaint"),
    ("ORDER ON DAUBERT MOTIONS", "order"),
    ("CIVIL MINUTES—GENERAL", "order"),
    ("JUDGMENT AND PROBATION/COMMITMENT ORDER", "judgment"),
    ("MEMORANDUM FINDINGS OF FACT AND OPINION", "opinion"),
    ("OPINION OF THE COURT", "opinion"),
    ("OPINION AND ORDER", "opinion"),
    ("EXPEDITED HEARING ORDER DENYING REQUESTED RELIEF", "order"),
    ("STIPULATION AND [PROPOSED] ORDER", "stipulation"),
    ("DECLARATION OF JOSEPH N. AKROTIRIANAKIS IN SUPPORT OF MOTION", "declaration"),
    ("NOTICE OF MOTION AND MOTION TO DISMISS", "motion"),
    ("PLAINTIFFS’ OPPOSITION TO MOTION TO DISMISS", "brief"),
    ("REPLY IN SUPPORT OF MOTION TO DISMISS", "brief"),
    ("REPORTER’S TRANSCRIPT OF PROCEEDINGS", "transcript"),
    ("TRANSCRIPT OF PROCEEDINGS (EXCERPT)", "transcript"),
    ("NOTICE OF APPEAL", "notice"),
    ("FORM 8. Entry of Appearance", "notice"),
    ("ANSWER TO COMPLAINT", "answer"),
    # briefs whose title names the motion they answer or support
    ("REPLY IN SUPPORT OF DEFENDANTS' MOTION TO DISMISS", "brief"),
    ("DEFENDANT APPLE INC.’S REPLY IN SUPPORT OF ITS MOTION TO DISMISS", "brief"),
    ("SUPPLEMENTAL BRIEF RE: PLAINTIFFS’ MOTION FOR CLASS CERTIFICATION", "brief"),
    ("POST-HEARING BRIEF REGARDING MOTION FOR PRELIMINARY INJUNCTION", "brief"),
    ("MEMORANDUM AND AUTHORITIES IN SUPPORT OF MOTION FOR SUMMARY JUDGMENT", "brief"),
    ("SUPPLEMENTAL MEMORANDUM IN OPPOSITION TO MOTION TO COMPEL", "brief"),
    # a motion for judgment is a motion
    ("NOTICE OF MOTION AND MOTION FOR PARTIAL SUMMARY JUDGMENT", "motion"),
    ("DEFENDANTS’ NOTICE OF MOTION AND MOTION FOR PARTIAL SUMMARY JUDGMENT", "motion"),
    # minutes are the court's orders
    ("AMENDED CIVIL MINUTES - GENERAL", "order"),
    ("MINUTES OF PROCEEDINGS", "order"),
    # slip sheets and running-header abbreviations
    ("Ex. M", "exhibit"),
    ("EXH. 12", "exhibit"),
    ("DECL. OF JOHN SMITH ISO MOTION TO DISMISS", "declaration"),
    # a court's findings
    ("FINDINGS OF FACT AND CONCLUSIONS OF LAW REGARDING DEBTOR'S DISCLOSURE STATEMENT", "opinion"),
    ("Amended Memorandum of Findings of Fact and Conclusions of Law", "opinion"),
    ("MEMORANDUM DECISION AND ORDER", "order"),
    ("Violation Notice (Rev. 1/2020)", "other"),
    ("JURY NOTE NO. 1", "other"),
    ("ORDER OF COURT", "order"),
    # a party's answer to an order is a brief; sentencing memoranda and statements of interest
    ("PLAINTIFFS' RESPONSE TO ORDER TO SHOW CAUSE", "brief"),
    ("DEFENDANT'S SENTENCING MEMORANDUM", "brief"),
    ("UNITED STATES' SENTENCING MEMORANDUM", "brief"),
    ("STATEMENT OF INTEREST OF THE UNITED STATES", "brief"),
    ("OBJECTIONS TO REPORT AND RECOMMENDATION", "brief"),
    # the court's bare memorandum (a memorandum disposition / memorandum opinion)
    ("MEMORANDUM*", "opinion"),
    ("MEMORANDUM", "opinion"),
    # decrees are judgments; petitions that start a case are complaints
    ("CONSENT DECREE", "judgment"),
    ("PLAINTIFF'S ORIGINAL PETITION", "complaint"),
    ("VERIFIED PETITION", "complaint"),
    # forms that are none of the listed kinds
    ("VERDICT FORM", "other"),
    ("CIVIL COVER SHEET", "other"),
    ("SUMMONS IN A CIVIL ACTION", "other"),
    # a court's decision and ruling; "... AND ORDER" stays an order
    ("MEMORANDUM DECISION ON MOTION TO ESTIMATE CLAIMS", "opinion"),
    ("DECISION AFTER TRIAL", "opinion"),
    ("MEMORANDUM DECISION AND ORDER ON MOTION TO DISMISS", "order"),
    ("RULING ON MOTION TO DISMISS", "order"),
    ("RULING AND ORDER ON DEFENDANT'S MOTION FOR SUMMARY JUDGMENT", "order"),
    ("FINDINGS AND RECOMMENDATIONS", "order"),
    ("MAGISTRATE JUDGE'S REPORT AND RECOMMENDATION", "order"),
    ("PRELIMINARY INJUNCTION", "order"),
    ("MANDATE", "order"),
    ("PER CURIAM", "opinion"),
    # papers that start a case: a state court's petition, the criminal charging papers
    ("PETITION FOR DAMAGES", "complaint"),
    ("SUPERSEDING INDICTMENT", "complaint"),
    ("INFORMATION", "complaint"),
    ("PETITION FOR PANEL REHEARING AND REHEARING EN BANC", "motion"),
    # a deposition is a transcript; verdicts, instructions, reports and plans are none of the kinds
    ("VIDEOTAPED DEPOSITION OF JOHN SMITH", "transcript"),
    ("SPECIAL VERDICT FORM", "other"),
    ("JURY INSTRUCTIONS", "other"),
    ("JOINT CASE MANAGEMENT STATEMENT", "other"),
    ("JOINT STATUS REPORT", "other"),
    ("DEBTOR'S CHAPTER 11 PLAN OF REORGANIZATION", "other"),
    ("DISCLOSURE STATEMENT FOR DEBTOR'S PLAN OF REORGANIZATION", "other"),
    ("CORPORATE DISCLOSURE STATEMENT", "notice"),
    ("PROOF OF CLAIM", "other"),
    ("SUBPOENA TO PRODUCE DOCUMENTS", "other"),
]


@pytest.mark.parametrize("title,want", TITLES)
def test_titles(title, want):
    assert classify_title(title) == want
    assert want in DOCUMENT_TYPES


@pytest.mark.parametrize("kwargs,want", [
    (dict(stamp_only=True, attachment_number=8), "exhibit"),
    (dict(stamp_only=True), "other"),
    (dict(exhibit_cover=True), "exhibit"),
    (dict(first_pages="Re: Case No. 17-3994\nDear Counsel:\nThis case has been docketed",
          last_pages="Sincerely yours,\ns/Karen S. Fultz\nCase Manager"), "notice"),
    (dict(first_pages="Re: United States v. Xiang, No. 22-1801\nDear Mr. Gans,\n",
          last_pages="Sincerely,\ns/ Matthew P. Kralovec\nCounsel for Haitao Xiang"), "other"),
    (dict(first_pages="OPINION text\nFISHER, Circuit Judge.\nThe Travelers ..."), "opinion"),
    # untitled opinions: a byline with initials, per curiam, "Opinion by Judge"
    (dict(first_pages="Before JOLLY and DENNIS, Circuit Judges.\nE. GRADY JOLLY, Circuit Judge:\nThis"),
     "opinion"),
    (dict(first_pages="Before MELLOY, BEAM, and SHEPHERD, Circuit Judges.\nPER CURIAM.\nOn remand"),
     "opinion"),
    (dict(first_pages="Before: WARDLAW and BEA, Circuit Judges.\nOpinion by Judge Callahan"), "opinion"),
    # per curiam on line-numbered paper; an appellate opinion's "(Argued: ... Decided: ...)" head
    (dict(first_pages="Before:\nLEVAL, STRAUB, AND WESLEY, Circuit Judges.\nAFFIRMED.\n"
                      "1 PER CURIAM:\n2 Plaintiff, a native and citizen of Ireland, commenced"), "opinion"),
    (dict(first_pages="August Term, 2009\n(Argued: January 25, 2010 Decided: February 4, 2010)\n"
                      "Docket No. 08-6301-cv"), "opinion"),
    (dict(last_pages="IT IS SO ORDERED.\nDated: April 17, 2020"), "order"),
    # a California Court of Appeal opinion's head
    (dict(first_pages="THE PEOPLE,\nPlaintiff and Respondent,\nv.\nJUAN ROE,\nDefendant and Appellant.\n"
                      "B301234\nAPPEAL from a judgment of the Superior Court of Los Angeles County, "
                      "Mary Smith, Judge. Affirmed."), "opinion"),
    (dict(body="I. Background\nII. Discussion\nA. Standard of Review\n"), "opinion"),
    # transcripts whose title line was not read as a title
    (dict(first_pages="--oOo--\nREPORTER'S TRANSCRIPT OF PROCEEDINGS\n--oOo--\nAPPEARANCES:"),
     "transcript"),
    (dict(first_pages="THE COURT: Good morning.\nMR. NOLAN: Good morning, your Honor.\n"
                      "THE COURT: Be seated.\nTIPHANNE G. CROWE\nOFFICIAL COURT REPORTER, USDC"),
     "transcript"),
    (dict(first_pages="Q. Where were you?\nA. At home.\nQ. Alone?\n"
                      "Proceedings recorded by mechanical stenography."), "transcript"),
    # a brief quoting the court reporter is not a transcript
    (dict(first_pages="Counsel asked the official court reporter for the record.\n"
                      "Respectfully submitted,\nAttorneys for Plaintiff"), "other"),
])
def test_cues_without_title(kwargs, want):
    assert classify(None, **kwargs) == want
