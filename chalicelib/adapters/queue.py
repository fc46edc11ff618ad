"""SQS: the ingest queue. S3 notifications fill it in production; reprocess requests add to it."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

from chalicelib.adapters import aws, blobs
from chalicelib.config import settings


def queue_url() -> str:
    url = settings().queue_url
    if url:
        return url
    return aws.client("sqs").get_queue_url(QueueName=settings().queue_name)["QueueUrl"]


def s3_event_body(filing_id: str, reason: str) -> str:
    """A message shaped like S3's own ObjectCreated notification, so one handler reads both."""
    return json.dumps(
        {
            "Records": [
                {
                    "eventSource": "aws:s3",
                    "eventName": f"ObjectCreated:{reason}",
                    "s3": {
                        "bucket": {"name": settings().bucket_name},
                        "object": {"key": blobs.original_key(filing_id)},
                    },
                }
            ]
        }
    )


def enqueue_processing(filing_id: str, reason: str = "Reprocess") -> None:
    aws.client("sqs").send_message(QueueUrl=queue_url(), MessageBody=s3_event_body(filing_id, reason))


def object_keys_in(body: str) -> list[str]:
    """The S3 object keys an SQS message body names (S3 test events name none)."""
    try:
        doc: Any = json.loads(body)
    except ValueError:
        return []
    if isinstance(doc, dict) and "Message" in doc and isinstance(doc["Message"], str):
        try:  # S3 → SNS → SQS wraps the event once more
            doc = json.loads(doc["Message"])
        except ValueError:
            return []
    keys = []
    for record in (doc or {}).get("Records", []) if isinstance(doc, dict) else []:
        key = record.get("s3", {}).get("object", {}).get("key")
        if key and record.get("eventName", "").startswith("ObjectCreated"):
            keys.append(unquote_plus(key))
    return keys


# ---------------------------------------------------------------- OCR continuation messages
# A long scan's pages past its metadata pages are OCR'd by follow-up work: a message on the same
# queue (the same worker, its timeout and its DLQ) naming the filing. What is left to read lives
# on the filing (`ocr_pending`), so a redelivered or duplicated message only re-reads that.
OCR_FOLLOWUP = "ocr_followup"


def ocr_followup_body(filing_id: str) -> str:
    return json.dumps({OCR_FOLLOWUP: {"filing_id": filing_id}})


def enqueue_ocr_followup(filing_id: str) -> None:
    aws.client("sqs").send_message(QueueUrl=queue_url(), MessageBody=ocr_followup_body(filing_id))


def ocr_followup_in(body: str) -> str | None:
    """The filing id an OCR follow-up message names (None for any other message)."""
    try:
        doc: Any = json.loads(body)
    except ValueError:
        return None
    task = doc.get(OCR_FOLLOWUP) if isinstance(doc, dict) else None
    filing_id = task.get("filing_id") if isinstance(task, dict) else None
    return filing_id if isinstance(filing_id, str) and filing_id else None
