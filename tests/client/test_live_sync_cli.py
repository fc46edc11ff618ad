"""The client against the real app, with its ingest worker: sync, the presigned path, the CLI.

* `sync` twice → the second run transfers nothing; a tampered local file is detected and fetched again;
* the `filings` CLI end to end (upload with --report/--json, get, case, search, sync).
"""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from archive_client.cli import app
from archive_client.sync import DOCKET_FILE, STATE_FILE, CaseSync
from archive_client.manifest import discover
from archive_client.report import UPLOADED
from archive_client.uploader import Uploader
from tests.client.live_helpers import Flaky, client_for
from tests.client.pdfs import make_pdf, write_pdfs


# ---------------------------------------------------------------------------------- sync
@pytest.fixture(scope="module")
def synced_case(live, tmp_path_factory):
    """Three processed filings of one case."""
    src = tmp_path_factory.mktemp("case-src")
    write_pdfs(src, 3, prefix="sync", docket="3:23-cv-05555-JST", filed="03/14/24")
    api = client_for(live)
    items = discover([src])
    for item in items:
        item.hints["court"] = "cand"
    report = Uploader(api, workers=3, wait=True, wait_timeout=90).run(items)
    assert report.ok, report.to_json()
    filings = [api.get_filing(r.filing_id) for r in report.results]
    case_ids = {f.case_id for f in filings}
    assert len(case_ids) == 1 and None not in case_ids, [f.raw for f in filings]
    return case_ids.pop(), filings


def test_sync_twice_second_run_transfers_nothing_and_repairs_tampering(live, synced_case, tmp_path):
    case_id, filings = synced_case
    transport = Flaky()
    api = client_for(live, transport)
    target = tmp_path / "mirror"

    first = CaseSync(api, case_id, target).run()
    assert first.ok, first.errors
    assert sorted(first.downloaded) == sorted(f.id for f in filings)
    for f in filings:
        pdf = target / json.loads((target / STATE_FILE).read_text())["filings"][f.id]["pdf"]
        assert pdf.name.startswith(f"{int(f.document_number):04d} ")
        assert json.loads(pdf.with_suffix(".json").read_text())["sha256"] == f.sha256
    docket = json.loads((target / DOCKET_FILE).read_text())
    assert docket["case"]["case_id"] == case_id and len(docket["filings"]) == 3
    assert (target / STATE_FILE).exists()

    sent_before = len(transport.sent)
    second = CaseSync(api, case_id, target).run()
    assert second.ok and second.transferred == 0 and second.bytes_downloaded == 0
    assert len(second.unchanged) == 3 and not second.docket_written
    # only the case and its listing were asked for: no content, no metadata
    assert all(not p.endswith(("/content",)) and not p.startswith("/filings/")
               for _, p in transport.sent[sent_before:]), transport.sent[sent_before:]

    victim = target / json.loads((target / STATE_FILE).read_text())["filings"][filings[0].id]["pdf"]
    original = victim.read_bytes()
    victim.write_bytes(original[:200] + bytes([original[200] ^ 0x20]) + original[201:])  # one byte
    third = CaseSync(api, case_id, target).run()
    assert third.ok and third.downloaded == [filings[0].id] and third.repaired == [filings[0].id]
    assert victim.read_bytes() == original


@pytest.mark.parametrize("use_batch, method", [(True, "batch"), (False, "presigned")])
def test_presigned_path_for_large_files(live, tmp_path, use_batch, method):
    big = tmp_path / "big.pdf"
    big.write_bytes(make_pdf(f"presigned {method} " * 500, docket="4:19-cv-07123-PJH", document=901))
    api = client_for(live)
    report = Uploader(api, workers=1, direct_limit=1024, wait=True, wait_timeout=90,
                      use_batch=use_batch).run(discover([big]))
    (res,) = report.results
    assert res.ok and res.method == method and res.outcome == UPLOADED, res
    assert res.status in ("ready", "failed", "processing", "awaiting_upload")
    assert api.content(res.filing_id) == big.read_bytes()


# ---------------------------------------------------------------------------------- CLI
def test_cli_end_to_end(live, synced_case, tmp_path, monkeypatch):
    case_id, filings = synced_case
    monkeypatch.chdir(tmp_path)
    env = {"ARCHIVE_URL": live.api_url, "ARCHIVE_KEY": live.admin_key}
    runner = CliRunner()
    src = tmp_path / "cli"
    write_pdfs(src, 3, prefix="cli", docket="4:19-cv-07123-PJH", filed="02/02/25")
    (src / "broken.pdf").write_bytes(b"garbage")

    dry = runner.invoke(app, ["upload", str(src), "--dry-run", "--json", "-q"], env=env)
    assert dry.exit_code == 1, dry.output  # a dry run hashes, checks and asks: broken.pdf would fail
    data = json.loads(dry.stdout)
    assert data["dry_run"] and data["counts"] == {"would-upload": 3, "failed": 1}

    res = runner.invoke(app, ["upload", str(src), "--workers", "2", "--report", "r.json", "-q"], env=env)
    assert res.exit_code == 1, res.output  # broken.pdf
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["counts"] == {"uploaded": 3, "failed": 1}
    assert "Upload summary" in res.stdout and "failed" in res.stdout
    assert [r["path"].endswith("broken.pdf") for r in report["results"] if r["outcome"] == "failed"] == [True]
    assert (tmp_path / ".filings-upload.jsonl").exists()

    again = runner.invoke(app, ["upload", str(src / "cli001.pdf"), "--json", "-q"], env=env)
    assert again.exit_code == 0 and json.loads(again.stdout)["counts"] == {"skipped": 1}

    got = runner.invoke(app, ["get", filings[0].id, "--json"], env=env)
    assert got.exit_code == 0 and json.loads(got.stdout)["id"] == filings[0].id
    by_sha = runner.invoke(app, ["get", filings[0].sha256], env=env)
    assert by_sha.exit_code == 0 and filings[0].id in by_sha.stdout

    case = runner.invoke(app, ["case", case_id, "--json"], env=env)
    assert case.exit_code == 0, case.output
    assert {f["id"] for f in json.loads(case.stdout)["filings"]} == {f.id for f in filings}
    table = runner.invoke(app, ["case", case_id], env=env)
    assert table.exit_code == 0 and "Docket" in table.stdout

    found = runner.invoke(app, ["search", "--case", case_id, "--json"], env=env)
    assert found.exit_code == 0, found.output
    assert "results" in json.loads(found.stdout)

    out_dir = tmp_path / "mirror"
    s1 = runner.invoke(app, ["sync", case_id, str(out_dir), "--json", "-q"], env=env)
    assert s1.exit_code == 0, s1.output
    assert len(json.loads(s1.stdout)["downloaded"]) == 3
    s2 = runner.invoke(app, ["sync", case_id, str(out_dir), "--json", "-q"], env=env)
    assert json.loads(s2.stdout)["downloaded"] == [] and json.loads(s2.stdout)["metadata_updated"] == []

    nokey = runner.invoke(app, ["get", "x"], env={"ARCHIVE_URL": live.api_url, "ARCHIVE_KEY": ""})
    assert nokey.exit_code == 2
    missing = runner.invoke(app, ["get", "fl_does_not_exist"], env=env)
    assert missing.exit_code == 1
