"""Issue #10 acceptance: the bad-input table. Every row is a request a client can get wrong —
a body, a header, a parameter, an id, a cursor, a content type, a size, a key — sent over HTTP to
the local API server (tools/local_gateway.py in front of the app, as `make serve` runs it). Each
must be answered with a clear problem+json 4xx (never a 5xx, never the key), and the archive must
be exactly as it was: no item, object or change added, nothing lost.
"""
from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

import boto3
import pytest

from tests.conftest import moto_archive
from tests.support.harness import Archive
from tools import local_gateway

ROOT = Path(__file__).resolve().parents[2]
PDF = (ROOT / "fixtures" / "pdfs" / "syn08.pdf").read_bytes()
SEALED_PDF = (ROOT / "fixtures" / "pdfs" / "syn12.pdf").read_bytes()
J = {"Content-Type": "application/json"}
PDF_CT = {"Content-Type": "application/pdf"}
LONG = "a" * 3000
SHA = "ab" * 32
BAD_IDS = [LONG, "a#b", "x y", "%00", "a%0Ab", "%E2%98%83", "-x", "fl_" + "z" * 250]
ID_ROUTES = [("GET", "/filings/{}"), ("GET", "/filings/{}/content"), ("GET", "/filings/{}/text"),
             ("GET", "/filings/{}/links"), ("GET", "/cases/{}"), ("GET", "/cases/{}/filings"),
             ("GET", "/cases/{}/entries"), ("GET", "/dockets/{}"), ("PATCH", "/filings/{}"),
             ("POST", "/filings/{}/reprocess"), ("DELETE", "/admin/keys/{}")]


class Row(tuple):
    """(method, path, key, headers, body, expected statuses)"""

    def __new__(cls, method: str, path: str, expected: int | tuple[int, ...], *, key: str | None = "admin",
                headers: dict[str, str] | None = None, body: Any = None):
        statuses = expected if isinstance(expected, tuple) else (expected,)
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            headers = {**J, **(headers or {})}
        if isinstance(body, str):
            body = body.encode()
        return super().__new__(cls, (method, path, key, tuple(sorted((headers or {}).items())), body, statuses))


def rows() -> list[Row]:
    """The whole table, one section of bad inputs after another."""
    return (_key_rows() + _route_rows() + _id_rows() + _query_rows()
            + _json_body_rows() + _raw_body_rows() + _header_rows())


def _key_rows() -> list[Row]:
    """Requests without a valid key, or with a key that lacks the scope."""
    out: list[Row] = []
    add = out.append
    protected = [("GET", "/filings/{fid}"), ("GET", "/filings/{fid}/content"), ("GET", "/filings/{fid}/text"),
                 ("GET", "/filings/{fid}/links"), ("PATCH", "/filings/{fid}"), ("POST", "/filings/{fid}/reprocess"),
                 ("GET", "/filings?sha256=" + SHA), ("POST", "/filings"), ("POST", "/uploads"),
                 ("POST", "/uploads/batch"), ("GET", "/cases?name=acme"), ("GET", "/cases/{cid}"),
                 ("GET", "/cases/{cid}/filings"), ("GET", "/cases/{cid}/entries"), ("POST", "/dockets"),
                 ("GET", "/dockets/dr_missing"), ("GET", "/search?q=motion"), ("GET", "/changes"),
                 ("POST", "/admin/keys"), ("GET", "/admin/keys"), ("DELETE", "/admin/keys/k1"), ("GET", "/audit")]
    for method, path in protected:
        add(Row(method, path, 401, key=None))
        add(Row(method, path, 401, key="ca_wrong.not-a-real-secret"))
        add(Row(method, path, 401, key="revoked"))
    for raw in ["Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer ", "bearer", "Token abc", "Bearer a b c",
                "Bearer " + "x" * 5000, "Bearer \u00e9t\u00e9"]:
        add(Row("GET", "/changes", 401, key=None, headers={"Authorization": raw}))
    for method, path in [("PATCH", "/filings/{fid}"), ("POST", "/admin/keys"), ("GET", "/admin/keys"),
                         ("DELETE", "/admin/keys/k1"), ("GET", "/audit")]:
        add(Row(method, path, 403, key="write", body={"sealed": True} if method == "PATCH" else None))
    for method, path in [("POST", "/filings"), ("POST", "/uploads"), ("POST", "/uploads/batch"),
                         ("POST", "/dockets"), ("POST", "/filings/{fid}/reprocess")]:
        add(Row(method, path, (403, 415), key="read"))  # no body type: either refusal is clear
    return out


