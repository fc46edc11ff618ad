"""The DynamoDB key design: the only module that knows how items are keyed.

One table (`infra/resources.py` declares it) holds every item kind. Each access pattern is one
Query or GetItem on a key built here; nothing on a request path scans.

| access pattern                              | key                                                        |
|---------------------------------------------|------------------------------------------------------------|
| a filing by id                              | PK=FILING#{id}            SK=META                          |
| a filing's bytes already archived (SHA-256) | PK=SHA#{sha256}           SK=LOCK        (conditional put) |
| a case's filings in docket order            | GSI1 PK=CASE#{case_id}    SK=D#{doc:010}#{att:04}#{id}     |
| a case by id                                | PK=CASE#{case_id}         SK=META                          |
| cases by any printed docket number          | GSI2 PK=DKT#{yy-serial}   SK={court_id}#{case_id}          |
| filings not ready, by status, newest first  | GSI2 PK=STATUS#{status}   SK={updated_at}#{id}  (sparse)   |
| cases by name prefix / words                | PK=CNAME#{token[:2]}      SK={token}#{case_id}             |
| filings by court and filed date             | GSI3 PK=COURT#{court_id}  SK={date}#{id}                   |
| full-text postings, impact ordered, sharded | PK=TERM#{term}#{shard}    SK={inverse impact:06}#{id}      |
| ... of sealed filings (read with sealed:read)| PK=TERM#{term}#{shard}#sealed  (same SK)                   |
| filter postings, date ordered               | PK=FIELD#{name}#{value}   SK={date}#{id}                   |
| a filing's index manifest / snippet text    | PK=FILING#{id}            SK=INDEX / TEXT#{n:04}           |
| facet counters for one filter value         | PK=FACET#{name}#{value}   SK=COUNTS                        |
| the change feed                             | PK=CHANGES#{seq // 10000} SK={seq:012}                     |
| the change sequence                         | PK=COUNTER#changes        SK=COUNTER                       |
| idempotency records                         | PK=IDEM#{sha256(key)}     SK=IDEM          (TTL)           |
| an API key by id; all keys                  | PK=APIKEY#{key_id}        SK=META;  GSI1 PK=APIKEYS        |
| audit trail of a filing; of a day           | PK=AUDIT#{filing_id}      SK={ts}#{id};  GSI1 PK=AUDIT#{day}|
| a docket report upload by id                | PK=DOCKETRPT#{id}         SK=META                          |
| a docket report's bytes already archived    | PK=DOCKETSHA#{sha256}     SK=LOCK        (conditional put) |
| a case's metadata from its docket reports   | PK=CASE#{case_id}         SK=DOCKET                        |
| a case's entries in docket order            | PK=ENTRIES#{case_id}      SK=E#{order:010}#{sub:04}        |
| a case's links, by source and by target     | PK=LINKS#{case_id}        SK=OUT#{src}#{fid}#{tgt}#{type} / IN#{tgt}#{fid}#{type} |
| attachments the case's filings refer to     | PK=LINKS#{case_id}        SK=ATT#{tgt}#{fid}               |
| the links a filing last wrote               | PK=FILING#{id}            SK=LINKS                         |
| an entry / a waiting filing by PACER doc id | PK=PACERDOC#{doc_id}      SK=ENTRY#{case_id} / FILING#{id} |
| the archive's identity (created once)       | PK=ARCHIVE                SK=IDENTITY    (conditional put) |
| ingest workers' heartbeats (GET /health)    | PK=WORKERS                SK={worker_id}                   |

Entries page (`GET /cases/{id}/entries`): one Query on ENTRIES#{case_id} from the cursor, one
range Query on GSI1 CASE#{case_id} between the page's first and last entry numbers for the
documents (`docket_order_range`), one range Query on LINKS#{case_id} for `?links=`: every read
is bounded by the page.

Filing ids are ULIDs: time-ordered, so ties in any sort key break by creation order.
"""
from __future__ import annotations

import hashlib
from typing import Any

META = "META"

CHANGE_BUCKET_SIZE = 10_000
TERM_SHARDS = 4  # a common term's postings spread over 4 partitions, read in parallel


