"""`GET /filings`: list filings with the search filters, paged; or find one by its bytes.

- `?sha256=` is the lookup by bytes: the one filing with them, or 404 (as before).
- Otherwise a list in the common envelope. `status=ready` (the default) is read from the search
  index's date-ordered filter lists (`services.search`, no `q`): newest filed first, `count`
  exact. Any other status (`failed`, `processing`, `awaiting_upload`) needs the admin scope —
  it is how operators find what needs reprocessing — and is read from the sparse status index,
  most recently changed first (`count` null).
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from chalicelib.api.envelope import ListEnvelope
from chalicelib.api.models import FilingOut
from chalicelib.api.search_models import MAX_LIMIT, SearchParams
from chalicelib.api.selection import Selection
from chalicelib.domain.models import DOCUMENT_TYPES


class FilingsParams(Selection):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    sha256: str | None = Field(None, pattern=r"^[0-9a-fA-F]{64}$",
                               description="The filing with these bytes (hex SHA-256): one filing or 404, "
                                           "not a list")
    status: Literal["ready", "processing", "failed", "awaiting_upload"] = Field(
        "ready", description="`ready` (default) for everyone; any other status needs the admin scope")
    court: str | None = Field(None, max_length=32, description="CourtListener court id, e.g. `cand`")
    case_id: str | None = Field(None, max_length=200)
    document_type: str | None = Field(None, description="One of: " + ", ".join(DOCUMENT_TYPES) + ".")
    filed_after: date | None = Field(None, description="Filed on or after (YYYY-MM-DD)")
    filed_before: date | None = Field(None, description="Filed on or before (YYYY-MM-DD)")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=4096, description="The `cursor` of the previous page")

    @field_validator("court")
    @classmethod
    def _court(cls, value: str | None) -> str | None:
        return value.lower() if value else value

    @field_validator("document_type")
    @classmethod
    def _document_type(cls, value: str | None) -> str | None:
        if value is not None and value.lower() not in DOCUMENT_TYPES:
            raise ValueError("must be one of " + ", ".join(DOCUMENT_TYPES))
        return value.lower() if value else value

    @model_validator(mode="after")
    def _range(self) -> FilingsParams:
        if self.filed_after and self.filed_before and self.filed_after > self.filed_before:
            raise ValueError("filed_after must not be later than filed_before")
        return self

    def as_search(self) -> SearchParams:
        """The same filters as a filter-only search (its cursor is bound to them)."""
        return SearchParams(court=self.court, case_id=self.case_id, document_type=self.document_type,
                            filed_after=self.filed_after, filed_before=self.filed_before,
                            limit=self.limit, cursor=self.cursor)

    def repo_filters(self) -> dict[str, str]:
        out = {"court_id": self.court, "case_id": self.case_id, "document_type": self.document_type,
               "date_filed_from": self.filed_after.isoformat() if self.filed_after else None,
               "date_filed_to": self.filed_before.isoformat() if self.filed_before else None}
        return {k: v for k, v in out.items() if v}


class FilingList(ListEnvelope):
    """Filings, newest first (by date filed when ready; by last change otherwise)."""

    results: list[FilingOut]
