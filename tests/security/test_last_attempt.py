"""Issue #10 item 4, in Lambda: a message that keeps killing its worker (memory, time: nothing
runs to mark the filing) must still leave the filing `failed`, not only a message in the DLQ.
The last delivery (SQS's ApproximateReceiveCount) marks it failed before trying again."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ORDER = (ROOT / "fixtures" / "pdfs" / "syn01.pdf").read_bytes()


class Killed(BaseException):
    """What Lambda's OOM kill looks like from inside: nothing after it runs."""


def deliver(archive, filing_id: str, receive_count: int) -> None:
    import app as app_module
    from chalice.local import LambdaContext

    body = json.dumps({"Records": [{"eventName": "ObjectCreated:Put", "s3": {
        "bucket": {"name": archive.resources["bucket_name"]},
        "object": {"key": f"uploads/{filing_id}.pdf"}}}]})
    event = {"Records": [{"messageId": "m1", "receiptHandle": "r1", "body": body,
                          "attributes": {"ApproximateReceiveCount": str(receive_count)},
                          "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                          "eventSourceARN": archive.resources["queue_arn"], "awsRegion": "us-east-1"}]}
    app_module.ingest_worker(event, LambdaContext("ingest_worker", 3008, max_runtime_ms=60_000))


def killing(*_a, **_k):
    raise Killed()


@pytest.mark.parametrize("receive_count,status", [(1, "processing"), (2, "processing"), (3, "failed")])
def test_a_delivery_that_kills_the_worker(archive, monkeypatch, receive_count, status):
    from chalicelib.extract import sandbox

    fid = archive.upload(ORDER).json["id"]
    monkeypatch.setattr(sandbox, "extract_bounded", killing)
    with pytest.raises(Killed):
        deliver(archive, fid, receive_count)
    got = archive.get(f"/filings/{fid}").json
    assert got["status"] == status
    if status == "failed":
        assert got["error"]["code"] == "internal_error" and "2 attempts" in got["error"]["message"]


def test_a_last_delivery_that_succeeds_ends_ready(archive):
    fid = archive.upload(ORDER).json["id"]
    deliver(archive, fid, 3)
    got = archive.get(f"/filings/{fid}").json
    assert got["status"] == "ready" and got["error"] is None


def test_the_last_attempt_matches_the_queues_redrive_policy():
    from chalicelib.services import ingest
    from infra import resources

    assert ingest.LAST_ATTEMPT == resources.MAX_RECEIVE_COUNT
