"""The real local engine (RapidOCR) on one tiny rendered page: it reads the words, with the
spaces PP-OCR's recogniser drops put back from the page's own blank columns."""
import pytest

pytest.importorskip("rapidocr_onnxruntime")
fpdf = pytest.importorskip("fpdf")

from chalicelib.extract.ocr import OcrConfig, engine_for  # noqa: E402
from chalicelib.extract.ocr import PageImage  # noqa: E402
from chalicelib.extract.ocr.local import _strewn, respace, space_width  # noqa: E402
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
    # never inside a number, before closing punctuation, or between an initial and its dot
    ("No.2:15-CV", [0, 10, 20, 30, 40, 50, 60, 70, 80, 90], [25, 35, 45], "No. 2:15-CV"),
    ("U.S.DISTRICT", [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], [5, 15, 35], "U.S. DISTRICT"),
    ("Vs.", [0, 10, 20], [15], "Vs."),
    # a wide gap inside a word of capitals does not leave one letter standing alone
    ("DISTRICT OF CALIFORNIA", list(range(0, 220, 10)), [65, 115], "DISTRICT OF CALIFORNIA"),
    ("Iagree toit", list(range(0, 110, 10)), [5, 85], "I agree to it"),
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


def lines_page(lines: list[str], size: int = 14) -> bytes:
    pdf = fpdf.FPDF(unit="pt", format=(420, 40 + 24 * len(lines)))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Times", size=size)
    for i, text in enumerate(lines):
        pdf.set_xy(14, 16 + 24 * i)
        pdf.cell(0, 20, text)
    return bytes(pdf.output())


def turned(image: PageImage, k: int) -> PageImage:
    """The page image turned k quarters counter-clockwise, as a scanner may have fed it."""
    import numpy as np

    gray = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.stride)
    out = np.ascontiguousarray(np.rot90(gray[:, :image.width], k))
    return PageImage(page=image.page, width=out.shape[1], height=out.shape[0],
                     stride=out.shape[1], pixels=out.tobytes(), dpi=image.dpi)


CAPTION_LINES = ["UNITED STATES COURT OF APPEALS", "FOR THE THIRD CIRCUIT",
                 "BRAD RUSH, as the administrator of the estate of Jeffrey Dennis"]


@pytest.mark.parametrize("k", [0, 1, 2, 3])  # upright, sideways both ways, upside down
def test_a_page_scanned_sideways_or_upside_down_is_read_upright(k):
    image = turned(next(render_pages(lines_page(CAPTION_LINES), [1], dpi=150)), k)
    lines = engine_for(OcrConfig(engine="local")).read(image)
    assert [ln.text for ln in lines] == CAPTION_LINES


# (the line's blank runs, its pitch, the width a space must have): the line's own split between
# letter gaps and word gaps, within a third and 0.7 of the pitch, never under 3 px
@pytest.mark.parametrize(("widths", "pitch", "wide"), [
    ([1, 1, 2, 2, 2, 3, 4, 4, 5, 5, 5, 5], 9.8, 4),  # dense form print: 4-5 px word gaps
    ([2, 2, 2, 2, 3, 7, 7, 8, 8], 11.0, 7),  # a caption line in capitals
    ([1, 1, 1, 2, 2, 2], 10.0, 3.4),  # one word, letter gaps only: the floor, 0.34 of the pitch
    ([1, 1, 1, 9, 14, 30], 10.0, 7),  # a wide tab stop does not raise it past 0.7 of the pitch
    ([], 10.0, 7),  # no runs to split: 0.7 of the pitch
    ([1, 2], 3.0, 3),  # small print: never below 3 px
])
def test_space_width(widths, pitch, wide):
    assert space_width(widths, pitch) == pytest.approx(wide, abs=0.1)


@pytest.mark.parametrize(("before", "after", "strewn"), [
    ("Document ofthe bond", "Document of the bond", False),
    ("DocnCon on", "D o c n C o n on", True),  # broken print: left as recognised
    ("Executive Director of Communications", "E xecut ive D ire ct or o f Co m m un i ca ti o n s",
     True),
    ("I further state thatI understand", "I further state that I understand", False),
])
def test_respacing_that_strews_single_letters_is_refused(before, after, strewn):
    assert _strewn(before, after) is strewn