FILING_PREFIX = "FILING#"  # partition of one filing (its META item, index manifest, text)
DOCKET_REPORT_PREFIX = "DOCKETRPT#"  # partition of one docket report upload


def filing(filing_id: str) -> dict[str, str]:
    return {"PK": f"{FILING_PREFIX}{filing_id}", "SK": META}


def sha_lock(sha256: str) -> dict[str, str]:
    return {"PK": f"SHA#{sha256.lower()}", "SK": "LOCK"}


def sha_of_lock(item: dict[str, Any]) -> str:
    """The SHA-256 a `sha_lock` item reserves."""
    return str(item["PK"]).removeprefix("SHA#")


def case(case_id: str) -> dict[str, str]:
    return {"PK": f"CASE#{case_id}", "SK": META}


DOCKET_ORDER_PREFIX = "D#"  # a case's filings on GSI1, in docket order


def docket_order(document_number: str | None, attachment_number: int | None, filing_id: str) -> str:
    """Sort key that orders a docket: entry number, then attachment, then arrival.

    Entries print as "144", "144-2", "28.1" or long appellate ids; the numeric head is padded,
    filings without a number sort last (by arrival).
    """
    head = 9_999_999_999
    if document_number:
        digits = ""
        for ch in document_number:
            if ch.isdigit():
                digits += ch
            elif digits:
                break
        if digits:
            head = min(int(digits), 9_999_999_998)
    return f"{DOCKET_ORDER_PREFIX}{head:010d}#{(attachment_number or 0):04d}#{filing_id}"


def docket_order_head(sort_key: str) -> str:
    """The entry-number part of a `docket_order` sort key (filings of one entry share it)."""
    return sort_key.removeprefix(DOCKET_ORDER_PREFIX).split("#", 1)[0]


def case_filings_index(case_id: str) -> str:
    return f"CASE#{case_id}"


def status_index(status: str) -> str:
    """GSI2 partition of the filings in one status other than `ready` (a sparse index: ready
    filings, nearly all of them, carry no GSI2 key; `GET /filings` lists them from the search
    index instead). `failed` is how operators find what needs reprocessing."""
    return f"STATUS#{status}"


def status_sort_key(updated_at: str, filing_id: str) -> str:
    return f"{updated_at}#{filing_id}"


def docket_core_index(core: str) -> str:
    return f"DKT#{core}"


def docket_core_sort_key(court_id: str | None, case_id: str) -> str:
    """Cases sharing a docket core, grouped by court (`unk`: a case whose court is not known)."""
    return f"{court_id or 'unk'}#{case_id}"


def court_index(court_id: str) -> str:
    return f"COURT#{court_id}"


def case_name_token(token: str, case_id: str) -> dict[str, str]:
    return {"PK": f"CNAME#{token[:2]}", "SK": f"{token}#{case_id}"}


def case_name_bucket(prefix: str) -> str:
    return f"CNAME#{prefix[:2]}"


def term_shard(term: str, filing_id: str) -> int:
    return int(hashlib.blake2b(filing_id.encode(), digest_size=2).hexdigest(), 16) % TERM_SHARDS


SEALED_SUFFIX = "#sealed"


def term_partition(term: str, shard: int, sealed: bool = False) -> str:
    """Sealed filings' postings live in lists of their own, so a viewer without `sealed:read`
    never reads them (nor counts them in a score's statistics)."""
    return f"TERM#{term}#{shard}{SEALED_SUFFIX}" if sealed else f"TERM#{term}#{shard}"


def is_sealed_term_partition(partition: str) -> bool:
    """Whether a partition holds sealed filings' postings (the local index keeps them apart)."""
    return partition.startswith("TERM#") and partition.endswith(SEALED_SUFFIX)


MAX_IMPACT = 999_999


def posting_sort_key(impact: int, filing_id: str) -> str:
    """Impact ordered: the highest-impact postings sort first in each list."""
    impact = max(0, min(impact, MAX_IMPACT))
    return f"{MAX_IMPACT - impact:06d}#{filing_id}"