def _route_rows() -> list[Row]:
    """Routes and methods the API does not have."""
    out: list[Row] = []
    add = out.append
    for path in ["/nope", "/filings/{fid}/nope", "/filings/{fid}/content/x", "/FILINGS", "/admin",
                 "/admin/keys/k1/x", "/cases/{cid}/filings/x", "/.env", "/../etc/passwd", "/search/x"]:
        add(Row("GET", path, (403, 404)))
        add(Row("GET", path, (401, 403, 404), key=None))
    for method, path in [("PUT", "/filings"), ("DELETE", "/filings/{fid}"), ("POST", "/cases"),
                         ("PUT", "/search"), ("DELETE", "/changes"), ("PATCH", "/admin/keys"),
                         ("POST", "/health"), ("DELETE", "/cases/{cid}"), ("PUT", "/filings/{fid}/text")]:
        add(Row(method, path, (404, 405)))
    return out


def _id_rows() -> list[Row]:
    """Ids that cannot name anything, and well-formed ids that name nothing."""
    out: list[Row] = []
    add = out.append
    for method, template in ID_ROUTES:
        for bad in BAD_IDS:
            add(Row(method, template.format(quote(bad, safe="%")), 404,
                    body={"sealed": True} if method == "PATCH" else None))
    for method, template in ID_ROUTES:  # well-formed ids that name nothing
        add(Row(method, template.format("fl_01zzzzzzzzzzzzzzzzzzzzzzzz"), 404,
                body={"sealed": True} if method == "PATCH" else None))
    return out


def _query_rows() -> list[Row]:
    """Query parameters out of range, malformed or unknown."""
    out: list[Row] = []
    add = out.append
    query = {
        "/filings": ["sha256=", "sha256=xyz", "sha256=" + "g" * 64, "sha256=" + SHA + "00", "sha256=" + LONG],
        "/cases": ["", "docket_number=x", "name=a", "court=narnia&name=acme", "docket_number=" + LONG,
                   "name=" + LONG],
        "/cases/{cid}/filings": ["limit=0", "limit=-3", "limit=1001", "limit=many", "updated_since=notadate",
                                 "document_type=banana", "cursor=garbage", "cursor=" + LONG,
                                 "updated_since=2024-02-30"],
        "/cases/{cid}/entries": ["limit=0", "limit=x", "updated_since=notadate", "links=sideways",
                                 "cursor=garbage.sig", "cursor=" + LONG],
        "/search": ["q=", "q=" + "w" * 600, "limit=0", "limit=101", "sort=random", "document_type=banana",
                    "filed_after=yesterday", "filed_before=2024-13-01",
                    "filed_after=2024-05-02&filed_before=2024-05-01", "court=" + "c" * 40,
                    "cursor=garbage", "cursor=" + LONG, "document_number=" + "9" * 40, "unknown=1"],
        "/changes": ["since=garbage", "since=a.b", "since=" + LONG, "limit=0", "limit=5000", "limit=x"],
        "/audit": ["day=yesterday", "day=2024-1-1", "limit=0", "filing_id=" + LONG, "filing_id=a%23b"],
    }
    for path, values in query.items():
        for q in values:
            add(Row("GET", f"{path}?{q}", (400, 404, 422)))
    for q in ["court=narnia", "document_number=-4", "date_filed=yesterday", "attachment_number=-1",
              "sealed=maybe", "document_type=banana", "pacer_doc_id=12", "title=", "bogus=1",
              "docket_number=x"]:
        add(Row("POST", f"/filings?{q}", 422, headers=PDF_CT, body=PDF))
    for q in ["court=narnia", "sealed=maybe", "bogus=1"]:
        add(Row("POST", f"/dockets?{q}", 422, headers={"Content-Type": "text/html"}, body="<html></html>"))
    return out


