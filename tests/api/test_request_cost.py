"""The cost of a request grows with its result, never with the archive (and nothing scans)."""
from __future__ import annotations

from datetime import date, timedelta

from tests.support.bulk import add_filing, unrelated
from tests.support.meter import DynamoMeter

CASE = "cand-19-cv-07123"


def _probe_case() -> list[str]:
    return [add_filing(court="cand", docket="4:19-cv-07123-PJH", n=n, doc_type="motion",
                       day=date(2020, 1, 1) + timedelta(days=n), text=f"motion {n} spyware",
                       title=f"WhatsApp v. NSO: motion {n}", parties=[("WhatsApp Inc.", "Plaintiff")],
                       seed=n).id for n in range(1, 13)]


def _costs(archive, filing_id: str) -> dict[str, int]:
    requests = {
        "filing": f"/filings/{filing_id}",
        "case": f"/cases/{CASE}",
        "docket page": f"/cases/{CASE}/filings?limit=5",
        "resolver": "/cases?docket_number=19-cv-7123",
        "changes page": "/changes?limit=5",
        "filtered search": f"/search?case_id={CASE}&document_type=motion&limit=5",
    }
    out = {}
    with DynamoMeter() as meter:
        for name, path in requests.items():
            meter.reset()
            resp = archive.get(path, key="read")
            assert resp.status_code == 200, (path, resp.body[:200])
            out[name] = meter.items_read
        assert meter.scans == 0
    return out


def test_items_read_do_not_grow_with_a_tenfold_archive(archive):
    ids = _probe_case()
    unrelated(12, seed=1)
    small = _costs(archive, ids[0])
    unrelated(120, seed=2)
    large = _costs(archive, ids[0])
    assert large == small, {k: (small[k], large[k]) for k in small}
