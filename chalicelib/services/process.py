"""The ingest worker's use case: bytes in S3 → extracted metadata, a case, text, index, change.

Idempotent under at-least-once delivery: the filing, its case and its change-feed entry are
written in one DynamoDB transaction conditioned on the versions read, so a redelivered or
concurrent message either finds the work done or loses the race and stops. A deterministic
failure (not a PDF, unreadable, encrypted, checksum) ends `failed` with its code and is not
retried; an unexpected one marks the filing `failed` (`internal_error`), re-raises so SQS
retries it, and after the last retry the message sits in the DLQ while the filing says failed.
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from typing import Any

from chalicelib.adapters import blobs, cases_repo, changes_repo, dynamo, filings_repo
from chalicelib.domain import cases as case_rules
from chalicelib.domain.docket_numbers import case_id as make_case_id
from chalicelib.domain.docket_numbers import match_reason, parse_docket_number
from chalicelib.domain.merge import merge_hints
from chalicelib.domain.models import (
    CaseRecord,
    CitationCount,
    ErrorInfo,
    FilingRecord,
    FilingStatus,
    Party,
)
from chalicelib.domain.pdf_bytes import pdf_header_offset
from chalicelib.observability import logger
from chalicelib.services.ingest import now_iso

PERMANENT_ERRORS = {
    "not_pdf": "the stored bytes are not a PDF (no %PDF- header in the first 1024 bytes)",
    "checksum_mismatch": "the stored bytes do not match the declared SHA-256",
    "unreadable_pdf": "the PDF is truncated or corrupt and could not be read",
    "encrypted": "the PDF is encrypted with a password",
    "too_complex": "the PDF exceeds the page, size or time limits for extraction",
    "empty": "the stored object is empty",
}
TRANSIENT_ERROR = "internal_error"
MAX_COMMIT_ATTEMPTS = 25  # a busy case (a bulk upload of one docket) makes writers queue on it


def needs_work(record: FilingRecord) -> bool:
    if record.status in (FilingStatus.processing, FilingStatus.awaiting_upload):
        return True
    return record.status == FilingStatus.failed and bool(record.error) and record.error.code == TRANSIENT_ERROR


class WorkerTimeout(Exception):
    """The invocation is about to run out of time: stop and say so rather than be killed."""


@contextmanager
def deadline(seconds: float | None):
    """Raise WorkerTimeout after `seconds` (main thread only, where Lambda runs handlers).

    A Lambda killed at its timeout never reaches the code that marks the filing failed, and the
    filing would say `processing` forever once SQS gives up; stopping a little earlier keeps the
    promise that a filing that keeps failing says `failed`.
    """
    import signal
    import threading

    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(*_: object) -> None:
        raise WorkerTimeout(f"no result within {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def handle_object(key: str, seconds_left: float | None = None) -> str:
    """Process the filing stored under `key`; returns what happened (for logs and tests).

    `seconds_left`: the invocation's remaining time; processing stops 5 s before it runs out.
    """
    filing_id = blobs.filing_id_from_key(key)
    if not filing_id:
        logger.warning("ignoring object outside the upload layout", extra={"key": key})
        return "ignored"
    return process(filing_id, budget=seconds_left - 5 if seconds_left else None)


def process(filing_id: str, budget: float | None = None) -> str:
    record = filings_repo.get(filing_id, consistent=True)
    if record is None:
        record = _adopt(filing_id)
        if record is None:
            return "ignored"
    if not needs_work(record):
        return "already-done"
    logger.append_keys(filing_id=filing_id)
    try:
        with deadline(budget):
            return _run(record)
    except Exception as exc:
        logger.exception("processing failed; SQS will retry", extra={"filing_id": filing_id})
        _mark_failed(filing_id, TRANSIENT_ERROR, f"processing failed: {type(exc).__name__}")
        raise


def _adopt(filing_id: str) -> FilingRecord | None:
    """An object under uploads/ with no filing (written straight to the bucket): never orphan it."""
    try:
        data = blobs.get_original(filing_id)
    except Exception:
        return None
    sha256 = hashlib.sha256(data).hexdigest()
    stamp = now_iso()
    record = FilingRecord(
        id=filing_id, status=FilingStatus.processing, sha256=sha256, size=len(data),
        upload_path="presigned", created_at=stamp, updated_at=stamp,
    )
    if not filings_repo.reserve(record):
        logger.warning("object duplicates an archived filing", extra={"filing_id": filing_id})
        return None
    return record


def _run(record: FilingRecord) -> str:
    data = blobs.get_original(record.id)
    if not data:
        return _fail(record, "empty")
    offset = pdf_header_offset(data)
    if offset is None:
        return _fail(record, "not_pdf")
    if hashlib.sha256(data).hexdigest() != record.sha256:
        return _fail(record, "checksum_mismatch")

    from chalicelib.extract.errors import ExtractionError
    from chalicelib.extract.sandbox import extract_bounded as extract  # a killable child

    try:
        extraction = extract(data)
    except ExtractionError as exc:
        return _fail(record, exc.code, str(exc) or None)

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
    case_id, fields["court_id"], resolve_note = resolve_case_id(fields["court_id"], fields["docket_number"])
    if resolve_note and fields["court_id"] and not extraction.court_id:
        extraction.sources["court_id"] = "case"
    warnings = list(extraction.warnings) + hint_warnings + ([resolve_note] if resolve_note else [])
    inherited = _inherit_from_case(case_id, extraction)
    blobs.put_text(record.id, extraction.pages)
    updated = record.model_copy(
        update={
            **fields,
            "status": FilingStatus.ready,
            "case_id": case_id,
            "page_count": extraction.page_count,
            "court_name": extraction.court_name,
            "case_name": extraction.case_name or inherited.get("case_name"),
            "parties": [Party(name=p.name, role=p.role) for p in extraction.parties],
            "document_date": extraction.document_date,
            "judge": extraction.judge or inherited.get("judge"),
            "citations": [CitationCount(cite=c.cite, kind=c.kind, count=c.count) for c in extraction.citations],
            "needs_ocr": extraction.needs_ocr,
            "ocr_pages": extraction.ocr_pages,
            "warnings": warnings,
            "sources": {**extraction.sources, **{k: "case" for k in inherited}, **hint_sources},
            "error": None,
            "attempts": record.attempts + 1,
        }
    )
    from chalicelib.services import search

    search.index_filing(updated, extraction.pages)
    kind = commit(updated)
    logger.info("filing processed", extra={"filing_id": record.id, "case_id": case_id, "change": kind})
    if updated.court_id and case_id:
        rehome_courtless(updated.court_id, updated.docket_number)
    return kind


def rehome_courtless(court_id: str, docket_number: str | None) -> int:
    """Filings that arrived before their court was known (a stamp-only scan files under an
    `unk-…` case) move to the case once a filing names its court: they are queued for another
    run, which now finds exactly one case that fits. Returns how many were queued."""
    parsed = parse_docket_number(docket_number or "")
    if parsed is None:
        return 0
    from chalicelib.adapters import queue

    moved = 0
    for candidate in cases_repo.by_docket_core(parsed.core):
        printed = parse_docket_number(candidate.docket_number or "")
        if candidate.court_id or printed is None or not match_reason(parsed, printed):
            continue
        start = None
        while True:
            filings, start = filings_repo.list_case(candidate.case_id, limit=100, start_key=start,
                                                    include_sealed=True)
            for filing in filings:
                if filing.status == FilingStatus.ready:
                    reprocess_request(filing)
                    queue.enqueue_processing(filing.id, reason="Rehome")
                    moved += 1
            if not start:
                break
    if moved:
        logger.info("re-homing court-less filings", extra={"count": moved, "court_id": court_id})
    return moved


def resolve_case_id(court_id: str | None, docket_number: str | None) -> tuple[str | None, str | None, str | None]:
    """(case id, court id, note). The canonical case id from court + docket number; where the PDF
    leaves something out, an existing case fills it in when exactly one fits:

    - a docket number printed without its type ("19-7123") joins the one case of that court with
      the same year and serial;
    - a filing whose court cannot be read (a scan whose only text is the stamp) joins the one
      archived case whose docket number matches — court and all.
    """
    if not docket_number:
        return None, court_id, "no docket number found in the PDF or hints: the filing is not attached to a case"
    parsed = parse_docket_number(docket_number)
    if parsed is not None and (court_id is None or parsed.case_type is None):
        fitting = []
        for candidate in cases_repo.by_docket_core(parsed.core):
            if court_id and candidate.court_id != court_id:
                continue
            printed = parse_docket_number(candidate.docket_number or "")
            if printed is not None and match_reason(parsed, printed):
                fitting.append(candidate)
        if court_id is None:  # only a case whose court is known can lend one
            fitting = [c for c in fitting if c.court_id]
        if len(fitting) == 1:
            found = fitting[0]
            note = None if court_id else f"court_id: not printed; taken from the archived case {found.case_id}"
            return found.case_id, found.court_id, note
    return make_case_id(court_id, parsed or docket_number), court_id, None


def _inherit_from_case(case_id: str | None, extraction: Any) -> dict[str, str]:
    """What the filing's case already knows and the PDF does not say (an exhibit, a scan)."""
    if not case_id or (extraction.case_name and extraction.judge):
        return {}
    case = cases_repo.get(case_id)
    if case is None:
        return {}
    out = {}
    if not extraction.case_name and case.case_name:
        out["case_name"] = case.case_name
    if not extraction.judge and case.judge:
        out["judge"] = case.judge
    return out


