"""Docket reports over time and PDFs without stamps, through the API and the worker.

- a newer report adds and updates entries; an older one never erases what a newer one said,
  whichever arrives first;
- a PDF without a stamp joins its entry by the PACER document id it was hinted with (before
  or after the report arrives) or by the client's document-number hint;
- a PDF whose stamp disagrees with the report keeps what it says and carries a warning.
"""
from __future__ import annotations

import re
from datetime import datetime, UTC
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPORT = (ROOT / "fixtures" / "dockets" / "cand-19-cv-07123.html").read_text()
CASE = "cand-19-cv-07123"
ROW = re.compile(r'<tr><td width="94" valign="top" nowrap="">(?P<day>\d\d/\d\d/\d{4})</td>.*?</tr>\n')
NEW_ROW = ('<tr><td width="94" valign="top" nowrap="">01/10/2025</td><td style="white-space:nowrap" '
           'valign="top" align="right"><a href="https://ecf.cand.uscourts.gov/doc1/035120999999">500</a>'
           '&nbsp;</td><td valign="top">JUDGMENT by Judge Phyllis J. Hamilton. (pjhlc1, COURT STAFF) '
           '(Filed on 1/10/2025) (Entered: 01/10/2025)</td></tr>\n')


def _day(row: re.Match[str]) -> str:
    m, d, y = row.group("day").split("/")
    return f"{y}-{m}-{d}"


def older_report() -> bytes:
    """The report as PACER showed it in July 2020: entries up to 113.1, entry 45 in its first
    wording, the magistrate judge still assigned."""
    html = "".join(r.group(0) if _day(r) <= "2020-07-31" else "" for r in ROW.finditer(REPORT))
    head, tail = REPORT[:ROW.search(REPORT).start()], REPORT[list(ROW.finditer(REPORT))[-1].end():]
    html = (head + html + tail).replace("Assigned to: Judge Phyllis J. Hamilton", "Assigned to: Magistrate Judge Thomas S. Hixson")
    return html.replace("MOTION to Dismiss Plaintiffs&#x27; Complaint filed by", "MOTION to Dismiss filed by").encode()


def newer_report() -> bytes:
    """The report in January 2025: one more entry (500), entry 494's text amended."""
    last = list(ROW.finditer(REPORT))[-1]
    html = REPORT[:last.end()] + NEW_ROW + REPORT[last.end():]
    amended = html.replace("GRANTING 420 PLAINTIFFS&#x27; MOTION FOR SANCTIONS.",
                           "GRANTING 420 PLAINTIFFS&#x27; MOTION FOR SANCTIONS (AMENDED).", 1)
    assert amended != html
    return amended.encode()


def stampless_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2020, 5, 1, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("helvetica", "B", size=14)
    pdf.cell(0, 8, "REPLY IN SUPPORT OF MOTION TO DISMISS")
    pdf.ln(12)
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, f"{text}. Defendants reply in support of their motion to dismiss.")
    return bytes(pdf.output())


def stamped_pdf(document: str, filed: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2020, 6, 10, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=8)
    pdf.cell(0, 5, f"Case 4:19-cv-07123-PJH Document {document} Filed {filed} Page 1 of 1")
    pdf.ln(12)
    pdf.set_font("helvetica", size=12)
    for line in ("UNITED STATES DISTRICT COURT", "NORTHERN DISTRICT OF CALIFORNIA"):
        pdf.cell(0, 6, line, align="C")
        pdf.ln(6)
    pdf.ln(6)
    pdf.set_font("helvetica", "B", size=14)
    pdf.cell(0, 8, "MOTION TO STAY DISCOVERY")
    pdf.ln(12)
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Defendants move to stay discovery pending resolution of their motion to dismiss.")
    return bytes(pdf.output())


def import_report(archive, data: bytes) -> dict:
    resp = archive.request("POST", "/dockets", key="write", body=data, headers={"Content-Type": "text/html"})
    assert resp.status_code == 202, resp.body
    archive.drain()
    got = archive.get(f"/dockets/{resp.json['id']}").json
    assert got["status"] == "ready", got
    return got


def entries(archive) -> dict[str, dict]:
    page = archive.get(f"/cases/{CASE}/entries?limit=1000", key="read").json
    return {e["position"]: e for e in page["results"]}


@pytest.mark.parametrize("order", ["older first", "newer first"])
def test_an_older_report_never_erases_what_a_newer_one_said(archive, order):
    reports = [older_report(), REPORT.encode()]
    for data in reports if order == "older first" else reversed(reports):
        import_report(archive, data)
    got = entries(archive)
    assert len(got) == 26  # the older report's subset took nothing away
    assert got["45"]["description"].startswith("MOTION to Dismiss Plaintiffs' Complaint filed by")
    assert got["494"]["description"].startswith("ORDER by Judge Phyllis J. Hamilton GRANTING")
    docket = archive.get(f"/cases/{CASE}", key="read").json["docket"]
    assert docket["judge"] == "Phyllis J. Hamilton" and docket["vintage"] == "2024-12-20"
    assert len(docket["parties"]) == 6


def test_a_newer_report_adds_and_updates_entries_idempotently(archive):
    first = import_report(archive, REPORT.encode())
    assert (first["entries_added"], first["entries_updated"]) == (26, 0)
    before = entries(archive)
    newer = import_report(archive, newer_report())
    assert (newer["entries_added"], newer["entries_updated"]) == (1, 1)
    after = entries(archive)
    assert list(after)[-1] == "500" and after["500"]["date_filed"] == "2025-01-10"
    assert "SANCTIONS (AMENDED)." in after["494"]["description"]
    assert after["494"]["updated_at"] > before["494"]["updated_at"]
    assert {p: e["updated_at"] for p, e in after.items() if p not in ("494", "500")} == \
        {p: e["updated_at"] for p, e in before.items() if p != "494"}  # nothing else rewritten
    since = archive.get(f"/cases/{CASE}/entries?updated_since={quote(before['494']['updated_at'])}", key="read").json
    assert {e["position"] for e in since["results"]} == {"494", "500"}


