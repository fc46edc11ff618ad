"""Case sync against the in-memory fake: layout, incremental second run, tamper detection."""
from __future__ import annotations

import hashlib
import json

import httpx

from archive_client.api import ArchiveClient
from archive_client.sync import DOCKET_FILE, STATE_FILE, CaseSync
from tests.client.fake_archive import API, KEY, FakeArchive
from tests.client.pdfs import make_pdf

CASE = "cand-19-cv-07123"


def archive_with_case(n: int = 5) -> FakeArchive:
    fake = FakeArchive(page_size=2)
    fake.cases[CASE] = {"case_id": CASE, "court_id": "cand", "docket_number": "4:19-cv-07123"}
    for i in range(1, n + 1):
        fake.add(make_pdf(f"sync {i}", document=i), case_id=CASE, document_number=str(i),
                 attachment_number=1 if i == n else None, title=f"Filing {i}")
    return fake


def run(fake: FakeArchive, tmp_path, **kw):
    api = ArchiveClient(API, KEY, transport=fake.transport(), sleep=lambda s: None)
    return CaseSync(api, CASE, tmp_path / "case", **kw).run()


def s3_gets(fake: FakeArchive) -> int:
    return sum(1 for r in fake.requests if r.url.host == "s3.test")


def test_first_sync_writes_pdfs_metadata_and_docket(tmp_path):
    fake = archive_with_case(5)
    report = run(fake, tmp_path)
    d = tmp_path / "case"
    assert report.ok and report.filings == 5 and len(report.downloaded) == 5
    names = sorted(p.name for p in d.iterdir())
    ids = sorted(fake.filings)
    assert f"1_{ids[0]}.pdf" in names and f"1_{ids[0]}.json" in names
    assert f"5-1_{ids[4]}.pdf" in names  # attachment
    assert DOCKET_FILE in names and STATE_FILE in names
    for fid, data in fake.blobs.items():
        pdf = next(d.glob(f"*_{fid}.pdf"))
        assert pdf.read_bytes() == data
        assert json.loads(next(d.glob(f"*_{fid}.json")).read_text())["id"] == fid
    docket = json.loads((d / DOCKET_FILE).read_text())
    assert docket["case"]["case_id"] == CASE
    assert [f["document_number"] for f in docket["filings"]] == ["1", "2", "3", "4", "5"]
    assert not list(d.glob(".*.part")) and not list(d.glob(".*.tmp"))


def test_second_sync_transfers_nothing(tmp_path):
    fake = archive_with_case(4)
    run(fake, tmp_path)
    before, meta_before = s3_gets(fake), fake.count("GET", "/filings/")
    report = run(fake, tmp_path)
    assert report.transferred == 0 and report.bytes_downloaded == 0
    assert len(report.unchanged) == 4 and not report.docket_written
    assert s3_gets(fake) == before and fake.count("GET", "/filings/") == meta_before


def test_tampered_or_missing_local_files_are_fetched_again(tmp_path):
    fake = archive_with_case(3)
    run(fake, tmp_path)
    d = tmp_path / "case"
    pdfs = sorted(d.glob("*.pdf"))
    pdfs[0].write_bytes(pdfs[0].read_bytes()[:-10] + b"tampered!!")
    pdfs[1].unlink()
    meta = sorted(d.glob("*.json"))
    meta = [m for m in meta if m.name != DOCKET_FILE]
    meta[2].write_text('{"edited": true}')
    report = run(fake, tmp_path)
    assert sorted(report.downloaded) == sorted([pdfs[0].name.split("_", 1)[1][:-4], pdfs[1].name.split("_", 1)[1][:-4]])
    assert len(report.repaired) == 1
    assert len(report.metadata_updated) == 1
    for fid, data in fake.blobs.items():
        assert next(d.glob(f"*_{fid}.pdf")).read_bytes() == data


def test_new_and_changed_filings_are_the_only_transfers(tmp_path):
    fake = archive_with_case(3)
    run(fake, tmp_path)
    new = fake.add(make_pdf("late arrival", document=9), case_id=CASE, document_number="9")
    changed = sorted(fake.filings)[0]
    fake.filings[changed].update(title="Amended title", updated_at="2099-01-01T00:00:00+00:00")
    report = run(fake, tmp_path)
    assert report.downloaded == [new["id"]]
    assert sorted(report.metadata_updated) == sorted([new["id"], changed])
    meta = json.loads(next((tmp_path / "case").glob(f"*_{changed}.json")).read_text())
    assert meta["title"] == "Amended title"


def test_renumbered_filing_is_renamed_not_downloaded(tmp_path):
    fake = archive_with_case(3)
    run(fake, tmp_path)
    fid = sorted(fake.filings)[1]
    fake.filings[fid].update(document_number="22", updated_at="2099-01-01T00:00:00+00:00")
    report = run(fake, tmp_path)
    assert report.downloaded == [] and report.renamed == [fid]
    d = tmp_path / "case"
    assert (d / f"22_{fid}.pdf").exists() and not (d / f"2_{fid}.pdf").exists()


def test_corrupt_download_is_rejected_and_reported(tmp_path):
    fake = archive_with_case(2)
    bad = sorted(fake.filings)[0]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "s3.test" and request.url.path.endswith(bad):
            fake.requests.append(request)
            return httpx.Response(200, content=b"%PDF-1.4 corrupted in transit")
        return fake.handle(request)

    api = ArchiveClient(API, KEY, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    report = CaseSync(api, CASE, tmp_path / "case").run()
    assert not report.ok and "checksum mismatch" in report.errors[bad]
    assert not list((tmp_path / "case").glob(f"*_{bad}.pdf"))
    assert len(report.downloaded) == 1
    # the next sync retries it
    good = CaseSync(ArchiveClient(API, KEY, transport=fake.transport()), CASE, tmp_path / "case").run()
    assert good.ok and good.downloaded == [bad]


def test_filings_gone_upstream_are_kept_unless_pruned(tmp_path):
    fake = archive_with_case(3)
    run(fake, tmp_path)
    gone = sorted(fake.filings)[0]
    fake.filings[gone]["case_id"] = "other-case"
    report = run(fake, tmp_path)
    assert report.removed == [gone]
    assert list((tmp_path / "case").glob(f"*_{gone}.pdf"))
    docket = json.loads((tmp_path / "case" / DOCKET_FILE).read_text())
    assert gone not in {f["id"] for f in docket["filings"]}
    pruned = run(fake, tmp_path, prune=True)
    assert pruned.removed == [gone]
    assert not list((tmp_path / "case").glob(f"*_{gone}.*"))


def test_verification_uses_sha256(tmp_path):
    fake = archive_with_case(1)
    run(fake, tmp_path)
    state = json.loads((tmp_path / "case" / STATE_FILE).read_text())
    (fid, entry), = state["filings"].items()
    assert entry["sha256"] == hashlib.sha256(fake.blobs[fid]).hexdigest()
    assert state["case_id"] == CASE and state["cursor"]
