"""The index manifest and the items one filing's index consists of.

The manifest (PK=FILING#{id} SK=INDEX) records what was written for a filing — terms with
impacts (zlib-packed: thousands of terms in a few KB), FIELD values, counters, the seal it was
filed under, whether it has snippet text — and a generation number, so re-indexing deletes
exactly what the new version no longer has and counts are adjusted once. Stale keys are kept as
`pending` until deleted, so a crash between writing and cleaning up is finished by the next call.
"""
from __future__ import annotations

import json
import zlib
from typing import Any

from chalicelib.adapters import keys
from chalicelib.domain.search.document import IndexedDocument

PENDING_MAX_CHARS = 150_000  # beyond this the stale list is not recorded (the item must fit)


def _blob(value: Any) -> bytes:
    return bytes(getattr(value, "value", value) or b"")


def pack_terms(terms: dict[str, int]) -> bytes:
    return zlib.compress("\n".join(f"{t} {i}" for t, i in terms.items()).encode(), 6)


def unpack_terms(packed: Any) -> dict[str, int]:
    if isinstance(packed, str):  # written before the terms were compressed
        text = packed
    else:
        raw = _blob(packed)
        text = zlib.decompress(raw).decode() if raw else ""
    out = {}
    for line in text.splitlines():
        term, _, impact = line.rpartition(" ")
        out[term] = int(impact)
    return out


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode(), 6)


def unpack_text(item: dict[str, Any]) -> str:
    if "z" in item:
        return zlib.decompress(_blob(item["z"])).decode()
    return item.get("text", "")


def manifest_item(doc: IndexedDocument, gen: int, pending: list[list[str]] | None) -> dict[str, Any]:
    item = {
        **keys.filing_index_manifest(doc.filing_id), "item_type": "search_manifest",
        "filing_id": doc.filing_id, "gen": gen, "sealed": doc.sealed, "attrs": doc.attrs,
        "terms": pack_terms(doc.terms), "fields": [list(f) for f in doc.fields],
        "counters": [list(c) for c in doc.counters], "facet": doc.facet, "chunks": 1 if doc.text else 0,
    }
    if pending:
        packed = json.dumps(pending, separators=(",", ":"))
        if len(packed) < PENDING_MAX_CHARS:
            item["pending"] = packed
    return item


def doc_from_manifest(item: dict[str, Any]) -> tuple[IndexedDocument, int]:
    """The document as indexed (without text and neighbours) and its number of text items."""
    doc = IndexedDocument(
        filing_id=item["filing_id"], sealed=bool(item.get("sealed")), attrs=item.get("attrs") or {},
        terms=unpack_terms(item.get("terms", "")),
        fields=tuple(tuple(f) for f in item.get("fields", [])),  # type: ignore[misc]
        counters=tuple(tuple(c) for c in item.get("counters", [])),  # type: ignore[misc]
        facet=item.get("facet") or {},
    )
    return doc, int(item.get("chunks", 0))


def term_keys(doc: IndexedDocument, sealed: bool | None = None) -> list[dict[str, str]]:
    side = doc.sealed if sealed is None else sealed
    return [keys.posting(t, i, doc.filing_id, side) for t, i in doc.terms.items()]


def field_keys(doc: IndexedDocument) -> list[dict[str, str]]:
    return [keys.field_posting(n, v, doc.date, doc.filing_id) for n, v in doc.fields]


def text_keys(doc: IndexedDocument, count: int) -> list[dict[str, str]]:
    return [keys.filing_text_chunk(doc.filing_id, n) for n in range(count)]


def all_keys(doc: IndexedDocument, text_items: int) -> list[dict[str, str]]:
    return term_keys(doc) + field_keys(doc) + text_keys(doc, text_items)


def marker(key: dict[str, str]) -> tuple[str, str]:
    return key["PK"], key["SK"]


def posting_items(doc: IndexedDocument) -> list[dict[str, Any]]:
    """Every item of the filing's index except the manifest: term postings (with neighbour
    fingerprints for uncommon words), FIELD postings (with the seal flag), snippet text."""
    out: list[dict[str, Any]] = []
    for key, term in zip(term_keys(doc), doc.terms):
        item = {**key, "item_type": "posting", **doc.attrs}
        after, before = doc.neighbours.get(term, (b"", b""))
        if after:
            item["nx"] = after
        if before:
            item["pv"] = before
        out.append(item)
    out += [{**k, "item_type": "field_posting", **doc.attrs, "f": doc.filing_id, "s": doc.sealed}
            for k in field_keys(doc)]
    if doc.text:
        out.append({**keys.filing_text_chunk(doc.filing_id), "item_type": "search_text", "z": pack_text(doc.text)})
    return out
