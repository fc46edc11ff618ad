"""Client hints versus what the PDF says: hints win, every disagreement becomes a warning.

The best-known peer trusts client metadata blindly and files wrong documents on wrong docket
entries; we keep the client's word but say where the PDF disagrees ("hint says document 133,
stamp says 144"), so a wrong upload is visible instead of silent.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain.docket_numbers import parse_docket_number

HINTED_FIELDS = (
    ("court", "court_id"),
    ("docket_number", "docket_number"),
    ("document_number", "document_number"),
    ("attachment_number", "attachment_number"),
    ("date_filed", "date_filed"),
    ("title", "title"),
    ("document_type", "document_type"),
)


def _same(field: str, hinted: Any, found: Any) -> bool:
    if field == "docket_number":
        a, b = parse_docket_number(str(hinted)), parse_docket_number(str(found))
        if a and b:
            return a.core == b.core
    if field == "title":
        return " ".join(str(hinted).lower().split()) == " ".join(str(found).lower().split())
    if isinstance(hinted, date) or isinstance(found, date):
        return str(hinted) == str(found)
    return str(hinted).strip().lower() == str(found).strip().lower()


def merge_hints(found: dict[str, Any], hints: dict[str, Any]) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """Returns (merged fields, warnings, sources) for the hinted fields."""
    merged: dict[str, Any] = {}
    warnings: list[str] = []
    sources: dict[str, str] = {}
    for hint_name, field in HINTED_FIELDS:
        hinted = hints.get(hint_name)
        pdf_value = found.get(field)
        if hinted is None:
            merged[field] = pdf_value
            continue
        if isinstance(pdf_value, date) and isinstance(hinted, str):
            hinted = date.fromisoformat(hinted)
        merged[field] = hinted
        sources[field] = "hint"
        if pdf_value not in (None, "") and not _same(field, hinted, pdf_value):
            warnings.append(f"{field}: hint says {hinted!s}, the PDF says {pdf_value!s}")
    return merged, warnings, sources
