"""Logger, Metrics and Tracer, set up once and registered on the app as middleware.

Powertools' decorators break on Chalice routes, so each is wrapped with `ConvertToMiddleware`.
Metrics gets an explicit namespace and service (a bare `Metrics()` fails under the test client).
The tracer is only created where X-Ray is on (in Lambda with tracing enabled): it costs ~100 ms of
import otherwise paid on every cold start.
"""
from __future__ import annotations

import os
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from chalice import ConvertToMiddleware

SERVICE = "court-archive"
NAMESPACE = "CourtArchive"

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


def count(name: str, value: int = 1) -> None:
    """One CloudWatch metric (EMF, flushed by the middleware at the end of the invocation)."""
    metrics.add_metric(name=name, unit="Count", value=value)


def tracing_enabled() -> bool:
    return bool(os.environ.get("_X_AMZN_TRACE_ID")) and os.environ.get(
        "POWERTOOLS_TRACE_DISABLED", ""
    ).lower() not in ("1", "true")


def register(app: Any) -> None:
    """Attach logging (with a correlation id per request), metrics and tracing to every handler."""
    # every log line of a request carries API Gateway's request id; the worker adds filing_id
    app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context(
        correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True,
        log_event=False)))  # never, whatever POWERTOOLS_LOGGER_LOG_EVENT says: events carry the key
    app.register_middleware(ConvertToMiddleware(metrics.log_metrics))
    if tracing_enabled():
        from aws_lambda_powertools.tracing import Tracer  # lazy: ~100 ms, only with X-Ray on

        tracer = Tracer(service=SERVICE)
        app.register_middleware(ConvertToMiddleware(tracer.capture_lambda_handler))
