"""Docket sheets as the archive keeps them: entries, their documents, and how reports merge.

Pure: no I/O. A PACER docket report (parsed by juriscraper in `chalicelib.extract`) becomes a
`DocketCase` (the case's metadata) and a list of `Entry` items; PDFs become documents of those
entries by their entry and attachment number.

Docket order
------------
Entries sort by entry number; an entry without a number (a minute order, a notice of hearing)
follows the numbered entry it follows on the report. Its place is ``(order, sub)``: ``order`` is
the numeric head of the entry number (``"45"`` → 45; an appellate id ``"00106008873"`` →
106008873), ``sub`` is 0 for a numbered entry and 1, 2, … for the unnumbered entries after it.
This is the same order `GET /cases/{id}/filings` uses, so a PDF's entry is found by a key range.

Newer and older reports
-----------------------
A report's *vintage* is the latest date it shows (entered or filed). A report at least as new as
every report the case has had (`DocketCase.vintage`) overwrites the fields it states; an older
one only fills what is missing. Nothing an upload leaves out is ever deleted: an entry, a party
or a field a newer report stated stays until a newer report states it differently. An entry a
report restates unchanged is not written again (its `updated_at` says when it last changed).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import ConfigDict

from chalicelib.domain.base import Model

NO_NUMBER_ORDER = 9_999_999_999  # keys.docket_order's head for documents without a number


def order_of(number: str | None) -> int | None:
    """The numeric head of an entry number: "45" → 45, "45-2" → 45, "28.1" → 28, None → None."""
    m = re.match(r"\D*(\d+)", number or "")
    return min(int(m.group(1)), NO_NUMBER_ORDER - 1) if m else None


def pacer_doc_id_forms(doc_id: str) -> list[str]:
    """The forms a PACER document id is found under. A district court's doc1 link varies its
    fourth digit (whether PACER shows a receipt first); juriscraper files the id with that digit
    0 (`get_pacer_doc_id_from_doc1_url`), so an id copied from a link ("035120095028") is also
    looked up as "035020095028". An appellate id is used as given."""
    doc_id = doc_id.strip()
    coerced = f"{doc_id[:3]}0{doc_id[4:]}" if len(doc_id) > 4 else doc_id
    return list(dict.fromkeys([doc_id, coerced]))


class Attachment(Model):
    number: int
    description: str | None = None


class Entry(Model):
    """One docket entry: what the report (or, without one, a PDF's stamp) says about it."""

    model_config = ConfigDict(extra="ignore")

    order: int
    sub: int = 0
    number: str | None = None
    date_filed: date | None = None
    date_entered: date | None = None
    description: str | None = None
    pacer_doc_id: str | None = None
    pacer_seq_no: str | None = None
    attachments: list[Attachment] = []
    vintage: date | None = None  # the vintage of the report that last stated this entry
    sealed: bool = False  # known only from a report uploaded as sealed
    updated_at: str | None = None
    version: int = 0

    @property
    def place(self) -> tuple[int, int]:
        return self.order, self.sub


class DocketCase(Model):
    """A case's metadata as its docket report states it (district and appellate fields)."""

    model_config = ConfigDict(extra="ignore")

    court_id: str | None = None
    docket_number: str | None = None
    case_name: str | None = None
    assigned_to: str | None = None
    referred_to: str | None = None
    cause: str | None = None
    nature_of_suit: str | None = None
    jury_demand: str | None = None
    demand: str | None = None
    jurisdiction: str | None = None
    date_filed: date | None = None
    date_terminated: date | None = None
    appeal_from: str | None = None
    panel: list[str] = []
    parties: list[dict[str, Any]] = []
    vintage: date | None = None
    sealed: bool = False
    report_ids: list[str] = []
    updated_at: str | None = None
    version: int = 0


_ATTACHMENTS_RE = re.compile(r"\(\s*Attachments?\s*:\s*(?P<body>.*?)\)\s*(?:\(|\[|$)", re.I | re.S)
_ATTACHMENT_ITEM_RE = re.compile(r"#\s*(?P<n>\d{1,4})\s*(?P<label>[^#]*)")


def attachments_in_description(description: str | None) -> list[Attachment]:
    """'(Attachments: # 1 Exhibit A, # 2 Proposed Order)' → [1 'Exhibit A', 2 'Proposed Order']."""
    m = _ATTACHMENTS_RE.search(description or "")
    if not m:
        return []
    out: dict[int, Attachment] = {}
    for item in _ATTACHMENT_ITEM_RE.finditer(m.group("body")):
        label = item.group("label").strip().rstrip(",;").strip() or None
        n = int(item.group("n"))
        if n > 0:
            out.setdefault(n, Attachment(number=n, description=label))
    return [out[n] for n in sorted(out)]


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value if not hasattr(value, "date") else value.date()
    return date.fromisoformat(str(value)[:10])


def _text(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def report_vintage(parsed: dict[str, Any]) -> date | None:
    days = [d for e in parsed.get("docket_entries") or []
            for d in (_day(e.get("date_entered")), _day(e.get("date_filed"))) if d]
    days += [d for d in (_day(parsed.get("date_terminated")), _day(parsed.get("date_filed"))) if d]
    return max(days) if days else None


def entries_from_report(parsed: dict[str, Any], vintage: date | None, sealed: bool = False) -> list[Entry]:
    """The report's entries with their docket places (see the module docstring)."""
    out: list[Entry] = []
    last_order, sub = 0, 0
    for raw in parsed.get("docket_entries") or []:
        number = _text(raw.get("document_number"))
        order = order_of(number)
        if order is None:
            sub += 1
            place = (last_order, sub)
        else:
            last_order, sub = order, 0
            place = (order, 0)
        description = _text(raw.get("description"))
        out.append(Entry(
            order=place[0], sub=place[1], number=number,
            date_filed=_day(raw.get("date_filed")), date_entered=_day(raw.get("date_entered")),
            description=description, pacer_doc_id=_text(raw.get("pacer_doc_id")),
            pacer_seq_no=_text(raw.get("pacer_seq_no")),
            attachments=attachments_in_description(description), vintage=vintage, sealed=sealed,
        ))
    return out


def case_from_report(parsed: dict[str, Any], court_id: str, vintage: date | None,
                     sealed: bool = False) -> DocketCase:
    panel = parsed.get("panel") or []
    return DocketCase(
        court_id=court_id,
        docket_number=_text(parsed.get("docket_number")),
        case_name=_text(parsed.get("case_name")),
        assigned_to=_text(parsed.get("assigned_to_str")),
        referred_to=_text(parsed.get("referred_to_str")),
        cause=_text(parsed.get("cause")),
        nature_of_suit=_text(parsed.get("nature_of_suit")),
        jury_demand=_text(parsed.get("jury_demand")),
        demand=_text(parsed.get("demand")),
        jurisdiction=_text(parsed.get("jurisdiction")),
        date_filed=_day(parsed.get("date_filed")),
        date_terminated=_day(parsed.get("date_terminated")),
        appeal_from=_text(parsed.get("appeal_from")),
        panel=[str(p) for p in panel if p],
        parties=list(parsed.get("parties") or []),
        vintage=vintage,
        sealed=sealed,
    )


def is_newer(incoming: date | None, held: date | None) -> bool:
    """Whether a report of vintage `incoming` may overwrite what one of vintage `held` said."""
    return held is None or (incoming is not None and incoming >= held)


_MERGED_ENTRY_FIELDS = ("number", "date_filed", "date_entered", "description", "pacer_doc_id",
                        "pacer_seq_no")


def merge_entry(held: Entry | None, incoming: Entry, newest: bool | None = None) -> Entry:
    """`incoming` from a report merged into the entry the archive holds; never erases.

    `newest`: whether the incoming report is at least as new as every report of the case (the
    caller knows; default: compared with the report that last changed this entry)."""
    if held is None:
        return incoming
    newer = is_newer(incoming.vintage, held.vintage) if newest is None else newest
    update: dict[str, Any] = {}
    for name in _MERGED_ENTRY_FIELDS:
        new, old = getattr(incoming, name), getattr(held, name)
        if new is not None and (old is None or (newer and new != old)):
            update[name] = new
    attachments = {a.number: a for a in held.attachments}
    for a in incoming.attachments:
        if a.number not in attachments or (newer and a.description):
            attachments[a.number] = a
    update["attachments"] = [attachments[n] for n in sorted(attachments)]
    if newer:
        update["vintage"] = incoming.vintage or held.vintage
    update["sealed"] = held.sealed and incoming.sealed  # public once any public report lists it
    merged = held.model_copy(update=update)
    return merged


_MERGED_CASE_FIELDS = ("court_id", "docket_number", "case_name", "assigned_to", "referred_to", "cause",
                       "nature_of_suit", "jury_demand", "demand", "jurisdiction", "date_filed",
                       "date_terminated", "appeal_from")


def merge_case(held: DocketCase | None, incoming: DocketCase, report_id: str) -> DocketCase:
    """The case metadata after one more report: newer wins field by field, older fills gaps."""
    if held is None:
        return incoming.model_copy(update={"report_ids": [report_id]})
    newer = is_newer(incoming.vintage, held.vintage)
    update: dict[str, Any] = {}
    for name in _MERGED_CASE_FIELDS:
        new, old = getattr(incoming, name), getattr(held, name)
        if new is not None and (old is None or (newer and new != old)):
            update[name] = new
    if incoming.panel and (newer or not held.panel):
        update["panel"] = incoming.panel
    if incoming.parties:
        update["parties"] = _merge_parties(held.parties, incoming.parties, newer)
    if newer:
        update["vintage"] = incoming.vintage or held.vintage
    update["sealed"] = held.sealed and incoming.sealed
    update["report_ids"] = list(dict.fromkeys([*held.report_ids, report_id]))[-50:]
    return held.model_copy(update=update)


def _party_key(party: dict[str, Any]) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(party.get("name", "")).lower()).strip()


def _merge_parties(held: list[dict], incoming: list[dict], newer: bool) -> list[dict]:
    """Parties by name: a newer report restates a party; an older one only adds missing ones."""
    out = {_party_key(p): p for p in held}
    order = list(out)
    for party in incoming:
        key = _party_key(party)
        if key not in out:
            order.append(key)
            out[key] = party
        elif newer:
            out[key] = party
    if newer:  # the newer report's order first, then parties only older reports named
        first = [_party_key(p) for p in incoming]
        order = list(dict.fromkeys(first + order))
    return [out[k] for k in order]


def match_unnumbered(held: list[Entry], incoming: list[Entry]) -> list[Entry]:
    """Give the report's unnumbered entries the places of the held ones they restate.

    An unnumbered entry has no identity but its slot, date and text: one with the same slot,
    filing date and description keeps its place; a new one goes after the slot's last.
    """
    by_slot: dict[int, list[Entry]] = {}
    for e in held:
        if e.sub:
            by_slot.setdefault(e.order, []).append(e)
    taken: set[tuple[int, int]] = set()
    out = []
    next_sub = {slot: max(e.sub for e in es) for slot, es in by_slot.items()}
    for e in incoming:
        if not e.sub:
            out.append(e)
            continue
        candidates = [h for h in by_slot.get(e.order, []) if h.place not in taken]
        same = [h for h in candidates if h.date_filed == e.date_filed and _norm(h.description) == _norm(e.description)]
        if same:
            taken.add(same[0].place)
            out.append(e.model_copy(update={"sub": same[0].sub}))
        elif e.order in by_slot:
            next_sub[e.order] += 1
            out.append(e.model_copy(update={"sub": next_sub[e.order]}))
        else:
            out.append(e)
    return out


def same_entry(a: Entry, b: Entry) -> bool:
    """Whether two states of an entry say the same (bookkeeping aside): nothing to write."""
    skip = {"version", "updated_at", "vintage"}
    return a.model_dump(exclude=skip) == b.model_dump(exclude=skip)


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def implied_attachments(held_numbers: set[int], referenced: set[int]) -> set[int]:
    """Attachment numbers an entry must have: every one held or referenced, and all below the
    highest (CM/ECF numbers an entry's attachments 1, 2, … without gaps)."""
    top = max(held_numbers | referenced, default=0)
    return set(range(1, top + 1))


def date_mismatch(entry: Entry, filing_date: date | None) -> str | None:
    """A warning when a PDF's stamp and the report disagree on the entry's filing date."""
    if entry.date_filed and filing_date and entry.date_filed != filing_date:
        return (f"date_filed: the docket report says {entry.date_filed.isoformat()} for entry "
                f"{entry.number}, the PDF says {filing_date.isoformat()}")
    return None
