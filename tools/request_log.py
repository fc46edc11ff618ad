"""`make serve VERBOSE=1`: one line per API request — method, path, status, milliseconds, key id.

Installed as Chalice HTTP middleware on the app in this process (the local stack only), so it
sees each request as the routes do, whichever server carries it. The key is never printed: only
its id, which the key itself names (`ca_<id>_…`; an operator-chosen key gets an id derived from
its hash — `chalicelib.services.access.parse_token`). Query strings are left out (they can be
long and say nothing about who asked).

    GET /filings/01JF… 200 12.4 ms key=3kq0v8m2xh1z
"""
from __future__ import annotations

import sys
import time
from typing import Any, TextIO
from collections.abc import Callable
from chalicelib.services.access import parse_token

_installed = False


def line(method: str, path: str, status: int, ms: float, key_id: str | None) -> str:
    return f"{method} {path} {status} {ms:.1f} ms key={key_id or '-'}"


def key_id_of(authorization: str | None) -> str | None:

    parsed = parse_token(authorization)
    return parsed[0] if parsed else None


def middleware(out: Callable[[], TextIO] = lambda: sys.stderr) -> Callable[[Any, Any], Any]:
    def log_request(event: Any, get_response: Any) -> Any:
        t0 = time.perf_counter()
        status = 500
        try:
            response = get_response(event)
            status = response.status_code
            return response
        finally:
            path = (event.context or {}).get("path") or event.path
            headers = event.headers or {}
            print(line(event.method, path, status, (time.perf_counter() - t0) * 1000,
                       key_id_of(headers.get("authorization"))), file=out(), flush=True)

    return log_request


def gateway_log(out: Callable[[], TextIO] = lambda: sys.stderr) -> Callable[[str, str, int, float, str | None], None]:
    """The same line for the answers the local gateway gives itself (no key 401, unknown route
    404, 403, 413, 400): they never reach the app, so the middleware cannot log them."""
    def log_answer(method: str, path: str, status: int, ms: float, authorization: str | None) -> None:
        print(line(method, path, status, ms, key_id_of(authorization)), file=out(), flush=True)

    return log_answer


def install() -> None:
    """Log every request of this process's app (once)."""
    global _installed
    if _installed:
        return
    _installed = True
    import app as app_module

    app_module.app.register_middleware(middleware(), "http")