def parse_posting_sort_key(sort_key: str) -> tuple[int, str]:
    """(impact, filing id) from `posting_sort_key`."""
    inverse, _, filing_id = sort_key.partition("#")
    return MAX_IMPACT - int(inverse), filing_id


def posting(term: str, impact: int, filing_id: str, sealed: bool = False) -> dict[str, str]:
    return {"PK": term_partition(term, term_shard(term, filing_id), sealed),
            "SK": posting_sort_key(impact, filing_id)}


def field_partition(name: str, value: str) -> str:
    return f"FIELD#{name}#{value}"


NO_DATE = "0000-00-00"
LAST_POSITION = "~"  # sorts after every field sort key


def field_sort_key(date_filed: str | None, filing_id: str | None = None) -> str:
    """Date ordered; without an id, the lowest key of that date (`+ "#~"` is past its last)."""
    return f"{date_filed or NO_DATE}#{filing_id}" if filing_id is not None else (date_filed or NO_DATE)


def parse_field_sort_key(sort_key: str) -> tuple[str, str]:
    """(date filed, filing id) from `field_sort_key`."""
    date_filed, _, filing_id = sort_key.partition("#")
    return date_filed, filing_id


def field_posting(name: str, value: str, date_filed: str | None, filing_id: str) -> dict[str, str]:
    return {"PK": field_partition(name, value), "SK": field_sort_key(date_filed, filing_id)}


def facet_counter(name: str, value: str) -> dict[str, str]:
    return {"PK": f"FACET#{name}#{value}", "SK": "COUNTS"}


def filing_index_manifest(filing_id: str) -> dict[str, str]:
    return {"PK": f"{FILING_PREFIX}{filing_id}", "SK": "INDEX"}


def filing_text_chunk(filing_id: str, n: int = 0) -> dict[str, str]:
    return {"PK": f"{FILING_PREFIX}{filing_id}", "SK": f"TEXT#{n:04d}"}


def filing_id_of(partition: str) -> str:
    """The filing id of any item in a filing's partition (`FILING#{id}`)."""
    return partition.split("#", 1)[1]


def change_sequence() -> dict[str, str]:
    return {"PK": "COUNTER#changes", "SK": "COUNTER"}


def change_bucket(seq: int) -> int:
    return seq // CHANGE_BUCKET_SIZE


def change(seq: int) -> dict[str, str]:
    return {"PK": f"CHANGES#{change_bucket(seq)}", "SK": f"{seq:012d}"}


def change_partition(bucket: int) -> str:
    return f"CHANGES#{bucket}"


def archive_identity() -> dict[str, str]:
    return {"PK": "ARCHIVE", "SK": "IDENTITY"}


def idempotency(key: str) -> dict[str, str]:
    digest = hashlib.sha256(key.encode()).hexdigest()
    return {"PK": f"IDEM#{digest}", "SK": "IDEM"}


def api_key(key_id: str) -> dict[str, str]:
    return {"PK": f"APIKEY#{key_id}", "SK": META}


API_KEYS_INDEX = "APIKEYS"


def audit_partition(filing_id: str | None) -> str:
    """A filing's audit events (`-`: events about no one filing)."""
    return f"AUDIT#{filing_id or '-'}"


def audit(filing_id: str | None, timestamp: str, event_id: str) -> dict[str, str]:
    return {"PK": audit_partition(filing_id), "SK": f"{timestamp}#{event_id}"}


def audit_day_index(day: str) -> str:
    return f"AUDIT#{day}"


def docket_report(report_id: str) -> dict[str, str]:
    return {"PK": f"{DOCKET_REPORT_PREFIX}{report_id}", "SK": META}


def docket_report_sha(sha256: str) -> dict[str, str]:
    return {"PK": f"DOCKETSHA#{sha256.lower()}", "SK": "LOCK"}


def case_docket(case_id: str) -> dict[str, str]:
    return {"PK": f"CASE#{case_id}", "SK": "DOCKET"}


def entries_partition(case_id: str) -> str:
    return f"ENTRIES#{case_id}"


ENTRY_PLACE_PREFIX = "E#"  # every entry of a case's partition; nothing else there starts so


