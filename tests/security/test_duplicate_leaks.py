"""Issue #10 item 2: an upload's answer never tells a caller more about an archived filing than
the caller may see. A write key without `sealed:read` that sends a sealed filing's bytes (or
only their SHA-256) learns that the bytes are archived, and the id — not the title, case,
parties or anything else read from them. The rule is `Viewer.may_see` (chalicelib/domain/access)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SEALED = (ROOT / "fixtures" / "pdfs" / "syn12.pdf").read_bytes()
ARCHIVED_ONLY = {"id", "duplicate", "detail"}


@pytest.fixture
def sealed(archive):
    filing = archive.ingest(SEALED, query="sealed=true", key="admin")
    assert filing["sealed"] is True and filing["status"] == "ready" and filing["title"]
    return filing


def leaked(body: object, filing: dict) -> list[str]:
    """Which of the sealed filing's own values appear anywhere in a response body."""
    text = json.dumps(body)
    values = [filing.get(k) for k in ("title", "case_name", "docket_number", "case_id",
                                      "judge", "filename", "court_name")]
    values += [p["name"] for p in filing.get("parties") or []]
    return [v for v in values if isinstance(v, str) and v and v in text]


def presign(archive, key: str, sha: str, size: int = 1):
    return archive.request("POST", "/uploads", key=key, body={"sha256": sha, "size": size})


@pytest.mark.parametrize("route", ["presigned sha only", "direct bytes", "batch"])
def test_a_write_key_learns_only_that_the_sealed_bytes_are_archived(archive, sealed, route):
    sha = hashlib.sha256(SEALED).hexdigest()
    if route == "direct bytes":
        resp = archive.upload(SEALED, key="write")
        filing = resp.json
    elif route == "batch":
        resp = archive.request("POST", "/uploads/batch", key="write", body={"files": [
            {"sha256": sha, "size": 1}, {"sha256": sha.upper(), "size": len(SEALED), "filename": "x.pdf"}]})
        for answer in resp.json["results"]:
            assert answer["outcome"] == "archived" and answer["upload"] is None
            assert set(answer["filing"]) == ARCHIVED_ONLY and answer["id"] == sealed["id"]
        filing = resp.json["results"][0]["filing"]
    else:
        resp = presign(archive, "write", sha)
        filing = resp.json["filing"]
        assert resp.json["upload"] is None and resp.json["duplicate"] is True
    assert resp.status_code == 200
    assert set(filing) == ARCHIVED_ONLY and filing["id"] == sealed["id"] and filing["duplicate"] is True
    assert not leaked(resp.json, sealed), leaked(resp.json, sealed)


@pytest.mark.parametrize("key", ["admin"])
def test_a_key_that_may_see_it_gets_the_full_duplicate(archive, sealed, key):
    resp = presign(archive, key, hashlib.sha256(SEALED).hexdigest())
    assert resp.status_code == 200 and resp.json["filing"]["title"] == sealed["title"]
    assert archive.upload(SEALED, key=key).json["case_id"] == sealed["case_id"]


def test_a_public_duplicate_still_answers_in_full(archive):
    data = (ROOT / "fixtures" / "pdfs" / "syn08.pdf").read_bytes()
    public = archive.ingest(data)
    resp = presign(archive, "write", hashlib.sha256(data).hexdigest())
    assert resp.status_code == 200 and resp.json["filing"]["title"] == public["title"]
    assert archive.upload(data, key="write").json["document_number"] == public["document_number"]


def test_a_sealed_reservation_taken_over_shows_nothing_of_its_uploader(archive):
    """An admin reserved a sealed presigned upload whose bytes never came; a write key that
    sends the same bytes gets to upload them, but not the reservation's name and hints."""
    sha = hashlib.sha256(SEALED).hexdigest()
    first = archive.request("POST", "/uploads", key="admin", body={
        "sha256": sha, "size": len(SEALED), "filename": "Sealed exhibit - informant list.pdf",
        "hints": {"sealed": True}})
    assert first.status_code == 202 and first.json["filing"]["sealed"] is True
    again = presign(archive, "write", sha, size=len(SEALED))
    assert again.status_code == 202 and again.json["upload"] is not None
    assert set(again.json["filing"]) == ARCHIVED_ONLY
    assert "informant" not in json.dumps(again.json)
    batched = archive.request("POST", "/uploads/batch", key="write", body={"files": [
        {"sha256": sha, "size": len(SEALED)}]}).json["results"][0]
    assert batched["outcome"] == "upload" and set(batched["filing"]) == ARCHIVED_ONLY
    assert "informant" not in json.dumps(batched)
    direct = archive.upload(SEALED, key="write")
    assert direct.status_code == 202 and set(direct.json) == ARCHIVED_ONLY
    put = requests.put(again.json["upload"]["url"], data=SEALED, headers=again.json["upload"]["headers"])
    assert put.status_code == 200


def test_an_idempotent_replay_after_sealing_shows_nothing(archive):
    data = (ROOT / "fixtures" / "pdfs" / "syn14.pdf").read_bytes()
    headers = {"Idempotency-Key": "replay-after-seal-1"}
    first = archive.upload(data, key="write", headers=headers)
    archive.drain()
    assert archive.request("PATCH", f"/filings/{first.json['id']}", body={"sealed": True}).status_code == 200
    replay = archive.upload(data, key="write", headers=headers)
    assert replay.json["id"] == first.json["id"] and set(replay.json) == ARCHIVED_ONLY