@pytest.mark.parametrize("order", ["pdf first", "report first"])
def test_a_stampless_pdf_joins_its_entry_by_pacer_document_id(archive, order):
    def upload_pdf():
        resp = archive.upload(stampless_pdf("Reply brief"), query="pacer_doc_id=035120095028")
        assert resp.status_code == 202, resp.body
        archive.drain()
        return resp.json["id"]

    if order == "pdf first":
        filing_id = upload_pdf()
        import_report(archive, REPORT.encode())
    else:
        import_report(archive, REPORT.encode())
        filing_id = upload_pdf()
    filing = archive.get(f"/filings/{filing_id}", key="read").json
    assert (filing["case_id"], filing["document_number"], filing["court_id"]) == (CASE, "62", "cand")
    assert filing["sources"]["document_number"] == "docket_report"
    assert any("PACER document 035120095028" in w for w in filing["warnings"])
    main = entries(archive)["62"]["documents"][0]
    assert (main["available"], main["filing_id"]) == (True, filing_id)


def test_a_stampless_pdf_joins_its_entry_by_the_clients_hint(archive):
    import_report(archive, REPORT.encode())
    resp = archive.upload(stampless_pdf("Motion to stay"),
                          query="court=cand&docket_number=4:19-cv-07123&document_number=95")
    archive.drain()
    filing = archive.get(f"/filings/{resp.json['id']}", key="read").json
    assert (filing["case_id"], filing["document_number"]) == (CASE, "95")
    main = entries(archive)["95"]["documents"][0]
    assert (main["available"], main["filing_id"]) == (True, filing["id"])


@pytest.mark.parametrize("order", ["pdf first", "report first"])
def test_a_date_the_report_contradicts_is_a_warning_never_an_overwrite(archive, order):
    def upload_pdf():
        resp = archive.upload(stamped_pdf("95", "06/10/20"))
        archive.drain()
        return resp.json["id"]

    if order == "pdf first":
        filing_id = upload_pdf()
        report = import_report(archive, REPORT.encode())
        assert report["filings_warned"] == 1
    else:
        import_report(archive, REPORT.encode())
        filing_id = upload_pdf()
    filing = archive.get(f"/filings/{filing_id}", key="read").json
    assert filing["date_filed"] == "2020-06-10"  # what the PDF says stands
    assert [w for w in filing["warnings"] if w.startswith("date_filed: the docket report")] == [
        "date_filed: the docket report says 2020-06-09 for entry 95, the PDF says 2020-06-10"]
    entry = entries(archive)["95"]
    assert entry["date_filed"] == "2020-06-09" and entry["documents"][0]["filing_id"] == filing_id
    # importing the report again (a newer copy) does not repeat the warning
    import_report(archive, newer_report())
    again = archive.get(f"/filings/{filing_id}", key="read").json
    assert again["warnings"] == filing["warnings"]


def _docket_changes(archive, key: str) -> list[dict]:
    feed = archive.get("/changes?limit=1000", key=key).json["results"]
    return [c for c in feed if c["kind"] == "docket"]


def test_each_import_is_a_docket_change_that_leads_to_what_it_changed(archive):
    first = import_report(archive, REPORT.encode())
    newer = import_report(archive, newer_report())
    changes = _docket_changes(archive, "read")
    assert [(c["case_id"], c["filing_id"], c["docket"]["report_id"], c["docket"]["entries_added"],
             c["docket"]["entries_updated"]) for c in changes] == [
        (CASE, None, first["id"], 26, 0), (CASE, None, newer["id"], 1, 1)]
    assert changes[0]["seq"] < changes[1]["seq"]
    since = changes[1]["docket"]["entries_since"]
    touched = archive.get(f"/cases/{CASE}/entries?updated_since={quote(since)}", key="read").json["results"]
    assert {e["position"] for e in touched} == {"494", "500"}


def test_a_sealed_reports_import_is_in_the_feed_only_with_the_scope(archive):
    resp = archive.request("POST", "/dockets?sealed=true", key="write", body=REPORT.encode(),
                           headers={"Content-Type": "text/html"})
    archive.drain()
    assert _docket_changes(archive, "read") == []
    assert [c["docket"]["report_id"] for c in _docket_changes(archive, "sealed")] == [resp.json["id"]]


def test_a_second_delivery_of_an_imported_report_changes_nothing(archive):
    from chalicelib.services import dockets

    report = import_report(archive, REPORT.encode())
    assert dockets.import_report(report["id"]) == "already-done"
    assert len(_docket_changes(archive, "read")) == 1


def test_two_deliveries_racing_to_finish_one_import_write_one_change(archive):
    from chalicelib.adapters import entries_repo
    from chalicelib.services import dockets

    resp = archive.request("POST", "/dockets", key="write", body=REPORT.encode(), headers={"Content-Type": "text/html"})
    as_read = entries_repo.get_report(resp.json["id"], consistent=True)  # both deliveries read it processing
    archive.drain()  # one of them finishes
    late = {**as_read, "status": "ready", "case_id": CASE, "entries_added": 0, "entries_updated": 0,
            "updated_at": "2099-01-01T00:00:00.000+00:00"}
    assert dockets.finish_import(as_read, late) is False  # the other loses, its change number voided
    assert len(_docket_changes(archive, "read")) == 1
    assert archive.get(f"/dockets/{resp.json['id']}").json["entries_added"] == 26
