"""The search slice's domain types: postings as read from the index, the request, the result.

The API turns `SearchParams` into a `SearchRequest` (the query parsed once, filters normalised,
the cursor decoded into `state`) and a `SearchResult` back into its response model; the planners
in `chalicelib.services` speak only these types.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from collections.abc import Mapping

from chalicelib.domain.models import FilingRecord
from chalicelib.domain.search.query import ParsedQuery

FACETS = ("court", "document_type", "year")
UNKNOWN = "unknown"
NO_DATE = "0000-00-00"


@dataclass(frozen=True)
class TermPosting:
    """One filing in one term's list: its impact, the attributes filters need, and (for an
    uncommon word) the fingerprints of its neighbours (`phrases`)."""

    filing_id: str
    impact: int
    attrs: Mapping[str, str]
    next_words: bytes = b""
    prev_words: bytes = b""


@dataclass(frozen=True)
class FieldPosting:
    """One filing in one filter value's list, newest first by (date, id)."""

    filing_id: str
    date: str
    attrs: Mapping[str, str]
    sealed: bool = False

    @property
    def position(self) -> tuple[str, str]:
        return (self.date, self.filing_id)


@dataclass(frozen=True)
class SearchRequest:
    query: ParsedQuery | None
    filters: Mapping[str, str]  # normalised (`document.field_value`)
    filed_after: str | None  # ISO dates
    filed_before: str | None
    sort: str  # "relevance" | "date"
    limit: int
    state: Mapping[str, Any] = field(default_factory=dict)  # next-page state from a cursor

    @property
    def date_bounds(self) -> tuple[str | None, str | None]:
        """Inclusive bounds on (date, id) positions."""
        return self.filed_after, (self.filed_before + "#~" if self.filed_before else None)


@dataclass(frozen=True)
class Hit:
    record: FilingRecord
    score: float | None
    snippets: list[str]


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    total_exact: bool
    facets: dict[str, dict[str, int]]
    facets_exact: bool
    facets_basis: str  # "all_matches" | "candidates_examined"
    sort: str
    next_state: dict[str, Any] | None
