"""Reading docket sheets: a case's entries with their documents, and a filing's links.

Every read is bounded by its page: entries come from one range of the case's entry partition,
their documents from the matching range of the case's docket-order index (the filing items
themselves, so a sealed filing is re-checked on every read), their links from the matching
range of the case's link partition. An entry the report lacks but a PDF shows (its stamp says
"Document 45") is an entry too; one known only from sealed filings or a sealed report is
invisible without `sealed:read`.
"""
from __future__ import annotations

from typing import Any

from chalicelib import cursors
from chalicelib.adapters import entries_repo, filings_repo, keys
from chalicelib.domain import dockets as rules
from chalicelib.domain.access import Viewer, can_see_filing
from chalicelib.domain.models import FilingRecord, FilingStatus
from chalicelib.errors import InvalidCursor, NotFound
from chalicelib.services import queries

LINK_DIRECTIONS = {"out": ("out",), "in": ("in",), "both": ("out", "in"), "true": ("out", "in")}


def _visible(record: FilingRecord, viewer: Viewer) -> bool:
    return can_see_filing(viewer, record.sealed, record.status == FilingStatus.ready)


def docket(case_id: str, viewer: Viewer) -> rules.DocketCase | None:
    """The report's case metadata, or None without a report (or a sealed one for this viewer)."""
    return queries.visible_docket(case_id, viewer)


def _document(slot: int, label: str | None, filing: FilingRecord | None, source: str) -> dict[str, Any]:
    out: dict[str, Any] = {"attachment_number": slot, "description": label, "available": filing is not None,
                           "filing_id": filing.id if filing else None, "source": source}
    if filing is not None:
        out.update(title=filing.title, document_type=filing.document_type, page_count=filing.page_count,
                   sealed=filing.sealed)
    return out


def _documents(entry: rules.Entry | None, number: str | None, held: list[FilingRecord],
               referenced: set[int]) -> list[dict[str, Any]]:
    """Main document and attachments: held ones with their filing, the rest as placeholders."""
    if number is None:
        return []
    by_slot: dict[int, list[FilingRecord]] = {}
    for f in held:
        by_slot.setdefault(f.attachment_number or 0, []).append(f)
    labels = {a.number: a.description for a in (entry.attachments if entry else [])}
    attachments = set(labels) | {s for s in by_slot if s} | referenced
    slots = [0, *sorted(rules.implied_attachments(attachments, set()) | attachments)]
    out = []
    for slot in slots:
        source = ("report" if slot == 0 and entry else "report" if slot in labels else
                  "filing" if slot in by_slot else "reference" if slot in referenced else "implied")
        label = labels.get(slot) if slot else None
        for filing in by_slot.get(slot) or (None,):  # a slot nothing holds: its placeholder
            out.append(_document(slot, label, filing, source))
    return out


def entries_page(case_id: str, viewer: Viewer, *, limit: int, cursor: str | None,
                 updated_since: str | None, links: str | None) -> tuple[list[dict[str, Any]], str | None]:
    filters = {"case_id": case_id, "updated_since": updated_since, "sealed": viewer.sees_sealed}
    after = None
    if cursor:
        state = cursors.decode("case-entries", cursor)
        if state.get("f") != filters:
            raise InvalidCursor("cursor belongs to a different query; start again without it")
        after = tuple(state["p"])
    queries.case(case_id, viewer)  # 404 for unknown or invisible cases
    entries, more = entries_repo.entries_page(case_id, after, limit)
    first = after[0] + 1 if after else 0
    last = entries[-1].order if more else None
    items, cut = entries_repo.filings_between(case_id, first, last, max_heads=limit + 1)
    held: dict[int, list[FilingRecord]] = {}
    for item in items:
        record = filings_repo.from_item(item)
        order = rules.order_of(record.document_number)
        if order is not None and _visible(record, viewer):
            held.setdefault(order, []).append(record)
    places: dict[tuple[int, int], rules.Entry | None] = {
        e.place: e for e in entries if viewer.may_see(e)}
    for order in held:
        places.setdefault((order, 0), None)  # an entry only its PDFs show
    ordered = sorted(places)[:limit]
    truncated = len(places) > limit
    lo = ordered[0][0] if ordered else first
    hi = ordered[-1][0] if ordered else first
    wanted = LINK_DIRECTIONS.get((links or "").lower(), ())
    link_items = _page_links(case_id, lo, hi, viewer, wanted) if ordered else {}
    referenced: dict[int, set[int]] = {}
    for link in link_items.get("att", []):
        referenced.setdefault(link["target_number"], set()).add(link["target_attachment"])
    out = []
    for place in ordered:
        entry, docs = places[place], held.get(place[0], []) if place[1] == 0 else []
        view = _entry_view(place, entry, docs, referenced.get(place[0], set()) if place[1] == 0 else set())
        if updated_since and not _changed_since(entry, docs, updated_since):
            continue
        if wanted:
            view["links"] = {d: [_link_view(i) for i in link_items[d] if _belongs(i, d, place)] for d in wanted}
        out.append(view)
    next_cursor = None
    if ordered and (more or cut or truncated):
        next_cursor = cursors.encode("case-entries", {"f": filters, "p": list(ordered[-1])})
    return out, next_cursor


