"""OCR — the local engine's speed and memory, the way the worker runs it.

* ``ratio``: pages/s of the whole OCR path (``reader.read_more``: the text layer, rendering with
  PDFium, RapidOCR, respacing, reading order and the join with the page's stamps — what the
  extraction child and the follow-up work run) ÷ pages/s of the bare engine (``RapidOCR`` with the
  same settings, called on the same page images, already rendered). One process, one ONNX thread:
  both are per core. Target ≥ 0.8 (rendering and glue cost little).
* ``ready_seconds``: a 30-page scan uploaded to ``make serve``'s stack (``OCR_ENGINE=local``, free
  ports, throwaway data dir) until the filing is ``ready`` with its metadata (the metadata pages
  OCR'd; the rest follows), and until its follow-up OCR is done.
* ``peak_rss_mb``: peak RSS (VmHWM) of a fresh process running the worker's extraction
  (``pipeline.extract`` with the local engine and the worker's default settings, i.e. OCR of
  the metadata pages) of the same scan: imports, models, page images and the result.

The pages are the corpus's scan pages (those the page selection sends to OCR), repeated to 30;
without a corpus, the fixtures' scans.
"""
from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from collections.abc import Callable

import httpx

from bench import ROOT, fake_env
from bench.p1_extraction import pdf_files
from bench.serve_stack import ServeStack
from chalicelib.domain.stamps import find_stamps

TARGET = 0.8
SCAN_PAGES = 30
SPEED_PAGES = 8  # pages timed both ways (about 1-2 s a page each way on an idle core)


def ocr_pages(paths: list[Path]) -> list[tuple[Path, int]]:
    """(file, 1-based page) of every page the page selection sends to OCR."""
    from chalicelib.extract.ocr.selection import judge_page
    from chalicelib.extract.pdf_text import read_pdf_text

    out = []
    for path in paths:
        try:
            layer = read_pdf_text(path.read_bytes()).pages
        except Exception:  # noqa: BLE001 - an unreadable file is not a scan page
            continue
        for i, text in enumerate(layer):
            if judge_page(text, [s.text for s in find_stamps(text, i) if s.text]).reason:
                out.append((path, i + 1))
    return out


def make_scan(pages: list[tuple[Path, int]], count: int = SCAN_PAGES) -> bytes:
    """A PDF of `count` pages: `pages` in order, repeated."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    sources: dict[Path, Any] = {}
    for n in range(count):
        path, page = pages[n % len(pages)]
        src = sources.get(path) or sources.setdefault(path, pdfium.PdfDocument(path.read_bytes()))
        out.import_pages(src, [page - 1])
    buf = io.BytesIO()
    out.save(buf)
    for src in sources.values():
        src.close()
    out.close()
    return buf.getvalue()


def speed(scan: bytes, count: int = SPEED_PAGES, rounds: int = 1) -> dict[str, Any]:
    """Bare engine vs the whole path on the first `count` pages of `scan`, best of `rounds`."""
    import numpy as np
    from chalicelib.extract.ocr import OcrConfig, engine_for
    from chalicelib.extract.ocr.reader import read_more
    from chalicelib.extract.ocr.render import render_pages
    from chalicelib.extract.pdf_text import read_pdf_text

    config = OcrConfig(engine="local", budget_s=1e9, max_pages=10_000)
    engine = engine_for(config)  # models loaded before any timing
    bare_ocr = engine._ocr  # noqa: SLF001 - the bare engine, same instance and settings
    n = min(count, len(read_pdf_text(scan).pages))
    pages = list(range(1, n + 1))
    images = [np.repeat(np.frombuffer(im.pixels, dtype=np.uint8).reshape(im.height, im.stride)[:, :im.width, None],
                        3, axis=2) for im in render_pages(scan, pages, config.dpi)]
    bare_ocr(images[0], use_cls=False)  # warm
    bare_s = full_s = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for img in images:
            bare_ocr(img, use_cls=False)
        bare_s = min(bare_s, time.perf_counter() - t0)
        t0 = time.perf_counter()
        out = read_more(scan, pages=pages, config=config)
        full_s = min(full_s, time.perf_counter() - t0)
    assert not out["unread"], out
    return {"pages": n, "bare_seconds": round(bare_s, 2), "full_seconds": round(full_s, 2),
            "bare_pages_per_s": round(n / bare_s, 3), "full_pages_per_s": round(n / full_s, 3),
            "ratio": round(bare_s / full_s, 3)}


_RSS_CHILD = """
import json, sys
from pathlib import Path
from chalicelib.extract.ocr import OcrConfig
from chalicelib.extract.pipeline import extract
data = Path(sys.argv[1]).read_bytes()
out = extract(data, ocr=OcrConfig(engine="local"))  # the worker's settings: the metadata pages
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"peak_rss_kb": peak, "pages": out.page_count,
                  "ocr_read": sum(1 for s in out.page_sources if s != "pdf")}))
