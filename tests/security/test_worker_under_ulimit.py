"""Issue #10 acceptance: the worker under `ulimit -v 3008M` (the production worker's memory)
survives every bomb in the suite: each ends failed/too_complex, and the next filing is read."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.security import bombs

ROOT = Path(__file__).resolve().parents[2]


def test_the_worker_under_ulimit_3008m_survives_every_bomb():
    env = {**os.environ, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "3008",
           "ARCHIVE_EXTRACT_TIMEOUT_S": "15", "PYTHONPATH": str(ROOT)}
    env.pop("ARCHIVE_EXTRACT_MEMORY_MB", None)  # derived from the function's memory
    script = f"ulimit -v {3008 * 1024} && exec {sys.executable} -m tests.security.worker_under_ulimit"
    run = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    outcomes = json.loads(run.stdout.strip().splitlines()[-1])
    assert outcomes.pop("ordinary filing") == ["ready", None]
    assert outcomes == {name: ["failed", "too_complex"] for name in bombs.BOMBS}
