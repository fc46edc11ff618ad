"""Is each backing service reachable? One cheap call per component."""
from __future__ import annotations

from chalicelib.adapters import aws, queue
from chalicelib.services import identity
from chalicelib.api.models import HealthOut
from chalicelib.config import settings


def check() -> HealthOut:
    s = settings()
    components: dict[str, str] = {}
    probes = {
        "table": lambda: aws.client("dynamodb").describe_table(TableName=s.table_name),
        "bucket": lambda: aws.client("s3").head_bucket(Bucket=s.bucket_name),
        "queue": lambda: aws.client("sqs").get_queue_attributes(
            QueueUrl=queue.queue_url(), AttributeNames=["QueueArn"]
        ),
    }
    for name, probe in probes.items():
        try:
            probe()
            components[name] = "ok"
        except Exception as exc:  # report, never raise: health must always answer
            components[name] = f"unreachable: {type(exc).__name__}"
    status = "ok" if all(v == "ok" for v in components.values()) else "degraded"
    try:
        archive = identity.archive_id() if components["table"] == "ok" else None
    except Exception:  # health must always answer
        archive = None
    return HealthOut(status=status, components=components, archive_id=archive)
