"""P4: bulk upload — 200 PDFs of realistic sizes (median ≈ 200 KB, tail to several MB) through the
`filings upload` CLI against `make serve`'s stack, next to a raw concurrent boto3 `put_object` of
the same bytes to the same moto. The CLI asks about the files in batches (`POST /uploads/batch`)
and PUTs the bytes straight to S3, as it would in AWS.

The stack is `python -m tools.serve --no-seed` in its own process (moto server, resources, API
and worker, exactly what `make serve` runs). The CLI (`.venv/bin/filings upload DIR --workers 8
--no-state --quiet`) runs as a user would, in a fresh process. The baseline is a fresh process
too: import boto3, one client, 8 threads putting the same 200 files under `bench-raw/` (outside
the `uploads/` prefix, so nothing is processed). Both are timed wall-clock around the whole
process, so both pay interpreter start-up; the baseline runs before and after the CLI and the
faster of the two counts. The figure is baseline seconds ÷ CLI seconds (1.0 = as fast as raw
puts). The worker processes uploads while the CLI is still sending, as it does under
`make serve`; the in-process figures (the CLI's own report, the baseline's put loop) are
reported too.
"""
from __future__ import annotations

import json
import math
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from collections.abc import Callable

from bench import ROOT, fake_env
from bench.serve_stack import ServeStack

TARGET = 0.5
FILES = 200
WORKERS = 8

_RAW = """
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
t_import = time.perf_counter()
import boto3
from botocore.config import Config
files = sorted(Path(sys.argv[1]).glob("*.pdf"))
blobs = [(f.name, f.read_bytes()) for f in files]
s3 = boto3.client("s3", endpoint_url=sys.argv[2], region_name="us-east-1",
                  config=Config(max_pool_connections={workers}, s3={{"addressing_style": "path"}}))
t0 = time.perf_counter()
def put(item):
    name, data = item
    s3.put_object(Bucket=sys.argv[3], Key=sys.argv[4] + name, Body=data, ContentType="application/pdf")
with ThreadPoolExecutor({workers}) as pool:
    list(pool.map(put, blobs))
t1 = time.perf_counter()
print(json.dumps({{"puts_seconds": t1 - t0, "setup_seconds": t0 - t_import, "files": len(blobs)}}))
"""


MEDIAN_BYTES = 200_000   # real filings: median ≈ 200 KB (the dev corpus: 141 KB), …
SIGMA = 1.0              # … p90 ≈ 720 KB …
MAX_BYTES = 6_000_000    # … and a tail to several MB (scanned exhibits)
PAGE_IMAGE_BYTES = 120_000  # a scanned page is an image of about this size
SCANNED_TEXT = ("Exhibit page {page}. The parties have met and conferred about the schedule and the "
                "production of documents, and they agree that the court should enter the order below.")


def realistic_sizes(count: int, seed: int = 4) -> list[int]:
    """File sizes drawn like real filings' (log-normal around the median, capped), reproducible."""
    rng = random.Random(seed)
    return [max(20_000, min(MAX_BYTES, int(rng.lognormvariate(math.log(MEDIAN_BYTES), SIGMA))))
            for _ in range(count)]


def make_pdfs(folder: Path, count: int = FILES) -> list[Path]:
    """`count` distinct filings of realistic sizes: a CM/ECF-stamped text page, then scanned
    exhibit pages (incompressible grayscale images, as scans are, with a text layer) up to the
    drawn size."""
    from fpdf import FPDF
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    out = []
    for i, target in enumerate(realistic_sizes(count)):
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 5, f"Case 1:23-cv-{10000 + i:05d}   Document {i % 90 + 1}   Filed 03/{i % 28 + 1:02d}/23",
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=12)
        pdf.cell(0, 8, "UNITED STATES DISTRICT COURT", new_x="LMARGIN", new_y="NEXT", align="C")
        pdf.cell(0, 8, "SOUTHERN DISTRICT OF NEW YORK", new_x="LMARGIN", new_y="NEXT", align="C")
        pdf.multi_cell(0, 6, f"Bench Plaintiff {i}, Plaintiff, v. Widget Corp. {i}, Defendant.\n"
                             f"DECLARATION IN SUPPORT. Reference {secrets.token_hex(8)}.")
        left = target - 4_000
        while left > 0:
            side = int(math.sqrt(min(left, PAGE_IMAGE_BYTES)))
            noise = Image.frombytes("L", (side, side), rng.randbytes(side * side))
            pdf.add_page()
            pdf.image(noise, x=10, y=30, w=190)
            # a scanned exhibit as courts file it: the image with its OCR text layer (a page
            # without one would be OCR'd by `make serve`'s worker: P5's subject, not P4's)
            pdf.set_xy(10, 10)
            pdf.multi_cell(0, 5, SCANNED_TEXT.format(page=pdf.page_no()))
            left -= side * side
        path = folder / f"bench-{i:04d}.pdf"
        pdf.output(str(path))
        out.append(path)
    return out


