"""The local API server: what API Gateway does in front of the app, on 127.0.0.1.

chalice's LocalDevServer listens with a backlog of 5 (a burst of 20 clients saw resets) and reads
a body only from Content-Length (a chunked upload arrived empty). This server keeps chalice's
event conversion and authorizer (`chalice.local.LocalGateway`), and in front of them:

* a thread per connection and a real listen backlog, like a gateway that takes many clients;
* request bodies by Content-Length or `Transfer-Encoding: chunked` (both at once is refused, as
  request smuggling), bounded by API Gateway's 10 MB payload limit (413 beyond it);
* the gateway's own answers — no key (401), a policy that denies (403), an unknown route (404),
  a body too large (413), a malformed request (400) — as the same fixed problem+json the AWS
  GatewayResponses give (`chalicelib/api/gateway_problems.py`): never a word of the request, so
  never the key; the access log never carries headers either. `make serve VERBOSE=1` logs these
  answers too (`access_log`, tools/request_log.py): the app's middleware never sees them.
"""
from __future__ import annotations

import base64
import sys
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from chalice.config import Config
from chalice.local import (
    CustomLocalChalice,
    ForbiddenError,
    InvalidAuthorizerError,
    LocalChalice,
    LocalGateway,
    LocalGatewayException,
    NotAuthorizedError,
)

from chalicelib.api import gateway_problems

MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway REST: 10 MB payload
BACKLOG = 128
MAX_DRAIN_BYTES = 64 * 1024 * 1024  # read at most this much of a refused body before closing
IDLE_SECONDS = 60  # a connection that sends nothing for this long is closed (slow clients hold a thread)


class BadRequest(Exception):
    def __init__(self, response_type: str) -> None:
        super().__init__(response_type)
        self.response_type = response_type


class GatewayHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    server: LocalGatewayServer

    def _handle(self) -> None:
        self._started = time.perf_counter()
        request_id = str(uuid.uuid4())
        try:
            body = self._read_body()
        except BadRequest as exc:
            self.close_connection = True  # the rest of the stream cannot be trusted
            self._send_problem(exc.response_type, request_id)
            return self._discard_declared_body()
        try:
            response = self.server.gateway.handle_request(
                method=self.command, path=self.path, headers=dict(self.headers.items()), body=body)
        except LocalGatewayException as exc:
            return self._send_problem(_response_type(exc), request_id)
        except Exception:  # the app's own errors are answered by the app: this is the gateway failing
            self.log_error("request %s failed in the local gateway", request_id)
            return self._send_problem("INTEGRATION_FAILURE", request_id)
        self._send_lambda_response(response)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    # ------------------------------------------------------------------ bodies
    def _read_body(self) -> bytes | None:
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        length = self.headers.get("Content-Length")
        if chunked and length is not None:
            raise BadRequest("BAD_REQUEST_BODY")
        if chunked:
            return self._read_chunked()
        if length is None:
            return None
        if not length.strip().isdigit():
            raise BadRequest("BAD_REQUEST_BODY")
        size = int(length)
        if size > MAX_BODY_BYTES:
            raise BadRequest("REQUEST_TOO_LARGE")
        data = self.rfile.read(size) if size else b""
        if len(data) != size:
            raise BadRequest("BAD_REQUEST_BODY")
        return data or None

    def _discard_declared_body(self) -> None:
        """Read (and drop) what the client still sends of a refused body before closing, so the
        kernel does not reset the connection under our answer (a lingering close)."""
        length = self.headers.get("Content-Length", "")
        left = min(int(length), MAX_DRAIN_BYTES) if length.strip().isdigit() else 0
        try:
            while left > 0:
                got = self.rfile.read(min(left, 1 << 20))
                if not got:
                    break
                left -= len(got)
        except OSError:
            pass

    def _read_chunked(self) -> bytes | None:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise BadRequest("BAD_REQUEST_BODY") from None
            if size < 0:
                raise BadRequest("BAD_REQUEST_BODY")
            if size == 0:
                break
            total += size
            if total > MAX_BODY_BYTES:
                raise BadRequest("REQUEST_TOO_LARGE")
            chunk = self.rfile.read(size)
            if len(chunk) != size or self.rfile.read(2) != b"\r\n":
                raise BadRequest("BAD_REQUEST_BODY")
            parts.append(chunk)
        for _ in range(100):  # trailers, up to the blank line
            trailer = self.rfile.readline(8192)
            if trailer in (b"\r\n", b"\n", b""):
                break
        else:
            raise BadRequest("BAD_REQUEST_BODY")
        # the app sees what API Gateway gives a Lambda: a body with its length, no chunking
        del self.headers["Transfer-Encoding"]
        self.headers["Content-Length"] = str(total)
        return b"".join(parts) or None

    # ------------------------------------------------------------------ answers
    def _send_lambda_response(self, response: dict[str, Any]) -> None:
        body = response.get("body")
        if response.get("isBase64Encoded") and body is not None:
            body = base64.b64decode(body)
        data = b"" if body is None else body if isinstance(body, bytes) else str(body).encode()
        self.send_response(int(response["statusCode"]))
        headers = dict(response.get("headers") or {})
        headers.setdefault("Content-Type", "application/json")
        for name, value in headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(name, value)
        for name, values in (response.get("multiValueHeaders") or {}).items():
            for value in values:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _send_problem(self, response_type: str, request_id: str, status: int | None = None) -> None:
        status, headers, body = gateway_problems.local_response(response_type, request_id, status)
        self._log_answer(status)  # before the answer: a client's next request is logged after it
        self.send_response(status)
        for name, value in {**headers, "x-amzn-RequestId": request_id}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _log_answer(self, status: int) -> None:
        """The gateway's own answer in the verbose request log (the app logs the ones it gives)."""
        log = self.server.access_log
        if log is None:
            return
        started = getattr(self, "_started", None)
        ms = (time.perf_counter() - started) * 1000 if started is not None else 0.0
        path = (getattr(self, "path", "") or "").split("?", 1)[0] or "-"
        authorization = self.headers.get("Authorization") if getattr(self, "headers", None) else None
        log(self.command, path, status, ms, authorization)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a malformed request line, headers too long) in problem+json,
        never quoting the request."""
        self.close_connection = True
        self.request_version = self.protocol_version  # a garbled request line still gets a status line
        self.command = getattr(self, "command", None) or "GET"
        kind = {413: "REQUEST_TOO_LARGE", 501: "MISSING_AUTHENTICATION_TOKEN"}.get(code, "DEFAULT_4XX")
        self._send_problem(kind, str(uuid.uuid4()), status=code if 400 <= code < 500 else 400)

    def log_message(self, format: str, *args: Any) -> None:
        """The method and path only (the request line), never a header; silent when quiet."""
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


def _response_type(exc: LocalGatewayException) -> str:
    if isinstance(exc, NotAuthorizedError):
        return "UNAUTHORIZED"
    if isinstance(exc, InvalidAuthorizerError):
        return "AUTHORIZER_CONFIGURATION_ERROR"
    if isinstance(exc, ForbiddenError):
        # chalice tells an unknown route from a denying policy only by the error type it sets
        denied = (exc.headers or {}).get("x-amzn-ErrorType") == "AccessDeniedException"
        return "ACCESS_DENIED" if denied else "MISSING_AUTHENTICATION_TOKEN"
    return "DEFAULT_5XX"


class LocalGatewayServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = BACKLOG

    def __init__(self, app: Any, host: str, port: int, *, stage: str = "dev", quiet: bool = True,
                 access_log: Callable[[str, str, int, float, str | None], None] | None = None) -> None:
        _thread_local_requests(app)
        self.access_log = access_log
        config = Config.create(chalice_stage=stage, app_name=app.app_name, chalice_app=app)
        self.gateway = LocalGateway(app, config)
        self.quiet = quiet
        super().__init__((host, port), GatewayHandler)

    def shutdown(self) -> None:
        """Stop serving and free the port (call from another thread than serve_forever's)."""
        super().shutdown()
        self.server_close()


def _thread_local_requests(app: Any) -> None:
    """Concurrent requests each need their own `app.current_request`: chalice's LocalChalice
    keeps it per thread (what `chalice local` does to the app, done once)."""
    if not isinstance(app, LocalChalice):
        CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
        app.__class__ = CustomLocalChalice


def serve(app: Any, host: str = "127.0.0.1", port: int = 8000, **kwargs: Any) -> LocalGatewayServer:
    """A server bound to host:port; run `serve_forever()` in a thread, `shutdown()` to stop."""
    return LocalGatewayServer(app, host, port, **kwargs)
