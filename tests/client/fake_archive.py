"""An in-memory stand-in for the archive's HTTP API, served through ``httpx.MockTransport``.

Just enough of the contract for the client's unit tests: direct and presigned uploads with
dedup by SHA-256, sha lookup, filings, content redirects to a fake S3 host, cases with paged
filings. Failures can be injected per route (``fail``), and every request is recorded.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import threading
from collections.abc import Callable
from datetime import datetime, UTC
from typing import Any
from urllib.parse import parse_qs

import httpx

API = "http://archive.test"
S3 = "http://s3.test"
KEY = "test-key"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def problem(status: int, title: str, detail: str = "", headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers={"Content-Type": "application/problem+json", **(headers or {})},
                          json={"type": "about:blank", "title": title, "status": status, "detail": detail})


class FakeArchive:
    def __init__(self, *, process: Callable[[dict[str, Any]], None] | None = None, page_size: int = 3,
                 batch: bool = True, archive_id: str = "arc_fake") -> None:
        self.batch = batch  # serves POST /uploads/batch (an older archive does not)
        self.archive_id = archive_id
        self.patches: list[tuple[str, dict[str, Any]]] = []
        self.change_log: list[dict[str, Any]] = []
        self.search_hits: list[dict[str, Any]] = []
        self.filings: dict[str, dict[str, Any]] = {}
        self.blobs: dict[str, bytes] = {}  # filing id → bytes
        self.by_sha: dict[str, str] = {}
        self.requests: list[httpx.Request] = []
        self.fail: list[Callable[[httpx.Request], httpx.Response | None]] = []
        self.ids = itertools.count(1)
        self.lock = threading.Lock()
        self.page_size = page_size
        self.process = process or self.auto_ready
        self.cases: dict[str, dict[str, Any]] = {}
        self.polls: dict[str, int] = {}

    # -- helpers for tests
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def count(self, method: str, path_prefix: str) -> int:
        return sum(1 for r in self.requests if r.method == method and r.url.path.startswith(path_prefix)
                   and r.url.host == "archive.test")

    def fail_first(self, n: int, response: Callable[[], httpx.Response], method: str | None = None,
                   path: str | None = None) -> None:
        """The first ``n`` matching requests get ``response()`` instead of being served."""
        left = [n]

        def rule(req: httpx.Request) -> httpx.Response | None:
            if method and req.method != method:
                return None
            if path and not req.url.path.startswith(path):
                return None
            if left[0] <= 0:
                return None
            left[0] -= 1
            return response()

        self.fail.append(rule)

    @staticmethod
    def auto_ready(filing: dict[str, Any]) -> None:
        filing["status"] = "ready"

    def add(self, data: bytes, **fields: Any) -> dict[str, Any]:
        """Archive bytes directly (as if uploaded and processed)."""
        filing = self._create(data, {}, None)
        filing.update(status="ready", **fields)
        if filing.get("case_id"):
            self.cases.setdefault(filing["case_id"], {"case_id": filing["case_id"]})
        return filing

    # -- the API
    def handle(self, req: httpx.Request) -> httpx.Response:  # noqa: C901  (one pass over many cases; split pending, #14)
        with self.lock:
            self.requests.append(req)
            for rule in self.fail:
                injected = rule(req)
                if injected is not None:
                    return injected
        if req.url.host == "s3.test":
            return self._s3(req)
        if req.method == "GET" and req.url.path == "/health":
            return httpx.Response(200, json={"status": "ok", "components": {}, "archive_id": self.archive_id})
        if req.headers.get("authorization") != f"Bearer {KEY}":
            return problem(401, "Unauthorized")
        path, method = req.url.path, req.method
        q = {k: v[0] for k, v in parse_qs(req.url.query.decode()).items()}
        parts = path.strip("/").split("/")
        with self.lock:
            if method == "POST" and path == "/filings":
                return self._direct(req, q)
            if method == "POST" and path == "/uploads":
                return self._presign(req)
            if method == "POST" and path == "/uploads/batch" and self.batch:
                return self._batch(req)
            if method == "PATCH" and parts[0] == "filings" and len(parts) == 2:
                return self._patch(parts[1], json.loads(req.read()))
            if method == "POST" and parts[0] == "filings" and len(parts) == 3 and parts[2] == "reprocess":
                if parts[1] not in self.filings:
                    return problem(404, "Not found")
                self.filings[parts[1]].update(status="processing", hints=q)
                return httpx.Response(202, json=self.filings[parts[1]])
            if method == "GET" and path == "/changes":
                return self._changes(q)
            if method == "GET" and path == "/search":
                return httpx.Response(200, json={"results": self.search_hits, "count": len(self.search_hits),
                                                 "facets": {}, "next": None})
            if method == "GET" and path == "/filings":
                fid = self.by_sha.get(q.get("sha256", ""))
                if not fid:
                    return problem(404, "Not found")
                return httpx.Response(200, json=self.filings[fid])
            if method == "GET" and parts[0] == "filings" and len(parts) == 2:
                f = self.filings.get(parts[1])
                if not f:
                    return problem(404, "Not found")
                self.polls[parts[1]] = self.polls.get(parts[1], 0) + 1
                return httpx.Response(200, json=f)
            if method == "GET" and parts[0] == "filings" and len(parts) == 3 and parts[2] == "content":
                if parts[1] not in self.blobs:
                    return problem(404, "Not found")
                return httpx.Response(302, headers={"Location": f"{S3}/blob/{parts[1]}?sig=x"})
            if method == "GET" and parts[0] == "cases" and len(parts) == 2:
                if parts[1] not in self.cases:
                    return problem(404, "Not found")
                return httpx.Response(200, json={**self.cases[parts[1]], "filing_count": self._case_count(parts[1])})
            if method == "GET" and parts[0] == "cases" and len(parts) == 3:
                return self._case_filings(parts[1], q)
        return problem(404, "Not found", path)

    def _case_count(self, case_id: str) -> int:
        return sum(1 for f in self.filings.values() if f.get("case_id") == case_id)

    def _case_filings(self, case_id: str, q: dict[str, str]) -> httpx.Response:
        rows = sorted((f for f in self.filings.values() if f.get("case_id") == case_id), key=lambda f: f["id"])
        start = int(q.get("cursor") or 0)
        limit = min(int(q.get("limit", 100)), self.page_size)
        page = rows[start:start + limit]
        nxt = str(start + limit) if start + limit < len(rows) else None
        keys = ("id", "status", "document_number", "attachment_number", "date_filed", "title", "document_type",
                "page_count", "sealed", "sha256", "updated_at")
        return httpx.Response(200, json={"case_id": case_id, "results": [{k: f.get(k) for k in keys} for f in page],
                                         "next": nxt})

    def _create(self, data: bytes | None, hints: dict[str, Any], sha: str | None, filename: str | None = None,
                size: int | None = None) -> dict[str, Any]:
        sha = sha or hashlib.sha256(data or b"").hexdigest()
        fid = f"fl_{next(self.ids):04d}"
        filing = {"id": fid, "status": "awaiting_upload" if data is None else "processing", "sha256": sha,
                  "size": size if size is not None else len(data or b""), "filename": filename, "error": None,
                  "sealed": False, "document_number": hints.get("document_number"), "attachment_number": None,
                  "case_id": None, "title": hints.get("title"), "hints": hints, "created_at": _now(),
                  "updated_at": _now(), "duplicate": None}
        self.filings[fid] = filing
        self.by_sha[sha] = fid
        if data is not None:
            self.blobs[fid] = data
        return filing

    def _direct(self, req: httpx.Request, q: dict[str, str]) -> httpx.Response:
        data = req.read()
        if not data:
            return problem(400, "Empty body")
        if len(data) > 4 * 1024 * 1024:
            return problem(413, "Payload too large", "use POST /uploads")
        if not data.startswith(b"%PDF"):
            return problem(415, "Unsupported media type", "the body is not a PDF")
        sha = hashlib.sha256(data).hexdigest()
        if sha in self.by_sha:
            return httpx.Response(200, json={**self.filings[self.by_sha[sha]], "duplicate": True})
        filing = self._create(data, q, sha, req.headers.get("x-filename"))
        self.process(filing)
        return httpx.Response(202, json=filing)

    def _presign(self, req: httpx.Request) -> httpx.Response:
        body = json.loads(req.read())
        sha = body["sha256"]
        if sha in self.by_sha and self.filings[self.by_sha[sha]]["status"] != "awaiting_upload":
            return httpx.Response(200, json={"filing": {**self.filings[self.by_sha[sha]], "duplicate": True},
                                             "duplicate": True, "upload": None})
        filing = self.filings.get(self.by_sha.get(sha, "")) or self._create(
            None, body.get("hints") or {}, sha, body.get("filename"), body["size"])
        return httpx.Response(202, json={"filing": filing, "duplicate": False, "upload": {
            "method": "PUT", "url": f"{S3}/put/{filing['id']}?sig=abc",
            "headers": {"Content-Type": "application/pdf", "x-amz-checksum-sha256": sha}, "expires_in": 900}})

    def reset(self, archive_id: str = "arc_reset") -> None:
        """The archive lost everything (a fresh `make serve`): a new identity, no filings."""
        self.filings.clear()
        self.blobs.clear()
        self.by_sha.clear()
        self.cases.clear()
        self.archive_id = archive_id

    def _batch(self, req: httpx.Request) -> httpx.Response:
        files = json.loads(req.read())["files"]
        if len(files) > 100:
            return problem(422, "Validation failed", "at most 100 files")
        results = []
        for f in files:
            sha = f["sha256"]
            if f["size"] > 500 * 1024 * 1024:
                results.append({"sha256": sha, "outcome": "rejected", "id": None, "filing": None, "upload": None,
                                "problem": {"status": 413, "title": "Payload too large", "detail": "too big"}})
                continue
            existing = self.filings.get(self.by_sha.get(sha, ""))
            if existing and existing["status"] != "awaiting_upload":
                visible = not existing.get("sealed")
                results.append({"sha256": sha, "outcome": "archived", "id": existing["id"],
                                "filing": existing if visible else None, "upload": None, "problem": None})
                continue
            filing = existing or self._create(None, f.get("hints") or {}, sha, f.get("filename"), f["size"])
            results.append({"sha256": sha, "outcome": "upload", "id": filing["id"], "filing": filing, "problem": None,
                            "upload": {"method": "PUT", "url": f"{S3}/put/{filing['id']}?sig=abc",
                                       "headers": {"Content-Type": "application/pdf", "x-amz-checksum-sha256": sha},
                                       "expires_in": 900}})
        return httpx.Response(200, json={"results": results, "count": len(results)})

    def _patch(self, fid: str, patch: dict[str, Any]) -> httpx.Response:
        filing = self.filings.get(fid)
        if not filing:
            return problem(404, "Not found")
        self.patches.append((fid, patch))
        filing.update(patch)
        filing["updated_at"] = _now()
        self.change_log.append({"seq": len(self.change_log) + 1, "kind": "updated", "filing_id": fid,
                                "at": filing["updated_at"], "filing": dict(filing)})
        return httpx.Response(200, json=filing)

    def _changes(self, q: dict[str, str]) -> httpx.Response:
        start = int(q.get("since") or 0)
        limit = int(q.get("limit", 100))
        page = self.change_log[start:start + limit]
        cursor = str(start + len(page))
        return httpx.Response(200, json={"results": page, "count": len(page), "cursor": cursor,
                                         "next": f"{API}/changes?since={cursor}&limit={limit}"})

    def _s3(self, req: httpx.Request) -> httpx.Response:
        parts = req.url.path.strip("/").split("/")
        if req.headers.get("authorization"):
            return httpx.Response(400, text="<Error><Code>InvalidArgument</Code>Only one auth mechanism</Error>")
        with self.lock:
            if req.method == "PUT" and parts[0] == "put":
                filing = self.filings[parts[1]]
                data = req.read()
                if hashlib.sha256(data).hexdigest() != filing["sha256"] or len(data) != filing["size"]:
                    return httpx.Response(400, text="<Error><Code>BadDigest</Code></Error>")
                self.blobs[parts[1]] = data
                filing["status"] = "processing"
                self.process(filing)
                return httpx.Response(200)
            if req.method == "GET" and parts[0] == "blob":
                return httpx.Response(200, content=self.blobs[parts[1]])
        return httpx.Response(404)
