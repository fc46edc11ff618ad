"""POST /uploads/batch: many files asked about at once, each answered like POST /uploads would."""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from tools.dynamo_meter import DynamoMeter

ROOT = Path(__file__).resolve().parents[2]
PDFS = ROOT / "fixtures" / "pdfs"


def fixture(name: str) -> bytes:
    return (PDFS / name).read_bytes()


def ask(archive, files, key="write"):
    return archive.request("POST", "/uploads/batch", key=key, body={"files": files})


def wanted(data: bytes, name: str = "x.pdf", **extra) -> dict:
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "filename": name, **extra}


def test_each_file_is_archived_or_gets_a_checksum_bound_put(archive):
    held = archive.ingest(fixture("syn04.pdf"))
    new = fixture("syn08.pdf")
    resp = ask(archive, [wanted(fixture("syn04.pdf"), "again.pdf"), wanted(new, "order.pdf", hints={"court": "cand"})])
    assert resp.status_code == 200, resp.body
    first, second = resp.json["results"]
    assert resp.json["count"] == 2
    assert first["outcome"] == "archived" and first["id"] == held["id"] and first["upload"] is None
    assert first["filing"]["id"] == held["id"] and first["filing"]["status"] == "ready"
    assert second["outcome"] == "upload" and second["filing"]["status"] == "awaiting_upload"
    up = second["upload"]
    signed = parse_qs(urlparse(up["url"]).query)["X-Amz-SignedHeaders"][0].split(";")
    assert {"content-type", "content-length", "x-amz-checksum-sha256", "host"} <= set(signed)
    assert up["headers"]["x-amz-checksum-sha256"] == base64.b64encode(hashlib.sha256(new).digest()).decode()
    assert up["headers"]["Content-Length"] == str(len(new))

    put = requests.put(up["url"], data=new, headers=up["headers"])
    assert put.status_code == 200, put.text
    archive.drain()
    got = archive.get(f"/filings/{second['id']}").json
    assert got["status"] == "ready" and got["filename"] == "order.pdf"
    again = ask(archive, [wanted(new)]).json["results"][0]
    assert again["outcome"] == "archived" and again["id"] == second["id"]


def test_the_same_answer_as_post_uploads_for_a_file_not_yet_sent(archive):
    data = fixture("syn09.pdf")
    one = ask(archive, [wanted(data)]).json["results"][0]
    single = archive.request("POST", "/uploads", key="write", body=wanted(data))
    assert single.status_code == 202 and single.json["filing"]["id"] == one["id"]  # one reservation
    twice = ask(archive, [wanted(data), wanted(data)]).json["results"]
    assert [r["outcome"] for r in twice] == ["upload", "upload"] and {r["id"] for r in twice} == {one["id"]}


def test_a_sealed_filing_is_only_said_to_be_archived(archive):
    data = fixture("syn12.pdf")
    sealed = archive.ingest(data, query="sealed=true", key="admin")
    hidden = ask(archive, [wanted(data)], key="write").json["results"][0]
    assert hidden["outcome"] == "archived" and hidden["id"] == sealed["id"]
    assert set(hidden["filing"]) == {"id", "duplicate", "detail"}  # nothing the archive read
    seen = ask(archive, [wanted(data)], key="admin").json["results"][0]
    assert seen["filing"]["title"] == sealed["title"]


def test_one_bad_file_is_its_own_answer(archive):
    ok = fixture("syn03.pdf")
    resp = ask(archive, [
        {"sha256": "a" * 64, "size": 600 * 1024 * 1024},
        {"sha256": "b" * 64, "size": 10, "content_type": "image/png"},
        wanted(ok)])
    assert resp.status_code == 200, resp.body
    big, png, good = resp.json["results"]
    assert big["outcome"] == "rejected" and big["problem"]["status"] == 413 and big["id"] is None
    assert png["outcome"] == "rejected" and png["problem"]["status"] == 415
    assert good["outcome"] == "upload"


