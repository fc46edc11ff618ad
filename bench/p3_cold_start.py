"""P3: cold start — importing `app.py` in a fresh interpreter, next to `import chalice, boto3`.

Each sample is a new `python -c` process (same interpreter, same fake AWS environment, cwd at the
project root) that times its own import with `time.perf_counter`, so interpreter start-up is left
out of both. Samples alternate app / baseline; the figure is median(app) ÷ median(baseline).
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
from typing import Any
from collections.abc import Callable

from bench import ROOT, fake_env

TARGET = 1.5

_CHILD = """
import json, sys, time
t0 = time.perf_counter()
{stmt}
t1 = time.perf_counter()
print(json.dumps({{"seconds": t1 - t0, "modules": len(sys.modules)}}))
"""

APP = "import app"
BASELINE = "import chalice, boto3"


def sample(stmt: str, python: str = sys.executable) -> dict[str, Any]:
    proc = subprocess.run([python, "-c", _CHILD.format(stmt=stmt)], cwd=ROOT, env=fake_env(),
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"{stmt!r} failed in a fresh interpreter:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(runs: int = 7, log: Callable[[str], None] = print) -> dict[str, Any]:
    sample(APP)  # warm the OS file cache and write .pyc files, untimed
    sample(BASELINE)
    app, base = [], []
    modules = {}
    for _ in range(runs):
        got = sample(APP)
        app.append(got["seconds"])
        modules["app"] = got["modules"]
        got = sample(BASELINE)
        base.append(got["seconds"])
        modules["baseline"] = got["modules"]
    app_med, base_med = statistics.median(app), statistics.median(base)
    log(f"  p3: import app {app_med * 1000:.0f} ms, import chalice, boto3 {base_med * 1000:.0f} ms (medians of {runs})")
    return {
        "runs": runs,
        "app_ms": round(app_med * 1000, 1),
        "baseline_ms": round(base_med * 1000, 1),
        "ratio": round(app_med / base_med, 3),
        "app_samples_ms": [round(x * 1000, 1) for x in app],
        "baseline_samples_ms": [round(x * 1000, 1) for x in base],
        "modules": modules,
    }
