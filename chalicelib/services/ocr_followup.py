"""Follow-up OCR: the pages of a long scan past its metadata pages, read after it is `ready`.

Extraction OCRs the pages that carry the metadata (first pages, signature page) and the filing
becomes `ready` with them; the rest are the filing's `ocr_pending`, and a continuation message
on the ingest queue (``queue.enqueue_ocr_followup``) asks for them. Each message reads as many
pending pages as the invocation's time allows — inside the bounded extraction child, like all
rendering and OCR — then stores their text, commits the filing through ``filing_commit`` (the
one writer: version-conditioned, so a seal that lands meanwhile stays) and re-indexes it, and
queues the next message while pages remain.

Never lost, never stuck: what is left lives on the filing, not in the message, so a crash
mid-OCR (the Lambda killed, the child killed, the engine raising) leaves the message to SQS,
which redelivers it and the pages still pending are read again. On the last delivery the
pending pages are given up first (a warning says which, `needs_ocr` stays true, reprocess
retries) and then tried once more, so a page that kills every attempt ends in a warning, not
in a filing that says pages are pending forever. A reprocess makes the filing `processing`:
follow-ups that arrive then do nothing (the new run plans its own).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from chalicelib.adapters import blobs, filings_repo, queue
from chalicelib.domain.models import FilingRecord, FilingStatus
from chalicelib.extract.ocr import OcrConfig, OcrLine, OcrPage
from chalicelib.extract.ocr import settings as ocr_settings
from chalicelib.observability import logger
from chalicelib.services import filing_commit, search
from chalicelib.services.clock import Clock, system_clock
from chalicelib.services.deadline import deadline

__all__ = ["config", "known_pages", "handle_message", "continue_ocr", "READ_MORE"]

READ_MORE = "chalicelib.extract.ocr.reader:read_more"
LAST_ATTEMPT = 3  # infra.resources.MAX_RECEIVE_COUNT
RESERVE_S = 15.0  # of the invocation, for storing, committing and indexing after the OCR
_READ_WARNING = re.compile(r"^\d+ of \d+ pages read by OCR")
_GAVE_UP = "OCR of pages {} stopped on every attempt; reprocess the filing to try again"


def config() -> OcrConfig:
    """The OCR configuration in force (``OCR_ENGINE`` & co., ``extract.ocr.settings``)."""
    return ocr_settings.ocr_config()


def known_pages(filing_id: str, config: OcrConfig) -> dict[int, OcrPage] | None:
    """Pages of the stored text that `config`'s engine read: a reprocess does not pay for
    them again. A different engine reads every page again."""
    if not config.enabled:
        return None
    doc = blobs.get_text_document(filing_id)
    if not doc:
        return None
    found = {}
    for i, (text, source, confidence) in enumerate(zip(doc["pages"], doc["sources"], doc["confidence"])):
        if source == config.source:
            lines = tuple(OcrLine(text=t, confidence=confidence or 0.0) for t in text.splitlines() if t.strip())
            found[i + 1] = OcrPage(page=i + 1, lines=lines, engine=source)
    return found or None


def handle_message(body: str, seconds_left: float | None = None, clock: Clock = system_clock,
                   received: int = 1) -> str:
    filing_id = queue.ocr_followup_in(body)
    if not filing_id:
        return "ignored"
    return continue_ocr(filing_id, seconds_left, clock, last_delivery=received >= LAST_ATTEMPT)


def _warnings(current: FilingRecord, read: int, extra: Sequence[str] = ()) -> list[str]:
    kept = [w for w in current.warnings if not _READ_WARNING.match(w)]
    engine = current.ocr_engine or "ocr"
    note = [f"{read} of {current.page_count} pages read by OCR ({engine})"] if read else []
    return [*note, *kept, *[w for w in extra if w not in kept]]


def continue_ocr(filing_id: str, seconds_left: float | None = None, clock: Clock = system_clock,
                 last_delivery: bool = False) -> str:
    """Read what `filing_id` still has pending, as far as `seconds_left` allows."""
    record = filings_repo.get(filing_id, consistent=True)
    if record is None or record.status != FilingStatus.ready or not record.ocr_pending:
        return "nothing-to-do"
    cfg = config()
    if not cfg.enabled:
        _give_up(filing_id, record.ocr_pending, "OCR is off: pages {} were not read", clock)
        return "ocr-off"
    if last_delivery:  # first make sure nothing stays pending, then try once more
        _give_up(filing_id, record.ocr_pending, _GAVE_UP, clock)
    from chalicelib.extract.sandbox import shared

    wall = shared().bounds.wall_seconds
    # one page is always read (progress); more while the invocation's time allows
    budget = max(0.0, min(wall - 10.0, (seconds_left - RESERVE_S) if seconds_left else wall - 10.0))
    cfg = OcrConfig(engine=cfg.engine, dpi=cfg.dpi, metadata_pages=cfg.metadata_pages,
                    max_pages=cfg.max_pages, budget_s=budget, options=cfg.options)
    data = blobs.get_original(filing_id)
    with deadline(seconds_left - 5 if seconds_left else None):
        result = shared().call(READ_MORE, data, pages=list(record.ocr_pending), config=cfg)
    read = {int(p): page for p, page in result["pages"].items()}
    doc = blobs.get_text_document(filing_id) or {}
    pages = list(doc.get("pages") or [""] * (record.page_count or 0))
    sources = list(doc.get("sources") or ["pdf"] * len(pages))
    confidence = list(doc.get("confidence") or [None] * len(pages))
    for number, page in read.items():
        if 1 <= number <= len(pages):
            pages[number - 1], sources[number - 1] = page["text"], page["source"]
            confidence[number - 1] = page["confidence"]
    blobs.put_text(filing_id, pages, sources, confidence)
    ocr_count = sum(1 for s in sources if s != "pdf")
    engines = [s for s in sources if s != "pdf"]

    def apply(current: FilingRecord) -> FilingRecord | None:
        if current.status != FilingStatus.ready:
            return None  # reprocessing: the new run plans its own OCR
        pending = [p for p in current.ocr_pending if p not in read]
        unread = [p for p in current.ocr_pages if p > len(sources) or sources[p - 1] == "pdf"]
        updated = current.model_copy(update={
            "ocr_pending": pending, "ocr_page_count": ocr_count,
            "ocr_engine": engines[-1] if engines else current.ocr_engine,
            "needs_ocr": bool(unread)})
        if not unread:
            updated.warnings = [w for w in updated.warnings if not w.startswith("OCR of pages")]
        return updated.model_copy(update={"warnings": _warnings(updated, ocr_count)})

    committed = filing_commit.commit(filing_id, apply, kind="updated" if read else None, clock=clock)
    if committed.kind == "already-done":
        return "nothing-to-do"
    search.index_filing(committed.record, pages)
    if result.get("error"):  # SQS redelivers: the pages still pending are read again
        raise RuntimeError(f"follow-up OCR of {filing_id} failed at {result['error']}")
    if committed.record.ocr_pending:
        queue.enqueue_ocr_followup(filing_id)
    logger.info("follow-up OCR", extra={"filing_id": filing_id, "read": sorted(read),
                                        "pending": len(committed.record.ocr_pending)})
    return f"ocr:{len(read)}"


def _give_up(filing_id: str, pages: list[int], message: str, clock: Clock) -> None:
    pages_text = ", ".join(map(str, pages))

    def apply(current: FilingRecord) -> FilingRecord | None:
        if current.status != FilingStatus.ready or not current.ocr_pending:
            return None
        return current.model_copy(update={
            "ocr_pending": [],
            "warnings": _warnings(current, current.ocr_page_count, [message.format(pages_text)])})

    filing_commit.commit(filing_id, apply, clock=clock)
