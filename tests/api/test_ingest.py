"""Both upload paths end to end: API → S3 → moto's real S3→SQS notification → the worker."""
from __future__ import annotations

import base64
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "pdfs"
TRUTH = {json.loads(l)["file"]: json.loads(l) for l in (ROOT / "fixtures" / "truth.jsonl").read_text().splitlines() if l.strip()}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_direct_upload_is_processed_into_metadata(archive):
    resp = archive.upload(fixture("syn14.pdf"), headers={"X-Filename": "sj-order.pdf"})
    assert resp.status_code == 202
    assert resp.headers["Location"] == f"/filings/{resp.json['id']}"
    assert resp.json["status"] == "processing" and resp.json["duplicate"] is False
    archive.drain()
    got = archive.get(f"/filings/{resp.json['id']}").json
    assert got["status"] == "ready", got
    assert got["court_id"] == "cand"
    assert got["docket_number"] == "4:19-cv-07123-PJH"
    assert got["case_id"] == "cand-19-cv-07123"
    assert got["document_number"] == "494" and got["attachment_number"] is None
    assert got["date_filed"] == "2024-12-20"
    assert got["document_type"] == "order"
    assert got["page_count"] == 4
    assert "Hamilton" in got["judge"]
    assert got["filename"] == "sj-order.pdf"
    assert {"cite": "17 F.4th 930", "kind": "case", "count": 1} in got["citations"]
    assert got["links"]["case"].endswith("/cases/cand-19-cv-07123")  # absolute URLs
    text = archive.get(f"/filings/{got['id']}/text").json
    assert text["page_count"] == 4 and "Case 4:19-cv-07123-PJH" in text["pages"][0]["text"]


def test_same_bytes_again_are_the_same_filing(archive):
    first = archive.ingest(fixture("syn04.pdf"))
    again = archive.upload(fixture("syn04.pdf"), headers={"X-Filename": "other-name.pdf"})
    assert again.status_code == 200
    assert again.json["duplicate"] is True and again.json["id"] == first["id"]
    presigned = archive.request("POST", "/uploads", key="write", body={
        "filename": "x.pdf", "size": len(fixture("syn04.pdf")),
        "sha256": hashlib.sha256(fixture("syn04.pdf")).hexdigest()})
    assert presigned.status_code == 200
    assert presigned.json["duplicate"] is True and presigned.json["upload"] is None
    assert presigned.json["filing"]["id"] == first["id"]


def test_presigned_upload_signs_type_length_checksum_and_short_expiry(archive):
    data = fixture("syn08.pdf")
    sha = hashlib.sha256(data).hexdigest()
    resp = archive.request("POST", "/uploads", key="write", body={
        "filename": "order.pdf", "size": len(data), "sha256": sha, "content_type": "application/pdf",
        "hints": {"court": "cand"}})
    assert resp.status_code == 202, resp.body
    upload = resp.json["upload"]
    query = parse_qs(urlparse(upload["url"]).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert int(query["X-Amz-Expires"][0]) <= 900
    signed = query["X-Amz-SignedHeaders"][0].split(";")
    assert {"content-type", "content-length", "x-amz-checksum-sha256", "host"} <= set(signed)
    assert upload["headers"]["x-amz-checksum-sha256"] == base64.b64encode(bytes.fromhex(sha)).decode()
    assert resp.json["filing"]["status"] == "awaiting_upload"

    put = requests.put(upload["url"], data=data, headers=upload["headers"])
    assert put.status_code == 200, put.text
    archive.drain()
    got = archive.get(f"/filings/{resp.json['filing']['id']}").json
    assert got["status"] == "ready" and got["document_number"] == "111"


def test_presigned_upload_with_bytes_that_do_not_match_the_declared_hash_fails_clearly(archive):
    data = fixture("syn09.pdf")
    resp = archive.request("POST", "/uploads", key="write", body={
        "size": len(data), "sha256": hashlib.sha256(b"something else").hexdigest()})
    fid = resp.json["filing"]["id"]
    # moto does not verify signatures or checksums (real S3 would refuse this PUT), so store
    # the bytes directly: the worker must still catch the mismatch
    boto3.client("s3", region_name="us-east-1").put_object(
        Bucket=archive.resources["bucket_name"], Key=f"uploads/{fid}.pdf", Body=data)
    archive.drain()
    got = archive.get(f"/filings/{fid}").json
    assert got["status"] == "failed" and got["error"]["code"] == "checksum_mismatch"


def test_ten_concurrent_identical_uploads_make_exactly_one_filing(archive):
    from chalicelib.domain.models import Hints
    from chalicelib.services import ingest

    data = fixture("syn03.pdf")
    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(lambda _: ingest.accept_direct(data, filename=None, hints=Hints()), range(10)))
    ids = {r.filing.id for r in results}
    assert len(ids) == 1
    assert sum(not r.duplicate for r in results) == 1
    archive.drain()
    (fid,) = ids
    assert archive.get(f"/filings/{fid}").json["status"] == "ready"
    page = archive.get("/cases/cand-19-cv-07123/filings").json
    assert [i["id"] for i in page["results"]] == [fid]


