"""The local archive keeps what it acknowledged: across Ctrl-C, restarts, and kill -9 of its processes.

Each test runs `python -m tools.serve` on its own data dir and free ports and talks to it over
HTTP, as a person would. No wall-clock assertions: waits poll until a generous deadline.
"""
from __future__ import annotations

import hashlib
import os
import signal

import pytest

from tests.tools.serve_process import FIXTURE_PDFS, Serve, all_done, poll, upload

pytestmark = pytest.mark.skipif(not FIXTURE_PDFS, reason="no fixture PDFs")


def test_everything_survives_a_restart_and_seeding_is_idempotent(tmp_path):
    data = tmp_path / "archive"
    with Serve(data, seed=True) as first:
        poll(lambda: first.said(r"^seeded \d+ fixture filings"), "the fixtures to be seeded")
        assert first.said(r"0 were already archived")
        admin, writer = first.http("admin"), first.http("write")
        fixture = FIXTURE_PDFS[0]
        data_bytes = fixture.read_bytes()
        found = admin.post("/uploads", json={"sha256": hashlib.sha256(data_bytes).hexdigest(),
                                             "size": len(data_bytes)}).json()
        assert found["duplicate"] is True
        sealed_id = found["filing"]["id"]
        assert admin.patch(f"/filings/{sealed_id}", json={"sealed": True}).status_code == 200
        minted = admin.post("/admin/keys", json={"name": "clerk laptop", "scopes": ["read"]}).json()
        changes = admin.get("/changes", params={"limit": 500}).json()
        content = admin.get(f"/filings/{sealed_id}/content", follow_redirects=True).content
        keys = dict(first.keys)
        assert writer.get(f"/filings/{sealed_id}").status_code == 404  # sealed: invisible to the write key

    with Serve(data, seed=True) as second:
        assert second.keys == keys, "the printed keys stay the same"
        poll(lambda: second.said(r"^seeded \d+ fixture filings"), "seeding after the restart")
        assert second.said(r"\(\d+ ready; \d+ were already archived, 0 uploaded\)"), second.lines[-5:]
        admin, writer = second.http("admin"), second.http("write")
        record = admin.get(f"/filings/{sealed_id}").json()
        assert record["sealed"] is True and record["status"] == "ready"
        assert writer.get(f"/filings/{sealed_id}").status_code == 404
        assert admin.get(f"/filings/{sealed_id}/content", follow_redirects=True).content == content
        assert hashlib.sha256(content).hexdigest() == record["sha256"]
        after = admin.get("/changes", params={"limit": 500}).json()["results"]
        feed = lambda items: [(c["seq"], c["kind"], c["filing_id"], c["at"]) for c in items]  # noqa: E731
        # (links in the embedded filings are absolute: the restarted API may listen on another port)
        assert feed(after[:len(changes["results"])]) == feed(changes["results"]), "the change feed is kept as it was"
        clerk = second.http("read")
        clerk.headers["Authorization"] = f"Bearer {minted['key']}"
        assert clerk.get(f"/filings/{sealed_id}").status_code == 404  # a minted key works, sealing holds
        body = admin.get("/admin/keys").json()
        listed = {k["key_id"] for k in body.get("results") or body.get("keys") or []}
        assert minted["key_id"] in listed
        again = upload(writer, FIXTURE_PDFS[1])
        assert again["duplicate"] is True


def test_filings_left_processing_are_processed_after_a_restart(tmp_path):
    data = tmp_path / "archive"
    with Serve(data, workers=0) as idle:  # no worker: the uploads stay `processing`
        ids = [upload(idle.http(), path)["id"] for path in FIXTURE_PDFS[:3]]
        assert {idle.http().get(f"/filings/{i}").json()["status"] for i in ids} == {"processing"}
    with Serve(data, workers=1) as busy:
        assert busy.said(r"queued again\s+3 uploads")
        docs = poll(lambda: all_done(busy.http(), ids), "the recovered filings to be processed")
        assert {d["status"] for d in docs} == {"ready"}


def test_kill_9_of_the_worker_and_of_the_stand_in_loses_nothing(tmp_path):
    data = tmp_path / "archive"
    with Serve(data, workers=1) as serve:
        http = serve.http()
        ids = [upload(http, path)["id"] for path in FIXTURE_PDFS[:4]]
        os.kill(serve.pids["workers"][0], signal.SIGKILL)
        poll(lambda: serve.said(r"ingest worker restarted"), "the supervisor to restart the worker")
        poll(lambda: all_done(http, ids), "processing after the worker's death")
        health = poll(lambda: http.get("/health").json() if http.get("/health").status_code == 200 else None,
                      "a healthy archive with a live worker")
        assert health["worker"]["alive"] is True

        more = [upload(http, path)["id"] for path in FIXTURE_PDFS[4:7]]  # acknowledged 2xx
        os.kill(serve.pids["moto"][0], signal.SIGKILL)
        poll(lambda: serve.said(r"the AWS stand-in is back"), "the supervisor to restart the stand-in")
        docs = poll(lambda: all_done(http, ids + more), "every acknowledged upload to be processed")
        assert {d["status"] for d in docs} == {"ready"}
        assert len({d["id"] for d in docs}) == len(ids + more)
    with Serve(data, workers=0) as after:  # and all of it is still there after a clean restart
        statuses = [after.http().get(f"/filings/{i}").json()["status"] for i in ids + more]
        assert statuses == ["ready"] * len(ids + more)
