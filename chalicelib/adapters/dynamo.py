"""A thin typed layer over the DynamoDB client: (de)serialisation, queries, conditional writes.

Only Query, GetItem, BatchGetItem and writes are offered: there is deliberately no scan.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib.adapters import aws
from chalicelib.config import settings


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, set):
        return sorted(_plain(v) for v in value)
    return value


def _dynamo(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _dynamo(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dynamo(v) for v in value]
    return value


_serializer = None
_deserializer = None


def serialize(item: dict[str, Any]) -> dict[str, Any]:
    global _serializer
    if _serializer is None:
        from boto3.dynamodb.types import TypeSerializer

        _serializer = TypeSerializer()
    return {k: _serializer.serialize(_dynamo(v)) for k, v in item.items()}


def deserialize(item: dict[str, Any]) -> dict[str, Any]:
    global _deserializer
    if _deserializer is None:
        from boto3.dynamodb.types import TypeDeserializer

        _deserializer = TypeDeserializer()
    return {k: _plain(_deserializer.deserialize(v)) for k, v in item.items()}


def values(mapping: dict[str, Any]) -> dict[str, Any]:
    """ExpressionAttributeValues from plain Python values."""
    return serialize(mapping)


class ConditionFailed(Exception):
    """A conditional write lost: the item was not in the state the write required."""


class TransactionConflict(ConditionFailed):
    """Another transaction was writing one of the same items at that moment: nothing was
    written, and trying again (after a short, jittered pause) is the remedy."""


def client() -> Any:
    return aws.client("dynamodb")


def table() -> str:
    return settings().table_name


def get(key: dict[str, str], consistent: bool = False) -> dict[str, Any] | None:
    resp = client().get_item(TableName=table(), Key=serialize(key), ConsistentRead=consistent)
    item = resp.get("Item")
    return deserialize(item) if item else None


def expression_args(condition: str | None = None, names: dict | None = None,
                    vals: dict | None = None) -> dict[str, Any]:
    """ConditionExpression / ExpressionAttributeNames / ExpressionAttributeValues, where given."""
    args: dict[str, Any] = {}
    if condition:
        args["ConditionExpression"] = condition
    if names:
        args["ExpressionAttributeNames"] = names
    if vals:
        args["ExpressionAttributeValues"] = values(vals)
    return args


def _conditional(operation: str, **kwargs: Any) -> dict[str, Any]:
    """One single-item write; a condition that did not hold is ConditionFailed."""
    try:
        return getattr(client(), operation)(**kwargs)
    except client().exceptions.ConditionalCheckFailedException as exc:
        raise ConditionFailed(str(exc)) from exc


def put(item: dict[str, Any], condition: str | None = None, names: dict | None = None,
        vals: dict | None = None) -> None:
    _conditional("put_item", TableName=table(), Item=serialize(item), **expression_args(condition, names, vals))


def delete(key: dict[str, str], condition: str | None = None, vals: dict | None = None) -> None:
    _conditional("delete_item", TableName=table(), Key=serialize(key), **expression_args(condition, None, vals))


def update(key: dict[str, str], expression: str, names: dict | None = None,
           vals: dict | None = None, condition: str | None = None,
           return_values: str = "ALL_NEW") -> dict[str, Any]:
    resp = _conditional("update_item", TableName=table(), Key=serialize(key), UpdateExpression=expression,
                        ReturnValues=return_values, **expression_args(condition, names, vals))
    return deserialize(resp.get("Attributes", {}))


def put_part(item: dict[str, Any], condition: str | None = None, vals: dict | None = None) -> dict[str, Any]:
    """A transaction part that puts `item` (plain values), optionally conditioned."""
    return {"Put": {"TableName": table(), "Item": serialize(item), **expression_args(condition, None, vals)}}


def update_part(key: dict[str, str], expression: str, names: dict | None = None,
                vals: dict | None = None, condition: str | None = None) -> dict[str, Any]:
    """A transaction part that updates one item with an update expression (plain values)."""
    return {"Update": {"TableName": table(), "Key": serialize(key), "UpdateExpression": expression,
                       **expression_args(condition, names, vals)}}


def transact(parts: list[dict[str, Any]]) -> None:
    """Write prepared parts (`put_part`, `update_part`) atomically.

    Raises ConditionFailed when a condition did not hold and TransactionConflict when another
    transaction held one of the items; anything else propagates."""
    try:
        client().transact_write_items(TransactItems=parts)
    except client().exceptions.TransactionCanceledException as exc:
        codes = {r.get("Code") for r in exc.response.get("CancellationReasons", [])}
        if "ConditionalCheckFailed" in codes:
            raise ConditionFailed(str(exc)) from exc
        if "TransactionConflict" in codes:
            raise TransactionConflict(str(exc)) from exc
        raise


def transact_put(items: list[tuple]) -> None:
    """Put several items atomically. Each entry is (item, condition) or (item, condition, values),
    e.g. (filing, "version = :v", {":v": 3}) or (lock, "attribute_not_exists(PK)")."""
    transact([put_part(entry[0], entry[1], entry[2] if len(entry) > 2 else None) for entry in items])


def query_page(
    partition: str,
    *,
    index: str | None = None,
    sk_condition: str | None = None,
    sk_values: dict[str, Any] | None = None,
    forward: bool = True,
    limit: int | None = None,
    start_key: dict[str, Any] | None = None,
    filter_expression: str | None = None,
    names: dict[str, str] | None = None,
    filter_values: dict[str, Any] | None = None,
    consistent: bool = False,
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """One Query page: (items, LastEvaluatedKey as plain values or None)."""
    pk_attr = f"{index}PK" if index else "PK"
    sk_attr = f"{index}SK" if index else "SK"
    expr_names = {"#pk": pk_attr, "#sk": sk_attr, **(names or {})}
    key_expr = "#pk = :pk"
    vals: dict[str, Any] = {":pk": partition, **(sk_values or {}), **(filter_values or {})}
    if sk_condition:
        key_expr += " AND " + sk_condition
    else:
        expr_names.pop("#sk")
    kwargs: dict[str, Any] = {
        "TableName": table(),
        "KeyConditionExpression": key_expr,
        "ExpressionAttributeNames": expr_names,
        "ExpressionAttributeValues": values(vals),
        "ScanIndexForward": forward,
    }
    if index:
        kwargs["IndexName"] = index
    elif consistent:
        kwargs["ConsistentRead"] = True
    if limit:
        kwargs["Limit"] = limit
    if start_key:
        kwargs["ExclusiveStartKey"] = serialize(start_key)
    if filter_expression:
        kwargs["FilterExpression"] = filter_expression
    resp = client().query(**kwargs)
    items = [deserialize(i) for i in resp.get("Items", [])]
    last = resp.get("LastEvaluatedKey")
    return items, (deserialize(last) if last else None)


def batch_get(keys: list[dict[str, str]], consistent: bool = False) -> list[dict[str, Any]]:
    """Items for keys (order not kept; missing ones absent). Retries unprocessed keys."""
    out: list[dict[str, Any]] = []
    pending = [serialize(k) for k in keys]
    # de-duplicate: BatchGetItem rejects repeated keys
    seen: set[str] = set()
    unique = []
    for k in pending:
        marker = repr(sorted((a, tuple(v.items())) for a, v in k.items()))
        if marker not in seen:
            seen.add(marker)
            unique.append(k)
    pending = unique
    while pending:
        chunk, pending = pending[:100], pending[100:]
        request: dict[str, Any] = {table(): {"Keys": chunk, "ConsistentRead": consistent}}
        for _ in range(8):
            resp = client().batch_get_item(RequestItems=request)
            out.extend(deserialize(i) for i in resp.get("Responses", {}).get(table(), []))
            request = resp.get("UnprocessedKeys") or {}
            if not request:
                break
    return out


def batch_write(puts: list[dict[str, Any]], deletes: list[dict[str, str]] = ()) -> None:
    """Unconditional bulk writes (index maintenance), 25 at a time, retrying what was left."""
    ops = [{"PutRequest": {"Item": serialize(i)}} for i in puts]
    ops += [{"DeleteRequest": {"Key": serialize(k)}} for k in deletes]
    while ops:
        chunk, ops = ops[:25], ops[25:]
        request = {table(): chunk}
        for _ in range(8):
            resp = client().batch_write_item(RequestItems=request)
            request = resp.get("UnprocessedItems") or {}
            if not request:
                break
