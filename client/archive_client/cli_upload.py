"""`filings upload`: many PDFs into the archive, resumable, concurrent, retrying."""
from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .api import DEFAULT_URL, DIRECT_UPLOAD_LIMIT
from .cli_common import (
    JsonOpt,
    KeyOpt,
    RetriesOpt,
    TimeoutOpt,
    UrlOpt,
    open_client,
    mb,
    parse_hints,
    print_json,
    progress_bar,
    err,
    out,
)
from .journal import Journal, journal_path
from .manifest import ManifestError, UploadItem, discover
from .report import FAILED, OUTCOMES, FileResult, UploadReport
from .uploader import Uploader

CASE_ROWS = 20  # the summary lists this many cases; the JSON report has them all


def upload(
    paths: Annotated[list[Path], typer.Argument(help="PDF files, directories (recursive) or manifests (.csv/.jsonl).",
                                                show_default=False)],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64, help="Concurrent uploads.")] = 8,
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Wait until each filing is processed.")] = False,
    wait_timeout: Annotated[float, typer.Option("--wait-timeout", help="Seconds to wait per filing.")] = 300.0,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Hash and check, send nothing.")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Write a JSON report here.")] = None,
    state: Annotated[Path | None, typer.Option(
        "--state", help="Resume journal (JSONL) [default: ./.filings-upload.jsonl].")] = None,
    no_state: Annotated[bool, typer.Option("--no-state", help="Neither read nor write the journal.")] = False,
    hint: Annotated[list[str] | None, typer.Option("--hint", help="KEY=VALUE hint for every file, e.g. court=cand.")] = None,
    direct_limit: Annotated[int, typer.Option("--direct-limit", help="Largest file sent in the request body "
                                              "(archives without batch uploads).")] = DIRECT_UPLOAD_LIMIT,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 120.0,
    as_json: JsonOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Upload PDFs: skips what the archive holds, resumable, concurrent, retrying."""
    items = _items_to_upload(paths, hint or [])
    retries_seen = _RetryCount(quiet)
    client = open_client(url, key, retries, timeout, workers, retries_seen.on_retry)
    journal = Journal(None if no_state else journal_path(state), client.base_url)
    uploader = Uploader(client, workers=workers, journal=journal, direct_limit=direct_limit, wait=wait,
                        wait_timeout=wait_timeout, dry_run=dry_run)
    total_bytes = sum(i.size for i in items)
    if not quiet:
        err.print(f"{len(items)} files, {mb(total_bytes)} → {escape(client.base_url)}"
                  + (" [yellow](dry run)[/]" if dry_run else ""))
    result = _run_with_progress(uploader, items, dry_run=dry_run, quiet=quiet)
    client.close()
    raise typer.Exit(_conclude(result, client.base_url, retries_seen.count, report, as_json=as_json, waited=wait))


def _items_to_upload(paths: list[Path], hint: list[str]) -> list[UploadItem]:
    """What the paths name, each with the command's ``--hint``s under its own; a bad path or
    manifest ends the command (2), and so does finding nothing (0)."""
    common = parse_hints(hint)
    try:
        items = discover(paths)
    except (FileNotFoundError, ManifestError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    for item in items:
        item.hints = {**common, **item.hints}
    if not items:
        err.print("[yellow]nothing to upload[/] (directories are searched for *.pdf)")
        raise typer.Exit(0)
    return items


class _RetryCount:
    """Counts the client's retries (from its worker threads) and says each one unless quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.count = 0
        self._lock = threading.Lock()

    def on_retry(self, what: str, attempt: int, delay: float, why: str) -> None:
        with self._lock:
            self.count += 1
        if not self.quiet:
            err.print(f"[dim]retry {attempt} of {escape(what)} in {delay:.1f}s ({escape(why)})[/]")


