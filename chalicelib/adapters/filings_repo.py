"""Filings in DynamoDB: reservation by SHA-256, reads, versioned saves, docket-order listings."""
from __future__ import annotations

from typing import Any

from chalicelib.adapters import dynamo, keys
from chalicelib.domain.models import FilingRecord, FilingStatus


def to_item(record: FilingRecord) -> dict[str, Any]:
    item = record.model_dump(mode="json")
    item.update(keys.filing(record.id))
    item["item_type"] = "filing"
    if record.case_id:
        item["GSI1PK"] = keys.case_filings_index(record.case_id)
        item["GSI1SK"] = keys.docket_order(record.document_number, record.attachment_number, record.id)
    if record.status != FilingStatus.ready:
        item["GSI2PK"] = keys.status_index(record.status.value)
        item["GSI2SK"] = keys.status_sort_key(record.updated_at, record.id)
    if record.court_id:
        item["GSI3PK"] = keys.court_index(record.court_id)
        item["GSI3SK"] = f"{record.date_filed.isoformat() if record.date_filed else '0000-00-00'}#{record.id}"
    return {k: v for k, v in item.items() if v is not None}


def from_item(item: dict[str, Any]) -> FilingRecord:
    return FilingRecord.model_validate(keys.strip(item))


def get(filing_id: str, consistent: bool = False) -> FilingRecord | None:
    item = dynamo.get(keys.filing(filing_id), consistent=consistent)
    return from_item(item) if item else None


def get_many(filing_ids: list[str], consistent: bool = False) -> dict[str, FilingRecord]:
    items = dynamo.batch_get([keys.filing(fid) for fid in filing_ids], consistent=consistent)
    return {i["id"]: from_item(i) for i in items if i.get("item_type") == "filing"}


def id_for_sha(sha256: str, consistent: bool = False) -> str | None:
    item = dynamo.get(keys.sha_lock(sha256), consistent=consistent)
    return item["filing_id"] if item else None


def ids_for_shas(sha256s: list[str], consistent: bool = True) -> dict[str, str]:
    """SHA-256 → the filing id holding its reservation, for those that have one (one BatchGet
    per 100)."""
    items = dynamo.batch_get([keys.sha_lock(s) for s in sha256s], consistent=consistent)
    return {keys.sha_of_lock(i): i["filing_id"] for i in items if i.get("item_type") == "sha_lock"}


def reserve(record: FilingRecord) -> bool:
    """Create the filing and claim its SHA-256 atomically. False if the bytes are already claimed."""
    lock = {**keys.sha_lock(record.sha256), "filing_id": record.id, "item_type": "sha_lock"}
    try:
        dynamo.transact_put(
            [(to_item(record), "attribute_not_exists(PK)"), (lock, "attribute_not_exists(PK)")]
        )
        return True
    except dynamo.ConditionFailed:
        return False


def reserve_many(records: list[FilingRecord]) -> bool:
    """Reserve several new filings in one transaction (at most 50: two items each). All or
    none: False when any of the SHA-256s is already claimed (or the transaction conflicted)."""
    parts: list[tuple] = []
    for record in records:
        lock = {**keys.sha_lock(record.sha256), "filing_id": record.id, "item_type": "sha_lock"}
        parts += [(to_item(record), "attribute_not_exists(PK)"), (lock, "attribute_not_exists(PK)")]
    try:
        dynamo.transact_put(parts)
        return True
    except dynamo.ConditionFailed:
        return False


def release(sha256: str, filing_id: str) -> bool:
    """Give up `filing_id`'s claim on `sha256` (its bytes turned out to be others); False when the
    claim is not that filing's (already released, or never)."""
    try:
        dynamo.delete(keys.sha_lock(sha256), condition="filing_id = :f", vals={":f": filing_id})
        return True
    except dynamo.ConditionFailed:
        return False


def save(record: FilingRecord, expected_version: int) -> FilingRecord:
    """Write `record` if nobody else wrote since `expected_version` (optimistic locking)."""
    new = record.model_copy(update={"version": expected_version + 1})
    dynamo.put(to_item(new), condition="version = :v", vals={":v": expected_version})
    return new


