"""Accepting uploads: the direct path (bytes in the request) and the presigned path.

Both end the same way: the bytes under `uploads/`, a filing reserved against its SHA-256, and
S3's notification queueing the worker. The same bytes uploaded again, by either path and under
any name, are the same filing.
"""
from __future__ import annotations

import hashlib
import time
from typing import Any, Literal

from chalicelib.adapters import blobs, dynamo, filings_repo, keys
from chalicelib.config import MAX_DIRECT_UPLOAD_BYTES, MAX_PRESIGNED_UPLOAD_BYTES
from chalicelib.domain import filenames
from chalicelib.domain.access import PUBLIC, Viewer
from chalicelib.domain.models import ErrorInfo, FilingRecord, FilingStatus, Hints
from chalicelib.domain.pdf_bytes import pdf_header_offset
from chalicelib.errors import (
    Conflict,
    EmptyBody,
    PayloadTooLarge,
    ServiceUnavailable,
    UnsupportedMediaType,
    ValidationFailed,
)
from chalicelib.ids import new_filing_id
from chalicelib.observability import logger
from chalicelib.services.clock import system_clock

CHECKSUM_MISMATCH = "checksum_mismatch"
IDEMPOTENCY_TTL_SECONDS = 24 * 3600
RESERVATION_TTL_SECONDS = 24 * 3600


class Accepted:
    """What an upload came to: the filing, whether it was already archived, and how to upload.

    The bytes identify a filing the caller may not be allowed to see (a sealed one, uploaded
    again with a write key): then `filing` is None and only `filing_id` is told — the answer says
    the bytes are archived, never what the archive read from them.
    """

    def __init__(self, filing: FilingRecord, duplicate: bool, upload: dict[str, Any] | None = None,
                 viewer: Viewer | None = None):
        """`viewer`: who asked, whenever the filing existed before this request (a duplicate, a
        replay, another upload's reservation); None only for a filing this request created."""
        self.filing_id = filing.id
        self.hidden = viewer is not None and not viewer.may_see(filing)
        self.filing: FilingRecord | None = None if self.hidden else filing
        self.duplicate = duplicate
        self.upload = upload


def check_direct_body(body: bytes | None) -> bytes:
    if not body:
        raise EmptyBody("the request body is empty; send the PDF's bytes as the body")
    if len(body) > MAX_DIRECT_UPLOAD_BYTES:
        raise PayloadTooLarge(
            f"direct uploads are limited to {MAX_DIRECT_UPLOAD_BYTES} bytes; "
            "request a presigned upload with POST /uploads for larger files (up to 500 MB)",
            max_bytes=MAX_DIRECT_UPLOAD_BYTES,
            alternative="/uploads",
        )
    if pdf_header_offset(body) is None:
        raise UnsupportedMediaType(
            "the body is not a PDF: no %PDF- header within its first 1024 bytes",
            accepted=["application/pdf"],
        )
    return body


def _new_record(sha256: str, size: int, filename: str | None, hints: Hints,
                path: Literal["direct", "presigned"], status: FilingStatus) -> FilingRecord:
    stamp = system_clock()
    return FilingRecord(
        id=new_filing_id(),
        status=status,
        sha256=sha256,
        size=size,
        filename=filename,
        upload_path=path,
        hints=hints.given(),
        sealed=bool(hints.sealed),
        created_at=stamp,
        updated_at=stamp,
    )


def _existing(sha256: str) -> FilingRecord | None:
    """The filing holding these bytes' reservation. One whose upload delivered other bytes holds
    nothing: its claim is released here (if the worker has not yet), so the right bytes can come."""
    fid = filings_repo.id_for_sha(sha256, consistent=True)
    record = filings_repo.get(fid, consistent=True) if fid else None
    if record is not None and _mismatch(record) is not None:
        filings_repo.release(sha256, record.id)
        return None
    return record


def _mismatch(record: FilingRecord | None) -> ErrorInfo | None:
    """The error of a filing that failed because its bytes did not match their SHA-256."""
    if record is None or record.status != FilingStatus.failed or record.error is None:
        return None
    return record.error if record.error.code == CHECKSUM_MISMATCH else None


