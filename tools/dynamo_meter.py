"""Counts what each request costs DynamoDB: calls, items read, and any Scan (which fails)."""
from __future__ import annotations

from collections import Counter
from typing import Any

from chalicelib.adapters import aws


class DynamoMeter:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.items_read = 0
        self.scans = 0
        self._client: Any = None

    def install(self) -> DynamoMeter:
        self._client = aws.client("dynamodb")
        self._client.meta.events.register("before-call.dynamodb.*", self._before)
        self._client.meta.events.register("after-call.dynamodb.*", self._after)
        return self

    def uninstall(self) -> None:
        self._client.meta.events.unregister("before-call.dynamodb.*", self._before)
        self._client.meta.events.unregister("after-call.dynamodb.*", self._after)

    def reset(self) -> None:
        self.calls.clear()
        self.items_read = 0

    def _before(self, model: Any, **_: Any) -> None:
        if model.name == "Scan":
            self.scans += 1
            raise AssertionError("a DynamoDB Scan was issued")

    def _after(self, model: Any, parsed: dict, **_: Any) -> None:
        self.calls[model.name] += 1
        if model.name == "Query":
            self.items_read += max(parsed.get("Count", 0), parsed.get("ScannedCount", 0))
        elif model.name == "GetItem":
            self.items_read += 1 if parsed.get("Item") else 0
        elif model.name == "BatchGetItem":
            self.items_read += sum(len(v) for v in parsed.get("Responses", {}).values())

    def __enter__(self) -> DynamoMeter:
        return self.install()

    def __exit__(self, *exc: Any) -> None:
        self.uninstall()
