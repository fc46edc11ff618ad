"""S3: the one module that knows the bucket's key layout.

  uploads/{filing_id}.pdf     original bytes, exactly as received (the S3→SQS trigger prefix)
  text/{filing_id}.json       extracted text, one string per page
  evidence/{sha256}.pdf       bytes a presigned upload delivered that did not match the SHA-256
                              it declared, under their own hash (outside the trigger prefix)
  uploads/dockets/{report_id}.html   a PACER docket report page, exactly as received (same trigger)

The bucket is versioned and never overwritten by the archive: originals are kept.
"""
from __future__ import annotations

import base64
import json
from typing import Any

from chalicelib.adapters import aws
from chalicelib.config import (
    PRESIGNED_DOWNLOAD_EXPIRY_SECONDS,
    PRESIGNED_UPLOAD_EXPIRY_SECONDS,
    settings,
)
from chalicelib.domain import filenames

UPLOAD_PREFIX = "uploads/"


def original_key(filing_id: str) -> str:
    return f"{UPLOAD_PREFIX}{filing_id}.pdf"


def evidence_key(sha256_hex: str) -> str:
    return f"evidence/{sha256_hex}.pdf"


def text_key(filing_id: str) -> str:
    return f"text/{filing_id}.json"


DOCKET_PREFIX = f"{UPLOAD_PREFIX}dockets/"


def docket_report_key(report_id: str) -> str:
    return f"{DOCKET_PREFIX}{report_id}.html"


def docket_report_id_from_key(key: str) -> str | None:
    if key.startswith(DOCKET_PREFIX) and key.endswith(".html"):
        return key[len(DOCKET_PREFIX):-5] or None
    return None


def put_docket_report(report_id: str, data: bytes, sha256_hex: str) -> None:
    _s3().put_object(
        Bucket=settings().bucket_name, Key=docket_report_key(report_id), Body=data,
        ContentType="text/html", ChecksumSHA256=base64.b64encode(bytes.fromhex(sha256_hex)).decode(),
        Metadata={"report-id": report_id},
    )


def get_docket_report(report_id: str) -> bytes:
    return _s3().get_object(Bucket=settings().bucket_name, Key=docket_report_key(report_id))["Body"].read()


def filing_id_from_key(key: str) -> str | None:
    if key.startswith(UPLOAD_PREFIX) and key.endswith(".pdf"):
        return key[len(UPLOAD_PREFIX):-4] or None
    return None


def _s3() -> Any:
    return aws.client("s3")


def put_original(filing_id: str, data: bytes, sha256_hex: str, filename: str | None) -> None:
    _s3().put_object(
        Bucket=settings().bucket_name,
        Key=original_key(filing_id),
        Body=data,
        ContentType="application/pdf",
        ChecksumSHA256=base64.b64encode(bytes.fromhex(sha256_hex)).decode(),
        Metadata={"filing-id": filing_id, **({"filename": filenames.ascii_fallback(filename)} if filename else {})},
    )


def get_original(filing_id: str, max_bytes: int | None = None) -> bytes:
    kwargs: dict[str, Any] = {"Bucket": settings().bucket_name, "Key": original_key(filing_id)}
    if max_bytes:
        kwargs["Range"] = f"bytes=0-{max_bytes - 1}"
    return _s3().get_object(**kwargs)["Body"].read()


def original_exists(filing_id: str) -> bool:
    try:
        _s3().head_object(Bucket=settings().bucket_name, Key=original_key(filing_id))
        return True
    except Exception as exc:  # botocore ClientError 404
        if getattr(exc, "response", {}).get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return False
        raise


def keep_evidence(data: bytes, sha256_hex: str, *, filing_id: str, declared_sha256: str) -> str:
    """Store bytes that failed their declared checksum under their own SHA-256 (S3 verifies it);
    returns the key. The same bytes twice are one object (later versions are identical)."""
    key = evidence_key(sha256_hex)
    _s3().put_object(
        Bucket=settings().bucket_name,
        Key=key,
        Body=data,
        ContentType="application/octet-stream",
        ChecksumSHA256=base64.b64encode(bytes.fromhex(sha256_hex)).decode(),
        Metadata={"filing-id": filing_id, "declared-sha256": declared_sha256},
    )
    return key


def put_text(filing_id: str, pages: list[str], sources: list[str] | None = None,
             confidence: list[float | None] | None = None) -> None:
    """The filing's text per page, with where each page's text came from ("pdf", "ocr:local")
    and the OCR engine's mean confidence (None for text layers)."""
    doc: dict[str, Any] = {"pages": pages}
    if sources is not None:
        doc["sources"] = sources
    if confidence is not None:
        doc["confidence"] = confidence
    _s3().put_object(
        Bucket=settings().bucket_name,
        Key=text_key(filing_id),
        Body=json.dumps(doc).encode(),
        ContentType="application/json",
    )


def get_text_document(filing_id: str) -> dict[str, Any] | None:
    """{"pages": [...], "sources": [...], "confidence": [...]} (sources/confidence filled in
    for text stored before they were recorded), or None."""
    try:
        body = _s3().get_object(Bucket=settings().bucket_name, Key=text_key(filing_id))["Body"]
    except Exception as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return None
        raise
    doc = json.loads(body.read())
    n = len(doc["pages"])
    doc.setdefault("sources", ["pdf"] * n)
    doc.setdefault("confidence", [None] * n)
    return doc


def get_text(filing_id: str) -> list[str] | None:
    doc = get_text_document(filing_id)
    return None if doc is None else doc["pages"]


def presign_upload(filing_id: str, sha256_hex: str, size: int) -> dict[str, Any]:
    """A SigV4 presigned PUT with content type, length and SHA-256 bound into the signature.

    S3 rejects a body whose checksum or length differ from what was signed; the client must send
    exactly the returned headers.
    """
    checksum = base64.b64encode(bytes.fromhex(sha256_hex)).decode()
    url = _s3().generate_presigned_url(
        "put_object",
        Params={
            "Bucket": settings().bucket_name,
            "Key": original_key(filing_id),
            "ContentType": "application/pdf",
            "ContentLength": size,
            "ChecksumSHA256": checksum,
        },
        ExpiresIn=PRESIGNED_UPLOAD_EXPIRY_SECONDS,
        HttpMethod="PUT",
    )
    return {
        "method": "PUT",
        "url": url,
        "headers": {
            "Content-Type": "application/pdf",
            "Content-Length": str(size),
            "x-amz-checksum-sha256": checksum,
        },
        "expires_in": PRESIGNED_UPLOAD_EXPIRY_SECONDS,
    }


def presign_download(filing_id: str, download_name: str) -> str:
    return _s3().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": settings().bucket_name,
            "Key": original_key(filing_id),
            "ResponseContentType": "application/pdf",
            "ResponseContentDisposition": filenames.content_disposition(download_name),
        },
        ExpiresIn=PRESIGNED_DOWNLOAD_EXPIRY_SECONDS,
    )