def _changed_since(entry: rules.Entry | None, docs: list[FilingRecord], since: str) -> bool:
    return bool((entry and (entry.updated_at or "") > since) or any(d.updated_at > since for d in docs))


def _entry_view(place: tuple[int, int], entry: rules.Entry | None, docs: list[FilingRecord],
                referenced: set[int]) -> dict[str, Any]:
    main = next((d for d in docs if not d.attachment_number), docs[0] if docs else None)
    number = entry.number if entry else (str(place[0]) if docs else None)
    return {
        "number": number,
        "position": f"{place[0]}.{place[1]}" if place[1] else str(place[0]),
        "date_filed": (entry.date_filed if entry else None) or (main.date_filed if main else None),
        "date_entered": entry.date_entered if entry else None,
        "description": entry.description if entry else None,
        "title": main.title if main else None,
        "pacer_doc_id": entry.pacer_doc_id if entry else None,
        "source": "report" if entry else "filings",
        "documents": _documents(entry, number, docs, referenced),
        "updated_at": max([(entry.updated_at or "") if entry else ""] + [d.updated_at for d in docs]) or None,
    }


def _page_links(case_id: str, lo: int, hi: int, viewer: Viewer,
                wanted: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """The attachment references into entries lo..hi, and their links when asked for — from
    visible filings only."""
    found = {"att": entries_repo.link_items_between(case_id, "ATT", lo, hi)}
    for direction in wanted:
        found[direction] = entries_repo.link_items_between(case_id, direction.upper(), lo, hi)
    sources = filings_repo.get_many(sorted({i["filing_id"] for items in found.values() for i in items}))
    ok = {fid for fid, rec in sources.items() if _visible(rec, viewer)}
    return {name: [i for i in items if i["filing_id"] in ok] for name, items in found.items()}


def _belongs(item: dict[str, Any], direction: str, place: tuple[int, int]) -> bool:
    if place[1]:
        return False
    if direction == "in":
        return item["target_number"] == place[0]
    return rules.order_of(item.get("source_number")) == place[0]


def _link_view(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": item["type"], "direction": item["direction"], "filing_id": item["filing_id"],
            "source_number": item.get("source_number"), "source_attachment": item.get("source_attachment", 0),
            "target_number": item["target_number"], "target_attachment": item["target_attachment"],
            "evidence": item.get("evidence")}


def filing_links(filing_id: str, viewer: Viewer) -> dict[str, Any]:
    """Both directions: the entries this filing refers to (with the filings that hold them) and
    the filings that refer to it."""
    record = queries.filing(filing_id, viewer)
    if not record.case_id:
        return {"filing_id": filing_id, "case_id": None, "outgoing": [], "incoming": []}
    order = rules.order_of(record.document_number)
    att = record.attachment_number or 0
    out_items = entries_repo.link_items_with_prefix(record.case_id, keys.links_out_prefix(order, att, record.id))
    outgoing = []
    targets: dict[int, list[FilingRecord]] = {}
    for item in out_items:
        n = item["target_number"]
        if n not in targets:
            found, _ = entries_repo.filings_between(record.case_id, n, n, max_heads=1)
            targets[n] = [r for r in map(filings_repo.from_item, found) if _visible(r, viewer)]
        held = [r for r in targets[n] if (r.attachment_number or 0) == item["target_attachment"]]
        outgoing.append({**_link_view(item), "entry": _entry_summary(record.case_id, n, viewer),
                         "filings": [_filing_summary(r) for r in held]})
    incoming = []
    if order is not None:
        in_items = entries_repo.link_items_with_prefix(record.case_id, keys.links_in_prefix(order, att))
        sources = filings_repo.get_many(sorted({i["filing_id"] for i in in_items}))
        for item in in_items:
            source = sources.get(item["filing_id"])
            if source is not None and _visible(source, viewer):
                incoming.append({**_link_view(item), "filings": [_filing_summary(source)]})
    return {"filing_id": filing_id, "case_id": record.case_id, "outgoing": outgoing, "incoming": incoming}


def _entry_summary(case_id: str, number: int, viewer: Viewer) -> dict[str, Any] | None:
    entry = entries_repo.get_entry(case_id, number, 0)
    if entry is None or not viewer.may_see(entry):
        return None
    return {"number": entry.number, "date_filed": entry.date_filed, "description": entry.description}


def _filing_summary(record: FilingRecord) -> dict[str, Any]:
    return {"filing_id": record.id, "document_number": record.document_number,
            "attachment_number": record.attachment_number, "title": record.title,
            "document_type": record.document_type, "date_filed": record.date_filed}


def require_report(report: dict[str, Any] | None, report_id: str) -> dict[str, Any]:
    if report is None:
        raise NotFound(f"no docket report {report_id}")
    return report


def visible_report(report_id: str, viewer: Viewer) -> dict[str, Any]:
    """A docket report upload as `viewer` may see it: a sealed one is a 404 without the scope."""
    record = require_report(entries_repo.get_report(report_id), report_id)
    if not can_see_filing(viewer, bool(record.get("sealed"))):
        raise NotFound(f"no docket report {report_id}")
    return record
