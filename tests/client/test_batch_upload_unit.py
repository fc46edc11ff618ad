"""The batch path (POST /uploads/batch) and the journal's archive identity, against the fake."""
from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import httpx
import pytest

import archive_client.jobs as jobs_module
from archive_client.api import ArchiveClient
from archive_client.journal import Journal
from archive_client.manifest import discover
from archive_client.report import DUPLICATE, EXISTS, FAILED, SKIPPED, UPLOADED
from archive_client.uploader import Uploader
from tests.client.fake_archive import API, KEY, FakeArchive, problem
from tests.client.pdfs import make_pdf, write_pdfs


def api_for(fake: FakeArchive, **kwargs) -> ArchiveClient:
    return ArchiveClient(API, KEY, transport=fake.transport(), sleep=lambda s: None, **kwargs)


def api_calls(fake: FakeArchive) -> int:
    return sum(1 for r in fake.requests if r.url.host == "archive.test")


def test_batch_answers_archived_or_presigned_and_bytes_go_to_s3(tmp_path):
    fake = FakeArchive()
    paths = write_pdfs(tmp_path, 5)
    fake.add(paths[0].read_bytes(), case_id="cand-19-cv-07123", case_name="WhatsApp v. NSO")
    sent: list[int] = []
    report = Uploader(api_for(fake), workers=3).run(discover([tmp_path]), on_bytes=sent.append)
    by_name = {Path(r.path).name: r for r in report.results}
    assert by_name["doc001.pdf"].outcome == EXISTS and by_name["doc001.pdf"].case_id == "cand-19-cv-07123"
    assert [by_name[f"doc00{i}.pdf"].outcome for i in range(2, 6)] == [UPLOADED] * 4
    assert fake.count("POST", "/filings") == 0 and fake.count("GET", "/filings") == 0  # no per-file calls
    assert sum(1 for r in fake.requests if r.method == "PUT" and r.url.host == "s3.test") == 4
    # the progress counted only bytes really sent: the archived file sent nothing
    assert sum(sent) == report.bytes_sent == sum(p.stat().st_size for p in paths[1:])
    assert by_name["doc001.pdf"].bytes_sent == 0
    assert report.ok and report.archive_id == "arc_fake"


def test_a_bulk_upload_costs_less_than_one_api_call_per_file(tmp_path):
    fake = FakeArchive()
    write_pdfs(tmp_path, 240)
    report = Uploader(api_for(fake), workers=8).run(discover([tmp_path]))
    assert report.ok and report.counts() == {UPLOADED: 240}
    batches = fake.count("POST", "/uploads/batch")
    assert batches <= 240 / 10, batches  # one /health, then batches of many files
    assert api_calls(fake) == batches + 1 == report.api_calls


def test_each_run_of_one_uploader_counts_its_own_api_calls(tmp_path):
    fake = FakeArchive()
    first, second = tmp_path / "first", tmp_path / "second"
    write_pdfs(first, 12)
    write_pdfs(second, 3, start=100)
    uploader = Uploader(api_for(fake), workers=2)
    one = uploader.run(discover([first]))
    before = api_calls(fake)
    two = uploader.run(discover([second]))
    assert one.api_calls == before and two.api_calls == api_calls(fake) - before > 0


def test_sealed_duplicate_says_only_that_the_bytes_are_archived(tmp_path):
    fake = FakeArchive()
    data = make_pdf("sealed one")
    fake.add(data, sealed=True, title="SEALED DECLARATION")
    (tmp_path / "a.pdf").write_bytes(data)
    report = Uploader(api_for(fake)).run(discover([tmp_path]))
    (res,) = report.results
    assert res.outcome == EXISTS and res.filing_id and res.case_id is None and res.status is None


def test_a_503_on_a_batch_only_needed_waiting(tmp_path):
    fake = FakeArchive()
    write_pdfs(tmp_path, 3)
    fake.fail_first(1, lambda: problem(503, "Service unavailable"), method="POST", path="/uploads/batch")
    report = Uploader(api_for(fake), batch_size=1).run(discover([tmp_path]))
    assert report.ok and report.counts() == {UPLOADED: 3}
    assert fake.count("POST", "/uploads/batch") == 4


