"""The extraction pipeline on tiny PDFs built in-test with fpdf2: a stamped order, a stamp-only
scan, stray bytes before the header, truncated, encrypted and non-PDF input."""
from datetime import date

import pytest

fpdf = pytest.importorskip("fpdf")

from chalicelib.extract.errors import ExtractionError  # noqa: E402
from chalicelib.extract.pdf_text import Limits, pdf_start  # noqa: E402
from chalicelib.extract.pipeline import STAGES, extract  # noqa: E402

STAMP = "Case 4:19-cv-07123-PJH Document 144-2 Filed 09/11/20 Page {} of {}"
ORDER = """UNITED STATES DISTRICT COURT
NORTHERN DISTRICT OF CALIFORNIA
WHATSAPP INC., et al.,
Plaintiffs,
v.
NSO GROUP TECHNOLOGIES LIMITED, et al.,
Defendants.
Case No. 4:19-cv-07123-PJH
ORDER GRANTING IN PART AND DENYING IN PART MOTION TO DISMISS
The motion is GRANTED in part. See Kiobel v. Royal Dutch Petroleum Co., 569 U.S. 108 (2013);
18 U.S.C. § 1030.
IT IS SO ORDERED.
Dated: September 10, 2020
PHYLLIS J. HAMILTON
United States District Judge"""


def make_pdf(pages: list[str | None], stamp: bool = True, encrypt: str | None = None) -> bytes:
    pdf = fpdf.FPDF()
    pdf.set_font("Helvetica", size=10)
    for i, body in enumerate(pages, 1):
        pdf.add_page()
        if stamp:
            pdf.set_xy(10, 5)
            pdf.cell(0, 5, STAMP.format(i, len(pages)))
        if body:  # None: a scanned page whose only text is the stamp
            pdf.set_xy(10, 20)
            pdf.multi_cell(0, 5, body)
    if encrypt is not None:
        pdf.set_encryption(owner_password="owner", user_password=encrypt)
    return bytes(pdf.output())


def test_stamped_order():
    timings: dict = {}
    e = extract(make_pdf([ORDER, "The second page of the order has ordinary text on it."]),
                timings=timings)
    assert (e.page_count, e.court_id, e.docket_number) == (2, "cand", "4:19-cv-07123-PJH")
    assert (e.document_number, e.attachment_number, e.date_filed) == ("144", 2, date(2020, 9, 11))
    assert e.case_id == "cand-19-cv-07123"
    assert e.case_name == "Whatsapp Inc. v. NSO Group Technologies Limited"
    assert e.document_type == "order" and e.judge == "Phyllis J. Hamilton"
    assert e.document_date == date(2020, 9, 10)
    assert {c.cite for c in e.citations} >= {"569 U.S. 108", "18 U.S.C. § 1030"}
    assert e.sources["docket_number"] == "stamp" and e.sources["court_id"] == "caption"
    assert e.stamp and e.stamp.page_of == 2
    assert not e.needs_ocr
    assert set(timings) <= set(STAGES) and timings["text"] > 0


def test_stamp_only_scan_is_flagged_not_failed():
    e = extract(make_pdf([None]))
    assert e.needs_ocr and e.ocr_pages == [1]
    assert (e.docket_number, e.document_number, e.attachment_number) == ("4:19-cv-07123-PJH", "144", 2)
    assert e.document_type == "exhibit"
    assert e.date_filed == date(2020, 9, 11)


def test_page_without_any_text():
    e = extract(make_pdf([None, None], stamp=False))
    assert e.page_count == 2 and e.ocr_pages == [1, 2] and e.stamp is None


def test_stray_bytes_before_header():
    data = b"\r\n\xef\xbb\xbfgarbage" + make_pdf([ORDER])
    assert pdf_start(data) == 12
    assert extract(data).docket_number == "4:19-cv-07123-PJH"


@pytest.mark.parametrize("data,code", [
    (b"hello, not a pdf", "not_pdf"),
    (b"x" * 2000 + b"%PDF-1.4", "not_pdf"),
    (b"%PDF-1.4\n% truncated right here", "unreadable_pdf"),
])
def test_errors(data, code):
    with pytest.raises(ExtractionError) as err:
        extract(data)
    assert err.value.code == code


def test_truncated_pdf():
    data = make_pdf([ORDER])
    with pytest.raises(ExtractionError) as err:
        extract(data[: len(data) // 2])
    assert err.value.code == "unreadable_pdf"


def test_encrypted_pdf():
    with pytest.raises(ExtractionError) as err:
        extract(make_pdf([ORDER], encrypt="secret"))
    assert err.value.code == "encrypted"


def test_empty_user_password_is_read():
    assert extract(make_pdf([ORDER], encrypt="")).document_number == "144"


def test_limits():
    data = make_pdf(["a", "b", "c"])
    with pytest.raises(ExtractionError) as err:
        extract(data, Limits(max_pages=2))
    assert err.value.code == "too_complex"
    with pytest.raises(ExtractionError) as err:
        extract(data, Limits(max_bytes=100))
    assert err.value.code == "too_complex"
