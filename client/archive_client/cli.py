"""`filings`: the archive from the command line.

    filings upload PATH...        files, directories, CSV/JSONL manifests
    filings sync CASE_ID DIR      keep a local copy of a case
    filings get ID|SHA256         one filing
    filings search [QUERY]        full-text and filtered search
    filings case CASE_ID|DOCKET   a case and its docket

The archive's URL and key come from --url/--key or ARCHIVE_URL/ARCHIVE_KEY; the URL defaults to
`make serve`'s http://127.0.0.1:8000.
"""
from __future__ import annotations

import json
import re
import sys
import threading
from pathlib import Path
from typing import Annotated, Any, Optional

import httpx
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from . import __version__
from .api import DEFAULT_URL, DIRECT_UPLOAD_LIMIT, ArchiveClient, ArchiveError
from .models import Filing
from .sync import CaseSync, SyncReport
from .upload import (
    FAILED,
    FileResult,
    Journal,
    ManifestError,
    Uploader,
    UploadReport,
    discover,
    journal_path,
)

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Upload to, search and mirror the court-filing archive.")
out = Console()
err = Console(stderr=True)

UrlOpt = Annotated[str, typer.Option("--url", envvar="ARCHIVE_URL", help="The archive's API URL.",
                                     show_default=True)]
KeyOpt = Annotated[Optional[str], typer.Option("--key", envvar="ARCHIVE_KEY", help="API key (Bearer).",
                                               show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
RetriesOpt = Annotated[int, typer.Option("--retries", min=0, help="Retries on 429, 5xx and connection errors.")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=1, help="Per-request timeout in seconds.")]


def _client(url: str, key: str | None, retries: int = 5, timeout: float = 60.0, workers: int = 8,
            on_retry: Any = None) -> ArchiveClient:
    if not key:
        err.print("[red]no API key:[/] pass --key or set ARCHIVE_KEY (make serve prints one)")
        raise typer.Exit(2)
    return ArchiveClient(url, key, timeout=timeout, max_retries=retries, max_connections=max(8, workers * 2),
                         on_retry=on_retry)


def _fail(exc: Exception) -> typer.Exit:
    if isinstance(exc, ArchiveError):
        err.print(f"[red]error:[/] {exc}")
        return typer.Exit(1)
    err.print(f"[red]error:[/] cannot reach the archive: {exc}")
    return typer.Exit(1)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def _mb(n: int | float) -> str:
    """A human size: 812 B, 3.4 KB, 12.0 MB, 1.2 GB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{int(n)} B"


def _snippet(raw: str, width: int = 200) -> Text:
    """A search snippet: the archive marks hits with <mark>…</mark>; show them in bold."""
    from rich.markup import escape

    raw = " ".join(raw.split())
    if len(raw) > width:
        raw = raw[:width].rsplit(" ", 1)[0] + "…"
    marked = escape(raw).replace("<mark>", "[bold yellow]").replace("</mark>", "[/bold yellow]")
    try:
        return Text.from_markup(marked, style="dim")
    except Exception:  # an unbalanced tag cut by the width limit
        return Text(raw.replace("<mark>", "").replace("</mark>", ""), style="dim")


class RateColumn(ProgressColumn):
    """files/s and MB/s since the task started (``task.fields['bytes']`` holds the bytes)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0
        if elapsed <= 0:
            return Text("-- files/s  -- MB/s", style="progress.data.speed")
        files = task.completed / elapsed
        mbs = task.fields.get("bytes", 0) / elapsed / 1e6
        return Text(f"{files:5.1f} files/s {mbs:6.2f} MB/s", style="progress.data.speed")


def _progress(disable: bool = False) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                    console=err, disable=disable, transient=False)


def _parse_hints(pairs: list[str]) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise typer.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint="--hint")
        k, v = pair.split("=", 1)
        hints[k.strip()] = v.strip()
    return hints


