"""The local archive's durable store: what moto holds, kept on disk in ARCHIVE_DATA_DIR.

moto keeps everything in memory and forgets it when its process ends. `tools/standin_persist.py`
records every acknowledged write into this store before moto answers it, and restores moto from
it when the stand-in starts. The layout:

    DATA_DIR/standin.sqlite3   DynamoDB tables (their CreateTable request) and items (one row per
                               item, the item as DynamoDB's wire format, pickled), S3 buckets and
                               object metadata; SQLite in WAL mode.
    DATA_DIR/objects/…         S3 object bytes, one file per key (written to a temporary name,
                               then renamed over the old one: a reader never sees half a file).

Durability: a write is in SQLite's WAL (and an object's bytes in their file) before moto answers
2xx, so a Ctrl-C, a crash or a `kill -9` of any process loses nothing acknowledged. Files are not
fsync'd (`synchronous=NORMAL`): the operating system keeps them through a process death; a power
cut may lose the last moments, which a laptop archive accepts for a 10x faster write path.
Only the latest version of an S3 object is kept (the archive never reads older versions).
"""
from __future__ import annotations

import base64
import hashlib
import os
import pickle
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS ddb_tables (name TEXT PRIMARY KEY, params BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS ddb_items (
    tbl TEXT NOT NULL, pk TEXT NOT NULL, sk TEXT NOT NULL, item BLOB NOT NULL,
    PRIMARY KEY (tbl, pk, sk)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS s3_buckets (name TEXT PRIMARY KEY, region TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS s3_objects (
    bucket TEXT NOT NULL, key TEXT NOT NULL, file TEXT NOT NULL, meta BLOB NOT NULL,
    PRIMARY KEY (bucket, key)) WITHOUT ROWID;
"""
DB_NAME = "standin.sqlite3"


def default_data_dir() -> Path:
    return Path(os.environ.get("ARCHIVE_DATA_DIR") or ".archive-data").resolve()


def key_text(value: Any) -> str:
    """A DynamoDB key attribute ({"S": "a-1"}) as a row key that sorts like it ("Sa-1")."""
    if value is None:
        return ""
    ((kind, v),) = value.items()
    return kind + (base64.b64encode(v).decode() if kind == "B" else str(v))


class Store:
    """One SQLite connection shared by moto's request threads (writes serialised by a lock)."""

    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        self.objects_dir = self.data_dir / "objects"
        self.objects_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.data_dir / DB_NAME
        self._lock = threading.Lock()
        self._buckets: set[tuple[str, str]] = set()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------------ DynamoDB
    def put_table(self, name: str, params: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO ddb_tables VALUES (?, ?)",
                             (name, pickle.dumps(params, protocol=5)))

    def drop_table(self, name: str) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM ddb_tables WHERE name = ?", (name,))
            self._db.execute("DELETE FROM ddb_items WHERE tbl = ?", (name,))

    def write_items(self, table: str, upserts: list[tuple[Any, Any, dict[str, Any]]],
                    deletes: list[tuple[Any, Any]]) -> None:
        """One request's effect, atomically: items as they now are, and keys now absent."""
        if not upserts and not deletes:
            return
        rows = [(table, key_text(h), key_text(r), pickle.dumps(item, protocol=5)) for h, r, item in upserts]
        gone = [(table, key_text(h), key_text(r)) for h, r in deletes]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                if rows:
                    self._db.executemany("INSERT OR REPLACE INTO ddb_items VALUES (?, ?, ?, ?)", rows)
                if gone:
                    self._db.executemany("DELETE FROM ddb_items WHERE tbl = ? AND pk = ? AND sk = ?", gone)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def tables(self) -> list[tuple[str, dict[str, Any]]]:
        with self._lock:
            rows = self._db.execute("SELECT name, params FROM ddb_tables").fetchall()
        return [(name, pickle.loads(params)) for name, params in rows]

    def items(self, table: str, batch: int = 5000) -> Iterator[dict[str, Any]]:
        cur = self._db.cursor()
        cur.execute("SELECT item FROM ddb_items WHERE tbl = ?", (table,))
        while rows := cur.fetchmany(batch):
            for (blob,) in rows:
                yield pickle.loads(blob)

    def count_items(self, table: str | None = None) -> int:
        with self._lock:
            if table is None:
                return self._db.execute("SELECT COUNT(*) FROM ddb_items").fetchone()[0]
            return self._db.execute("SELECT COUNT(*) FROM ddb_items WHERE tbl = ?", (table,)).fetchone()[0]

    def items_by_prefix(self, table: str, pk_prefix: str, sk: str | None = None) -> Iterator[dict[str, Any]]:
        """Items whose string partition key starts with `pk_prefix` (and sort key is `sk`): an
        index range of the store, for the local stack's start-up recovery (never a request path)."""
        low, high = "S" + pk_prefix, "S" + pk_prefix[:-1] + chr(ord(pk_prefix[-1]) + 1)
        sql = "SELECT item FROM ddb_items WHERE tbl = ? AND pk >= ? AND pk < ?"
        args: tuple[Any, ...] = (table, low, high)
        if sk is not None:
            sql, args = sql + " AND sk = ?", (*args, "S" + sk)
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        for (blob,) in rows:
            yield pickle.loads(blob)

    def has_object(self, bucket: str, key: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM s3_objects WHERE bucket = ? AND key = ?",
                                    (bucket, key)).fetchone() is not None

    def get_item(self, table: str, pk: Any, sk: Any = None) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT item FROM ddb_items WHERE tbl = ? AND pk = ? AND sk = ?",
                                   (table, key_text(pk), key_text(sk))).fetchone()
        return pickle.loads(row[0]) if row else None

    # ------------------------------------------------------------------ S3
    def object_path(self, bucket: str, key: str) -> Path:
        digest = hashlib.sha256(f"{bucket}/{key}".encode()).hexdigest()
        return self.objects_dir / digest[:2] / digest

    def put_bucket(self, name: str, region: str) -> None:
        """Recorded once per bucket and process (every object write names its bucket)."""
        if (name, region) in self._buckets:
            return
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO s3_buckets VALUES (?, ?)", (name, region))
        self._buckets.add((name, region))

    def buckets(self) -> list[tuple[str, str]]:
        with self._lock:
            return self._db.execute("SELECT name, region FROM s3_buckets").fetchall()

    def write_object_bytes(self, bucket: str, key: str, chunks: Iterator[bytes]) -> Path:
        """The bytes to a temporary file renamed over the key's file: never half a file."""
        path = self.object_path(bucket, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{threading.get_ident()}.tmp")
        with open(tmp, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, path)
        return path

    def put_object_meta(self, bucket: str, key: str, path: Path, meta: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO s3_objects VALUES (?, ?, ?, ?)",
                             (bucket, key, str(path.relative_to(self.data_dir)), pickle.dumps(meta, protocol=5)))

    def delete_object(self, bucket: str, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM s3_objects WHERE bucket = ? AND key = ?", (bucket, key))
        self.object_path(bucket, key).unlink(missing_ok=True)

    def objects(self, batch: int = 5000) -> Iterator[tuple[str, str, Path, dict[str, Any]]]:
        cur = self._db.cursor()
        cur.execute("SELECT bucket, key, file, meta FROM s3_objects")
        while rows := cur.fetchmany(batch):
            for bucket, key, file, meta in rows:
                yield bucket, key, self.data_dir / file, pickle.loads(meta)

    def count_objects(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM s3_objects").fetchone()[0]
