"""Docket sheets through the API: the fixture case's report, its entries, documents and links."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPORT = (ROOT / "fixtures" / "dockets" / "cand-19-cv-07123.html").read_bytes()
TRUTH = {json.loads(l)["file"]: json.loads(l) for l in (ROOT / "fixtures" / "truth.jsonl").read_text().splitlines() if l.strip()}
CASE = "cand-19-cv-07123"


def upload_report(archive, data: bytes = REPORT, query: str = "", key: str = "write"):
    return archive.request("POST", "/dockets" + (f"?{query}" if query else ""), key=key, body=data,
                           headers={"Content-Type": "text/html"})


@pytest.fixture(scope="module")
def docketed(fixture_archive):
    resp = upload_report(fixture_archive)
    assert resp.status_code == 202, resp.body
    fixture_archive.drain()
    fixture_archive.report_id = resp.json["id"]
    return fixture_archive


def _entries(archive, key="read", query="limit=1000"):
    page = archive.get(f"/cases/{CASE}/entries?{query}", key=key).json
    return page, {e["position"]: e for e in page["results"]}


def test_the_report_is_imported_into_the_case_the_pdfs_resolve_to(docketed):
    report = docketed.get(f"/dockets/{docketed.report_id}", key="read").json
    assert report["status"] == "ready", report
    assert (report["case_id"], report["court_id"], report["entry_count"]) == (CASE, "cand", 26)
    case = docketed.get(f"/cases/{CASE}", key="read").json
    assert case["provisional"] is False
    docket = case["docket"]
    assert docket["judge"] == "Phyllis J. Hamilton"
    assert docket["cause"] == "18:1030 Computer Fraud and Abuse Act"
    assert docket["nature_of_suit"] == "890 Other Statutory Actions"
    assert docket["jury_demand"] == "Plaintiff" and docket["date_filed"] == "2019-10-29"
    names = [(p["type"], p["name"]) for p in docket["parties"]]
    assert ("Defendant", "NSO Group Technologies Limited") in names and len(names) == 6
    assert docket["parties"][0]["attorneys"][0]["name"] == "Margaret L. Okafor"


def test_the_case_identity_is_current_merged_and_best_attested(docketed):
    case = docketed.get(f"/cases/{CASE}", key="read").json
    assert (case["docket_number"], case["docket_number_variants"]) == ("4:19-cv-07123-PJH", ["3:19-cv-07123"])
    assert case["case_name"] == "WhatsApp Inc. v. NSO Group Technologies Limited"
    # the captions' parties and the report's, once each, with roles ("Whatsapp Inc" is WhatsApp Inc.)
    assert [(p["name"], p["role"]) for p in case["parties"]] == [
        ("Facebook, Inc.", "Plaintiff"), ("Meta Platforms, Inc.", "Plaintiff"),
        ("NSO Group Technologies Limited", "Defendant"), ("Q Cyber Technologies Limited", "Defendant"),
        ("WhatsApp Inc.", "Plaintiff"), ("WhatsApp LLC", "Plaintiff")]
    found = docketed.get("/cases?docket_number=19-cv-7123&court=cand", key="read").json["results"]
    assert [m["case"]["parties"] for m in found] == [case["parties"]]  # the same view everywhere


def test_entries_in_docket_order_with_pdfs_linked_and_the_rest_unavailable(docketed):
    page, by_pos = _entries(docketed)
    positions = [e["position"] for e in page["results"]]
    numbered = [int(p) for p in positions if "." not in p]
    assert numbered == sorted(numbered) and page["next"] is None
    assert positions[:5] == ["1", "2", "3", "3.1", "36"]  # the reassignment minute entry follows 3
    assert len([p for p in positions if "." in p]) == 4
    # PDFs attached to their entries
    main = {e["number"]: e["documents"][0] for e in page["results"] if e["documents"]}
    for name in ("syn01.pdf", "syn04.pdf", "syn08.pdf", "syn14.pdf"):
        number = TRUTH[name]["document_number"]
        assert main[number]["available"] is True and main[number]["filing_id"] == docketed.seeded[name]
    # entries without PDFs are there, their documents unavailable
    for number in ("2", "39", "62", "95", "409"):
        assert by_pos[number]["documents"][0] == {**by_pos[number]["documents"][0], "available": False, "filing_id": None}
    assert by_pos["62"]["description"].startswith("REPLY (re 45 MOTION to Dismiss")
    minute = by_pos["62.1"]
    assert minute["number"] is None and minute["documents"] == [] and minute["date_filed"] == "2020-05-11"


def test_attachments_from_the_report_and_the_stamps(docketed):
    _, by_pos = _entries(docketed)
    docs = {d["attachment_number"]: d for d in by_pos["45"]["documents"]}
    assert sorted(docs) == [0, 1, 2, 3]
    assert docs[1]["filing_id"] == docketed.seeded["syn05.pdf"] and docs[1]["description"] == "Declaration of Daniel Eran"
    assert docs[2]["filing_id"] == docketed.seeded["syn06.pdf"]
    assert docs[3] == {**docs[3], "available": False, "description": "Proposed Order", "source": "report"}
    # the sealed 399-3 is a placeholder for a public reader, the PDF for one with sealed:read
    public = {d["attachment_number"]: d for d in by_pos["399"]["documents"]}
    assert public[3]["available"] is False and public[3]["filing_id"] is None
    _, sealed_view = _entries(docketed, key="sealed")
    held = {d["attachment_number"]: d for d in sealed_view["399"]["documents"]}
    assert held[3]["filing_id"] == docketed.seeded["syn12.pdf"]
    # "ECF No. 420-2" in the summary-judgment order implies entry 420 has attachment 2
    assert [d["attachment_number"] for d in by_pos["420"]["documents"]] == [0, 1, 2]


def test_the_fixture_order_links_to_the_motion_it_decides(docketed):
    order = docketed.seeded["syn08.pdf"]
    links = docketed.get(f"/filings/{order}/links", key="read").json
    responds = [link for link in links["outgoing"] if link["type"] == "responds_to"]
    assert [(link["target_number"], [f["filing_id"] for f in link["filings"]]) for link in responds] == [
        (45, [docketed.seeded["syn04.pdf"]])]
    assert responds[0]["entry"]["description"].startswith("MOTION to Dismiss")
    cited = {link["target_number"] for link in links["outgoing"] if link["type"] == "cites_entry"}
    assert {38, 55, 62, 95} <= cited
    # and from the motion's side, both directions: the opposition and the order point at it
    motion = docketed.get(f"/filings/{docketed.seeded['syn04.pdf']}/links", key="read").json
    sources = {(link["type"], link["filing_id"]) for link in motion["incoming"]}
    assert ("responds_to", order) in sources
    assert ("responds_to", docketed.seeded["syn07.pdf"]) in sources


def test_an_attachment_is_an_exhibit_of_its_entry(docketed):
    links = docketed.get(f"/filings/{docketed.seeded['syn06.pdf']}/links", key="read").json
    assert ("exhibit_of", 45, 0) in {(l["type"], l["target_number"], l["target_attachment"]) for l in links["outgoing"]}


def test_links_on_entries_and_sealed_sources_hidden(docketed):
    page, by_pos = _entries(docketed, query="limit=1000&links=both")
    into = by_pos["45"]["links"]["in"]
    assert {l["filing_id"] for l in into} >= {docketed.seeded["syn08.pdf"], docketed.seeded["syn07.pdf"]}
    sealed_id = docketed.seeded["syn12.pdf"]  # the sealed declaration cites Dkt. No. 292
    assert sealed_id not in {l["filing_id"] for l in by_pos["292"]["links"]["in"]}
    _, sealed_view = _entries(docketed, key="sealed", query="limit=1000&links=in")
    assert sealed_id in {l["filing_id"] for l in sealed_view["292"]["links"]["in"]}
    assert docketed.get(f"/filings/{sealed_id}/links", key="read").status_code == 404


def test_paging_entries_without_loss_or_duplicates(docketed):
    seen, cursor = [], None
    for _ in range(20):
        page = docketed.get(f"/cases/{CASE}/entries?limit=4" + (f"&cursor={cursor}" if cursor else ""), key="read").json
        seen += [e["position"] for e in page["results"]]
        cursor = page["cursor"]
        if not cursor:
            break
    everything, _ = _entries(docketed)
    assert seen == [e["position"] for e in everything["results"]]


def test_the_same_report_again_is_a_duplicate(docketed):
    again = upload_report(docketed)
    assert again.status_code == 200 and again.json["duplicate"] is True
    assert again.json["id"] == docketed.report_id


@pytest.mark.parametrize("body,ctype,status", [
    (b"", "text/html", 400),
    (b"%PDF-1.7 not a page", "text/html", 415),
])
def test_bad_uploads_are_4xx(fixture_archive, body, ctype, status):
    resp = fixture_archive.request("POST", "/dockets", key="write", body=body, headers={"Content-Type": ctype})
    assert resp.status_code == status and resp.headers["Content-Type"] == "application/problem+json"


def test_uploading_needs_write_and_an_unknown_court_is_422(fixture_archive):
    assert upload_report(fixture_archive, key="read").status_code == 403
    assert upload_report(fixture_archive, query="court=nowhere").status_code == 422


def test_a_page_that_is_no_docket_report_fails_with_its_reason(archive):
    resp = upload_report(archive, b"<html><body><table><tr><td>Hello</td></tr></table></body></html>",
                         query="court=cand")
    archive.drain()
    got = archive.get(f"/dockets/{resp.json['id']}").json
    assert got["status"] == "failed" and got["error"]["code"] == "not_docket_report"