def test_redelivered_message_does_not_duplicate_anything(archive):
    from chalicelib.adapters import queue

    got = archive.ingest(fixture("syn05.pdf"))
    case_before = archive.get("/cases/cand-19-cv-07123").json
    queue.enqueue_processing(got["id"], reason="Put")  # what an at-least-once redelivery looks like
    archive.drain()
    assert archive.get("/cases/cand-19-cv-07123").json["filing_count"] == case_before["filing_count"] == 1
    changes = archive.get("/changes").json["results"]
    assert [c["kind"] for c in changes] == ["created"]


def test_a_failing_worker_leaves_failed_then_reprocess_makes_it_ready(archive, monkeypatch):
    import chalicelib.extract.sandbox as sandbox  # the worker's seam to extraction

    real = sandbox.extract_bounded

    def broken(*a, **k):
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(sandbox, "extract_bounded", broken)
    resp = archive.upload(fixture("syn13.pdf"))
    fid = resp.json["id"]
    for _ in range(5):  # every delivery fails; SQS retries until the DLQ takes it
        archive.drain()
    got = archive.get(f"/filings/{fid}").json
    assert got["status"] == "failed" and got["error"]["code"] == "internal_error"
    sqs = boto3.client("sqs", region_name="us-east-1")
    dlq = sqs.receive_message(QueueUrl=archive.resources["dlq_url"], MaxNumberOfMessages=10)
    assert dlq.get("Messages"), "the message that kept failing must be in the DLQ"
    assert archive.get(f"/filings/{fid}/content").status_code == 302  # the bytes are kept

    monkeypatch.setattr(sandbox, "extract_bounded", real)
    again = archive.request("POST", f"/filings/{fid}/reprocess", key="write")
    assert again.status_code == 202 and again.json["status"] == "processing"
    archive.drain()
    got = archive.get(f"/filings/{fid}").json
    assert got["status"] == "ready" and got["error"] is None and got["document_type"] == "transcript"


def _pdf_with_fpdf(encrypt: bool = False) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Case 4:19-cv-07123-PJH Document 7 Filed 01/02/20 Page 1 of 1")
    return bytes(pdf.output())