"""


def peak_rss(scan_path: Path) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", _RSS_CHILD, str(scan_path)], cwd=ROOT, env=fake_env(),
                          capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"OCR memory child failed:\n{proc.stderr[-2000:]}")
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"peak_rss_mb": round(got["peak_rss_kb"] / 1024, 1), "pages": got["pages"], "ocr_read": got["ocr_read"]}


def ready_time(scan: bytes, log: Callable[[str], None], timeout: float = 900,
               after_ready: float = 300) -> dict[str, Any]:
    """Seconds from the upload until `ready`, then until no page is pending (at most `after_ready` more)."""
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp, \
            ServeStack(Path(tmp) / "data", env={"OCR_ENGINE": "local"}) as stack:
        headers = {"Authorization": f"Bearer {stack.keys['write']}"}
        with httpx.Client(base_url=stack.api_url, headers=headers, timeout=120) as http:
            t0 = time.perf_counter()
            resp = http.post("/uploads", json={"sha256": hashlib.sha256(scan).hexdigest(), "size": len(scan),
                                               "filename": "bench-ocr-scan.pdf"})
            resp.raise_for_status()
            answer = resp.json()
            http.put(answer["upload"]["url"], content=scan,
                     headers=answer["upload"].get("headers") or {}).raise_for_status()
            fid, ready_s, done_s, doc = answer["filing"]["id"], None, None, {}
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                doc = http.get(f"/filings/{fid}").json()
                if doc.get("status") == "failed":
                    break
                if doc.get("status") == "ready":
                    if ready_s is None:
                        ready_s = time.perf_counter() - t0
                        deadline = min(deadline, time.monotonic() + after_ready)
                    if not doc.get("ocr_pending"):
                        done_s = time.perf_counter() - t0
                        break
                time.sleep(0.25)
    fields = {k: doc.get(k) for k in ("status", "court", "case_name", "document_title", "document_type", "page_count")}
    log(f"  ocr: 30-page scan ready in {ready_s and round(ready_s, 1)} s, all pages read in "
        f"{done_s and round(done_s, 1)} s: {fields}")
    return {"ready_seconds": round(ready_s, 1) if ready_s else None,
            "all_read_seconds": round(done_s, 1) if done_s else None, "filing": fields}


def run(corpus: Path | None, log: Callable[[str], None] = print, count: int = SCAN_PAGES,
        speed_pages: int = SPEED_PAGES, stack: bool = True) -> dict[str, Any]:
    pages = ocr_pages(pdf_files(corpus))
    if not pages:
        raise RuntimeError("no page needing OCR in the corpus or the fixtures")
    scan = make_scan(pages, count)
    log(f"  ocr: {count}-page scan from {len(pages)} scan pages of {len({p for p, _ in pages})} files")
    out: dict[str, Any] = {"scan_pages": count, "source_pages": len(pages)}
    out.update(speed(scan, speed_pages))
    log(f"  ocr: whole path {out['full_pages_per_s']} pages/s vs bare engine {out['bare_pages_per_s']} "
        f"pages/s (ratio {out['ratio']})")
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        path = Path(tmp) / "scan.pdf"
        path.write_bytes(scan)
        out["memory"] = peak_rss(path)
    out["peak_rss_mb"] = out["memory"]["peak_rss_mb"]
    log(f"  ocr: worker peak RSS {out['peak_rss_mb']} MB over {out['memory']['ocr_read']} OCR'd pages")
    if stack:
        out.update(ready_time(scan, log))
    return out
