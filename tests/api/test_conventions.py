"""The conventions every list route shares (#15), table-driven: envelope, count, next URL,
fields/omit; unknown parameters; corrections through PATCH; CORS."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

CASE = "cand-19-cv-07123"
LISTS = [  # path, key, cursor parameter, whether count is exact
    (f"/cases/{CASE}/filings?limit=2", "read", "cursor", True),
    (f"/search?case_id={CASE}&limit=2", "read", "cursor", True),
    ("/changes?limit=2", "read", "since", False),
    ("/audit?limit=2", "admin", "cursor", False),
    ("/admin/keys", "admin", "cursor", True),
    (f"/cases/{CASE}/entries?limit=2", "read", "cursor", False),
    ("/cases?docket_number=19-cv-7123", "read", "cursor", True),
    (f"/filings?case_id={CASE}&limit=2", "read", "cursor", True),
]


def _relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + "?" + parts.query


@pytest.mark.parametrize("path, key, param, exact", LISTS, ids=[p for p, *_ in LISTS])
def test_every_list_has_one_envelope(fixture_archive, path, key, param, exact):
    page = fixture_archive.get(path, key=key)
    assert page.status_code == 200, page.body[:300]
    body = page.json
    assert {"count", "next", "cursor", "results"} <= set(body)
    seen = [r.get("id") or r.get("seq") or r.get("key_id") or r.get("event_id") or r.get("number") or str(r)
            for r in body["results"]]
    for _ in range(50):
        if body["next"] is None or not body["results"]:
            break
        assert body["next"].startswith("http") and parse_qs(urlsplit(body["next"]).query)[param] == [body["cursor"]]
        body = fixture_archive.get(_relative(body["next"]), key=key).json
        seen += [r.get("id") or r.get("seq") or r.get("key_id") or r.get("event_id") or str(r) for r in body["results"]]
    if exact and param != "since":
        assert body["next"] is None
        first = fixture_archive.get(path, key=key).json
        assert first["count"] == len(seen) and len(set(seen)) == len(seen)


@pytest.mark.parametrize("path, key, param, exact", LISTS, ids=[p for p, *_ in LISTS])
def test_fields_and_omit_trim_each_result(fixture_archive, path, key, param, exact):
    sep = "&" if "?" in path else "?"
    full = fixture_archive.get(path, key=key).json["results"]
    if not full:
        pytest.skip("empty list")
    name = sorted(full[0])[0]
    kept = fixture_archive.get(f"{path}{sep}fields={name}", key=key).json
    assert all(set(r) == {name} for r in kept["results"]) and "count" in kept
    dropped = fixture_archive.get(f"{path}{sep}omit={name}", key=key).json["results"]
    assert all(name not in r for r in dropped)
    assert fixture_archive.get(f"{path}{sep}fields=no_such_field", key=key).status_code == 422


@pytest.mark.parametrize("path", ["/health", "/filings/x", f"/cases/{CASE}", "/search", "/changes",
                                  f"/cases/{CASE}/filings", "/admin/keys"])
def test_unknown_parameters_are_422(fixture_archive, path):
    resp = fixture_archive.get(path + "?colour=red", key="admin")
    assert resp.status_code == 422 and "colour" in resp.body.decode()


def test_links_are_absolute(fixture_archive):
    fid = next(iter(fixture_archive.seeded.values()))
    links = fixture_archive.get(f"/filings/{fid}").json["links"]
    assert all(v is None or v.startswith("http") for v in links.values())


PATCH_BODIES = [  # content type, body, status: the client sends a JSON merge patch (RFC 7396)
    ("application/json", '{"title": "Fixed A"}', 200),
    ("application/merge-patch+json", '{"title": "Fixed B"}', 200),
    ("application/merge-patch+json; charset=utf-8", '{"title": "Fixed C"}', 200),
    ("application/merge-patch+json", "", 400),
    ("application/merge-patch+json", "{not json", 400),
    ("text/plain", '{"title": "Fixed D"}', 415),
]


@pytest.mark.parametrize("ctype, body, status", PATCH_BODIES, ids=[f"{c}|{b[:8]}" for c, b, _ in PATCH_BODIES])
def test_patch_takes_a_json_merge_patch(fixture_archive, ctype, body, status):
    fid = fixture_archive.get(f"/cases/{CASE}/filings?limit=1", key="read").json["results"][0]["id"]
    done = fixture_archive.request("PATCH", f"/filings/{fid}", key="write", body=body.encode(),
                                   headers={"Content-Type": ctype})
    assert done.status_code == status, done.body[:300]
    assert done.headers["Content-Type"].startswith("application/json" if status == 200 else "application/problem+json")
    if status == 200:
        assert done.json["title"] == json.loads(body)["title"]


def test_a_correction_is_kept_audited_moves_the_case_and_is_in_the_feed(archive):
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "fixtures"
    truth = json.loads((root / "truth.jsonl").read_text().splitlines()[0])
    filing = archive.ingest((root / "pdfs" / truth["file"]).read_bytes())
    assert filing["status"] == "ready"
    fid = filing["id"]
    patch = {"title": "Corrected Title", "docket_number": "3:23-cv-00001", "court_id": "cand", "judge": "Ada Lovelace"}
    assert archive.request("PATCH", f"/filings/{fid}", key="read", body=patch).status_code == 403
    done = archive.request("PATCH", f"/filings/{fid}", key="write", body=patch)
    assert done.status_code == 200, done.body[:300]
    got = done.json
    assert got["title"] == "Corrected Title" and got["case_id"] == "cand-23-cv-00001"
    assert got["provenance"]["title"] == "corrected" and got["corrections"]["title"]["previous"] == filing["title"]
    assert got["court_name"].startswith("United States District Court")
    events = archive.get(f"/audit?filing_id={fid}").json["results"]
    assert any(e["action"] == "correct" for e in events)
    kinds = [c["kind"] for c in archive.get("/changes?limit=100").json["results"] if c["filing_id"] == fid]
    assert kinds[-1] == "reclassified"
    assert archive.get("/search?judge=Lovelace", key="read").json["count"] == 1
    assert archive.request("POST", f"/filings/{fid}/reprocess?title=Hinted", key="write").status_code == 202
    archive.drain()
    again = archive.get(f"/filings/{fid}").json
    assert again["status"] == "ready" and again["title"] == "Corrected Title"  # the correction wins
    assert again["case_id"] == "cand-23-cv-00001"
    assert archive.request("POST", f"/filings/{fid}/reprocess?colour=red", key="write").status_code == 422


def test_cors_allows_the_configured_origin_only(archive, monkeypatch):
    from chalicelib import config

    monkeypatch.setenv("ARCHIVE_CORS_ORIGINS", "https://ui.example")
    config.reset()
    ok = archive.get("/health", key=None, headers={"Origin": "https://ui.example"})
    assert ok.headers.get("Access-Control-Allow-Origin") == "https://ui.example"
    other = archive.get("/health", key=None, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    pre = archive.client.http.request("OPTIONS", "/search", headers={"Origin": "https://ui.example"})
    assert pre.status_code == 204 and "GET" in pre.headers["Access-Control-Allow-Methods"]
    monkeypatch.delenv("ARCHIVE_CORS_ORIGINS")
    config.reset()
