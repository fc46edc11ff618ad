"""The bulk uploader against the in-memory fake: discovery, manifests, skip-known, resume, failures."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx
import pytest

from archive_client.api import ArchiveClient
from archive_client.journal import Journal
from archive_client.manifest import ManifestError, discover
from archive_client.report import DRY_RUN, DUPLICATE, EXISTS, FAILED, SKIPPED, UPLOADED
from archive_client.uploader import Uploader
from tests.client.fake_archive import API, KEY, FakeArchive, problem
from tests.client.pdfs import make_pdf, write_pdfs


def api_for(fake: FakeArchive) -> ArchiveClient:
    return ArchiveClient(API, KEY, transport=fake.transport(), sleep=lambda s: None)


PER_FILE = {"use_batch": False}  # the per-file routes (archives without POST /uploads/batch)


# ---------------------------------------------------------------------------------- discovery
def test_discover_files_and_directories_recursively(tmp_path):
    write_pdfs(tmp_path / "a", 2)
    write_pdfs(tmp_path / "a" / "nested" / "deeper", 2, prefix="n")
    (tmp_path / "a" / "notes.txt").write_text("not a pdf")
    (tmp_path / "a" / ".hidden.pdf").write_bytes(make_pdf("hidden"))
    (tmp_path / "a" / "UPPER.PDF").write_bytes(make_pdf("upper"))
    single = tmp_path / "single.bin"
    single.write_bytes(make_pdf("explicit files are taken as given"))
    items = discover([tmp_path / "a", single, tmp_path / "a" / "doc001.pdf"])
    names = sorted(i.path.name for i in items)
    assert names == ["UPPER.PDF", "doc001.pdf", "doc002.pdf", "n001.pdf", "n002.pdf", "single.bin"]


def test_discover_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "nope"])


def test_csv_manifest_with_hints_relative_paths(tmp_path):
    write_pdfs(tmp_path / "pdfs", 3)
    manifest = tmp_path / "batch.csv"
    manifest.write_text(
        "path,court,docket_number,document_number,attachment_number,sealed,title\n"
        "pdfs/doc001.pdf,cand,4:19-cv-07123,144,2,yes,Order\n"
        "pdfs/doc002.pdf,,,145,,,\n"
        "\n"
        f"{tmp_path / 'pdfs' / 'doc003.pdf'},cand,,,,false,\n"
    )
    items = discover([manifest])
    assert [i.path.name for i in items] == ["doc001.pdf", "doc002.pdf", "doc003.pdf"]
    assert items[0].hints == {"court": "cand", "docket_number": "4:19-cv-07123", "document_number": "144",
                              "attachment_number": 2, "sealed": True, "title": "Order"}
    assert items[1].hints == {"document_number": "145"}
    assert items[2].hints == {"court": "cand", "sealed": False}
    assert items[0].source.endswith("batch.csv:2")


def test_jsonl_manifest_flat_and_nested_hints(tmp_path):
    write_pdfs(tmp_path, 2)
    manifest = tmp_path / "batch.jsonl"
    manifest.write_text(
        json.dumps({"path": "doc001.pdf", "court": "cand", "document_number": "7"}) + "\n"
        "# comments and blank lines are fine\n\n"
        + json.dumps({"file": "doc002.pdf", "hints": {"date_filed": "2024-12-20", "sealed": False}}) + "\n"
    )
    items = discover([manifest])
    assert items[0].hints == {"court": "cand", "document_number": "7"}
    assert items[1].hints == {"date_filed": "2024-12-20", "sealed": False}


@pytest.mark.parametrize("content, message", [
    ("path,colour\nx.pdf,red\n", "unknown column 'colour'"),
    ("name,court\nx.pdf,cand\n", "no path column"),
    ("path,sealed\ndoc001.pdf,maybe\n", "sealed must be true or false"),
    ("path\nmissing.pdf\n", "no such file"),
])
def test_bad_csv_manifests_name_the_line(tmp_path, content, message):
    write_pdfs(tmp_path, 1)
    manifest = tmp_path / "m.csv"
    manifest.write_text(content)
    with pytest.raises(ManifestError, match=message):
        discover([manifest])


def test_bad_jsonl_manifest_line(tmp_path):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"path": "a.pdf"\n')
    with pytest.raises(ManifestError, match=r"m.jsonl:1: not JSON"):
        discover([manifest])


# ---------------------------------------------------------------------------------- uploading
def test_uploads_skip_what_the_archive_holds(tmp_path):
    fake = FakeArchive()
    paths = write_pdfs(tmp_path, 5)
    fake.add(paths[0].read_bytes())  # already archived
    report = Uploader(api_for(fake), workers=3, **PER_FILE).run(discover([tmp_path]))
    outcomes = {Path(r.path).name: r.outcome for r in report.results}
    assert outcomes == {"doc001.pdf": EXISTS, **{f"doc00{i}.pdf": UPLOADED for i in range(2, 6)}}
    assert fake.count("POST", "/filings") == 4
    assert report.ok and len(fake.filings) == 5


def test_large_files_go_presigned_and_413_falls_back(tmp_path):
    fake = FakeArchive()
    small, big = tmp_path / "small.pdf", tmp_path / "big.pdf"
    small.write_bytes(make_pdf("small"))
    big.write_bytes(make_pdf("big " * 2000))
    limit = len(small.read_bytes()) + 1
    assert len(big.read_bytes()) > limit
    # small is under the limit but the server says 413 → falls back to presigned; big goes presigned
    fake.fail_first(1, lambda: problem(413, "Payload too large"), method="POST", path="/filings")
    report = Uploader(api_for(fake), workers=1, direct_limit=limit, **PER_FILE).run(discover([small, big]))
    assert all(r.outcome == UPLOADED for r in report.results), report.results
    assert {r.method for r in report.results} == {"presigned"}
    assert fake.count("POST", "/filings") == 1 and fake.count("POST", "/uploads") == 2
    assert all(f["status"] == "ready" for f in fake.filings.values())


def test_corrupt_file_is_reported_and_the_run_continues(tmp_path):
    fake = FakeArchive()
    write_pdfs(tmp_path, 3)
    (tmp_path / "doc002.pdf").write_bytes(b"\x00\x01 this is not a pdf")
    (tmp_path / "empty.pdf").write_bytes(b"")
    report = Uploader(api_for(fake), workers=2).run(discover([tmp_path]))
    by_name = {Path(r.path).name: r for r in report.results}
    assert by_name["doc002.pdf"].outcome == FAILED and "not a PDF" in by_name["doc002.pdf"].error
    assert by_name["empty.pdf"].outcome == FAILED and by_name["empty.pdf"].error == "empty file"
    assert by_name["doc001.pdf"].outcome == by_name["doc003.pdf"].outcome == UPLOADED
    assert not report.ok and len(report.failed) == 2


def test_processing_failure_counts_as_failure_when_waiting(tmp_path):
    def process(filing):
        filing["status"] = "failed" if "002" in (filing.get("filename") or "") else "ready"
        if filing["status"] == "failed":
            filing["error"] = {"code": "unreadable", "message": "the PDF could not be parsed"}

    fake = FakeArchive(process=process)
    write_pdfs(tmp_path, 3)
    report = Uploader(api_for(fake), workers=2, wait=True).run(discover([tmp_path]))
    failed = [r for r in report.results if not r.ok]
    assert [Path(r.path).name for r in failed] == ["doc002.pdf"]
    assert failed[0].error == "the PDF could not be parsed"


def test_wait_polls_filings_until_processed_without_blocking_uploads(tmp_path):
    fake = FakeArchive(process=lambda f: None)  # stays "processing" until polled a few times

    def handler(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        fid = request.url.path.rsplit("/", 1)[-1]
        if request.method == "GET" and fid in fake.filings and fake.polls.get(fid, 0) >= 2:
            fake.filings[fid]["status"] = "ready"
        return response

    write_pdfs(tmp_path, 4)
    api = ArchiveClient(API, KEY, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    report = Uploader(api, workers=2, wait=True, wait_timeout=30).run(discover([tmp_path]))
    assert [r.status for r in report.results] == ["ready"] * 4
    assert report.ok


def test_same_bytes_twice_in_one_run_is_sent_once(tmp_path):
    fake = FakeArchive()
    data = make_pdf("twins")
    (tmp_path / "a.pdf").write_bytes(data)
    (tmp_path / "b.pdf").write_bytes(data)
    report = Uploader(api_for(fake), workers=4, **PER_FILE).run(discover([tmp_path]))
    assert sorted(r.outcome for r in report.results) == [DUPLICATE, UPLOADED]
    assert len(fake.filings) == 1 and fake.count("POST", "/filings") == 1


def test_dry_run_sends_nothing(tmp_path):
    fake = FakeArchive()
    paths = write_pdfs(tmp_path, 3)
    fake.add(paths[2].read_bytes())
    report = Uploader(api_for(fake), dry_run=True).run(discover([tmp_path]))
    assert sorted(r.outcome for r in report.results) == [EXISTS, DRY_RUN, DRY_RUN]
    assert fake.count("POST", "/") == 0 and len(fake.filings) == 1


def test_injected_503_and_429_during_bulk_upload_are_retried(tmp_path):
    fake = FakeArchive()
    fake.fail_first(4, lambda: problem(503, "Service unavailable"), method="POST", path="/filings")
    fake.fail_first(1, lambda: problem(429, "Too many requests", headers={"Retry-After": "1"}), method="GET")
    sleeps: list[float] = []
    api = ArchiveClient(API, KEY, transport=fake.transport(), sleep=sleeps.append, backoff=0.01)
    write_pdfs(tmp_path, 6)
    report = Uploader(api, workers=3, **PER_FILE).run(discover([tmp_path]))
    assert report.ok and len(fake.filings) == 6
    assert 1.0 in sleeps and len(sleeps) == 5


# ---------------------------------------------------------------------------------- resuming
def test_interrupted_run_resumes_from_the_journal(tmp_path):
    fake = FakeArchive()
    src = tmp_path / "src"
    write_pdfs(src, 20)
    journal_file = tmp_path / "state.jsonl"

    seen = []

    def stop_after_8(result):
        seen.append(result)
        if len(seen) == 8:
            raise KeyboardInterrupt

    first = Uploader(api_for(fake), workers=2, journal=Journal(journal_file, API), **PER_FILE).run(
        discover([src]), on_result=stop_after_8)
    assert first.interrupted and not first.ok
    archived = len(fake.filings)
    assert 8 <= archived < 20
    journaled = [json.loads(line) for line in journal_file.read_text().splitlines()]
    assert len(journaled) == archived  # everything accepted was journaled, in-flight ones too

    lookups_before = fake.count("GET", "/filings")
    second = Uploader(api_for(fake), workers=4, journal=Journal(journal_file, API), **PER_FILE).run(discover([src]))
    assert second.ok and len(fake.filings) == 20
    counts = second.counts()
    assert counts[SKIPPED] == archived and counts[UPLOADED] == 20 - archived
    # the journal answered for the files already done: no sha lookups for them
    assert fake.count("GET", "/filings") - lookups_before == 20 - archived
    assert len({f["sha256"] for f in fake.filings.values()}) == 20


def test_journal_skips_rehashing_unchanged_files_and_ignores_other_servers(tmp_path):
    fake = FakeArchive()
    paths = write_pdfs(tmp_path / "src", 2)
    journal_file = tmp_path / "j.jsonl"
    Uploader(api_for(fake), journal=Journal(journal_file, API)).run(discover([tmp_path / "src"]))
    journal = Journal(journal_file, API)
    assert journal.sha_for(paths[0]) == hashlib.sha256(paths[0].read_bytes()).hexdigest()
    paths[0].write_bytes(make_pdf("changed"))
    assert journal.sha_for(paths[0]) is None  # size/mtime changed → hash again
    assert Journal(journal_file, "http://elsewhere").by_sha == {}


def test_torn_journal_line_is_ignored(tmp_path):
    journal_file = tmp_path / "j.jsonl"
    journal_file.write_text(json.dumps({"url": API, "sha256": "a" * 64, "filing_id": "fl_1", "status": "ready"})
                            + "\n{\"url\": \"http://archive.te")
    assert list(Journal(journal_file, API).by_sha) == ["a" * 64]


def test_waiting_journals_the_final_status(tmp_path):
    fake = FakeArchive(process=lambda f: None)

    def handler(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        fid = request.url.path.rsplit("/", 1)[-1]
        if request.method == "GET" and fid in fake.filings:
            fake.filings[fid]["status"] = "ready"
        return response

    write_pdfs(tmp_path / "src", 2)
    journal_file = tmp_path / "j.jsonl"
    api = ArchiveClient(API, KEY, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    Uploader(api, wait=True, journal=Journal(journal_file, API)).run(discover([tmp_path / "src"]))
    statuses = [json.loads(line)["status"] for line in journal_file.read_text().splitlines()]
    assert sorted(statuses) == ["processing", "processing", "ready", "ready"]
    assert {e["status"] for e in Journal(journal_file, API).by_sha.values()} == {"ready"}


def test_a_key_without_write_scope_stops_the_run(tmp_path):
    fake = FakeArchive()
    fake.fail_first(100, lambda: problem(403, "Missing scope", "this key lacks the 'write' scope"), method="POST")
    write_pdfs(tmp_path, 30)
    report = Uploader(api_for(fake), workers=2, **PER_FILE).run(discover([tmp_path]))
    assert report.aborted and "write" in report.aborted and not report.ok
    assert report.not_attempted > 0 and fake.count("POST", "/filings") < 10


def test_an_expired_presigned_url_is_replaced_once(tmp_path):
    fake = FakeArchive()
    fake.fail_first(1, lambda: httpx.Response(403, text="<Error><Code>AccessDenied</Code>Request has expired</Error>"),
                    method="PUT")
    write_pdfs(tmp_path, 1)
    report = Uploader(api_for(fake), direct_limit=10, **PER_FILE).run(discover([tmp_path]))
    assert report.ok and report.results[0].method == "presigned"
    assert fake.count("POST", "/uploads") == 2


def test_an_unreachable_archive_stops_the_run(tmp_path):
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    write_pdfs(tmp_path, 20)
    api = ArchiveClient(API, KEY, transport=httpx.MockTransport(down), sleep=lambda s: None, max_retries=2)
    report = Uploader(api, workers=2).run(discover([tmp_path]))
    assert report.aborted == f"cannot reach the archive at {API}: connection refused"
    assert report.not_attempted > 0 and not report.ok
