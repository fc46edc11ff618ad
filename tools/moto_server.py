"""moto's server in its own process, tuned like the tests' (tools/moto_tuning.py), optionally durable.

`make serve` runs AWS's stand-in apart from the API and the worker, as in AWS, so the three
use separate interpreters (and cores) instead of sharing one GIL.

With `--data-dir`, the stand-in first restores what the store holds (tools/standin_persist.py)
and only then listens, and records every acknowledged write before answering it. It also plays
the part of CloudWatch's SQS metrics: every few seconds it publishes each queue's
`ApproximateAgeOfOldestMessage` (namespace AWS/SQS, dimension QueueName), as AWS does, so
`/health` reads the same metric locally and in AWS.

    python -m tools.moto_server --port 5000 [--data-dir .archive-data]
"""
from __future__ import annotations

import argparse
import logging
import signal
import threading
import time
from datetime import datetime, timedelta, UTC
from typing import Any
from tools import moto_tuning
from tools import standin_indexes
from tools import standin_persist
from tools.standin_persist import ACCOUNT, REGION
from tools.standin_store import Store

METRIC_PERIOD_SECONDS = 5
METRIC_KEEP = timedelta(minutes=15)


def queue_ages(now: float | None = None) -> dict[str, float]:
    """Each SQS queue's age of its oldest undeleted message, in seconds (0 when empty)."""
    from moto.sqs.models import sqs_backends

    now = time.time() if now is None else now
    ages = {}
    for name, queue in list(sqs_backends[ACCOUNT][REGION].queues.items()):
        sent = [m.sent_timestamp for m in list(queue._messages) if m.sent_timestamp]
        ages[name] = max(0.0, now - min(sent) / 1000) if sent else 0.0
    return ages


def publish_queue_ages() -> None:
    from moto.cloudwatch.models import cloudwatch_backends

    backend = cloudwatch_backends[ACCOUNT][REGION]
    stamp = datetime.now(UTC).replace(tzinfo=None)  # moto compares naive UTC times
    backend.metric_data = [d for d in backend.metric_data
                           if d.namespace != "AWS/SQS" or d.timestamp > stamp - METRIC_KEEP]
    backend.put_metric_data("AWS/SQS", [
        {"MetricName": "ApproximateAgeOfOldestMessage", "Value": round(age, 1), "Unit": "Seconds",
         "Timestamp": stamp, "Dimensions": [{"Name": "QueueName", "Value": name}]}
        for name, age in queue_ages().items()
    ])


def _publish_forever(stop: threading.Event) -> None:
    while not stop.wait(METRIC_PERIOD_SECONDS):
        try:
            publish_queue_ages()
        except Exception as exc:  # a metric is never worth the stand-in
            logging.getLogger(__name__).warning("queue age metric: %s", type(exc).__name__)


def prepare(data_dir: str | None, log: Any = print, indexes: bool = True) -> Any:
    """Tune moto (with `indexes`, GSI lookups: tools/standin_indexes.py) and, with a data dir,
    restore it from the store and start recording."""

    moto_tuning.install()
    if indexes:
        standin_indexes.install()
    if not data_dir:
        return None

    t0 = time.perf_counter()
    store = Store(data_dir)
    counts = standin_persist.restore(store)
    standin_persist.install(store)
    if counts["items"] or counts["objects"]:
        log(f"restored {counts['items']:,} items and {counts['objects']:,} objects from {data_dir} "
            f"in {time.perf_counter() - t0:.1f} s", flush=True)
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=5000)
    ap.add_argument("--data-dir", help="keep the stand-in's state here (restored at start)")
    args = ap.parse_args()
    from moto.server import ThreadedMotoServer

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    store = prepare(args.data_dir)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address=args.host, port=args.port, verbose=False)
    server.start()
    threading.Thread(target=_publish_forever, args=(stop,), name="queue-age", daemon=True).start()
    stop.wait()
    server.stop()
    if store is not None:
        store.close()


if __name__ == "__main__":
    main()
