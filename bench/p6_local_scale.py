"""P6 — the local archive at scale: the stand-in's memory per 1,000 filings, and restart time.

The stand-in runs as `make serve` runs it (`python -m tools.moto_server --data-dir`, persisted,
GSI maps). Filings of 20 pages each — pages of real text from the corpus (rotated through, so
each filing's vocabulary is a real filing's), a ~200 KB original each — are written through the
worker's own write path (reserve, `search.index_filing`, `filing_commit.commit`, the original's
`put_object`), i.e. exactly the items and objects ingest writes, minus extraction — with the
search index on `make serve`'s backend (SEARCH_BACKEND=sqlite: a SQLite file beside the
stand-in's data, not items in its memory).

* `mb_per_1000_filings`: the stand-in's resident memory growth per 1,000 filings, measured in
  ONE process lifetime — from just after the restart at half the filings to all of them (a
  process that wrote the first half still holds start-up and write garbage, so comparing it with
  its restarted successor understates growth, even below zero) — and, as a second estimate, the
  growth between the two restored states; the projection takes the larger of the two;
* `restart_seconds`: kill -9 of the stand-in, then the time until it listens again with
  everything restored, at half and at all of the filings; `restart_10k_seconds` extrapolates
  those two points linearly to 10,000 filings (and `projected_10k_gb` the memory) — writing
  10,000 × 20 pages through moto takes longer than a bench run may (`--p6-filings` raises N).

Target (from #13): 10,000 such filings within 4 GB.
"""
from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import ROOT
from bench.p1_extraction import pdf_files
from chalicelib import config
from chalicelib.adapters import aws, blobs, filings_repo
from chalicelib.domain.models import FilingRecord, FilingStatus
from chalicelib.services import filing_commit, search
from chalicelib.services.clock import system_clock
from infra import resources
from tools.localstack import LOCAL_ENV, free_port
from tools.standin_store import Store

PAGES_PER_FILING = 20
TARGET_GB = 4.0


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def page_pool(corpus: Path | None, limit: int = 2000) -> tuple[list[str], list[bytes]]:
    import pypdfium2 as pdfium

    pages, blobs = [], []
    for path in pdf_files(corpus):
        data = path.read_bytes()
        blobs.append(data)
        pdf = pdfium.PdfDocument(data)
        try:
            for i in range(len(pdf)):
                text = pdf[i].get_textpage().get_text_range()
                if len(text) > 200:
                    pages.append(text)
        finally:
            pdf.close()
        if len(pages) >= limit:
            break
    return pages, blobs


class Standin:
    def __init__(self, data_dir: Path, port: int):
        self.data_dir, self.port = data_dir, port
        self.proc: subprocess.Popen | None = None

    def start(self) -> float:
        t0 = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "tools.moto_server", "--port", str(self.port),
                                      "--data-dir", str(self.data_dir)], cwd=ROOT, env=dict(os.environ),
                                     stdout=subprocess.DEVNULL)
        while not _listening(self.port):
            if self.proc.poll() is not None:
                raise RuntimeError("the stand-in exited while starting")
            time.sleep(0.02)
        return time.perf_counter() - t0

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)


