"""`filings sync`: keep a local copy of a case."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .api import DEFAULT_URL, ArchiveError
from .cli_common import JsonOpt, KeyOpt, RetriesOpt, TimeoutOpt, UrlOpt, open_client, fail, mb, print_json, progress_bar, out
from .sync import CaseSync, SyncReport



def sync(
    case_id: Annotated[str, typer.Argument(help="The archive's case id, e.g. cand-19-cv-07123.")],
    directory: Annotated[Path, typer.Argument(help="Where the local copy lives.", show_default=False)],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=32)] = 4,
    prune: Annotated[bool, typer.Option("--prune", help="Delete local files of filings gone upstream.")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Write a JSON report here.")] = None,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 120.0,
    as_json: JsonOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Download a case's PDFs, metadata and docket index; only what is new or changed."""
    client = open_client(url, key, retries, timeout, workers)
    with progress_bar(disable=quiet) as progress:
        task = progress.add_task(f"sync {case_id}", total=None, bytes=0)
        got = [0]

        def on_bytes(n: int) -> None:
            got[0] += n
            progress.update(task, bytes=got[0])

        def on_item(res: Any) -> None:
            progress.update(task, advance=1)
            if res.error:
                progress.console.print(f"[red]✗[/] {res.filing_id}: {escape(res.error)}")
            elif res.repaired:
                progress.console.print(f"[yellow]![/] {res.pdf}: local copy did not match its SHA-256; fetched again")

        syncer = CaseSync(client, case_id, directory, workers=workers, prune=prune,
                          on_listed=lambda n: progress.update(task, total=n),
                          on_item=on_item, on_bytes=on_bytes)
        try:
            result = syncer.run()
        except (ArchiveError, httpx.HTTPError, OSError, ValueError) as exc:
            progress.stop()
            raise fail(exc, url) from None
        finally:
            client.close()
    data = result.to_json()
    if report:
        report.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if as_json:
        print_json(data)
    else:
        _sync_summary(result)
    raise typer.Exit(0 if result.ok else 1)


def _sync_summary(r: SyncReport) -> None:
    table = Table(title=f"Sync {r.case_id} → {r.directory}")
    table.add_column("")
    table.add_column("filings", justify="right")
    table.add_row("in the case", str(r.filings))
    table.add_row("PDFs downloaded", f"{len(r.downloaded)} ({mb(r.bytes_downloaded)})")
    if r.repaired:
        table.add_row(Text("  of which repaired", style="yellow"), str(len(r.repaired)))
    table.add_row("metadata updated", str(len(r.metadata_updated)))
    if r.renamed:
        table.add_row("renamed", str(len(r.renamed)))
    table.add_row("unchanged", str(len(r.unchanged)))
    if r.skipped:
        table.add_row("not uploaded yet", str(len(r.skipped)))
    if r.removed:
        table.add_row("gone upstream", str(len(r.removed)))
    if r.errors:
        table.add_row(Text("errors", style="red"), str(len(r.errors)))
    table.caption = "docket.json updated" if r.docket_written else "docket.json unchanged"
    out.print(table)
    for fid, msg in r.errors.items():
        out.print(f"[red]✗[/] {fid}: {escape(msg)}")


