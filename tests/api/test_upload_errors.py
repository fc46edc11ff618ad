"""Bad input gets a clear 4xx in problem+json, and nothing is lost."""
from __future__ import annotations

import hashlib

import pytest

from chalicelib.config import MAX_DIRECT_UPLOAD_BYTES

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def assert_problem(resp, status, field=None):
    assert resp.status_code == status, resp.body[:300]
    assert resp.headers["Content-Type"] == "application/problem+json"
    body = resp.json
    assert body["status"] == status and body["type"].startswith("https://") and body["detail"]
    if field:
        assert field in [e["field"] for e in body.get("errors", [])], body


def test_empty_body_is_400(archive):
    assert_problem(archive.upload(b""), 400)


def test_not_a_pdf_is_415(archive):
    assert_problem(archive.upload(b"GIF89a" + b"\0" * 100), 415)


def test_pdf_header_after_1024_stray_bytes_is_415(archive):
    assert_problem(archive.upload(b"x" * 1025 + PDF), 415)


def test_stray_bytes_before_the_header_are_accepted(archive):
    resp = archive.upload(b"\r\n\x00junk" + PDF)
    assert resp.status_code == 202, resp.body


def test_too_large_is_413_and_points_to_presigned_uploads(archive):
    resp = archive.upload(PDF + b"0" * MAX_DIRECT_UPLOAD_BYTES)
    assert_problem(resp, 413)
    assert resp.json["alternative"] == "/uploads"


@pytest.mark.parametrize("query, field", [
    ("date_filed=2024-13-45", "date_filed"),
    ("court=narnia", "court"),
    ("document_number=-3", "document_number"),
    ("attachment_number=-1", "attachment_number"),
    ("document_type=memo", "document_type"),
    ("sealed=perhaps", "sealed"),
    ("colour=blue", "colour"),
])
def test_nonsense_hints_are_422_naming_the_field(archive, query, field):
    assert_problem(archive.upload(PDF, query=query), 422, field)


def test_rejected_uploads_store_nothing(archive):
    archive.upload(PDF, query="court=narnia")
    sha = hashlib.sha256(PDF).hexdigest()
    assert archive.get(f"/filings?sha256={sha}").status_code == 404


def test_presigned_request_validation(archive):
    bad = archive.request("POST", "/uploads", key="write", body={"size": -1, "sha256": "zz"})
    assert_problem(bad, 422)
    fields = {e["field"] for e in bad.json["errors"]}
    assert {"size", "sha256"} <= fields
    huge = archive.request("POST", "/uploads", key="write",
                           body={"size": 600 * 1024 * 1024, "sha256": "a" * 64})
    assert_problem(huge, 413)
    wrong_type = archive.request("POST", "/uploads", key="write",
                                 body={"size": 10, "sha256": "a" * 64, "content_type": "image/png"})
    assert_problem(wrong_type, 415)


def test_malformed_json_is_400(archive):
    resp = archive.request("POST", "/uploads", key="write", body=b"{not json",
                           headers={"Content-Type": "application/json"})
    assert_problem(resp, 400)


@pytest.mark.parametrize("ctype", ["application/x-pdf", "application/octet-stream", "binary/octet-stream"])
def test_pdf_bytes_under_other_binary_types_are_accepted(archive, ctype):
    resp = archive.request("POST", "/filings", key="write", body=PDF + ctype.encode(),
                           headers={"Content-Type": ctype})
    assert resp.status_code == 202, resp.body[:200]
