"""Links in responses are absolute URLs: `next`, and every `links` entry.

The route layer binds each request's base URL (`ARCHIVE_PUBLIC_URL` when set — a custom domain —
else the scheme and host the client used plus the API Gateway stage) and its path and query, so
models build links without seeing the request. Outside a request (the worker, unit tests) links
stay relative to the API root.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from collections.abc import Iterator, Mapping
from urllib.parse import urlencode


@dataclass(frozen=True)
class RequestLinks:
    base: str  # scheme://host[/stage], no trailing slash
    path: str  # this request's path below the base
    query: Mapping[str, str] = field(default_factory=dict)


_current: ContextVar[RequestLinks | None] = ContextVar("archive_request_links", default=None)


@contextmanager
def bound(base: str, path: str, query: Mapping[str, str] | None) -> Iterator[None]:
    token = _current.set(RequestLinks(base.rstrip("/"), path, dict(query or {})))
    try:
        yield
    finally:
        _current.reset(token)


def url(path: str) -> str:
    """The absolute URL of an API path ("/filings/x")."""
    now = _current.get()
    return f"{now.base}{path}" if now else path


def next_url(cursor: str | None, param: str = "cursor") -> str | None:
    """This request's URL with `param` set to `cursor` (every other parameter kept): the next
    page. None when there is no next page."""
    if cursor is None:
        return None
    now = _current.get()
    query = {**(now.query if now else {}), param: cursor}
    path = now.path if now else ""
    return url(path) + "?" + urlencode(query)
