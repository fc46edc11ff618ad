"""Seeding the fixtures into the local archive: idempotent, patient, never fatal.

Each fixture PDF goes through the bulk client's path (`POST /uploads` with its SHA-256, then the
presigned PUT straight to S3), so a fixture already archived — after a restart of a persistent
archive — answers `duplicate` and its bytes are not sent again. The fixture docket reports go
through `POST /dockets` (a report already imported answers as a duplicate). Then it waits until
every fixture is processed, for as long as that takes (a worker busy with a user's thousand
uploads only makes it wait), backing off between polls. A transient failure (the API or the
stand-in restarting) is retried; a fixture the archive rejects is reported and skipped. Run in a
background thread, `make serve` answers requests the whole time.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

DONE = ("ready", "failed")

ROOT = Path(__file__).resolve().parents[1]  # the repository (as tools/localstack.py has it)


class _Retry(Exception):
    """A transient answer (connection refused, 5xx): try the same step again later."""


class Seeder:
    def __init__(self, api_url: str, key: str, stop: threading.Event | None = None,
                 log: Callable[[str], None] = lambda _: None, pause: float = 0.5, max_pause: float = 5.0):
        self.api_url, self.key = api_url, key
        self.stop = stop or threading.Event()
        self.log = log
        self.pause, self.max_pause = pause, max_pause
        self.sent = 0        # fixtures whose bytes were uploaded by this run
        self.already = 0     # fixtures the archive already held
        self.rejected: list[str] = []
        self.result: list[dict[str, Any]] = []
        self.error: str | None = None

    # ------------------------------------------------------------------ steps
    def _call(self, http: Any, method: str, url: str, **kwargs: Any) -> Any:
        try:
            resp = http.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise _Retry(type(exc).__name__) from exc
        if resp.status_code >= 500 or resp.status_code == 429:
            raise _Retry(f"{method} {url}: {resp.status_code}")
        return resp

    def _patiently(self, step: Callable[[], Any], deadline: float | None) -> Any:
        pause = self.pause
        while True:
            try:
                return step()
            except _Retry as exc:
                if self.stop.is_set() or (deadline is not None and time.time() > deadline):
                    raise RuntimeError(f"seeding gave up: {exc}") from None
                self.stop.wait(pause)
                pause = min(pause * 2, self.max_pause)

    def _upload(self, http: Any, fixture: dict[str, Any]) -> str | None:
        data = (ROOT / "fixtures" / "pdfs" / fixture["file"]).read_bytes()
        body = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "filename": fixture["file"],
                "hints": fixture.get("hints") or {}}
        resp = self._call(http, "POST", "/uploads", json=body)
        if resp.status_code >= 400:
            self.rejected.append(f"{fixture['file']}: {resp.status_code}")
            return None
        answer = resp.json()
        filing_id = answer["filing"]["id"]
        if answer.get("duplicate"):
            self.already += 1
            return filing_id
        upload = answer["upload"]
        put = self._call(http, "PUT", upload["url"], content=data, headers=upload.get("headers") or {})
        if put.status_code >= 400:
            raise _Retry(f"presigned PUT: {put.status_code}")
        self.sent += 1
        return filing_id

    def _docket(self, http: Any, page: Any) -> str | None:
        resp = self._call(http, "POST", "/dockets", content=page.read_bytes(), headers={"Content-Type": "text/html"})
        if resp.status_code >= 400:
            self.rejected.append(f"{page.name}: {resp.status_code}")
            return None
        return resp.json()["id"]

    def _statuses(self, http: Any, paths: list[str]) -> list[dict[str, Any]]:
        out = []
        for path in paths:
            resp = self._call(http, "GET", path)
            out.append(resp.json() if resp.status_code == 200 else {"status": "failed", "error": resp.status_code})
        return out

    # ------------------------------------------------------------------ whole run
    def run(self, timeout: float | None = None) -> list[dict[str, Any]]:
        deadline = time.time() + timeout if timeout else None
        truth = [json.loads(line) for line in (ROOT / "fixtures" / "truth.jsonl").read_text().splitlines()
                 if line.strip()]
        headers = {"Authorization": f"Bearer {self.key}"}
        with httpx.Client(base_url=self.api_url, headers=headers, timeout=120) as http:
            ids = [self._patiently(lambda f=f: self._upload(http, f), deadline) for f in truth]
            filings = [f"/filings/{i}" for i in ids if i]
            pages = sorted((ROOT / "fixtures" / "dockets").glob("*.html"))
            reports = [self._patiently(lambda p=p: self._docket(http, p), deadline) for p in pages]
            pause = self.pause
            while True:
                done = self._patiently(lambda: self._statuses(http, filings), deadline)
                if all(d.get("status") in DONE for d in done):
                    break
                if self.stop.is_set() or (deadline is not None and time.time() > deadline):
                    raise RuntimeError("fixtures were not processed in time")
                self.stop.wait(pause)
                pause = min(pause * 1.5, self.max_pause)
            self._patiently(lambda: self._wait_reports(http, [f"/dockets/{r}" for r in reports if r], deadline),
                            deadline)
        self.result = done
        return done

    def _wait_reports(self, http: Any, paths: list[str], deadline: float | None) -> None:
        while not all(d.get("status") in DONE for d in self._statuses(http, paths)):
            if self.stop.is_set() or (deadline is not None and time.time() > deadline):
                raise RuntimeError("fixture docket reports were not imported in time")
            self.stop.wait(self.pause)

    def start(self, on_done: Callable[[Seeder], None]) -> threading.Thread:
        """Seed in a background thread; `on_done` is called when it ends (either way)."""
        def body() -> None:
            try:
                self.run()
            except Exception as exc:  # never fatal: say so and keep serving
                self.error = f"{type(exc).__name__}: {exc}"
            on_done(self)

        thread = threading.Thread(target=body, name="seed-fixtures", daemon=True)
        thread.start()
        return thread
