"""Printed dates: clerk FILED stamps (federal and state) and the document's own date."""
from datetime import date

import pytest

from chalicelib.domain.captions.dates import find_printed_dates

FILED = [
    ("FILED\nOct 02, 2019", date(2019, 10, 2)),
    # state courts' clerk stamps
    ("ELECTRONICALLY FILED\nSuperior Court of California,\nCounty of Orange\n"
     "03/15/2021 at 11:32:00 AM\nClerk of the Superior Court", date(2021, 3, 15)),
    ("FILED: NEW YORK COUNTY CLERK 03/04/2021 05:43 PM INDEX NO. 654321/2021", date(2021, 3, 4)),
    ("FILED\n2021 MAR 12 AM 9:30\nCLERK OF THE COURT", date(2021, 3, 12)),
    ("FILED\n2021 Feb-16 AM 08:55\nU.S. DISTRICT COURT", date(2021, 2, 16)),
    ("Electronically Filed\n6/1/2021 10:11 AM\nSteven D. Grierson\nCLERK OF THE COURT", date(2021, 6, 1)),
    ("FILED\nDALLAS COUNTY\n6/1/2021 10:11 AM\nFELICIA PITRE\nDISTRICT CLERK", date(2021, 6, 1)),
    ("E-FILED\n6/1/2021 10:11 AM\nClerk of Court\nSuperior Court of CA,\nCounty of Santa Clara",
     date(2021, 6, 1)),
    # Florida's and Delaware's e-filing headers
    ("Filing # 123456789 E-Filed 06/01/2021 10:11:12 AM", date(2021, 6, 1)),
    ("EFiled: Jun 01 2021 10:11AM EDT\nTransaction ID 66612345\nCase No. 2021-0123-JRS", date(2021, 6, 1)),
    # a complaint's "Action Filed:" is no filing stamp
    ("Action Filed: 10/29/2019", None),
]


@pytest.mark.parametrize("text,want", FILED)
def test_clerk_filed_stamp(text, want):
    filed, source, _ = find_printed_dates([text])
    assert filed == want
    assert source == ("clerk_stamp" if want else None)


DOC_DATES = [
    # a hearing block's date is the hearing's, not the document's
    ("[PROPOSED] ORDER GRANTING MOTION\nDate: October 21, 2020\nTime: 9:00 a.m.\nCtrm: 3\n"
     "Judge: Hon. Phyllis J. Hamilton\nDated:\nTHE HONORABLE PHYLLIS J. HAMILTON", None),
    ("NOTICE OF MOTION\nHearing Date: May 1, 2020\nTime: 11:15 a.m.", None),
    ("NOTICE OF MOTION\nDate: May 1, 2020\nTime: 11:15 a.m.\nCourtroom: 11\n"
     "Dated: April 2, 2020", date(2020, 4, 2)),
    ("Respectfully submitted,\nDated: April 2, 2020", date(2020, 4, 2)),
    # signature lines in words: "this 1st day of", "Signed on", "ENTERED:"
    ("Hearing: July 15, 2021 at 10:00 a.m.\nRespectfully submitted this 1st day of June, 2021.",
     date(2021, 6, 1)),
    ("SO ORDERED this 1st day of June, 2021.", date(2021, 6, 1)),
    ("DATED this 22nd day of June, 2021.", date(2021, 6, 22)),
    ("Signed on June 1, 2021.", date(2021, 6, 1)),
    ("ENTERED: June 1, 2021", date(2021, 6, 1)),
    ("HEARING DATE AND TIME: July 15, 2021 at 10:00 a.m. (ET)\nOBJECTION DEADLINE: July 8, 2021\n"
     "Dated: June 1, 2021\nNew York, New York", date(2021, 6, 1)),
]


@pytest.mark.parametrize("text,want", DOC_DATES)
def test_document_date(text, want):
    assert find_printed_dates([text])[2] == want