def _json_body_rows() -> list[Row]:
    """JSON bodies that are not JSON, or not the shape the route takes."""
    out: list[Row] = []
    add = out.append
    uploads = [b"", b"{", b"[]", b"null", b"42", b'"x"', b"\xff\xfe", {}, {"size": 10}, {"sha256": SHA},
               {"sha256": "xyz", "size": 10}, {"sha256": SHA, "size": 0}, {"sha256": SHA, "size": -5},
               {"sha256": SHA, "size": "ten"}, {"sha256": SHA, "size": 10**12},
               {"sha256": SHA, "size": 10, "content_type": "text/html"},
               {"sha256": SHA, "size": 10, "extra": 1}, {"sha256": SHA, "size": 10, "filename": LONG},
               {"sha256": SHA, "size": 10, "hints": {"court": "narnia"}},
               {"sha256": SHA, "size": 10, "hints": {"document_number": "-1"}},
               {"sha256": SHA, "size": 10, "hints": "x"}, {"sha256": SHA, "size": 1.5}]
    for body in uploads:
        add(Row("POST", "/uploads", (400, 413, 415, 422), headers=J, body=body))
    batch = [{}, {"files": []}, {"files": "x"}, {"files": [{}]}, {"files": [{"sha256": "x", "size": 1}]},
             {"files": [{"sha256": SHA, "size": 0}]}, {"files": [{"sha256": SHA, "size": 1}] * 5000},
             {"files": [{"sha256": SHA, "size": 1, "bogus": True}]}, b"{not json"]
    for body in batch:
        add(Row("POST", "/uploads/batch", (400, 413, 422), headers=J, body=body))
    for body in [b"", b"{", {}, {"sealed": "yes"}, {"sealed": None}, {"sealed": True, "title": 5},
                 {"sealed": 1}, [True], b"true"]:
        add(Row("PATCH", "/filings/{fid}", (400, 422), headers=J, body=body))
    merge = {"Content-Type": "application/merge-patch+json"}  # what the client sends (RFC 7396)
    for body in [b"", b"{", b"[]", b"null", b"\xff\xfe", b'{"title": 5}', b'{"bogus": 1}',
                 b'{"document_number": "-4"}', b'{"date_filed": "yesterday"}', b'{"court_id": "narnia"}',
                 b'{"attachment_number": "two"}', b'{"title": "' + b"t" * 5000 + b'"}']:
        add(Row("PATCH", "/filings/{fid}", (400, 422), headers=merge, body=body))
    for body in [b"", b"{", {}, {"name": ""}, {"name": "x"}, {"name": "x", "scopes": []},
                 {"name": "x", "scopes": ["root"]}, {"name": LONG, "scopes": ["read"]},
                 {"name": "x", "scopes": "read"}, {"name": "x", "scopes": ["read"], "key": "mine"}]:
        add(Row("POST", "/admin/keys", (400, 422), headers=J, body=body))
    return out


def _raw_body_rows() -> list[Row]:
    """Raw bodies, content types and sizes a route does not take."""
    out: list[Row] = []
    add = out.append
    for body in [b"", b"not a pdf", b"<html><body>hi</body></html>", b"PK\x03\x04zip", b"\x00" * 100,
                 b"%PDF", b"GIF89a" + b"\x00" * 50, b"%!PS-Adobe-3.0"]:
        add(Row("POST", "/filings", (400, 415, 422), headers=PDF_CT, body=body))
    add(Row("POST", "/filings", 413, headers=PDF_CT, body=b"%PDF-1.4\n" + b"0" * (4 * 1024 * 1024 + 10)))
    add(Row("POST", "/filings", 413, headers=PDF_CT, body=b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)))
    for ctype in ["text/plain", "application/json", "multipart/form-data; boundary=x", "image/png",
                  "application/x-www-form-urlencoded", "text/html"]:
        add(Row("POST", "/filings", 415, headers={"Content-Type": ctype}, body=PDF))
    for path in ["/uploads", "/uploads/batch", "/admin/keys", "/filings/{fid}"]:
        for ctype in ["text/plain", "multipart/form-data; boundary=x", "application/xml", "application/pdf"]:
            add(Row("PATCH" if path == "/filings/{fid}" else "POST", path, 415,
                    headers={"Content-Type": ctype}, body=b'{"sealed": true}'))
    for ctype in ["application/pdf", "application/json", "image/png"]:
        add(Row("POST", "/dockets", 415, headers={"Content-Type": ctype}, body=b"<html></html>"))
    for body in [b"", b"just text, no docket", b"%PDF-1.4 a pdf, not a docket page", b"\x00\x01\x02"]:
        add(Row("POST", "/dockets", (400, 415, 422), headers={"Content-Type": "text/html"}, body=body))
    return out


