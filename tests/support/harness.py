"""Drive the app like its users do: HTTP through chalice's test client, the worker through the
very SQS messages moto's S3 notifications put on the queue."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from chalice.test import Client

from chalicelib.config import INGEST_QUEUE
from chalicelib.services import access
from tests.support import contract

SCOPE_SETS = {
    "read": ["read"],
    "write": ["read", "write"],
    "sealed": ["read", "sealed:read"],
    "admin": ["admin"],
}


class Archive:
    def __init__(self, resources: dict[str, str]):
        import app as app_module

        self.app = app_module.app
        self.resources = resources
        self.sqs = boto3.client("sqs", region_name="us-east-1")
        self.keys: dict[str, str] = {}

    def __enter__(self) -> Archive:
        self.client = Client(self.app, stage_name="dev")
        self._client_cm = self.client.__enter__()
        for name, scopes in SCOPE_SETS.items():
            _, self.keys[name] = access.mint(f"test-{name}", scopes)
        record, self.keys["revoked"] = access.mint("test-revoked", ["admin"])
        access.revoke(record["key_id"])
        return self

    def __exit__(self, *exc: Any) -> None:
        self.client.__exit__(*exc)

    # ---------------------------------------------------------------- HTTP
    def request(self, method: str, path: str, key: str | None = "admin", body: Any = None,
                headers: dict[str, str] | None = None) -> Any:
        hdrs = dict(headers or {})
        if key:
            hdrs.setdefault("Authorization", f"Bearer {self.keys.get(key, key)}")
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        resp = self.client.http.request(method, path, headers=hdrs, body=body or b"")
        resp.json = _json(resp)
        if resp.status_code != 304:
            contract.check(method, path, resp.status_code,
                           resp.headers.get("Content-Type", "").split(";")[0], resp.json)
        return resp

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def upload(self, data: bytes, key: str = "write", query: str = "", headers: dict | None = None) -> Any:
        hdrs = {"Content-Type": "application/pdf", **(headers or {})}
        return self.request("POST", "/filings" + (f"?{query}" if query else ""), key=key, body=data, headers=hdrs)

    # ---------------------------------------------------------------- worker
    def drain(self, max_rounds: int = 50) -> list[Any]:
        """Deliver every queued message to the worker, as the SQS trigger would."""
        outcomes = []
        url = self.resources["queue_url"]
        for _ in range(max_rounds):
            msgs = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
            if not msgs:
                break
            for msg in msgs:
                event = self.client.events.generate_sqs_event(
                    queue_name=INGEST_QUEUE, message_bodies=[msg["Body"]]
                )
                try:
                    outcomes.append(self.client.lambda_.invoke("ingest_worker", event))
                    self.sqs.delete_message(QueueUrl=url, ReceiptHandle=msg["ReceiptHandle"])
                except Exception as exc:  # left on the queue: SQS would redeliver it
                    outcomes.append(exc)
                    self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=msg["ReceiptHandle"], VisibilityTimeout=0)
                    return outcomes
        return outcomes

    def ingest(self, data: bytes, query: str = "", key: str = "write") -> dict[str, Any]:
        resp = self.upload(data, key=key, query=query)
        assert resp.status_code in (200, 202), (resp.status_code, resp.body[:500])
        self.drain()
        return self.get(f"/filings/{resp.json['id']}").json


def _json(resp: Any) -> Any:
    try:
        return json.loads(resp.body) if resp.body else None
    except ValueError:
        return None


def read(path: Path) -> bytes:
    return Path(path).read_bytes()
