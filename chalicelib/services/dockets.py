"""Docket reports: accept the page (API), import it (worker), and tie PDFs to their entries.

`accept` keeps the raw HTML in S3 under `uploads/dockets/`, whose notification queues the
worker like a PDF's; `import_report` parses it with juriscraper (`chalicelib.extract`), files it
under the case the PDFs resolve to (the same `process.resolve_case_id`), creates the case when
no PDF did, and merges entries so that a newer report updates and an older one never erases.

`after_filing` runs in the worker after a filing is committed: it links a stampless PDF to its
entry through its PACER document id, warns where the PDF and the report disagree, and writes
the filing's links to other entries of its case (`domain/links.py`).
"""
from __future__ import annotations

import hashlib
from typing import Any

from chalicelib.adapters import blobs, cases_repo, changes_repo, dynamo, entries_repo, filings_repo, keys
from chalicelib.domain import dockets as rules
from chalicelib.domain import links as link_rules
from chalicelib.domain.docket_numbers import parse_docket_number
from chalicelib.domain.models import CaseRecord, FilingRecord, FilingStatus
from chalicelib.errors import EmptyBody, PayloadTooLarge, UnsupportedMediaType
from chalicelib.ids import ulid
from chalicelib.observability import logger
from chalicelib.services import case_resolution, filing_commit
from chalicelib.services.clock import system_clock

MAX_REPORT_BYTES = 4 * 1024 * 1024
MAX_ATTEMPTS = 25
FAILURES = {
    "unknown_court": "the page does not say which court it is from; upload it again with ?court=",
    "not_docket_report": "the page is not a PACER docket report juriscraper can read",
    "checksum_mismatch": "the stored bytes do not match the upload",
}


# ------------------------------------------------------------------ API side
def accept(body: bytes | None, court: str | None, sealed: bool) -> tuple[dict[str, Any], bool]:
    """Keep the page and queue it; (upload record, duplicate). Nothing is parsed here."""
    if not body:
        raise EmptyBody("the request body is empty; send the docket report page's HTML as the body")
    if len(body) > MAX_REPORT_BYTES:
        raise PayloadTooLarge(f"docket report pages are limited to {MAX_REPORT_BYTES} bytes",
                              max_bytes=MAX_REPORT_BYTES)
    head = body[:65536].lower()
    if b"<" not in head or not (b"<html" in head or b"<table" in head or b"<body" in head):
        raise UnsupportedMediaType("the body is not an HTML page: send the docket report as PACER shows it",
                                   accepted=["text/html"])
    sha256 = hashlib.sha256(body).hexdigest()
    stamp = system_clock()
    report_id = "dr_" + ulid()
    record = {"id": report_id, "status": "processing", "sha256": sha256, "size": len(body),
              "court_hint": court, "sealed": sealed, "created_at": stamp, "updated_at": stamp}
    held = entries_repo.reserve_report(record)
    if held:
        return entries_repo.get_report(held, consistent=True) or record, True
    blobs.put_docket_report(report_id, body, sha256)
    return record, False


def report(report_id: str) -> dict[str, Any] | None:
    return entries_repo.get_report(report_id)


# ------------------------------------------------------------------ worker: import
def handle_object(key: str) -> str:
    report_id = blobs.docket_report_id_from_key(key)
    return import_report(report_id) if report_id else "ignored"


def import_report(report_id: str) -> str:
    record = entries_repo.get_report(report_id, consistent=True)
    if record is None:
        return "ignored"
    if record.get("status") == "ready":
        return "already-done"
    data = blobs.get_docket_report(report_id)
    if hashlib.sha256(data).hexdigest() != record["sha256"]:
        return _fail(record, "checksum_mismatch")
    from chalicelib.extract import docket_report

    html = docket_report.decode(data)
    court = record.get("court_hint") or docket_report.detect_court(html)
    if not court:
        return _fail(record, "unknown_court")
    try:
        parsed = docket_report.parse(html, court)
    except docket_report.NotADocketReport as exc:
        return _fail(record, "not_docket_report", str(exc))
    vintage = rules.report_vintage(parsed)
    sealed = bool(record.get("sealed"))
    case_id, court_id, _ = case_resolution.resolve_case_id(court, parsed["docket_number"], record["sha256"])
    docket = rules.case_from_report(parsed, court_id or court, vintage, sealed)
    newest = _save_docket_case(case_id, docket, report_id)
    _ensure_case(case_id, docket)
    added, updated = _upsert_entries(case_id, rules.entries_from_report(parsed, vintage, sealed), newest)
    docs = [(e.pacer_doc_id, e.number) for e in rules.entries_from_report(parsed, vintage) if e.pacer_doc_id and e.number]
    if docs:
        entries_repo.put_pacer_doc_entries([(doc, case_id, number) for doc, number in docs])
        _link_waiting_filings([doc for doc, _ in docs])
    warned = check_case_filings(case_id)
    case_resolution.rehome_courtless(court_id or court, parsed["docket_number"])
    done = {**record, "status": "ready", "case_id": case_id, "court_id": court_id or court,
            "docket_number": parsed["docket_number"], "appellate": parsed.get("appellate"),
            "entry_count": len(parsed.get("docket_entries") or []),
            "entries_added": added, "entries_updated": updated, "filings_warned": warned,
            "vintage": vintage.isoformat() if vintage else None, "error": None, "updated_at": system_clock()}
    if not finish_import(record, done):
        return "already-done"
    logger.info("docket report imported", extra={"report_id": report_id, "case_id": case_id,
                                                 "added": added, "updated": updated})
    return "imported"


