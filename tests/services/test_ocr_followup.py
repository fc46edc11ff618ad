"""Follow-up OCR through the real worker path (moto queue, the bounded child, a fake engine):
a long scan is ready with its metadata pages, the rest arrive by continuation messages; the
cap; a crash mid-OCR is re-driven and lost nowhere; a reprocess re-reads only when the engine
changed; the last delivery never leaves pages pending."""
import pytest

fpdf = pytest.importorskip("fpdf")

from chalicelib.services import ocr_followup  # noqa: E402
from tests.support import fake_ocr  # noqa: E402
from tests.support.scans import CAPTION, STAMP, scan  # noqa: E402


def use(monkeypatch, **options):
    config = fake_ocr.config(**options)
    monkeypatch.setattr(ocr_followup, "config", lambda: config)
    return config


def pages_text(archive, filing_id):
    return archive.get(f"/filings/{filing_id}/text").json


def test_a_long_scan_is_ready_with_its_metadata_then_follow_ups_read_the_rest(archive, monkeypatch, tmp_path):
    log = tmp_path / "reads"
    config = use(monkeypatch, pages={"1": CAPTION}, default="Findings on page {}.", log=str(log),
                 budget_s=0)  # a budget of 0 s: one page per follow-up message
    resp = archive.upload(scan(6))
    filing_id = resp.json["id"]
    archive.drain(max_rounds=1)  # the ingest message only
    first = archive.get(f"/filings/{filing_id}").json
    assert first["status"] == "ready" and first["court_id"] == "cand"
    assert "NSO Group" in first["case_name"] and first["document_type"] == "order"
    assert first["ocr_page_count"] == 1 and first["needs_ocr"] is True
    assert first["ocr_pending"] == [2, 3, 4, 5, 6]
    assert not [o for o in archive.drain() if isinstance(o, Exception)]
    done = archive.get(f"/filings/{filing_id}").json
    assert done["ocr_pending"] == [] and done["ocr_page_count"] == 6 and done["needs_ocr"] is False
    assert done["ocr_engine"] == config.source and done["sealed"] is False
    text = pages_text(archive, filing_id)
    assert [p["source"] for p in text["pages"]] == [config.source] * 6
    assert all(p["confidence"] == 0.9 for p in text["pages"])
    assert text["pages"][3]["text"].splitlines()[0] == STAMP.format(4, 6)
    assert sorted(map(int, log.read_text().split())) == [1, 2, 3, 4, 5, 6]  # each page once
    hits = archive.get("/search?q=findings").json
    assert filing_id in [h.get("id") or h.get("filing_id") for h in hits.get("results", hits.get("hits", []))]


def test_the_cap_leaves_pages_unread_and_says_so(archive, monkeypatch):
    use(monkeypatch, default="Words.", max_pages=3, metadata_pages=1)
    filing = archive.ingest(scan(8))
    assert filing["ocr_page_count"] == 3 and filing["ocr_pending"] == [] and filing["needs_ocr"] is True
    assert any("OCR cap of 3" in w for w in filing["warnings"])


def test_a_crash_mid_ocr_is_re_driven_and_nothing_is_lost(archive, monkeypatch):
    use(monkeypatch, default="Text.", crash_on=4, budget_s=1000)
    resp = archive.upload(scan(5))
    filing_id = resp.json["id"]
    outcomes = archive.drain()
    assert any(isinstance(o, Exception) for o in outcomes)  # left on the queue for SQS
    mid = archive.get(f"/filings/{filing_id}").json
    assert mid["status"] == "ready" and mid["ocr_pending"] == [4]  # page 3 was read and kept
    assert mid["ocr_page_count"] == 4
    use(monkeypatch, default="Text.", budget_s=1000)  # the engine works again
    archive.drain()
    after = archive.get(f"/filings/{filing_id}").json
    assert after["ocr_pending"] == [] and after["ocr_page_count"] == 5 and not after["needs_ocr"]


def test_the_last_delivery_never_leaves_pages_pending(archive, monkeypatch):
    use(monkeypatch, default="Text.", crash_on=3, budget_s=0)
    filing_id = archive.upload(scan(4)).json["id"]
    archive.drain(max_rounds=1)
    with pytest.raises(RuntimeError):
        ocr_followup.continue_ocr(filing_id, last_delivery=True)
    filing = archive.get(f"/filings/{filing_id}").json
    assert filing["ocr_pending"] == [] and filing["needs_ocr"] is True
    assert any("stopped on every attempt" in w for w in filing["warnings"])


def test_a_seal_during_follow_up_stays_and_reprocess_re_reads_only_for_another_engine(archive, monkeypatch, tmp_path):
    log = tmp_path / "reads"
    use(monkeypatch, pages={"1": CAPTION}, default="Body.", log=str(log), budget_s=0)
    filing_id = archive.upload(scan(3)).json["id"]
    archive.drain(max_rounds=1)
    assert archive.request("PATCH", f"/filings/{filing_id}", key="admin",
                           body={"sealed": True}).status_code == 200
    archive.drain()
    sealed = archive.get(f"/filings/{filing_id}", key="admin").json
    assert sealed["sealed"] is True and sealed["ocr_page_count"] == 3
    log.write_text("")
    assert archive.request("POST", f"/filings/{filing_id}/reprocess", key="admin").status_code == 202
    archive.drain()
    assert log.read_text() == ""  # same engine: its pages are kept, not paid for again
    config = fake_ocr.config(pages={"1": CAPTION}, default="Body.", log=str(log), budget_s=1000)
    config = type(config)(**{**config.__dict__, "engine": "tests.support.fake_ocr:OtherFakeOcr"})
    monkeypatch.setattr(ocr_followup, "config", lambda: config)
    assert archive.request("POST", f"/filings/{filing_id}/reprocess", key="admin").status_code == 202
    archive.drain()
    assert sorted(map(int, log.read_text().split())) == [1, 2, 3]
    again = archive.get(f"/filings/{filing_id}", key="admin").json
    assert again["sealed"] is True and again["ocr_engine"] == "ocr:otherfakeocr"
