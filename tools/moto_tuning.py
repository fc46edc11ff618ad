"""Make moto behave like DynamoDB where our code depends on it, and fast enough to develop on.

Applied by the local stack (`make serve`) and the test suite; never shipped. Each patch changes
moto's speed or its thread-safety, not its answers:

* **Atomicity.** moto's TransactWriteItems deep-copies whole tables and restores them on failure,
  so under threads (the API and the worker in one `make serve` process) one transaction's
  rollback can undo another's write. DynamoDB is atomic per item and per transaction; a lock
  around moto's DynamoDB backend makes moto so. The lock also covers each whole request
  (`DynamoHandler.call_action`): moto renders `ReturnValues=ALL_NEW` from the live item after
  the backend returns, so two concurrent `ADD #n :one` could both answer the later value (one
  number handed out twice, one never) — the change feed's counter depends on that not happening.
* **Transactions** snapshot, for rollback, only the partitions and items they write instead of
  deep-copying every table per operation (which made each write cost the size of the table).
* **Base-table Query** reads only its partition instead of sorting the whole table first.
* **Routing** reads moto's list of its service modules once instead of listing its package
  directory on every request of the server.
* **Streams without a consumer** keep no records: moto appends every write's old and new image to
  the table's stream shard forever unless a Lambda mapping drains it, and nothing reads the stream
  locally (in AWS, DynamoDB trims a stream after 24 h) — that alone grew the stand-in by the size
  of everything ever written.
"""
from __future__ import annotations

import copy as copy_module
import functools
import threading
import types
from typing import Any

_installed = False
_lock = threading.RLock()
_scope = threading.local()
_ANY = object()


def lock() -> Any:
    """The lock that serialises moto's DynamoDB requests (the persistence layer records inside it)."""
    return _lock


def install() -> None:
    """Patch moto once per process (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    _query_one_partition()
    _transactions_snapshot_what_they_write()
    _streams_without_consumers_keep_nothing()
    _serialise_the_backend()
    _module_list_read_once()


def _query_one_partition() -> None:
    from moto.dynamodb.models.table import Table

    original_all_items, original_query = Table.all_items, Table.query

    def all_items(self: Table) -> list:
        hash_key = getattr(_scope, "hash_key", None)
        if hash_key is None or hash_key is _ANY:
            return original_all_items(self)
        part = self.items.get(hash_key, {})
        return list(part.values()) if self.range_key_attr else [part]

    @functools.wraps(original_query)
    def query(self: Table, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = kwargs.get("index_name") or (args[6] if len(args) > 6 else None)
        _scope.hash_key = _ANY if index_name or hash_key is None else hash_key
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            _scope.hash_key = None

    Table.all_items, Table.query = all_items, query


def _transactions_snapshot_what_they_write() -> None:
    import moto.dynamodb.models as models
    from moto.dynamodb.models.table import Table

    original_transact = models.DynamoDBBackend.transact_write_items

    def deepcopy(obj: Any, memo: Any = None) -> Any:
        return obj if isinstance(obj, Table) else copy_module.deepcopy(obj, memo)

    def transact(self: Any, transact_items: list[dict[str, Any]]) -> None:
        saved = _snapshot(self, transact_items)
        try:
            original_transact(self, transact_items)
        except Exception:
            _roll_back(saved)
            raise

    models.DynamoDBBackend.transact_write_items = transact
    models.copy = types.SimpleNamespace(deepcopy=deepcopy, copy=copy_module.copy)


def _snapshot(backend: Any, transact_items: list[dict[str, Any]]) -> dict[int, tuple[Any, dict, list]]:
    """Per table written: (table, partitions as they were, items as they were)."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    saved: dict[int, tuple[Any, dict, list]] = {}
    for entry in transact_items:
        ((_, op),) = entry.items()
        table = backend.tables.get(op.get("TableName"))
        if table is None or not table.range_key_attr:
            continue
        _, parts, items = saved.setdefault(id(table), (table, {}, []))
        key = op.get("Key") or op.get("Item") or {}
        if table.hash_key_attr not in key or table.range_key_attr not in key:
            continue
        h, r = DynamoType(key[table.hash_key_attr]), DynamoType(key[table.range_key_attr])
        if h not in parts:
            parts[h] = dict(table.items[h]) if h in table.items else None
        current = table.items.get(h, {}).get(r)
        if current is not None:
            items.append((h, r, copy_module.deepcopy(current)))
    return saved


def _roll_back(saved: dict[int, tuple[Any, dict, list]]) -> None:
    for table, parts, items in saved.values():
        for h, part in parts.items():
            if part is None:
                table.items.pop(h, None)
            else:
                table.items[h] = part
        for h, r, item in items:
            table.items[h][r] = item


def _streams_without_consumers_keep_nothing() -> None:
    from moto.dynamodb.models.table import StreamShard

    original_add = StreamShard.add

    def add(self: StreamShard, old: Any, new: Any) -> None:
        if self.table.lambda_event_source_mappings:
            original_add(self, old, new)

    StreamShard.add = add


def _serialise_the_backend() -> None:
    import moto.dynamodb.models as models
    from moto.dynamodb.responses import DynamoHandler

    for name, method in list(vars(models.DynamoDBBackend).items()):
        if name.startswith("_") or not callable(method):
            continue
        setattr(models.DynamoDBBackend, name, _serialised(method))
    DynamoHandler.call_action = _serialised(DynamoHandler.call_action)


def _module_list_read_once() -> None:
    """moto's server lists its own package directory (listdir + isdir of ~150 entries) to route
    every request; the list cannot change while it runs."""
    from moto import backends

    backends.list_of_moto_modules = functools.lru_cache(maxsize=1)(
        lambda original=backends.list_of_moto_modules: tuple(original()))


def _serialised(method: Any) -> Any:
    @functools.wraps(method)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with _lock:
            return method(*args, **kwargs)

    return locked
