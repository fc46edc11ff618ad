"""After a restart: put back on the queue every upload the archive acknowledged but never finished.

The stand-in does not keep SQS messages (a message is only a pointer to work the table already
records), so when it starts again the local stack asks the store which uploads still need work
and sends the worker the same message S3 would have sent:

* a filing that says `processing` (its bytes arrived: direct upload, or the presigned PUT's
  notification was being handled when everything stopped);
* a filing `awaiting_upload` whose bytes are in the bucket (the PUT was acknowledged, its
  notification was lost with the stand-in's memory) — one still waiting for its bytes is left
  alone, the client has not sent them yet;
* a docket report that says `processing`;
* a `ready` filing whose follow-up OCR still has pages to read (`ocr_pending`): its
  continuation message lived in the queue too, so without this its pages stayed pending forever
  (`queue.ocr_followup_body`, the message the worker sends itself).

A message for work already done is harmless: the worker is idempotent (`process.needs_work`).
This reads the store's index ranges (FILING#…/META, DOCKETRPT#…/META) at start-up, never on a
request path.
"""
from __future__ import annotations

import json
from typing import Any

from tools.standin_store import Store
from chalicelib.adapters import blobs, queue
from chalicelib.adapters.keys import DOCKET_REPORT_PREFIX, FILING_PREFIX, META


def _value(item: dict[str, Any], name: str) -> Any:
    attr = item.get(name) or {}
    return next(iter(attr.values()), None) if attr else None


def _owed(store: Store, table: str, bucket: str) -> tuple[list[str], list[str]]:
    """One pass over the filings (and docket reports): the S3 keys whose uploads the worker still
    owes a result, and the ids of `ready` filings whose follow-up OCR has pages left."""
    keys, ocr_ids = [], []
    for item in store.items_by_prefix(table, FILING_PREFIX, META):
        filing_id, status = _value(item, "id"), _value(item, "status")
        if not filing_id:
            continue
        key = blobs.original_key(filing_id)
        if status == "processing" or (status == "awaiting_upload" and store.has_object(bucket, key)):
            keys.append(key)
        elif status == "ready" and (item.get("ocr_pending") or {}).get("L"):
            ocr_ids.append(filing_id)
    for item in store.items_by_prefix(table, DOCKET_REPORT_PREFIX, META):
        report_id = _value(item, "id")
        if report_id and _value(item, "status") == "processing":
            keys.append(blobs.docket_report_key(report_id))
    return keys, ocr_ids


def unfinished(store: Store, table: str, bucket: str) -> list[str]:
    """The S3 object keys whose uploads the worker still owes a result."""
    return _owed(store, table, bucket)[0]


def s3_event(bucket: str, key: str) -> str:
    return json.dumps({"Records": [{
        "eventSource": "aws:s3", "eventName": "ObjectCreated:Recovery",
        "s3": {"bucket": {"name": bucket}, "object": {"key": key}},
    }]})


def requeue(store: Store, table: str, bucket: str, queue_url: str, sqs: Any) -> int:
    """Send one message per unfinished upload and per unfinished follow-up OCR; returns how many."""
    keys, ocr_ids = _owed(store, table, bucket)
    bodies = [s3_event(bucket, key) for key in keys] + [queue.ocr_followup_body(fid) for fid in ocr_ids]
    for start in range(0, len(bodies), 10):
        sqs.send_message_batch(QueueUrl=queue_url, Entries=[
            {"Id": str(i), "MessageBody": body} for i, body in enumerate(bodies[start:start + 10])
        ])
    return len(bodies)
