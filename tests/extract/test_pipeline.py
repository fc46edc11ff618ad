"""The extraction pipeline on tiny PDFs built in-test with fpdf2: a stamped order, a stamp-only
scan, stray bytes before the header, truncated, encrypted and non-PDF input."""
from datetime import date
from pathlib import Path

import pytest

fpdf = pytest.importorskip("fpdf")

from chalicelib.extract.errors import ExtractionError  # noqa: E402
from chalicelib.extract.pdf_text import Limits, pdf_start  # noqa: E402
from chalicelib.extract.pipeline import STAGES, extract  # noqa: E402
from tests.support.pdf_objects import assemble  # noqa: E402

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


def unit_form_pdf(lines: list[str], stamp: str | None = None) -> bytes:
    """A scan's OCR layer as Quick PDF Library writes it: the page draws a form XObject with
    ``/BBox [0 0 1 1]`` scaled up to the page; inside, ``0.001 cm`` and one text object per
    glyph (each narrower than 0.01 form units, which PDFium's text page drops)."""
    ops = ["0.001 0 0 0.001 0 0 cm", "/F1 14 Tf"]
    y = 950.0
    for line in lines:
        ops.append(f"BT 1 0 0 1 100 {y:.1f} Tm")
        for ch in line:
            ops.append(f"({ch.replace('(', '[').replace(')', ']')}) Tj 8.4 0 Td")
        ops.append("ET")
        y -= 30
    form = "\n".join(ops).encode()
    page = b"q 792 0 0 792 0 0 cm /Fm1 Do Q"
    if stamp:
        page += f"\nBT /F1 8 Tf 20 780 Td ({stamp}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /Fm1 5 0 R >> /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(page) + page + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /Font << /F1 6 0 R >> >> "
        b"/Length %d >>\nstream\n" % len(form) + form + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
    ]
    return assemble(objs, header=b"%PDF-1.4\n")


TRANSCRIPT = ["IN THE UNITED STATES DISTRICT COURT", "EASTERN DISTRICT OF CALIFORNIA",
              "BEFORE THE HONORABLE WILLIAM B. SHUBB", "UNITED STATES OF AMERICA,",
              "Plaintiff,", "vs. Sacramento, California", "No. 2:18-CR-00119", "TUESDAY",
              "FIRDOS SHEIKH, 9:03 A.M.", "Defendant.", "REPORTER'S TRANSCRIPT OF PROCEEDINGS",
              "THE CLERK: Criminal case 18-119, the United States v. Sheikh."]


def test_ocr_layer_in_unit_scale_form_is_read():
    from chalicelib.extract.pdf_text import read_pdf_text

    text = read_pdf_text(unit_form_pdf(TRANSCRIPT)).pages[0]
    assert "EASTERN DISTRICT OF CALIFORNIA" in text and "FIRDOS SHEIKH" in text
    # page positions are kept: lines come out in reading order, one per line
    assert text.index("BEFORE THE HONORABLE") < text.index("REPORTER'S TRANSCRIPT")
    e = extract(unit_form_pdf(TRANSCRIPT))
    assert not e.needs_ocr
    assert (e.court_id, e.case_name, e.judge, e.document_type) == (
        "caed", "United States v. Sheikh", "William B. Shubb", "transcript")


def test_unit_scale_form_beside_a_stamp():
    stamp = "Case 2:18-cr-00119-WBS Document 91 Filed 03/04/20 Page 1 of 1"
    e = extract(unit_form_pdf(TRANSCRIPT[:2], stamp=stamp))
    assert e.docket_number == "2:18-cr-00119-WBS" and e.court_id == "caed"


def test_a_reader_that_trips_costs_its_fields_not_the_filing(monkeypatch):
    from chalicelib.domain import captions
    from chalicelib.extract import pipeline

    data = (Path(__file__).resolve().parents[2] / "fixtures" / "pdfs" / "syn14.pdf").read_bytes()

    def broken(*a, **k):
        raise IndexError("odd layout")

    monkeypatch.setattr(captions, "read_caption", broken)
    got = pipeline.extract(data)
    assert got.document_number == "494" and got.page_count == 4 and got.date_filed is not None
    assert got.case_name is None
    assert "caption: could not be read (IndexError)" in got.warnings
