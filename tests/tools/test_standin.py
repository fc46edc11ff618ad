"""The stand-in's store: DynamoDB items and S3 objects written through moto survive kill -9 of it.

The stand-in runs as `python -m tools.moto_server --data-dir` (its own process, as in `make serve`);
the test writes through boto3 as the archive does, kills it with SIGKILL, starts it again on the
same directory and reads everything back.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import boto3
import pytest

from tests.tools.serve_process import ROOT, free_port, poll
from tools import standin_recovery
from tools.standin_store import Store, key_text

TABLE, BUCKET = "court-archive", "court-archive-filings-local"


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def standin(tmp_path, monkeypatch):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    for name, value in {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                        "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": url}.items():
        monkeypatch.setenv(name, value)
    procs = []

    def start():
        proc = subprocess.Popen([sys.executable, "-m", "tools.moto_server", "--port", str(port), "--data-dir",
                                 str(tmp_path / "data")], cwd=ROOT, env=dict(os.environ))
        procs.append(proc)
        poll(lambda: _listening(port) or proc.poll() is not None, "the stand-in to listen")
        assert proc.poll() is None
        from infra import resources

        resources.apply(boto3.Session(region_name="us-east-1"), TABLE, BUCKET, "court-archive-ingest")
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)


def test_items_and_objects_survive_kill_9(standin):
    proc = standin()
    ddb, s3 = boto3.client("dynamodb"), boto3.client("s3")
    key = {"PK": {"S": "FILING#a"}, "SK": {"S": "META"}}
    ddb.put_item(TableName=TABLE, Item={**key, "n": {"N": "1"}, "blob": {"B": b"\x00\xff"},
                                        "m": {"M": {"l": {"L": [{"N": "2"}, {"SS": ["x", "y"]}]}}}})
    ddb.update_item(TableName=TABLE, Key=key, UpdateExpression="ADD n :five",
                    ExpressionAttributeValues={":five": {"N": "5"}})
    ddb.put_item(TableName=TABLE, Item={"PK": {"S": "GONE"}, "SK": {"S": "1"}})
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": TABLE, "Item": {"PK": {"S": "T"}, "SK": {"S": "1"}}}},
        {"Delete": {"TableName": TABLE, "Key": {"PK": {"S": "GONE"}, "SK": {"S": "1"}}}},
    ])
    ddb.batch_write_item(RequestItems={TABLE: [{"PutRequest": {"Item": {"PK": {"S": "B"}, "SK": {"S": f"{i:02d}"}}}}
                                               for i in range(25)]})
    failed = None
    try:  # a write moto refuses is not recorded
        ddb.put_item(TableName=TABLE, Item={**key, "n": {"N": "0"}}, ConditionExpression="attribute_not_exists(PK)")
    except ddb.exceptions.ConditionalCheckFailedException as exc:
        failed = exc
    assert failed is not None
    big = os.urandom(3_000_000)
    s3.put_object(Bucket=BUCKET, Key="uploads/a.pdf", Body=b"%PDF-1.7 small", ContentType="application/pdf",
                  Metadata={"sha256": "abc"})
    s3.put_object(Bucket=BUCKET, Key="big.bin", Body=big)
    s3.put_object(Bucket=BUCKET, Key="deleted.bin", Body=b"x")
    s3.delete_object(Bucket=BUCKET, Key="deleted.bin")
    etag = s3.head_object(Bucket=BUCKET, Key="uploads/a.pdf")["ETag"]

    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    standin()

    item = ddb.get_item(TableName=TABLE, Key=key)["Item"]
    assert item["n"] == {"N": "6"} and item["blob"] == {"B": b"\x00\xff"}
    assert item["m"] == {"M": {"l": {"L": [{"N": "2"}, {"SS": ["x", "y"]}]}}}
    assert "Item" not in ddb.get_item(TableName=TABLE, Key={"PK": {"S": "GONE"}, "SK": {"S": "1"}})
    assert "Item" in ddb.get_item(TableName=TABLE, Key={"PK": {"S": "T"}, "SK": {"S": "1"}})
    assert ddb.query(TableName=TABLE, KeyConditionExpression="PK = :p",
                     ExpressionAttributeValues={":p": {"S": "B"}})["Count"] == 25
    small = s3.get_object(Bucket=BUCKET, Key="uploads/a.pdf")
    assert small["Body"].read() == b"%PDF-1.7 small"
    assert (small["ContentType"], small["Metadata"], small["ETag"]) == ("application/pdf", {"sha256": "abc"}, etag)
    assert s3.get_object(Bucket=BUCKET, Key="big.bin")["Body"].read() == big
    assert s3.get_object(Bucket=BUCKET, Key="uploads/a.pdf", Range="bytes=0-4")["Body"].read() == b"%PDF-"
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert sorted(listed) == ["big.bin", "uploads/a.pdf"]


def _filing(store: Store, filing_id: str, status: str) -> None:
    pk, sk = {"S": f"FILING#{filing_id}"}, {"S": "META"}
    store.write_items(TABLE, [(pk, sk, {"PK": pk, "SK": sk, "id": {"S": filing_id}, "status": {"S": status}})], [])


def test_recovery_queues_exactly_the_unfinished_uploads(tmp_path):
    from chalicelib.adapters import blobs

    store = Store(tmp_path)
    for filing_id, status in (("p1", "processing"), ("r1", "ready"), ("f1", "failed"),
                              ("w_bytes", "awaiting_upload"), ("w_none", "awaiting_upload")):
        _filing(store, filing_id, status)
    path = store.write_object_bytes(BUCKET, blobs.original_key("w_bytes"), iter([b"%PDF-"]))
    store.put_object_meta(BUCKET, blobs.original_key("w_bytes"), path, {"size": 5})
    rpk, rsk = {"S": "DOCKETRPT#dr1"}, {"S": "META"}
    store.write_items(TABLE, [(rpk, rsk, {"PK": rpk, "SK": rsk, "id": {"S": "dr1"}, "status": {"S": "processing"}})], [])
    other = {"S": "FILINGX"}  # outside the FILING# range
    store.write_items(TABLE, [(other, rsk, {"PK": other, "SK": rsk, "id": {"S": "x"}, "status": {"S": "processing"}})], [])

    keys = standin_recovery.unfinished(store, TABLE, BUCKET)
    assert sorted(keys) == sorted([blobs.original_key("p1"), blobs.original_key("w_bytes"),
                                   blobs.docket_report_key("dr1")])


class _Sent:
    def __init__(self) -> None:
        self.bodies: list[str] = []

    def send_message_batch(self, QueueUrl: str, Entries: list[dict]) -> None:  # noqa: N803 (boto3's names)
        assert len(Entries) <= 10
        self.bodies += [e["MessageBody"] for e in Entries]


def test_recovery_queues_the_follow_up_ocr_a_stop_left_pending(tmp_path):
    """A `ready` filing with pages left for follow-up OCR had its continuation message in the
    stand-in's queue; after a restart (Ctrl-C, kill -9 of the stand-in) it is queued again, or its
    pages stayed pending forever (seen live: 5 of 191 real filings after kill -9 of the stand-in)."""
    from chalicelib.adapters import blobs, queue

    store = Store(tmp_path)
    pk, sk = {"S": "FILING#o1"}, {"S": "META"}
    pending = {"L": [{"N": "3"}, {"N": "4"}]}
    rows = [("o1", "ready", pending), ("o_done", "ready", {"L": []}), ("o_proc", "processing", pending),
            ("o_none", "ready", None)]
    for filing_id, status, pages in rows:
        pk = {"S": f"FILING#{filing_id}"}
        item = {"PK": pk, "SK": sk, "id": {"S": filing_id}, "status": {"S": status}}
        if pages is not None:
            item["ocr_pending"] = pages
        store.write_items(TABLE, [(pk, sk, item)], [])

    sent = _Sent()
    count = standin_recovery.requeue(store, TABLE, BUCKET, "http://q", sent)
    assert count == len(sent.bodies) == 2
    assert sorted(sent.bodies) == sorted([standin_recovery.s3_event(BUCKET, blobs.original_key("o_proc")),
                                          queue.ocr_followup_body("o1")])
    assert [queue.ocr_followup_in(b) for b in sent.bodies].count("o1") == 1


@pytest.mark.parametrize("value,text", [
    ({"S": "FILING#1"}, "SFILING#1"), ({"N": "12"}, "N12"), ({"B": b"\x00"}, "BAA=="), (None, ""),
])
def test_key_text_sorts_like_the_key(value, text):
    assert key_text(value) == text


def _gsi1(ddb, value: str) -> list[str]:
    found = ddb.query(TableName=TABLE, IndexName="GSI1", KeyConditionExpression="GSI1PK = :v",
                      ExpressionAttributeValues={":v": {"S": value}})
    return [i["PK"]["S"] for i in found["Items"]]


def test_index_queries_see_every_write_before_and_after_a_restart(standin):
    """The stand-in answers GSI Queries from its index map (tools/standin_indexes.py): puts,
    updates that move an item between index values, deletes and transactions all show."""
    proc = standin()
    ddb = boto3.client("dynamodb")

    def put(pk: str, case: str, order: str) -> None:
        ddb.put_item(TableName=TABLE, Item={"PK": {"S": pk}, "SK": {"S": "META"}, "GSI1PK": {"S": case},
                                            "GSI1SK": {"S": order}})

    assert _gsi1(ddb, "CASE#a") == []  # the map is built by the first index Query
    put("F1", "CASE#a", "2"), put("F2", "CASE#a", "1"), put("F3", "CASE#b", "1")
    assert _gsi1(ddb, "CASE#a") == ["F2", "F1"]
    ddb.update_item(TableName=TABLE, Key={"PK": {"S": "F1"}, "SK": {"S": "META"}},
                    UpdateExpression="SET GSI1PK = :b", ExpressionAttributeValues={":b": {"S": "CASE#b"}})
    ddb.update_item(TableName=TABLE, Key={"PK": {"S": "F3"}, "SK": {"S": "META"}}, UpdateExpression="REMOVE GSI1PK")
    ddb.batch_write_item(RequestItems={TABLE: [
        {"PutRequest": {"Item": {"PK": {"S": "F4"}, "SK": {"S": "META"}, "GSI1PK": {"S": "CASE#b"},
                                 "GSI1SK": {"S": "0"}}}},
        {"DeleteRequest": {"Key": {"PK": {"S": "F2"}, "SK": {"S": "META"}}}},
    ]})
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": TABLE, "Item": {"PK": {"S": "F5"}, "SK": {"S": "META"}, "GSI1PK": {"S": "CASE#a"},
                                              "GSI1SK": {"S": "9"}}}},
    ])
    assert (_gsi1(ddb, "CASE#a"), _gsi1(ddb, "CASE#b")) == (["F5"], ["F4", "F1"])
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    standin()
    assert (_gsi1(ddb, "CASE#a"), _gsi1(ddb, "CASE#b")) == (["F5"], ["F4", "F1"])
