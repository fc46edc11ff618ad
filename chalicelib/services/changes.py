"""The change feed as a viewer sees it.

Ordering guarantee: changes are numbered from one atomic counter and written in the same
transaction as the filing they describe; a page never passes a number whose transaction is still
in flight (see `changes_repo`), so under any number of concurrent writers a reader that follows
`next` sees every change exactly once, in commit-number order. Each change carries the filing as
it is now. To a viewer without `sealed:read`, a filing sealed later shows as `removed` (its id
only) and its other changes are left out; one sealed from the start never appears. A `docket`
change says a docket report was imported into a case and what it added or changed (sealed
reports' imports only with `sealed:read`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib import cursors
from chalicelib.adapters import changes_repo, filings_repo
from chalicelib.domain.access import Viewer, can_see_filing
from chalicelib.domain.models import FilingRecord


@dataclass(frozen=True)
class Change:
    """One numbered change: a filing as it is now (None when removed for this viewer), or a docket
    report's import into `case_id` (`docket`: report_id, entries_added/updated, entries_since)."""

    seq: int
    kind: str
    at: str
    filing_id: str | None = None
    case_id: str | None = None
    filing: FilingRecord | None = None
    docket: dict[str, Any] | None = None


@dataclass(frozen=True)
class ChangePage:
    changes: list[Change]
    next: str


def page(since: str | None, limit: int, viewer: Viewer) -> ChangePage:
    start = int(cursors.decode("changes", since)["s"]) if since else 0
    items, last = changes_repo.read_after(start, limit)
    current = filings_repo.get_many(sorted({i["filing_id"] for i in items if i.get("filing_id")}))
    out: list[Change] = []
    for item in items:
        if not item.get("filing_id"):  # a docket report's import (a sealed one: with the scope)
            if can_see_filing(viewer, bool(item.get("sealed"))):
                out.append(Change(seq=item["seq"], kind=item["kind"], case_id=item["case_id"], at=item["at"],
                                  docket=dict(item["detail"])))
            continue
        record = current.get(item["filing_id"])
        base = {"seq": item["seq"], "filing_id": item["filing_id"], "at": item["at"]}
        if record is None:
            out.append(Change(kind="removed", **base))
        elif not viewer.may_see(record):
            if item["kind"] == "sealed":
                out.append(Change(kind="removed", **base))
        else:
            out.append(Change(kind=item["kind"], filing=record, **base))
    return ChangePage(changes=out, next=cursors.encode("changes", {"s": last}))
