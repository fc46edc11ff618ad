"""Cases in DynamoDB: the aggregate item, the docket-number resolver index, name tokens.

The case item keeps its tallies (`domain.cases`) as top-level number attributes, one per
counter, so a commit changes them with `ADD` and needs no condition on the case: many filings
of one case commit side by side instead of queueing on the case's version.
"""
from __future__ import annotations

import re
from typing import Any

from chalicelib.adapters import dynamo, keys
from chalicelib.domain import cases as case_rules
from chalicelib.domain.models import CaseRecord

_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"v", "vs", "the", "of", "and", "in", "re", "inc", "llc", "ltd", "et", "al", "a", "an"}


def name_tokens(name: str | None) -> list[str]:
    return sorted({w for w in _WORD.findall((name or "").lower()) if w not in _STOP and len(w) > 1})


def _index_keys(case: CaseRecord) -> dict[str, Any]:
    if not case.docket_core:
        return {}
    return {"GSI2PK": keys.docket_core_index(case.docket_core),
            "GSI2SK": keys.docket_core_sort_key(case.court_id, case.case_id)}


def to_item(case: CaseRecord) -> dict[str, Any]:
    item = case.model_dump(mode="json", exclude={"tallies"})
    item.update(case.tallies)
    item.update(keys.case(case.case_id))
    item["item_type"] = "case"
    item.update(_index_keys(case))
    return {k: v for k, v in item.items() if v is not None}


def from_item(item: dict[str, Any]) -> CaseRecord:
    plain = keys.strip(item)
    tallies = {k: int(v) for k, v in plain.items() if k.startswith(case_rules.TALLY) and v}
    fields = {k: v for k, v in plain.items() if not k.startswith(case_rules.TALLY)}
    return case_rules.derive(CaseRecord.model_validate({**fields, "tallies": tallies}))


def get(case_id: str, consistent: bool = False) -> CaseRecord | None:
    item = dynamo.get(keys.case(case_id), consistent=consistent)
    return from_item(item) if item else None


def add_op(founding: CaseRecord, delta: dict[str, int], at: str) -> dict[str, Any]:
    """Transaction part adding `delta` to a case's tallies, creating the case from `founding`
    if it does not exist yet. Unconditional and commutative: concurrent commits of one case do
    not conflict, and the founding fields are written only by whoever comes first."""
    item = to_item(founding.model_copy(update={"tallies": {}}))
    founded = {k: v for k, v in item.items()
               if k not in ("PK", "SK", "version", "updated_at", "provisional", "case_name", "judge")}
    names: dict[str, str] = {"#updated": "updated_at", "#version": "version"}
    vals: dict[str, Any] = {":now": at, ":one": 1}
    sets = ["#updated = :now"]
    for n, (attr, value) in enumerate(sorted(founded.items())):
        names[f"#f{n}"], vals[f":f{n}"] = attr, value
        sets.append(f"#f{n} = if_not_exists(#f{n}, :f{n})")
    adds = ["#version :one"]
    for n, (attr, amount) in enumerate(sorted(delta.items())):
        names[f"#t{n}"], vals[f":t{n}"] = attr, amount
        adds.append(f"#t{n} :t{n}")
    return dynamo.update_part(keys.case(founding.case_id), "SET " + ", ".join(sets) + " ADD " + ", ".join(adds),
                              names, vals)


def name_token_items(case: CaseRecord) -> list[dict[str, Any]]:
    return [
        {**keys.case_name_token(tok, case.case_id), "case_id": case.case_id, "item_type": "case_name"}
        for tok in name_tokens(case.case_name)
    ]


def index_name(case_id: str, name: str | None) -> None:
    """Make the case findable by the words of `name` (idempotent; tokens only ever get added,
    and a hit is checked against the case's current name when it is read)."""
    items = [{**keys.case_name_token(tok, case_id), "case_id": case_id, "item_type": "case_name"}
             for tok in name_tokens(name)]
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