def finish_import(record: dict[str, Any], done: dict[str, Any]) -> bool:
    """The report's result and its `docket` change, in one transaction: the feed says a report
    was imported exactly when it was. `entries_since` is the upload's time, before any write of
    any attempt at this import, so following it finds every entry the import touched (even ones
    an attempt that died half-way wrote). False: another delivery finished it first."""
    seq = changes_repo.allocate(done["updated_at"])
    detail = {"report_id": record["id"], "entries_added": done["entries_added"],
              "entries_updated": done["entries_updated"], "entries_since": record["created_at"]}
    change, condition = changes_repo.case_change_op(seq, done["case_id"], "docket", done["updated_at"], detail,
                                                    bool(record.get("sealed")))
    try:
        dynamo.transact([entries_repo.finish_report_part(done, record["updated_at"]),
                         dynamo.put_part(change, condition)])
        return True
    except dynamo.ConditionFailed:
        changes_repo.void(seq, system_clock())
        if (entries_repo.get_report(record["id"], consistent=True) or {}).get("status") == "ready":
            return False
        raise  # not finished by anyone: let the queue deliver it again


def _fail(record: dict[str, Any], code: str, message: str | None = None) -> str:
    entries_repo.save_report({**record, "status": "failed", "updated_at": system_clock(),
                              "error": {"code": code, "message": message or FAILURES[code]}})
    logger.warning("docket report failed", extra={"report_id": record["id"], "code": code})
    return f"failed:{code}"


def _save_docket_case(case_id: str, docket: rules.DocketCase, report_id: str) -> bool:
    """Merge the report's case metadata into the held one; whether the report is the case's
    newest (at least as new as every report before it), which lets it overwrite entries."""
    for _ in range(MAX_ATTEMPTS):
        held = entries_repo.get_docket_case(case_id, consistent=True)
        merged = rules.merge_case(held, docket, report_id).model_copy(update={"updated_at": system_clock()})
        try:
            entries_repo.put_docket_case(case_id, merged, held.version if held else None)
            return held is None or rules.is_newer(docket.vintage, held.vintage)
        except dynamo.ConditionFailed:
            continue
    raise RuntimeError(f"could not save the docket of {case_id}")


def _ensure_case(case_id: str, docket: rules.DocketCase) -> None:
    """The case the PDFs resolve to: founded by a report that comes first, confirmed by any.

    Commutative like the worker's tally updates: the founding fields only where absent, the
    name and judge only where no filing gave them, `provisional` cleared by a public report."""
    parsed = parse_docket_number(docket.docket_number or "")
    stamp = system_clock()
    founding = CaseRecord(case_id=case_id, court_id=docket.court_id, docket_number=docket.docket_number,
                          docket_core=parsed.core if parsed else None,
                          case_type=parsed.case_type if parsed else None,
                          provisional=True, created_at=stamp, updated_at=stamp)
    dynamo.transact([cases_repo.add_op(founding, {}, stamp)])
    names = {"#p": "provisional"}
    vals: dict[str, Any] = {":p": bool(docket.sealed)}
    sets = ["#p = :p"] if not docket.sealed else []
    for attr, value in (("case_name", docket.case_name), ("judge", docket.assigned_to)):
        if value and not docket.sealed:
            names[f"#{attr}"], vals[f":{attr}"] = attr, value
            sets.append(f"#{attr} = if_not_exists(#{attr}, :{attr})")
    if sets:
        dynamo.update(keys.case(case_id), "SET " + ", ".join(sets), names,
                      {k: v for k, v in vals.items() if k[1:] in names.values() or k == ":p"})
        cases_repo.index_name(case_id, docket.case_name)


def _upsert_entries(case_id: str, incoming: list[rules.Entry], newest: bool) -> tuple[int, int]:
    """Merge the report's entries into the held ones; (added, updated). Only changes are written:
    an entry the report restates unchanged keeps its `updated_at`."""
    held = {e.place: e for e in entries_repo.all_entries(case_id)}
    incoming = rules.match_unnumbered(list(held.values()), incoming)
    by_place: dict[tuple[int, int], rules.Entry] = {}
    for e in incoming:  # the same number twice on one report is one entry
        by_place[e.place] = rules.merge_entry(by_place.get(e.place), e) if e.place in by_place else e
    added = updated = 0
    for place, entry in by_place.items():
        current = held.get(place)
        for _ in range(MAX_ATTEMPTS):
            merged = rules.merge_entry(current, entry, newest)
            if current is not None and rules.same_entry(merged, current):
                break
            try:
                entries_repo.put_entry(case_id, merged.model_copy(update={"updated_at": system_clock()}),
                                       current.version if current else None)
                added, updated = (added + 1, updated) if current is None else (added, updated + 1)
                break
            except dynamo.ConditionFailed:
                current = entries_repo.get_entry(case_id, *place, consistent=True)
    return added, updated