def test_per_item_problem_is_that_files_failure(tmp_path, monkeypatch):
    fake = FakeArchive()
    paths = write_pdfs(tmp_path, 3)
    big = paths[1]
    real_batch = fake._batch

    def batch(req):
        body = json.loads(req.read())
        for f in body["files"]:
            if f["filename"] == big.name:
                f["size"] = 600 * 1024 * 1024
        return real_batch(type("R", (), {"read": lambda self: json.dumps(body).encode()})())

    monkeypatch.setattr(fake, "_batch", batch)
    report = Uploader(api_for(fake)).run(discover([tmp_path]))
    by_name = {Path(r.path).name: r for r in report.results}
    assert by_name[big.name].outcome == FAILED and "413 Payload too large" in by_name[big.name].error
    assert by_name["doc001.pdf"].outcome == by_name["doc003.pdf"].outcome == UPLOADED


def test_an_archive_without_the_batch_route_gets_per_file_uploads(tmp_path):
    fake = FakeArchive(batch=False)
    write_pdfs(tmp_path, 4)
    report = Uploader(api_for(fake), workers=2).run(discover([tmp_path]))
    assert report.ok and report.counts() == {UPLOADED: 4}
    assert fake.count("POST", "/uploads/batch") == 1 and fake.count("POST", "/filings") == 4


def test_same_bytes_twice_in_one_batch_run_is_sent_once(tmp_path):
    fake = FakeArchive()
    data = make_pdf("twins")
    (tmp_path / "a.pdf").write_bytes(data)
    (tmp_path / "b.pdf").write_bytes(data)
    report = Uploader(api_for(fake), workers=4).run(discover([tmp_path]))
    assert sorted(r.outcome for r in report.results) == [DUPLICATE, UPLOADED]
    assert len(fake.filings) == 1 and len({r.filing_id for r in report.results}) == 1


def test_expired_presigned_url_is_asked_for_again_once(tmp_path):
    fake = FakeArchive()
    fake.fail_first(1, lambda: httpx.Response(403, text="<Error><Code>AccessDenied</Code>Request has expired</Error>"),
                    method="PUT")
    write_pdfs(tmp_path, 1)
    report = Uploader(api_for(fake)).run(discover([tmp_path]))
    assert report.ok and report.counts() == {UPLOADED: 1}
    assert fake.count("POST", "/uploads/batch") == 2


# ---------------------------------------------------------------------------------- journal truth
def test_journal_is_trusted_only_for_its_own_archive(tmp_path):
    fake = FakeArchive()
    src = tmp_path / "src"
    write_pdfs(src, 5)
    journal_file = tmp_path / "j.jsonl"
    first = Uploader(api_for(fake), journal=Journal(journal_file, API)).run(discover([src]))
    assert first.counts() == {UPLOADED: 5}
    assert {json.loads(line)["archive_id"] for line in journal_file.read_text().splitlines()} == {"arc_fake"}

    asked = fake.count("POST", "/uploads/batch")
    again = Uploader(api_for(fake), journal=Journal(journal_file, API)).run(discover([src]))
    assert again.counts() == {SKIPPED: 5} and fake.count("POST", "/uploads/batch") == asked  # nothing asked

    fake.reset()  # `make serve-fresh`: same URL, an empty archive with a new identity
    after_reset = Uploader(api_for(fake), journal=Journal(journal_file, API)).run(discover([src]))
    assert after_reset.ok and after_reset.counts() == {UPLOADED: 5}, after_reset.counts()
    assert after_reset.reverified == 5 and len(fake.filings) == 5
    assert after_reset.archive_id == "arc_reset"

    settled = Uploader(api_for(fake), journal=Journal(journal_file, API)).run(discover([src]))
    assert settled.counts() == {SKIPPED: 5} and settled.reverified == 0