def _write_filing(i: int, pages: list[str], blob: bytes) -> None:

    data = blob + f"\n%bench {i}\n".encode()
    sha = hashlib.sha256(data).hexdigest()
    stamp = system_clock()
    record = FilingRecord(id=f"fl_p6{sha[:22]}", status=FilingStatus.processing, sha256=sha, size=len(data),
                          created_at=stamp, updated_at=stamp)
    if not filings_repo.reserve(record):
        return
    blobs.put_original(record.id, data, sha, f"p6-{i}.pdf")
    ready = record.model_copy(update={
        "status": FilingStatus.ready, "court_id": "nysd", "docket_number": f"1:23-cv-{i % 400:05d}",
        "case_id": f"nysd-23-cv-{i % 400:05d}", "case_name": f"Bench {i % 400} v. Widget",
        "document_number": str(i // 400 + 1), "title": "MEMORANDUM OF LAW", "document_type": "brief",
        "page_count": len(pages),
    })
    search.index_filing(ready, pages)
    filing_commit.commit(record.id, lambda current: ready)


def run(corpus: Path | None, filings: int = 1000, log: Callable[[str], None] = print) -> dict[str, Any]:
    import boto3

    pool, originals = page_pool(corpus)
    saved = dict(os.environ)
    port = free_port()
    os.environ.update(LOCAL_ENV, AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-p6-") as tmp:
            # as `make serve` runs it: the search index in SQLite in the data dir (issue 13)
            os.environ.update(SEARCH_BACKEND="sqlite", ARCHIVE_DATA_DIR=str(Path(tmp) / "data"))
            search.use_backend(None)
            standin = Standin(Path(tmp) / "data", port)
            standin.start()

            def provision() -> None:
                config.reset()
                aws.reset()
                out = resources.apply(boto3.Session(region_name="us-east-1"), LOCAL_ENV["ARCHIVE_TABLE"],
                                      LOCAL_ENV["ARCHIVE_BUCKET"], LOCAL_ENV["ARCHIVE_QUEUE"])
                os.environ["ARCHIVE_QUEUE_URL"] = out["queue_url"]
                config.reset()

            provision()
            assert standin.proc is not None
            base = _rss_mb(standin.proc.pid)
            half = filings // 2
            marks: dict[str, Any] = {}
            t0 = time.perf_counter()
            for i in range(filings):
                start = (i * PAGES_PER_FILING) % max(1, len(pool) - PAGES_PER_FILING)
                _write_filing(i, pool[start:start + PAGES_PER_FILING], originals[i % len(originals)])
                if i + 1 in (half, filings):
                    assert standin.proc is not None
                    rss = _rss_mb(standin.proc.pid)
                    standin.kill()
                    restart = standin.start()
                    provision()
                    marks[str(i + 1)] = {"rss_mb": round(rss, 1), "restart_seconds": round(restart, 2),
                                         "rss_after_restart_mb": round(_rss_mb(standin.proc.pid), 1)}
                    log(f"  p6: {i + 1} filings: stand-in {rss:.0f} MB, restart {restart:.1f}s, "
                        f"{marks[str(i + 1)]['rss_after_restart_mb']:.0f} MB after")
            write_seconds = time.perf_counter() - t0

            store = Store(Path(tmp) / "data")
            items, objects = store.count_items(), store.count_objects()
            disk = sum(f.stat().st_size for f in (Path(tmp) / "data").rglob("*") if f.is_file())
            store.close()
            standin.kill()
    finally:
        os.environ.clear()
        os.environ.update(saved)
        search.use_backend(None)
        config.reset()
        aws.reset()
    a, b = marks[str(half)], marks[str(filings)]
    span = (filings - half) / 1000
    per_1000_live = (b["rss_mb"] - a["rss_after_restart_mb"]) / span
    per_1000_restored = (b["rss_after_restart_mb"] - a["rss_after_restart_mb"]) / span
    per_1000 = max(per_1000_live, per_1000_restored)
    restart_per_1000 = (b["restart_seconds"] - a["restart_seconds"]) / span
    # two noisy points can slope downwards: a bigger archive never restarts faster than this one did
    restart_10k = max(b["restart_seconds"], b["restart_seconds"] + restart_per_1000 * (10_000 - filings) / 1000)
    projected = (base + per_1000 * 10) / 1024
    return {
        "filings": filings, "pages_per_filing": PAGES_PER_FILING, "items": items, "objects": objects,
        "items_per_filing": round(items / filings), "disk_mb": round(disk / 1e6, 1),
        "write_seconds": round(write_seconds, 1), "baseline_rss_mb": round(base, 1), "marks": marks,
        "mb_per_1000_filings": round(per_1000, 1), "mb_per_1000_filings_live": round(per_1000_live, 1),
        "mb_per_1000_filings_restored": round(per_1000_restored, 1),
        "restart_seconds": b["restart_seconds"], "restart_10k_seconds": round(restart_10k, 1),
        "projected_10k_gb": round(projected, 2), "fits_4gb": projected <= TARGET_GB,
    }
