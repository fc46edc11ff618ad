"""The cost of a request grows with its result, never with the archive (and nothing scans)."""
from __future__ import annotations

from datetime import date, timedelta

from tools.synthetic_filings import add_filing, unrelated
from tools.dynamo_meter import DynamoMeter

CASE = "cand-19-cv-07123"


def _probe_case() -> list[str]:
    return [add_filing(court="cand", docket="4:19-cv-07123-PJH", n=n, doc_type="motion",
                       day=date(2020, 1, 1) + timedelta(days=n), text=f"motion {n} spyware",
                       title=f"WhatsApp v. NSO: motion {n}", parties=[("WhatsApp Inc.", "Plaintiff")],
                       seed=n).id for n in range(1, 13)]


def _docket_requests(filing_id: str) -> dict[str, str]:
    return {
        "entries page": f"/cases/{CASE}/entries?limit=5",
        "entries page with links": f"/cases/{CASE}/entries?limit=5&links=both",
        "filing links": f"/filings/{filing_id}/links",
    }


class RangeMeter(DynamoMeter):
    """Items read by Query and BatchGetItem: the reads that could grow with a case (a GetItem
    reads one key; the authorizer's own GetItem depends on the clock, not on the request)."""

    def _after(self, model, parsed, **kw):
        if model.name in ("Query", "BatchGetItem"):
            super()._after(model, parsed, **kw)


def _warm_costs(archive, requests: dict[str, str]) -> dict[str, int]:
    out = {}
    with RangeMeter() as meter:
        for name, path in requests.items():
            assert archive.get(path, key="read").status_code == 200, path
            meter.reset()
            resp = archive.get(path, key="read")
            assert resp.status_code == 200, (path, resp.body[:200])
            out[name] = meter.items_read
        assert meter.scans == 0
    return out


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
    assert archive.get(f"/filings/{filing_id}", key="read").status_code == 200  # the key is known
    with DynamoMeter() as meter:
        for name, path in requests.items():
            # warm first: the authorizer's key memory and the feed's in-flight gaps depend on the
            # clock (a slow, loaded machine), not on the archive's size
            assert archive.get(path, key="read").status_code == 200, path
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


def test_an_entries_page_costs_the_same_in_a_case_ten_times_larger(archive):
    """The page reads its own entries' documents and links, not the rest of the case."""
    from chalicelib.services import dockets

    ids = _probe_case()
    small = _warm_costs(archive, _docket_requests(ids[0]))
    for n in range(13, 133):
        text = f"motion {n} (Dkt. No. {n - 1})"
        dockets.write_links(add_filing(court="cand", docket="4:19-cv-07123-PJH", n=n, doc_type="motion",
                   day=date(2020, 1, 1) + timedelta(days=n), text=text,
                   title=f"WhatsApp v. NSO: motion {n}", parties=[("WhatsApp Inc.", "Plaintiff")], seed=n),
                               text)
    large = _warm_costs(archive, _docket_requests(ids[0]))
    assert large == small, {k: (small[k], large[k]) for k in small}
