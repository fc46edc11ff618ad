"""Writing the search index: one filing's postings, manifest and counters, kept consistent.

Write path (`index_filing`): read the manifest and the filing's current seal; write the new
postings and text (idempotent puts) into the public or sealed lists; then one transaction puts
the manifest (conditional on the generation read), applies the counter deltas and checks that
the filing's seal is still the one indexed (a seal applied meanwhile makes the transaction fail
and the filing is indexed again under the new seal, its postings moved out of the public lists);
then delete stale postings. A lost race re-reads and tries again.

Sealing (`on_sealed_changed`) moves the filing between the public and sealed counters (once)
and its term postings between the public and sealed lists, and marks its FIELD postings.
"""
from __future__ import annotations

import json
from typing import Any
from collections.abc import Callable, Iterator

from chalicelib.adapters import dynamo, filings_repo, keys
from chalicelib.adapters import search_manifest as manifest
from chalicelib.domain.models import FilingRecord, FilingStatus
from chalicelib.domain.search import counters
from chalicelib.domain.search.document import IndexedDocument, analyze

MAX_ATTEMPTS = 5
TRANSACTION_PARTS = 100


def transact(ops: list[dict[str, Any]]) -> None:
    client = dynamo.client()
    try:
        client.transact_write_items(TransactItems=ops)
    except client.exceptions.TransactionCanceledException as exc:
        reasons = exc.response.get("CancellationReasons", [])
        if any(r.get("Code") == "ConditionalCheckFailed" for r in reasons):
            raise dynamo.ConditionFailed(str(exc)) from exc
        raise


def sequential_writes(ops: list[dict[str, Any]]) -> None:
    """Apply transaction parts one by one, the guarded manifest write first: the same result as
    `transact` when nothing fails midway, without atomicity (seal checks are skipped: bulk loads
    do not race sealing). For bulk loads into an emulator whose transactions cost O(table)
    (moto copies the table per transaction); never in AWS."""
    client = dynamo.client()
    for op in ops:
        (kind, body), = op.items()
        if kind == "ConditionCheck":
            continue
        call = {"Put": client.put_item, "Update": client.update_item, "Delete": client.delete_item}[kind]
        try:
            call(**body)
        except client.exceptions.ConditionalCheckFailedException as exc:
            raise dynamo.ConditionFailed(str(exc)) from exc


def _manifest_guard(gen: int | None) -> dict[str, Any]:
    if gen is None:
        return {"ConditionExpression": "attribute_not_exists(PK)"}
    return {"ConditionExpression": "gen = :g", "ExpressionAttributeValues": dynamo.values({":g": gen})}


def _seal_check(filing_id: str, sealed: bool) -> dict[str, Any]:
    """The filing must still carry the seal its postings were filed under."""
    condition = "sealed = :t" if sealed else "attribute_not_exists(sealed) OR sealed = :f"
    vals = {":t": True} if sealed else {":f": False}
    return {"ConditionCheck": {"TableName": dynamo.table(), "Key": dynamo.serialize(keys.filing(filing_id)),
                               "ConditionExpression": condition, "ExpressionAttributeValues": dynamo.values(vals)}}


def _counter_ops(deltas: counters.Deltas) -> list[dict[str, Any]]:
    ops = []
    for (name, value), attrs in deltas.items():
        names = {f"#a{i}": attr for i, attr in enumerate(attrs)}
        vals = {f":d{i}": delta for i, delta in enumerate(attrs.values())}
        ops.append({"Update": {
            "TableName": dynamo.table(),
            "Key": dynamo.serialize(keys.facet_counter(name, value)),
            "UpdateExpression": "SET item_type = :type ADD " + ", ".join(f"#a{i} :d{i}" for i in range(len(attrs))),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": dynamo.values({**vals, ":type": "facet_counter"}),
        }})
    return ops


def _put_manifest(doc: IndexedDocument, gen: int, old_gen: int | None, pending: list | None) -> dict[str, Any]:
    item = manifest.manifest_item(doc, gen, pending)
    return {"Put": {"TableName": dynamo.table(), "Item": dynamo.serialize(item), **_manifest_guard(old_gen)}}