@pytest.mark.parametrize("body, field", [
    ({"files": []}, "files"),
    ({"files": [{"sha256": "zz", "size": 3}]}, "files.0.sha256"),
    ({"files": [{"sha256": "a" * 64, "size": 0}]}, "files.0.size"),
    ({"files": [{"sha256": "a" * 64, "size": 1, "colour": "red"}]}, "files.0.colour"),
    ({"files": [{"sha256": "a" * 64, "size": 1, "hints": {"court": "narnia"}}]}, "files.0.hints.court"),
    ({"files": [{"sha256": f"{i:064x}", "size": 1} for i in range(101)]}, "files"),
])
def test_malformed_batches_are_422_naming_the_field(archive, body, field):
    resp = archive.request("POST", "/uploads/batch", key="write", body=body)
    assert resp.status_code == 422, resp.body
    assert field in [e["field"] for e in resp.json["errors"]], resp.json


def test_write_scope_is_required(archive):
    data = fixture("syn03.pdf")
    assert ask(archive, [wanted(data)], key="read").status_code == 403
    assert ask(archive, [wanted(data)], key=None).status_code == 401


def test_a_batch_costs_batched_reads_not_a_read_per_file(archive):
    held = [archive.ingest(fixture(f"syn{n:02d}.pdf")) for n in (3, 4, 5)]
    files = [wanted(fixture(f"syn{n:02d}.pdf")) for n in (3, 4, 5)]
    with DynamoMeter() as meter:
        resp = ask(archive, files)
    assert [r["id"] for r in resp.json["results"]] == [h["id"] for h in held]
    assert meter.calls.get("BatchGetItem", 0) <= 2 and not meter.calls.get("GetItem")
    assert not meter.calls.get("Scan") and not meter.calls.get("Query")


def test_archive_identity_is_created_once_and_stays(archive):
    first = archive.get("/health", key=None).json["archive_id"]
    assert first and first.startswith("arc_")
    assert archive.get("/health", key=None).json["archive_id"] == first


def test_a_new_archive_has_another_identity(aws):
    from chalicelib.adapters import dynamo, keys
    from chalicelib.services import identity

    one = identity.archive_id()
    dynamo.delete(keys.archive_identity())  # as if the table were new
    assert identity.archive_id() != one


def test_new_files_are_reserved_together(archive):
    files = [{"sha256": f"{i:064x}", "size": 100 + i, "filename": f"{i}.pdf"} for i in range(1, 61)]
    with DynamoMeter() as meter:
        resp = ask(archive, files)
    results = resp.json["results"]
    assert [r["outcome"] for r in results] == ["upload"] * 60 and len({r["id"] for r in results}) == 60
    assert meter.calls["TransactWriteItems"] == 2  # 50 + 10 filings with their locks
    for f, r in zip(files, results):
        assert r["sha256"] == f["sha256"] and r["upload"]["headers"]["Content-Length"] == str(f["size"])
        assert archive.get(f"/filings/{r['id']}").json["filename"] == f["filename"]


def test_a_reservation_that_races_the_batch_falls_back_per_file(archive, monkeypatch):
    from chalicelib.adapters import filings_repo

    data = fixture("syn05.pdf")
    first = archive.request("POST", "/uploads", key="write", body=wanted(data)).json["filing"]
    monkeypatch.setattr(filings_repo, "ids_for_shas", lambda shas, consistent=True: {})  # read before it
    other = {"sha256": "e" * 64, "size": 5}
    one, two = ask(archive, [wanted(data), other]).json["results"]
    assert one["outcome"] == "upload" and one["id"] == first["id"]  # the same reservation, not a second
    assert two["outcome"] == "upload"


def test_every_upload_of_a_batch_is_audited_in_batched_writes(archive):
    files = [{"sha256": f"{i:064x}", "size": 300 + i, "filename": f"a{i}.pdf"} for i in range(101, 161)]
    with DynamoMeter() as meter:
        results = ask(archive, files).json["results"]
    assert not meter.calls.get("PutItem")  # not one audit write per file
    assert meter.calls["BatchWriteItem"] == 3  # 60 events, 25 a call
    for r in results:
        events = archive.get(f"/audit?filing_id={r['id']}", key="admin").json["results"]
        assert [(e["action"], e["detail"]) for e in events] == [("upload", {"path": "batch"})]