# ---------------------------------------------------------------------------------- upload
@app.command()
def upload(
    paths: Annotated[list[Path], typer.Argument(help="PDF files, directories (recursive) or manifests (.csv/.jsonl).",
                                                show_default=False)],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64, help="Concurrent uploads.")] = 8,
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Wait until each filing is processed.")] = False,
    wait_timeout: Annotated[float, typer.Option("--wait-timeout", help="Seconds to wait per filing.")] = 300.0,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Hash and check, send nothing.")] = False,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write a JSON report here.")] = None,
    state: Annotated[Optional[Path], typer.Option(
        "--state", help="Resume journal (JSONL) [default: ./.filings-upload.jsonl].")] = None,
    no_state: Annotated[bool, typer.Option("--no-state", help="Neither read nor write the journal.")] = False,
    hint: Annotated[Optional[list[str]], typer.Option("--hint", help="KEY=VALUE hint for every file, e.g. court=cand.")] = None,
    direct_limit: Annotated[int, typer.Option("--direct-limit", help="Largest file sent in the request body.")]
        = DIRECT_UPLOAD_LIMIT,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 120.0,
    as_json: JsonOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Upload PDFs: skips what the archive holds, resumable, concurrent, retrying."""
    common = _parse_hints(hint or [])
    try:
        items = discover(paths)
    except (FileNotFoundError, ManifestError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    for item in items:
        item.hints = {**common, **item.hints}
    if not items:
        err.print("[yellow]nothing to upload[/] (directories are searched for *.pdf)")
        raise typer.Exit(0)

    retry_count = [0]
    lock = threading.Lock()

    def on_retry(what: str, attempt: int, delay: float, why: str) -> None:
        with lock:
            retry_count[0] += 1
        if not quiet:
            err.print(f"[dim]retry {attempt} of {what} in {delay:.1f}s ({why})[/]")

    client = _client(url, key, retries, timeout, workers, on_retry)
    journal = Journal(None if no_state else journal_path(state), client.base_url)
    uploader = Uploader(client, workers=workers, journal=journal, direct_limit=direct_limit, wait=wait,
                        wait_timeout=wait_timeout, dry_run=dry_run)
    total_bytes = sum(i.size for i in items)
    if not quiet:
        err.print(f"{len(items)} files, {_mb(total_bytes)} → {client.base_url}"
                  + (" [yellow](dry run)[/]" if dry_run else ""))
    with _progress(disable=quiet) as progress:
        task = progress.add_task("dry run" if dry_run else "upload", total=len(items), bytes=0)
        done_bytes = [0]

        def on_result(res: FileResult) -> None:
            done_bytes[0] += res.size
            progress.update(task, advance=1, bytes=done_bytes[0])
            if res.outcome == FAILED or res.status == "failed":
                progress.console.print(f"[red]✗[/] {res.path}: {res.error}")

        result = uploader.run(items, on_result=on_result)
    client.close()

    data = result.to_json()
    data["retries"] = retry_count[0]
    data["url"] = client.base_url
    if report:
        report.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    if as_json:
        _print_json(data)
    else:
        _upload_summary(result, retry_count[0], len(items))
        if report:
            err.print(f"report written to {report}")
    if result.interrupted:
        err.print("[yellow]interrupted:[/] rerun the same command to upload what is missing")
        raise typer.Exit(130)
    raise typer.Exit(0 if result.ok else 1)


def _upload_summary(result: UploadReport, retries: int, planned: int) -> None:
    table = Table(title="Upload summary", show_header=True)
    table.add_column("outcome")
    table.add_column("files", justify="right")
    table.add_column("size", justify="right")
    for outcome in ("uploaded", "duplicate", "exists", "skipped", "would-upload", "failed"):
        rows = [r for r in result.results if r.outcome == outcome]
        if rows:
            style = "red" if outcome == "failed" else None
            table.add_row(Text(outcome, style=style or ""), str(len(rows)), _mb(sum(r.size for r in rows)))
    statuses = result.status_counts()
    if statuses:
        for status, n in sorted(statuses.items()):
            table.add_row(Text(f"status: {status}", style="red" if status == "failed" else "dim"), str(n), "")
    if result.not_attempted:
        table.add_row(Text("not attempted", style="yellow"), str(result.not_attempted), "")
    rate = len(result.results) / result.seconds if result.seconds else 0.0
    mbs = result.bytes_sent / result.seconds / 1e6 if result.seconds else 0.0
    out.print(table)
    out.print(f"{len(result.results)} files in {result.seconds:.1f}s · {rate:.1f} files/s · "
              f"{_mb(result.bytes_sent)} sent, {mbs:.2f} MB/s · {retries} retries", highlight=False)
    if result.aborted:
        out.print(f"[red]stopped early:[/] {result.aborted}")
    failed = result.failed
    if failed:
        ft = Table(title=f"{len(failed)} failed", show_header=True, header_style="red")
        ft.add_column("file")
        ft.add_column("filing")
        ft.add_column("error", overflow="fold")
        for r in sorted(failed, key=lambda r: r.path):
            ft.add_row(r.path, r.filing_id or "", r.error or r.status or "")
        out.print(ft)


# ---------------------------------------------------------------------------------- sync
@app.command()
def sync(
    case_id: Annotated[str, typer.Argument(help="The archive's case id, e.g. cand-19-cv-07123.")],
    directory: Annotated[Path, typer.Argument(help="Where the local copy lives.", show_default=False)],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=32)] = 4,
    prune: Annotated[bool, typer.Option("--prune", help="Delete local files of filings gone upstream.")] = False,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write a JSON report here.")] = None,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 120.0,
    as_json: JsonOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Download a case's PDFs, metadata and docket index; only what is new or changed."""
    client = _client(url, key, retries, timeout, workers)
    with _progress(disable=quiet) as progress:
        task = progress.add_task(f"sync {case_id}", total=None, bytes=0)
        got = [0]

        def on_bytes(n: int) -> None:
            got[0] += n
            progress.update(task, bytes=got[0])

        def on_item(res: Any) -> None:
            progress.update(task, advance=1)
            if res.error:
                progress.console.print(f"[red]✗[/] {res.filing_id}: {res.error}")
            elif res.repaired:
                progress.console.print(f"[yellow]![/] {res.pdf}: local copy did not match its SHA-256; fetched again")

        syncer = CaseSync(client, case_id, directory, workers=workers, prune=prune,
                          on_listed=lambda n: progress.update(task, total=n),
                          on_item=on_item, on_bytes=on_bytes)
        try:
            result = syncer.run()
        except (ArchiveError, httpx.HTTPError, OSError, ValueError) as exc:
            progress.stop()
            raise _fail(exc) from None
        finally:
            client.close()
    data = result.to_json()
    if report:
        report.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if as_json:
        _print_json(data)
    else:
        _sync_summary(result)
    raise typer.Exit(0 if result.ok else 1)


