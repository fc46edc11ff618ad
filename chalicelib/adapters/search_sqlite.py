"""The local search backend: the whole search index in one SQLite file (stdlib sqlite3, WAL).

`SqliteSearchIndex` is both ports of `services/search_ports.py` (`SearchIndexWriter` and
`PostingReader`), so the query planners, scoring, snippets, facets and cursors are the very code
the DynamoDB backend runs, and results are identical on both. What changes is where the index
lives: instead of ~70 DynamoDB items per page (one per term posting, FIELD posting, counter
update, text chunk, manifest) written to the AWS stand-in, a filing is indexed in ONE SQLite
transaction in `{ARCHIVE_DATA_DIR}/search-{table}.sqlite3`, on disk, outside the stand-in's memory.

Layout: the same keys as the DynamoDB layout (`adapters.keys`), in three tables —
`public_items` (public term lists, FIELD postings, snippet text), `sealed_items` (the term lists
of sealed filings: a caller without `sealed:read` never reads them, so BM25 statistics of public
results come from public filings only), `counters` (facet counts) — plus `manifests` (what was
written for a filing, so re-indexing and removal delete exactly that). Every write is one
`BEGIN IMMEDIATE` transaction (one writer at a time across the worker processes and the API;
readers are never blocked under WAL), so no generation numbers or pending lists are needed.

Sealing races: `index_filing` reads the filing's seal, commits, then reads it again; a seal that
landed in between is applied by moving the postings (`on_sealed_changed`), exactly as the seal
route would. Results never depend on it: they are checked against the filing record at query time.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from chalicelib.adapters import dynamo, filings_repo, keys
from chalicelib.adapters import search_manifest as manifest
from chalicelib.adapters.search_reader import field_posting, term_posting
from chalicelib.domain.models import FilingRecord, FilingStatus
from chalicelib.domain.search import counters
from chalicelib.domain.search.document import IndexedDocument, analyze
from chalicelib.domain.search.model import FieldPosting, TermPosting

BLOBS = ("nx", "pv", "z")
SCHEMA = """
CREATE TABLE IF NOT EXISTS public_items (pk TEXT, sk TEXT, body TEXT, nx BLOB, pv BLOB, z BLOB,
                                         PRIMARY KEY (pk, sk)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sealed_items (pk TEXT, sk TEXT, body TEXT, nx BLOB, pv BLOB, z BLOB,
                                         PRIMARY KEY (pk, sk)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (pk TEXT, attr TEXT, n INTEGER, PRIMARY KEY (pk, attr)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS manifests (filing_id TEXT PRIMARY KEY, body TEXT) WITHOUT ROWID;
"""


def default_path() -> Path:
    """`{ARCHIVE_DATA_DIR}/search-{table}.sqlite3`: one index per archive table."""
    return Path(os.environ.get("ARCHIVE_DATA_DIR") or ".archive-data").resolve() / f"search-{dynamo.table()}.sqlite3"


def _table(pk: str) -> str:
    return "sealed_items" if keys.is_sealed_term_partition(pk) else "public_items"


def _row(item: dict[str, Any]) -> tuple[Any, ...]:
    body = {k: v for k, v in item.items() if k not in ("PK", "SK", *BLOBS)}
    return (item["PK"], item["SK"], json.dumps(body, separators=(",", ":")),
            *(bytes(item[b]) if b in item else None for b in BLOBS))


def _item(row: sqlite3.Row | tuple[Any, ...]) -> dict[str, Any]:
    pk, sk, body, *blobs = row
    item = {"PK": pk, "SK": sk, **json.loads(body)}
    item.update({b: v for b, v in zip(BLOBS, blobs) if v is not None})
    return item


def _manifest_body(doc: IndexedDocument) -> str:
    m = manifest.manifest_item(doc, 1, None)
    return json.dumps({**m, "terms": manifest.pack_terms(doc.terms).hex()}, separators=(",", ":"))


def _manifest_doc(body: str) -> IndexedDocument:
    m = json.loads(body)
    return manifest.doc_from_manifest({**m, "terms": bytes.fromhex(m["terms"])})[0]


class SqliteSearchIndex:
    """`SearchIndexWriter` and `PostingReader` over one SQLite file (one connection per process
    and thread; WAL; writers serialised by `BEGIN IMMEDIATE`)."""

    shards = keys.TERM_SHARDS

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(SCHEMA)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # --- writing -------------------------------------------------------------------------

    def index_filing(self, record: FilingRecord, pages: list[str]) -> None:
        if record.status != FilingStatus.ready:
            self.remove_filing(record.id)
            return
        sealed = record.sealed  # the caller's fresh read; a seal that lands meanwhile is caught below
        doc = analyze(record, pages, sealed)
        with self._write() as db:
            self._drop(db, record.id)
            items = manifest.posting_items(doc)
            for table in ("public_items", "sealed_items"):
                rows = [_row(i) for i in items if _table(i["PK"]) == table]
                db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?,?,?,?,?,?)", rows)
            self._count(db, counters.contribution(doc, doc.sealed, +1))
            db.execute("INSERT OR REPLACE INTO manifests VALUES (?,?)", (doc.filing_id, _manifest_body(doc)))
        after = filings_repo.get(record.id, consistent=True)
        if after is not None and after.sealed != sealed:  # a seal landed while we indexed
            self.on_sealed_changed(after, after.sealed)

    def index_filings(self, batch: list[tuple[FilingRecord, list[str]]]) -> None:
        for record, pages in batch:
            self.index_filing(record, pages)

    def remove_filing(self, filing_id: str) -> None:
        with self._write() as db:
            self._drop(db, filing_id)

    def on_sealed_changed(self, record: FilingRecord, sealed: bool) -> None:
        with self._write() as db:
            got = db.execute("SELECT body FROM manifests WHERE filing_id = ?", (record.id,)).fetchone()
            if got is None:
                return
            doc = _manifest_doc(got[0])
            if doc.sealed == sealed:
                return
            self._count(db, counters.merge(counters.contribution(doc, doc.sealed, -1),
                                           counters.contribution(doc, sealed, +1)))
            moved = doc.with_sealed(sealed)
            for old, new in zip(manifest.term_keys(doc), manifest.term_keys(moved)):
                src, dst = _table(old["PK"]), _table(new["PK"])
                row = db.execute(f"SELECT * FROM {src} WHERE pk = ? AND sk = ?", (old["PK"], old["SK"])).fetchone()
                if row is None:
                    continue
                db.execute(f"DELETE FROM {src} WHERE pk = ? AND sk = ?", (old["PK"], old["SK"]))
                db.execute(f"INSERT OR REPLACE INTO {dst} VALUES (?,?,?,?,?,?)", (new["PK"], new["SK"], *row[2:]))
            for key in manifest.field_keys(doc):
                row = db.execute("SELECT * FROM public_items WHERE pk = ? AND sk = ?", (key["PK"], key["SK"])).fetchone()
                if row is not None:
                    item = {**_item(row), "s": sealed}
                    db.execute("INSERT OR REPLACE INTO public_items VALUES (?,?,?,?,?,?)", _row(item))
            db.execute("UPDATE manifests SET body = ? WHERE filing_id = ?", (_manifest_body(moved), record.id))

    def _drop(self, db: sqlite3.Connection, filing_id: str) -> None:
        """Delete what the filing's manifest says was written, and uncount it."""
        got = db.execute("SELECT body FROM manifests WHERE filing_id = ?", (filing_id,)).fetchone()
        if got is None:
            return
        doc = _manifest_doc(got[0])
        for key in manifest.all_keys(doc, 1):
            db.execute(f"DELETE FROM {_table(key['PK'])} WHERE pk = ? AND sk = ?", (key["PK"], key["SK"]))
        self._count(db, counters.contribution(doc, doc.sealed, -1))
        db.execute("DELETE FROM manifests WHERE filing_id = ?", (filing_id,))

    @staticmethod
    def _count(db: sqlite3.Connection, deltas: counters.Deltas) -> None:
        rows = [(keys.facet_counter(n, v)["PK"], attr, d) for (n, v), attrs in deltas.items() for attr, d in attrs.items()]
        db.executemany("INSERT INTO counters VALUES (?,?,?) ON CONFLICT (pk, attr) DO UPDATE SET n = n + excluded.n", rows)

    # --- reading -------------------------------------------------------------------------

    def term_page(self, term: str, shard: int, sealed: bool, limit: int,
                  start: Any | None) -> tuple[list[TermPosting], Any | None]:
        pk = keys.term_partition(term, shard, sealed)
        rows = self._db().execute(
            f"SELECT * FROM {_table(pk)} WHERE pk = ? AND sk > ? ORDER BY sk LIMIT ?",
            (pk, start or "", limit + 1)).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        return [term_posting(_item(r)) for r in rows], (rows[-1][1] if more else None)

    def field_page(self, name: str, value: str, after: str | None, before: str | None,
                   upto: tuple[str, str] | None, limit: int, start: Any | None) -> tuple[list[FieldPosting], Any | None]:
        bounds = [keys.LAST_POSITION]
        if before:
            bounds.append(keys.field_sort_key(before) + "#" + keys.LAST_POSITION)
        if upto:
            bounds.append(keys.field_sort_key(*upto))
        top, bottom = min(bounds), keys.field_sort_key(after) if after else "0"
        sql = "SELECT * FROM public_items WHERE pk = ? AND sk BETWEEN ? AND ?"
        args: list[Any] = [keys.field_partition(name, value), bottom, top]
        if start is not None:
            sql += " AND sk < ?"
            args.append(start)
        rows = self._db().execute(sql + " ORDER BY sk DESC LIMIT ?", (*args, limit + 1)).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1][1] if more else None
        if upto is not None:
            cut = keys.field_sort_key(*upto)
            rows = [r for r in rows if r[1] < cut]
        return [field_posting(_item(r)) for r in rows], last

    def counts(self, name: str, value: str) -> dict[str, int] | None:
        rows = self._db().execute("SELECT attr, n FROM counters WHERE pk = ?",
                                  (keys.facet_counter(name, value)["PK"],)).fetchall()
        return {a: n for a, n in rows} if rows else None

    def members(self, wanted: list[tuple[str, str]], filing_dates: dict[str, str]) -> set[str]:
        if not wanted or not filing_dates:
            return set(filing_dates)
        db = self._db()
        out = set()
        for fid, date in filing_dates.items():
            found = [db.execute("SELECT 1 FROM public_items WHERE pk = ? AND sk = ?",
                                (k["PK"], k["SK"])).fetchone() for k in
                     (keys.field_posting(n, v, date, fid) for n, v in wanted)]
            if all(found):
                out.add(fid)
        return out

    def filings(self, filing_ids: list[str]) -> dict[str, FilingRecord]:
        return filings_repo.get_many(filing_ids)

    def texts(self, filing_ids: list[str]) -> dict[str, str]:
        db, out = self._db(), {}
        for fid in filing_ids:
            key = keys.filing_text_chunk(fid)
            row = db.execute("SELECT * FROM public_items WHERE pk = ? AND sk = ?", (key["PK"], key["SK"])).fetchone()
            if row is not None:
                out[fid] = manifest.unpack_text(_item(row))
        return out
