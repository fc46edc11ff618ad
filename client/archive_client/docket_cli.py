"""`filings docket …`: PACER docket report pages in, docket sheets out."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from archive_client import dockets
from archive_client.api import ArchiveError
from archive_client.cli_common import err, fail, open_client, out, print_json

docket_app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                         help="PACER docket reports: upload a report page, list a case's entries.")


@docket_app.command("upload")
def upload(
    files: Annotated[list[Path], typer.Argument(help="Docket report pages (HTML as PACER shows them).",
                                                exists=True, dir_okay=False, readable=True)],
    url: Annotated[str, typer.Option("--url", envvar="ARCHIVE_URL")] = "http://127.0.0.1:8000",
    key: Annotated[str | None, typer.Option("--key", envvar="ARCHIVE_KEY")] = None,
    court: Annotated[str | None, typer.Option(help="Court id when the page does not name it (cand).")] = None,
    sealed: Annotated[bool, typer.Option(help="Only sealed:read callers may see this report.")] = False,
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Wait until each report is imported.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Upload docket report pages; the worker imports them into their cases. Exit 1 if any
    page was refused or failed to import (the others are still uploaded)."""
    failed = 0
    with open_client(url, key) as client:
        results = []
        for path in files:
            try:
                report = dockets.upload_report(client, path, court=court, sealed=sealed)
                if wait:  # the upload's answer says whether it was a duplicate; the wait does not
                    report = {**dockets.wait_for_report(client, report["id"]), "duplicate": report.get("duplicate")}
            except ArchiveError as exc:  # this page refused (415, 422…): reported, the rest go on
                if exc.status >= 500 or exc.status in (401, 403):
                    raise fail(exc) from None  # the archive or the key, not the page: stop
                failed += 1
                results.append({"file": str(path), "status": "refused", "error": {"message": str(exc)}})
                err.print(f"[red]{path.name}:[/] {exc}")
                continue
            except Exception as exc:  # noqa: BLE001 — cannot reach the archive
                raise fail(exc) from None
            results.append({"file": str(path), **report})
            if report.get("status") == "failed":
                failed += 1
                err.print(f"[red]{path.name}:[/] {report['error']['message']}")
            elif not as_json:
                what = (f"{report.get('entry_count')} entries → {report.get('case_id')}"
                        if report.get("status") == "ready" else report.get("status"))
                out.print(f"{path.name}: {report['id']} {what}" + (" (already imported)" if report.get("duplicate") else ""),
                          soft_wrap=True)
        if as_json:
            print_json({"reports": results})
    raise typer.Exit(1 if failed else 0)


@docket_app.command("entries")
def list_entries(
    case_id: Annotated[str, typer.Argument(help="A case id, e.g. cand-19-cv-07123.")],
    url: Annotated[str, typer.Option("--url", envvar="ARCHIVE_URL")] = "http://127.0.0.1:8000",
    key: Annotated[str | None, typer.Option("--key", envvar="ARCHIVE_KEY")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A case's docket entries in order, with which documents the archive holds."""
    with open_client(url, key) as client:
        try:
            listed = dockets.entries(client, case_id, links=None)
        except Exception as exc:  # noqa: BLE001
            raise fail(exc) from None
    if as_json:
        print_json({"case_id": case_id, "entries": listed})
        return
    for e in listed:
        held = sum(1 for d in e["documents"] if d["available"])
        docs = f"{held}/{len(e['documents'])} held" if e["documents"] else "no document"
        out.print(f"{e['position']:>8}  {e['date_filed'] or '':10}  {docs:12}  {(e['description'] or e['title'] or '')[:90]}",
                  soft_wrap=True, markup=False, highlight=False)
