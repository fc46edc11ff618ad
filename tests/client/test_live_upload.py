"""Bulk upload against the real app (API + moto; no worker: uploads need no processing).

* 50 files with 4 workers, interrupted midway, resumed → all present, no duplicates;
* injected 503s and a 429 with Retry-After are retried; a corrupt file is reported, the run continues.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from archive_client.journal import Journal
from archive_client.manifest import discover
from archive_client.report import DUPLICATE, FAILED, SKIPPED, UPLOADED
from archive_client.uploader import Uploader
from tests.client.live_helpers import Flaky, client_for
from tests.client.pdfs import write_pdfs

LIVE_WORKER = False


# ---------------------------------------------------------------------------------- upload
def test_interrupted_upload_of_50_files_resumes_without_duplicates(live, tmp_path):
    src = tmp_path / "batch"
    paths = write_pdfs(src, 50, prefix="bulk", docket="4:19-cv-07123-PJH")
    journal_file = tmp_path / "state.jsonl"
    transport = Flaky()
    api = client_for(live, transport)

    done = []

    def interrupt_after_20(result):
        done.append(result)
        if len(done) == 20:
            raise KeyboardInterrupt  # as Ctrl-C would

    first = Uploader(api, workers=4, journal=Journal(journal_file, api.base_url)).run(
        discover([src]), on_result=interrupt_after_20)
    assert first.interrupted and 20 <= len(first.results) < 50
    assert all(r.outcome == UPLOADED for r in first.results), [r.error for r in first.results]
    journaled = {json.loads(line)["sha256"] for line in journal_file.read_text().splitlines()}
    assert len(journaled) == len(first.results)

    posts_before = sum(1 for m, p in transport.sent if m == "POST")
    puts_before = sum(1 for m, p in transport.sent if m == "PUT")
    second = Uploader(api, workers=4, journal=Journal(journal_file, api.base_url)).run(discover([src]))
    assert second.ok, [r.error for r in second.failed]
    counts = second.counts()
    assert counts.get(SKIPPED) == len(first.results)
    assert counts.get(UPLOADED) == 50 - len(first.results)
    assert DUPLICATE not in counts  # nothing was sent twice
    # only the missing bytes went out, straight to S3, and a few requests asked about them
    assert sum(1 for m, p in transport.sent if m == "PUT") - puts_before == 50 - len(first.results)
    # Batches grow from the worker count (4, 8, 16, …) so the first answer comes back fast: the
    # missing files take about log2(missing / 4) batches, plus the journal's verification request
    # and one partial batch when hashing outruns the answers — a few, never one per file.
    missing = 50 - len(first.results)
    asked = sum(1 for m, p in transport.sent if m == "POST") - posts_before
    assert asked <= math.ceil(math.log2(missing / 4 + 1)) + 2, (asked, missing)

    # all 50 are in the archive, each once
    ids = set()
    for path in paths:
        found = api.find_by_sha256(hashlib.sha256(path.read_bytes()).hexdigest())
        assert found is not None, path
        ids.add(found.id)
    assert len(ids) == 50
    assert {r.filing_id for r in first.results + second.results} == ids

    # a third run asks nothing but who the archive is
    sent_before = len(transport.sent)
    third = Uploader(api, workers=4, journal=Journal(journal_file, api.base_url)).run(discover([src]))
    assert third.counts() == {SKIPPED: 50} and transport.sent[sent_before:] == [("GET", "/health")]


def _interrupted_cli_run(live, folder: Path, total: int) -> tuple[list[str], subprocess.CompletedProcess, Path]:
    """The CLI uploading `total` files one at a time, sent SIGINT after its 4th journal line."""
    write_pdfs(folder, total, prefix=folder.name, docket="4:19-cv-07123-PJH", filed="03/03/25")
    state = folder.parent / f"{folder.name}.jsonl"
    env = {**os.environ, "ARCHIVE_URL": live.api_url, "ARCHIVE_KEY": live.admin_key}
    cmd = [sys.executable, "-m", "archive_client.cli", "upload", str(folder), "--workers", "1",
           "--state", str(state), "-q", "--json"]
    # Ctrl-C as a terminal delivers it: a suite started in the background (`make test &`, CI
    # runners, nohup) inherits SIGINT as ignored, and Python then never raises KeyboardInterrupt —
    # the CLI rightly keeps going, as any Unix program started with `&` does.
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not state.exists() or len(state.read_text().splitlines()) < 4):
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return cmd, subprocess.CompletedProcess(cmd, proc.returncode, out, err), state


def test_cli_ctrl_c_stops_cleanly_and_a_rerun_uploads_only_the_rest(live, tmp_path):
    total = 120  # sent one at a time: the run cannot finish between the 4th journal line and SIGINT
    cmd, first_run, state = _interrupted_cli_run(live, tmp_path / "sigint", total)
    journaled = len(state.read_text().splitlines())
    assert journaled < total, "the run finished: SIGINT was not honoured"
    assert first_run.returncode == 130, first_run.stderr
    first = json.loads(first_run.stdout)
    assert first["interrupted"] and first["not_attempted"] > 0
    assert journaled >= 4

    env = {**os.environ, "ARCHIVE_URL": live.api_url, "ARCHIVE_KEY": live.admin_key}
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    counts = json.loads(again.stdout)["counts"]
    assert counts == {"skipped": journaled, "uploaded": total - journaled}


def test_injected_503s_and_429_are_retried_and_a_corrupt_file_does_not_stop_the_run(live, tmp_path):
    src = tmp_path / "flaky"
    write_pdfs(src, 6, prefix="flaky", docket="4:19-cv-07123-PJH", filed="01/02/25")
    (src / "corrupt.pdf").write_bytes(b"this is not a PDF, whatever its name says\n" * 20)
    transport, sleeps = Flaky(), []
    transport.fail("POST", "/uploads/batch", 3, 503)
    transport.fail("POST", "/uploads/batch", 1, 429, {"Retry-After": "2"})
    transport.fail("PUT", "/", 1, 502)  # S3 too
    api = client_for(live, transport, sleeps)

    report = Uploader(api, workers=4).run(discover([src]))
    by_name = {Path(r.path).name: r for r in report.results}
    assert len(report.results) == 7
    assert by_name["corrupt.pdf"].outcome == FAILED and "not a PDF" in by_name["corrupt.pdf"].error
    assert all(r.outcome == UPLOADED for n, r in by_name.items() if n != "corrupt.pdf"), report.to_json()
    assert [s for _, _, s in transport.injected].count(503) == 3
    assert 2.0 in sleeps  # Retry-After honoured
    assert len(sleeps) == 5 and not report.ok
