"""The `filings` CLI against the in-memory fake: what a user reads and what goes over the wire."""
from __future__ import annotations

import json
from functools import partial

import httpx
import pytest
from typer.testing import CliRunner

from archive_client import cli_common
from archive_client.api import ArchiveClient
from archive_client.cli import app
from archive_client.cli_common import plain_snippet
from archive_client.manifest import ManifestError, discover
from tests.client.fake_archive import API, KEY, FakeArchive
from tests.client.pdfs import make_pdf, write_pdfs

ENV = {"ARCHIVE_URL": API, "ARCHIVE_KEY": KEY}


@pytest.fixture
def fake(monkeypatch) -> FakeArchive:
    archive = FakeArchive()
    monkeypatch.setattr(cli_common, "ArchiveClient",
                        partial(ArchiveClient, transport=archive.transport(), sleep=lambda s: None))
    return archive


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def test_upload_summary_and_report_say_which_case_each_file_joined(fake, tmp_path):
    paths = write_pdfs(tmp_path / "in", 3)
    fake.add(paths[0].read_bytes(), case_id="cand-19-cv-07123", case_name="WhatsApp Inc. v. NSO Group")
    fake.process = lambda f: f.update(status="ready", case_id="cand-20-cv-00001", case_name="Doe v. Roe")
    res = invoke("upload", str(tmp_path / "in"), "--wait", "--no-state", "-q", "--report", str(tmp_path / "r.json"))
    assert res.exit_code == 0, res.output
    assert "Cases joined" in res.stdout and "cand-19-cv-07123" in res.stdout and "Doe v. Roe" in res.stdout
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["cases"] == {"cand-19-cv-07123": 1, "cand-20-cv-00001": 2}
    assert {r["case_id"] for r in report["results"]} == {"cand-19-cv-07123", "cand-20-cv-00001"}


def test_upload_without_wait_says_the_case_is_not_known_yet(fake, tmp_path):
    fake.process = lambda f: None
    write_pdfs(tmp_path / "in", 2)
    res = invoke("upload", str(tmp_path / "in"), "--no-state", "-q")
    assert res.exit_code == 0 and "--wait shows the case" in res.stdout


def test_empty_file_is_reported_as_an_empty_file(fake, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "blank.pdf").write_bytes(b"")
    res = invoke("upload", str(tmp_path / "in"), "--no-state", "-q", "--json")
    assert res.exit_code == 1
    (result,) = json.loads(res.stdout)["results"]
    assert result["error"] == "empty file" and "Traceback" not in res.output


def test_progress_counts_only_bytes_really_sent(fake, tmp_path):
    paths = write_pdfs(tmp_path / "in", 3)
    fake.add(paths[0].read_bytes())
    res = invoke("upload", str(tmp_path / "in"), "--no-state", "-q", "--json")
    data = json.loads(res.stdout)
    assert data["bytes_sent"] == sum(p.stat().st_size for p in paths[1:])


def test_unreachable_archive_names_the_url(monkeypatch, tmp_path):
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    monkeypatch.setattr(cli_common, "ArchiveClient", partial(
        ArchiveClient, transport=httpx.MockTransport(down), sleep=lambda s: None, max_retries=1))
    write_pdfs(tmp_path / "in", 2)
    up = invoke("upload", str(tmp_path / "in"), "--no-state", "-q")
    assert up.exit_code == 1 and f"cannot reach the archive at {API}" in up.stdout
    got = invoke("get", "fl_x")
    assert got.exit_code == 1 and f"cannot reach the archive at {API}" in " ".join(got.output.split())


@pytest.mark.parametrize("content, line", [
    ("path,court\n\n\ndoc001.pdf,cand\nmissing.pdf,cand\n", 5),  # blank lines counted
    ('path,title\ndoc001.pdf,"a title\nover two lines"\nmissing.pdf,x\n', 4),  # a quoted field spans lines
    ("path,colour\ndoc001.pdf,red\n", 2),
])
def test_manifest_errors_name_the_right_line(tmp_path, content, line):
    write_pdfs(tmp_path, 1)
    manifest = tmp_path / "m.csv"
    manifest.write_text(content)
    with pytest.raises(ManifestError, match=rf"m\.csv:{line}:"):
        discover([manifest])


def test_search_shows_attachment_numbers_and_plain_text_snippets(fake):
    fake.search_hits = [{"id": "fl_1", "case_id": "cand-19-cv-07123", "document_number": "45",
                         "attachment_number": 1, "title": "Declaration", "score": 1.5,
                         "snippets": ["WhatsApp&#x27;s <mark>servers</mark> &amp; NSO&#39;s &lt;code&gt;"]}]
    res = invoke("search", "servers")
    out = " ".join(res.stdout.split())
    assert res.exit_code == 0, res.output
    assert "45-1" in out and "fl_1" in out
    assert "WhatsApp's" in out and "NSO's <code>" in out
    assert "&amp;" not in out and "<mark>" not in out and "&#39;" not in out


