"""Sealed filings never leak: every read surface, before and after sealing and unsealing."""
from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PDFS = ROOT / "fixtures" / "pdfs"
CASE = "cand-19-cv-07123"


def surfaces(archive, key, filing_id, sha, probe_word, party=None):
    """What a caller with `key` can learn about one filing, surface by surface."""
    out = {}
    out["get"] = archive.get(f"/filings/{filing_id}", key=key).status_code == 200
    out["content"] = archive.get(f"/filings/{filing_id}/content", key=key).status_code == 302
    out["text"] = archive.get(f"/filings/{filing_id}/text", key=key).status_code == 200
    out["sha"] = archive.get(f"/filings?sha256={sha}", key=key).status_code == 200
    listing = archive.get(f"/cases/{CASE}/filings?limit=1000", key=key)
    docket = listing.json["results"] if listing.status_code == 200 else []
    out["docket"] = filing_id in [i["id"] for i in docket]
    search = archive.get(f"/search?q={probe_word}", key=key).json
    out["search"] = filing_id in [r["id"] for r in search["results"]]
    out["snippet"] = any(probe_word.lower() in s.lower() for r in search["results"] for s in r["snippets"])
    facets = archive.get(f"/search?case_id={CASE}&limit=100", key=key).json
    listed = [r["id"] for r in facets["results"]]
    out["search_filter"] = filing_id in listed
    out["facets_count_it"] = sum(facets["facets"]["document_type"].values()) != len(listed) or filing_id in listed
    feed = archive.get("/changes?limit=1000", key=key).json["results"]
    out["feed"] = any(c["filing_id"] == filing_id and c["kind"] != "removed" for c in feed)
    if party:
        case = archive.get(f"/cases/{CASE}", key=key)
        parties = case.json["parties"] if case.status_code == 200 else []
        out["party"] = any(party.lower() in p["name"].lower() for p in parties)
    return out


def test_sealed_at_upload_is_invisible_everywhere_without_the_scope(archive):
    public = archive.ingest((PDFS / "syn14.pdf").read_bytes())
    data = (PDFS / "syn12.pdf").read_bytes()
    sealed = archive.ingest(data, query="sealed=true", key="admin")
    assert sealed["sealed"] is True and sealed["status"] == "ready"
    sha = hashlib.sha256(data).hexdigest()
    hidden = surfaces(archive, "read", sealed["id"], sha, "redacted")
    assert not any(hidden.values()), hidden
    seen = surfaces(archive, "sealed", sealed["id"], sha, "redacted")
    assert all(seen[k] for k in ("get", "content", "text", "sha", "docket", "search_filter", "feed")), seen
    # the public filing beside it is untouched
    assert archive.get(f"/filings/{public['id']}", key="read").status_code == 200


def test_sealing_removes_at_once_and_unsealing_restores(archive):
    data = (PDFS / "syn08.pdf").read_bytes()
    filing = archive.ingest(data)
    sha = hashlib.sha256(data).hexdigest()
    word = "dismiss"
    before = surfaces(archive, "read", filing["id"], sha, word)
    assert all(before[k] for k in ("get", "content", "text", "sha", "docket", "search", "search_filter", "feed")), before

    assert archive.request("PATCH", f"/filings/{filing['id']}", body={"sealed": True}).status_code == 200
    after = surfaces(archive, "read", filing["id"], sha, word)
    assert not any(after.values()), after
    feed = archive.get("/changes?limit=1000", key="read").json["results"]
    assert feed[-1]["kind"] == "removed" and feed[-1]["filing_id"] == filing["id"] and feed[-1]["filing"] is None
    facets = archive.get("/search?document_type=order", key="read").json
    assert facets["total"] == 0 and facets["facets"]["document_type"].get("order", 0) == 0
    case = archive.get(f"/cases/{CASE}", key="read")
    assert case.status_code == 404  # known only from a sealed filing now

    assert archive.request("PATCH", f"/filings/{filing['id']}", body={"sealed": False}).status_code == 200
    restored = surfaces(archive, "read", filing["id"], sha, word)
    assert all(restored[k] for k in ("get", "content", "text", "sha", "docket", "search", "search_filter", "feed")), restored
    assert archive.get("/search?document_type=order", key="read").json["facets"]["document_type"]["order"] == 1


def test_a_party_known_only_from_sealed_filings_is_hidden(archive):
    archive.ingest((PDFS / "syn14.pdf").read_bytes())
    from datetime import date

    from tools.synthetic_filings import add_filing

    add_filing(court="cand", docket="4:19-cv-07123-PJH", n=999, doc_type="declaration", day=date(2024, 9, 1),
               text="declaration of a secret witness", title="Sealed declaration",
               parties=[("Secret Witness LLC", "Intervenor")], sealed=True)
    read_case = archive.get(f"/cases/{CASE}", key="read").json
    assert not any("Secret" in p["name"] for p in read_case["parties"])
    assert "declaration" not in read_case["filing_counts"]
    sealed_case = archive.get(f"/cases/{CASE}", key="sealed").json
    assert any("Secret" in p["name"] for p in sealed_case["parties"])


def test_sealed_reads_are_audited_and_so_are_writes(archive):
    data = (PDFS / "syn12.pdf").read_bytes()
    sealed = archive.ingest(data, query="sealed=true", key="admin")
    archive.get(f"/filings/{sealed['id']}", key="sealed")
    archive.get(f"/filings/{sealed['id']}/text", key="sealed")
    archive.request("PATCH", f"/filings/{sealed['id']}", body={"sealed": False})
    events = archive.get(f"/audit?filing_id={sealed['id']}").json["results"]
    actions = [e["action"] for e in events]
    assert {"upload", "read", "read_text", "unseal"} <= set(actions)
    reader = next(e for e in events if e["action"] == "read")
    assert reader["key_id"] and reader["at"]
    assert archive.keys["sealed"] not in str(events)