def put_op(record: FilingRecord, expected_version: int) -> tuple[dict[str, Any], str, dict]:
    """The transaction part that saves `record` at the next version (see cases_repo.commit)."""
    new = record.model_copy(update={"version": expected_version + 1})
    return to_item(new), "version = :fv", {":fv": expected_version}


def list_case(
    case_id: str,
    *,
    limit: int,
    start_key: dict[str, Any] | None,
    include_sealed: bool,
    document_type: str | None = None,
    updated_since: str | None = None,
) -> tuple[list[FilingRecord], dict[str, Any] | None]:
    """One page of a case's filings in docket order. Filters are applied in DynamoDB; the loop
    keeps reading until the page is full or the case ends, so pages are never short by accident."""
    clauses, names, vals = [], {}, {}
    if not include_sealed:
        clauses.append("#sealed = :false")
        names["#sealed"] = "sealed"
        vals[":false"] = False
    if document_type:
        clauses.append("document_type = :dt")
        vals[":dt"] = document_type
    if updated_since:
        clauses.append("updated_at > :us")
        vals[":us"] = updated_since
    out: list[FilingRecord] = []
    start = start_key
    while True:
        items, start = dynamo.query_page(
            keys.case_filings_index(case_id),
            index="GSI1",
            sk_condition="begins_with(#sk, :d)",
            sk_values={":d": keys.DOCKET_ORDER_PREFIX},
            limit=limit - len(out) if not clauses else max(limit - len(out), 25),
            start_key=start,
            filter_expression=" AND ".join(clauses) or None,
            names=names or None,
            filter_values=vals or None,
        )
        for n, item in enumerate(items):
            out.append(from_item(item))
            if len(out) == limit:
                more = n + 1 < len(items) or start is not None
                # resume after the last item returned, not after the last item DynamoDB read
                cursor = {k: item[k] for k in ("PK", "SK", "GSI1PK", "GSI1SK")}
                return out, (cursor if more else None)
        if not start:
            return out, None


def list_by_status(status: FilingStatus, *, limit: int, start_key: dict[str, Any] | None,
                   include_sealed: bool, filters: dict[str, Any]) -> tuple[list[FilingRecord], dict[str, Any] | None]:
    """One page of the filings in `status` (not `ready`), most recently changed first. `filters`
    (court_id, case_id, document_type: equal; date_filed_from / date_filed_to: inclusive ISO
    dates) are applied in DynamoDB; pages are filled like `list_case`'s."""
    clauses, names, vals = [], {}, {}
    if not include_sealed:
        clauses.append("#sealed = :false")
        names["#sealed"] = "sealed"
        vals[":false"] = False
    for n, (attr, op) in enumerate((("court_id", "="), ("case_id", "="), ("document_type", "="))):
        if filters.get(attr):
            clauses.append(f"#f{n} {op} :f{n}")
            names[f"#f{n}"], vals[f":f{n}"] = attr, filters[attr]
    if filters.get("date_filed_from"):
        clauses.append("date_filed >= :dlo")
        vals[":dlo"] = filters["date_filed_from"]
    if filters.get("date_filed_to"):
        clauses.append("date_filed <= :dhi")
        vals[":dhi"] = filters["date_filed_to"]
    out: list[FilingRecord] = []
    start = start_key
    while True:
        items, start = dynamo.query_page(
            keys.status_index(status.value), index="GSI2", forward=False,
            limit=max(limit - len(out), 25) if clauses else limit - len(out), start_key=start,
            filter_expression=" AND ".join(clauses) or None, names=names or None, filter_values=vals or None,
        )
        for n, item in enumerate(items):
            out.append(from_item(item))
            if len(out) == limit:
                more = n + 1 < len(items) or start is not None
                cursor = {k: item[k] for k in ("PK", "SK", "GSI2PK", "GSI2SK")}
                return out, (cursor if more else None)
        if not start:
            return out, None