# ------------------------------------------------------------------ worker: PDFs and entries
def check_case_filings(case_id: str) -> int:
    """Warn on every held filing whose stamp disagrees with the case's report; how many."""
    warned, start = 0, None
    while True:
        filings, start = filings_repo.list_case(case_id, limit=200, start_key=start, include_sealed=True)
        for record in filings:
            if record.status == FilingStatus.ready and _warn_mismatch(record):
                warned += 1
        if not start:
            return warned


def _warn_mismatch(record: FilingRecord) -> bool:
    order = rules.order_of(record.document_number)
    if order is None or not record.case_id:
        return False
    entry = entries_repo.get_entry(record.case_id, order, 0)
    warning = rules.date_mismatch(entry, record.date_filed) if entry else None
    if not warning or warning in record.warnings:
        return False
    return _commit_update(record, {"warnings": [*record.warnings, warning]})


def _commit_update(record: FilingRecord, update: dict[str, Any]) -> bool:
    def change(current: FilingRecord) -> FilingRecord | None:
        return current.model_copy(update=update) if current.status == FilingStatus.ready else None

    return filing_commit.commit(record.id, change, kind="updated").kind != "already-done"


def _link_waiting_filings(doc_ids: list[str]) -> None:
    for doc in doc_ids:
        for filing_id in entries_repo.pacer_doc_waiting_filings(doc):
            record = filings_repo.get(filing_id, consistent=True)
            if record is not None:
                _link_by_pacer_doc(record)


def _link_by_pacer_doc(record: FilingRecord) -> FilingRecord:
    """A PDF without a stamp joins its entry through the PACER document id it was hinted with."""
    doc = str(record.hints.get("pacer_doc_id") or "")
    if not doc or record.document_number:
        return record
    forms = rules.pacer_doc_id_forms(doc)
    found = [i for form in forms for i in entries_repo.pacer_doc_entries(form)]
    if len(found) != 1:
        for form in forms:  # resolved when the report arrives
            entries_repo.put_pacer_doc_filing(form, record.id)
        return record
    case = cases_repo.get(found[0]["case_id"])
    # a PDF that prints no docket number sits in a case of its own until the report homes it;
    # one whose docket number names another case is not moved, only warned about
    elsewhere = bool(record.docket_number) and record.case_id not in (None, found[0]["case_id"])
    if case is None or elsewhere:
        warning = (f"pacer_doc_id: the docket report puts document {doc} in {found[0]['case_id']}, "
                   f"the PDF is filed under {record.case_id}")
        if warning not in record.warnings:
            _commit_update(record, {"warnings": [*record.warnings, warning]})
        return filings_repo.get(record.id, consistent=True) or record
    update = {"document_number": found[0]["number"], "case_id": case.case_id,
              "court_id": record.court_id or case.court_id,
              "docket_number": record.docket_number or case.docket_number,
              "sources": {**record.sources, "document_number": "docket_report"},
              "warnings": [*record.warnings, f"document_number: taken from the docket report "
                                             f"(PACER document {doc})"]}
    _commit_update(record, update)
    return filings_repo.get(record.id, consistent=True) or record


def after_filing(record: FilingRecord, pages: list[str] | None) -> int:
    """Entry linking, report checks and the filing's links, once `record` (the filing as its
    commit left it) and its text `pages` are written: the worker and a correction pass what they
    just wrote instead of reading it back."""
    if record.status != FilingStatus.ready:
        return 0
    record = _link_by_pacer_doc(record)
    if not record.case_id:
        return 0
    _warn_mismatch(record)
    return write_links(record, "\n".join(pages or []))


def write_links(record: FilingRecord, text: str) -> int:
    case_id = record.case_id
    if not case_id:  # links are kept in the filing's case: none before it has one
        return 0
    order = rules.order_of(record.document_number)
    att = record.attachment_number or 0
    refs = link_rules.links_of(text, record.docket_number, order, att, record.title)
    items = []
    for ref in refs:
        common = {"filing_id": record.id, "source_number": record.document_number, "source_attachment": att,
                  "target_number": ref.number, "target_attachment": ref.attachment, "type": ref.kind,
                  "evidence": ref.evidence, "case_id": case_id, "item_type": "link"}
        items.append({**keys.link_out(case_id, order, att, record.id, ref.number, ref.attachment,
                                      ref.kind), **common, "direction": "out"})
        items.append({**keys.link_in(case_id, ref.number, ref.attachment, record.id, ref.kind),
                      **common, "direction": "in"})
        if ref.attachment:
            items.append({**keys.link_attachment(case_id, ref.number, ref.attachment, record.id),
                          **common, "item_type": "link_attachment"})
    entries_repo.replace_links(record.id, items)
    return len(refs)
