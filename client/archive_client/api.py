"""A typed, retrying client for the archive's HTTP API.

Every call retries 429, 5xx and connection errors with exponential backoff and full jitter,
honouring ``Retry-After`` when the server sends one. Uploads are safe to retry: the archive
deduplicates by SHA-256 and the client sends the SHA-256 as the ``Idempotency-Key``.

The API key goes only to the archive: presigned S3 URLs (uploads and ``content`` downloads)
are fetched with a separate, header-less HTTP client.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

from .errors import RETRY_STATUSES, ArchiveError, RetryPolicy, parse_retry_after
from .models import (
    Case,
    CaseMatch,
    ChangePage,
    BatchAnswer,
    DocketItem,
    Filing,
    PresignedUpload,
    SearchPage,
    UploadTicket,
)

__all__ = ["BATCH_LIMIT", "DEFAULT_URL", "DIRECT_UPLOAD_LIMIT", "ArchiveClient", "ArchiveError", "RetryPolicy",
           "parse_retry_after", "sha256_file"]

#: Largest body ``POST /filings`` accepts; bigger files go through ``POST /uploads``.
DIRECT_UPLOAD_LIMIT = 4 * 1024 * 1024
DEFAULT_URL = "http://127.0.0.1:8000"
#: Most files one ``POST /uploads/batch`` takes.
BATCH_LIMIT = 100
_CHUNK = 1024 * 1024


def sha256_file(path: str | Path, on_chunk: Callable[[int], None] | None = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            if on_chunk:
                on_chunk(len(chunk))
    return digest.hexdigest()


def _clean_hints(hints: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (hints or {}).items():
        if value is None or value == "":
            continue
        out[key] = value
    return out


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class ArchiveClient:
    """The archive's API as Python methods. Thread-safe: share one instance between workers.

    >>> with ArchiveClient("http://127.0.0.1:8000", key) as api:
    ...     filing = api.upload_direct(Path("doc.pdf").read_bytes())
    ...     api.wait_until_processed(filing.id)
    """

    def __init__(self, base_url: str = DEFAULT_URL, key: str | None = None, *, timeout: float = 60.0,
                 max_retries: int = 5, backoff: float = 0.5, max_backoff: float = 30.0,
                 transport: httpx.BaseTransport | None = None,
                 content_transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, max_connections: int = 32,
                 on_retry: Callable[[str, int, float, str], None] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.key = key
        self.retry = RetryPolicy(max_retries=max_retries, backoff=backoff, max_backoff=max_backoff, sleep=sleep)
        self.on_retry = on_retry
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
        headers = {"User-Agent": "archive-client/0.1", "Accept": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        #: Requests sent to the archive's API so far (retries included; S3 not counted).
        self.api_requests = 0
        self._count_lock = threading.Lock()
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout,
                                  transport=transport, limits=limits, follow_redirects=False,
                                  event_hooks={"request": [self._counted]})
        # Presigned URLs carry their own signature: never send them our key.
        self._raw = httpx.Client(timeout=timeout, transport=content_transport or transport,
                                 limits=limits, follow_redirects=True,
                                 headers={"User-Agent": "archive-client/0.1"})

    # ------------------------------------------------------------------ plumbing
    def _counted(self, request: httpx.Request) -> None:
        with self._count_lock:
            self.api_requests += 1

    def close(self) -> None:
        self._http.close()
        self._raw.close()

    def __enter__(self) -> ArchiveClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _with_retries(self, what: str, send: Callable[[], httpx.Response],
                      ok: Callable[[httpx.Response], bool] = lambda r: r.status_code < 400) -> httpx.Response:
        """Call ``send`` until it gives an acceptable or non-retryable answer, or retries run out."""
        attempt = 0
        while True:
            try:
                response = send()
            except httpx.TransportError as exc:  # connect/read errors, timeouts, protocol errors
                if attempt >= self.retry.max_retries:
                    raise
                wait = self.retry.delay(attempt)
                self._note_retry(what, attempt, wait, f"{type(exc).__name__}: {exc}")
            else:
                if ok(response) or response.status_code not in RETRY_STATUSES \
                        or attempt >= self.retry.max_retries:
                    return response
                wait = self.retry.delay(attempt, response)
                self._note_retry(what, attempt, wait, f"HTTP {response.status_code}")
                response.close()
            self.retry.sleep(wait)
            attempt += 1

    def _note_retry(self, what: str, attempt: int, wait: float, why: str) -> None:
        if self.on_retry:
            self.on_retry(what, attempt + 1, wait, why)

    def _request(self, method: str, path: str, *, expect: tuple[int, ...] = (200,), **kwargs: Any) -> httpx.Response:
        def send() -> httpx.Response:
            return self._http.request(method, path, **kwargs)

        response = self._with_retries(f"{method} {path}", send, ok=lambda r: r.status_code < 400)
        if response.status_code not in expect:
            raise ArchiveError.from_response(response)
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._request(method, path, **kwargs).json()

    # ------------------------------------------------------------------ health
    def health(self) -> dict[str, Any]:
        response = self._with_retries("GET /health", lambda: self._http.get("/health"),
                                      ok=lambda r: r.status_code in (200, 503))
        return response.json()

    # ------------------------------------------------------------------ filings
    def find_by_sha256(self, sha256: str) -> Filing | None:
        """The filing with these bytes, or None if the archive does not hold them."""
        response = self._request("GET", "/filings", params={"sha256": sha256.lower()}, expect=(200, 404))
        if response.status_code == 404:
            return None
        return Filing.from_json(response.json())

    def get_filing(self, filing_id: str) -> Filing:
        return Filing.from_json(self._json("GET", f"/filings/{filing_id}"))

    def upload_direct(self, data: bytes, *, filename: str | None = None, hints: dict[str, Any] | None = None,
                      idempotency_key: str | None = None) -> Filing:
        """``POST /filings`` with the PDF as the body (≤ 4 MB). Duplicates come back with ``duplicate=True``."""
        headers = {"Content-Type": "application/pdf",
                   "Idempotency-Key": idempotency_key or hashlib.sha256(data).hexdigest()}
        if filename:
            headers["X-Filename"] = _ascii_header(filename)
        params = {k: _query_value(v) for k, v in _clean_hints(hints).items()}
        response = self._request("POST", "/filings", content=data, headers=headers, params=params,
                                 expect=(200, 201, 202))
        return Filing.from_json(response.json())

    def request_upload(self, *, size: int, sha256: str, filename: str | None = None,
                       hints: dict[str, Any] | None = None, content_type: str = "application/pdf",
                       idempotency_key: str | None = None) -> UploadTicket:
        """``POST /uploads``: a filing record plus a presigned PUT (unless already archived)."""
        body: dict[str, Any] = {"size": size, "sha256": sha256.lower(), "content_type": content_type,
                                "hints": _clean_hints(hints)}
        if filename:
            body["filename"] = filename
        response = self._request("POST", "/uploads", json=body, expect=(200, 201, 202),
                                 headers={"Idempotency-Key": idempotency_key or sha256.lower()})
        return UploadTicket.from_json(response.json())

    def put_presigned(self, ticket: UploadTicket | PresignedUpload, source: str | Path | bytes,
                      on_progress: Callable[[int], None] | None = None) -> None:
        """PUT the bytes to the presigned URL with exactly the headers the archive asked for.

        ``on_progress(n)`` is called as chunks go out; a retried PUT starts over and reports
        its bytes again (they were sent again).
        """
        up = ticket.upload if isinstance(ticket, UploadTicket) else ticket
        if up is None:
            return

        def send() -> httpx.Response:
            headers = dict(up.headers)
            if isinstance(source, (bytes, bytearray)):
                content: Any = bytes(source)
            else:
                path = Path(source)
                content = _file_chunks(path, on_progress)
                # A known length, never chunked encoding: S3 refuses chunked presigned PUTs.
                if not any(k.lower() == "content-length" for k in headers):
                    headers["Content-Length"] = str(path.stat().st_size)
            return self._raw.request(up.method or "PUT", up.url, content=content, headers=headers)

        response = self._with_retries("PUT presigned", send)
        if response.status_code >= 300:
            raise ArchiveError.from_response(response)

    def wait_until_processed(self, filing_id: str, *, timeout: float = 300.0, interval: float = 0.5,
                             max_interval: float = 5.0) -> Filing:
        """Poll until the filing is ``ready`` or ``failed``; returns the last state seen on timeout."""
        deadline = time.monotonic() + timeout
        delay = interval
        while True:
            filing = self.get_filing(filing_id)
            if filing.terminal or time.monotonic() >= deadline:
                return filing
            time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
            delay = min(max_interval, delay * 1.5)

    def text(self, filing_id: str) -> dict[str, Any]:
        return self._json("GET", f"/filings/{filing_id}/text")

    def content_url(self, filing_id: str) -> str:
        """The presigned URL ``GET /filings/{id}/content`` redirects to."""
        response = self._request("GET", f"/filings/{filing_id}/content", expect=(301, 302, 303, 307, 308))
        location = response.headers.get("location")
        if not location:
            raise ArchiveError(response.status_code, "redirect without Location", method="GET",
                               url=f"{self.base_url}/filings/{filing_id}/content")
        return urljoin(self.base_url + "/", location)

    def content(self, filing_id: str) -> bytes:
        """The filing's PDF bytes."""
        url = self.content_url(filing_id)
        response = self._with_retries("GET content", lambda: self._raw.get(url))
        if response.status_code >= 300:
            raise ArchiveError.from_response(response)
        return response.content

    def download(self, filing_id: str, out: IO[bytes], on_progress: Callable[[int], None] | None = None) -> str:
        """Stream the PDF into ``out``; returns the SHA-256 of what was written.

        ``out`` must be seekable: a retried download starts over.
        """
        url = self.content_url(filing_id)
        start = out.tell()
        digest_box: list[Any] = []

        def send() -> httpx.Response:
            out.seek(start)
            out.truncate()
            digest = hashlib.sha256()
            digest_box[:] = [digest]
            with self._raw.stream("GET", url) as response:
                if response.status_code >= 300:
                    response.read()
                    return response
                for chunk in response.iter_bytes(_CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    if on_progress:
                        on_progress(len(chunk))
                return response

        response = self._with_retries("GET content", send)
        if response.status_code >= 300:
            raise ArchiveError.from_response(response)
        return digest_box[0].hexdigest()

    # ------------------------------------------------------------------ cases
    def case(self, case_id: str) -> Case:
        return Case.from_json(self._json("GET", f"/cases/{case_id}"))

    def find_cases(self, *, docket_number: str | None = None, name: str | None = None,
                   court: str | None = None) -> list[CaseMatch]:
        params = _clean_hints({"docket_number": docket_number, "name": name, "court": court})
        data = self._json("GET", "/cases", params=params)
        return [CaseMatch.from_json(r) for r in data.get("results") or []]

    def case_filings(self, case_id: str, *, updated_since: str | None = None, document_type: str | None = None,
                     page_size: int = 1000) -> Iterator[DocketItem]:
        """Every filing of the case, following ``next`` through all pages."""
        cursor: str | None = None
        while True:
            params = _clean_hints({"limit": page_size, "cursor": cursor, "updated_since": updated_since,
                                   "document_type": document_type})
            page = self._json("GET", f"/cases/{case_id}/filings", params=params)
            for item in page.get("results") or []:
                yield DocketItem.from_json(item)
            cursor = page.get("next")
            if not cursor:
                return

    # ------------------------------------------------------------------ search & changes
    def search(self, q: str | None = None, *, limit: int | None = None, cursor: str | None = None,
               **filters: Any) -> SearchPage:
        params = {k: _query_value(v) for k, v in _clean_hints({"q": q, "limit": limit, "cursor": cursor,
                                                                **filters}).items()}
        return SearchPage.from_json(self._json("GET", "/search", params=params))

    # ------------------------------------------------------------------ bulk uploads
    def batch_uploads(self, files: list[dict[str, Any]]) -> list[BatchAnswer]:
        """``POST /uploads/batch``: for each ``{sha256, size, filename, hints}``, in order, whether the
        archive holds the bytes already or where to PUT them. At most :data:`BATCH_LIMIT` files."""
        body = {"files": [{**f, "sha256": str(f["sha256"]).lower(), "hints": _clean_hints(f.get("hints"))}
                          for f in files]}
        data = self._json("POST", "/uploads/batch", json=body)
        return [BatchAnswer.from_json(r) for r in data.get("results") or []]

    def changes(self, since: str | None = None, *, limit: int = 100) -> ChangePage:
        data = self._json("GET", "/changes", params=_clean_hints({"since": since, "limit": limit}))
        rows = data.get("results") if "results" in data else data.get("changes")
        return ChangePage(changes=list(rows or []), next=_cursor_of(data, "since") or since or "")

    # ------------------------------------------------------------------ curation
    def seal(self, filing_id: str, sealed: bool = True) -> Filing:
        """Seal (or unseal) a filing: an admin key's ``PATCH /filings/{id}``."""
        return self.correct(filing_id, sealed=sealed)

    def correct(self, filing_id: str, **fields: Any) -> Filing:
        """``PATCH /filings/{id}`` (JSON merge patch): corrected metadata — ``title``,
        ``document_type``, ``document_number``, ``attachment_number``, ``date_filed``,
        ``case_name``, ``judge``, ``court_id``, ``docket_number`` — recorded with who and when and
        kept across reprocessing. ``None`` clears a correction."""
        response = self._request("PATCH", f"/filings/{filing_id}", json=fields,
                                 headers={"Content-Type": "application/merge-patch+json"})
        return Filing.from_json(response.json())

    def reprocess(self, filing_id: str, hints: dict[str, Any] | None = None) -> Filing:
        """Read the filing's PDF again (``POST /filings/{id}/reprocess``), with upload-style hints."""
        params = {k: _query_value(v) for k, v in _clean_hints(hints).items()}
        response = self._request("POST", f"/filings/{filing_id}/reprocess", params=params, expect=(200, 202))
        return Filing.from_json(response.json())


def _file_chunks(path: Path, on_progress: Callable[[int], None] | None) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            if on_progress:
                on_progress(len(chunk))
            yield chunk


def _cursor_of(page: dict[str, Any], param: str) -> str | None:
    """The next-page cursor of a list envelope: a bare ``cursor``, or ``next`` — a bare cursor, or
    a full URL carrying it as ``param`` (or ``cursor``)."""
    bare = page.get("cursor") or page.get("next_cursor")
    if bare:
        return str(bare)
    nxt = page.get("next")
    if not nxt:
        return None
    if "://" in str(nxt) or str(nxt).startswith("/"):
        query = parse_qs(urlsplit(str(nxt)).query)
        return (query.get(param) or query.get("cursor") or [None])[0]
    return str(nxt)


def _ascii_header(value: str) -> str:
    """Header values must be latin-1; keep filenames readable and safe."""
    return value.encode("ascii", "replace").decode("ascii").replace("\r", " ").replace("\n", " ")