def release_mismatched(object_key: str) -> str | None:
    """After the worker found that the bytes under `object_key` do not match the SHA-256 it declared: keep
    the bytes as evidence under their own hash, free the declared SHA-256 for the real bytes
    (a later POST /uploads gets a URL again), and say so on the filing. Returns the received
    bytes' SHA-256, or None when there was nothing to do.

    The worker calls it (worker-only: it reads the whole object)."""
    filing_id = blobs.filing_id_from_key(object_key)
    if not filing_id:
        return None
    record = filings_repo.get(filing_id, consistent=True)
    if record is None or _mismatch(record) is None:
        return None
    data = blobs.get_original(filing_id)
    received = hashlib.sha256(data).hexdigest()
    if received == record.sha256:
        return None
    blobs.keep_evidence(data, received, filing_id=filing_id, declared_sha256=record.sha256)
    filings_repo.release(record.sha256, filing_id)
    message = (f"the uploaded bytes (SHA-256 {received}) do not match the declared SHA-256; "
               "they are kept as evidence and the declared SHA-256 can be uploaded again")
    for _ in range(5):
        current = filings_repo.get(filing_id, consistent=True)
        error = _mismatch(current)
        if current is None or error is None or error.message == message:
            break
        try:
            filings_repo.save(current.model_copy(update={
                "error": error.model_copy(update={"message": message}),
                "updated_at": system_clock()}), current.version)
            break
        except dynamo.ConditionFailed:
            continue
    logger.warning("checksum mismatch: bytes kept as evidence, reservation released",
                   extra={"filing_id": filing_id, "received_sha256": received})
    return received


def _recorded_key(idempotency_key: str | None, sha256: str) -> str | None:
    """The Idempotency-Key that needs a record of its own: none for no key, nor for a key that
    is the bytes' own SHA-256 (what the `filings` client sends), which adds nothing to the SHA-256
    reservation every upload makes."""
    if not idempotency_key or idempotency_key.lower() == sha256:
        return None
    return idempotency_key


def _replay(idempotency_key: str | None, sha256: str) -> FilingRecord | None:
    """A retried request with the same Idempotency-Key gets the original filing back."""
    key = _recorded_key(idempotency_key, sha256)
    if key is None:
        return None
    record = dynamo.get(keys.idempotency(key), consistent=True)
    if not record:
        return None
    if record["sha256"] != sha256:
        raise Conflict(
            "this Idempotency-Key was already used for different bytes; use a new key",
            idempotency_key=idempotency_key,
        )
    return filings_repo.get(record["filing_id"], consistent=True)


def _remember(idempotency_key: str | None, sha256: str, filing_id: str) -> None:
    key = _recorded_key(idempotency_key, sha256)
    if key is None:
        return
    item = {
        **keys.idempotency(key),
        "item_type": "idempotency",
        "sha256": sha256,
        "filing_id": filing_id,
        "expires_at": int(time.time()) + IDEMPOTENCY_TTL_SECONDS,
    }
    try:
        dynamo.put(item, condition="attribute_not_exists(PK)")
    except dynamo.ConditionFailed:
        _replay(idempotency_key, sha256)  # raises Conflict when the key named other bytes


def accept_direct(body: bytes | None, *, filename: str | None, hints: Hints,
                  idempotency_key: str | None = None, viewer: Viewer = PUBLIC) -> Accepted:
    data = check_direct_body(body)
    filename = filenames.clean(filename)
    sha256 = hashlib.sha256(data).hexdigest()
    replay = _replay(idempotency_key, sha256)
    if replay:
        return Accepted(replay, duplicate=False, viewer=viewer)
    existing = _existing(sha256)
    if existing and not _awaiting_bytes(existing):
        _remember(idempotency_key, sha256, existing.id)
        return Accepted(existing, duplicate=True, viewer=viewer)
    if existing:  # a presigned reservation whose bytes never came: take them from here
        record = existing
    else:
        record = _new_record(sha256, len(data), filename, hints, "direct", FilingStatus.processing)
        if not filings_repo.reserve(record):
            winner = _existing(sha256)
            if winner is None:  # the claim vanished between the two reads: a real conflict
                raise ServiceUnavailable("concurrent upload of the same bytes; retry")
            _remember(idempotency_key, sha256, winner.id)
            return Accepted(winner, duplicate=True, viewer=viewer)
    _remember(idempotency_key, sha256, record.id)
    try:
        blobs.put_original(record.id, data, sha256, filename)
    except Exception as exc:
        logger.exception("storing original failed", extra={"filing_id": record.id})
        raise ServiceUnavailable("could not store the upload; retry the same request") from exc
    if record.status != FilingStatus.processing:
        record = filings_repo.save(
            record.model_copy(update={"status": FilingStatus.processing, "updated_at": system_clock()}),
            record.version,
        )
    logger.info("filing accepted", extra={"filing_id": record.id, "sha256": sha256, "size": len(data)})
    return Accepted(record, duplicate=False, viewer=viewer if existing else None)


