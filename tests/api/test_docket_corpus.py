"""The 10 real PACER docket pages of the dev corpus, imported through the API and the worker:
entries (count, numbers, dates, descriptions) and parties must be exactly juriscraper's
reference parse. Skips when ../shared/corpus/dev/dockets is absent."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("ARCHIVE_CORPUS") or ROOT.parent / "shared" / "corpus" / "dev") / "dockets"
PAGES = sorted(CORPUS.glob("*.html")) if CORPUS.exists() else []
pytestmark = pytest.mark.skipif(not PAGES, reason="docket corpus absent")


@pytest.fixture(scope="module")
def imported():
    from tests.conftest import moto_archive
    from tests.support.harness import Archive

    with moto_archive() as out, Archive(out) as archive:
        ids = {}
        for page in PAGES:
            resp = archive.request("POST", "/dockets", key="write", body=page.read_bytes(),
                                   headers={"Content-Type": "text/html"})
            assert resp.status_code == 202, resp.body
            ids[page.stem] = resp.json["id"]
        archive.drain()
        yield archive, ids


def _entries(archive, case_id):
    out, cursor = [], None
    while True:
        page = archive.get(f"/cases/{case_id}/entries?limit=7" + (f"&cursor={cursor}" if cursor else ""),
                           key="sealed").json
        out += page["results"]
        cursor = page["cursor"]
        if not cursor:
            return out


def _party(p):
    return {"name": p["name"], "type": p.get("type"), "extra_info": p.get("extra_info"),
            "date_terminated": p.get("date_terminated"),
            "attorneys": [{"name": a["name"], "roles": a.get("roles", []), "contact": a.get("contact")}
                          for a in p.get("attorneys") or []]}


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_import_reproduces_the_reference_parse(imported, page):
    archive, ids = imported
    ref = json.loads(page.with_suffix(".json").read_text())
    report = archive.get(f"/dockets/{ids[page.stem]}", key="read").json
    assert report["status"] == "ready", report.get("error")
    assert report["court_id"] == ref["court_id"] and report["docket_number"] == ref["docket_number"]
    got = _entries(archive, report["case_id"])
    assert len(got) == len(ref["docket_entries"])

    def row(e):
        return (e["number"] if "number" in e else e["document_number"], e["date_filed"], e["date_entered"],
                e["description"])

    assert sorted(map(row, got), key=repr) == sorted(map(row, ref["docket_entries"]), key=repr)
    # unnumbered entries keep the report's order among themselves
    assert [row(e) for e in got if e["number"] is None] == \
        [row(e) for e in ref["docket_entries"] if e["document_number"] is None]
    case = archive.get(f"/cases/{report['case_id']}", key="read").json
    assert [_party(p) for p in case["docket"]["parties"]] == [_party(p) for p in ref["parties"]]
    assert case["docket"]["case_name"] == ref["case_name"]


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_a_report_alone_founds_a_confirmed_case_with_its_parties(imported, page):
    from chalicelib.domain.cases import party_key

    archive, ids = imported
    ref = json.loads(page.with_suffix(".json").read_text())
    report = archive.get(f"/dockets/{ids[page.stem]}", key="read").json
    case = archive.get(f"/cases/{report['case_id']}", key="read").json
    assert case["provisional"] is False and case["filing_count"] == 0
    assert case["case_name"] == ref["case_name"]
    # every party the report lists, once (spellings of one party merged), with its role
    assert sorted(party_key(p["name"]) for p in case["parties"]) == sorted({party_key(p["name"]) for p in ref["parties"]})
    assert all(p["role"] for p in case["parties"])