def test_changes_prints_the_feed_and_the_cursor_to_resume(fake):
    filing = fake.add(make_pdf("changed"), case_id="cand-19-cv-07123", document_number="45", title="Order")
    fake.change_log.append({"seq": 1, "kind": "created", "filing_id": filing["id"], "at": "2026-01-01T00:00:00Z",
                            "filing": filing})
    res = invoke("changes")
    assert res.exit_code == 0, res.output
    assert "created" in res.stdout and filing["id"] in res.stdout and "cand-19-cv-07123" in res.stdout
    assert "next: --since 1" in res.stderr
    again = invoke("changes", "--since", "1", "--json")
    assert again.exit_code == 0 and again.stdout.strip() == ""


def test_seal_correct_and_reprocess_send_what_the_api_documents(fake):
    filing = fake.add(make_pdf("curate me"))
    fid = filing["id"]
    assert invoke("seal", fid).exit_code == 0
    assert invoke("seal", fid, "--unseal").exit_code == 0
    res = invoke("correct", fid, "title=Order Granting Motion", "attachment_number=2", "judge=")
    assert res.exit_code == 0, res.output
    assert fake.patches == [(fid, {"sealed": True}), (fid, {"sealed": False}),
                            (fid, {"title": "Order Granting Motion", "attachment_number": 2, "judge": None})]
    assert all(r.headers["content-type"] == "application/merge-patch+json"
               for r in fake.requests if r.method == "PATCH")
    rep = invoke("reprocess", fid, "--hint", "court=cand")
    assert rep.exit_code == 0 and "queued" in rep.stdout
    (req,) = [r for r in fake.requests if r.url.path.endswith("/reprocess")]
    assert req.url.params["court"] == "cand"


def test_correct_refuses_unknown_fields_before_sending(fake):
    res = invoke("correct", "fl_1", "colour=red")
    assert res.exit_code == 2 and not [r for r in fake.requests if r.method == "PATCH"]


def test_a_missing_filing_fails_that_one_only(fake):
    ok = fake.add(make_pdf("exists"))
    res = invoke("seal", "fl_missing", ok["id"])
    assert res.exit_code == 1 and ok["id"] in res.stdout and fake.filings[ok["id"]]["sealed"] is True


def test_snippets_become_plain_text_runs():
    assert plain_snippet("WhatsApp&#x27;s <mark>servers</mark> &amp;  NSO&#39;s &lt;b&gt;") == [
        ("WhatsApp's ", False), ("servers", True), (" & NSO's <b>", False)]


CASES = {
    "cand-19-cv-07123": {"case_id": "cand-19-cv-07123", "court_id": "cand", "docket_number": "4:19-cv-07123",
                         "case_name": "WhatsApp Inc. v. NSO Group Technologies Limited"},
    "cand-20-cv-00001": {"case_id": "cand-20-cv-00001", "court_id": "cand", "docket_number": "1:20-cv-00001"},
    "nysd-20-cv-00001": {"case_id": "nysd-20-cv-00001", "court_id": "nysd", "docket_number": "1:20-cv-00001"},
}


@pytest.mark.parametrize("args, code, shows, hides", [
    (["cand-19-cv-07123"], 0, ["WhatsApp Inc.", "4:19-cv-07123"], ["cases match"]),
    (["4:19-cv-07123"], 0, ["WhatsApp Inc.", "cand-19-cv-07123"], ["cases match"]),   # by docket number
    (["1:20-cv-00001"], 0, ["2 cases match", "cand-20-cv-00001", "nysd-20-cv-00001"], []),
    (["1:20-cv-00001", "--court", "nysd"], 0, ["nysd-20-cv-00001"], ["cases match", "cand-20-cv-00001"]),
    (["9:99-cv-99999"], 1, ["no case '9:99-cv-99999'"], []),
])
def test_case_is_found_by_id_or_by_the_docket_number_it_prints(fake, args, code, shows, hides):
    fake.cases.update(CASES)
    result = invoke("case", *args, "--no-filings")
    assert result.exit_code == code, result.output
    assert all(s in result.output for s in shows), result.output
    assert not any(h in result.output for h in hides), result.output


def test_case_by_docket_number_as_json_lists_every_match(fake):
    fake.cases.update(CASES)
    result = invoke("case", "1:20-cv-00001", "--json")
    assert result.exit_code == 0, result.output
    assert [r["case"]["case_id"] for r in json.loads(result.output)["results"]] == [
        "cand-20-cv-00001", "nysd-20-cv-00001"]
