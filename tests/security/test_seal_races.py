"""A seal applied while the worker is busy with the filing is never undone (issue #10, item 1).

Each interleaving is forced deterministically: a wrapper around one step of the worker (or of the
seal) runs the other party at exactly that point, once. No sleeps, no threads. After every
interleaving the filing is ready and sealed, a read key cannot learn it exists on any surface
(get, content, text, sha lookup, docket, search hits, search facets, change feed, case tallies),
and a key with `sealed:read` sees it everywhere.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from chalicelib.adapters import blobs, filings_repo
from chalicelib.services import search
from tests.api.test_sealed import CASE, surfaces

PDFS = Path(__file__).resolve().parents[2] / "fixtures" / "pdfs"
WORD = "dismiss"


class Once:
    """Wrap `module.name` so that `action` runs once, before or after the wrapped call."""

    def __init__(self, monkeypatch, module, name, action, after=False):
        self.original = getattr(module, name)
        self.action, self.after, self.fired = action, after, False
        monkeypatch.setattr(module, name, self)

    def __call__(self, *args, **kwargs):
        if self.fired:
            return self.original(*args, **kwargs)
        self.fired = True
        if not self.after:
            self.action()
            return self.original(*args, **kwargs)
        out = self.original(*args, **kwargs)
        self.action()
        return out


def _seal(archive, filing_id):
    def action():
        resp = archive.request("PATCH", f"/filings/{filing_id}", body={"sealed": True})
        assert resp.status_code == 200, resp.body
        assert resp.json["sealed"] is True
    return action


def _assert_sealed_everywhere(archive, filing_id, sha):
    seen = archive.get(f"/filings/{filing_id}", key="sealed").json
    assert seen["status"] == "ready" and seen["sealed"] is True, seen
    assert seen["case_id"] == CASE and seen["document_number"] == "111", seen
    hidden = surfaces(archive, "read", filing_id, sha, WORD, party="NSO")
    assert not any(hidden.values()), hidden
    assert archive.get(f"/cases/{CASE}", key="read").status_code == 404  # known only from a sealed filing
    feed = archive.get("/changes?limit=1000", key="read").json["results"]
    assert all(c["filing"] is None for c in feed if c["filing_id"] == filing_id), feed
    visible = surfaces(archive, "sealed", filing_id, sha, WORD, party="NSO")
    assert all(visible[k] for k in ("get", "text", "sha", "docket", "search", "search_filter", "party")), visible
    case = archive.get(f"/cases/{CASE}", key="sealed").json
    assert case["filing_count"] == 1 and case["filing_counts"] == {"order": 1}, case
    facets = archive.get(f"/search?case_id={CASE}", key="sealed").json
    assert facets["total"] == 1 and facets["facets"]["document_type"] == {"order": 1}, facets


# Points in the worker's run at which the seal lands: (module, function, seal after the call?)
WORKER_STEPS = {
    "before extraction": (blobs, "get_original", False),
    "after extraction, before indexing": (blobs, "put_text", False),
    "after indexing, before the commit": (search, "index_filing", True),
    "between the commit's read and its transaction": (filings_repo, "put_op", False),
}


@pytest.mark.parametrize("step", list(WORKER_STEPS))
def test_a_seal_during_processing_survives_the_workers_commit(archive, monkeypatch, step):
    data = (PDFS / "syn08.pdf").read_bytes()
    upload = archive.upload(data)
    assert upload.status_code == 202
    filing_id = upload.json["id"]
    module, name, after = WORKER_STEPS[step]
    hook = Once(monkeypatch, module, name, _seal(archive, filing_id), after=after)
    archive.drain()
    assert hook.fired
    _assert_sealed_everywhere(archive, filing_id, hashlib.sha256(data).hexdigest())


def test_a_seal_that_read_the_filing_before_the_worker_committed_keeps_the_workers_result(archive, monkeypatch):
    """The seal reads a `processing` filing, the worker finishes, then the seal writes."""
    data = (PDFS / "syn08.pdf").read_bytes()
    filing_id = archive.upload(data).json["id"]
    hook = Once(monkeypatch, filings_repo, "put_op", lambda: archive.drain())
    _seal(archive, filing_id)()
    assert hook.fired
    _assert_sealed_everywhere(archive, filing_id, hashlib.sha256(data).hexdigest())


def test_a_seal_before_processing_starts_is_kept(archive):
    data = (PDFS / "syn08.pdf").read_bytes()
    filing_id = archive.upload(data).json["id"]
    _seal(archive, filing_id)()
    archive.drain()
    _assert_sealed_everywhere(archive, filing_id, hashlib.sha256(data).hexdigest())


def test_a_seal_during_a_reprocess_survives_it(archive, monkeypatch):
    data = (PDFS / "syn08.pdf").read_bytes()
    filing_id = archive.ingest(data)["id"]
    assert archive.request("POST", f"/filings/{filing_id}/reprocess").status_code == 202
    hook = Once(monkeypatch, search, "index_filing", _seal(archive, filing_id), after=True)
    archive.drain()
    assert hook.fired
    _assert_sealed_everywhere(archive, filing_id, hashlib.sha256(data).hexdigest())
    kinds = [c["kind"] for c in archive.get("/changes?limit=1000", key="sealed").json["results"]
             if c["filing_id"] == filing_id]
    assert kinds[0] == "created" and "sealed" in kinds, kinds
