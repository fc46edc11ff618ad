"""`filings`: the archive from the command line.

    filings upload PATH...        files, directories, CSV/JSONL manifests
    filings sync CASE_ID DIR      keep a local copy of a case
    filings get ID|SHA256         one filing
    filings search [QUERY]        full-text and filtered search
    filings case CASE_ID|DOCKET   a case and its docket
    filings changes [--follow]    the change feed
    filings seal / reprocess / correct   curation
    filings docket …              PACER docket report pages

The archive's URL and key come from --url/--key or ARCHIVE_URL/ARCHIVE_KEY; the URL defaults to
`make serve`'s http://127.0.0.1:8000. Each command group lives in its own module (cli_*.py).
"""
from __future__ import annotations

import typer

from . import __version__, cli_filings, cli_search, cli_sync, cli_upload
from .cli_common import out
from .docket_cli import docket_app

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Upload to, search and mirror the court-filing archive.")

app.command()(cli_upload.upload)
app.command()(cli_sync.sync)
app.command()(cli_filings.get)
app.command()(cli_search.search)
app.command()(cli_search.case)
app.command()(cli_filings.changes)
app.command()(cli_filings.seal)
app.command()(cli_filings.reprocess)
app.command()(cli_filings.correct)
app.add_typer(docket_app, name="docket")


@app.command()
def version() -> None:
    """Print the client's version."""
    out.print(f"archive-client {__version__}")


def main() -> None:  # pragma: no cover
    app()


__all__ = ["app", "main"]

if __name__ == "__main__":  # pragma: no cover
    main()