def test_journal_of_a_partly_reset_archive_reuploads_only_what_is_missing(tmp_path):
    fake = FakeArchive()
    src = tmp_path / "src"
    paths = write_pdfs(src, 4)
    journal_file = tmp_path / "j.jsonl"
    Uploader(api_for(fake), journal=Journal(journal_file, API)).run(discover([src]))
    fake.reset()
    fake.add(paths[0].read_bytes())  # the new archive happens to hold one of them
    report = Uploader(api_for(fake), journal=Journal(journal_file, API)).run(discover([src]))
    assert report.counts() == {EXISTS: 1, UPLOADED: 3} and report.reverified == 4


def test_journal_without_archive_identity_is_verified(tmp_path):
    fake = FakeArchive()
    src = tmp_path / "src"
    paths = write_pdfs(src, 2)
    journal_file = tmp_path / "j.jsonl"
    # a journal an older client wrote: URL only
    journal_file.write_text("".join(json.dumps({"url": API, "sha256": hashlib.sha256(
        p.read_bytes()).hexdigest(), "filing_id": "fl_gone", "status": "ready"}) + "\n" for p in paths))
    report = Uploader(api_for(fake), journal=Journal(journal_file, API)).run(discover([src]))
    assert report.counts() == {UPLOADED: 2} and report.reverified == 2


def test_empty_file_is_an_empty_file(tmp_path):
    fake = FakeArchive()
    (tmp_path / "empty.pdf").write_bytes(b"")
    report = Uploader(api_for(fake)).run(discover([tmp_path]))
    assert report.results[0].outcome == FAILED and report.results[0].error == "empty file"


@pytest.mark.parametrize("use_batch", [True, False])
def test_interrupt_journals_what_was_in_flight(tmp_path, use_batch):
    fake = FakeArchive()
    src = tmp_path / "src"
    write_pdfs(src, 30)
    journal_file = tmp_path / "j.jsonl"
    seen = []

    def stop_after_5(result):
        seen.append(result)
        if len(seen) == 5:
            raise KeyboardInterrupt

    first = Uploader(api_for(fake), workers=3, journal=Journal(journal_file, API), use_batch=use_batch).run(
        discover([src]), on_result=stop_after_5)
    assert first.interrupted
    archived = {f["sha256"] for f in fake.filings.values() if f["id"] in fake.blobs}
    journaled = {json.loads(line)["sha256"] for line in journal_file.read_text().splitlines()}
    assert archived == journaled and len(first.results) == len(journaled)
    second = Uploader(api_for(fake), journal=Journal(journal_file, API)).run(discover([src]))
    assert second.ok and second.counts()[SKIPPED] == len(journaled)
    assert len({f["id"] for f in fake.filings.values() if f["id"] in fake.blobs}) == 30


@pytest.mark.parametrize("wait", [False, True])
def test_a_twin_hashed_after_the_first_was_answered_still_finishes(tmp_path, monkeypatch, wait):
    """Hashing runs beside the uploads: the second copy may be hashed only after the first is done."""
    fake = FakeArchive(process=(lambda f: None) if wait else None)
    data = make_pdf("late twin")
    (tmp_path / "a.pdf").write_bytes(data)
    (tmp_path / "b.pdf").write_bytes(data)
    real = jobs_module.sha256_file
    first_done = threading.Event()

    def slow_for_b(path, *a, **k):
        if path.name == "b.pdf":
            first_done.wait(5)
        return real(path, *a, **k)

    monkeypatch.setattr(jobs_module, "sha256_file", slow_for_b)  # where a job is hashed

    def on_result(res):
        first_done.set()

    if wait:
        original = fake.handle

        def handle(req):
            if req.method == "GET" and req.url.path.startswith("/filings/"):
                first_done.set()
                fid = req.url.path.rsplit("/", 1)[-1]
                if fid in fake.filings and fake.polls.get(fid, 0) >= 1:
                    fake.filings[fid]["status"] = "ready"
            return original(req)

        api = ArchiveClient(API, KEY, transport=httpx.MockTransport(handle), sleep=lambda s: None)
    else:
        api = api_for(fake)
    report = Uploader(api, workers=2, wait=wait, wait_timeout=30).run(discover([tmp_path]), on_result=on_result)
    assert sorted(r.outcome for r in report.results) == [DUPLICATE, UPLOADED]
    assert len({r.filing_id for r in report.results}) == 1 and len(fake.filings) == 1