def _raw_puts(folder: Path, stack: ServeStack, prefix: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _RAW.format(workers=WORKERS), str(folder), stack.moto_url,
                           stack.bucket, prefix], cwd=ROOT, env=fake_env(), capture_output=True, text=True,
                          timeout=600)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"raw put_object baseline failed:\n{proc.stderr[-2000:]}")
    return {"wall_seconds": wall, **json.loads(proc.stdout.strip().splitlines()[-1])}


def _cli(folder: Path, stack: ServeStack, report: Path) -> dict[str, Any]:
    # this checkout's client (what `filings` runs once installed), not whichever copy is installed
    cmd = [sys.executable, "-m", "archive_client.cli"]
    env = fake_env()
    env["PYTHONPATH"] = str(ROOT / "client") + os.pathsep + env["PYTHONPATH"]
    env.update(ARCHIVE_URL=stack.api_url, ARCHIVE_KEY=stack.keys["write"])
    t0 = time.perf_counter()
    proc = subprocess.run(cmd + ["upload", str(folder), "--workers", str(WORKERS), "--no-state", "--quiet",
                                 "--report", str(report)],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - t0
    out: dict[str, Any] = {"wall_seconds": wall, "exit_code": proc.returncode}
    if report.exists():
        rep = json.loads(report.read_text())
        out.update(upload_seconds=rep.get("seconds"), counts=rep.get("counts"), failed=rep.get("failed"),
                   ok=rep.get("ok"), api_calls=rep.get("api_calls"), bytes_sent=rep.get("bytes_sent"),
                   methods=sorted({r.get("method") for r in rep.get("results", []) if r.get("method")}))
    if proc.returncode != 0:
        out["stderr"] = proc.stderr[-2000:]
    return out


def run(files: int = FILES, log: Callable[[str], None] = print) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-p4-") as tmp:
        folder = Path(tmp) / "pdfs"
        paths = make_pdfs(folder, files)
        sizes_seen = [p.stat().st_size for p in paths]
        size = sum(sizes_seen)
        with ServeStack(start_timeout=120) as stack:
            before = _raw_puts(folder, stack, "bench-raw/a/")
            cli = _cli(folder, stack, Path(tmp) / "report.json")
            after = _raw_puts(folder, stack, "bench-raw/b/")
        if cli["exit_code"] != 0 or not cli.get("ok"):
            log(f"  p4: the CLI did not upload everything: {cli.get('counts')} {cli.get('stderr', '')[:500]}")
    raw = min(before, after, key=lambda r: r["wall_seconds"])
    ratio = raw["wall_seconds"] / cli["wall_seconds"]
    inner = (raw["puts_seconds"] / cli["upload_seconds"]) if cli.get("upload_seconds") else None
    sizes = sorted(p_size for p_size in sizes_seen)
    log(f"  p4: {files} PDFs ({size / 1e6:.1f} MB; median {sizes[len(sizes) // 2] / 1e3:.0f} KB, largest "
        f"{sizes[-1] / 1e6:.1f} MB): CLI {cli['wall_seconds']:.2f}s, raw put_object {raw['wall_seconds']:.2f}s "
        f"(processes, wall clock) → ratio {ratio:.2f} (target ≥ {TARGET}); {cli.get('api_calls')} API calls "
        f"({(cli.get('api_calls') or 0) / files:.2f} per file), methods {cli.get('methods')}")
    return {
        "files": files,
        "bytes": size,
        "median_bytes": sizes[len(sizes) // 2],
        "max_bytes": sizes[-1],
        "api_calls_per_file": round((cli.get("api_calls") or 0) / files, 3),
        "workers": WORKERS,
        "cli": {k: (round(v, 3) if isinstance(v, float) else v) for k, v in cli.items()},
        "raw_put_object": [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
                           for r in (before, after)],
        "ratio": round(ratio, 3),
        "ratio_in_process": round(inner, 3) if inner else None,
        "cli_files_per_s": round(files / cli["wall_seconds"], 1),
        "raw_files_per_s": round(files / raw["wall_seconds"], 1),
    }
