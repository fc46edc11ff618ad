"""What every `filings` command shares: options, the client, errors, output helpers."""
from __future__ import annotations

import html
import json
import re
import sys
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.markup import escape
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
from rich.text import Text

from .api import ArchiveClient, ArchiveError

out = Console()
err = Console(stderr=True)

UrlOpt = Annotated[str, typer.Option("--url", envvar="ARCHIVE_URL", help="The archive's API URL.",
                                     show_default=True)]
KeyOpt = Annotated[str | None, typer.Option("--key", envvar="ARCHIVE_KEY", help="API key (Bearer).",
                                               show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
RetriesOpt = Annotated[int, typer.Option("--retries", min=0, help="Retries on 429, 5xx and connection errors.")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=1, help="Per-request timeout in seconds.")]


def open_client(url: str, key: str | None, retries: int = 5, timeout: float = 60.0, workers: int = 8,
            on_retry: Any = None) -> ArchiveClient:
    if not key:
        err.print("[red]no API key:[/] pass --key or set ARCHIVE_KEY (make serve prints one)")
        raise typer.Exit(2)
    return ArchiveClient(url, key, timeout=timeout, max_retries=retries, max_connections=max(8, workers * 2),
                         on_retry=on_retry)


def unreachable(url: str, exc: BaseException) -> str:
    return f"cannot reach the archive at {url.rstrip('/')} ({type(exc).__name__}: {exc})"


def fail(exc: Exception, url: str | None = None) -> typer.Exit:
    """Print what went wrong (never a traceback) and the exit code to leave with."""
    if isinstance(exc, ArchiveError):
        err.print(f"[red]error:[/] {escape(str(exc))}")
    elif isinstance(exc, httpx.TransportError):
        where = url or (str(exc.request.url.copy_with(path="/", query=None)) if _has_request(exc) else "?")
        err.print(f"[red]error:[/] {escape(unreachable(where, exc))}")
    else:
        err.print(f"[red]error:[/] {escape(f'{type(exc).__name__}: {exc}')}")
    return typer.Exit(1)


def _has_request(exc: httpx.TransportError) -> bool:
    try:
        return exc.request is not None
    except RuntimeError:  # httpx raises when the error has no request
        return False


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def mb(n: int | float) -> str:
    """A human size: 812 B, 3.4 KB, 12.0 MB, 1.2 GB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{int(n)} B"


_TAG = re.compile(r"</?([a-zA-Z]+)[^>]*>")


def plain_snippet(raw: str) -> list[tuple[str, bool]]:
    """A snippet as plain text runs ``(text, is_hit)``: ``<mark>`` marks hits, other tags go,
    entities (``&amp;``, ``&#39;``) are decoded."""
    runs: list[tuple[str, bool]] = []
    hit = False
    pos = 0
    for m in _TAG.finditer(raw):
        if m.start() > pos:
            runs.append((html.unescape(raw[pos:m.start()]), hit))
        if m.group(1).lower() == "mark":
            hit = not m.group(0).startswith("</")
        pos = m.end()
    if pos < len(raw):
        runs.append((html.unescape(raw[pos:]), hit))
    return [(re.sub(r"\s+", " ", t), h) for t, h in runs if t]


def snippet_text(raw: str, width: int = 200) -> Text:
    """A search snippet as terminal text: hits in bold, plain text otherwise, cut at ``width``."""
    text = Text(style="dim")
    for part, is_hit in plain_snippet(raw):
        room = width - len(text.plain)
        if room <= 0:
            text.append("…")
            break
        if len(part) > room:
            part = part[:room].rsplit(" ", 1)[0] + "…"
        text.append(part, style="bold yellow" if is_hit else "")
    return text


def doc_label(document_number: str | None, attachment_number: int | None) -> str:
    """``45``, ``45-1`` (entry 45, attachment 1), or empty."""
    return (document_number or "") + (f"-{attachment_number}" if attachment_number else "")


class RateColumn(ProgressColumn):
    """files/s, and MB/s of the bytes really sent (``task.fields['bytes']``), since the start."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0
        if elapsed <= 0:
            return Text("-- files/s  -- MB/s", style="progress.data.speed")
        files = task.completed / elapsed
        mbs = task.fields.get("bytes", 0) / elapsed / 1e6
        return Text(f"{files:5.1f} files/s {mbs:6.2f} MB/s", style="progress.data.speed")


class SentColumn(ProgressColumn):
    """The bytes really sent so far."""

    def render(self, task: Task) -> Text:
        return Text(f"{mb(task.fields.get('bytes', 0))} sent", style="progress.download")


def progress_bar(disable: bool = False, sent: bool = False) -> Progress:
    columns: list[Any] = [SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                          MofNCompleteColumn(), RateColumn()]
    if sent:
        columns.append(SentColumn())
    return Progress(*columns, TimeElapsedColumn(), TimeRemainingColumn(), console=err, disable=disable,
                    transient=False)


def parse_hints(pairs: list[str]) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise typer.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint="--hint")
        k, v = pair.split("=", 1)
        hints[k.strip()] = v.strip()
    return hints
