"""Is each backing service reachable, is anyone taking work off the queue? A few cheap calls.

* table, bucket, queue: one call each (reachable or not);
* the queue's backlog: its message counts (SQS attributes) and the age of its oldest message
  (CloudWatch's `ApproximateAgeOfOldestMessage`, which AWS publishes for every queue and the
  local stand-in publishes the same way);
* the worker's liveness: the heartbeats long-running workers write (one Query of one partition,
  never a Scan), judged by `chalicelib.domain.health.worker_health`.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from chalicelib.adapters import aws, heartbeats_repo, queue
from chalicelib.domain.health import HealthReport, QueueHealth, worker_health
from chalicelib.services import identity
from chalicelib.config import settings

OLDEST_AGE_METRIC = "ApproximateAgeOfOldestMessage"


def oldest_message_age(queue_name: str, now: float) -> float | None:
    """The latest `ApproximateAgeOfOldestMessage` of the last few minutes (None: no datapoint)."""
    end = datetime.fromtimestamp(now, UTC)
    resp = aws.client("cloudwatch").get_metric_statistics(
        Namespace="AWS/SQS", MetricName=OLDEST_AGE_METRIC,
        Dimensions=[{"Name": "QueueName", "Value": queue_name}],
        StartTime=end - timedelta(minutes=5), EndTime=end + timedelta(seconds=1),
        Period=60, Statistics=["Maximum"],
    )
    points = sorted(resp.get("Datapoints") or [], key=lambda p: p["Timestamp"])
    return float(points[-1]["Maximum"]) if points else None


def check(now: Callable[[], float] = time.time) -> HealthReport:
    s = settings()
    components: dict[str, str] = {}
    attributes: dict[str, str] = {}

    def queue_attributes() -> None:
        attributes.update(aws.client("sqs").get_queue_attributes(
            QueueUrl=queue.queue_url(),
            AttributeNames=["QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        ).get("Attributes", {}))

    probes = {
        "table": lambda: aws.client("dynamodb").describe_table(TableName=s.table_name),
        "bucket": lambda: aws.client("s3").head_bucket(Bucket=s.bucket_name),
        "queue": queue_attributes,
    }
    for name, probe in probes.items():
        try:
            probe()
            components[name] = "ok"
        except Exception as exc:  # report, never raise: health must always answer
            components[name] = f"unreachable: {type(exc).__name__}"

    stamp = now()
    oldest: float | None = None
    try:
        queue_name = attributes.get("QueueArn", "").rsplit(":", 1)[-1] or s.queue_name
        oldest = oldest_message_age(queue_name, stamp)
    except Exception:  # the metric is advisory: an unreadable one is "unknown", not an outage
        oldest = None
    queue_out = QueueHealth(
        messages=_int(attributes.get("ApproximateNumberOfMessages")),
        in_flight=_int(attributes.get("ApproximateNumberOfMessagesNotVisible")),
        oldest_message_age_seconds=oldest,
    )
    try:
        beats = heartbeats_repo.all_beats()
    except Exception as exc:
        beats = []
        components["worker"] = f"unreachable: {type(exc).__name__}"
    worker_out, verdict = worker_health(beats, stamp, expect_heartbeats=s.stage == "local", oldest_age=oldest)
    components.setdefault("worker", verdict)
    status = "ok" if all(v == "ok" for v in components.values()) else "degraded"
    try:
        archive = identity.archive_id() if components["table"] == "ok" else None
    except Exception:  # health must always answer
        archive = None
    return HealthReport(status=status, components=components, archive_id=archive, worker=worker_out,
                     queue=queue_out)


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None
