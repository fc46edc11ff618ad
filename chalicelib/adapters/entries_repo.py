"""Docket sheets in DynamoDB: report uploads, a case's report metadata, entries, links, PACER ids.

Key design in `keys.py`. Entries and links live in one partition per case, ordered so that a
page of entries and the links of exactly those entries are each one range Query.
"""
from __future__ import annotations

from typing import Any

from chalicelib.adapters import dynamo, keys
from chalicelib.domain.dockets import DocketCase, Entry


# ------------------------------------------------------------------ report uploads
def report_item(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, **keys.docket_report(record["id"]), "item_type": "docket_report"}


def reserve_report(record: dict[str, Any]) -> str | None:
    """Create the upload record and claim its SHA-256; the id already holding it if taken."""
    lock = {**keys.docket_report_sha(record["sha256"]), "report_id": record["id"], "item_type": "docket_sha"}
    try:
        dynamo.transact_put([(report_item(record), "attribute_not_exists(PK)"),
                             (lock, "attribute_not_exists(PK)")])
        return None
    except dynamo.ConditionFailed:
        held = dynamo.get(keys.docket_report_sha(record["sha256"]), consistent=True)
        return held["report_id"] if held else None


def get_report(report_id: str, consistent: bool = False) -> dict[str, Any] | None:
    item = dynamo.get(keys.docket_report(report_id), consistent=consistent)
    return keys.strip(item) if item else None


def save_report(record: dict[str, Any]) -> None:
    dynamo.put(report_item({k: v for k, v in record.items() if v is not None}))


def finish_report_part(record: dict[str, Any], read_at: str) -> dict[str, Any]:
    """Transaction part writing a report's result, only if nobody wrote it since it was read
    (its `updated_at` is still `read_at`): a concurrent delivery of the same report finishes once."""
    return dynamo.put_part(report_item({k: v for k, v in record.items() if v is not None}),
                           "updated_at = :read", {":read": read_at})


# ------------------------------------------------------------------ case metadata
def get_docket_case(case_id: str, consistent: bool = False) -> DocketCase | None:
    item = dynamo.get(keys.case_docket(case_id), consistent=consistent)
    return DocketCase.model_validate(keys.strip(item)) if item else None


def put_docket_case(case_id: str, docket: DocketCase, expected_version: int | None) -> DocketCase:
    new = docket.model_copy(update={"version": (expected_version or 0) + 1})
    item = {**new.model_dump(mode="json"), **keys.case_docket(case_id), "item_type": "case_docket",
            "case_id": case_id}
    if expected_version is None:
        dynamo.put(item, condition="attribute_not_exists(PK)")
    else:
        dynamo.put(item, condition="version = :v", vals={":v": expected_version})
    return new


# ------------------------------------------------------------------ entries
def _entry_item(case_id: str, entry: Entry) -> dict[str, Any]:
    item = entry.model_dump(mode="json")
    item.update(keys.entry(case_id, entry.order, entry.sub))
    item["item_type"] = "entry"
    return {k: v for k, v in item.items() if v is not None}


def entry_from_item(item: dict[str, Any]) -> Entry:
    return Entry.model_validate(keys.strip(item))


def all_entries(case_id: str) -> list[Entry]:
    """Every entry of a case (worker only: merging a report needs what is held)."""
    out: list[Entry] = []
    start = None
    while True:
        items, start = dynamo.query_page(keys.entries_partition(case_id), limit=1000, start_key=start,
                                         consistent=True)
        out.extend(entry_from_item(i) for i in items)
        if not start:
            return out


def put_entry(case_id: str, entry: Entry, expected_version: int | None) -> None:
    """Save one entry if nobody changed it since it was read (None: it must not exist yet)."""
    new = entry.model_copy(update={"version": (expected_version or 0) + 1})
    if expected_version is None:
        dynamo.put(_entry_item(case_id, new), condition="attribute_not_exists(PK)")
    else:
        dynamo.put(_entry_item(case_id, new), condition="version = :v", vals={":v": expected_version})


def get_entry(case_id: str, order: int, sub: int, consistent: bool = False) -> Entry | None:
    item = dynamo.get(keys.entry(case_id, order, sub), consistent=consistent)
    return entry_from_item(item) if item else None


