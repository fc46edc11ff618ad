"""Issue #10 item 6: bytes that do not match the SHA-256 a presigned upload declared cannot
block that SHA-256. moto neither verifies signatures nor checksums, so (1) the presigned URL is
checked here as S3 checks it, by recomputing its SigV4 signature over the headers the client is
told to send, and (2) mismatched bytes are put straight into the bucket, as S3 would never let
them through a signed URL."""
from __future__ import annotations

import base64
import hashlib
import hmac
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlparse

import boto3
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
RIGHT = (ROOT / "fixtures" / "pdfs" / "syn08.pdf").read_bytes()
WRONG = (ROOT / "fixtures" / "pdfs" / "syn09.pdf").read_bytes()


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def sigv4_query_valid(method: str, url: str, headers: dict[str, str]) -> bool:
    """Does S3 accept this presigned request with these headers? (SigV4 query auth, as S3
    verifies it: every signed header must be sent with the signed value.)"""
    secret = boto3.Session().get_credentials().secret_key  # the (fake) key that signed it
    parts = urlparse(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    signature = query.pop("X-Amz-Signature")
    signed = query["X-Amz-SignedHeaders"].split(";")
    sent = {k.lower(): str(v).strip() for k, v in headers.items()}
    sent["host"] = parts.netloc
    if any(h not in sent for h in signed):
        return False
    canonical = "\n".join([
        method,
        parts.path,
        "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(query.items())),
        "".join(f"{h}:{sent[h]}\n" for h in signed),
        ";".join(signed),
        "UNSIGNED-PAYLOAD",
    ])
    _, date, region, service, _ = query["X-Amz-Credential"].split("/")
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", query["X-Amz-Date"], scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(_hmac(f"AWS4{secret}".encode(), date), region), service), "aws4_request")
    return hmac.compare_digest(hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), signature)


def b64sha(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def ask_upload(archive, data: bytes, size: int | None = None):
    return archive.request("POST", "/uploads", key="write", body={
        "size": size or len(data), "sha256": hashlib.sha256(data).hexdigest(),
        "content_type": "application/pdf", "filename": "order.pdf"})


def test_the_presigned_put_is_valid_only_with_the_declared_checksum_and_length(archive):
    resp = ask_upload(archive, RIGHT)
    assert resp.status_code == 202, resp.body
    upload = resp.json["upload"]
    headers = upload["headers"]
    assert headers["x-amz-checksum-sha256"] == b64sha(RIGHT)
    assert sigv4_query_valid("PUT", upload["url"], headers)
    for name, value in (("x-amz-checksum-sha256", b64sha(WRONG)), ("Content-Length", str(len(WRONG))),
                        ("Content-Type", "application/octet-stream")):
        assert not sigv4_query_valid("PUT", upload["url"], {**headers, name: value}), name
    without = {k: v for k, v in headers.items() if k != "x-amz-checksum-sha256"}
    assert not sigv4_query_valid("PUT", upload["url"], without)
    assert not sigv4_query_valid("GET", upload["url"], headers)


def _deliver_wrong_bytes(archive, filing_id: str) -> None:
    boto3.client("s3", region_name="us-east-1").put_object(
        Bucket=archive.resources["bucket_name"], Key=f"uploads/{filing_id}.pdf", Body=WRONG)


def test_wrong_bytes_are_evidence_and_the_sha256_can_be_uploaded_again(archive):
    first = ask_upload(archive, RIGHT).json["filing"]["id"]
    _deliver_wrong_bytes(archive, first)
    archive.drain()
    failed = archive.get(f"/filings/{first}").json
    assert failed["status"] == "failed" and failed["error"]["code"] == "checksum_mismatch"
    wrong_sha = hashlib.sha256(WRONG).hexdigest()
    assert wrong_sha in failed["error"]["message"]

    s3 = boto3.client("s3", region_name="us-east-1")
    kept = s3.get_object(Bucket=archive.resources["bucket_name"], Key=f"evidence/{wrong_sha}.pdf")
    assert kept["Body"].read() == WRONG
    assert kept["Metadata"]["declared-sha256"] == hashlib.sha256(RIGHT).hexdigest()

    again = ask_upload(archive, RIGHT)
    assert again.status_code == 202 and again.json["duplicate"] is False, again.body
    assert again.json["upload"] is not None and again.json["filing"]["id"] != first
    put = requests.put(again.json["upload"]["url"], data=RIGHT, headers=again.json["upload"]["headers"])
    assert put.status_code == 200
    archive.drain()
    second = archive.get(f"/filings/{again.json['filing']['id']}").json
    assert second["status"] == "ready" and second["document_number"] == "111"
    by_sha = archive.get(f"/filings?sha256={hashlib.sha256(RIGHT).hexdigest()}").json
    assert by_sha["id"] == second["id"]
    assert archive.get(f"/filings/{first}").json["status"] == "failed"  # the record stays


@pytest.mark.parametrize("path", ["presigned", "direct"])
def test_the_api_frees_a_mismatched_reservation_the_worker_left(archive, path):
    """A reservation that failed its checksum before the worker released it (or before this
    release existed) does not make the right bytes a duplicate on either path."""
    from chalicelib.services import process

    first = ask_upload(archive, RIGHT).json["filing"]["id"]
    _deliver_wrong_bytes(archive, first)
    assert process.handle_object(f"uploads/{first}.pdf") == "failed:checksum_mismatch"
    if path == "presigned":
        resp = ask_upload(archive, RIGHT)
        assert resp.status_code == 202 and resp.json["upload"] is not None
    else:
        resp = archive.upload(RIGHT)
        assert resp.status_code == 202 and resp.json["id"] != first


def test_matching_bytes_keep_their_reservation(archive):
    first = ask_upload(archive, RIGHT).json
    put = requests.put(first["upload"]["url"], data=RIGHT, headers=first["upload"]["headers"])
    assert put.status_code == 200
    archive.drain()
    again = ask_upload(archive, RIGHT)
    assert again.status_code == 200 and again.json["duplicate"] is True and again.json["upload"] is None
