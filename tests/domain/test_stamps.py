"""CM/ECF stamps: real stamp strings from the corpus PDFs, body references that are not stamps,
and the winner among two stamps."""
from datetime import date

import pytest

from chalicelib.domain.stamps import court_for_system, find_stamps, winning_stamp

# text -> (system, docket, document_number, attachment, date_filed, page, page_of, page_id)
STAMPS = [
    ("Case 4:19-cv-07123-PJH Document 144-2 Filed 09/11/20 Page 1 of 29",
     ("district", "4:19-cv-07123-PJH", "144", 2, date(2020, 9, 11), 1, 29, None)),
    ("Case 8:16-cv-01261-DOC-KES Document 40 Filed 08/05/16 Page 1 of 4 Page ID #:365",
     ("district", "8:16-cv-01261-DOC-KES", "40", None, date(2016, 8, 5), 1, 4, "365")),
    ("Case 2:06-cv-00376-SRW Document 1-2 Filed 04/25/2006 Page 1 of 1 Page ID #:12",
     ("district", "2:06-cv-00376-SRW", "1", 2, date(2006, 4, 25), 1, 1, "12")),
    ("Case 18-09232 Doc 49 Filed 04/16/19 Entered 04/16/19 14:07:05 Desc Main Document\n"
     "Page 1 of 3", ("bankruptcy", "18-09232", "49", None, date(2019, 4, 16), 1, 3, None)),
    ("Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1",
     ("ca4", "17-2218", "17", None, date(2017, 10, 31), 1, 1, None)),
    ("Appellate Case: 22-1801 Page: 1 Date Filed: 01/19/2023 Entry ID: 5237514",
     ("ca8", "22-1801", None, None, date(2023, 1, 19), 1, None, None)),
    ("Appellate Case: 21-800 Document: 010110462922 Date Filed: 01/11/2021 Page: 1",
     ("ca10", "21-800", "010110462922", None, date(2021, 1, 11), 1, None, None)),
    ("USCA Case #16-1062 Document #1600692 Filed: 02/24/2016 Page 1 of 3",
     ("cadc", "16-1062", "1600692", None, date(2016, 2, 24), 1, 3, None)),
    ("USCA11 Case: 21-12355 Date Filed: 07/13/2021 Page: 1 of 2",
     ("ca11", "21-12355", None, None, date(2021, 7, 13), 1, 2, None)),
    ("Case 17-3510, Document 1-1, 10/31/2017, 2161300, Page1 of 2",
     ("ca2", "17-3510", "1", 1, date(2017, 10, 31), 1, 2, "2161300")),
    ("Case: 20-16408, 12/20/2020, ID: 11937413, DktEntry: 28-1, Page 1 of 3",
     ("ca9", "20-16408", "28", 1, date(2020, 12, 20), 1, 3, "11937413")),
    ("Case: 12-2209 Document: 00116475093 Page: 1 Date Filed: 01/03/2013 Entry ID: 5700979",
     ("appellate", "12-2209", "00116475093", None, date(2013, 1, 3), 1, None, None)),
    ("Case: 21-2728 Document: 138-2 Page: 1 Date Filed: 08/17/2022",
     ("appellate", "21-2728", "138", 2, date(2022, 8, 17), 1, None, None)),
    (" Case: 17-3994 Document: 1-3 Filed: 09/20/2017 Page: 1",
     ("appellate", "17-3994", "1", 3, date(2017, 9, 20), 1, None, None)),
    ("Case: 14-1326 Document: 3 Page: 1 Filed: 03/18/2014",
     ("appellate", "14-1326", "3", None, date(2014, 3, 18), 1, None, None)),
    # a bankruptcy stamp with an appellate-style "Case:" label (it is the "Entered" that tells)
    ("Case: 20-50682 Doc# 33 Filed: 04/28/20 Entered: 04/28/20 19:02:54 Page 1 of 30",
     ("bankruptcy", "20-50682", "33", None, date(2020, 4, 28), 1, 30, None)),
    # words between the entry number and "Filed" on restricted entries
    ("Case 2:19-cr-00642-VAP Document 271-13 *SEALED* Filed 11/13/20 Page 1 of 2 Page ID #:5238",
     ("district", "2:19-cr-00642-VAP", "271", 13, date(2020, 11, 13), 1, 2, "5238")),
    ("Case 3:21-cv-00410-LB Document 132 (Ex Parte) Filed 06/02/22 Page 1 of 4",
     ("district", "3:21-cv-00410-LB", "132", None, date(2022, 6, 2), 1, 4, None)),
    ("Case 1:20-cv-03010-APM Document 77 (Court only) *SEALED* Filed 01/05/21 Page 3 of 9",
     ("district", "1:20-cv-03010-APM", "77", None, date(2021, 1, 5), 3, 9, None)),
    # N.D. Ill. (colon after "Case", "Document #:", PageID last) and W.D. Mich. ("ECF No.",
    # PageID before the date)
    ("Case: 1:19-cv-00123 Document #: 45 Filed: 03/04/20 Page 1 of 12 PageID #:678",
     ("district", "1:19-cv-00123", "45", None, date(2020, 3, 4), 1, 12, "678")),
    ("Case 1:19-cv-00123-PLM-RSK ECF No. 45, PageID.678 Filed 03/04/20 Page 1 of 12",
     ("district", "1:19-cv-00123-PLM-RSK", "45", None, date(2020, 3, 4), 1, 12, "678")),
    ("Case 3:19-cv-00123-X Document 45-1 Filed 03/04/20 Page 2 of 12 PageID 679",
     ("district", "3:19-cv-00123-X", "45", 1, date(2020, 3, 4), 2, 12, "679")),
    # districts that print their court or another date label: D. Colo. ("filed", "USDC
    # Colorado pg"), S.D. Tex. ("Filed on ... in TXSD"), S.D. Fla. ("Entered on FLSD Docket")
    ("Case 1:20-cv-01234-RBJ Document 55-2 filed 06/01/21 USDC Colorado pg 1 of 5",
     ("district", "1:20-cv-01234-RBJ", "55", 2, date(2021, 6, 1), 1, 5, None)),
    ("Case 4:20-cv-01234 Document 55 Filed on 06/01/21 in TXSD Page 1 of 5",
     ("district", "4:20-cv-01234", "55", None, date(2021, 6, 1), 1, 5, None)),
    ("Case 0:20-cv-61234-RAR Document 55 Entered on FLSD Docket 06/01/2021 Page 1 of 5",
     ("district", "0:20-cv-61234-RAR", "55", None, date(2021, 6, 1), 1, 5, None)),
    # bankruptcy numbers with the judge's initials and chapter, or a division digit; S.D.N.Y.
    # bankruptcy stamps without "Case"
    ("Case 20-31234-sgj11 Doc 55 Filed 06/01/21 Entered 06/01/21 10:11:12 Page 1 of 5",
     ("bankruptcy", "20-31234-sgj11", "55", None, date(2021, 6, 1), 1, 5, None)),
    ("Case 20-01234-5-DMW Doc 55 Filed 06/01/21 Entered 06/01/21 10:11:12 Page 1 of 5",
     ("bankruptcy", "20-01234-5-DMW", "55", None, date(2021, 6, 1), 1, 5, None)),
    ("20-12345-mg Doc 55 Filed 06/01/21 Entered 06/01/21 10:11:12 Main Document Pg 1 of 5",
     ("bankruptcy", "20-12345-mg", "55", None, date(2021, 6, 1), 1, 5, None)),
    ("Case 3:21-cv-00410-LB Document 132 *SEALED* (Ex Parte) Filed 06/02/22 Page 1 of 4",
     ("district", "3:21-cv-00410-LB", "132", None, date(2022, 6, 2), 1, 4, None)),
    # split over lines by text extraction
    ("Case 4:19-cv-07123-PJH\nDocument 133\nFiled 09/02/20\nPage 1 of 4",
     ("district", "4:19-cv-07123-PJH", "133", None, date(2020, 9, 2), 1, 4, None)),
]


