"""The ingest worker's use case: bytes in S3 → extracted metadata, a case, text, index, change.

Idempotent under at-least-once delivery: the result is written through `filing_commit` (the one
writer of filings), conditioned on the version it reads, so a redelivered or concurrent message
either finds the work done or applies its result to the filing as it is then — never over a
seal or another write that landed meanwhile. A deterministic failure (not a PDF, unreadable,
encrypted, checksum) ends `failed` with its code and is not retried; an unexpected one marks the
filing `failed` (`internal_error`), re-raises so SQS retries it, and after the last retry the
message sits in the DLQ while the filing says failed.

Case resolution lives in `case_resolution`, the commit in `filing_commit`.
"""
from __future__ import annotations

import hashlib

from chalicelib.adapters import blobs, filings_repo, queue
from chalicelib.domain import cases as case_rules
from chalicelib.domain import corrections
from chalicelib.domain.courts import canonical_name
from chalicelib.domain.merge import merge_hints
from chalicelib.domain.models import (
    CitationCount,
    ErrorInfo,
    FilingRecord,
    FilingStatus,
    Party,
)
from chalicelib.domain.pdf_bytes import pdf_header_offset
from chalicelib.observability import logger
from chalicelib.services import case_resolution, dockets, filing_commit, ingest, ocr_followup, search
from chalicelib.services.clock import Clock, system_clock
from chalicelib.services.corrections import with_corrections
from chalicelib.services.deadline import WorkerTimeout, deadline  # noqa: F401 - WorkerTimeout: callers catch it here

PERMANENT_ERRORS = {
    "not_pdf": "the stored bytes are not a PDF (no %PDF- header in the first 1024 bytes)",
    "checksum_mismatch": "the stored bytes do not match the declared SHA-256",
    "unreadable_pdf": "the PDF is truncated or corrupt and could not be read",
    "encrypted": "the PDF is encrypted with a password",
    "too_complex": "the PDF exceeds the page, size or time limits for extraction",
    "empty": "the stored object is empty",
}
TRANSIENT_ERROR = "internal_error"
COMMITTED = ("created", "updated", "reclassified")  # a result was written (not a redelivery's no-op)
# What the worker owns on a filing: the fields its run writes. Everything else (sealed, hints,
# file name, bytes, publication bookkeeping) is kept from the filing as it is at commit time.
WORKER_FIELDS = (
    "court_id", "docket_number", "document_number", "attachment_number", "date_filed", "title",
    "document_type", "status", "case_id", "page_count", "court_name", "court_name_printed", "case_name", "parties",
    "document_date", "judge", "citations", "needs_ocr", "ocr_pages", "warnings", "sources", "error",
    "ocr_page_count", "ocr_engine", "ocr_pending",
)


def needs_work(record: FilingRecord) -> bool:
    if record.status in (FilingStatus.processing, FilingStatus.awaiting_upload):
        return True
    return (record.status == FilingStatus.failed and record.error is not None
            and record.error.code == TRANSIENT_ERROR)


def handle_message(body: str, seconds_left: float | None = None, clock: Clock = system_clock,
                   received: int = 1) -> list[tuple[str, str]]:
    """One SQS message (an S3 notification or a reprocess request): (key, outcome) per object.

    `received` is SQS's delivery count: on the last delivery a filing still `processing` is marked
    failed first, so a message that keeps killing its Lambda cannot leave it stuck.
    """
    outcomes = []
    for key in queue.object_keys_in(body):
        ingest.before_attempt(key, received)
        outcome = handle_object(key, seconds_left, clock)
        if outcome == "failed:checksum_mismatch":  # evidence kept, the SHA-256 freed
            ingest.release_mismatched(key)
        outcomes.append((key, outcome))
    return outcomes


def handle_object(key: str, seconds_left: float | None = None, clock: Clock = system_clock) -> str:
    """Process the filing stored under `key`; returns what happened (for logs and tests).

    `seconds_left`: the invocation's remaining time; processing stops 5 s before it runs out.
    """
    filing_id = blobs.filing_id_from_key(key)
    if not filing_id:
        logger.warning("ignoring object outside the upload layout", extra={"key": key})
        return "ignored"
    return process(filing_id, budget=seconds_left - 5 if seconds_left else None, clock=clock)


def process(filing_id: str, budget: float | None = None, clock: Clock = system_clock) -> str:
    record = filings_repo.get(filing_id, consistent=True)
    if record is None:
        record = _adopt(filing_id, clock)
        if record is None:
            return "ignored"
    if not needs_work(record):
        if record.status == FilingStatus.ready and record.ocr_pending:
            queue.enqueue_ocr_followup(record.id)  # a crash after the commit lost its follow-up
        return "already-done"
    logger.append_keys(filing_id=filing_id)
    try:
        with deadline(budget):
            return _run(record, clock)
    except Exception as exc:
        logger.exception("processing failed; SQS will retry", extra={"filing_id": filing_id})
        _mark_failed(filing_id, TRANSIENT_ERROR, f"processing failed: {type(exc).__name__}", clock)
        raise


def _adopt(filing_id: str, clock: Clock) -> FilingRecord | None:
    """An object under uploads/ with no filing (written straight to the bucket): never orphan it."""
    try:
        data = blobs.get_original(filing_id)
    except Exception:
        return None
    sha256 = hashlib.sha256(data).hexdigest()
    stamp = clock()
    record = FilingRecord(
        id=filing_id, status=FilingStatus.processing, sha256=sha256, size=len(data),
        upload_path="presigned", created_at=stamp, updated_at=stamp,
    )
    if not filings_repo.reserve(record):
        logger.warning("object duplicates an archived filing", extra={"filing_id": filing_id})
        return None
    return record