def _sync_summary(r: SyncReport) -> None:
    table = Table(title=f"Sync {r.case_id} → {r.directory}")
    table.add_column("")
    table.add_column("filings", justify="right")
    table.add_row("in the case", str(r.filings))
    table.add_row("PDFs downloaded", f"{len(r.downloaded)} ({_mb(r.bytes_downloaded)})")
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
        out.print(f"[red]✗[/] {fid}: {msg}")


# ---------------------------------------------------------------------------------- get
_SHA = re.compile(r"^[0-9a-fA-F]{64}$")



def _docket_commands() -> None:
    from archive_client.docket_cli import docket_app

    app.add_typer(docket_app, name="docket")


_docket_commands()

@app.command()
def get(
    filing: Annotated[str, typer.Argument(help="A filing id, or the SHA-256 of its bytes.")],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    text: Annotated[bool, typer.Option("--text", help="Print the extracted text.")] = False,
    download: Annotated[Optional[Path], typer.Option("--download", "-o", help="Save the PDF here.")] = None,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Show one filing (by id or SHA-256)."""
    with _client(url, key, retries, timeout) as client:
        try:
            if _SHA.match(filing):
                found = client.find_by_sha256(filing)
                if found is None:
                    err.print("[red]error:[/] the archive holds no filing with these bytes")
                    raise typer.Exit(1)
                f = found
            else:
                f = client.get_filing(filing)
            pages = client.text(f.id) if text else None
            if download:
                with download.open("wb") as fh:
                    got = client.download(f.id, fh)
                if got != f.sha256:
                    err.print(f"[red]error:[/] downloaded bytes do not match SHA-256 {f.sha256}")
                    raise typer.Exit(1)
                err.print(f"saved {download}")
        except (ArchiveError, httpx.HTTPError, OSError) as exc:
            raise _fail(exc) from None
    if as_json:
        _print_json({**f.raw, **({"text": pages} if pages is not None else {})})
        return
    _filing_table(f)
    if pages is not None:
        for page in pages.get("pages") or []:
            out.rule(f"page {page.get('page')}")
            out.print(page.get("text", ""), markup=False, highlight=False)


def _filing_table(f: Filing) -> None:
    table = Table(show_header=False, title=f"Filing {f.id}")
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    rows = [
        ("status", Text(f.status, style={"ready": "green", "failed": "red"}.get(f.status, "yellow"))),
        ("title", f.title), ("document type", f.document_type),
        ("document", (f.document_number or "") + (f"-{f.attachment_number}" if f.attachment_number else "")),
        ("date filed", f.date_filed), ("case", f.case_id), ("case name", f.case_name),
        ("court", f.court_id), ("docket number", f.docket_number), ("pages", f.page_count),
        ("size", _mb(f.size) if f.size else None), ("sha256", f.sha256), ("filename", f.filename),
        ("sealed", "yes" if f.sealed else None), ("error", f.error_message),
        ("warnings", "; ".join(f.raw.get("warnings") or []) or None), ("updated", f.updated_at),
    ]
    for label, value in rows:
        if value not in (None, ""):
            table.add_row(label, value if isinstance(value, Text) else str(value))
    out.print(table)


# ---------------------------------------------------------------------------------- search
@app.command()
def search(
    q: Annotated[Optional[str], typer.Argument(help='Full text; "quoted phrases" are required.')] = None,
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    court: Annotated[Optional[str], typer.Option(help="Court id, e.g. cand.")] = None,
    case_id: Annotated[Optional[str], typer.Option("--case", help="Case id.")] = None,
    document_type: Annotated[Optional[str], typer.Option("--type", help="Document type.")] = None,
    party: Annotated[Optional[str], typer.Option(help="A party's name.")] = None,
    judge: Annotated[Optional[str], typer.Option(help="The judge's name.")] = None,
    filed_after: Annotated[Optional[str], typer.Option("--after", help="YYYY-MM-DD.")] = None,
    filed_before: Annotated[Optional[str], typer.Option("--before", help="YYYY-MM-DD.")] = None,
    cites: Annotated[Optional[str], typer.Option(help="A citation, e.g. '17 F.4th 930'.")] = None,
    sort: Annotated[Optional[str], typer.Option(help="relevance or date.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 20,
    cursor: Annotated[Optional[str], typer.Option(help="`next` from a previous page.")] = None,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Search filings."""
    filters = {"court": court, "case_id": case_id, "document_type": document_type, "party": party, "judge": judge,
               "filed_after": filed_after, "filed_before": filed_before, "cites": cites, "sort": sort}
    with _client(url, key, retries, timeout) as client:
        try:
            page = client.search(q, limit=limit, cursor=cursor, **filters)
        except (ArchiveError, httpx.HTTPError, OSError) as exc:
            raise _fail(exc) from None
    if as_json:
        _print_json(page.raw)
        return
    table = Table(title=f"{page.total if page.total is not None else len(page.results)} results"
                  + (f" for {q!r}" if q else ""))
    for col in ("filing", "case", "doc", "filed", "type", "title", "score"):
        table.add_column(col, overflow="fold", justify="right" if col == "score" else "left")
    for hit in page.results:
        table.add_row(hit.filing_id, hit.case_id or "", hit.document_number or "", hit.date_filed or "",
                      hit.document_type or "", hit.title or "",
                      f"{hit.score:.2f}" if isinstance(hit.score, (int, float)) else "")
        for snippet in hit.snippets[:1]:
            table.add_row("", "", "", "", "", _snippet(snippet), "")
    out.print(table)
    if page.next:
        err.print(f"more: --cursor {page.next}", soft_wrap=True)


# ---------------------------------------------------------------------------------- case
@app.command()
def case(
    case: Annotated[str, typer.Argument(help="A case id (cand-19-cv-07123) or a docket number (4:19-cv-07123).")],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    court: Annotated[Optional[str], typer.Option(help="Narrow a docket-number lookup to this court.")] = None,
    filings: Annotated[bool, typer.Option("--filings/--no-filings", help="List the docket.")] = True,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Show a case and its docket."""
    with _client(url, key, retries, timeout) as client:
        try:
            try:
                found = client.case(case)
            except ArchiveError as exc:
                if exc.status not in (404, 422, 400):
                    raise
                matches = client.find_cases(docket_number=case, court=court)
                if not matches:
                    err.print(f"[red]error:[/] no case {case!r}")
                    raise typer.Exit(1) from None
                if len(matches) > 1:
                    if as_json:
                        _print_json({"results": [{"case": m.case.raw, "match": m.match} for m in matches]})
                        raise typer.Exit(0) from None
                    table = Table(title=f"{len(matches)} cases match {case!r}")
                    for col in ("case", "court", "docket", "name", "filings", "match"):
                        table.add_column(col)
                    for m in matches:
                        table.add_row(m.case.case_id, m.case.court_id or "", m.case.docket_number or "",
                                      m.case.case_name or "", str(m.case.filing_count), m.match)
                    out.print(table)
                    raise typer.Exit(0) from None
                found = matches[0].case
            docket = list(client.case_filings(found.case_id)) if filings else []
        except (ArchiveError, httpx.HTTPError, OSError) as exc:
            raise _fail(exc) from None
    if as_json:
        _print_json({**found.raw, **({"filings": [d.raw for d in docket]} if filings else {})})
        return
    info = Table(show_header=False, title=found.case_name or found.case_id)
    info.add_column(style="bold")
    info.add_column(overflow="fold")
    parties = ", ".join(f"{p.get('name')} ({p.get('role')})" if p.get("role") else str(p.get("name"))
                        for p in found.parties)
    for label, value in (("case id", found.case_id), ("court", found.court_id), ("docket", found.docket_number),
                         ("judge", found.judge), ("parties", parties),
                         ("filed", f"{found.first_filed or '?'} … {found.last_filed or '?'}"),
                         ("filings", str(found.filing_count)),
                         ("provisional", "yes (seen only in filings)" if found.provisional else None)):
        if value:
            info.add_row(label, str(value))
    out.print(info)
    if filings:
        table = Table(title="Docket")
        for col in ("doc", "filed", "type", "title", "pages", "status", "filing"):
            table.add_column(col, overflow="fold")
        for d in docket:
            doc = (d.document_number or "") + (f"-{d.attachment_number}" if d.attachment_number else "")
            table.add_row(doc, d.date_filed or "", d.document_type or "", d.title or "",
                          str(d.page_count or ""), d.status + (" (sealed)" if d.sealed else ""), d.id)
        out.print(table)


@app.command()
def version() -> None:
    """Print the client's version."""
    out.print(f"archive-client {__version__}")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
