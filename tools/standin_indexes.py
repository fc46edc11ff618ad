"""Global secondary indexes the stand-in can look up, instead of sorting the whole table per Query.

moto answers a Query on a GSI by sorting every item of the table and then keeping those whose
index hash key matches: a GSI Query costs the size of the archive. Ingest issues several per
filing (case resolution by docket number, a case's filings), so with a few thousand filings the
stand-in spent two thirds of its CPU sorting (py-spy, bench P5) and ingest slowed as the archive
grew. DynamoDB keeps each index as its own partitioned structure; so does this, for the stand-in:

* a map (index hash attribute, value) → item keys, per table, built on the first GSI Query (after
  a restore, say) and kept current by every write request: after a successful PutItem,
  UpdateItem, DeleteItem, BatchWriteItem or TransactWriteItems, each item the request named is
  re-read and re-filed (inside the lock that serialises moto's DynamoDB requests);
* a GSI Query with one hash condition hands moto only that value's items, which moto then sorts
  and filters exactly as before — answers are unchanged, only the candidates are fewer.

Installed by the stand-in process (`tools.moto_server.prepare`), where every write arrives as a
request. The test suite's in-process moto does not use it (some benchmarks write moto's tables
directly, which this map would not see).
"""
from __future__ import annotations

import functools
import threading
from collections import defaultdict
from typing import Any
from tools import moto_tuning
from tools.standin_persist import ITEM_WRITES
from tools.standin_persist import named_keys

_installed = False
_scope = threading.local()


class IndexMap:
    """(hash attribute, DynamoType value) → {(item hash key, item range key): None}."""

    def __init__(self, table: Any):
        self.attrs = sorted({k["AttributeName"] for index in table.all_indexes() for k in index.schema
                             if k["KeyType"] == "HASH"})
        self.by_value: dict[tuple[str, Any], dict[tuple[Any, Any], None]] = defaultdict(dict)
        self.of_key: dict[tuple[Any, Any], list[tuple[str, Any]]] = {}
        for part in table.items.values():
            for item in (part.values() if table.range_key_attr else [part]):
                self.add(item)

    def add(self, item: Any) -> None:
        key = (item.hash_key, item.range_key)
        entries = [(attr, item.attrs[attr]) for attr in self.attrs if item.attrs.get(attr) is not None]
        if entries:
            self.of_key[key] = entries
            for entry in entries:
                self.by_value[entry][key] = None

    def remove(self, key: tuple[Any, Any]) -> None:
        for entry in self.of_key.pop(key, []):
            bucket = self.by_value.get(entry)
            if bucket is not None:
                bucket.pop(key, None)
                if not bucket:
                    del self.by_value[entry]

    def refresh(self, table: Any, key: tuple[Any, Any]) -> None:
        self.remove(key)
        item = table.get_item(key[0], key[1])
        if item is not None:
            self.add(item)

    def candidates(self, table: Any, attr: str, value: Any) -> list[Any]:
        out = []
        for h, r in self.by_value.get((attr, value), {}):
            part = table.items.get(h)
            item = (part.get(r) if table.range_key_attr else part) if part is not None else None
            if item is not None:
                out.append(item)
        return out


def _maps(table: Any) -> IndexMap | None:
    return table.__dict__.get("_standin_index_map")


def _refresh_written(backend: Any, action: str, body: dict[str, Any]) -> None:
    from moto.dynamodb.models.dynamo_type import DynamoType

    for name, keys in named_keys(action, body, backend.tables).items():
        table = backend.tables[name]
        index_map = _maps(table)
        if index_map is None:
            continue
        for key, _ in keys:
            h = key.get(table.hash_key_attr)
            r = key.get(table.range_key_attr) if table.range_key_attr else None
            if h is not None:
                index_map.refresh(table, (DynamoType(h), DynamoType(r) if r is not None else None))


def install() -> None:
    """Once per process, after `tools.moto_tuning.install()`."""
    global _installed
    if _installed:
        return
    _installed = True
    from moto.dynamodb.models.table import Table
    from moto.dynamodb.responses import DynamoHandler

    tuned_all_items, tuned_query = Table.all_items, Table.query

    def all_items(self: Table) -> list:
        found = getattr(_scope, "candidates", None)
        return list(found) if found is not None else tuned_all_items(self)

    @functools.wraps(tuned_query)
    def query(self: Table, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        conditions = kwargs.get("hash_key_conditions") or []
        index_name = kwargs.get("index_name") or (args[6] if len(args) > 6 else None)
        if not index_name or len(conditions) != 1:
            return tuned_query(self, hash_key, *args, **kwargs)
        index_map = _maps(self)
        if index_map is None:
            index_map = self.__dict__["_standin_index_map"] = IndexMap(self)
        ((attr, value),) = conditions
        if attr not in index_map.attrs:
            return tuned_query(self, hash_key, *args, **kwargs)
        _scope.candidates = index_map.candidates(self, attr, value)
        try:
            return tuned_query(self, hash_key, *args, **kwargs)
        finally:
            _scope.candidates = None

    Table.all_items, Table.query = all_items, query
    original = DynamoHandler.call_action

    @functools.wraps(original)
    def call_action(self: Any) -> Any:
        with moto_tuning.lock():
            status, headers, body = original(self)
            action = self._get_action()
            if action in ITEM_WRITES and int(status) < 300:
                _refresh_written(self.dynamodb_backend, action, self.body if isinstance(self.body, dict) else {})
        return status, headers, body

    DynamoHandler.call_action = call_action
