"""ArchiveClient against httpx.MockTransport: retries, backoff, Retry-After, auth boundaries."""
from __future__ import annotations

import hashlib
import io
import random

import httpx
import pytest

from archive_client.api import ArchiveClient, ArchiveError, RetryPolicy, parse_retry_after
from tests.client.fake_archive import API, KEY, FakeArchive, problem
from tests.client.pdfs import make_pdf


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(fake: FakeArchive, sleeps: Sleeps | None = None, **kw) -> ArchiveClient:
    return ArchiveClient(API, KEY, transport=fake.transport(), sleep=sleeps if sleeps is not None else Sleeps(),
                         **kw)


def test_503s_are_retried_with_growing_jittered_backoff():
    fake, sleeps = FakeArchive(), Sleeps()
    fake.fail_first(3, lambda: problem(503, "Service unavailable"), method="POST", path="/filings")
    api = client(fake, sleeps, backoff=1.0, max_retries=5)
    api.retry.rng = random.Random(7)
    filing = api.upload_direct(make_pdf("hello"))
    assert filing.status == "ready"
    assert fake.count("POST", "/filings") == 4
    assert len(sleeps) == 3
    for attempt, slept in enumerate(sleeps):
        assert 0 <= slept <= 1.0 * 2 ** attempt  # full jitter: uniform(0, base·2^attempt)


def test_retry_after_is_honoured_on_429():
    fake, sleeps = FakeArchive(), Sleeps()
    fake.fail_first(1, lambda: problem(429, "Too many requests", headers={"Retry-After": "7"}))
    api = client(fake, sleeps, backoff=0.01)
    assert api.find_by_sha256("0" * 64) is None
    assert sleeps == [7.0]


def test_retry_after_http_date():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past → now
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("garbage") is None
    assert parse_retry_after(None) is None


def test_retry_after_is_capped():
    policy = RetryPolicy(max_retry_after=60)
    resp = httpx.Response(429, headers={"Retry-After": "86400"})
    assert policy.delay(0, resp) == 60


def test_backoff_is_capped():
    policy = RetryPolicy(backoff=1, max_backoff=4, rng=random.Random(1))
    assert all(policy.delay(20) <= 4 for _ in range(100))


def test_connection_errors_are_retried():
    fake, sleeps = FakeArchive(), Sleeps()
    calls = [0]

    def flaky(request: httpx.Request) -> httpx.Response:
        calls[0] += 1
        if calls[0] <= 2:
            raise httpx.ConnectError("connection refused", request=request)
        return fake.handle(request)

    api = ArchiveClient(API, KEY, transport=httpx.MockTransport(flaky), sleep=sleeps)
    assert api.find_by_sha256("a" * 64) is None
    assert calls[0] == 3 and len(sleeps) == 2


def test_gives_up_after_max_retries():
    fake, sleeps = FakeArchive(), Sleeps()
    fake.fail_first(100, lambda: problem(502, "Bad gateway"))
    api = client(fake, sleeps, max_retries=2)
    with pytest.raises(ArchiveError) as info:
        api.get_filing("fl_1")
    assert info.value.status == 502 and len(sleeps) == 2


def test_connection_error_gives_up_and_raises():
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    api = ArchiveClient(API, KEY, transport=httpx.MockTransport(down), sleep=Sleeps(), max_retries=1)
    with pytest.raises(httpx.ConnectError):
        api.get_filing("fl_1")


def test_client_errors_are_not_retried_and_carry_the_problem():
    fake, sleeps = FakeArchive(), Sleeps()
    api = client(fake, sleeps)
    with pytest.raises(ArchiveError) as info:
        api.upload_direct(b"not a pdf at all")
    assert info.value.status == 415
    assert info.value.title == "Unsupported media type"
    assert "not a PDF" in info.value.detail
    assert sleeps == [] and fake.count("POST", "/filings") == 1