def _run_with_progress(uploader: Uploader, items: list[UploadItem], *, dry_run: bool, quiet: bool) -> UploadReport:
    """The run under a progress bar: files done, bytes that really went out, each failure as it happens."""
    lock = threading.Lock()
    with progress_bar(disable=quiet, sent=True) as progress:
        task = progress.add_task("dry run" if dry_run else "upload", total=len(items), bytes=0)
        sent = [0]

        def on_bytes(n: int) -> None:  # only bytes that really went out, from the sending threads
            with lock:
                sent[0] += n
                progress.update(task, bytes=sent[0])

        def on_result(res: FileResult) -> None:
            progress.update(task, advance=1)
            if res.outcome == FAILED or res.status == "failed":
                progress.console.print(f"[red]✗[/] {escape(res.path)}: {escape(res.error or '')}")

        return uploader.run(items, on_result=on_result, on_bytes=on_bytes)


def _conclude(result: UploadReport, url: str, retries: int, report: Path | None, *, as_json: bool,
              waited: bool) -> int:
    """Write the report, print the summary (or the JSON); the exit code: 130 interrupted, 1 failures."""
    data = result.to_json()
    data["retries"] = retries
    data["url"] = url
    if report:
        report.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    if as_json:
        print_json(data)
    else:
        _upload_summary(result, retries, waited)
        if report:
            err.print(f"report written to {escape(str(report))}")
    if result.interrupted:
        err.print("[yellow]interrupted:[/] rerun the same command to upload what is missing")
        return 130
    return 0 if result.ok else 1


def _upload_summary(result: UploadReport, retries: int, waited: bool) -> None:
    table = Table(title="Upload summary", show_header=True)
    table.add_column("outcome")
    table.add_column("files", justify="right")
    table.add_column("size", justify="right")
    for outcome in OUTCOMES:
        rows = [r for r in result.results if r.outcome == outcome]
        if rows:
            style = "red" if outcome == "failed" else ""
            table.add_row(Text(outcome, style=style), str(len(rows)), mb(sum(r.size for r in rows)))
    for status, n in sorted(result.status_counts().items()):
        table.add_row(Text(f"status: {status}", style="red" if status == "failed" else "dim"), str(n), "")
    if result.reverified:
        table.add_row(Text("journal: other archive, verified", style="yellow"), str(result.reverified), "")
    if result.not_attempted:
        table.add_row(Text("not attempted", style="yellow"), str(result.not_attempted), "")
    rate = len(result.results) / result.seconds if result.seconds else 0.0
    mbs = result.bytes_sent / result.seconds / 1e6 if result.seconds else 0.0
    out.print(table)
    _cases_summary(result, waited)
    out.print(f"{len(result.results)} files in {result.seconds:.1f}s · {rate:.1f} files/s · "
              f"{mb(result.bytes_sent)} sent, {mbs:.2f} MB/s · {retries} retries", highlight=False)
    if result.aborted:
        out.print(f"[red]stopped early:[/] {escape(result.aborted)}")
    failed = result.failed
    if failed:
        ft = Table(title=f"{len(failed)} failed", show_header=True, header_style="red")
        ft.add_column("file")
        ft.add_column("filing")
        ft.add_column("error", overflow="fold")
        for r in sorted(failed, key=lambda r: r.path):
            ft.add_row(r.path, r.filing_id or "", r.error or r.status or "")
        out.print(ft)


def _cases_summary(result: UploadReport, waited: bool) -> None:
    """Which case each file joined (the report has it per file)."""
    counts = result.case_counts()
    if not counts:
        return
    names = {r.case_id: r.case_name for r in result.results if r.case_id and r.case_name}
    table = Table(title="Cases joined", show_header=True)
    table.add_column("case")
    table.add_column("name", overflow="fold")
    table.add_column("files", justify="right")
    ranked = sorted(((c, n) for c, n in counts.items() if c), key=lambda cn: (-cn[1], cn[0]))
    for case_id, n in ranked[:CASE_ROWS]:
        table.add_row(case_id, names.get(case_id) or "", str(n))
    if len(ranked) > CASE_ROWS:
        table.add_row(Text(f"… {len(ranked) - CASE_ROWS} more cases (see --report)", style="dim"), "",
                      str(sum(n for _, n in ranked[CASE_ROWS:])))
    if counts.get(""):
        why = "not read yet" if waited else "not read yet (--wait shows the case)"
        table.add_row(Text(why, style="dim"), "", str(counts[""]))
    out.print(table)
