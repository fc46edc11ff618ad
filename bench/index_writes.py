"""Items and write units per ingested page: what indexing a filing costs DynamoDB.

Real filings (the corpus PDFs, else the fixtures) are read with the worker's text reader and then
written through the worker's own write path in moto (in-process): reserve the filing and its
SHA-256, index it for search, commit it as ready with its case and change. Every write request
is metered on the way out and split by what it writes (from the item's key):

    postings   TERM#…          full-text postings (words and phrase pairs)
    fields     FIELD#…         filter postings (court, case, party, judge, cites, …)
    counters   FACET#…         facet counters (updates)
    text       FILING# TEXT#…  snippet text
    manifest   FILING# INDEX   the index manifest
    filing     FILING# META, SHA#…
    case       CASE#, CNAME#, DKT#
    change     CHANGES#, COUNTER#

Write units follow DynamoDB's billing: ⌈item size / 1 KB⌉ per item written (the item's
attribute names and values, as DynamoDB sizes them), doubled inside a transaction; an update is
sized by its key and values, a delete as one unit. They are an estimate of the bill, computed
from the requests, because moto reports no consumed capacity.
"""
from __future__ import annotations

import glob
import hashlib
import math
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench import ROOT
from bench.p2_request_cost import emulator
from chalicelib.adapters import aws, filings_repo
from chalicelib.adapters.search_sqlite import SqliteSearchIndex
from chalicelib.domain.models import FilingRecord, FilingStatus, Party
from chalicelib.services import filing_commit, search
from chalicelib.services.clock import system_clock

MAX_FILES = 40
CATEGORIES = ("postings", "fields", "counters", "text", "manifest", "filing", "case", "change", "other")


def _size(value: dict[str, Any]) -> int:
    """DynamoDB's size of one wire-format attribute value."""
    (kind, v), = value.items()
    if kind == "S":
        return len(v.encode())
    if kind == "N":
        return len(str(v).lstrip("-").replace(".", "")) // 2 + 1
    if kind == "B":
        return len(v) if isinstance(v, (bytes, bytearray)) else len(bytes(v))
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "M":
        return 3 + sum(len(k.encode()) + 1 + _size(x) for k, x in v.items())
    if kind == "L":
        return 3 + sum(1 + _size(x) for x in v)
    if kind in ("SS", "NS", "BS"):
        return sum(len(str(x)) for x in v)
    return 8


def item_size(item: dict[str, Any]) -> int:
    return sum(len(name.encode()) + _size(value) for name, value in item.items())


def category(key: dict[str, Any]) -> str:
    pk = key["PK"]["S"]
    sk = key.get("SK", {}).get("S", "")
    head = pk.split("#", 1)[0]
    if head == "TERM":
        return "postings"
    if head == "FIELD":
        return "fields"
    if head == "FACET":
        return "counters"
    if head == "FILING":
        return "text" if sk.startswith("TEXT") else "manifest" if sk == "INDEX" else "filing"
    if head == "SHA":
        return "filing"
    if head in ("CASE", "CNAME", "DKT"):
        return "case"
    if head in ("CHANGES", "COUNTER"):
        return "change"
    return "other"


class WriteMeter:
    """Counts items written and estimated write units per category, from the requests sent."""

    def __init__(self) -> None:
        self.items: Counter[str] = Counter()
        self.units: Counter[str] = Counter()
        self._client: Any = None

    def _count(self, key: dict[str, Any], size: int, transactional: bool) -> None:
        cat = category(key)
        self.items[cat] += 1
        self.units[cat] += max(1, math.ceil(size / 1024)) * (2 if transactional else 1)

    def _one(self, kind: str, body: dict[str, Any], transactional: bool) -> None:
        if kind == "Put":
            self._count(body["Item"], item_size(body["Item"]), transactional)
        elif kind == "Update":
            size = item_size(body["Key"]) + item_size(body.get("ExpressionAttributeValues", {}))
            self._count(body["Key"], size, transactional)
        elif kind == "Delete":
            self._count(body["Key"], 1, transactional)

    def before(self, model: Any, params: dict[str, Any], **_: Any) -> None:
        name = model.name
        if name in ("PutItem", "UpdateItem", "DeleteItem"):
            self._one(name[:-4], params, False)
        elif name == "BatchWriteItem":
            for requests in params["RequestItems"].values():
                for request in requests:
                    if "PutRequest" in request:
                        self._one("Put", request["PutRequest"], False)
                    else:
                        self._one("Delete", request["DeleteRequest"], False)
        elif name == "TransactWriteItems":
            for op in params["TransactItems"]:
                (kind, body), = op.items()
                self._one(kind, body, True)

    def __enter__(self) -> WriteMeter:
        self._client = aws.client("dynamodb")
        self._client.meta.events.register("before-parameter-build.dynamodb.*", self.before)
        return self

    def __exit__(self, *exc: Any) -> None:
        self._client.meta.events.unregister("before-parameter-build.dynamodb.*", self.before)


