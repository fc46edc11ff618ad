"""`filings search` and `filings case`: find filings, show a case and its docket."""
from __future__ import annotations

from typing import Annotated

import httpx
import typer
from rich.table import Table

from .api import DEFAULT_URL, ArchiveClient, ArchiveError
from .cli_common import (
    JsonOpt,
    KeyOpt,
    RetriesOpt,
    TimeoutOpt,
    UrlOpt,
    open_client,
    fail,
    print_json,
    snippet_text,
    doc_label,
    err,
    out,
)
from .models import Case, CaseMatch, DocketItem



def search(
    q: Annotated[str | None, typer.Argument(help='Full text; "quoted phrases" are required.')] = None,
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    court: Annotated[str | None, typer.Option(help="Court id, e.g. cand.")] = None,
    case_id: Annotated[str | None, typer.Option("--case", help="Case id.")] = None,
    document_type: Annotated[str | None, typer.Option("--type", help="Document type.")] = None,
    party: Annotated[str | None, typer.Option(help="A party's name.")] = None,
    judge: Annotated[str | None, typer.Option(help="The judge's name.")] = None,
    filed_after: Annotated[str | None, typer.Option("--after", help="YYYY-MM-DD.")] = None,
    filed_before: Annotated[str | None, typer.Option("--before", help="YYYY-MM-DD.")] = None,
    cites: Annotated[str | None, typer.Option(help="A citation, e.g. '17 F.4th 930'.")] = None,
    sort: Annotated[str | None, typer.Option(help="relevance or date.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 20,
    cursor: Annotated[str | None, typer.Option(help="`next` from a previous page.")] = None,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Search filings."""
    filters = {"court": court, "case_id": case_id, "document_type": document_type, "party": party, "judge": judge,
               "filed_after": filed_after, "filed_before": filed_before, "cites": cites, "sort": sort}
    with open_client(url, key, retries, timeout) as client:
        try:
            page = client.search(q, limit=limit, cursor=cursor, **filters)
        except (ArchiveError, httpx.HTTPError, OSError) as exc:
            raise fail(exc, url) from None
    if as_json:
        print_json(page.raw)
        return
    table = Table(title=f"{page.total if page.total is not None else len(page.results)} results"
                  + (f" for {q!r}" if q else ""))
    for col in ("filing", "case", "doc", "filed", "type", "title", "score"):
        table.add_column(col, overflow="fold", justify="right" if col == "score" else "left")
    for hit in page.results:
        table.add_row(hit.filing_id, hit.case_id or "", doc_label(hit.document_number, hit.attachment_number),
                      hit.date_filed or "",
                      hit.document_type or "", hit.title or "",
                      f"{hit.score:.2f}" if isinstance(hit.score, (int, float)) else "")
        for snippet in hit.snippets[:1]:
            table.add_row("", "", "", "", "", snippet_text(snippet), "")
    out.print(table)
    if page.next:
        err.print(f"more: --cursor {page.next}", soft_wrap=True)



def case(
    case: Annotated[str, typer.Argument(help="A case id (cand-19-cv-07123) or a docket number (4:19-cv-07123).")],
    url: UrlOpt = DEFAULT_URL,
    key: KeyOpt = None,
    court: Annotated[str | None, typer.Option(help="Narrow a docket-number lookup to this court.")] = None,
    filings: Annotated[bool, typer.Option("--filings/--no-filings", help="List the docket.")] = True,
    retries: RetriesOpt = 5,
    timeout: TimeoutOpt = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Show a case and its docket."""
    with open_client(url, key, retries, timeout) as client:
        try:
            found = _find_case(client, case, court, as_json)
            docket = list(client.case_filings(found.case_id)) if filings else []
        except (ArchiveError, httpx.HTTPError, OSError) as exc:
            raise fail(exc, url) from None
    if as_json:
        print_json({**found.raw, **({"filings": [d.raw for d in docket]} if filings else {})})
        return
    _print_case(found)
    if filings:
        _print_docket(docket)


def _find_case(client: ArchiveClient, case: str, court: str | None, as_json: bool) -> Case:
    """The case with this id, or else the one case with this docket number (several are listed,
    and the command ends there)."""
    try:
        return client.case(case)
    except ArchiveError as exc:
        if exc.status not in (404, 422, 400):
            raise
        matches = client.find_cases(docket_number=case, court=court)
        if not matches:
            err.print(f"[red]error:[/] no case {case!r}")
            raise typer.Exit(1) from None
        if len(matches) > 1:
            _print_matches(case, matches, as_json)
            raise typer.Exit(0) from None
        return matches[0].case


def _print_matches(case: str, matches: list[CaseMatch], as_json: bool) -> None:
    if as_json:
        print_json({"results": [{"case": m.case.raw, "match": m.match} for m in matches]})
        return
    table = Table(title=f"{len(matches)} cases match {case!r}")
    for col in ("case", "court", "docket", "name", "filings", "match"):
        table.add_column(col)
    for m in matches:
        table.add_row(m.case.case_id, m.case.court_id or "", m.case.docket_number or "",
                      m.case.case_name or "", str(m.case.filing_count), m.match)
    out.print(table)


def _print_case(found: Case) -> None:
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


def _print_docket(docket: list[DocketItem]) -> None:
    table = Table(title="Docket")
    for col in ("doc", "filed", "type", "title", "pages", "status", "filing"):
        table.add_column(col, overflow="fold")
    for d in docket:
        doc = doc_label(d.document_number, d.attachment_number)
        table.add_row(doc, d.date_filed or "", d.document_type or "", d.title or "",
                      str(d.page_count or ""), d.status + (" (sealed)" if d.sealed else ""), d.id)
    out.print(table)
