"""`GET /search`: the query parameters and the response, as pydantic models (they drive OpenAPI).

Out-of-range or malformed parameters raise pydantic's ValidationError; the route maps it to a
422 naming each field (`chalicelib.errors.from_pydantic`). `to_request` turns valid parameters
into the domain's `SearchRequest` (the only place `q` is parsed and a cursor decoded: a cursor
is bound to its query and to whether the viewer sees sealed filings), `to_response` turns the
domain's `SearchResult` into the response (the only place a search cursor is encoded).
"""
from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from chalicelib import cursors
from chalicelib.api.envelope import ListEnvelope, paged
from chalicelib.api.query_fields import DocumentTypeParam
from chalicelib.api.selection import Selection
from chalicelib.domain.access import Viewer
from chalicelib.domain.base import Model
from chalicelib.domain.search.document import field_value
from chalicelib.domain.search.filters import NOTHING
from chalicelib.domain.search.model import Hit, SearchRequest, SearchResult
from chalicelib.domain.search.query import QueryError, parse
from chalicelib.errors import InvalidCursor, ValidationFailed

CURSOR_PURPOSE = "search"

MAX_LIMIT = 100


class SearchParams(Selection):
    """What to search for. Every filter narrows the result (filters are ANDed)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    q: str | None = Field(
        None, min_length=1, max_length=500,
        description='Full text over title and body. Bare words rank filings that contain more of '
                    'them first (BM25-style); "quoted phrases" are required. Stopwords and one-character words are ignored '
                    'and plurals match singulars.',
        examples=['"motion to dismiss" standing'],
    )
    court: str | None = Field(None, max_length=32, description="CourtListener court id, e.g. `cand`.")
    case_id: str | None = Field(None, max_length=200, description="The archive's case id.")
    party: str | None = Field(
        None, max_length=300,
        description="Words of a party's name: a filing matches when its parties' names contain every "
                    "word (`NSO`, `Q Cyber` and `group` all find NSO Group Technologies Ltd.); case, "
                    "punctuation, titles and corporate suffixes (Inc., LLC) are ignored.",
        examples=["NSO Group"])
    judge: str | None = Field(None, max_length=200,
                              description="Words of the judge's name, matched like `party`: `Hamilton` "
                                          "finds Phyllis J. Hamilton.", examples=["Hamilton"])
    document_type: DocumentTypeParam = None
    filed_after: date | None = Field(None, description="Filed on or after this date (YYYY-MM-DD).")
    filed_before: date | None = Field(None, description="Filed on or before this date (YYYY-MM-DD).")
    document_number: str | None = Field(
        None, max_length=32,
        description="Docket entry number: `45` finds entry 45 and its attachments, `45-1` only "
                    "attachment 1 of entry 45.", examples=["45-1"])
    cites: str | None = Field(
        None, max_length=200,
        description="A citation the filing makes, e.g. `17 F.4th 930` or `18 U.S.C. § 1030`; "
                    "spacing, periods and `§` are ignored.")
    sort: Literal["relevance", "date"] | None = Field(
        None,
        description="`relevance` (default when `q` is given) or `date` (newest first; the default "
                    "without `q`). Without `q`, results are always in date order.")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Page size, 1..{MAX_LIMIT}.")
    cursor: str | None = Field(
        None, max_length=4096,
        description="The `cursor` of the previous page, passed back unchanged with the same "
                    "query parameters (or follow its `next` URL).")

    @field_validator("court")
    @classmethod
    def _court(cls, value: str | None) -> str | None:
        return value.lower() if value else value

    @field_validator("document_number")
    @classmethod
    def _document_number(cls, value: str | None) -> str | None:
        return value.lstrip("#") if value else value

    @model_validator(mode="after")
    def _defaults_and_ranges(self) -> SearchParams:
        if self.filed_after and self.filed_before and self.filed_after > self.filed_before:
            raise ValueError("filed_after must not be later than filed_before")
        if self.sort is None:
            object.__setattr__(self, "sort", "relevance" if self.q else "date")
        return self

    def filters(self) -> dict[str, str]:
        """The field filters that are set (dates excluded), by FIELD posting name."""
        names = ("court", "case_id", "party", "judge", "document_type", "document_number", "cites")
        return {n: getattr(self, n) for n in names if getattr(self, n)}

    def fingerprint(self) -> dict[str, str | int | None]:
        """What a cursor must be used with: the query without `limit` and `cursor`."""
        return self.model_dump(mode="json", exclude={"cursor", "limit", "fields", "omit"})


class SearchHit(Model):
    id: str = Field(description="The filing's id (`GET /filings/{id}`).")
    case_id: str | None = Field(None, description="The case the filing belongs to.")
    court_id: str | None = Field(None, description="CourtListener court id.")
    docket_number: str | None = Field(None, description="Docket number as printed.")
    case_name: str | None = Field(None, description="Case caption, e.g. `Doe v. Acme Corp.`")
    title: str | None = Field(None, description="Document title.")
    document_type: str | None = Field(None, description="Document type, e.g. `motion`.")
    document_number: str | None = Field(None, description="Docket entry number.")
    attachment_number: int | None = Field(None, description="Attachment number within the entry.")
    date_filed: date | None = Field(None, description="Date filed.")
    score: float | None = Field(None, description="Relevance score (higher is better); null without `q`.")
    snippets: list[str] = Field(
        default_factory=list,
        description="HTML-escaped excerpts of the text with matched words in `<mark>…</mark>`; "
                    "empty without `q`.")


class Facets(Model):
    court: dict[str, int] = Field(default_factory=dict, description="Matching filings per court id.")
    document_type: dict[str, int] = Field(default_factory=dict, description="Matching filings per document type.")
    year: dict[str, int] = Field(default_factory=dict, description="Matching filings per year filed (`unknown` if undated).")


class SearchResponse(ListEnvelope):
    """The list envelope (`count` is `total` when exact) plus totals, facets and order."""

    results: list[SearchHit] = Field(description="This page of matching filings.")
    total: int = Field(description="Matching filings: exact when `total_exact`, else a lower-bound estimate "
                                   "from the candidates examined.")
    total_exact: bool = Field(description="Whether `total` counts every match.")
    facets: Facets = Field(description="Counts of the matching filings by court, document type and year.")
    facets_exact: bool = Field(description="Whether the facets count every match.")
    facets_basis: Literal["all_matches", "candidates_examined"] = Field(
        description="`all_matches`: facets count every matching filing (filter-only queries). "
                    "`candidates_examined`: full-text facets count only the best-ranked candidates "
                    "the search examined, which may be fewer than all matches.")
    sort: Literal["relevance", "date"] = Field(description="The order of `results`.")


def _fingerprint(params: SearchParams, viewer: Viewer) -> str:
    raw = json.dumps([params.fingerprint(), viewer.sees_sealed], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def to_request(params: SearchParams, viewer: Viewer) -> SearchRequest:
    """Raises ValidationFailed for an unsearchable `q` and InvalidCursor for a bad cursor."""
    query = None
    if params.q is not None:
        try:
            query = parse(params.q)
        except QueryError as exc:
            raise ValidationFailed.field("q", str(exc)) from exc
    state: dict[str, Any] = {}
    if params.cursor:
        state = cursors.decode(CURSOR_PURPOSE, params.cursor)
        if not isinstance(state, dict) or state.get("h") != _fingerprint(params, viewer):
            raise InvalidCursor("cursor belongs to a different query; repeat the same parameters with it")
    filters = {name: field_value(name, raw) or NOTHING for name, raw in params.filters().items()}
    return SearchRequest(
        query=query, filters=filters, sort=params.sort or "relevance", limit=params.limit, state=state,
        filed_after=params.filed_after.isoformat() if params.filed_after else None,
        filed_before=params.filed_before.isoformat() if params.filed_before else None,
    )


def _hit(hit: Hit) -> SearchHit:
    record = hit.record
    return SearchHit(
        id=record.id, case_id=record.case_id, court_id=record.court_id,
        docket_number=record.docket_number, case_name=record.case_name, title=record.title,
        document_type=record.document_type, document_number=record.document_number,
        attachment_number=record.attachment_number, date_filed=record.date_filed,
        score=hit.score, snippets=hit.snippets,
    )


def to_response(result: SearchResult, params: SearchParams, viewer: Viewer) -> SearchResponse:
    nxt = None
    if result.next_state is not None:
        nxt = cursors.encode(CURSOR_PURPOSE, {**result.next_state, "h": _fingerprint(params, viewer)})
    return SearchResponse(
        count=result.total if result.total_exact else None, **paged(nxt),
        results=[_hit(h) for h in result.hits], total=result.total, total_exact=result.total_exact,
        facets=Facets(**result.facets), facets_exact=result.facets_exact,
        facets_basis=result.facets_basis, sort=result.sort,  # type: ignore[arg-type]
    )
