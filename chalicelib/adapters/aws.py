"""Lazily created boto3 clients, one per process and service.

Clients are built on first use, never at import: moto's mock must be active before a client
exists, and an API Lambda that never touches SQS should not pay to build an SQS client.
Retries use botocore's standard mode (exponential backoff with jitter) instead of our own loop.
`AWS_ENDPOINT_URL` (honoured by botocore itself) points every client at the local moto server.
"""
from __future__ import annotations

import threading
from typing import Any

from chalicelib.config import settings

_clients: dict[str, Any] = {}
_lock = threading.Lock()


def _botocore_config(service: str) -> Any:
    from botocore.config import Config

    extra: dict[str, Any] = {}
    if service == "s3":
        extra["signature_version"] = "s3v4"
        extra["s3"] = {"addressing_style": "path"}
    return Config(
        region_name=settings().region,
        retries={"mode": "standard", "max_attempts": 5},
        connect_timeout=5,
        read_timeout=30,
        **extra,
    )


def client(service: str) -> Any:
    """The shared boto3 client for `service` ("s3", "sqs", "dynamodb")."""
    found = _clients.get(service)
    if found is not None:
        return found
    with _lock:
        if service not in _clients:
            import boto3

            _clients[service] = boto3.session.Session().client(
                service, config=_botocore_config(service)
            )
        return _clients[service]


def reset() -> None:
    """Drop cached clients (tests start a fresh moto per case)."""
    with _lock:
        _clients.clear()
