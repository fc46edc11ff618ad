"""Issue #10 item 10: the same validation everywhere. A filter the docket routes share with
`/search` is refused the way `/search` refuses it (422 naming the field), never a 200 with an
empty page; ids that cannot name anything (too long for a DynamoDB key, characters outside the
ids' alphabet) are a 404/422, never a 500."""
from __future__ import annotations

from urllib.parse import quote

import pytest

CASE = "cand-19-cv-07123"
BAD = {
    "updated_since": ["notadate", "2024-13-45", "yesterday", "2024-05-01T25:00:00Z", "12345", "2024/05/01"],
    "document_type": ["banana", "MOTIONS", "'; DROP TABLE", "x" * 300],
    "limit": ["0", "-1", "1001", "ten", "1e3"],
    "cursor": ["x" * 5000],
}
ROUTES = {
    "updated_since": [f"/cases/{CASE}/filings", f"/cases/{CASE}/entries"],
    "document_type": [f"/cases/{CASE}/filings", "/search"],
    "limit": [f"/cases/{CASE}/filings", f"/cases/{CASE}/entries", "/changes"],
    "cursor": [f"/cases/{CASE}/filings", f"/cases/{CASE}/entries", "/search"],
}
CASES = [(route, name, value) for name, values in BAD.items() for route in ROUTES[name] for value in values]


@pytest.mark.parametrize("route, name, value", CASES, ids=[f"{r}-{n}-{v[:20]}" for r, n, v in CASES])
def test_a_bad_filter_is_a_422_naming_it_on_every_route(archive, route, name, value):
    resp = archive.get(f"{route}?{name}={quote(value)}", key="read")
    assert resp.status_code == 422, (resp.status_code, resp.body[:300])
    assert resp.headers["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in resp.json["errors"]] == [name]


@pytest.mark.parametrize("value", ["2024-05-01", "2024-05-01T12:00:00Z", "2024-05-01T14:00:00+02:00",
                                   "2024-05-01T12:00:00.123456"])
def test_good_timestamps_in_any_offset_are_taken(archive, value):
    assert archive.get(f"/cases/{CASE}/filings?updated_since={quote(value)}", key="read").status_code == 404
    # 404: the case does not exist; the filter itself was accepted


def test_updated_since_compares_instants_not_strings(archive):
    from tools.synthetic_filings import add_filing
    from datetime import date

    record = add_filing(court="cand", docket="4:19-cv-07123", n=1, doc_type="motion", day=date(2020, 1, 1),
                        text="x", title="WhatsApp v. NSO: MOTION")
    stamp = record.updated_at  # UTC, e.g. 2026-12-02T18:00:00.000+00:00
    hour = int(stamp[11:13])
    later_elsewhere = f"{stamp[:11]}{(hour + 1) % 24:02d}{stamp[13:23]}+01:00"  # the same instant as stamp
    got = archive.get(f"/cases/{record.case_id}/filings?updated_since={quote(later_elsewhere)}", key="read")
    if hour != 23:
        assert got.status_code == 200 and got.json["results"] == []
    before = archive.get(f"/cases/{record.case_id}/filings?updated_since=2000-01-01", key="read")
    assert [i["id"] if "id" in i else i["filing_id"] for i in before.json["results"]] == [record.id]


def test_unknown_court_is_a_422_on_cases_as_on_hints(archive):
    resp = archive.get("/cases?docket_number=4:19-cv-07123&court=narnia", key="read")
    assert resp.status_code == 422 and resp.json["errors"][0]["field"] == "court"


LONG = "a" * 3000
IDS = [LONG, "fl_" + "x" * 250, "a#b", "CASE#cand-19-cv-07123", "%00", "a%0Ab", "..", "-x", "x%2Fy", "x y"]
ID_ROUTES = ["/filings/{}", "/filings/{}/content", "/filings/{}/text", "/filings/{}/links",
             "/cases/{}", "/cases/{}/filings", "/cases/{}/entries", "/dockets/{}"]


@pytest.mark.parametrize("template", ID_ROUTES)
@pytest.mark.parametrize("bad", IDS, ids=lambda v: v[:12])
def test_an_impossible_id_is_a_404_never_a_500(archive, template, bad):
    resp = archive.get(template.format(quote(bad, safe="%")), key="read")
    assert resp.status_code == 404, (resp.status_code, resp.body[:200])
    assert resp.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("method, template", [("PATCH", "/filings/{}"), ("POST", "/filings/{}/reprocess"),
                                              ("DELETE", "/admin/keys/{}")])
def test_impossible_ids_on_writes_are_404s_and_change_nothing(archive, method, template):
    before = archive.get("/changes", key="admin").json
    resp = archive.request(method, template.format(LONG), key="admin", body={"sealed": True})
    assert resp.status_code == 404
    assert archive.get("/changes", key="admin").json == before


@pytest.mark.parametrize("value", [LONG, "a#b", "x y"])
def test_ids_in_query_parameters_are_422s(archive, value):
    resp = archive.get(f"/audit?filing_id={quote(value)}", key="admin")
    assert resp.status_code == 422 and resp.json["errors"][0]["field"] == "filing_id"
