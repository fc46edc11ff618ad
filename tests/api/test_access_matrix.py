"""Every route × every kind of caller → the expected status."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PDF = (ROOT / "fixtures" / "pdfs" / "syn09.pdf").read_bytes()
OTHER_PDF = (ROOT / "fixtures" / "pdfs" / "syn11.pdf").read_bytes()

# route, method, scope it needs (None = public)
ROUTES = [
    ("/health", "GET", None),
    ("/openapi.json", "GET", None),
    ("/filings", "POST", "write"),
    ("/uploads", "POST", "write"),
    ("/uploads/batch", "POST", "write"),
    ("/filings?sha256={sha}", "GET", "read"),
    ("/filings/{fid}", "GET", "read"),
    ("/filings/{fid}", "PATCH", "admin"),
    ("/filings/{fid}/content", "GET", "read"),
    ("/filings/{fid}/text", "GET", "read"),
    ("/filings/{fid}/reprocess", "POST", "write"),
    ("/cases?docket_number=4:19-cv-7123", "GET", "read"),
    ("/cases/{case}", "GET", "read"),
    ("/cases/{case}/filings", "GET", "read"),
    ("/search?q=appeal", "GET", "read"),
    ("/changes", "GET", "read"),
    ("/admin/keys", "POST", "admin"),
    ("/admin/keys", "GET", "admin"),
    ("/admin/keys/{key_id}", "DELETE", "admin"),
    ("/audit?filing_id={fid}", "GET", "admin"),
]
CALLERS = {
    None: set(),
    "revoked": set(),
    "read": {"read"},
    "write": {"read", "write"},
    "sealed": {"read", "sealed:read"},
    "admin": {"read", "write", "sealed:read", "admin"},
}


def _body(method: str, path: str):
    if path == "/filings" and method == "POST":
        return OTHER_PDF, {"Content-Type": "application/pdf"}
    if path == "/uploads":
        return {"size": 10, "sha256": "b" * 64}, None
    if path == "/uploads/batch":
        return {"files": [{"size": 10, "sha256": "c" * 64}]}, None
    if method == "PATCH":
        return {"sealed": False}, None
    if path == "/admin/keys" and method == "POST":
        return {"name": "matrix", "scopes": ["read"]}, None
    return None, None


@pytest.fixture
def seeded(archive):
    filing = archive.ingest(PDF)
    from chalicelib.services import access

    record, _ = access.mint("to-revoke", ["read"])
    return archive, {"fid": filing["id"], "sha": hashlib.sha256(PDF).hexdigest(),
                     "case": filing["case_id"], "key_id": record["key_id"]}


@pytest.mark.parametrize("caller", list(CALLERS), ids=lambda c: c or "no-key")
def test_access_matrix(seeded, caller):
    archive, ids = seeded
    for template, method, scope in ROUTES:
        path = template.format(**ids)
        body, headers = _body(method, template)
        resp = archive.request(method, path, key=caller, body=body, headers=headers)
        if scope is None:
            expected = {200}
        elif caller in (None, "revoked"):
            expected = {401}
        elif scope in CALLERS[caller]:
            expected = {200, 201, 202, 302}
        else:
            expected = {403}
        assert resp.status_code in expected, f"{caller} {method} {path}: {resp.status_code} {resp.body[:200]!r}"
        if resp.status_code in (401, 403) and caller is not None:
            assert resp.headers["Content-Type"] == "application/problem+json"


def test_keys_are_stored_hashed_and_shown_once(archive):
    created = archive.request("POST", "/admin/keys", body={"name": "clerk", "scopes": ["read", "write"]})
    assert created.status_code == 201
    key = created.json["key"]
    listed = archive.get("/admin/keys").json["results"]
    assert key not in str(listed)
    mine = next(k for k in listed if k["key_id"] == created.json["key_id"])
    assert mine["scopes"] == ["read", "write"] and "key" not in mine and "hash" not in mine
    import boto3, os

    item = boto3.client("dynamodb", region_name="us-east-1").get_item(
        TableName=os.environ["ARCHIVE_TABLE"], Key={"PK": {"S": f"APIKEY#{mine['key_id']}"}, "SK": {"S": "META"}})["Item"]
    assert key not in str(item)
    assert archive.get("/changes", key=key).status_code == 200
    used = next(k for k in archive.get("/admin/keys").json["results"] if k["key_id"] == mine["key_id"])
    assert used["last_used_at"] is not None
    assert archive.request("DELETE", f"/admin/keys/{mine['key_id']}").status_code == 200
    assert archive.get("/changes", key=key).status_code == 401