def test_direct_upload_sends_hints_headers_and_idempotency_key():
    fake = FakeArchive()
    api = client(fake)
    data = make_pdf("x")
    api.upload_direct(data, filename="döc 1.pdf", hints={"court": "cand", "sealed": False, "title": None})
    req = fake.requests[-1]
    assert req.headers["content-type"] == "application/pdf"
    assert req.headers["idempotency-key"] == hashlib.sha256(data).hexdigest()
    assert req.headers["x-filename"] == "d?c 1.pdf"
    assert req.url.params["court"] == "cand" and req.url.params["sealed"] == "false"
    assert "title" not in req.url.params


def test_duplicate_direct_upload():
    fake = FakeArchive()
    api = client(fake)
    data = make_pdf("dup")
    first = api.upload_direct(data)
    again = api.upload_direct(data)
    assert again.id == first.id and again.duplicate is True


def test_presigned_put_sends_exact_headers_and_no_api_key(tmp_path):
    fake = FakeArchive()
    api = client(fake)
    path = tmp_path / "big.pdf"
    data = make_pdf("big")
    path.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    ticket = api.request_upload(size=len(data), sha256=sha, filename="big.pdf")
    assert ticket.upload is not None and not ticket.duplicate
    api.put_presigned(ticket, path)
    put = [r for r in fake.requests if r.method == "PUT"][-1]
    assert "authorization" not in put.headers
    assert put.headers["x-amz-checksum-sha256"] == sha
    assert put.headers["content-length"] == str(len(data))
    assert "transfer-encoding" not in put.headers
    assert api.find_by_sha256(sha).status == "ready"
    again = api.request_upload(size=len(data), sha256=sha)
    assert again.duplicate and again.upload is None


def test_content_follows_redirect_without_the_key():
    fake = FakeArchive()
    data = make_pdf("content")
    filing = fake.add(data)
    api = client(fake)
    assert api.content(filing["id"]) == data
    s3_get = [r for r in fake.requests if r.url.host == "s3.test"][-1]
    assert "authorization" not in s3_get.headers
    buf = io.BytesIO()
    assert api.download(filing["id"], buf) == hashlib.sha256(data).hexdigest()
    assert buf.getvalue() == data


def test_download_retries_a_failed_transfer_from_scratch():
    fake, sleeps = FakeArchive(), Sleeps()
    data = make_pdf("again")
    filing = fake.add(data)
    fake.fail_first(1, lambda: httpx.Response(503, text="SlowDown"), method="GET", path="/blob")
    api = client(fake, sleeps)
    buf = io.BytesIO()
    assert api.download(filing["id"], buf) == hashlib.sha256(data).hexdigest()
    assert buf.getvalue() == data and len(sleeps) == 1


def test_case_filings_follows_next_through_all_pages():
    fake = FakeArchive(page_size=3)
    for i in range(8):
        fake.add(make_pdf(f"p{i}"), case_id="cand-19-cv-07123", document_number=str(i + 1))
    api = client(fake)
    items = list(api.case_filings("cand-19-cv-07123"))
    assert len(items) == 8 and len({i.id for i in items}) == 8
    assert fake.count("GET", "/cases/cand-19-cv-07123/filings") == 3


def test_wait_until_processed_polls_until_terminal():
    states = iter(["processing", "processing", "ready"])
    fake = FakeArchive(process=lambda f: None)
    filing = fake.add(make_pdf("w"))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == f"/filings/{filing['id']}":
            filing["status"] = next(states, "ready")
        return fake.handle(request)

    api = ArchiveClient(API, KEY, transport=httpx.MockTransport(handler))
    done = api.wait_until_processed(filing["id"], interval=0.01)
    assert done.status == "ready"


def test_unauthorized_is_an_archive_error():
    fake = FakeArchive()
    api = ArchiveClient(API, "wrong", transport=fake.transport(), sleep=Sleeps())
    with pytest.raises(ArchiveError) as info:
        api.get_filing("fl_0001")
    assert info.value.status == 401
