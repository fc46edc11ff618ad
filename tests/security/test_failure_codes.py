"""Issue #10 item 5 and #12's first class: a filing's failure code comes from the document at
hand, and only PDFium decides what is readable (no stricter pre-check of our own)."""
from __future__ import annotations

import pytest

fpdf = pytest.importorskip("fpdf")

from chalicelib.extract.errors import ExtractionError  # noqa: E402
from chalicelib.extract.pipeline import extract  # noqa: E402
from tests.security.bombs import pdf_with_content  # noqa: E402

BODY = """UNITED STATES DISTRICT COURT
NORTHERN DISTRICT OF CALIFORNIA
Case No. 4:19-cv-07123-PJH
ORDER GRANTING MOTION TO SEAL"""
STAMP = "Case 4:19-cv-07123-PJH Document 144 Filed 09/11/20 Page 1 of 1"


def order(encrypt: str | None = None) -> bytes:
    pdf = fpdf.FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.set_xy(10, 5)
    pdf.cell(0, 5, STAMP)
    pdf.set_xy(10, 20)
    pdf.multi_cell(0, 5, BODY)
    if encrypt is not None:
        pdf.set_encryption(owner_password="owner", user_password=encrypt)
    return bytes(pdf.output())


def zero_pages() -> bytes:
    """A well-formed PDF whose page tree is empty: PDFium refuses it without setting an error."""
    out = pdf_with_content(b"", b"/FlateDecode", pages=0)
    assert b"/Count 0" in out
    return out


def code_of(data: bytes) -> str | None:
    try:
        extract(data)
    except ExtractionError as exc:
        return exc.code
    return None


@pytest.mark.parametrize("name,wrap", [
    ("zero padding after %%EOF (8 KiB)", lambda d: d + b"\0" * 8192),
    ("zero padding after %%EOF (64 KiB)", lambda d: d + b"\0" * 65536),
    ("CR/LF padding after %%EOF", lambda d: d + b"\r\n" * 20000),
    ("a mail footer after %%EOF", lambda d: d + b"\n-- \nSent from the court's e-filing gateway\n" * 300),
    ("stray bytes before %PDF-", lambda d: b"\r\n\xef\xbb\xbf<html>garbage" + d),
    ("1024 stray bytes before %PDF-", lambda d: b"x" * 1024 + d),
    ("both", lambda d: b"\x00\x00junk\n" + d + b"\0" * 30000),
])
def test_a_file_pdfium_reads_is_never_refused(name, wrap):
    got = extract(wrap(order()))
    assert got.docket_number == "4:19-cv-07123-PJH" and got.document_number == "144", name


@pytest.mark.parametrize("data,code", [
    (b"x" * 1025 + b"%PDF-1.4\n", "not_pdf"),  # PDFium looks no further than 1024 bytes either
    (b"%PDF-1.4\n% cut short", "unreadable_pdf"),
])
def test_what_pdfium_cannot_read_still_fails(data, code):
    assert code_of(data) == code


def test_a_truncated_file_is_unreadable_by_pdfiums_own_verdict():
    data = order()
    assert code_of(data[: len(data) * 3 // 4]) == "unreadable_pdf"


def test_a_zero_page_pdf_after_an_encrypted_one_is_not_called_encrypted():
    assert code_of(order(encrypt="secret")) == "encrypted"
    assert code_of(zero_pages()) == "unreadable_pdf"
    assert code_of(order(encrypt="secret")) == "encrypted"
    assert code_of(order()) is None
    assert code_of(zero_pages()) == "unreadable_pdf"


def test_the_same_holds_in_one_warm_sandbox_child():
    from chalicelib.config import extraction_bounds
    from chalicelib.extract.sandbox import EXTRACT, Sandbox

    box = Sandbox(extraction_bounds({"ARCHIVE_EXTRACT_MEMORY_MB": "768"}))
    try:
        codes = []
        for data in (order(encrypt="secret"), zero_pages(), order() + b"\0" * 20000):
            try:
                box.call(EXTRACT, data)
                codes.append(None)
            except ExtractionError as exc:
                codes.append(exc.code)
        assert codes == ["encrypted", "unreadable_pdf", None]
        assert box.started == 1
    finally:
        box.close()
