"""Building small search archives in moto for tests: filings, bulk loads, a table per test."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from datetime import date
from collections.abc import Iterator

import boto3
from moto import mock_aws

from chalicelib import config
from chalicelib.adapters import aws as aws_clients
from chalicelib.adapters import dynamo, filings_repo
from chalicelib.adapters.search_writer import DynamoSearchIndex, sequential_writes
from chalicelib.api.search_models import SearchParams, SearchResponse, to_request, to_response
from chalicelib.domain.access import Viewer
from chalicelib.domain.models import CitationCount, FilingRecord, Party
from chalicelib.services import search
from infra import resources

_serial = iter(range(1, 10_000_000))


def filing(title: str, body: str, *, court: str = "cand", case: str = "cand-1", dt: str = "motion",
           filed: str = "2021-01-01", number: str | None = None, judge: str | None = None,
           parties: tuple[str, ...] = (), cites: tuple[str, ...] = (), sealed: bool = False,
           status: str = "ready") -> tuple[FilingRecord, list[str]]:
    n = next(_serial)
    record = FilingRecord(
        id=f"01HSEARCH{n:017d}", status=status, sha256=f"{n:064x}", size=100,
        created_at="2024-01-01T00:00:00Z", updated_at="2024-01-01T00:00:00Z",
        court_id=court, case_id=case, docket_number=case.split("-", 1)[-1], case_name=f"Case {case}",
        title=title, document_type=dt, document_number=number, date_filed=date.fromisoformat(filed),
        judge=judge, parties=[Party(name=p) for p in parties],
        citations=[CitationCount(cite=c, kind="case", count=1) for c in cites], sealed=sealed,
    )
    return record, [body]


def load(batch: list[tuple[FilingRecord, list[str]]]) -> None:
    """Store the filing items and index them in bulk (moto copies the table per transaction
    part, so bulk loads apply the parts one by one)."""
    dynamo.batch_write([filings_repo.to_item(r) for r, _ in batch])
    if config.search_backend() == "sqlite":  # the local backend (SEARCH_BACKEND=sqlite runs)
        search.backend().index_filings(batch)  # type: ignore[attr-defined]
        return
    DynamoSearchIndex(transact=sequential_writes).index_filings(batch)


def use_table(name: str) -> None:
    os.environ["ARCHIVE_TABLE"] = name
    config.reset()
    aws_clients.reset()
    search.use_backend(None)


def create_table(name: str) -> None:
    use_table(name)
    resources.apply(boto3.Session(region_name="us-east-1"), name, "search-test-filings", "search-test-queue")


@contextmanager
def fresh_table() -> Iterator[str]:
    """An empty table of our own (nested inside a running moto if there is one)."""
    saved = os.environ.get("ARCHIVE_TABLE")
    name = f"search-{uuid.uuid4().hex[:8]}"
    with mock_aws():
        create_table(name)
        yield name
    if saved is not None:
        os.environ["ARCHIVE_TABLE"] = saved
    use_table(os.environ["ARCHIVE_TABLE"])


def query(params: SearchParams, viewer: Viewer) -> SearchResponse:
    """What `GET /search` answers: parameters to a request, the use case, the response model."""
    return to_response(search.search(to_request(params, viewer), viewer), params, viewer)
