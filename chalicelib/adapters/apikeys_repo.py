"""API keys in DynamoDB: stored by id with a SHA-256 of the secret, never the secret itself."""
from __future__ import annotations

from typing import Any

from chalicelib.adapters import dynamo, keys


def put(record: dict[str, Any]) -> None:
    item = {
        **record,
        **keys.api_key(record["key_id"]),
        "item_type": "api_key",
        "GSI1PK": keys.API_KEYS_INDEX,
        "GSI1SK": f"{record['created_at']}#{record['key_id']}",
    }
    dynamo.put(item, condition="attribute_not_exists(PK)")


def get(key_id: str) -> dict[str, Any] | None:
    item = dynamo.get(keys.api_key(key_id))
    return keys.strip(item) if item else None


def list_all(limit: int = 1000) -> list[dict[str, Any]]:
    items, _ = dynamo.query_page(keys.API_KEYS_INDEX, index="GSI1", limit=limit, forward=False)
    return [keys.strip(i) for i in items]


def set_fields(key_id: str, **fields: Any) -> dict[str, Any]:
    names = {f"#{k}": k for k in fields}
    vals = {f":{k}": v for k, v in fields.items()}
    expr = "SET " + ", ".join(f"#{k} = :{k}" for k in fields)
    return keys.strip(dynamo.update(keys.api_key(key_id), expr, names=names, vals=vals,
                                    condition="attribute_exists(PK)"))
