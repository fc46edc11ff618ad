"""The real local engine (RapidOCR) on one tiny rendered page: it reads the words, with the
spaces PP-OCR's recogniser drops put back from the page's own blank columns."""
import pytest

pytest.importorskip("rapidocr_onnxruntime")
fpdf = pytest.importorskip("fpdf")

from chalicelib.extract.ocr import OcrConfig, engine_for  # noqa: E402
from chalicelib.extract.ocr.local import respace  # noqa: E402
from chalicelib.extract.ocr.render import render_pages  # noqa: E402


def tiny_page(text: str) -> bytes:
    pdf = fpdf.FPDF(unit="pt", format=(330, 50))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size=16)
    pdf.set_xy(10, 15)
    pdf.cell(0, 20, text)
    return bytes(pdf.output())


def test_rapidocr_reads_a_rendered_line_with_its_word_spaces():
    image = next(render_pages(tiny_page("UNITED STATES DISTRICT COURT"), [1], dpi=150))
    lines = engine_for(OcrConfig(engine="local")).read(image)
    assert [ln.text for ln in lines] == ["UNITED STATES DISTRICT COURT"]
    assert 0.8 < lines[0].confidence <= 1.0


@pytest.mark.parametrize(("text", "centres", "gaps", "out"), [
    ("BRADRUSH", [0, 10, 20, 30, 50, 60, 70, 80], [40], "BRAD RUSH"),
    ("A B", [0, 5, 10], [5], "A B"),  # a space already there is not doubled
    ("AB", [0, 10], [], "AB"),
    ("ABC", [0, 10], [5], "ABC"),  # boxes that do not fit the text: left as read
])
def test_respace(text, centres, gaps, out):
    boxes = [[[c - 2, 0], [c + 2, 0], [c + 2, 9], [c - 2, 9]] for c in centres]
    assert respace(text, boxes, gaps) == out


def test_reading_order_keeps_a_captions_columns_together():
    from chalicelib.extract.ocr.local import reading_order

    boxes = [  # x0, y0, x1, y1
        (0.30, 0.05, 0.70, 0.07),  # UNITED STATES DISTRICT COURT (spans the middle)
        (0.10, 0.20, 0.40, 0.22),  # MARCUS GRAY; ET AL.,
        (0.60, 0.20, 0.90, 0.22),  # Case No. 2:15-CV-05642
        (0.15, 0.24, 0.30, 0.26),  # Plaintiff,
        (0.60, 0.24, 0.80, 0.26),  # SPECIAL VERDICT
        (0.10, 0.28, 0.20, 0.30),  # vs.
        (0.10, 0.32, 0.40, 0.34),  # KATY PERRY; ET AL.
        (0.10, 0.40, 0.90, 0.42),  # body prose
    ]
    assert reading_order(boxes) == [0, 1, 3, 5, 6, 2, 4, 7]


def test_reading_order_a_long_left_column_line_stays_in_its_column():
    """A party line reaching toward the middle (0.11-0.49, N.D. Cal. pleading paper, OCR boxes)
    does not cross the gutter: the right column's title must not land inside the caption."""
    from chalicelib.extract.ocr.local import reading_order

    boxes = [
        (0.111, 0.423, 0.361, 0.439),  # MICHAEL FERNANDES,
        (0.529, 0.421, 0.810, 0.440),  # Case No. CV08-02448-MMC
        (0.226, 0.456, 0.312, 0.477),  # Plaintiff,
        (0.530, 0.459, 0.800, 0.476),  # [PROPOSED] ORDER RE
        (0.224, 0.495, 0.259, 0.513),  # Vs.
        (0.532, 0.494, 0.926, 0.511),  # WILLOWS CENTER CONCORD LLC
        (0.111, 0.528, 0.493, 0.547),  # WILLOWS CENTER CONCORD, LLC,
        (0.532, 0.530, 0.695, 0.546),  # CONFERENCE
        (0.227, 0.563, 0.340, 0.581),  # Defendants.
        (0.168, 0.727, 0.900, 0.745),  # Good cause appearing, ... (prose)
    ]
    assert reading_order(boxes) == [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]
