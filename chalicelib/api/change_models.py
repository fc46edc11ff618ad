"""HTTP models of the change feed (`GET /changes`): filing changes and docket imports, in order."""
from __future__ import annotations

from pydantic import ConfigDict, Field

from chalicelib.api.envelope import ListEnvelope
from chalicelib.api.models import FilingOut
from chalicelib.api.query_fields import CursorParam
from chalicelib.api.selection import Selection
from chalicelib.domain.base import Model
from chalicelib.domain.models import ChangeKind


class DocketChange(Model):
    """What one imported docket report changed in its case's entries."""

    report_id: str
    entries_added: int
    entries_updated: int
    entries_since: str = Field(description="Pass as `updated_since` to `GET /cases/{case_id}/entries` "
                                           "for every entry this import added or changed")


class Change(Model):
    seq: int
    kind: ChangeKind = Field(
        description="A filing's change, or `docket`: a docket report was imported into `case_id`")
    filing_id: str | None = Field(None, description="The filing changed; absent on `docket` changes")
    case_id: str | None = Field(None, description="The case a `docket` change is about")
    at: str
    filing: FilingOut | None = Field(None, description="The filing as it is now; absent on removal")
    docket: DocketChange | None = Field(None, description="On `docket` changes: the entries it added or changed")


class ChangesParams(Selection):
    model_config = ConfigDict(extra="forbid")

    since: CursorParam = Field(None, description="Cursor from a previous page; omit to start")
    limit: int = Field(100, ge=1, le=1000)


class ChangePage(ListEnvelope):
    """The feed never ends: `next` is always given (where to poll), `cursor` is its `since`."""

    results: list[Change]
