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


def local(d, fid: str, kind: str = "pdf"):
    """The local file of a filing, as the sync state names it."""
    return d / json.loads((d / STATE_FILE).read_text())["filings"][fid][kind]


def s3_gets(fake: FakeArchive) -> int:
    return sum(1 for r in fake.requests if r.url.host == "s3.test")


def test_first_sync_writes_pdfs_metadata_and_docket(tmp_path):
    fake = archive_with_case(5)
    report = run(fake, tmp_path)
    d = tmp_path / "case"
    assert report.ok and report.filings == 5 and len(report.downloaded) == 5
    names = sorted(p.name for p in d.iterdir())
    ids = sorted(fake.filings)
    assert "0001 Filing 1.pdf" in names and "0001 Filing 1.json" in names
    assert "0005-01 Filing 5.pdf" in names  # attachment
    assert [n for n in names if n.endswith(".pdf")] == [f"000{i} Filing {i}.pdf" for i in range(1, 5)] + [
        "0005-01 Filing 5.pdf"]  # sorted by name = docket order
    assert DOCKET_FILE in names and STATE_FILE in names
    for fid, data in fake.blobs.items():
        assert local(d, fid).read_bytes() == data
        assert json.loads(local(d, fid, "json").read_text())["id"] == fid
    assert ids
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
    by_name = {local(d, fid).name: fid for fid in fake.filings}
    assert sorted(report.downloaded) == sorted([by_name[pdfs[0].name], by_name[pdfs[1].name]])
    assert len(report.repaired) == 1
    assert len(report.metadata_updated) == 1
    for fid, data in fake.blobs.items():
        assert local(d, fid).read_bytes() == data


def test_new_and_changed_filings_are_the_only_transfers(tmp_path):
    fake = archive_with_case(3)
    run(fake, tmp_path)
    new = fake.add(make_pdf("late arrival", document=9), case_id=CASE, document_number="9")
    changed = sorted(fake.filings)[0]
    fake.filings[changed].update(title="Amended title", updated_at="2099-01-01T00:00:00+00:00")
    report = run(fake, tmp_path)
    assert report.downloaded == [new["id"]]
    assert sorted(report.metadata_updated) == sorted([new["id"], changed])
    meta = json.loads(local(tmp_path / "case", changed, "json").read_text())
    assert meta["title"] == "Amended title"
    assert local(tmp_path / "case", changed).name == "0001 Amended title.pdf"  # retitled: renamed


def test_renumbered_filing_is_renamed_not_downloaded(tmp_path):
    fake = archive_with_case(3)
    run(fake, tmp_path)
    fid = sorted(fake.filings)[1]
    fake.filings[fid].update(document_number="22", updated_at="2099-01-01T00:00:00+00:00")
    report = run(fake, tmp_path)
    assert report.downloaded == [] and report.renamed == [fid]
    d = tmp_path / "case"
    assert (d / "0022 Filing 2.pdf").exists() and not (d / "0002 Filing 2.pdf").exists()


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
    assert not (tmp_path / "case" / "0001 Filing 1.pdf").exists()
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
    kept = local(tmp_path / "case", gone)
    assert kept.exists()
    docket = json.loads((tmp_path / "case" / DOCKET_FILE).read_text())
    assert gone not in {f["id"] for f in docket["filings"]}
    pruned = run(fake, tmp_path, prune=True)
    assert pruned.removed == [gone]
    assert not kept.exists() and not kept.with_suffix(".json").exists()


def test_verification_uses_sha256(tmp_path):
    fake = archive_with_case(1)
    run(fake, tmp_path)
    state = json.loads((tmp_path / "case" / STATE_FILE).read_text())
    (fid, entry), = state["filings"].items()
    assert entry["sha256"] == hashlib.sha256(fake.blobs[fid]).hexdigest()
    assert state["case_id"] == CASE and state["cursor"]


def test_a_case_recreated_upstream_leaves_no_stale_duplicates(tmp_path):
    fake = archive_with_case(3)
    run(fake, tmp_path)
    d = tmp_path / "case"
    before = sorted(p.name for p in d.glob("*.pdf"))
    # the archive was reset and the same filings uploaded again: same case, same bytes, new ids
    old = dict(fake.filings)
    blobs = {f["sha256"]: fake.blobs[fid] for fid, f in old.items()}
    fake.reset()
    fake.cases[CASE] = {"case_id": CASE}
    for f in old.values():
        fake.add(blobs[f["sha256"]], case_id=CASE, document_number=f["document_number"],
                 attachment_number=f["attachment_number"], title=f["title"])
    s3_before = s3_gets(fake)
    report = run(fake, tmp_path)
    assert report.ok and report.removed == [] and report.downloaded == []
    assert s3_gets(fake) == s3_before  # the local copies were taken over, not fetched again
    assert sorted(p.name for p in d.glob("*.pdf")) == before
    state = json.loads((d / STATE_FILE).read_text())
    assert set(state["filings"]) == set(fake.filings)
    for fid in fake.filings:
        assert json.loads(local(d, fid, "json").read_text())["id"] == fid  # metadata of the new filing


def test_same_name_twice_gets_the_filing_ids_tail(tmp_path):
    fake = FakeArchive()
    fake.cases[CASE] = {"case_id": CASE}
    a = fake.add(make_pdf("one"), case_id=CASE, document_number="7", title="Exhibit")
    b = fake.add(make_pdf("two"), case_id=CASE, document_number="7", title="Exhibit")
    report = run(fake, tmp_path)
    assert report.ok
    assert sorted(p.name for p in (tmp_path / "case").glob("*.pdf")) == sorted(
        [f"0007 Exhibit [{a['id'][-6:]}].pdf", f"0007 Exhibit [{b['id'][-6:]}].pdf"])