def _awaiting_bytes(record: FilingRecord) -> bool:
    return record.status == FilingStatus.awaiting_upload and not blobs.original_exists(record.id)


def check_presigned(content_type: str, size: int) -> None:
    """What a presigned upload must declare: a PDF, of a size the archive takes."""
    if content_type.split(";")[0].strip().lower() != "application/pdf":
        raise UnsupportedMediaType("content_type must be application/pdf")
    if size > MAX_PRESIGNED_UPLOAD_BYTES:
        raise PayloadTooLarge(
            f"uploads are limited to {MAX_PRESIGNED_UPLOAD_BYTES} bytes",
            max_bytes=MAX_PRESIGNED_UPLOAD_BYTES,
        )
    if size <= 0:
        raise ValidationFailed.field("size", "must be a positive number of bytes")


def new_presigned_record(sha256: str, size: int, filename: str | None, hints: Hints) -> FilingRecord:
    """A filing awaiting the bytes of a presigned upload (not yet reserved)."""
    return _new_record(sha256.lower(), size, filenames.clean(filename), hints, "presigned",
                       FilingStatus.awaiting_upload)


def accept_presigned(*, filename: str | None, size: int, sha256: str, content_type: str,
                     hints: Hints, idempotency_key: str | None = None,
                     viewer: Viewer = PUBLIC) -> Accepted:
    check_presigned(content_type, size)
    filename = filenames.clean(filename)
    sha256 = sha256.lower()
    replay = _replay(idempotency_key, sha256)
    existing = replay or _existing(sha256)
    if existing and not _awaiting_bytes(existing):
        _remember(idempotency_key, sha256, existing.id)
        return Accepted(existing, duplicate=replay is None, viewer=viewer)
    record, ours = existing, existing is None
    if record is None:
        record = _new_record(sha256, size, filename, hints, "presigned", FilingStatus.awaiting_upload)
        if not filings_repo.reserve(record):
            winner = _existing(sha256)
            if winner and not _awaiting_bytes(winner):
                return Accepted(winner, duplicate=True, viewer=viewer)
            record, ours = winner or record, winner is None
    _remember(idempotency_key, sha256, record.id)
    upload = blobs.presign_upload(record.id, sha256, record.size)
    return Accepted(record, duplicate=False, upload=upload, viewer=None if ours else viewer)


LAST_ATTEMPT = 3  # infra.resources.MAX_RECEIVE_COUNT: after it, SQS moves the message to the DLQ


def before_attempt(object_key: str, receive_count: int, last_attempt: int = LAST_ATTEMPT) -> bool:
    """A message that comes for its last time while its filing still says `processing` has
    killed the worker on every try (memory, time: nothing could mark it failed). Mark it
    failed first, then try once more: if this try dies too, the filing says failed, not only the
    DLQ; if it succeeds, the commit makes it ready. Returns whether it marked."""
    filing_id = blobs.filing_id_from_key(object_key)
    if receive_count < last_attempt or not filing_id:
        return False
    for _ in range(5):
        current = filings_repo.get(filing_id, consistent=True)
        if current is None or current.status != FilingStatus.processing:
            return False
        failed = current.model_copy(update={
            "status": FilingStatus.failed, "updated_at": system_clock(),
            "error": ErrorInfo(code="internal_error", message=(
                f"processing was stopped on {receive_count - 1} attempts (out of memory or "
                "time); reprocess it, or it may be too complex to read"))})
        try:
            filings_repo.save(failed, current.version)
            logger.warning("last delivery: marked failed before trying", extra={
                "filing_id": filing_id, "receive_count": receive_count})
            return True
        except dynamo.ConditionFailed:
            continue
    return False
