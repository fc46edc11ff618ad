"""OCR inside extraction: which pages are read now, later or never; how OCR text joins the text
layer; the pipeline reading a scan's metadata through an engine (a fake one: fast)."""
import pytest

fpdf = pytest.importorskip("fpdf")

from chalicelib.extract.ocr import OcrConfig, OcrPage  # noqa: E402
from chalicelib.extract.ocr.reader import join_page, plan_pages, read_pages  # noqa: E402
from chalicelib.extract.pipeline import extract  # noqa: E402
from tests.support import fake_ocr  # noqa: E402
from tests.support.scans import CAPTION, SIGNATURE, STAMP, scan  # noqa: E402


@pytest.mark.parametrize(("wanted", "count", "meta", "cap", "now", "later", "capped"), [
    ([1, 2, 3, 4, 5], 5, 2, 60, [1, 2, 5], [3, 4], []),  # first pages and the signature page
    (list(range(1, 31)), 30, 2, 10, [1, 2, 30], list(range(3, 10)), list(range(10, 30))),
    ([3, 4], 10, 2, 60, [], [3, 4], []),  # the metadata pages have a text layer
    ([1, 2, 3], 3, 1, 2, [1, 3], [], [2]),  # the cap keeps the metadata pages first
    ([7], 7, 2, 0, [], [], [7]),  # a cap of 0: OCR nothing
])
def test_plan(wanted, count, meta, cap, now, later, capped):
    plan = plan_pages(wanted, count, OcrConfig(engine="local", metadata_pages=meta, max_pages=cap))
    assert (plan.now, plan.later, plan.capped) == (now, later, capped)


def test_a_text_layer_stamp_survives_and_its_misread_image_is_dropped():
    stamp = "Case 2:15-cv-05642-CAS-JC Document 467 Filed 08/01/19 Page 1 of 7 Page ID #:8085"
    ocr = ("Case 2:15-Cv-05642-CAS-JC\nDooent 467Filed08/01/19Page1of7PageID #:8085\n"
           "UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA")
    joined = join_page(stamp, [stamp], ocr)
    assert joined.splitlines() == [stamp, "UNITED STATES DISTRICT COURT", "CENTRAL DISTRICT OF CALIFORNIA"]
    assert join_page("", [], ocr) == ocr  # no layer stamp: all of OCR's text


def test_the_budget_leaves_pages_for_later_and_known_pages_are_not_read_again():
    data = scan(4)
    ticks = iter(range(100))
    config = fake_ocr.config(default="text", budget_s=1.5)  # ticks: start 0, then 1, 2
    out = read_pages(data, [1, 2, 3, 4], config, clock=lambda: next(ticks))
    assert sorted(out.pages) == [1, 2] and out.unread == [3, 4]
    known = {3: OcrPage(page=3, lines=(), engine=config.source),
             4: OcrPage(page=4, lines=(), engine="ocr:textract")}  # another engine: read again
    again = read_pages(data, [3, 4], fake_ocr.config(default="x"), known=known)
    assert again.pages[3] is known[3] and again.pages[4].engine == config.source


def test_a_stamp_only_scan_reads_its_metadata_pages_through_ocr_and_leaves_the_rest(tmp_path):
    log = tmp_path / "reads"
    config = fake_ocr.config(pages={"1": CAPTION, "5": SIGNATURE}, default="More of the order.",
                             log=str(log))
    e = extract(scan(5), ocr=config)
    assert sorted(map(int, log.read_text().split())) == [1, 2, 5]
    assert e.page_sources == [config.source, config.source, "pdf", "pdf", config.source]
    assert e.page_confidence[0] == 0.9 and e.page_confidence[2] is None
    assert e.ocr_pages == [1, 2, 3, 4, 5] and e.ocr_pending == [3, 4] and e.needs_ocr
    assert (e.court_id, e.docket_number, e.document_number) == ("cand", "4:19-cv-07123-PJH", "494")
    assert "NSO Group" in e.case_name and e.document_type == "order"
    assert e.title.startswith("ORDER GRANTING MOTION") and e.judge == "Phyllis J. Hamilton"
    assert e.pages[0].splitlines()[0] == STAMP.format(1, 5)  # the layer's stamp, exact
    assert sum(p.count("Document 494") for p in e.pages) == 5


def test_the_cap_and_an_engine_that_is_off():
    e = extract(scan(6), ocr=fake_ocr.config(default="Words on the page.", max_pages=2,
                                             metadata_pages=1))
    assert e.ocr_capped == [2, 3, 4, 5] and e.ocr_pending == []
    assert [s != "pdf" for s in e.page_sources] == [True, False, False, False, False, True]
    assert any("OCR cap of 2" in w for w in e.warnings)
    off = extract(scan(2), ocr=OcrConfig(engine="off"))
    assert off.needs_ocr and off.page_sources == ["pdf", "pdf"] and off.ocr_pending == []


def test_a_scan_without_any_stamp_takes_the_stamp_ocr_read():
    config = fake_ocr.config(pages={"1": STAMP.format(1, 1) + "\n" + CAPTION})
    e = extract(scan(1, stamped=False), ocr=config)
    assert e.docket_number == "4:19-cv-07123-PJH" and e.document_number == "494"
