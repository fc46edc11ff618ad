"""Docket sheets from the client's side: upload a PACER docket report page, read a case's
entries and links (what `filings docket upload` and the `docket.json` of `filings sync` use)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from archive_client.api import ArchiveClient, ArchiveError
from archive_client.models import page_cursor


def upload_report(client: ArchiveClient, path: str | Path, *, court: str | None = None,
                  sealed: bool = False) -> dict[str, Any]:
    """POST /dockets with the page's bytes; the report record (202 new, 200 already imported)."""
    params = {k: v for k, v in {"court": court, "sealed": "true" if sealed else None}.items() if v}
    response = client._request("POST", "/dockets", expect=(200, 202), content=Path(path).read_bytes(),
                               params=params, headers={"Content-Type": "text/html"})
    return response.json()


def wait_for_report(client: ArchiveClient, report_id: str, *, timeout: float = 120.0,
                    interval: float = 0.5) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        report = client._json("GET", f"/dockets/{report_id}")
        if report.get("status") in ("ready", "failed") or time.monotonic() >= deadline:
            return report
        time.sleep(interval)


def entries(client: ArchiveClient, case_id: str, *, links: str | None = "out",
            page_size: int = 1000) -> list[dict[str, Any]]:
    """Every entry of the case in docket order, following `next`."""
    out: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params = {k: v for k, v in {"limit": page_size, "cursor": cursor, "links": links}.items() if v}
        page = client._json("GET", f"/cases/{case_id}/entries", params=params)
        out.extend(page.get("results") or [])
        cursor = page_cursor(page)
        if not cursor:
            return out


def docket_sheet(client: ArchiveClient, case_id: str) -> dict[str, Any] | None:
    """`entries` and the case's `links` (each entry's outgoing ones, flattened) for docket.json;
    None from an archive without docket sheets."""
    try:
        listed = entries(client, case_id, links="out")
    except ArchiveError as exc:
        if exc.status in (404, 405):
            return None
        raise
    links = [link for e in listed for link in ((e.get("links") or {}).get("out") or [])]
    for e in listed:
        e.pop("links", None)
    return {"entries": listed, "links": links}
