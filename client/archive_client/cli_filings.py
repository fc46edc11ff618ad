"""`filings get / changes / seal / reprocess / correct`: one filing, the change feed, curation."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .api import DEFAULT_URL, ArchiveError
from .cli_common import (
    JsonOpt,
    KeyOpt,
    RetriesOpt,
    TimeoutOpt,
    UrlOpt,
    open_client,
    fail,
    mb,
    parse_hints,
    print_json,
    doc_label,
    err,
    out,
)
from .models import Filing

_SHA = re.compile(r"^[0-9a-fA-F]{64}$")
#: What `filings correct` may set (PATCH /filings/{id}); `attachment_number` is a number.
CORRECTABLE = ("title", "document_type", "document_number", "attachment_number", "date_filed", "case_name",
               "judge", "court_id", "docket_number")
HintOpt = Annotated[list[str] | None, typer.Option("--hint", help="KEY=VALUE, e.g. court=cand (repeatable).")]



def get(
    filing: Annotated[str, typer.Argument(help="A filing id, or the SHA-256 of its bytes.")],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    text: Annotated[bool, typer.Option("--text", help="Print the extracted text.")] = False,
    download: Annotated[Path | None, typer.Option("--download", "-o", help="Save the PDF here.")] = None,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Show one filing (by id or SHA-256)."""
    with open_client(url, key, retries, timeout) as client:
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
            raise fail(exc, url) from None
    if as_json:
        print_json({**f.raw, **({"text": pages} if pages is not None else {})})
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
        ("document", doc_label(f.document_number, f.attachment_number)),
        ("date filed", f.date_filed), ("case", f.case_id), ("case name", f.case_name),
        ("court", f.court_id), ("docket number", f.docket_number), ("pages", f.page_count),
        ("size", mb(f.size) if f.size else None), ("sha256", f.sha256), ("filename", f.filename),
        ("sealed", "yes" if f.sealed else None), ("error", f.error_message),
        ("warnings", "; ".join(f.raw.get("warnings") or []) or None), ("updated", f.updated_at),
    ]
    for label, value in rows:
        if value not in (None, ""):
            table.add_row(label, value if isinstance(value, Text) else str(value))
    out.print(table)




def changes(
    since: Annotated[str | None, typer.Option("--since", help="Cursor from a previous run (`next`).")] = None,
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Changes per request.")] = 100,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep polling for new changes (Ctrl-C stops).")] = False,
    interval: Annotated[float, typer.Option("--interval", min=0.5, help="Seconds between polls with --follow.")] = 5.0,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """The change feed: filings created, updated, reclassified, sealed; resumable with --since."""
    cursor = since
    with open_client(url, key, retries, timeout) as client:
        try:
            while True:
                page = client.changes(cursor, limit=limit)
                for change in page.changes:
                    _print_change(change, as_json)
                moved = page.next and page.next != cursor
                cursor = page.next or cursor
                if len(page.changes) >= limit and moved:
                    continue  # more are waiting
                if not follow:
                    break
                time.sleep(interval)
        except KeyboardInterrupt:
            pass
        except (ArchiveError, httpx.HTTPError, OSError) as exc:
            raise fail(exc, url) from None
    if cursor:
        err.print(f"next: --since {cursor}", soft_wrap=True, highlight=False)


def _print_change(change: dict[str, Any], as_json: bool) -> None:
    if as_json:  # one JSON object per line: easy to pipe
        print(json.dumps(change, default=str), flush=True)
        return
    filing = change.get("filing") or {}
    what = " · ".join(str(v) for v in (filing.get("case_id"), doc_label(filing.get("document_number"),
                                                                        filing.get("attachment_number")),
                                        filing.get("title")) if v)
    out.print(f"{change.get('at', '')}  {change.get('kind', ''):<12} {change.get('filing_id') or filing.get('id', '')}"
              f"  {escape(what)}", highlight=False)


def seal(
    filing_ids: Annotated[list[str], typer.Argument(help="Filing ids.", show_default=False)],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    unseal: Annotated[bool, typer.Option("--unseal", help="Unseal instead.")] = False,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Seal filings (admin key): invisible to every key without sealed:read, everywhere."""
    _each(url, key, retries, timeout, filing_ids, as_json, lambda c, fid: c.seal(fid, not unseal),
          "unsealed" if unseal else "sealed")


def reprocess(
    filing_ids: Annotated[list[str], typer.Argument(help="Filing ids.", show_default=False)],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    hint: HintOpt = None,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Read filings' PDFs again (after an extractor update, or with hints)."""
    hints = parse_hints(hint or [])
    _each(url, key, retries, timeout, filing_ids, as_json, lambda c, fid: c.reprocess(fid, hints), "queued")


def correct(
    filing_id: Annotated[str, typer.Argument(help="A filing id.", show_default=False)],
    fields: Annotated[list[str], typer.Argument(help=f"FIELD=VALUE ({', '.join(CORRECTABLE)}); "
                                                "FIELD= clears a correction.", show_default=False)],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Correct a filing's metadata (write key); recorded with who and when, kept across reprocessing."""
    patch = parse_corrections(fields)
    _each(url, key, retries, timeout, [filing_id], as_json, lambda c, fid: c.correct(fid, **patch), "corrected")


def parse_corrections(pairs: list[str]) -> dict[str, Any]:
    patch: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lower()
        if not sep or name not in CORRECTABLE:
            raise typer.BadParameter(f"expected FIELD=VALUE with FIELD one of {', '.join(CORRECTABLE)}; "
                                     f"got {pair!r}", param_hint="FIELDS")
        value = value.strip()
        if name == "attachment_number" and value:
            if not value.isdigit():
                raise typer.BadParameter(f"attachment_number must be a whole number, not {value!r}",
                                         param_hint="FIELDS")
            patch[name] = int(value)
        else:
            patch[name] = value or None
    return patch


def _each(url: str, key: str | None, retries: int, timeout: float, filing_ids: list[str], as_json: bool,
          action: Any, done: str) -> None:
    """Apply ``action`` to each filing; report each; exit 1 if any failed."""
    failed = 0
    results = []
    with open_client(url, key, retries, timeout) as client:
        for fid in filing_ids:
            try:
                f: Filing = action(client, fid)
            except ArchiveError as exc:
                failed += 1
                err.print(f"[red]✗[/] {escape(fid)}: {escape(str(exc))}")
                results.append({"id": fid, "error": exc.problem or str(exc)})
                continue
            except (httpx.HTTPError, OSError) as exc:
                raise fail(exc, url) from None
            results.append(f.raw)
            if not as_json:
                out.print(f"[green]✓[/] {f.id} {done}: status {f.status}"
                          + (f", case {f.case_id}" if f.case_id else ""), highlight=False)
    if as_json:
        print_json({"results": results})
    raise typer.Exit(1 if failed else 0)