@pytest.mark.parametrize("text,want", STAMPS)
def test_stamp_forms(text, want):
    found = find_stamps("some body text\n" + text + "\nmore body text")
    assert len(found) == 1
    s = found[0]
    assert (s.system, s.docket_number, s.document_number, s.attachment_number, s.date_filed,
            s.page, s.page_of, s.page_id) == want


@pytest.mark.parametrize("text", [
    "Defendants moved to dismiss the complaint. (ECF No. 59.)",
    "(Dkt. No. 116.)", "[Re: ECF 421, 423, 425]", "Re: Dkt. 133", "[Doc. # 14.]",
    "Re: Case No. 17-3994, Island Creek Coal Company v. Linda Hill, et al",
    "Case No. 4:19-cv-07123-PJH", "DC Docket #: 17-cv-6761",
    "Action Filed: 10/29/2019",
    "In Case 1:19-cv-00123, ECF No. 45 was filed 03/04/20 by the plaintiff.",
    "See Case: 1:19-cv-00123 (N.D. Ill.), Dkt. 45, filed 03/04/20.",
])
def test_body_references_are_not_stamps(text):
    assert find_stamps(text) == []


@pytest.mark.parametrize("text,court", [
    ("Case 1:20-cv-01234-RBJ Document 55 filed 06/01/21 USDC Colorado pg 1 of 5", "cod"),
    ("Case 4:20-cv-01234 Document 55 Filed on 06/01/21 in TXSD Page 1 of 5", "txsd"),
    ("Case 0:20-cv-61234-RAR Document 55 Entered on FLSD Docket 06/01/2021 Page 1 of 5", "flsd"),
    ("Case 4:19-cv-07123-PJH Document 144-2 Filed 09/11/20 Page 1 of 29", None),
])
def test_a_stamp_that_names_its_court(text, court):
    assert find_stamps(text)[0].court_id == court


@pytest.mark.parametrize("text", [
    "the debtor's case, 20-12345-mg Doc 55 Filed 06/01/21, was",  # no "Entered": no stamp
])
def test_no_caseless_stamp_without_entered(text):
    assert find_stamps(text) == []


def test_refiled_document_outer_stamp_wins():
    inner = "Case 1:19-cv-00001-AB Document 12 Filed 01/02/19 Page 3 of 9"
    outer = "Case 3:20-cv-00555-XY Document 40-3 Filed 06/07/20 Page {} of 2"
    pages = [find_stamps(f"{outer.format(1)}\n{inner}"), find_stamps(f"{inner}\n{outer.format(2)}")]
    w = winning_stamp(pages)
    assert (w.docket_number, w.document, w.date_filed) == ("3:20-cv-00555-XY", "40-3", date(2020, 6, 7))


def test_winner_prefers_most_pages_on_same_date():
    a = "Case 1:19-cv-00001-AB Document 12 Filed 01/02/19 Page 1 of 2"
    b = "Case 1:19-cv-00001-AB Document 13 Filed 01/02/19 Page 1 of 1"
    assert winning_stamp([find_stamps(a), find_stamps(a + " " + b)]).document == "12"


def test_no_stamps():
    assert winning_stamp([[], []]) is None


@pytest.mark.parametrize("system,court", [("ca4", "ca4"), ("ca8", "ca8"), ("ca11", "ca11"),
                                          ("cadc", "cadc"), ("district", None), ("appellate", None)])
def test_court_for_system(system, court):
    assert court_for_system(system) == court