def _run(record: FilingRecord, clock: Clock) -> str:
    data = blobs.get_original(record.id)
    if not data:
        return _fail(record, "empty", clock=clock)
    offset = pdf_header_offset(data)
    if offset is None:
        return _fail(record, "not_pdf", clock=clock)
    if hashlib.sha256(data).hexdigest() != record.sha256:
        return _fail(record, "checksum_mismatch", clock=clock)

    from chalicelib.extract.errors import ExtractionError
    from chalicelib.extract.sandbox import extract_bounded as extract  # a killable child

    ocr = ocr_followup.config()
    try:
        extraction = extract(data, ocr=ocr, known_ocr=ocr_followup.known_pages(record.id, ocr))
    except ExtractionError as exc:
        return _fail(record, exc.code, str(exc) or None, clock=clock)

    fields, hint_warnings, hint_sources = merge_hints(
        {
            "court_id": extraction.court_id,
            "docket_number": extraction.docket_number,
            "document_number": extraction.document_number,
            "attachment_number": extraction.attachment_number,
            "date_filed": extraction.date_filed,
            "title": extraction.title,
            "document_type": extraction.document_type,
        },
        record.hints,
    )
    corrected = corrections.values(record.corrections)  # a person's word wins over PDF and hints
    fields.update({k: v for k, v in corrected.items() if k in fields})
    case_id, fields["court_id"], resolve_note = case_resolution.resolve_case_id(
        fields["court_id"], fields["docket_number"], record.sha256)
    if resolve_note and fields["court_id"] and not extraction.court_id:
        extraction.sources["court_id"] = "case"
    warnings = list(extraction.warnings) + hint_warnings + ([resolve_note] if resolve_note else [])
    inherited = case_resolution.inherit_from_case(case_id, extraction)
    blobs.put_text(record.id, extraction.pages, extraction.page_sources, extraction.page_confidence)
    ocr_read = [s for s in extraction.page_sources if s != "pdf"]
    text = "\n".join(extraction.pages)

    def restore(name: str) -> str:
        return case_rules.restore_inner_capitals(name, text)

    case_name = restore(extraction.case_name) if extraction.case_name else None
    updated = record.model_copy(
        update={
            **fields,
            "status": FilingStatus.ready,
            "case_id": case_id,
            "page_count": extraction.page_count,
            "court_name": canonical_name(fields["court_id"]) or extraction.court_name,
            "court_name_printed": extraction.court_name,
            "case_name": case_name or inherited.get("case_name"),
            "parties": [Party(name=restore(p.name), role=p.role) for p in extraction.parties],
            "document_date": extraction.document_date,
            "judge": extraction.judge or inherited.get("judge"),
            "citations": [CitationCount(cite=c.cite, kind=c.kind, count=c.count) for c in extraction.citations],
            "needs_ocr": extraction.needs_ocr,
            "ocr_pages": extraction.ocr_pages,
            "ocr_page_count": len(ocr_read),
            "ocr_engine": ocr_read[0] if ocr_read else None,
            "ocr_pending": extraction.ocr_pending,
            "warnings": warnings,
            "sources": {**extraction.sources, **{k: "case" for k in inherited}, **hint_sources,
                        **{k: "corrected" for k in corrected}},
            "error": None,
            "attempts": record.attempts + 1,
        }
    )
    updated = updated.model_copy(update={k: v for k, v in corrected.items() if k in ("case_name", "judge")})
    search.index_filing(updated, extraction.pages)
    result = {name: getattr(updated, name) for name in WORKER_FIELDS}

    committed = filing_commit.commit(record.id, _applier(record, result), clock=clock)
    if committed.record.sealed != updated.sealed:  # sealed or unsealed while we extracted
        search.on_sealed_changed(committed.record, committed.record.sealed)
    kind = committed.kind
    if extraction.ocr_pending and kind != "already-done":
        queue.enqueue_ocr_followup(record.id)  # the rest of the scan, after it is ready
    if kind in COMMITTED:  # its docket entry and filing graph, from what was just written
        dockets.after_filing(committed.record, extraction.pages)
    logger.info("filing processed", extra={"filing_id": record.id, "case_id": case_id, "change": kind})
    if updated.court_id and case_id:
        case_resolution.rehome_courtless(updated.court_id, updated.docket_number)
    return kind


def _applier(record: FilingRecord, result: dict) -> filing_commit.Change:
    """The worker's result applied to the filing as it is at commit time."""
    def apply_result(current: FilingRecord) -> FilingRecord | None:
        if current.status == FilingStatus.ready:
            return None  # another delivery finished first
        new = current.model_copy(update={**result, "attempts": current.attempts + 1})
        if current.corrections != record.corrections:  # corrected while we extracted: it wins
            new = with_corrections(new, current.corrections)
        return new
    return apply_result


def _fail(record: FilingRecord, code: str, message: str | None = None, *, clock: Clock) -> str:
    error = ErrorInfo(code=code, message=message or PERMANENT_ERRORS.get(code, code))
    filing_commit.set_status(record.id, FilingStatus.failed, error, count_attempt=True, unless_ready=True,
                             clock=clock)
    if record.published:  # a reprocess that now fails for good: no stale postings
        search.remove_filing(record.id)
    logger.warning("filing failed", extra={"filing_id": record.id, "code": code})
    return f"failed:{code}"


def _mark_failed(filing_id: str, code: str, message: str, clock: Clock) -> None:
    try:
        filing_commit.set_status(filing_id, FilingStatus.failed, ErrorInfo(code=code, message=message),
                                 count_attempt=True, unless_ready=True, clock=clock)
    except Exception:  # the original error matters more than this bookkeeping
        logger.exception("could not record the failure", extra={"filing_id": filing_id})