def _transaction_chunks(docs: list[IndexedDocument]) -> Iterator[tuple[list[IndexedDocument], counters.Deltas]]:
    """Documents in order, in chunks whose manifest puts and summed counter deltas fit one
    transaction (a document too big for one on its own is a chunk by itself)."""
    chunk: list[IndexedDocument] = []
    deltas: counters.Deltas = {}
    for doc in docs:
        added = counters.contribution(doc, doc.sealed, +1)
        merged = counters.merge(deltas, added)
        if len(chunk) + 1 + len(merged) <= TRANSACTION_PARTS:
            chunk, deltas = chunk + [doc], merged
            continue
        if chunk:
            yield chunk, deltas
        chunk, deltas = [doc], added
    if chunk:
        yield chunk, deltas


class DynamoSearchIndex:
    """`SearchIndexWriter` over the archive table. `transact` applies a manifest write together
    with its counter updates (atomically by default)."""

    def __init__(self, transact: Callable[[list[dict[str, Any]]], None] | None = None) -> None:
        self._transact = transact or globals()["transact"]

    def index_filing(self, record: FilingRecord, pages: list[str]) -> None:
        """Only a `ready` record is searchable: any other status removes the filing instead.
        (The worker passes the ready record it is about to commit.)"""
        if record.status != FilingStatus.ready:
            self.remove_filing(record.id)
            return
        docs: dict[bool, IndexedDocument] = {}
        written: dict[tuple[str, str], dict[str, str]] = {}  # keys put by attempts so far
        for _ in range(MAX_ATTEMPTS):
            old_item = dynamo.get(keys.filing_index_manifest(record.id), consistent=True)
            if old_item and old_item.get("pending"):
                self._finish_pending(old_item)
                continue
            current = filings_repo.get(record.id, consistent=True)
            sealed = current.sealed if current is not None else record.sealed
            doc = docs.get(sealed) or docs.setdefault(sealed, analyze(record, pages, sealed))
            items = manifest.posting_items(doc)
            dynamo.batch_write(items)
            written.update({manifest.marker(i): {"PK": i["PK"], "SK": i["SK"]} for i in items})
            new_keys = {manifest.marker(k) for k in manifest.all_keys(doc, 1 if doc.text else 0)}
            old_gen = int(old_item["gen"]) if old_item else None
            if old_item:
                old, old_texts = manifest.doc_from_manifest(old_item)
                deltas = counters.merge(counters.contribution(old, old.sealed, -1),
                                        counters.contribution(doc, doc.sealed, +1))
                stale_keys = manifest.all_keys(old, old_texts)
            else:
                deltas, stale_keys = counters.contribution(doc, doc.sealed, +1), []
            stale = {manifest.marker(k): k for k in stale_keys + list(written.values())
                     if manifest.marker(k) not in new_keys}
            gen = (old_gen or 0) + 1
            pending = [[pk, sk] for pk, sk in stale] or None
            ops = [_put_manifest(doc, gen, old_gen, pending)] + _counter_ops(deltas)
            if current is not None:
                ops.append(_seal_check(record.id, sealed))
            try:
                self._transact(ops)
            except dynamo.ConditionFailed:
                continue
            if stale:
                dynamo.batch_write([], list(stale.values()))
                if pending:
                    self._clear_pending(record.id, gen)
            return
        raise RuntimeError(f"could not index filing {record.id}: concurrent re-indexing or sealing")

    def index_filings(self, batch: list[tuple[FilingRecord, list[str]]]) -> None:
        """Bulk `index_filing` for backfills (each record carries its current seal): filings
        never indexed before are written in chunks, each chunk's manifests (guarded: must not
        exist) and summed counter deltas in one transaction of ≤ 100 parts; a filing already
        indexed, or a chunk that loses a race, goes through `index_filing`."""
        for record, _ in batch:
            if record.status != FilingStatus.ready:
                self.remove_filing(record.id)
        batch = [(record, pages) for record, pages in batch if record.status == FilingStatus.ready]
        if not batch:
            return
        by_id = {record.id: (record, pages) for record, pages in batch}
        existing = {i["filing_id"] for i in dynamo.batch_get([keys.filing_index_manifest(r.id) for r, _ in batch])}
        for record, pages in batch:
            if record.id in existing:
                self.index_filing(record, pages)
        fresh = [analyze(r, p) for r, p in batch if r.id not in existing]
        for chunk, deltas in _transaction_chunks(fresh):
            dynamo.batch_write([item for d in chunk for item in manifest.posting_items(d)])
            puts = [_put_manifest(d, 1, None, None) for d in chunk]
            try:
                self._transact(puts + _counter_ops(deltas))
            except dynamo.ConditionFailed:
                for d in chunk:
                    self.index_filing(*by_id[d.filing_id])

    def _finish_pending(self, item: dict[str, Any]) -> None:
        """Delete stale postings a previous call recorded but did not get to delete."""
        current, texts = manifest.doc_from_manifest(item)
        live = {manifest.marker(k) for k in manifest.all_keys(current, texts)}
        stale = [{"PK": pk, "SK": sk} for pk, sk in json.loads(item["pending"]) if (pk, sk) not in live]
        dynamo.batch_write([], stale)
        self._clear_pending(item["filing_id"], int(item["gen"]))

    def _clear_pending(self, filing_id: str, gen: int) -> None:
        try:
            dynamo.update(keys.filing_index_manifest(filing_id), "REMOVE pending",
                          condition="gen = :g", vals={":g": gen}, return_values="NONE")
        except dynamo.ConditionFailed:
            pass  # someone re-indexed meanwhile; their manifest is current

    def remove_filing(self, filing_id: str) -> None:
        for _ in range(MAX_ATTEMPTS):
            item = dynamo.get(keys.filing_index_manifest(filing_id), consistent=True)
            if item is None:
                return
            doc, texts = manifest.doc_from_manifest(item)
            extra = [{"PK": pk, "SK": sk} for pk, sk in json.loads(item.get("pending") or "[]")]
            dynamo.batch_write([], manifest.all_keys(doc, texts) + extra)
            delete = {"Delete": {"TableName": dynamo.table(),
                                 "Key": dynamo.serialize(keys.filing_index_manifest(filing_id)),
                                 **_manifest_guard(int(item["gen"]))}}
            try:
                self._transact([delete] + _counter_ops(counters.contribution(doc, doc.sealed, -1)))
                return
            except dynamo.ConditionFailed:
                continue
        raise RuntimeError(f"could not remove filing {filing_id} from the index")

    def on_sealed_changed(self, record: FilingRecord, sealed: bool) -> None:
        """Move the filing between the public and sealed counters (once) and lists, and mark its
        FIELD postings. Idempotent; results never depend on it (they are checked against the
        filing), statistics do."""
        for _ in range(MAX_ATTEMPTS):
            item = dynamo.get(keys.filing_index_manifest(record.id), consistent=True)
            if item is None:
                return
            doc, _ = manifest.doc_from_manifest(item)
            if doc.sealed != sealed:
                gen = int(item["gen"])
                flip = {"Update": {
                    "TableName": dynamo.table(), "Key": dynamo.serialize(keys.filing_index_manifest(record.id)),
                    "UpdateExpression": "SET sealed = :s, gen = :next",
                    "ConditionExpression": "gen = :g",
                    "ExpressionAttributeValues": dynamo.values({":s": sealed, ":g": gen, ":next": gen + 1}),
                }}
                deltas = counters.merge(counters.contribution(doc, doc.sealed, -1),
                                        counters.contribution(doc, sealed, +1))
                try:
                    self._transact([flip] + _counter_ops(deltas))
                except dynamo.ConditionFailed:
                    continue
            self._move_postings(doc.with_sealed(sealed))
            return
        raise RuntimeError(f"could not record the sealing of filing {record.id}")

    def _move_postings(self, doc: IndexedDocument) -> None:
        """Term postings into the lists of `doc.sealed` (new copies first, then the old ones go:
        a crash in between leaves a copy that the next call moves), FIELD postings re-marked."""
        old = dynamo.batch_get(manifest.term_keys(doc, not doc.sealed))
        moved = {(i["PK"], i["SK"]): i for i in old}
        targets = {manifest.marker(k): manifest.marker(o) for k, o in
                   zip(manifest.term_keys(doc), manifest.term_keys(doc, not doc.sealed))}
        puts = [{**moved[src], "PK": pk, "SK": sk} for (pk, sk), src in targets.items() if src in moved]
        fields = [{**k, "item_type": "field_posting", **doc.attrs, "f": doc.filing_id, "s": doc.sealed}
                  for k in manifest.field_keys(doc)]
        dynamo.batch_write(puts + fields)
        dynamo.batch_write([], [{"PK": pk, "SK": sk} for pk, sk in moved])
