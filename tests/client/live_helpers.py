"""Helpers for the client's integration tests against the real app."""
from __future__ import annotations

import threading

import httpx

from archive_client.api import ArchiveClient


class Flaky(httpx.BaseTransport):
    """Forwards to the real server, except that chosen requests first get an injected response."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.rules: list[list] = []  # [method, path prefix, remaining, response factory]
        self.injected: list[tuple[str, str, int]] = []
        self.sent: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def fail(self, method: str, path: str, times: int, status: int, headers: dict | None = None) -> None:
        self.rules.append([method, path, times, lambda: httpx.Response(
            status, headers={"Content-Type": "application/problem+json", **(headers or {})},
            json={"type": "about:blank", "title": "injected", "status": status, "detail": "injected by the test"})])

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            for rule in self.rules:
                method, path, left, make = rule
                if left > 0 and request.method == method and request.url.path.startswith(path):
                    rule[2] -= 1
                    self.injected.append((request.method, request.url.path, make().status_code))
                    return make()
            self.sent.append((request.method, request.url.path))
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def client_for(live, transport: httpx.BaseTransport | None = None, sleeps: list | None = None) -> ArchiveClient:
    def sleep(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)

    return ArchiveClient(live.api_url, live.admin_key, transport=transport, sleep=sleep, backoff=0.05,
                         timeout=60)
