"""Reading the search index: `PostingReader` over the archive table (Query, Get, BatchGet only).

Every read is one key range or one key: a term list page (impact order), a FIELD list page
(date order, read backwards from a position), a counter item, exact FIELD posting keys for
multi-valued filters, the filing items, and snippet text items.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from chalicelib.adapters import dynamo, filings_repo, keys
from chalicelib.adapters.search_manifest import unpack_text
from chalicelib.domain.models import FilingRecord
from chalicelib.domain.search.model import FieldPosting, TermPosting

ATTRS = ("c", "t", "d", "k", "n", "a")


def _blob(value: Any) -> bytes:
    return bytes(getattr(value, "value", value) or b"")


def term_posting(item: dict[str, Any]) -> TermPosting:
    impact, filing_id = keys.parse_posting_sort_key(item["SK"])
    return TermPosting(filing_id=filing_id, impact=impact, attrs={a: item[a] for a in ATTRS if a in item},
                       next_words=_blob(item.get("nx")), prev_words=_blob(item.get("pv")))


def field_posting(item: dict[str, Any]) -> FieldPosting:
    date_filed, filing_id = keys.parse_field_sort_key(item["SK"])
    return FieldPosting(filing_id=filing_id, date=date_filed, sealed=bool(item.get("s")),
                        attrs={a: item[a] for a in ATTRS if a in item})


class DynamoPostingReader:
    shards = keys.TERM_SHARDS

    def term_page(self, term: str, shard: int, sealed: bool, limit: int,
                  start: Any | None) -> tuple[list[TermPosting], Any | None]:
        items, last = dynamo.query_page(keys.term_partition(term, shard, sealed), limit=limit, start_key=start)
        return [term_posting(i) for i in items], last

    def field_page(self, name: str, value: str, after: str | None, before: str | None,
                   upto: tuple[str, str] | None, limit: int, start: Any | None) -> tuple[list[FieldPosting], Any | None]:
        bounds = [keys.LAST_POSITION]
        if before:
            bounds.append(keys.field_sort_key(before) + "#" + keys.LAST_POSITION)
        if upto:
            bounds.append(keys.field_sort_key(*upto))
        top, bottom = min(bounds), keys.field_sort_key(after) if after else "0"
        items, last = dynamo.query_page(
            keys.field_partition(name, value), sk_condition="#sk BETWEEN :lo AND :hi",
            sk_values={":lo": bottom, ":hi": top}, forward=False, limit=limit, start_key=start,
        )
        if upto is not None:
            cut = keys.field_sort_key(*upto)
            items = [i for i in items if i["SK"] < cut]
        return [field_posting(i) for i in items], last

    def counts(self, name: str, value: str) -> dict[str, int] | None:
        item = dynamo.get(keys.facet_counter(name, value))
        return {k: v for k, v in item.items() if isinstance(v, int)} if item else None

    def members(self, wanted: list[tuple[str, str]], filing_dates: dict[str, str]) -> set[str]:
        if not wanted or not filing_dates:
            return set(filing_dates)
        found = dynamo.batch_get([keys.field_posting(n, v, d, fid) for fid, d in filing_dates.items() for n, v in wanted])
        have = Counter(keys.parse_field_sort_key(i["SK"])[1] for i in found)
        return {fid for fid in filing_dates if have[fid] == len(wanted)}

    def filings(self, filing_ids: list[str]) -> dict[str, FilingRecord]:
        return filings_repo.get_many(filing_ids)

    def texts(self, filing_ids: list[str]) -> dict[str, str]:
        items = dynamo.batch_get([keys.filing_text_chunk(fid) for fid in filing_ids])
        return {keys.filing_id_of(i["PK"]): unpack_text(i) for i in items}
