"""The upload journal: what earlier runs archived, so a rerun sends (and asks) nothing for it.

Append-only JSONL, one line per accepted file: SHA-256 → filing id and status, plus path, size
and mtime so an unchanged file is not even hashed again. Each line records the archive it
belongs to — the archive's identity (``archive_id`` from ``GET /health``), not only its URL: a
local archive that was reset, or another archive behind the same URL, does not hold what the
journal says. Entries of another archive are not trusted; the uploader verifies those files by
SHA-256 like any other and re-uploads what is missing.
"""
from __future__ import annotations

import json
import os
import threading
from datetime import datetime, UTC
from pathlib import Path
from typing import Any

from .manifest import UploadItem

DEFAULT_JOURNAL = ".filings-upload.jsonl"


def journal_path(state: str | os.PathLike[str] | None) -> Path:
    return Path(state) if state else Path.cwd() / DEFAULT_JOURNAL


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Journal:
    """The journal of one archive. Safe to share between threads.

    ``archive_id`` is the archive's identity; until it is known (:meth:`bind`), or for an archive
    too old to say, entries are matched by URL. Entries of other archives still tell a file's
    SHA-256 (a property of the file), never that the bytes are archived.
    """

    def __init__(self, path: Path | None, base_url: str, archive_id: str | None = None) -> None:
        self.path = path
        self.base_url = base_url
        self.archive_id = archive_id
        self.by_sha: dict[str, dict[str, Any]] = {}
        self.by_stat: dict[tuple[str, int, int], str] = {}
        self.previous: set[str] = set()  # SHA-256s journaled by earlier runs, for this archive
        self.foreign: set[str] = set()   # …journaled for this URL by an archive that is not this one
        self._entries: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._fh: Any = None
        if path is not None and path.exists():
            self._load(path)
        self._select()

    def _load(self, path: Path) -> None:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line torn by a crash mid-write
                if not isinstance(entry, dict) or not entry.get("sha256"):
                    continue
                self._entries.append(entry)
                if entry.get("path") and entry.get("size") is not None and entry.get("mtime_ns") is not None:
                    self.by_stat[(entry["path"], int(entry["size"]), int(entry["mtime_ns"]))] = entry["sha256"]

    def _belongs(self, entry: dict[str, Any]) -> bool:
        if self.archive_id:
            return entry.get("archive_id") == self.archive_id
        return entry.get("url") == self.base_url

    def _select(self) -> None:
        """Which loaded entries speak for this archive (the last line for a SHA-256 wins)."""
        self.by_sha, self.foreign = {}, set()
        for entry in self._entries:
            if self._belongs(entry):
                self.by_sha[entry["sha256"]] = entry
            elif entry.get("url") == self.base_url:
                self.foreign.add(entry["sha256"])
        self.foreign -= set(self.by_sha)
        self.previous = set(self.by_sha)

    def bind(self, archive_id: str | None) -> None:
        """Trust only entries of the archive with this identity (what ``GET /health`` says)."""
        if archive_id == self.archive_id:
            return
        with self._lock:
            self.archive_id = archive_id
            self._select()

    def sha_for(self, path: Path) -> str | None:
        """The SHA-256 recorded for this exact file (same path, size and mtime), if any."""
        try:
            st = path.stat()
        except OSError:
            return None
        return self.by_stat.get((str(path.resolve()), st.st_size, st.st_mtime_ns))

    def done(self, sha256: str) -> dict[str, Any] | None:
        """This archive's entry for the bytes: they are archived, as this filing."""
        return self.by_sha.get(sha256)

    def record(self, item: UploadItem, sha256: str, filing_id: str, status: str, outcome: str,
               case_id: str | None = None) -> None:
        try:
            st = item.path.stat()
            size, mtime_ns = st.st_size, st.st_mtime_ns
        except OSError:
            size, mtime_ns = item.size, None
        entry = {"url": self.base_url, "archive_id": self.archive_id, "sha256": sha256, "filing_id": filing_id,
                 "status": status, "outcome": outcome, "case_id": case_id, "path": str(item.path.resolve()),
                 "size": size, "mtime_ns": mtime_ns, "at": _now()}
        with self._lock:
            self.by_sha[sha256] = entry
            self.foreign.discard(sha256)
            if mtime_ns is not None:
                self.by_stat[(entry["path"], size, mtime_ns)] = sha256
            self._write(entry)

    def update_status(self, sha256: str, status: str, case_id: str | None = None) -> None:
        """Append the filing's newer status (the last line for a SHA-256 wins on load)."""
        entry = self.by_sha.get(sha256)
        if entry is None or (entry.get("status") == status and (case_id is None or entry.get("case_id") == case_id)):
            return
        with self._lock:
            entry = {**entry, "status": status, "at": _now(), **({"case_id": case_id} if case_id else {})}
            self.by_sha[sha256] = entry
            self._write(entry)

    def _write(self, entry: dict[str, Any]) -> None:  # holding the lock
        if self.path is None:
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("a", encoding="utf-8")
        self._fh.write(json.dumps(entry) + "\n")
        self._fh.flush()

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self._fh.close()
                self._fh = None