def _new_case(record: FilingRecord) -> CaseRecord:
    parsed = parse_docket_number(record.docket_number or "")
    stamp = now_iso()
    return CaseRecord(
        case_id=record.case_id,
        court_id=record.court_id,
        docket_number=record.docket_number,
        docket_core=parsed.core if parsed else None,
        case_type=parsed.case_type if parsed else None,
        provisional=True,
        created_at=stamp,
        updated_at=stamp,
    )


def change_kind(old: FilingRecord, new: FilingRecord) -> str:
    if not old.published:
        return "created"
    if old.sealed != new.sealed:
        return "sealed" if new.sealed else "unsealed"
    if (old.document_type, old.case_id) != (new.document_type, new.case_id):
        return "reclassified"
    return "updated"


def commit(new: FilingRecord, kind: str | None = None) -> str:
    """Write the filing, move its contribution between cases, and append a change — atomically.

    Retries on a lost race after re-reading; a race lost to a finished duplicate stops quietly.
    """
    for attempt in range(MAX_COMMIT_ATTEMPTS):
        old = filings_repo.get(new.id, consistent=True)
        if old is None:
            raise RuntimeError(f"filing {new.id} vanished")
        if new.status == FilingStatus.ready and old.status == FilingStatus.ready and kind is None:
            return "already-done"
        ready = new.status == FilingStatus.ready
        target = new.model_copy(update={
            "updated_at": now_iso(),
            "published": old.published or ready,
            "counted_case_id": new.case_id if ready else None,
        })
        this_kind = kind or change_kind(old, target)
        cases: dict[str, tuple[CaseRecord, int | None]] = {}

        def load(case_id: str) -> CaseRecord:
            if case_id not in cases:
                found = cases_repo.get(case_id, consistent=True)
                cases[case_id] = (found, found.version) if found else (_new_case(target), None)
            return cases[case_id][0]

        if old.counted_case_id:
            prior = load(old.counted_case_id)
            cases[old.counted_case_id] = (
                case_rules.apply_contribution(prior, old, -1), cases[old.counted_case_id][1]
            )
        if target.counted_case_id:
            current = load(target.case_id)
            cases[target.case_id] = (case_rules.apply_contribution(current, target, +1), cases[target.case_id][1])

        seq = changes_repo.allocate()
        ops: list[tuple] = [filings_repo.put_op(target, old.version)]
        for case, version in cases.values():
            ops.append(cases_repo.put_op(case.model_copy(update={"updated_at": target.updated_at}), version))
        ops.append((changes_repo.item_for(seq, target.id, this_kind, target.updated_at), None))
        try:
            dynamo.transact_put(ops)
        except dynamo.ConditionFailed:
            changes_repo.void(seq, now_iso())
            continue
        for case, _ in cases.values():
            cases_repo.index_name(case)
        return this_kind
    raise RuntimeError(f"could not commit filing {new.id} after {MAX_COMMIT_ATTEMPTS} attempts")


