"""Memory: peak RSS of the worker's processing of the largest corpus PDF.

A fresh child process imports the worker's code, reads the file and runs everything the worker
does with the bytes short of AWS calls (`bench.p1_extraction.full_worker`), then reports its own
peak RSS (`VmHWM` from /proc/self/status: `ru_maxrss` would also count the benchmark process's
pages at fork time; it is the fallback off Linux). A baseline child does the same imports and reads
the file without processing it; the difference is what processing costs.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import ROOT, fake_env
from bench.p1_extraction import pdf_files

_CHILD = """
import json, resource, sys, time
from pathlib import Path
import chalicelib.extract.pipeline, chalicelib.extract.citations, chalicelib.domain.merge
from bench.p1_extraction import full_worker, _index_analyzer
_index_analyzer()
data = Path(sys.argv[1]).read_bytes()
t0 = time.perf_counter()
pages = full_worker(data, {{}}) if {work} else None
seconds = time.perf_counter() - t0
def peak_kb():
    # VmHWM starts afresh at exec; ru_maxrss also counts the parent's pages at fork time
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"peak_rss_kb": peak_kb(), "pages": pages, "seconds": seconds}}))
"""


def largest_pdf(corpus: Path | None) -> Path:

    files = pdf_files(corpus)
    if not files:
        raise RuntimeError(f"no PDFs under {corpus} or the fixtures")
    return max(files, key=lambda p: p.stat().st_size)


def _child(path: Path, work: bool) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", _CHILD.format(work=work), str(path)], cwd=ROOT,
                          env=fake_env(), capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"memory child failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(corpus: Path | None, log: Callable[[str], None] = print) -> dict[str, Any]:
    path = largest_pdf(corpus)
    worker = _child(path, True)
    baseline = _child(path, False)
    peak = worker["peak_rss_kb"] / 1024  # Linux reports kilobytes
    base = baseline["peak_rss_kb"] / 1024
    log(f"  memory: {path.name} ({path.stat().st_size / 1e6:.1f} MB, {worker['pages']} pages): "
        f"peak RSS {peak:.0f} MB, imports only {base:.0f} MB")
    return {
        "file": path.name,
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "pages": worker["pages"],
        "seconds": round(worker["seconds"], 2),
        "peak_rss_mb": round(peak, 1),
        "baseline_rss_mb": round(base, 1),
        "processing_rss_mb": round(peak - base, 1),
    }
