"""Errors from the archive and the retry policy for what only needed waiting (429, 5xx, timeouts)."""
from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from typing import Any

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class ArchiveError(Exception):
    """The archive (or S3) answered with an error; carries the problem+json details if any."""

    def __init__(self, status: int, title: str, detail: str = "", problem: dict[str, Any] | None = None,
                 method: str = "", url: str = "") -> None:
        self.status = status
        self.title = title
        self.detail = detail
        self.problem = problem or {}
        self.method = method
        self.url = url
        super().__init__(f"{status} {title}" + (f": {detail}" if detail else ""))

    @classmethod
    def from_response(cls, response: httpx.Response) -> ArchiveError:
        problem: dict[str, Any] = {}
        title = response.reason_phrase or "error"
        detail = ""
        ctype = response.headers.get("content-type", "")
        if "json" in ctype:
            try:
                body = response.json()
                if isinstance(body, dict):
                    problem = body
                    title = str(body.get("title") or title)
                    detail = str(body.get("detail") or body.get("message") or "")
            except ValueError:
                pass
        elif response.content:
            detail = response.text[:300]
        method = response.request.method if response.request is not None else ""
        url = str(response.request.url.copy_with(query=None)) if response.request is not None else ""
        return cls(response.status_code, title, detail, problem, method, url)

    @property
    def retryable(self) -> bool:
        return self.status in RETRY_STATUSES


class RetryPolicy:
    """Exponential backoff with full jitter, capped; ``Retry-After`` wins when present."""

    def __init__(self, max_retries: int = 5, backoff: float = 0.5, max_backoff: float = 30.0,
                 max_retry_after: float = 120.0, sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None) -> None:
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.sleep = sleep
        self.rng = rng or random.Random()

    def delay(self, attempt: int, response: httpx.Response | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        if response is not None:
            after = parse_retry_after(response.headers.get("retry-after"))
            if after is not None:
                return min(after, self.max_retry_after)
        cap = min(self.max_backoff, self.backoff * (2 ** attempt))
        return self.rng.uniform(0, cap)


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())
