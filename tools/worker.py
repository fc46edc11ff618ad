"""The local stand-in for AWS's SQS → Lambda trigger: long-poll the queue, call the handler.

`make serve` runs it as its own process, as the worker is its own Lambda in AWS: extraction
then never competes with the API for one interpreter, and PDFium stays one-document-at-a-time.
It receives a message, builds the same SQS event Lambda would, calls `app.ingest_worker` with
it, deletes the message on success and leaves it for redelivery on failure (after the queue's
maxReceiveCount, SQS moves it to the dead-letter queue — moto does too).

    python -m tools.worker --queue-url URL --queue-arn ARN
"""
from __future__ import annotations

import argparse
import threading
import uuid
from typing import Callable

RETRY_AFTER_SECONDS = 2  # a failed message comes back this soon locally (360 s in AWS)


def run(queue_url: str, queue_arn: str, stop: threading.Event,
        report: Callable[[str], None] = lambda _: None) -> None:
    import time

    import boto3
    from chalice.local import LambdaContext

    import app as app_module

    sqs = boto3.client("sqs", region_name="us-east-1")
    while not stop.is_set():
        try:
            msgs = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1, WaitTimeSeconds=1,
                                       AttributeNames=["All"]).get("Messages", [])
        except Exception:
            if stop.is_set():
                return
            time.sleep(0.5)
            continue
        for msg in msgs:
            event = {"Records": [{
                "messageId": msg["MessageId"], "receiptHandle": msg["ReceiptHandle"],
                "body": msg["Body"], "attributes": msg.get("Attributes", {}),
                "messageAttributes": {}, "md5OfBody": msg.get("MD5OfBody", ""),
                "eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": "us-east-1",
            }]}
            context = LambdaContext("ingest_worker", 2048, max_runtime_ms=60_000)
            context.aws_request_id = str(uuid.uuid4())
            try:
                app_module.ingest_worker(event, context)
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=msg["ReceiptHandle"])
                report("ok")
            except Exception as exc:  # SQS redelivers; after maxReceiveCount → the DLQ
                report(f"error: {type(exc).__name__}")
                sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=msg["ReceiptHandle"],
                                              VisibilityTimeout=RETRY_AFTER_SECONDS)


def main() -> None:
    import signal
    import warnings

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--queue-url", required=True)
    ap.add_argument("--queue-arn", required=True)
    args = ap.parse_args()
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    run(args.queue_url, args.queue_arn, stop)


if __name__ == "__main__":
    main()
