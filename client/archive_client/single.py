"""One file at a time: the per-file upload path, for archives without ``POST /uploads/batch``
and for dry runs (which must not reserve anything).

Small files (≤ 4 MB) go in the body of ``POST /filings``; larger ones through ``POST /uploads``
and a presigned PUT; a 413 on the direct path falls back to the presigned one. The SHA-256 is
the ``Idempotency-Key``, so a retried upload never makes two filings.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx

from .api import ArchiveClient, ArchiveError
from .manifest import UploadItem
from .models import Filing, PresignedUpload, UploadTicket
from .report import DRY_RUN, DUPLICATE, EXISTS, UPLOADED, FileResult

EMPTY_FILE = "empty file"
SIGNATURE_REFUSED = frozenset({400, 403})  # S3's answer to an expired or refused signature


def fatal_for_run(exc: BaseException) -> bool:
    """A key without the scope, or a wrong key, fails every file: stop instead of repeating it."""
    if isinstance(exc, ArchiveError):
        return exc.status in (401, 403) and bool(exc.problem)  # problem+json: the archive, not S3
    return isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))


def describe(exc: BaseException, base_url: str) -> str:
    if isinstance(exc, ArchiveError):
        return str(exc)
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
        return f"cannot reach the archive at {base_url}: {exc}"
    if isinstance(exc, FileNotFoundError):
        return f"file not found: {exc.filename or exc}"
    return f"{type(exc).__name__}: {exc}"


def put_file(client: ArchiveClient, upload: PresignedUpload, path: Path,
             on_bytes: Callable[[int], None] | None,
             fresh: Callable[[], PresignedUpload | None]) -> None:
    """PUT ``path`` to a presigned URL. S3 refusing the signature (expired: the run waited too
    long) gets one fresh URL from ``fresh()`` (None: the bytes arrived meanwhile)."""
    try:
        client.put_presigned(upload, path, on_progress=on_bytes)
        return
    except ArchiveError as exc:
        if exc.status not in SIGNATURE_REFUSED or exc.problem:  # problem+json: not S3's signature check
            raise
    again = fresh()
    if again is not None:
        client.put_presigned(again, path, on_progress=on_bytes)


class SingleUploader:
    """Upload one file (already hashed) by the per-file routes; fills in ``result``."""

    def __init__(self, client: ArchiveClient, *, direct_limit: int, dry_run: bool = False,
                 check_server: bool = True) -> None:
        self.client = client
        self.direct_limit = direct_limit
        self.dry_run = dry_run
        self.check_server = check_server

    def upload(self, item: UploadItem, sha: str, result: FileResult,
               on_bytes: Callable[[int], None] | None = None) -> Filing | None:
        """The filing the bytes are archived as (None on a dry run that would send them)."""
        if self.check_server:
            existing = self.client.find_by_sha256(sha)
            if existing is not None:
                result.outcome = EXISTS
                return existing
        result.method = "direct" if item.size <= self.direct_limit else "presigned"
        if self.dry_run:
            result.outcome = DRY_RUN
            return None
        filing: Filing | None = None
        if result.method == "direct":
            try:
                data = item.path.read_bytes()
                filing = self.client.upload_direct(data, filename=item.filename, hints=item.hints,
                                                   idempotency_key=sha)
                if not filing.duplicate:
                    result.bytes_sent = len(data)
                    if on_bytes:
                        on_bytes(len(data))
            except ArchiveError as exc:
                if exc.status != 413:
                    raise
                result.method = "presigned"
        if filing is None:
            filing = self._presigned(item, sha, result, on_bytes)
        result.outcome = DUPLICATE if filing.duplicate else UPLOADED
        return filing

    def _presigned(self, item: UploadItem, sha: str, result: FileResult,
                   on_bytes: Callable[[int], None] | None) -> Filing:
        def ticket() -> UploadTicket:
            return self.client.request_upload(size=item.size, sha256=sha, filename=item.filename,
                                              hints=item.hints, idempotency_key=sha)

        first = ticket()
        if first.duplicate or first.upload is None:
            return replace(first.filing, duplicate=True) if first.duplicate else first.filing

        def counted(n: int) -> None:
            result.bytes_sent += n
            if on_bytes:
                on_bytes(n)

        put_file(self.client, first.upload, item.path, counted, lambda: ticket().upload)
        status = first.filing.status
        return replace(first.filing, status="processing" if status == "awaiting_upload" else status)


