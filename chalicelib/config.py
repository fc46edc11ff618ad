"""Settings from the environment, read in one place and only when first asked for.

Nothing is read at import time, so tests and the local stack can set the environment after
importing the app, and Lambda pays nothing for settings a route never uses.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

MAX_DIRECT_UPLOAD_BYTES = 4 * 1024 * 1024  # API Gateway + Lambda cap a base64 body near 4.5 MB
MAX_PRESIGNED_UPLOAD_BYTES = 500 * 1024 * 1024
PRESIGNED_UPLOAD_EXPIRY_SECONDS = 15 * 60
PRESIGNED_DOWNLOAD_EXPIRY_SECONDS = 5 * 60


@dataclass(frozen=True)
class Settings:
    table_name: str
    bucket_name: str
    queue_url: str | None
    queue_name: str
    region: str
    stage: str
    cursor_secret: str
    service_name: str = "court-archive"
    metrics_namespace: str = "CourtArchive"


@lru_cache(maxsize=1)
def settings() -> Settings:
    env = os.environ
    return Settings(
        table_name=env.get("ARCHIVE_TABLE", "court-archive"),
        bucket_name=env.get("ARCHIVE_BUCKET", "court-archive-filings"),
        queue_url=env.get("ARCHIVE_QUEUE_URL") or None,
        queue_name=env.get("ARCHIVE_QUEUE", "court-archive-ingest"),
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        stage=env.get("ARCHIVE_STAGE", "dev"),
        cursor_secret=env.get("ARCHIVE_CURSOR_SECRET", "local-dev-cursor-secret"),
    )


def reset() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    settings.cache_clear()
