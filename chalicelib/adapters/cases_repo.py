"""Cases in DynamoDB: the aggregate item, the docket-number resolver index, name tokens."""
from __future__ import annotations

import re
from typing import Any

from chalicelib.adapters import dynamo, keys
from chalicelib.domain.models import CaseRecord

_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"v", "vs", "the", "of", "and", "in", "re", "inc", "llc", "ltd", "et", "al", "a", "an"}


def name_tokens(name: str | None) -> list[str]:
    return sorted({w for w in _WORD.findall((name or "").lower()) if w not in _STOP and len(w) > 1})


def to_item(case: CaseRecord) -> dict[str, Any]:
    item = case.model_dump(mode="json")
    item.update(keys.case(case.case_id))
    item["item_type"] = "case"
    if case.docket_core:
        item["GSI2PK"] = keys.docket_core_index(case.docket_core)
        item["GSI2SK"] = f"{case.court_id or 'unk'}#{case.case_id}"
    return {k: v for k, v in item.items() if v is not None}


def from_item(item: dict[str, Any]) -> CaseRecord:
    return CaseRecord.model_validate(keys.strip(item))


def get(case_id: str, consistent: bool = False) -> CaseRecord | None:
    item = dynamo.get(keys.case(case_id), consistent=consistent)
    return from_item(item) if item else None


def put_op(case: CaseRecord, expected_version: int | None) -> tuple:
    """Transaction part saving `case`; expected_version None means "must not exist yet"."""
    if expected_version is None:
        new = case.model_copy(update={"version": 1})
        return to_item(new), "attribute_not_exists(PK)"
    new = case.model_copy(update={"version": expected_version + 1})
    return to_item(new), "version = :cv", {":cv": expected_version}


def name_token_items(case: CaseRecord) -> list[dict[str, Any]]:
    return [
        {**keys.case_name_token(tok, case.case_id), "case_id": case.case_id, "item_type": "case_name"}
        for tok in name_tokens(case.case_name)
    ]


def index_name(case: CaseRecord) -> None:
    """Write the name-token items for a case (idempotent; tokens only ever get added)."""
    items = name_token_items(case)
    if items:
        dynamo.batch_write(items)


def by_docket_core(core: str) -> list[CaseRecord]:
    items, _ = dynamo.query_page(keys.docket_core_index(core), index="GSI2", limit=100)
    return [from_item(i) for i in items]


def ids_by_name_token(prefix: str, limit: int = 200) -> list[str]:
    """Case ids whose name has a word starting with `prefix` (at least 2 characters)."""
    items, _ = dynamo.query_page(
        keys.case_name_bucket(prefix),
        sk_condition="begins_with(#sk, :p)",
        sk_values={":p": prefix},
        limit=limit,
    )
    return [i["case_id"] for i in items]


def get_many(case_ids: list[str]) -> list[CaseRecord]:
    items = dynamo.batch_get([keys.case(cid) for cid in case_ids])
    return [from_item(i) for i in items if i.get("item_type") == "case"]
