"""The ports the search use case is written against (adapters implement them; tests fake them).

`PostingReader` is everything a query reads: impact-ordered term lists (public and sealed
postings live in separate lists, so a caller without `sealed:read` never reads, counts or is
scored against a sealed filing's words), date-ordered FIELD lists, facet counters, the
filings themselves (results are always verified against them) and snippet text.
`SearchIndexWriter` is what the worker and sealing call.
"""
from __future__ import annotations

from typing import Any, Protocol

from chalicelib.domain.models import FilingRecord
from chalicelib.domain.search.model import FieldPosting, TermPosting

Position = tuple[str, str]  # (date filed, filing id) in a FIELD list


class PostingReader(Protocol):
    shards: int  # lists per term and seal

    def term_page(self, term: str, shard: int, sealed: bool, limit: int,
                  start: Any | None) -> tuple[list[TermPosting], Any | None]:
        """The next `limit` postings of one list, best impact first; the token to go on, or None
        at the end of the list."""

    def field_page(self, name: str, value: str, after: str | None, before: str | None,
                   upto: Position | None, limit: int, start: Any | None) -> tuple[list[FieldPosting], Any | None]:
        """The next postings of one FIELD list, newest first, filed on/after `after` and
        on/before `before` (ISO dates), positioned strictly before `upto`."""

    def counts(self, name: str, value: str) -> dict[str, int] | None:
        """The counter item of one counted filter value ("all", "all" for everything)."""

    def members(self, wanted: list[tuple[str, str]], filing_dates: dict[str, str]) -> set[str]:
        """Which of these filings (id -> date filed) have every wanted FIELD value."""

    def filings(self, filing_ids: list[str]) -> dict[str, FilingRecord]:
        """The current filing records (missing ids are absent)."""

    def texts(self, filing_ids: list[str]) -> dict[str, str]:
        """Snippet text per filing."""


class SearchIndexWriter(Protocol):
    def index_filing(self, record: FilingRecord, pages: list[str]) -> None:
        """Make the filing searchable with this text; replaces what was indexed before."""

    def remove_filing(self, filing_id: str) -> None:
        """Forget the filing entirely (postings, counts, text). Unknown ids are a no-op."""

    def on_sealed_changed(self, record: FilingRecord, sealed: bool) -> None:
        """Move the filing between the public and sealed lists and counts. Idempotent."""
