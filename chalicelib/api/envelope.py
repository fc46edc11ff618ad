"""The one envelope of every list route: `count`, `next`, `cursor`, `results`.

- `results`: this page's items.
- `next`: the absolute URL of the next page (this request's URL with the cursor parameter
  replaced; every other parameter kept), or null on the last page. `/changes` always gives one:
  the feed has no last page, its `next` is where to poll.
- `cursor`: the bare cursor inside `next` — the value of the route's cursor parameter
  (`cursor`, or `since` on `/changes`) — for clients that build their own URLs.
- `count`: how many items the whole list has, when that is known exactly without reading it
  (a docket page: from the case's tallies; a filter-only search: from its counters or its
  match set); null otherwise, never an estimate.
"""
from __future__ import annotations

from pydantic import Field

from chalicelib.api import links
from chalicelib.domain.base import Model


class ListEnvelope(Model):
    count: int | None = Field(None, description="Items in the whole list when known exactly and cheaply; "
                                                "else null (never an estimate).")
    next: str | None = Field(None, description="Absolute URL of the next page; null on the last page.")
    cursor: str | None = Field(None, description="The bare cursor in `next` (the route's cursor parameter).")


def paged(cursor: str | None, param: str = "cursor") -> dict[str, str | None]:
    """The `next` / `cursor` pair for a page whose continuation is `cursor`."""
    return {"next": links.next_url(cursor, param), "cursor": cursor}
