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


# A route's path: exact, or its segments with ID where any one segment (an id) goes.
RoutePath = str | tuple[str | None, ...]
ID = None


def _match(path: RoutePath, actual: str) -> list[str] | None:
    """The ids in `actual` if it is the route's path, else None."""
    if isinstance(path, str):
        return [] if actual == path else None
    parts = actual.strip("/").split("/")
    if len(parts) != len(path) or any(want is not ID and want != got for want, got in zip(path, parts)):
        return None
    return [got for want, got in zip(path, parts) if want is ID]


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
    def handle(self, req: httpx.Request) -> httpx.Response:
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
        q = {k: v[0] for k, v in parse_qs(req.url.query.decode()).items()}
        with self.lock:
            for method, path, serve in self._routes():
                ids = _match(path, req.url.path) if req.method == method else None
                if ids is not None:
                    return serve(req, q, *ids)
        return problem(404, "Not found", req.url.path)

    def _routes(self) -> list[tuple[str, RoutePath, Callable[..., httpx.Response]]]:
        """(method, path, serve(request, query, *path ids)), tried in order."""
        return [
            ("POST", "/filings", lambda req, q: self._direct(req, q)),
            ("POST", "/uploads", lambda req, q: self._presign(req)),
            ("POST", "/uploads/batch", lambda req, q: self._batch(req) if self.batch
             else problem(404, "Not found", req.url.path)),
            ("PATCH", ("filings", ID), lambda req, q, fid: self._patch(fid, json.loads(req.read()))),
            ("POST", ("filings", ID, "reprocess"), lambda req, q, fid: self._reprocess(fid, q)),
            ("GET", "/changes", lambda req, q: self._changes(q)),
            ("GET", "/search", lambda req, q: httpx.Response(200, json={
                "results": self.search_hits, "count": len(self.search_hits), "facets": {}, "next": None})),
            ("GET", "/filings", lambda req, q: self._by_sha(q.get("sha256", ""))),
            ("GET", ("filings", ID), lambda req, q, fid: self._filing(fid)),
            ("GET", ("filings", ID, "content"), lambda req, q, fid: self._content(fid)),
            ("GET", "/cases", lambda req, q: self._find_cases(q)),
            ("GET", ("cases", ID), lambda req, q, case_id: self._case(case_id)),
            ("GET", ("cases", ID, ID), lambda req, q, case_id, _: self._case_filings(case_id, q)),
        ]

    def _reprocess(self, fid: str, hints: dict[str, str]) -> httpx.Response:
        if fid not in self.filings:
            return problem(404, "Not found")
        self.filings[fid].update(status="processing", hints=hints)
        return httpx.Response(202, json=self.filings[fid])

    def _by_sha(self, sha: str) -> httpx.Response:
        fid = self.by_sha.get(sha)
        if not fid:
            return problem(404, "Not found")
        return httpx.Response(200, json=self.filings[fid])

    def _filing(self, fid: str) -> httpx.Response:
        f = self.filings.get(fid)
        if not f:
            return problem(404, "Not found")
        self.polls[fid] = self.polls.get(fid, 0) + 1
        return httpx.Response(200, json=f)

    def _content(self, fid: str) -> httpx.Response:
        if fid not in self.blobs:
            return problem(404, "Not found")
        return httpx.Response(302, headers={"Location": f"{S3}/blob/{fid}?sig=x"})

    def _case(self, case_id: str) -> httpx.Response:
        if case_id not in self.cases:
            return problem(404, "Not found")
        return httpx.Response(200, json={**self.cases[case_id], "filing_count": self._case_count(case_id)})

    def _find_cases(self, q: dict[str, str]) -> httpx.Response:
        """`GET /cases?docket_number=&court=`: the cases printing that docket number, by id."""
        found = [c for _, c in sorted(self.cases.items()) if c.get("docket_number") == q.get("docket_number")
                 and q.get("court") in (None, c.get("court_id"))]
        return httpx.Response(200, json={"results": [
            {"case": {**c, "filing_count": self._case_count(c["case_id"])}, "match": "docket_number"}
            for c in found]})

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
