"""The ingest queue's dispatcher: each object named in an SQS message goes to the use case it is.

Docket sheets (HTML reports under `dockets/`) have their own import and never take the PDF path;
OCR continuation messages go to `ocr_followup`; every other object is a filing for `process`
(which, once a filing is committed, brings its docket entry and filing graph up to date).
Raising makes SQS redeliver the message.
"""
from __future__ import annotations

from chalicelib import observability
from chalicelib.adapters import blobs, queue
from chalicelib.observability import logger
from chalicelib.services import dockets, ocr_followup, process
from chalicelib.services.process import COMMITTED


def handle_message(body: str, seconds_left: float | None, received: int = 1) -> list[tuple[str, str]]:
    """One SQS message: (key, outcome) for each filing it named (docket sheets are logged only)."""
    if queue.ocr_followup_in(body):  # the rest of a long scan, after the filing is ready
        logger.info("follow-up OCR", extra={"outcome": ocr_followup.handle_message(
            body, seconds_left, received=received)})
        return []
    keys = queue.object_keys_in(body)
    for key in keys:
        if is_docket_report(key):
            logger.info("processed docket report", extra={"key": key, "outcome": dockets.handle_object(key)})
    if all(is_docket_report(k) for k in keys):
        return []
    done = []
    for key, outcome in process.handle_message(body, seconds_left, received=received):
        if is_docket_report(key):
            continue
        logger.info("processed object", extra={"key": key, "outcome": outcome})
        observability.count(metric_for(outcome))
        done.append((key, outcome))
    return done


def metric_for(outcome: str) -> str:
    if outcome.startswith("failed"):
        return "FilingsFailed"
    return "FilingsProcessed" if outcome in COMMITTED else "DeliveriesSkipped"


def is_docket_report(key: str) -> bool:
    return blobs.docket_report_id_from_key(key) is not None