def entries_page(case_id: str, after: tuple[int, int] | None, limit: int) -> tuple[list[Entry], bool]:
    """Up to `limit` entries after the place `after`, in docket order; and whether more follow."""
    condition, values = "begins_with(#sk, :e)", {":e": keys.ENTRY_PLACE_PREFIX}
    if after is not None:
        condition, values = "#sk > :after", {":after": keys.entry_place(*after)}
    items, _ = dynamo.query_page(keys.entries_partition(case_id), sk_condition=condition,
                                 sk_values=values, limit=limit + 1)
    entries = [entry_from_item(i) for i in items]
    return entries[:limit], len(entries) > limit


def filings_between(case_id: str, first: int, last: int | None, max_heads: int) -> tuple[list[dict], bool]:
    """Filing items of entries `first`..`last` in docket order (GSI1), stopping after `max_heads`
    distinct entry numbers; and whether that cut left some out."""
    lo, hi = keys.docket_order_range(first, last)
    out: list[dict] = []
    heads: set[str] = set()
    start = None
    while True:
        items, start = dynamo.query_page(keys.case_filings_index(case_id), index="GSI1",
                                         sk_condition="#sk BETWEEN :lo AND :hi",
                                         sk_values={":lo": lo, ":hi": hi}, limit=max_heads + 1,
                                         start_key=start)
        for item in items:
            head = keys.docket_order_head(item["GSI1SK"])
            if head not in heads and len(heads) >= max_heads:
                return out, True
            heads.add(head)
            out.append(keys.strip(item))
        if not start:
            return out, False


# ------------------------------------------------------------------ links
def link_items_between(case_id: str, direction: str, first: int, last: int) -> list[dict[str, Any]]:
    lo, hi = keys.links_range(direction, first, last)
    return _query_all(keys.links_partition(case_id), "#sk BETWEEN :lo AND :hi", {":lo": lo, ":hi": hi})


def link_items_with_prefix(case_id: str, prefix: str) -> list[dict[str, Any]]:
    return _query_all(keys.links_partition(case_id), "begins_with(#sk, :p)", {":p": prefix})


def _query_all(partition: str, condition: str, values: dict[str, Any], cap: int = 5000) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    start = None
    while len(out) < cap:
        items, start = dynamo.query_page(partition, sk_condition=condition, sk_values=values,
                                         limit=500, start_key=start)
        out.extend(items)
        if not start:
            break
    return out


def links_manifest(filing_id: str) -> list[dict[str, str]]:
    item = dynamo.get(keys.filing_links_manifest(filing_id), consistent=True)
    return list(item.get("keys", [])) if item else []


def replace_links(filing_id: str, new_items: list[dict[str, Any]]) -> None:
    """Swap a filing's links for `new_items`: write the new, delete the ones no longer made."""
    old = links_manifest(filing_id)
    if not old and not new_items:  # no manifest is an empty one: nothing to write
        return
    new_keys = [{"PK": i["PK"], "SK": i["SK"]} for i in new_items]
    keep = {(k["PK"], k["SK"]) for k in new_keys}
    gone = [k for k in old if (k["PK"], k["SK"]) not in keep]
    dynamo.batch_write(new_items, deletes=gone)
    dynamo.put({**keys.filing_links_manifest(filing_id), "item_type": "links_manifest", "keys": new_keys})


# ------------------------------------------------------------------ PACER document ids
def _pacer_doc_items(doc_id: str, prefix: str) -> list[dict[str, Any]]:
    items, _ = dynamo.query_page(keys.pacer_doc_partition(doc_id), sk_condition="begins_with(#sk, :p)",
                                 sk_values={":p": prefix}, limit=50)
    return items


def pacer_doc_entries(doc_id: str) -> list[dict[str, Any]]:
    """The docket entries (`case_id`, `number`) a PACER document id names."""
    return _pacer_doc_items(doc_id, keys.PACER_DOC_ENTRY)


def pacer_doc_waiting_filings(doc_id: str) -> list[str]:
    """Ids of the filings hinted with a PACER document id whose report has not yet arrived."""
    return [item["filing_id"] for item in _pacer_doc_items(doc_id, keys.PACER_DOC_FILING)]


def put_pacer_doc_entries(rows: list[tuple[str, str, str]]) -> None:
    """(doc id, case id, entry number) rows → the index a hinted filing is linked through."""
    dynamo.batch_write([{**keys.pacer_doc_entry(doc, case_id), "case_id": case_id, "number": number,
                         "item_type": "pacer_doc"} for doc, case_id, number in rows])


def put_pacer_doc_filing(doc_id: str, filing_id: str) -> None:
    dynamo.put({**keys.pacer_doc_filing(doc_id, filing_id), "filing_id": filing_id, "item_type": "pacer_doc"})
