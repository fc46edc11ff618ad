"""Search: the one interface the rest of the archive uses to index and query filings.

The worker calls `index_filing` just before it commits a filing as ready (re-indexing replaces a
filing's postings, so retries are harmless), `remove_filing` when a filing leaves the archive (or
fails for good after being indexed), and the seal route calls `on_sealed_changed` after flipping
a filing's `sealed` flag. `GET /search` calls `search`.

Whatever the backend, visibility is decided by the filing items at query time: a result is shown
only if its filing is `ready` and, when sealed, only to a viewer with `sealed:read`. Sealing
therefore takes effect in results at once; `on_sealed_changed` keeps the exact filter-only
counts (total, facets) in step.

The backend sits behind `SearchBackend`: today `DynamoSearchIndex` (one table, no Scan, costs
bounded by page size and query words, see `chalicelib.adapters.search_index`); a managed search
engine could implement the same four methods at scale. `use_backend` swaps it (tests, migration).
"""
from __future__ import annotations

from typing import Protocol

from chalicelib.api.search_models import SearchParams, SearchResponse
from chalicelib.domain.access import Viewer
from chalicelib.domain.models import FilingRecord
from chalicelib.domain.search.query import QueryError, parse
from chalicelib.errors import ValidationFailed


class SearchBackend(Protocol):
    def index_filing(self, record: FilingRecord, pages: list[str]) -> None:
        """Make the filing searchable with this text; replaces what was indexed before."""

    def remove_filing(self, filing_id: str) -> None:
        """Forget the filing entirely (postings, counts, text). Unknown ids are a no-op."""

    def on_sealed_changed(self, record: FilingRecord, sealed: bool) -> None:
        """Move the filing between the public and sealed counts. Idempotent."""

    def query(self, params: SearchParams, viewer: Viewer) -> SearchResponse:
        """One page of results with total and facets, as `viewer` may see them."""


_backend: SearchBackend | None = None


def backend() -> SearchBackend:
    global _backend
    if _backend is None:
        from chalicelib.adapters.search_index import DynamoSearchIndex

        _backend = DynamoSearchIndex()
    return _backend


def use_backend(replacement: SearchBackend | None) -> None:
    """Install another backend (None restores the default on next use)."""
    global _backend
    _backend = replacement


def index_filing(record: FilingRecord, pages: list[str]) -> None:
    backend().index_filing(record, pages)


def remove_filing(filing_id: str) -> None:
    backend().remove_filing(filing_id)


def on_sealed_changed(record: FilingRecord, sealed: bool) -> None:
    backend().on_sealed_changed(record, sealed)


def search(params: SearchParams, viewer: Viewer) -> SearchResponse:
    """Raises ValidationFailed for an unsearchable `q` and InvalidCursor for a bad cursor."""
    if params.q is not None:
        try:
            parse(params.q)
        except QueryError as exc:
            raise ValidationFailed.field("q", str(exc)) from exc
    return backend().query(params, viewer)
