"""Keep a local copy of a case: PDFs, per-filing metadata JSON and a docket index.

Layout of ``DIR`` (names sort in docket order and are safe on every OS)::

    0045 Motion to Dismiss.pdf             Document 45: the filing's bytes
    0045-01 Declaration of Jane Doe.pdf    …its attachment 1
    0045-01 Declaration of Jane Doe.json   GET /filings/{id}
    unnumbered Notice.pdf                  a filing without a document number
    docket.json                            the case and its filings, in docket order
    .sync-state.json                       what the last sync saw (sha256, updated_at, names)

Two filings that would share a name get their filing id's tail appended (``… [k3v9qz].pdf``).

A sync lists the case's filings (light rows, all pages) and transfers only what changed:

* a PDF is fetched when it is missing locally or its SHA-256 differs from the archive's — so a
  tampered or truncated local file is detected and fetched again; every download is verified
  against the archive's SHA-256 before it replaces anything;
* metadata is fetched when the filing's ``updated_at`` moved, or the local JSON is missing or
  was edited;
* a renumbered or retitled filing is renamed locally, not downloaded again;
* a case that was re-created upstream (its filings have new ids, e.g. a reset archive) keeps its
  local files: a filing whose bytes (SHA-256) the folder already holds under another id takes
  the local copy over — no second copy, no stale duplicate.

A second sync with nothing new transfers nothing: the only requests are the listing and the case.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from typing import Any

from .api import ArchiveClient, ArchiveError, sha256_file
from .dockets import docket_sheet
from .models import AWAITING_UPLOAD, Case, DocketItem

STATE_FILE = ".sync-state.json"
DOCKET_FILE = "docket.json"
STATE_VERSION = 1


TITLE_CHARS = 80
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')  # not allowed in names on Windows, or anywhere


def docket_prefix(item: DocketItem) -> str:
    """``0045`` for Document 45, ``0045-01`` for its attachment 1, ``unnumbered`` without one."""
    number = (item.document_number or "").strip()
    digits = re.fullmatch(r"0*(\d+)", number)
    if digits:
        prefix = f"{int(digits.group(1)):04d}"
    else:
        prefix = _UNSAFE.sub("_", number).strip(" ._") or "unnumbered"
    if item.attachment_number:
        prefix += f"-{item.attachment_number:02d}"
    return prefix


def safe_title(title: str | None) -> str:
    """A title as part of a file name: no path or reserved characters, no trailing dots or
    spaces (Windows drops them), NFC, at most ``TITLE_CHARS`` characters on a word boundary."""
    text = unicodedata.normalize("NFC", " ".join(_UNSAFE.sub(" ", title or "").split()))
    if len(text) > TITLE_CHARS:
        text = text[:TITLE_CHARS].rsplit(" ", 1)[0]
    return text.rstrip(" .")


def docket_names(items: list[DocketItem]) -> dict[str, str]:
    """Filing id → the base name of its local files (without ``.pdf``/``.json``), unique in the
    folder whatever the case of the file system."""
    names = {i.id: " ".join(p for p in (docket_prefix(i), safe_title(i.title)) if p) for i in items}
    taken: dict[str, list[str]] = {}
    for fid, name in names.items():
        taken.setdefault(name.casefold(), []).append(fid)
    for ids in taken.values():
        if len(ids) > 1:
            for fid in ids:
                names[fid] = f"{names[fid]} [{fid[-6:]}]"
    return names


def _dump(data: Any) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _docket_sort_key(item: DocketItem) -> tuple[Any, ...]:
    number = item.document_number or ""
    digits = re.match(r"\d+", number)
    return (0 if digits else 1, int(digits.group()) if digits else 0, number,
            item.attachment_number or 0, item.date_filed or "", item.id)


@dataclass
class ItemResult:
    filing_id: str
    pdf: str | None = None
    json: str | None = None
    downloaded: bool = False   # the PDF was fetched
    repaired: bool = False     # …because the local copy did not match its SHA-256
    renamed: bool = False
    metadata: bool = False     # the metadata JSON was fetched
    bytes: int = 0
    error: str | None = None


@dataclass
class SyncReport:
    case_id: str
    directory: str
    filings: int = 0
    downloaded: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    metadata_updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # no bytes yet (awaiting upload)
    removed: list[str] = field(default_factory=list)   # gone upstream
    errors: dict[str, str] = field(default_factory=dict)
    bytes_downloaded: int = 0
    docket_written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def transferred(self) -> int:
        """How many files (PDFs and metadata) came over the network."""
        return len(self.downloaded) + len(self.metadata_updated)

    def to_json(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id, "directory": self.directory, "filings": self.filings, "ok": self.ok,
            "downloaded": self.downloaded, "repaired": self.repaired, "renamed": self.renamed,
            "metadata_updated": self.metadata_updated, "unchanged": len(self.unchanged),
            "skipped": self.skipped, "removed": self.removed, "errors": self.errors,
            "bytes_downloaded": self.bytes_downloaded, "docket_written": self.docket_written,
        }


def load_state(directory: Path) -> dict[str, Any]:
    path = directory / STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(state, dict) and state.get("version") == STATE_VERSION:
            state.setdefault("filings", {})
            return state
    except (OSError, ValueError):
        pass
    return {"version": STATE_VERSION, "filings": {}}


class CaseSync:
    """One case → one directory. ``run()`` is idempotent; call it as often as you like."""

    def __init__(self, client: ArchiveClient, case_id: str, directory: str | Path, *, workers: int = 4,
                 prune: bool = False, on_listed: Callable[[int], None] | None = None,
                 on_item: Callable[[ItemResult], None] | None = None,
                 on_bytes: Callable[[int], None] | None = None) -> None:
        self.client = client
        self.case_id = case_id
        self.dir = Path(directory)
        self.workers = max(1, workers)
        self.prune = prune
        self.on_listed = on_listed
        self.on_item = on_item
        self.on_bytes = on_bytes
        self._lock = threading.Lock()

    def run(self) -> SyncReport:
        self.dir.mkdir(parents=True, exist_ok=True)
        report = SyncReport(case_id=self.case_id, directory=str(self.dir))
        state = load_state(self.dir)
        if state.get("case_id") not in (None, self.case_id):
            raise ValueError(f"{self.dir} holds case {state['case_id']}, not {self.case_id}")
        known: dict[str, dict[str, Any]] = dict(state.get("filings") or {})

        case = self.client.case(self.case_id)
        items = sorted(self.client.case_filings(self.case_id), key=_docket_sort_key)
        report.filings = len(items)
        if self.on_listed:
            self.on_listed(len(items))

        priors = self._priors(items, known)
        new_state: dict[str, dict[str, Any]] = {}
        try:
            self._transfer(items, priors, known, new_state, report)
        finally:
            self._carry_over(items, priors, known, new_state, report)
            self._save_state(state, new_state, items)
        self._write_docket(case, items, new_state, report)
        return report

    def _transfer(self, items: list[DocketItem], priors: dict[str, dict[str, Any]], known: dict[str, dict[str, Any]],
                  new_state: dict[str, dict[str, Any]], report: SyncReport) -> None:
        """Sync every listed filing, writing each one's entry into ``new_state`` as it finishes
        (so an interrupted run saves what it reached)."""
        names = docket_names(items)
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="sync") as pool:
            futures = {pool.submit(self._sync_item, item, priors.get(item.id), names[item.id]): item
                       for item in items}
            for fut in as_completed(futures):
                item = futures[fut]
                res, entry = fut.result()
                self._tally(report, res)
                if entry is not None:
                    new_state[item.id] = entry
                elif item.id in known and res.error:
                    new_state[item.id] = known[item.id]  # keep what we had; retry next time
                if self.on_item:
                    self.on_item(res)

    def _carry_over(self, items: list[DocketItem], priors: dict[str, dict[str, Any]],
                    known: dict[str, dict[str, Any]], new_state: dict[str, dict[str, Any]],
                    report: SyncReport) -> None:
        """The entries this run did not write: gone upstream, or not reached."""
        listed = {i.id for i in items}
        adopted = {p["filing_id"] for p in priors.values() if p.get("filing_id") not in listed}
        for filing_id, entry in known.items():
            if filing_id in listed or filing_id in new_state or filing_id in adopted:
                continue
            # Gone upstream (removed, or sealed away from this key).
            report.removed.append(filing_id)
            if self.prune:
                self._delete_local(entry)
            else:
                new_state.setdefault(filing_id, {**entry, "removed": True})
        # An interrupted run keeps the entries it did not reach.
        for filing_id, entry in known.items():
            if filing_id in listed and filing_id not in new_state:
                new_state[filing_id] = entry

    def _delete_local(self, entry: dict[str, Any]) -> None:
        for name in (entry.get("pdf"), entry.get("json")):
            if name:
                (self.dir / name).unlink(missing_ok=True)

    def _write_docket(self, case: Case, items: list[DocketItem], new_state: dict[str, dict[str, Any]],
                      report: SyncReport) -> None:
        """``docket.json``: the case, the filings held here with their local names, the docket
        sheet; rewritten only when it changed."""
        docket = {
            "case": case.raw,
            "filings": [
                {**item.raw, "pdf": new_state.get(item.id, {}).get("pdf"),
                 "metadata": new_state.get(item.id, {}).get("json")}
                for item in items if item.id in new_state and not new_state[item.id].get("removed")
            ],
        }
        docket.update(docket_sheet(self.client, self.case_id) or {})  # entries and links
        data = _dump(docket)
        path = self.dir / DOCKET_FILE
        if not path.exists() or path.read_bytes() != data:
            _write_atomic(path, data)
            report.docket_written = True

    @staticmethod
    def _priors(items: list[DocketItem], known: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """What the folder holds for each listed filing: its own entry, or — for a filing with a
        new id (the case was re-created upstream) — the entry of an unlisted filing with the same
        bytes, whose local files it takes over."""
        listed = {i.id for i in items}
        orphans: dict[str, dict[str, Any]] = {}
        for fid, entry in known.items():
            if fid not in listed and entry.get("sha256"):
                orphans.setdefault(entry["sha256"], {**entry, "filing_id": fid})
        priors: dict[str, dict[str, Any]] = {}
        for item in items:
            if item.id in known:
                priors[item.id] = {**known[item.id], "filing_id": item.id}
            elif item.sha256 in orphans:
                priors[item.id] = {**orphans.pop(item.sha256), "updated_at": None}  # metadata is new
        return priors

    # -- one filing
    def _sync_item(self, item: DocketItem, prior: dict[str, Any] | None,
                   name: str) -> tuple[ItemResult, dict[str, Any] | None]:
        res = ItemResult(filing_id=item.id, pdf=f"{name}.pdf", json=f"{name}.json")
        if item.status == AWAITING_UPLOAD or not item.sha256:
            res.pdf = res.json = None
            return res, None
        try:
            pdf, meta = self.dir / f"{name}.pdf", self.dir / f"{name}.json"
            self._rename_if_renumbered(prior, pdf, meta, res)
            # The PDF: verified by SHA-256 every time, fetched only when it does not match.
            if not (pdf.exists() and sha256_file(pdf) == item.sha256):
                res.repaired = pdf.exists()
                self._fetch_pdf(item, pdf, res)
                res.downloaded = True
            # The metadata: fetched when the filing changed or the local copy is gone or edited.
            json_sha = (prior or {}).get("json_sha256")
            if (prior is None or prior.get("updated_at") != item.updated_at or not meta.exists()
                    or not json_sha or _sha(meta.read_bytes()) != json_sha):
                filing = self.client.get_filing(item.id)
                data = _dump(filing.raw)
                _write_atomic(meta, data)
                json_sha = _sha(data)
                res.metadata = True
            return res, {"sha256": item.sha256, "updated_at": item.updated_at, "pdf": pdf.name,
                         "json": meta.name, "json_sha256": json_sha}
        except (ArchiveError, OSError, ValueError) as exc:
            res.error = str(exc)
            return res, None
        except Exception as exc:  # noqa: BLE001 - one filing must not stop the sync
            res.error = f"{type(exc).__name__}: {exc}"
            return res, None

    def _rename_if_renumbered(self, prior: dict[str, Any] | None, pdf: Path, meta: Path, res: ItemResult) -> None:
        if not prior:
            return
        for old_name, new in ((prior.get("pdf"), pdf), (prior.get("json"), meta)):
            if old_name and old_name != new.name:
                old = self.dir / old_name
                if old.exists() and not new.exists():
                    os.replace(old, new)
                    res.renamed = True

    def _fetch_pdf(self, item: DocketItem, pdf: Path, res: ItemResult, attempts: int = 2) -> None:
        part = pdf.with_name(f".{pdf.name}.part")
        last = ""
        for _ in range(attempts):
            with part.open("wb") as fh:
                got = self.client.download(item.id, fh, on_progress=self._progress)
                size = fh.tell()
            if got == item.sha256:
                os.replace(part, pdf)
                res.bytes += size
                return
            last = f"downloaded bytes hash to {got}, the archive says {item.sha256}"
        part.unlink(missing_ok=True)
        raise ValueError(f"checksum mismatch: {last}")

    def _progress(self, n: int) -> None:
        if self.on_bytes:
            with self._lock:
                self.on_bytes(n)

    # -- bookkeeping
    @staticmethod
    def _tally(report: SyncReport, res: ItemResult) -> None:
        if res.error:
            report.errors[res.filing_id] = res.error
            return
        if res.pdf is None:
            report.skipped.append(res.filing_id)
            return
        if res.downloaded:
            report.downloaded.append(res.filing_id)
            report.bytes_downloaded += res.bytes
        if res.repaired:
            report.repaired.append(res.filing_id)
        if res.renamed:
            report.renamed.append(res.filing_id)
        if res.metadata:
            report.metadata_updated.append(res.filing_id)
        if not (res.downloaded or res.metadata or res.renamed):
            report.unchanged.append(res.filing_id)

    def _save_state(self, state: dict[str, Any], filings: dict[str, dict[str, Any]], items: list[DocketItem]) -> None:
        cursor = max((i.updated_at for i in items if i.updated_at), default=state.get("cursor"))
        out = {"version": STATE_VERSION, "url": self.client.base_url, "case_id": self.case_id,
               "synced_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "cursor": cursor, "filings": dict(sorted(filings.items()))}
        _write_atomic(self.dir / STATE_FILE, _dump(out))


def sync_case(client: ArchiveClient, case_id: str, directory: str | Path, **kwargs: Any) -> SyncReport:
    return CaseSync(client, case_id, directory, **kwargs).run()
