"""The link extractor on real sentences from filings, distractors included (table-driven)."""
import pytest

from chalicelib.domain.links import find_references, links_of

OWN = "4:19-cv-07123-PJH"

CASES = [
    # (text, title, expected [(number, attachment, kind)])
    ("Re: Dkt. Nos. 626, 627", None, [(626, 0, "responds_to"), (627, 0, "responds_to")]),
    ("ORDER RE: ECF NOS. 158, 159", None, [(158, 0, "responds_to"), (159, 0, "responds_to")]),
    ("Re: Dkt. No. 133", None, [(133, 0, "responds_to")]),
    ("Re: Dkt. Nos. 399, 409, 420", None, [(399, 0, "responds_to"), (409, 0, "responds_to"), (420, 0, "responds_to")]),
    ("See ECF No. 59-20 at 4.", None, [(59, 20, "cites_entry")]),
    ("as set out in Docket No. 45, the parties", None, [(45, 0, "cites_entry")]),
    ("the parties' briefs (Dkt. 626, 627) and", None, [(626, 0, "cites_entry"), (627, 0, "cites_entry")]),
    ("filed by the parties (Dkt. 45, 55, 62) and carefully", None,
     [(45, 0, "cites_entry"), (55, 0, "cites_entry"), (62, 0, "cites_entry")]),
    ("Dkt. Nos. 399, 409, and 420", None, [(399, 0, "cites_entry"), (409, 0, "cites_entry"), (420, 0, "cites_entry")]),
    ("the cross-motions for summary judgment, Docket 399 and Docket 409", None,
     [(399, 0, "cites_entry"), (409, 0, "cites_entry")]),
    ("Plaintiffs' Opposition to Defendants' Motion to Dismiss (Dkt. No. 45)", None, [(45, 0, "responds_to")]),
    ("NSO's motion (Dkt. No. 45) asks the Court to treat", "PLAINTIFFS' OPPOSITION TO DEFENDANTS' MOTION TO DISMISS",
     [(45, 0, "responds_to")]),
    ("NSO's motion (Dkt. No. 45) asks the Court to treat", "NOTICE OF CHANGE IN CORPORATE NAMES", [(45, 0, "cites_entry")]),
    ("WhatsApp Terms of Service, which NSO accepted (Dkt. No. 45-2, Ex. A).", None, [(45, 2, "cites_entry")]),
    ("Exhibit A to the Declaration of Daniel Eran (Dkt. 45-1)", None, [(45, 1, "exhibit_of")]),
    # another case's docket is no link of this case
    ("Doe v. Roe, No. 3:18-cv-01234-JST, ECF No. 45 (N.D. Cal. 2019)", None, []),
    ("WhatsApp Inc. v. NSO Grp. Techs. Ltd., No. 20-16408, Dkt. 12 (9th Cir.)", None, []),
    ("see ECF No. 45 in Case No. 3:20-cv-00001-JST", None, []),
    ("(9th Cir. Dkt. 12)", None, []),
    # the same case printed another way still is this case
    ("WhatsApp v. NSO, No. 19-cv-07123-PJH, Dkt. 133", None, [(133, 0, "cites_entry")]),
    # the stamp and citations that are not entries
    ("Case 4:19-cv-07123-PJH Document 494 Filed 12/20/24 Page 1 of 16", None, []),
    ("17 F.4th 930 (9th Cir. 2021); 18 U.S.C. § 1030", None, []),
]


@pytest.mark.parametrize("text,title,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_references(text, title, expected):
    got = [(r.number, r.attachment, r.kind) for r in find_references(text, OWN, own_number=111, title=title)]
    assert got == expected


def test_a_filing_never_links_to_itself_and_the_stamp_makes_an_attachment_an_exhibit():
    refs = links_of("Exhibit 20 to this motion. See ECF No. 59-20; ECF No. 12.", OWN, 59, 20)
    assert [(r.number, r.attachment, r.kind) for r in refs] == [(12, 0, "cites_entry"), (59, 0, "exhibit_of")]


def test_lines_broken_inside_a_reference():
    refs = find_references("as the Court held (Dkt.\nNo. 111), the", OWN)
    assert [(r.number, r.kind) for r in refs] == [(111, "cites_entry")]
