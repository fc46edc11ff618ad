"""Benchmarks for the archive, outside the test suite: `python -m bench.run` (see README.md).

Every figure is a ratio against a baseline measured in the same run, because absolute times on
a shared machine drift.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Fake credentials and names: nothing in the harness can reach real AWS.
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_SECURITY_TOKEN": "bench",
    "AWS_SESSION_TOKEN": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "ARCHIVE_TABLE": "bench-archive",
    "ARCHIVE_BUCKET": "bench-archive-filings",
    "ARCHIVE_QUEUE": "bench-archive-ingest",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "CourtArchiveBench",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


def fake_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """`base` (default: this process's environment) with fake AWS settings and no endpoint or
    profile that could point at a real account."""
    env = dict(os.environ if base is None else base)
    env.update(FAKE_ENV)
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "ARCHIVE_QUEUE_URL"):
        env.pop(name, None)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def apply_fake_env() -> None:
    """The same fake settings in this process (for in-process moto)."""
    os.environ.update(FAKE_ENV)
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "ARCHIVE_QUEUE_URL"):
        os.environ.pop(name, None)
