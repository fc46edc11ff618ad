"""Search: the one interface the rest of the archive uses to index and query filings.

The worker calls `index_filing` just before it commits a filing as ready (re-indexing replaces a
filing's postings, so retries are harmless), `remove_filing` when a filing leaves the archive (or
fails for good after being indexed), and the seal route calls `on_sealed_changed` after flipping
a filing's `sealed` flag. `GET /search` calls `search` with a `SearchRequest` (the API parses
the query once and decodes the cursor) and turns the `SearchResult` into its response.

Whatever the backend, visibility is decided by the filing records at query time
(`domain.access`): a result is shown only if its filing is `ready` and, when sealed, only to a
viewer with `sealed:read`. Sealing therefore takes effect in results at once;
`on_sealed_changed` moves the filing's postings and counts between the public and sealed sides
so that statistics (totals, facets, scores) never count what the viewer may not see.

The planners (`search_fulltext`, `search_filtered`) are written against `PostingReader`; the
index is written through `SearchIndexWriter` (`search_ports`). `SEARCH_BACKEND` picks the
adapters: `dynamodb` (the default, AWS: `chalicelib.adapters.search_writer`, `search_reader`:
one table, no Scan, costs bounded by page size and query words) or `sqlite` (the local archive of
`make serve`: `chalicelib.adapters.search_sqlite`, one SQLite file in ARCHIVE_DATA_DIR, one
transaction per filing instead of ~70 DynamoDB items per page). Both run the same planners, so
results are identical. `use_backend` / `use_reader` swap them (tests, migration).
"""
from __future__ import annotations

from chalicelib import config
from chalicelib.adapters.search_reader import DynamoPostingReader
from chalicelib.adapters.search_sqlite import SqliteSearchIndex
from chalicelib.adapters.search_writer import DynamoSearchIndex
from chalicelib.domain.access import Viewer
from chalicelib.domain.models import FilingRecord
from chalicelib.domain.search.model import SearchRequest, SearchResult
from chalicelib.services.search_filtered import FilterPlanner
from chalicelib.services.search_fulltext import FullTextPlanner
from chalicelib.services.search_ports import PostingReader, SearchIndexWriter

_writer: SearchIndexWriter | None = None
_reader: PostingReader | None = None


def _defaults() -> None:
    global _writer, _reader
    if config.search_backend() == "sqlite":
        index = SqliteSearchIndex()
        _writer = _writer or index
        _reader = _reader or index
    else:
        _writer = _writer or DynamoSearchIndex()
        _reader = _reader or DynamoPostingReader()


def backend() -> SearchIndexWriter:
    if _writer is None:
        _defaults()
    assert _writer is not None
    return _writer


def reader() -> PostingReader:
    if _reader is None:
        _defaults()
    assert _reader is not None
    return _reader


def use_backend(replacement: SearchIndexWriter | None) -> None:
    """Install another index writer (None restores the defaults of both ports on next use)."""
    global _writer, _reader
    _writer = replacement
    if replacement is None:
        _reader = None


def use_reader(replacement: PostingReader | None) -> None:
    global _reader
    _reader = replacement


def index_filing(record: FilingRecord, pages: list[str]) -> None:
    backend().index_filing(record, pages)


def remove_filing(filing_id: str) -> None:
    backend().remove_filing(filing_id)


def on_sealed_changed(record: FilingRecord, sealed: bool) -> None:
    backend().on_sealed_changed(record, sealed)


def search(request: SearchRequest, viewer: Viewer) -> SearchResult:
    """One page of results with total and facets, as `viewer` may see them. Raises
    InvalidCursor for next-page state that does not fit the query."""
    if request.query is not None:
        return FullTextPlanner(reader(), request, viewer).run()
    return FilterPlanner(reader(), request, viewer).run()