def _backoff(attempt: int) -> None:
    """Full-jitter exponential backoff between optimistic-lock retries."""
    import random
    import time

    time.sleep(random.uniform(0, min(1.0, 0.01 * 2 ** attempt)))


def _fail(record: FilingRecord, code: str, message: str | None = None) -> str:
    failed = record.model_copy(
        update={
            "status": FilingStatus.failed,
            "error": ErrorInfo(code=code, message=message or PERMANENT_ERRORS.get(code, code)),
            "attempts": record.attempts + 1,
        }
    )
    _save_status(failed)
    if record.published:  # a reprocess that now fails for good: no stale postings or counts
        from chalicelib.services import search

        search.remove_filing(record.id)
    logger.warning("filing failed", extra={"filing_id": record.id, "code": code})
    return f"failed:{code}"


def _mark_failed(filing_id: str, code: str, message: str) -> None:
    try:
        current = filings_repo.get(filing_id, consistent=True)
        if current and current.status != FilingStatus.ready:
            _save_status(current.model_copy(update={
                "status": FilingStatus.failed,
                "error": ErrorInfo(code=code, message=message),
                "attempts": current.attempts + 1,
            }))
    except Exception:  # the original error matters more than this bookkeeping
        logger.exception("could not record the failure", extra={"filing_id": filing_id})


def _save_status(record: FilingRecord) -> None:
    for _ in range(MAX_COMMIT_ATTEMPTS):
        current = filings_repo.get(record.id, consistent=True)
        if current is None:
            return
        if current.status == FilingStatus.ready and record.status == FilingStatus.failed:
            return  # a concurrent delivery succeeded
        try:
            filings_repo.save(
                current.model_copy(update={
                    "status": record.status, "error": record.error, "attempts": record.attempts,
                    "updated_at": now_iso(),
                }),
                current.version,
            )
            return
        except dynamo.ConditionFailed:
            continue


def reprocess_request(record: FilingRecord) -> FilingRecord:
    """Mark a filing for another run; the caller enqueues it."""
    updated = record.model_copy(update={"status": FilingStatus.processing, "error": None,
                                        "updated_at": now_iso()})
    return filings_repo.save(updated, record.version)


def set_sealed(record: FilingRecord, sealed: bool) -> str:
    """Seal or unseal through the same atomic commit as the worker (case tallies move with it)."""
    return commit(record.model_copy(update={"sealed": sealed}), kind="sealed" if sealed else "unsealed")