def _header_rows() -> list[Row]:
    """Headers a client can get wrong."""
    out: list[Row] = []
    add = out.append
    for value in ["x" * 5000, "\u00e9", ""]:
        add(Row("POST", "/filings", (400, 415, 422), headers={**PDF_CT, "Idempotency-Key": value}, body=b"nope"))
    add(Row("POST", "/filings", (400, 422), headers={**PDF_CT, "X-Filename": "../../etc/passwd"}, body=b""))


    return out


def distinct(table: list[Row]) -> set[tuple]:
    return {r[:5] for r in table}


def test_the_table_holds_at_least_two_hundred_distinct_bad_inputs():
    table = rows()
    assert len(distinct(table)) == len(table), "a row appears twice"
    assert len(table) >= 200, len(table)


# ------------------------------------------------------------------ the archive under test
@pytest.fixture(scope="module")
def served():
    with moto_archive() as resources, Archive(resources) as archive:
        public = archive.ingest(PDF)
        sealed = archive.ingest(SEALED_PDF, query="sealed=true", key="admin")
        archive.ids = {"fid": public["id"], "cid": public["case_id"], "sealed": sealed["id"]}
        server = local_gateway.serve(archive.app, "127.0.0.1", 0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        archive.port = server.server_address[1]
        try:
            yield archive
        finally:
            server.shutdown()
            thread.join(timeout=10)


def state(archive) -> dict[str, Any]:
    """Everything the archive holds, less what merely records that a key was used."""
    table = boto3.resource("dynamodb", region_name="us-east-1").Table(archive.resources["table_name"])
    items, kwargs = [], {}
    while True:
        page = table.scan(**kwargs)
        items += [{k: v for k, v in i.items() if k != "last_used_at"} for i in page["Items"]]
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    s3 = boto3.client("s3", region_name="us-east-1")
    objects = s3.list_object_versions(Bucket=archive.resources["bucket_name"]).get("Versions", [])
    messages = archive.sqs.get_queue_attributes(QueueUrl=archive.resources["queue_url"],
                                                AttributeNames=["ApproximateNumberOfMessages"])
    return {"items": sorted(json.dumps(i, sort_keys=True, default=repr) for i in items),
            "objects": sorted((o["Key"], o["VersionId"]) for o in objects),
            "queued": messages["Attributes"]["ApproximateNumberOfMessages"]}


def send(archive, row: Row) -> tuple[int, dict[str, str], bytes]:
    method, path, key, headers, body, _ = row
    path = path.format(**archive.ids)
    hdrs = dict(headers)
    if key:
        hdrs["Authorization"] = f"Bearer {archive.keys.get(key, key)}"
    conn = http.client.HTTPConnection("127.0.0.1", archive.port, timeout=120)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in hdrs.items():
            conn.putheader(name, value.encode("utf-8"))
        conn.putheader("Content-Length", str(len(body or b"")))
        try:
            conn.endheaders(body or None)
        except (BrokenPipeError, ConnectionResetError):  # answered before the body was all sent
            pass
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


TABLE = rows()


def test_every_bad_input_is_a_clear_problem_and_changes_nothing(served):
    keys = [v for v in served.keys.values()] + [v.split(".")[-1] for v in served.keys.values()]
    before = state(served)
    failures = []
    seen: dict[int, int] = {}
    for row in TABLE:
        status, headers, data = send(served, row)
        seen[status] = seen.get(status, 0) + 1
        problems = []
        if status not in row[5]:
            problems.append(f"status {status}, wanted {row[5]}")
        if headers.get("content-type") != "application/problem+json":
            problems.append(f"content-type {headers.get('content-type')}")
        else:
            body = json.loads(data)
            if body.get("status") != status or not body.get("type", "").startswith("https://") \
                    or not body.get("title") or not body.get("detail"):
                problems.append(f"not a full problem: {body}")
        text = data.decode("utf-8", "replace") + json.dumps(headers)
        if any(k in text for k in keys):
            problems.append("a key is in the answer")
        if problems:
            failures.append((row[0], row[1][:80], row[2], dict(row[3]), (row[4] or b"")[:60], problems))
    assert not failures, f"{len(failures)} of {len(TABLE)} rows failed:\n" + "\n".join(map(str, failures[:40]))
    assert not any(s >= 500 for s in seen), seen
    assert state(served) == before, "a refused request changed the archive"
    assert served.get(f"/filings/{served.ids['fid']}", key="read").status_code == 200  # nothing lost
    assert served.get(f"/filings/{served.ids['sealed']}", key="admin").json["sealed"] is True
