"""Retrieval: a filing, its content and text, a case, its docket in order, the resolver."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRUTH = [json.loads(l) for l in (ROOT / "fixtures" / "truth.jsonl").read_text().splitlines() if l.strip()]
CASE = "cand-19-cv-07123"


def _docket_key(t):
    doc = t["document_number"]
    head, _, att = doc.partition("-")
    return int(head), int(att or 0)


def test_every_fixture_is_ready(fixture_archive):
    for name, fid in fixture_archive.seeded.items():
        got = fixture_archive.get(f"/filings/{fid}").json
        assert got["status"] == "ready", (name, got["error"])


def test_case_docket_is_in_docket_order_without_sealed_filings(fixture_archive):
    page = fixture_archive.get(f"/cases/{CASE}/filings?limit=1000", key="read").json
    numbers = [(i["document_number"], i["attachment_number"]) for i in page["results"]]
    expected = sorted(
        ((t["document_number"].split("-")[0], int(t["document_number"].split("-")[1]) if "-" in t["document_number"] else None)
         for t in TRUTH if t["court_id"] == "cand" and t["document_number"] and not t["hints"].get("sealed")),
        key=lambda p: (int(p[0]), p[1] or 0))
    assert numbers == expected
    assert page["next"] is None
    assert "text" not in page["results"][0] and "citations" not in page["results"][0]


def test_paging_three_pages_without_loss_or_duplicates(fixture_archive):
    seen, cursor, pages = [], None, 0
    while True:
        path = f"/cases/{CASE}/filings?limit=4" + (f"&cursor={cursor}" if cursor else "")
        page = fixture_archive.get(path, key="read").json
        seen += [i["id"] for i in page["results"]]
        pages += 1
        cursor = page["cursor"]
        if not cursor:
            break
    full = fixture_archive.get(f"/cases/{CASE}/filings?limit=1000", key="read").json["results"]
    assert pages >= 3
    assert seen == [i["id"] for i in full] and len(set(seen)) == len(seen)


def test_filters_on_the_docket(fixture_archive):
    orders = fixture_archive.get(f"/cases/{CASE}/filings?document_type=order").json["results"]
    assert orders and all(i["document_type"] == "order" for i in orders)
    future = fixture_archive.get(f"/cases/{CASE}/filings?updated_since=2999-01-01T00:00:00").json
    assert future["results"] == []


@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "limit=x", "colour=red"])
def test_bad_docket_parameters_are_422(fixture_archive, query):
    resp = fixture_archive.get(f"/cases/{CASE}/filings?{query}")
    assert resp.status_code == 422 and resp.headers["Content-Type"] == "application/problem+json"


def test_tampered_or_foreign_cursor_is_400(fixture_archive):
    page = fixture_archive.get(f"/cases/{CASE}/filings?limit=2").json
    cursor = page["cursor"]
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    assert fixture_archive.get(f"/cases/{CASE}/filings?limit=2&cursor={tampered}").status_code == 400
    changes_cursor = fixture_archive.get("/changes?limit=1").json["cursor"]
    assert fixture_archive.get(f"/cases/{CASE}/filings?limit=2&cursor={changes_cursor}").status_code == 400
    other_query = fixture_archive.get(f"/cases/{CASE}/filings?limit=2&document_type=order&cursor={cursor}")
    assert other_query.status_code == 400


def test_case_aggregates_parties_dates_and_counts(fixture_archive):
    case = fixture_archive.get(f"/cases/{CASE}", key="read").json
    assert case["court_id"] == "cand"
    assert "WhatsApp" in (case["case_name"] or "") or "Whatsapp" in (case["case_name"] or "")
    assert case["first_filed"] == "2019-10-29"
    assert case["last_filed"] == "2024-12-20"
    public = [t for t in TRUTH if t["court_id"] == "cand" and t["document_number"] and not t["hints"].get("sealed")]
    assert case["filing_count"] == len(public)
    assert sum(case["filing_counts"].values()) == case["filing_count"]
    assert any("NSO" in p["name"] for p in case["parties"])


@pytest.mark.parametrize("printed", [
    "4:19-cv-07123-PJH", "4:19-cv-7123", "19-cv-07123", "No. C 19-07123 PJH", "19-7123",
    "3:19-cv-07123", "4:19-CV-07123", "Case No. 4:19-cv-07123-PJH",
])
def test_resolver_maps_printed_forms_to_one_case(fixture_archive, printed):
    from urllib.parse import quote

    found = fixture_archive.get(f"/cases?docket_number={quote(printed)}", key="read").json["results"]
    assert [m["case"]["case_id"] for m in found] == [CASE], printed
    assert found[0]["match"]


def test_resolver_respects_court_and_rejects_conflicts(fixture_archive):
    assert fixture_archive.get("/cases?docket_number=19-cv-07123&court=nysd").json["results"] == []
    assert fixture_archive.get("/cases?docket_number=19-cr-07123").json["results"] == []
    assert fixture_archive.get("/cases?docket_number=20-16408").json["results"][0]["case"]["court_id"] == "ca9"


def test_cases_by_name(fixture_archive):
    found = fixture_archive.get("/cases?name=whatsapp nso").json["results"]
    assert CASE in [m["case"]["case_id"] for m in found]
    assert fixture_archive.get("/cases?name=whats").json["results"]
    assert fixture_archive.get("/cases?name=zzzzzz").json["results"] == []


def test_etag_gives_304(fixture_archive):
    fid = fixture_archive.seeded["syn14.pdf"]
    for path in (f"/filings/{fid}", f"/cases/{CASE}"):
        first = fixture_archive.get(path)
        etag = first.headers["ETag"]
        again = fixture_archive.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.body in (b"", "")
        assert fixture_archive.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_content_redirects_to_a_short_lived_presigned_download(fixture_archive):
    fid = fixture_archive.seeded["syn14.pdf"]
    resp = fixture_archive.get(f"/filings/{fid}/content")
    assert resp.status_code == 302
    q = parse_qs(urlparse(resp.headers["Location"]).query)
    assert int(q["X-Amz-Expires"][0]) <= 300
    assert "filename=" in q["response-content-disposition"][0]


def test_text_as_plain_text(fixture_archive):
    fid = fixture_archive.seeded["syn14.pdf"]
    resp = fixture_archive.get(f"/filings/{fid}/text", headers={"Accept": "text/plain"})
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/plain")
    body = resp.body.decode() if isinstance(resp.body, bytes) else resp.body
    assert body.count("\f") == 3


def test_sha256_lookup(fixture_archive):
    import hashlib

    data = (ROOT / "fixtures" / "pdfs" / "syn04.pdf").read_bytes()
    got = fixture_archive.get(f"/filings?sha256={hashlib.sha256(data).hexdigest()}", key="read")
    assert got.status_code == 200 and got.json["id"] == fixture_archive.seeded["syn04.pdf"]
    assert fixture_archive.get(f"/filings?sha256={'0' * 64}").status_code == 404
    assert fixture_archive.get("/filings?sha256=abc").status_code == 422


def test_unknown_filing_and_case_are_404_problems(fixture_archive):
    for path in ("/filings/fl_nope", "/filings/fl_nope/text", "/filings/fl_nope/content", "/cases/cand-00-cv-00000"):
        resp = fixture_archive.get(path)
        assert resp.status_code == 404 and resp.headers["Content-Type"] == "application/problem+json"