@pytest.mark.parametrize("make, code", [
    (lambda: _pdf_with_fpdf()[: len(_pdf_with_fpdf()) // 3], "unreadable_pdf"),
    (lambda: _pdf_with_fpdf(encrypt=True), "encrypted"),
])
def test_broken_pdfs_are_kept_and_fail_with_a_specific_code(archive, make, code):
    data = make()
    resp = archive.upload(data)
    assert resp.status_code == 202
    archive.drain()
    got = archive.get(f"/filings/{resp.json['id']}").json
    assert got["status"] == "failed" and got["error"]["code"] == code
    s3 = boto3.client("s3", region_name="us-east-1")
    kept = s3.get_object(Bucket=archive.resources["bucket_name"], Key=f"uploads/{got['id']}.pdf")["Body"].read()
    assert kept == data


def test_stray_bytes_before_the_header_are_read(archive):
    got = archive.ingest(b"\r\n\xef\xbb\xbfjunk\n" + fixture("syn09.pdf"))
    assert got["status"] == "ready" and got["document_number"] == "113"


def test_hints_win_and_disagreements_are_warnings(archive):
    got = archive.ingest(fixture("syn14.pdf"), query="document_number=133&date_filed=2024-12-19&title=Order")
    assert got["document_number"] == "133"
    assert got["sources"]["document_number"] == "hint"
    warnings = " | ".join(got["warnings"])
    assert "document_number: hint says 133, the PDF says 494" in warnings
    assert "date_filed" in warnings


def test_a_case_first_seen_in_a_pdf_is_a_provisional_case(archive):
    got = archive.ingest(fixture("syn10.pdf"))
    case = archive.get(f"/cases/{got['case_id']}").json
    assert case["provisional"] is True and case["court_id"] == "ca9" and case["filing_count"] == 1


def test_every_printed_form_of_a_docket_number_lands_in_one_case(archive):
    a = archive.ingest(fixture("syn01.pdf"))  # stamped 3:19-cv-07123 before reassignment
    b = archive.ingest(fixture("syn14.pdf"))  # 4:19-cv-07123-PJH
    assert a["case_id"] == b["case_id"] == "cand-19-cv-07123"


def test_a_filing_that_does_not_print_its_case_name_takes_it_from_its_case(archive):
    archive.ingest(fixture("syn08.pdf"))  # the order names the case and is signed by the judge
    exhibit = archive.ingest(fixture("syn06.pdf"))  # an exhibit: no caption, no signature
    assert exhibit["case_id"] == "cand-19-cv-07123"
    assert "NSO" in exhibit["case_name"] and exhibit["sources"]["case_name"] == "case"
    assert "Hamilton" in exhibit["judge"] and exhibit["sources"]["judge"] == "case"


def test_a_scan_whose_only_text_is_the_stamp_joins_the_case_its_docket_number_fits(archive):
    archive.ingest(fixture("syn08.pdf"))
    scan = archive.ingest(fixture("syn02.pdf"))
    assert scan["needs_ocr"] is True
    assert scan["case_id"] == "cand-19-cv-07123" and scan["court_id"] == "cand"
    assert scan["sources"]["court_id"] == "case"
    assert any("court_id: not printed" in w for w in scan["warnings"])


def test_idempotency_key_replays_and_refuses_other_bytes(archive):
    first = archive.upload(fixture("syn11.pdf"), headers={"Idempotency-Key": "batch-7-item-3"})
    assert first.status_code == 202
    replay = archive.upload(fixture("syn11.pdf"), headers={"Idempotency-Key": "batch-7-item-3"})
    assert replay.json["id"] == first.json["id"]
    clash = archive.upload(fixture("syn13.pdf"), headers={"Idempotency-Key": "batch-7-item-3"})
    assert clash.status_code == 409 and clash.headers["Content-Type"] == "application/problem+json"


def test_a_scan_that_came_before_its_court_was_known_moves_to_the_case_later(archive):
    scan = archive.ingest(fixture("syn02.pdf"))  # only the stamp is text: no court yet
    assert scan["court_id"] is None and scan["case_id"] == "unk-19-cv-07123"
    archive.ingest(fixture("syn08.pdf"))  # names the court: the scan is re-homed
    archive.drain()
    moved = archive.get(f"/filings/{scan['id']}").json
    assert moved["case_id"] == "cand-19-cv-07123" and moved["court_id"] == "cand"
    docket = archive.get("/cases/cand-19-cv-07123/filings").json["results"]
    assert scan["id"] in [f["id"] for f in docket]
    assert archive.get("/cases/unk-19-cv-07123").status_code == 404
    found = archive.get("/cases?docket_number=19-cv-07123").json["results"]
    assert [m["case"]["case_id"] for m in found] == ["cand-19-cv-07123"]


def test_work_that_would_outlive_the_lambda_stops_and_says_failed(archive, monkeypatch):
    import time

    import chalicelib.extract.sandbox as sandbox
    from chalicelib.services import process

    monkeypatch.setattr(sandbox, "extract_bounded", lambda *a, **k: time.sleep(5))
    resp = archive.upload(fixture("syn03.pdf"))
    with pytest.raises(process.WorkerTimeout):
        process.handle_object(f"uploads/{resp.json['id']}.pdf", seconds_left=5.3)
    got = archive.get(f"/filings/{resp.json['id']}").json
    assert got["status"] == "failed" and got["error"]["code"] == "internal_error"
    assert "WorkerTimeout" in got["error"]["message"]
