"""The local stand-in for AWS's SQS → Lambda trigger: long-poll the queue, call the handler.

`make serve` runs it as processes of their own (as the worker is its own Lambda in AWS), one per
core: extraction is CPU-bound and PDFium is not thread-safe, so parallelism comes from processes
(each hands its PDFs to its own bounded extraction child, chalicelib/extract/sandbox.py), and
the API never competes with them for an interpreter. It receives a message, builds the same SQS
event Lambda would, calls `app.ingest_worker` with it, deletes the message on success and leaves
it for redelivery on failure (after the queue's maxReceiveCount, SQS moves it to the dead-letter
queue — moto does too).

Two things Lambda's service does for its functions are done here:

* **heartbeat**: every few seconds the worker writes its heartbeat (`/health` reports it), also
  while it is busy with one long filing;
* **visibility**: a message is received for a short lease (`LEASE_SECONDS`) that is extended
  while its filing is being processed, so a worker that is killed gives its message back in
  seconds, not after the queue's 6-minute visibility timeout.

    python -m tools.worker --queue-url URL --queue-arn ARN
"""
from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import threading
import time
import uuid
import warnings
from typing import Any
from collections.abc import Callable

from chalice.local import LambdaContext
from chalicelib.adapters import heartbeats_repo
from chalicelib.services.clock import system_clock

RETRY_AFTER_SECONDS = 2  # a failed message comes back this soon locally (360 s in AWS)
LEASE_SECONDS = 30
HEARTBEAT_SECONDS = 5


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100000}"


class Heart:
    """Beats in a thread of its own, so a long filing does not look like a dead worker."""

    def __init__(self, ident: str, stop: threading.Event, sqs: Any, queue_url: str):
        self.ident, self.stop, self.sqs, self.queue_url = ident, stop, sqs, queue_url
        self.busy: dict[str, Any] | None = None  # the message being processed
        self.done = 0
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> Heart:
        self._thread.start()
        return self

    def beat(self) -> None:
        busy = self.busy
        heartbeats_repo.beat(self.ident, system_clock(), time.time(), pid=os.getpid(), processed=self.done,
                             busy_since=busy["since"] if busy else None)
        if busy and time.time() - busy["leased"] > LEASE_SECONDS / 3:  # extend the lease
            self.sqs.change_message_visibility(QueueUrl=self.queue_url, ReceiptHandle=busy["receipt"],
                                               VisibilityTimeout=LEASE_SECONDS)
            busy["leased"] = time.time()

    def _run(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(Exception):  # the stand-in restarting: beat again next time
                self.beat()
            self.stop.wait(HEARTBEAT_SECONDS)


def _event(msg: dict[str, Any], queue_arn: str) -> dict[str, Any]:
    return {"Records": [{
        "messageId": msg["MessageId"], "receiptHandle": msg["ReceiptHandle"],
        "body": msg["Body"], "attributes": msg.get("Attributes", {}),
        "messageAttributes": {}, "md5OfBody": msg.get("MD5OfBody", ""),
        "eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": "us-east-1",
    }]}


def run(queue_url: str, queue_arn: str, stop: threading.Event,
        report: Callable[[str], None] = lambda _: None) -> None:
    import boto3

    import app as app_module
    from chalicelib.extract import sandbox

    sandbox.shared().warm()  # its imports overlap the first long poll, not the first filing
    sqs = boto3.client("sqs", region_name="us-east-1")
    heart = Heart(worker_id(), stop, sqs, queue_url).start()
    while not stop.is_set():
        try:
            msgs = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1, WaitTimeSeconds=1,
                                       VisibilityTimeout=LEASE_SECONDS, AttributeNames=["All"]).get("Messages", [])
        except Exception:
            if stop.is_set():
                return
            time.sleep(0.5)
            continue
        for msg in msgs:
            heart.busy = {"receipt": msg["ReceiptHandle"], "since": time.time(), "leased": time.time()}
            context = LambdaContext("ingest_worker", 2048, max_runtime_ms=60_000)
            context.aws_request_id = str(uuid.uuid4())
            try:
                app_module.ingest_worker(_event(msg, queue_arn), context)
                heart.busy = None
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=msg["ReceiptHandle"])
                heart.done += 1
                report("ok")
            except Exception as exc:  # SQS redelivers; after maxReceiveCount → the DLQ
                heart.busy = None
                report(f"error: {type(exc).__name__}")
                with contextlib.suppress(Exception):  # the stand-in gone: the lease expires on its own
                    sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=msg["ReceiptHandle"],
                                                  VisibilityTimeout=RETRY_AFTER_SECONDS)


def main() -> None:

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
