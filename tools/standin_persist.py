"""moto that remembers: every acknowledged write is recorded in a `Store` before moto answers.

`install(store)` wraps moto's request handlers in this process:

* **DynamoDB**: after a successful PutItem, UpdateItem, DeleteItem, BatchWriteItem or
  TransactWriteItems, each item the request named is read back from moto's table (inside the
  same lock that serialises moto's DynamoDB requests, so nothing lands in between) and written to
  SQLite as it now is, or deleted there — one SQLite transaction per request. CreateTable and
  DeleteTable record the table itself.
* **S3**: after a successful object PUT (presigned or not, copies included), a completed multipart
  upload or a DELETE, the object's bytes go to their file and its metadata to SQLite. The object
  in moto then reads its bytes from that file (`DiskValue`) instead of holding them in memory, so
  the stand-in's memory does not grow with the archive's bytes.

`restore(store)` rebuilds moto's tables, items, buckets and objects from the store before the
server listens (directly in moto's backends: no HTTP, no S3 notifications, no stream records).
SQS is not recorded: on start the local stack re-enqueues every filing the store says still needs
work (`tools.standin_recovery`).
"""
from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from tools.standin_store import Store
from tools import moto_tuning

ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"
ITEM_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
_installed: Store | None = None


class DiskValue:
    """The file-like buffer of an S3 object whose bytes live in the store's file.

    moto reads an object as `seek(0); read()` (and `read(16 MB)` chunks for its ETag); each read
    opens the file afresh, so a replaced file is never read half old, half new. A write (moto
    re-setting a value in place) moves the object back to memory until it is recorded again.
    """

    def __init__(self, path: Path, size: int):
        self.path = path
        self.size = size
        self.pos = 0
        self.closed = False
        self._memory: io.BytesIO | None = None

    def seek(self, pos: int, whence: int = 0) -> int:
        if self._memory is not None:
            return self._memory.seek(pos, whence)
        self.pos = pos if whence == 0 else (self.pos + pos if whence == 1 else self.size + pos)
        return self.pos

    def tell(self) -> int:
        return self._memory.tell() if self._memory is not None else self.pos

    def read(self, size: int = -1) -> bytes:
        if self._memory is not None:
            return self._memory.read(size)
        with open(self.path, "rb") as fh:
            fh.seek(self.pos)
            data = fh.read() if size is None or size < 0 else fh.read(size)
        self.pos += len(data)
        return data

    def truncate(self, size: int | None = None) -> int:
        self._memory = io.BytesIO()
        return 0

    def write(self, data: bytes) -> int:
        if self._memory is None:
            self._memory = io.BytesIO()
        return self._memory.write(data)

    def close(self) -> None:
        self.closed = True


# ---------------------------------------------------------------------------------- DynamoDB
def named_keys(action: str, body: dict[str, Any], tables: dict[str, Any]) -> dict[str, list[tuple[dict, bool]]]:
    """Table name → (the item key or, for a put, the whole item written; whether it is whole)
    for each item a write request names."""
    out: dict[str, list[tuple[dict, bool]]] = {}
    if action in ("PutItem", "UpdateItem", "DeleteItem"):
        whole = action == "PutItem" and body.get("Item") is not None
        out.setdefault(body["TableName"], []).append((body.get("Key") or body.get("Item") or {}, whole))
    elif action == "BatchWriteItem":
        for table, requests in (body.get("RequestItems") or {}).items():
            for request in requests:
                put, delete = request.get("PutRequest"), request.get("DeleteRequest")
                entry = (put["Item"], True) if put and put.get("Item") else ((delete or {}).get("Key") or {}, False)
                out.setdefault(table, []).append(entry)
    elif action == "TransactWriteItems":
        for entry in body.get("TransactItems") or []:
            for kind, op in entry.items():
                if kind == "ConditionCheck":
                    continue
                whole = kind == "Put" and op.get("Item") is not None
                out.setdefault(op["TableName"], []).append((op.get("Key") or op.get("Item") or {}, whole))
    return {name: keys for name, keys in out.items() if name in tables}