def pdf_paths(corpus: Path | None, limit: int = MAX_FILES) -> list[Path]:
    found: list[Path] = []
    if corpus is not None:
        base = corpus / "pdfs" if (corpus / "pdfs").is_dir() else corpus
        found = [Path(p) for p in sorted(glob.glob(str(base / "*.pdf")))]
    if not found:
        found = [Path(p) for p in sorted(glob.glob(str(ROOT / "fixtures" / "pdfs" / "*.pdf")))]
    return found[:limit]


def _ingest(n: int, pages: list[str], title: str) -> None:
    """The worker's writes for one filing: reserve, index, commit (see services/process.py)."""

    sha = hashlib.sha256(f"writes-bench-{n}".encode()).hexdigest()
    stamp = system_clock()
    record = FilingRecord(id=f"fl_writes{sha[:20]}", status=FilingStatus.processing, sha256=sha,
                          size=1000, created_at=stamp, updated_at=stamp)
    assert filings_repo.reserve(record)
    ready = record.model_copy(update={
        "status": FilingStatus.ready, "court_id": "nysd", "docket_number": f"1:21-cv-{4000 + n % 7:05d}",
        "case_id": f"nysd-1-21-cv-{4000 + n % 7:05d}", "case_name": "Probe v. Benchmark Corp.",
        "document_number": str(n), "date_filed": date(2021, 3, 1 + n % 27), "title": title,
        "document_type": "motion", "page_count": len(pages), "judge": "Hon. Ada Lovelace",
        "parties": [Party(name="Pat Probe", role="plaintiff"), Party(name="Benchmark Corp.", role="defendant")],
    })
    search.index_filing(ready, pages)
    filing_commit.commit(ready.id, lambda current: ready.model_copy(update={"version": current.version}))


def run(corpus: Path | None, limit: int = MAX_FILES, log: Callable[[str], None] = print) -> dict[str, Any]:
    from chalicelib.extract.pdf_text import read_pdf_text

    texts = []
    for path in pdf_paths(corpus, limit):
        try:
            pages = read_pdf_text(path.read_bytes()).pages
        except Exception:  # an unreadable file is the extraction bench's business, not this one's
            continue
        if pages:
            texts.append((path.name, pages))
    out: dict[str, Any] = {}
    for backend in ("dynamodb", "sqlite"):
        out[backend] = _measure(texts, backend, log)
    return {**out["dynamodb"], "backend": "dynamodb", "sqlite": out["sqlite"],
            "sqlite_items_per_page": out["sqlite"]["items_per_page"],
            "sqlite_units_per_page": out["sqlite"]["units_per_page"]}


def _measure(texts: list[tuple[str, list[str]]], backend: str, log: Callable[[str], None]) -> dict[str, Any]:
    """DynamoDB writes per page with the search index on `backend` (the AWS default `dynamodb`,
    or `sqlite`, the local archive's: its rows go to a SQLite file, counted apart)."""
    meter = WriteMeter()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, emulator(), meter:
        local = SqliteSearchIndex(Path(tmp) / "search.sqlite3") if backend == "sqlite" else None
        search.use_backend(local)
        search.use_reader(local)
        try:
            for n, (name, pages) in enumerate(texts, start=1):
                first = next((line.strip() for p in pages for line in p.splitlines() if line.strip()), name)
                _ingest(n, pages, first[:120])
        finally:
            search.use_backend(None)
        rows = 0
        if local is not None:
            with sqlite3.connect(local.path) as db:
                rows = sum(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                           for t in ("public_items", "sealed_items", "counters", "manifests"))
    pages = sum(len(p) for _, p in texts)
    per_page = {
        "items": round(sum(meter.items.values()) / max(pages, 1), 2),
        "units": round(sum(meter.units.values()) / max(pages, 1), 2),
        "by_category": {c: {"items": round(meter.items[c] / max(pages, 1), 2),
                            "units": round(meter.units[c] / max(pages, 1), 2)}
                        for c in CATEGORIES if meter.items[c]},
    }
    log(f"  writes ({backend} search): {len(texts)} filings, {pages} pages in {time.perf_counter() - t0:.1f}s: "
        f"{per_page['items']} DynamoDB items, {per_page['units']} write units per page"
        + (f"; {round(rows / max(pages, 1), 1)} SQLite rows per page, one transaction per filing" if local else ""))
    return {"filings": len(texts), "pages": pages, "items_per_page": per_page["items"],
            "units_per_page": per_page["units"], "per_page": per_page,
            "sqlite_rows_per_page": round(rows / max(pages, 1), 2) if local else None,
            "items_per_filing": round(sum(meter.items.values()) / max(len(texts), 1), 1),
            "units_per_filing": round(sum(meter.units.values()) / max(len(texts), 1), 1)}

if __name__ == "__main__":
    import json
    import sys

    from bench import apply_fake_env

    apply_fake_env()
    corpus_arg = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "dev"
    print(json.dumps(run(corpus_arg if corpus_arg.is_dir() else None), indent=2))