def entry_place(order: int, sub: int) -> str:
    """Sort key of an entry: its number's head, then 0 (numbered) or 1, 2, … (unnumbered after it)."""
    return f"{ENTRY_PLACE_PREFIX}{order:010d}#{sub:04d}"


def entry(case_id: str, order: int, sub: int) -> dict[str, str]:
    return {"PK": entries_partition(case_id), "SK": entry_place(order, sub)}


def docket_order_range(first: int, last: int | None) -> tuple[str, str]:
    """GSI1 sort-key bounds holding every filing of entries `first`..`last` (None: to the end)."""
    p = DOCKET_ORDER_PREFIX
    hi = f"{p}{last:010d}#~" if last is not None else f"{p}9999999998#~"
    return f"{p}{first:010d}#", hi


def links_partition(case_id: str) -> str:
    return f"LINKS#{case_id}"


def _slot(order: int | None, attachment: int | None) -> str:
    return f"{(order if order is not None else 9_999_999_999):010d}#{(attachment or 0):04d}"


def link_out(case_id: str, src_order: int | None, src_att: int | None, filing_id: str,
             tgt_order: int, tgt_att: int, kind: str) -> dict[str, str]:
    return {"PK": links_partition(case_id),
            "SK": f"OUT#{_slot(src_order, src_att)}#{filing_id}#{_slot(tgt_order, tgt_att)}#{kind}"}


def link_in(case_id: str, tgt_order: int, tgt_att: int, filing_id: str, kind: str) -> dict[str, str]:
    return {"PK": links_partition(case_id), "SK": f"IN#{_slot(tgt_order, tgt_att)}#{filing_id}#{kind}"}


def link_attachment(case_id: str, tgt_order: int, tgt_att: int, filing_id: str) -> dict[str, str]:
    """A reference to an attachment ("ECF No. 59-20"): the entries page lists the slot from it."""
    return {"PK": links_partition(case_id), "SK": f"ATT#{_slot(tgt_order, tgt_att)}#{filing_id}"}


def links_out_prefix(src_order: int | None, src_att: int | None, filing_id: str) -> str:
    return f"OUT#{_slot(src_order, src_att)}#{filing_id}#"


def links_in_prefix(tgt_order: int, tgt_att: int | None = None) -> str:
    """Links into one document (`tgt_att` given) or into every document of an entry (None)."""
    return f"IN#{tgt_order:010d}#" + (f"{tgt_att:04d}#" if tgt_att is not None else "")


def links_range(direction: str, first: int, last: int) -> tuple[str, str]:
    """Sort-key bounds of the OUT or IN links of entries `first`..`last`."""
    return f"{direction}#{first:010d}#", f"{direction}#{last:010d}#~"


def filing_links_manifest(filing_id: str) -> dict[str, str]:
    return {"PK": f"{FILING_PREFIX}{filing_id}", "SK": "LINKS"}


def pacer_doc_partition(doc_id: str) -> str:
    return f"PACERDOC#{doc_id}"


PACER_DOC_ENTRY = "ENTRY#"  # sort-key prefix: the docket entries a PACER document id names
PACER_DOC_FILING = "FILING#"  # sort-key prefix: filings hinted with it, waiting for its report


def pacer_doc_entry(doc_id: str, case_id: str) -> dict[str, str]:
    return {"PK": pacer_doc_partition(doc_id), "SK": f"{PACER_DOC_ENTRY}{case_id}"}


def pacer_doc_filing(doc_id: str, filing_id: str) -> dict[str, str]:
    return {"PK": pacer_doc_partition(doc_id), "SK": f"{PACER_DOC_FILING}{filing_id}"}


WORKERS_PARTITION = "WORKERS"


def worker_heartbeat(worker_id: str) -> dict[str, str]:
    return {"PK": WORKERS_PARTITION, "SK": worker_id}


def strip(item: dict[str, Any]) -> dict[str, Any]:
    """An item without its key attributes: what the repositories hand to services."""
    return {
        k: v
        for k, v in item.items()
        if k not in ("PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK")
    }
