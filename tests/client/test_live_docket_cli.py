"""`filings docket upload|entries` and the docket sheet in `filings sync`, against the real app."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from archive_client.cli import app

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "fixtures" / "dockets" / "cand-19-cv-07123.html"
CASE = "cand-19-cv-07123"


def test_docket_commands_end_to_end(live, tmp_path):
    env = {"ARCHIVE_URL": live.api_url, "ARCHIVE_KEY": live.admin_key}
    runner = CliRunner()
    not_a_report = tmp_path / "hello.html"
    not_a_report.write_text("<html><body><table><tr><td>Hello</td></tr></table></body></html>")
    not_html = tmp_path / "order.html"
    not_html.write_bytes(b"%PDF-1.7 this is a PDF")

    res = runner.invoke(app, ["docket", "upload", str(REPORT), str(not_a_report), str(not_html),
                              "--court", "cand", "--json"], env=env)
    assert res.exit_code == 1, res.output  # two of the three pages: every page still tried
    reports = {Path(r["file"]).name: r for r in json.loads(res.stdout)["reports"]}
    assert (reports[REPORT.name]["status"], reports[REPORT.name]["case_id"],
            reports[REPORT.name]["entry_count"]) == ("ready", CASE, 26)
    assert reports["hello.html"]["status"] == "failed"
    assert reports["hello.html"]["error"]["code"] == "not_docket_report"
    assert reports["order.html"]["status"] == "refused" and "415" in reports["order.html"]["error"]["message"]

    again = runner.invoke(app, ["docket", "upload", str(REPORT)], env=env)
    assert again.exit_code == 0 and "(already imported)" in again.stdout

    listed = runner.invoke(app, ["docket", "entries", CASE, "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    entries = json.loads(listed.stdout)["entries"]
    assert [e["position"] for e in entries][:5] == ["1", "2", "3", "3.1", "36"] and len(entries) == 26
    table = runner.invoke(app, ["docket", "entries", CASE], env=env)
    assert table.exit_code == 0 and "CASE REASSIGNED to Judge Phyllis J. Hamilton" in table.stdout
    assert "no document" in table.stdout and "0/1 held" in table.stdout

    mirror = tmp_path / "mirror"
    synced = runner.invoke(app, ["sync", CASE, str(mirror), "--json", "-q"], env=env)
    assert synced.exit_code == 0, synced.output
    sheet = json.loads((mirror / "docket.json").read_text())
    assert len(sheet["entries"]) == 26 and sheet["entries"][3]["number"] is None

    missing = runner.invoke(app, ["docket", "entries", "cand-99-cv-00001"], env=env)
    assert missing.exit_code == 1 and "404" in missing.output
    nokey = runner.invoke(app, ["docket", "upload", str(REPORT)], env={"ARCHIVE_URL": live.api_url, "ARCHIVE_KEY": ""})
    assert nokey.exit_code == 2