def _record_items(store: Store, backend: Any, action: str, body: dict[str, Any]) -> None:
    """A put's item is recorded as the request wrote it (a put replaces the whole item, and a
    request that did not fully succeed is never recorded); an update or delete is read back."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    for name, entries in named_keys(action, body, backend.tables).items():
        table = backend.tables[name]
        upserts, deletes, seen = [], [], set()
        for mapping, whole in entries:
            h = mapping.get(table.hash_key_attr)
            r = mapping.get(table.range_key_attr) if table.range_key_attr else None
            if h is None or (table.range_key_attr and r is None):
                continue
            ident = (repr(h), repr(r))
            if ident in seen:
                continue
            seen.add(ident)
            if whole:
                upserts.append((h, r, mapping))
                continue
            item = table.get_item(DynamoType(h), DynamoType(r) if r is not None else None)
            if item is None:
                deletes.append((h, r))
            else:
                upserts.append((h, r, item.to_json()["Attributes"]))
        store.write_items(name, upserts, deletes)


def _install_dynamodb(store: Store) -> None:
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.call_action

    @functools.wraps(original)
    def call_action(self: Any) -> Any:
        with moto_tuning.lock():
            status, headers, body = original(self)
            if int(status) < 300:
                action = self._get_action()
                params = self.body if isinstance(self.body, dict) else {}
                if action in ITEM_WRITES:
                    _record_items(store, self.dynamodb_backend, action, params)
                elif action == "CreateTable":
                    store.put_table(params["TableName"], params)
                elif action == "DeleteTable":
                    store.drop_table(params["TableName"])
        return status, headers, body

    DynamoHandler.call_action = call_action


def _restore_dynamodb(store: Store) -> int:
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict

    backend = dynamodb_backends[ACCOUNT][REGION]
    count = 0
    for name, body in store.tables():
        if name not in backend.tables:
            backend.create_table(
                name, schema=body["KeySchema"], throughput=body.get("ProvisionedThroughput"),
                attr=body["AttributeDefinitions"], global_indexes=body.get("GlobalSecondaryIndexes") or [],
                indexes=body.get("LocalSecondaryIndexes") or [], streams=body.get("StreamSpecification"),
                billing_mode=body.get("BillingMode") or "PROVISIONED",
                sse_specification=body.get("SSESpecification"), tags=body.get("Tags") or [],
                deletion_protection_enabled=body.get("DeletionProtectionEnabled", False),
                warm_throughput=body.get("WarmThroughput"),
            )
        table = backend.tables[name]
        hash_attr, range_attr = table.hash_key_attr, table.range_key_attr
        for attrs in store.items(name):
            h = DynamoType(attrs[hash_attr])
            r = DynamoType(attrs[range_attr]) if range_attr else None
            item = Item.__new__(Item)
            item.hash_key, item.range_key = h, r
            item.attrs = LimitedSizeDict.__new__(LimitedSizeDict)
            for attr, value in attrs.items():  # validated when first written: skip the O(n²) size check
                dict.__setitem__(item.attrs, attr, DynamoType(value))
            if range_attr:
                table.items[h][r] = item
            else:
                table.items[h] = item
            count += 1
    return count


# ---------------------------------------------------------------------------------- S3
def _object_meta(key: Any) -> dict[str, Any]:
    return {
        "etag": key.etag.strip('"'), "size": key.contentsize, "last_modified": key.last_modified,
        "metadata": dict(key.metadata), "version_id": key._version_id, "storage": key._storage_class,
        "encryption": key.encryption, "kms_key_id": key.kms_key_id, "bucket_key_enabled": key.bucket_key_enabled,
        "checksum_algorithm": key.checksum_algorithm, "checksum_value": key.checksum_value,
        "checksum_type": key.checksum_type,
    }


def _record_object(store: Store, backend: Any, bucket_name: str, key_name: str) -> None:
    from moto.s3.models import FakeKey

    bucket = backend.buckets.get(bucket_name)
    key = bucket.keys.get(key_name) if bucket is not None else None
    if not isinstance(key, FakeKey):  # gone, or a versioned bucket's delete marker
        store.delete_object(bucket_name, key_name)
        return
    store.put_bucket(bucket_name, bucket.region_name)
    with key.lock:
        buffer = key._value_buffer

        def chunks() -> Any:
            buffer.seek(0)
            while block := buffer.read(1 << 20):
                yield block

        path = store.write_object_bytes(bucket_name, key_name, chunks())
        store.put_object_meta(bucket_name, key_name, path, _object_meta(key))
        if not isinstance(buffer, DiskValue) or buffer._memory is not None or buffer.path != path:
            key._value_buffer = DiskValue(path, key.contentsize)
            if not isinstance(buffer, DiskValue):
                buffer.close()


def _install_s3(store: Store) -> None:
    from moto.s3.responses import S3Response

    original = S3Response.key_response

    @functools.wraps(original)
    def key_response(self: Any, request: Any, full_url: str, headers: Any) -> Any:
        response = original(self, request, full_url, headers)
        method = request.method.upper()
        query = getattr(self, "querystring", {}) or {}
        if (method in ("PUT", "POST", "DELETE") and 200 <= int(response[0]) < 300
                and not ("partNumber" in query and "uploadId" in query) and "uploads" not in query):
            _record_object(store, self.backend, self.bucket_name, self.parse_key_name())
        return response

    S3Response.key_response = key_response


def _restore_s3(store: Store) -> int:
    from moto.s3.models import FakeKey, s3_backends

    backend = s3_backends[ACCOUNT]["aws"]
    for name, region in store.buckets():
        if name not in backend.buckets:
            backend.create_bucket(name, region)
    count = 0
    for bucket_name, key_name, path, meta in store.objects():
        bucket = backend.buckets.get(bucket_name) or backend.create_bucket(bucket_name, REGION)
        if not path.exists():
            continue
        key = FakeKey(
            name=key_name, value=b"", account_id=ACCOUNT, region_name=bucket.region_name,
            storage=meta.get("storage"), etag=meta.get("etag"), version_id=meta.get("version_id"),
            is_versioned=meta.get("version_id") is not None, bucket_name=bucket_name,
            encryption=meta.get("encryption"), kms_key_id=meta.get("kms_key_id"),
            bucket_key_enabled=meta.get("bucket_key_enabled"), checksum_value=meta.get("checksum_value"),
            checksum_type=meta.get("checksum_type"),
        )
        key._value_buffer.close()
        key._value_buffer = DiskValue(path, meta["size"])
        key.contentsize = meta["size"]
        key.last_modified = meta["last_modified"]
        key.checksum_algorithm = meta.get("checksum_algorithm")
        key._metadata.clear()
        key._metadata.update(meta.get("metadata") or {})
        bucket.keys[key_name] = key
        count += 1
    return count


# ---------------------------------------------------------------------------------- entry points
def restore(store: Store) -> dict[str, int]:
    """Load the store into moto's backends (before the server takes requests)."""
    return {"items": _restore_dynamodb(store), "objects": _restore_s3(store)}


def install(store: Store) -> None:
    """Record every acknowledged write into `store` (once per process)."""
    global _installed
    if _installed is not None:
        return
    _installed = store
    _install_dynamodb(store)
    _install_s3(store)

