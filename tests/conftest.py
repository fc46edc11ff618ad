"""Shared test harness: fake credentials, moto for every AWS call, the app's test client.

Nothing here can reach real AWS: credentials are fake, the region is fake-but-valid, and every
test that touches AWS runs inside `mock_aws` with the resources created from `infra/`.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SECURITY_TOKEN="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
    AWS_REGION="us-east-1",
    ARCHIVE_TABLE="test-archive",
    ARCHIVE_BUCKET="test-archive-filings",
    ARCHIVE_QUEUE="court-archive-ingest",
    ARCHIVE_STAGE="test",  # not local: the app demands a cursor secret, and gets one the tests control
    ARCHIVE_CURSOR_SECRET="tests-own-cursor-secret-0123456789abcdef",
    POWERTOOLS_METRICS_NAMESPACE="CourtArchiveTest",
    POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_LOG_LEVEL="WARNING",
)
os.environ.pop("AWS_ENDPOINT_URL", None)

from tools import moto_tuning  # noqa: E402  (moto as atomic as DynamoDB, and fast enough)

moto_tuning.install()
os.environ.pop("AWS_PROFILE", None)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("ARCHIVE_CORPUS", ROOT.parent / "shared" / "corpus" / "dev"))
FIXTURES = ROOT / "fixtures"


@contextmanager
def moto_archive():
    """A fresh moto account with the archive's resources, as infra/ declares them."""
    import boto3
    from moto import mock_aws

    from chalicelib import config
    from chalicelib.adapters import aws as aws_clients
    from chalicelib.services import access
    from infra import resources

    with mock_aws():
        config.reset()
        aws_clients.reset()
        access.forget_verdicts()
        try:
            yield resources.apply(
                boto3.Session(region_name="us-east-1"),
                os.environ["ARCHIVE_TABLE"], os.environ["ARCHIVE_BUCKET"], os.environ["ARCHIVE_QUEUE"],
            )
        finally:
            aws_clients.reset()
            config.reset()


@pytest.fixture(autouse=True)
def _verdicts_never_expire(monkeypatch):
    """The authorizer's key memory expires by a clock: fixed here, so the items a request reads
    never depend on how loaded the machine is (a test of expiry moves it itself)."""
    from chalicelib.services import access

    monkeypatch.setattr(access, "verdict_clock", lambda: 0.0)


@pytest.fixture(autouse=True, scope="session")
def _ocr_off_unless_asked():
    """The dev stage's OCR_ENGINE (textract) reaches the test client's environment, and OCR runs
    in the extraction child, which moto does not cover: tests read no page through a real
    engine unless they plug one in (tests/support/fake_ocr.py, tests/extract/test_ocr_local.py)."""
    from chalicelib.extract.ocr import OcrConfig
    from chalicelib.services import ocr_followup

    with pytest.MonkeyPatch.context() as patch:  # session-wide: module fixtures seed with it too
        patch.setattr(ocr_followup, "config", lambda: OcrConfig(engine="off"))
        yield


@pytest.fixture
def aws():
    with moto_archive() as out:
        yield out


@pytest.fixture
def archive(aws):
    """The app under test with keys of every kind and a worker that drains the real queue."""
    from tests.support.harness import Archive

    with Archive(aws) as harness:
        yield harness


@pytest.fixture(scope="module")
def fixture_archive():
    """One archive per test module, seeded with every fixture filing through the real path.

    Tests using it must not change what they did not create.
    """
    import json

    from tests.support.harness import Archive

    with moto_archive() as out, Archive(out) as harness:
        harness.seeded = {}
        for line in (FIXTURES / "truth.jsonl").read_text().splitlines():
            truth = json.loads(line)
            query = "&".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}"
                             for k, v in (truth.get("hints") or {}).items())
            resp = harness.upload((FIXTURES / "pdfs" / truth["file"]).read_bytes(), key="admin", query=query)
            assert resp.status_code == 202, resp.body
            harness.seeded[truth["file"]] = resp.json["id"]
        harness.drain()
        yield harness


@pytest.fixture(autouse=True, scope="module")
def _local_search_index(tmp_path_factory):
    """SEARCH_BACKEND=sqlite runs (`make test` runs the search tests once more that way): each
    module gets a data dir of its own, so its SQLite index starts as empty as its moto tables."""
    if os.environ.get("SEARCH_BACKEND", "").lower() != "sqlite":
        yield
        return
    from chalicelib.services import search

    saved = os.environ.get("ARCHIVE_DATA_DIR")
    os.environ["ARCHIVE_DATA_DIR"] = str(tmp_path_factory.mktemp("search-index"))
    search.use_backend(None)
    yield
    search.use_backend(None)
    if saved is None:
        os.environ.pop("ARCHIVE_DATA_DIR", None)
    else:
        os.environ["ARCHIVE_DATA_DIR"] = saved
